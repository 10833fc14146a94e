package tree

import (
	"math"
	"strconv"
)

// niceThreshold picks the split value between two consecutive distinct
// training values a < b. Any t with a <= t < b sends exactly the same
// training rows left (x <= t), so instead of the raw midpoint we take the
// decimal with the fewest significant digits in [a, b), the one closest to
// the midpoint among equally short ones (lower on ties). Rules then read
// "monetary > 1000" rather than "monetary > 1000.35", and because the
// stored threshold is that decimal's float64, the rule text and Predict
// agree exactly.
func niceThreshold(a, b float64) float64 {
	mid := a + (b-a)/2
	mag := max(math.Abs(a), math.Abs(b))
	top := int(math.Floor(math.Log10(mag))) // exponent of the leading digit
	for p := 1; p <= 17; p++ {
		e := top - p + 1
		scale := math.Pow10(e)
		found, best := false, 0.0
		for _, m := range []float64{
			math.Round(mid / scale),                       // nearest to the midpoint
			math.Ceil(a / scale), math.Floor(a/scale) + 1, // smallest at or above a
			math.Floor(b / scale), math.Ceil(b/scale) - 1, // largest below b
		} {
			t := decimal(m, e)
			if t >= a && t < b && (!found || math.Abs(t-mid) < math.Abs(best-mid) ||
				(math.Abs(t-mid) == math.Abs(best-mid) && t < best)) {
				found, best = true, t
			}
		}
		if found {
			return best
		}
	}
	return a
}

// decimal is the float64 nearest to m × 10^e, parsed from text so that its
// shortest representation is exactly that decimal.
func decimal(m float64, e int) float64 {
	t, err := strconv.ParseFloat(strconv.FormatFloat(m, 'f', 0, 64)+"e"+strconv.Itoa(e), 64)
	if err != nil {
		return math.NaN() // never in range, so never chosen
	}
	return t
}

// formatNumber renders a threshold for the rule language: plain decimal
// notation, shortest exact representation (no exponent, which a rule
// parser need not accept).
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
