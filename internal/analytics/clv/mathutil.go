package clv

import (
	"fmt"
	"math"

	"strata/internal/model"
)

// logAddExp is ln(e^a + e^b) without overflow; −Inf terms drop out.
func logAddExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	return max(a, b) + math.Log1p(math.Exp(-math.Abs(a-b)))
}

// logSubExp is ln(e^a − e^b) for a ≥ b; −Inf when they are equal (or b > a
// by rounding), which is the right answer for a difference that is zero.
func logSubExp(a, b float64) float64 {
	if b >= a {
		return math.Inf(-1)
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log(-math.Expm1(b-a))
}

// nearOne evaluates f at p, or, when p is within 1e-6 of 1 where f has a
// removable 0/0 singularity (BG/NBD's 1/(a−1), Pareto/NBD's 1/(s−1)), as the
// mean of f at 1 ± 1e-4, which is f(1) to about 1e-8.
func nearOne(p float64, f func(float64) float64) float64 {
	const band, step = 1e-6, 1e-4
	if math.Abs(p-1) >= band {
		return f(p)
	}
	return (f(1-step) + f(1+step)) / 2
}

func errNoRepeats(name string) error {
	return model.Invalid("x", "0", fmt.Sprintf("no repeat purchases in the data: %s's purchase rate cannot be estimated", name))
}
