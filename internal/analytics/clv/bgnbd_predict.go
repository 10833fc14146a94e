package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// PAlive is the probability that a customer with history (x, t_x, T) is
// still alive at T (FHL 2005 note 021). BG/NBD customers can only drop out
// right after a purchase, so a customer with x = 0 is alive with
// probability 1 — a known property of the model, not a bug.
func (m BGNBD) PAlive(x, tx, T float64) float64 {
	if x == 0 {
		return 1
	}
	l := math.Log(m.A) - math.Log(m.B+x-1) + (m.R+x)*math.Log1p((T-tx)/(m.Alpha+tx))
	return 1 / (1 + math.Exp(l))
}

// ExpectedIfAlive is the expected number of purchases in the next t periods
// of a customer with x repeat purchases and age T who is known to be alive.
// With λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x) a posteriori this is
//
//	(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))],
//
// the numerator of FHL 2005 eq. 10. It does not depend on t_x.
func (m BGNBD) ExpectedIfAlive(t, x, T float64) float64 {
	if t <= 0 {
		return 0
	}
	return nearOne(m.A, func(a float64) float64 {
		r, alpha, b := m.R, m.Alpha, m.B
		z := t / (alpha + T + t)
		lnF, sign := log2F1(r+x, b+x, a+b+x-1, z)
		lnG := lnF - (r+x)*math.Log1p(t/(alpha+T))
		// 1 − G = −expm1(ln G) keeps its digits when t is small. ₂F₁ is
		// negative only for a+b+x < 1, far from any fitted model.
		oneMinusG := -math.Expm1(lnG)
		if sign < 0 {
			oneMinusG = 1 + math.Exp(lnG)
		}
		return (a + b + x - 1) / (a - 1) * oneMinusG
	})
}

// ExpectedPurchases is the conditional expected number of purchases in the
// next t periods for a customer with history (x, t_x, T) (FHL 2005 eq. 10):
// PAlive(x, t_x, T) · ExpectedIfAlive(t, x, T).
func (m BGNBD) ExpectedPurchases(t, x, tx, T float64) float64 {
	return m.PAlive(x, tx, T) * m.ExpectedIfAlive(t, x, T)
}

// Unconditional is E[X(t)], the expected number of repeat purchases in
// (0, t] of a customer just acquired (FHL 2005 eq. 9). It equals
// ExpectedIfAlive(t, 0, 0).
func (m BGNBD) Unconditional(t float64) float64 { return m.ExpectedIfAlive(t, 0, 0) }

// ProbPurchases is P(X(t) = n), the probability that a customer just
// acquired makes exactly n repeat purchases in (0, t] (FHL 2005 eq. 8).
func (m BGNBD) ProbPurchases(n int, t float64) float64 {
	if n < 0 {
		return 0
	}
	if t <= 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	fn := float64(n)
	lnP0 := -r * math.Log1p(t/alpha) // ln(α/(α+t))
	lnQ := math.Log(t / (alpha + t)) // ln(t/(α+t))
	lgrn, _ := math.Lgamma(r + fn)
	lgr, _ := math.Lgamma(r)
	lgn1, _ := math.Lgamma(fn + 1)
	lbab := lbeta(a, b)
	// Alive through (0, t]: negative binomial count, survival B(a, b+n)/B(a, b).
	p := math.Exp(lbeta(a, b+fn) - lbab + lgrn - lgr - lgn1 + lnP0 + fn*lnQ)
	if n > 0 {
		// Dropped out after the n-th purchase, which happened before t:
		// B(a+1, b+n−1)/B(a, b) · P(NB(r, α/(α+t)) ≥ n).
		tail := mathext.RegIncBeta(fn, r, t/(alpha+t))
		p += math.Exp(lbeta(a+1, b+fn-1)-lbab) * tail
	}
	return p
}

func lbeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}
