package clv

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"

	"strata/internal/model"
)

// GammaGamma is a fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005,
// "RFM and CLV"; Fader & Hardie note 025): a customer's transaction values
// are Gamma(p, ν) with ν ~ Gamma(q, v) across customers, independent of the
// purchase process.
type GammaGamma struct {
	P, Q, V float64
	// SE holds the standard errors of P, Q, V (NaN when the Hessian at the
	// optimum is not positive definite).
	SE [3]float64
	// LogLik is the maximised total log-likelihood.
	LogLik float64
	// N is the number of customers fitted: those with x > 0 and zbar > 0.
	N int
	// Skipped counts customers with x > 0 but zbar ≤ 0 (e.g. repeat days
	// whose returns cancel their sales), which the model cannot represent.
	Skipped int
}

// FitGammaGamma fits the spend model to customers' repeat-purchase counts x
// and mean repeat values zbar. Customers with x = 0 carry no spend
// information and are ignored, as are (counted in Skipped) those with
// zbar ≤ 0. Customers sharing an x share every lgamma and digamma
// evaluation; the per-customer work is one log.
func FitGammaGamma(x, zbar []float64, opt FitOptions) (GammaGamma, error) {
	if len(x) != len(zbar) {
		return GammaGamma{}, model.Invalid("zbar", fmt.Sprint(len(zbar)), fmt.Sprintf("must have one value per customer (%d)", len(x)))
	}
	lik := &ggLik{}
	xIdx := map[float64]int{}
	skipped := 0
	for i := range x {
		xi, m := x[i], zbar[i]
		if !finite(xi) || xi < 0 || xi != math.Floor(xi) {
			return GammaGamma{}, model.Invalid(fmt.Sprintf("x[%d]", i), ftoa(xi), "must be a non-negative whole number of repeat purchases")
		}
		if !finite(m) {
			return GammaGamma{}, model.Invalid(fmt.Sprintf("zbar[%d]", i), ftoa(m), "must be a finite mean value")
		}
		if xi == 0 {
			continue
		}
		if m <= 0 {
			skipped++
			continue
		}
		k, ok := xIdx[xi]
		if !ok {
			k = len(lik.xs)
			xIdx[xi] = k
			lik.xs, lik.nx = append(lik.xs, xi), append(lik.nx, 0)
		}
		lik.nx[k]++
		lik.x, lik.xm = append(lik.x, xi), append(lik.xm, xi*m)
		lik.sumLnM += math.Log(m)
		lik.sumXLnM += xi * math.Log(m)
		lik.sumM += m
	}
	n := float64(len(lik.x))
	if n == 0 {
		return GammaGamma{}, model.Invalid("x", "", "no customer with a repeat purchase of positive value: the spend model has no data")
	}
	for i, xv := range lik.xs {
		lik.sumXLnX += lik.nx[i] * xv * math.Log(xv)
	}
	mm := &mle{
		model: "Gamma-Gamma",
		nll:   func(th []float64) float64 { return -lik.eval(th, nil) / n },
		grad: func(g, th []float64) {
			lik.eval(th, g)
			for i := range g {
				g[i] /= -n
			}
		},
		n: n,
	}
	// p = 1, q = 2 puts the population mean v·p/(q−1) at v: start v there.
	res, err := mm.fit([]float64{1, 2, lik.sumM / n}, opt)
	if err != nil {
		return GammaGamma{}, err
	}
	p := res.params
	return GammaGamma{
		P: p[0], Q: p[1], V: p[2],
		SE:     [3]float64{res.se[0], res.se[1], res.se[2]},
		LogLik: res.logLik, N: int(n), Skipped: skipped,
	}, nil
}

// ExpectedSpend is the conditional expected mean transaction value of a
// customer with x repeat purchases of mean value zbar (note 025 eq. 5):
// a weighted mean of the population mean v·p/(q−1) and zbar,
//
//	p·(v + x·zbar) / (p·x + q − 1).
//
// It is NaN where that mean does not exist (p·x + q ≤ 1; for x = 0, q ≤ 1).
func (g GammaGamma) ExpectedSpend(x, zbar float64) float64 {
	den := g.P*x + g.Q - 1
	if den <= 0 {
		return math.NaN()
	}
	return g.P * (g.V + x*zbar) / den
}

// LogLikelihood is the log-density of one customer's mean repeat value zbar
// given x (note 025 eq. 1a).
func (g GammaGamma) LogLikelihood(x, zbar float64) float64 {
	p, q, v := g.P, g.Q, g.V
	px := p * x
	l1, _ := math.Lgamma(px + q)
	l2, _ := math.Lgamma(px)
	l3, _ := math.Lgamma(q)
	return l1 - l2 - l3 + q*math.Log(v) + (px-1)*math.Log(zbar) + px*math.Log(x) - (px+q)*math.Log(x*zbar+v)
}

// ggLik is the Gamma-Gamma log-likelihood split into per-x sums (lgamma,
// digamma) and per-customer terms (one log of x·zbar + v).
type ggLik struct {
	xs, nx          []float64 // distinct x and their counts
	x, xm           []float64 // per customer: x and x·zbar
	sumLnM, sumXLnM float64
	sumXLnX, sumM   float64
}

func (l *ggLik) eval(th []float64, grad []float64) float64 {
	p, q, v := math.Exp(th[0]), math.Exp(th[1]), math.Exp(th[2])
	lnV := math.Log(v)
	lgq, _ := math.Lgamma(q)
	var psiQ float64
	if grad != nil {
		psiQ = mathext.Digamma(q)
	}
	ll := p*l.sumXLnM - l.sumLnM + p*l.sumXLnX
	var gp, gq, gv float64
	gp = l.sumXLnM + l.sumXLnX
	for k, xv := range l.xs {
		n := l.nx[k]
		px := p * xv
		l1, _ := math.Lgamma(px + q)
		l2, _ := math.Lgamma(px)
		ll += n * (l1 - l2 - lgq + q*lnV)
		if grad != nil {
			psiPXQ := mathext.Digamma(px + q)
			gp += n * xv * (psiPXQ - mathext.Digamma(px))
			gq += n * (psiPXQ - psiQ + lnV)
			gv += n * q / v
		}
	}
	acc := parallelSums(len(l.x), 4, func(lo, hi int, acc []float64) {
		var sumW, sumXL, sumL, sumInv float64
		for i := lo; i < hi; i++ {
			xv := l.x[i]
			den := l.xm[i] + v
			lg := math.Log(den)
			w := p*xv + q
			sumW += w * lg
			if grad != nil {
				sumXL += xv * lg
				sumL += lg
				sumInv += w / den
			}
		}
		acc[0], acc[1], acc[2], acc[3] = sumW, sumXL, sumL, sumInv
	})
	sumW, sumXL, sumL, sumInv := acc[0], acc[1], acc[2], acc[3]
	ll -= sumW
	if grad != nil {
		gp -= sumXL
		gq -= sumL
		gv -= sumInv
		grad[0], grad[1], grad[2] = p*gp, q*gq, v*gv
	}
	return ll
}
