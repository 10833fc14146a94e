package demo

import (
	"math"
	"time"

	"strata/internal/model"
)

// Defaults and bounds of Options.
const (
	// DefaultCustomers is the number of customers when Options.Customers is 0.
	DefaultCustomers = 2000
	// DefaultYears is the order history length when Options.Years is 0.
	DefaultYears = 2.5
	// MinYears and MaxYears bound Options.Years. Below about 1.5 years the
	// churned and won-back archetypes lose part of their history (their
	// active period starts before the history does).
	MinYears = 0.5
	MaxYears = 20
)

// Options parameterise one generated business. The zero value is not usable:
// End is required because the package never reads the clock.
type Options struct {
	// Customers is how many customers to generate; 0 means DefaultCustomers.
	Customers int
	// Seed selects the business; any value, 0 included, is a valid seed.
	Seed uint64
	// End is the last day of data, read as a date in Location; callers pass
	// "today" in the business zone. Nothing is dated after that day.
	End time.Time
	// Years is the length of the order history; 0 means DefaultYears.
	Years float64
	// Location is the business time zone that sets day boundaries, local
	// shopping hours and order-number dates; nil means Asia/Shanghai.
	Location *time.Location
}

// resolved returns o with defaults filled in, or a *model.ValidationError.
func (o Options) resolved() (Options, error) {
	if o.Customers < 0 {
		return o, model.Invalid("customers", "", "must not be negative")
	}
	if o.Customers == 0 {
		o.Customers = DefaultCustomers
	}
	if o.End.IsZero() {
		return o, model.Invalid("end", "", "is required (the last day of data)")
	}
	if o.Years == 0 {
		o.Years = DefaultYears
	}
	if math.IsNaN(o.Years) || o.Years < MinYears || o.Years > MaxYears {
		return o, model.Invalid("years", "", "must be between 0.5 and 20")
	}
	if o.Location == nil {
		o.Location = shanghai()
	}
	return o, nil
}

// shanghai is the default business zone. China has kept UTC+8 without
// daylight saving since 1991, so the fixed fallback (for systems without a
// zone database) yields the same instants for every date we generate.
func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}
