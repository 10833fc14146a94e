package clv

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"strata/internal/model"
)

// SimulationOptions shapes a synthetic cohort in day units.
type SimulationOptions struct {
	// Customers is the cohort size.
	Customers int
	// Days is the calibration window: first purchases fall uniformly on its
	// days 0 … Days−1 and the calibration ends with day Days−1.
	Days int
	// HoldoutDays, when positive, follows the calibration window; purchase
	// days there are counted in XStar.
	HoldoutDays int
	// Seed makes the cohort reproducible.
	Seed uint64
	// Continuous keeps exact purchase times (first purchases uniform in
	// [0, Days), no day rounding, no same-day merging): the model's own
	// sampling distribution, for checking estimators without discretisation
	// bias.
	Continuous bool
}

// SimulateBGNBD draws a cohort from the BG/NBD generative process with
// parameters m (α in days): λ ~ Gamma(r, α), p ~ Beta(a, b), purchases at
// Poisson rate λ from a first purchase at the start of the first day, and
// after each repeat purchase the customer drops out with probability p.
// Purchase times are cut to whole days and same-day purchases merged, as
// Summarize does with real data. When gg has positive parameters each
// customer's mean repeat value is drawn from the Gamma-Gamma model
// (ν ~ Gamma(q, v), zbar ~ Gamma(p·x, ν·x)); otherwise Zbar is 0. It is
// meant for tests and benchmarks, and returns a Summary in Days.
func SimulateBGNBD(m BGNBD, gg GammaGamma, opt SimulationOptions) (Summary, error) {
	switch {
	case opt.Customers < 1:
		return Summary{}, model.Invalid("customers", fmt.Sprint(opt.Customers), "must be at least 1")
	case opt.Days < 1:
		return Summary{}, model.Invalid("days", fmt.Sprint(opt.Days), "must be at least 1")
	case opt.HoldoutDays < 0:
		return Summary{}, model.Invalid("holdout_days", fmt.Sprint(opt.HoldoutDays), "must not be negative")
	}
	for _, v := range []float64{m.R, m.Alpha, m.A, m.B} {
		if !finite(v) || v <= 0 {
			return Summary{}, model.Invalid("bgnbd", fmt.Sprintf("%+v", m), "parameters must be positive")
		}
	}
	withSpend := gg.P > 0 && gg.Q > 0 && gg.V > 0
	src := rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)
	rng := rand.New(src)
	lambdaDist := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: src}
	pDist := distuv.Beta{Alpha: m.A, Beta: m.B, Src: src}
	nuDist := distuv.Gamma{Alpha: gg.Q, Beta: gg.V, Src: src}
	calEnd := float64(opt.Days)                   // end of the last calibration day
	obsEnd := float64(opt.Days + opt.HoldoutDays) // end of the last holdout day
	n := opt.Customers
	s := Summary{
		Customer: make([]int32, n), X: make([]float64, n), Tx: make([]float64, n),
		T: make([]float64, n), Zbar: make([]float64, n), XStar: make([]float64, n),
	}
	for i := range n {
		birth := float64(rng.IntN(opt.Days))
		if opt.Continuous {
			birth += rng.Float64()
		}
		lambda, p := lambdaDist.Rand(), pDist.Rand()
		x, xStar, lastCal, lastDay := 0, 0, birth, birth
		for t := birth; ; {
			t += rng.ExpFloat64() / lambda
			if t >= obsEnd || math.IsInf(t, 0) {
				break
			}
			day := t
			if !opt.Continuous {
				day = math.Floor(t)
			}
			if day != lastDay {
				lastDay = day
				if t < calEnd {
					x++
					lastCal = day
				} else {
					xStar++
				}
			}
			if rng.Float64() < p {
				break
			}
		}
		s.Customer[i] = int32(i)
		s.X[i], s.XStar[i] = float64(x), float64(xStar)
		s.Tx[i], s.T[i] = lastCal-birth, calEnd-1-birth
		if opt.Continuous {
			s.T[i] = calEnd - birth
		}
		if withSpend && x > 0 {
			nu := nuDist.Rand()
			fx := float64(x)
			s.Zbar[i] = distuv.Gamma{Alpha: gg.P * fx, Beta: nu * fx, Src: src}.Rand()
		}
	}
	return s, nil
}
