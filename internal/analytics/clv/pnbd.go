package clv

import "math"

// ParetoNBD is a fitted Pareto/NBD model (Schmittlein, Morrison & Colombo
// 1987): while alive a customer buys at Poisson rate λ ~ Gamma(r, α) and
// dies after an exponential lifetime with rate μ ~ Gamma(s, β). α and β are
// in the time unit of the data it was fitted on.
type ParetoNBD struct {
	R, Alpha, S, Beta float64
	// SE holds the standard errors of R, Alpha, S, Beta (NaN when the
	// Hessian at the optimum is not positive definite).
	SE [4]float64
	// LogLik is the maximised total log-likelihood.
	LogLik float64
	// N is the number of customers fitted.
	N int
}

// FitParetoNBD fits Pareto/NBD by maximum likelihood to customers'
// (x, t_x, T). Its likelihood has no closed-form gradient (₂F₁ in the
// parameters), so the optimiser uses central differences; identical rows
// and identical ₂F₁ arguments are still evaluated once.
func FitParetoNBD(x, tx, T []float64, opt FitOptions) (ParetoNBD, error) {
	if err := validateRFM(x, tx, T); err != nil {
		return ParetoNBD{}, err
	}
	g := groupRFM(x, tx, T)
	if g.sumX == 0 {
		return ParetoNBD{}, errNoRepeats("Pareto/NBD")
	}
	lik := newPNBDLik(g)
	m := &mle{
		model: "Pareto/NBD",
		nll:   func(th []float64) float64 { return -lik.eval(th) / g.n },
		n:     g.n,
	}
	// r = s = 1 with α matching the observed repeat rate and β the longest
	// observation window (a mean lifetime of that length).
	res, err := m.fit([]float64{1, g.sumT / g.sumX, 1, max(g.maxTime, 1e-3)}, opt)
	if err != nil {
		return ParetoNBD{}, err
	}
	p := res.params
	return ParetoNBD{
		R: p[0], Alpha: p[1], S: p[2], Beta: p[3],
		SE:     [4]float64{res.se[0], res.se[1], res.se[2], res.se[3]},
		LogLik: res.logLik, N: int(g.n),
	}, nil
}

// pnbdTerms holds what the ₂F₁ part of the likelihood needs for one
// parameter vector (Fader & Hardie 2005 note 009, eqs. 19–20): with
// m = max(α, β), d = |α − β| and c = r+x or s+1 (by which of α, β is
// smaller),
//
//	u(τ) = ln ₂F₁(r+s+x, c; r+s+x+1; d/(m+τ)) − (r+s+x)·ln(m+τ),
//
// and ln A₀ = ln(e^u(t_x) − e^u(T)).
type pnbdTerms struct {
	r, alpha, s, beta float64
	m, d              float64
	alphaSmaller      bool
}

func newPNBDTerms(r, alpha, s, beta float64) pnbdTerms {
	return pnbdTerms{
		r: r, alpha: alpha, s: s, beta: beta,
		m: max(alpha, beta), d: math.Abs(alpha - beta), alphaSmaller: alpha < beta,
	}
}

func (p pnbdTerms) u(x, tau float64) float64 {
	rsx := p.r + p.s + x
	c := p.s + 1
	if p.alphaSmaller {
		c = p.r + x
	}
	q := p.m + tau
	lnF, _ := log2F1(rsx, c, rsx+1, p.d/q)
	return lnF - rsx*math.Log(q)
}

// ll combines the pieces into one customer's log-likelihood (note 009
// eq. 18): ln A₁ + ln(e^(alive term) + s/(r+s+x)·A₀).
func (p pnbdTerms) ll(lnA1, x, T, lnA0 float64) float64 {
	alive := -(p.r+x)*math.Log(p.alpha+T) - p.s*math.Log(p.beta+T)
	return lnA1 + logAddExp(alive, math.Log(p.s)+lnA0-math.Log(p.r+p.s+x))
}

func (p pnbdTerms) lnA1(x float64) float64 {
	lgr, _ := math.Lgamma(p.r + x)
	lg0, _ := math.Lgamma(p.r)
	return lgr - lg0 + p.r*math.Log(p.alpha) + p.s*math.Log(p.beta)
}

