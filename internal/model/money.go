package model

import (
	"fmt"
	"strconv"
)

// Money is an exact amount in minor units (fen, cents): 1234 is 12.34.
// Strata never stores money as a float; the currency is a deployment
// setting, not a per-row value.
type Money int64

// String formats m with two decimals and a leading minus for negatives.
func (m Money) String() string {
	neg := m < 0
	v := int64(m)
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v/100, 10) + "." + fmt.Sprintf("%02d", v%100)
	if neg {
		return "-" + s
	}
	return s
}

// Float returns m in major units, for analytics only.
func (m Money) Float() float64 { return float64(m) / 100 }
