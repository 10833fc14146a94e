package clv

import (
	"fmt"

	"strata/internal/model"
)

// PurchaseModel is a fitted transaction model as CLV and Score use it; BGNBD
// and ParetoNBD implement it. Both factor the conditional expectation as
// PAlive(x, t_x, T) · ExpectedIfAlive(t, x, T), which lets batch scoring
// compute the expensive part once per distinct (x, T).
type PurchaseModel interface {
	PAlive(x, tx, T float64) float64
	ExpectedIfAlive(t, x, T float64) float64
	ExpectedPurchases(t, x, tx, T float64) float64
}

// CLVOptions sets the discounted-CLV sum. All fields are required; start
// from DefaultCLVOptions.
type CLVOptions struct {
	// Months is the horizon H in months (≥ 1).
	Months int
	// MonthlyDiscount is d, the discount rate per month (> −1; 0.01 is
	// about 12.7 % a year).
	MonthlyDiscount float64
	// PeriodsPerMonth is the month length in the model's time unit:
	// Unit.PerMonth() for calendar months, or LifetimesDaysPerMonth /
	// LifetimesWeeksPerMonth to reproduce lifetimes' numbers.
	PeriodsPerMonth float64
}

// DefaultCLVOptions is 12 months at 1 % a month, calendar months of unit u.
func DefaultCLVOptions(u Unit) CLVOptions {
	return CLVOptions{Months: 12, MonthlyDiscount: 0.01, PeriodsPerMonth: u.PerMonth()}
}

// Validate reports what is wrong with o.
func (o CLVOptions) Validate() error {
	switch {
	case o.Months < 1:
		return model.Invalid("months", fmt.Sprint(o.Months), "CLV horizon must be at least one month")
	case !finite(o.MonthlyDiscount) || o.MonthlyDiscount <= -1:
		return model.Invalid("monthly_discount", ftoa(o.MonthlyDiscount), "must be a finite rate above -1")
	case !finite(o.PeriodsPerMonth) || o.PeriodsPerMonth <= 0:
		return model.Invalid("periods_per_month", ftoa(o.PeriodsPerMonth), "must be a positive month length in the model's time unit")
	}
	return nil
}

// CLV is a customer's discounted lifetime value over opt.Months months:
//
//	CLV = spend · Σ_{m=1..H} [E(m·f) − E((m−1)·f)] / (1+d)^m,
//
// with E(t) the conditional expected purchases in the next t periods, f the
// month length and spend the expected value per purchase (usually
// GammaGamma.ExpectedSpend). This is the discrete approximation of lifetimes'
// customer_lifetime_value: each month's expected purchases are valued at the
// end of that month. lifetimes fixes f at 30 periods for daily and 4.345 for
// weekly data (LifetimesDaysPerMonth, LifetimesWeeksPerMonth); here f is the
// caller's choice and defaults to the calendar month.
func CLV(m PurchaseModel, x, tx, T, spend float64, opt CLVOptions) (float64, error) {
	if err := opt.Validate(); err != nil {
		return 0, err
	}
	return spend * m.PAlive(x, tx, T) * clvKernel(m, x, T, opt), nil
}

// clvKernel is Σ_m [h(m·f) − h((m−1)·f)]/(1+d)^m for h = ExpectedIfAlive:
// the part of the CLV sum that does not depend on t_x.
func clvKernel(m PurchaseModel, x, T float64, opt CLVOptions) float64 {
	sum, prev := 0.0, 0.0
	disc := 1.0
	for k := 1; k <= opt.Months; k++ {
		cur := m.ExpectedIfAlive(float64(k)*opt.PeriodsPerMonth, x, T)
		disc /= 1 + opt.MonthlyDiscount
		sum += (cur - prev) * disc
		prev = cur
	}
	return sum
}

// ScoreOptions sets what Score computes.
type ScoreOptions struct {
	// Horizon is the window, in the model's unit, for Scores.Expected
	// (e.g. 90 for the next 90 days).
	Horizon float64
	// CLV sets the CLV sum; used only when a spend model is given.
	CLV CLVOptions
}

// Scores holds per-customer predictions aligned with Score's input rows.
type Scores struct {
	PAlive   []float64 // probability of being alive at T
	Expected []float64 // conditional expected purchases in the next Horizon periods
	Spend    []float64 // expected value per purchase (nil without a spend model)
	CLV      []float64 // discounted CLV (nil without a spend model)
}

// Score predicts every customer at once. PAlive is computed once per
// distinct (x, t_x, T) and the ₂F₁-bearing expectations once per distinct
// (x, T), so a million customers cost what their distinct rows cost. gg may
// be nil (no monetary model); then zbar is not used and Spend and CLV are
// nil.
func Score(m PurchaseModel, gg *GammaGamma, x, tx, T, zbar []float64, opt ScoreOptions) (Scores, error) {
	if err := validateRFM(x, tx, T); err != nil {
		return Scores{}, err
	}
	if !finite(opt.Horizon) || opt.Horizon < 0 {
		return Scores{}, model.Invalid("horizon", ftoa(opt.Horizon), "must be a finite non-negative number of periods")
	}
	if gg != nil {
		if err := opt.CLV.Validate(); err != nil {
			return Scores{}, err
		}
		if len(zbar) != len(x) {
			return Scores{}, model.Invalid("zbar", fmt.Sprint(len(zbar)), fmt.Sprintf("must have one value per customer (%d)", len(x)))
		}
		for i, v := range zbar {
			if !finite(v) {
				return Scores{}, model.Invalid(fmt.Sprintf("zbar[%d]", i), ftoa(v), "must be a finite mean value")
			}
		}
	}
	g := groupRFM(x, tx, T)
	g.buildPairs()
	// Per distinct (x, T): expected purchases if alive, and the CLV kernel.
	hz := make([]float64, len(g.pairX))
	kern := make([]float64, len(g.pairX))
	for p := range g.pairX {
		xv, tv := g.xs[g.pairX[p]], g.ts[g.pairT[p]]
		hz[p] = m.ExpectedIfAlive(opt.Horizon, xv, tv)
		if gg != nil {
			kern[p] = clvKernel(m, xv, tv, opt.CLV)
		}
	}
	alive := make([]float64, len(g.x))
	for r := range g.x {
		alive[r] = m.PAlive(g.x[r], g.tx[r], g.T[r])
	}
	n := len(x)
	s := Scores{PAlive: make([]float64, n), Expected: make([]float64, n)}
	if gg != nil {
		s.Spend, s.CLV = make([]float64, n), make([]float64, n)
	}
	for i, r := range g.rowOf {
		pa, p := alive[r], g.xtPairs[r]
		s.PAlive[i] = pa
		s.Expected[i] = pa * hz[p]
		if gg != nil {
			sp := gg.ExpectedSpend(x[i], zbar[i])
			s.Spend[i] = sp
			s.CLV[i] = sp * pa * kern[p]
		}
	}
	return s, nil
}

// ScoreSummary is Score over a Summary's columns.
func ScoreSummary(m PurchaseModel, gg *GammaGamma, s Summary, opt ScoreOptions) (Scores, error) {
	return Score(m, gg, s.X, s.Tx, s.T, s.Zbar, opt)
}