// LogLikelihood is the Pareto/NBD log-likelihood of one customer.
func (m ParetoNBD) LogLikelihood(x, tx, T float64) float64 {
	p := newPNBDTerms(m.R, m.Alpha, m.S, m.Beta)
	return p.ll(p.lnA1(x), x, T, logSubExp(p.u(x, tx), p.u(x, T)))
}

// pnbdLik evaluates the grouped log-likelihood: ln A₁ once per distinct x,
// u(t_x) once per distinct (x, t_x), u(T) once per distinct (x, T).
type pnbdLik struct {
	g           *rfmGroups
	a1, uTx, uT []float64
}

func newPNBDLik(g *rfmGroups) *pnbdLik {
	g.buildPairs()
	return &pnbdLik{g: g, a1: make([]float64, len(g.xs)), uTx: make([]float64, len(g.pxX)), uT: make([]float64, len(g.pairX))}
}

func (l *pnbdLik) eval(th []float64) float64 {
	g := l.g
	p := newPNBDTerms(math.Exp(th[0]), math.Exp(th[1]), math.Exp(th[2]), math.Exp(th[3]))
	for i, x := range g.xs {
		l.a1[i] = p.lnA1(x)
	}
	parallelFor(len(g.pxX), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			l.uTx[i] = p.u(g.xs[g.pxX[i]], g.txs[g.pxTx[i]])
		}
	})
	parallelFor(len(g.pairX), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			l.uT[i] = p.u(g.xs[g.pairX[i]], g.ts[g.pairT[i]])
		}
	})
	return parallelSums(len(g.w), 1, func(lo, hi int, acc []float64) {
		total := 0.0
		for row := lo; row < hi; row++ {
			lnA0 := logSubExp(l.uTx[g.pairXTx[row]], l.uT[g.xtPairs[row]])
			total += g.w[row] * p.ll(l.a1[g.xi[row]], g.x[row], g.T[row], lnA0)
		}
		acc[0] = total
	})[0]
}

// PAlive is the probability that a customer with history (x, t_x, T) is
// still alive at T (note 009 eq. 37).
func (m ParetoNBD) PAlive(x, tx, T float64) float64 {
	p := newPNBDTerms(m.R, m.Alpha, m.S, m.Beta)
	lnA0 := logSubExp(p.u(x, tx), p.u(x, T))
	l := math.Log(m.S) - math.Log(m.R+m.S+x) + (m.R+x)*math.Log(m.Alpha+T) + m.S*math.Log(m.Beta+T) + lnA0
	return 1 / (1 + math.Exp(l))
}

// ExpectedIfAlive is the expected number of purchases in the next t periods
// of a customer with x repeat purchases and age T known to be alive:
// E[λ]·E[(1 − e^(−μt))/μ] under the posteriors Gamma(r+x, α+T) and
// Gamma(s, β+T),
//
//	(r+x)/(α+T) · (β+T)/(s−1) · [1 − ((β+T)/(β+T+t))^(s−1)],
//
// whose s → 1 limit (r+x)/(α+T)·(β+T)·ln(1 + t/(β+T)) is used near s = 1.
func (m ParetoNBD) ExpectedIfAlive(t, x, T float64) float64 {
	if t <= 0 {
		return 0
	}
	k := m.S - 1
	l := math.Log1p(t / (m.Beta + T))
	f := l // (1 − e^(−k·l))/k → l as k → 0
	if kl := k * l; math.Abs(kl) > 1e-8 {
		f = -math.Expm1(-kl) / k
	} else {
		f = l * (1 - kl/2)
	}
	return (m.R + x) / (m.Alpha + T) * (m.Beta + T) * f
}

// ExpectedPurchases is the conditional expected number of purchases in the
// next t periods for a customer with history (x, t_x, T) (note 009 eq. 41):
// PAlive(x, t_x, T) · ExpectedIfAlive(t, x, T).
func (m ParetoNBD) ExpectedPurchases(t, x, tx, T float64) float64 {
	return m.PAlive(x, tx, T) * m.ExpectedIfAlive(t, x, T)
}

// Unconditional is E[X(t)] for a customer just acquired (note 009 eq. 27),
// ExpectedIfAlive(t, 0, 0).
func (m ParetoNBD) Unconditional(t float64) float64 { return m.ExpectedIfAlive(t, 0, 0) }
