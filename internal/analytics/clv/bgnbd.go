package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD is a fitted BG/NBD model (Fader, Hardie & Lee 2005, "Counting your
// customers the easy way"): while alive a customer buys at Poisson rate λ ~
// Gamma(r, α), and after each purchase drops out with probability p ~
// Beta(a, b). α is in the time unit of the data it was fitted on.
type BGNBD struct {
	R, Alpha, A, B float64
	// SE holds the standard errors of R, Alpha, A, B (NaN when the Hessian
	// at the optimum is not positive definite).
	SE [4]float64
	// LogLik is the maximised total log-likelihood.
	LogLik float64
	// N is the number of customers fitted.
	N int
}

// FitBGNBD fits BG/NBD by maximum likelihood to customers' (x, t_x, T).
// Identical rows are grouped, so the cost grows with the number of distinct
// rows, not customers. It needs at least one repeat purchase in the data
// (otherwise the purchase rate is not identified).
func FitBGNBD(x, tx, T []float64, opt FitOptions) (BGNBD, error) {
	if err := validateRFM(x, tx, T); err != nil {
		return BGNBD{}, err
	}
	g := groupRFM(x, tx, T)
	return fitBGNBDGroups(g, opt)
}

func fitBGNBDGroups(g *rfmGroups, opt FitOptions) (BGNBD, error) {
	if g.sumX == 0 {
		return BGNBD{}, errNoRepeats("BG/NBD")
	}
	lik := newBGNBDLik(g)
	m := &mle{
		model: "BG/NBD",
		nll:   func(th []float64) float64 { return -lik.eval(th, nil) / g.n },
		grad: func(grad, th []float64) {
			lik.eval(th, grad)
			for i := range grad {
				grad[i] /= -g.n
			}
		},
		n: g.n,
	}
	// Start where a gamma with shape 1 matches the observed repeat rate;
	// a = b = 1 is a flat prior on the dropout probability.
	res, err := m.fit([]float64{1, g.sumT / g.sumX, 1, 1}, opt)
	if err != nil {
		return BGNBD{}, err
	}
	p := res.params
	return BGNBD{
		R: p[0], Alpha: p[1], A: p[2], B: p[3],
		SE:     [4]float64{res.se[0], res.se[1], res.se[2], res.se[3]},
		LogLik: res.logLik, N: int(g.n),
	}, nil
}

// LogLikelihood is the BG/NBD log-likelihood of one customer (FHL 2005
// eq. 6), in log-sum-exp form so that it stays finite for large x and for
// parameters far from the data.
func (m BGNBD) LogLikelihood(x, tx, T float64) float64 {
	r, alpha, a, b := m.R, m.Alpha, m.A, m.B
	lgr, _ := math.Lgamma(r + x)
	lg0, _ := math.Lgamma(r)
	lab, _ := math.Lgamma(a + b)
	lbx, _ := math.Lgamma(b + x)
	lb, _ := math.Lgamma(b)
	labx, _ := math.Lgamma(a + b + x)
	k := lgr - lg0 + r*math.Log(alpha) + lab + lbx - lb - labx
	a3 := -(r + x) * math.Log(alpha+T)
	if x == 0 {
		return k + a3
	}
	a4 := math.Log(a) - math.Log(b+x-1) - (r+x)*math.Log(alpha+tx)
	return k + logAddExp(a3, a4)
}

// bgnbdLik evaluates the grouped log-likelihood and its gradient with respect
// to the log-parameters. Everything that depends only on x (lgamma, digamma)
// or only on t_x or T (logs) is computed once per distinct value; the per-row
// work is one exp and one log1p.
type bgnbdLik struct {
	g                 *rfmGroups
	k, c4             []float64 // per x: constant term; ln a − ln(b+x−1)
	dkr, dka, dkb     []float64 // per x: ∂k/∂r, ∂k/∂a, ∂k/∂b
	lt, it, ltx, itx  []float64 // per T / t_x: ln(α+·), 1/(α+·)
	digR, digAB, digB float64
}

func newBGNBDLik(g *rfmGroups) *bgnbdLik {
	nx := len(g.xs)
	return &bgnbdLik{
		g: g,
		k: make([]float64, nx), c4: make([]float64, nx),
		dkr: make([]float64, nx), dka: make([]float64, nx), dkb: make([]float64, nx),
		lt: make([]float64, len(g.ts)), it: make([]float64, len(g.ts)),
		ltx: make([]float64, len(g.txs)), itx: make([]float64, len(g.txs)),
	}
}

// eval returns the total log-likelihood at log-parameters th and, when grad
// is not nil, stores its gradient with respect to th there.
func (l *bgnbdLik) eval(th []float64, grad []float64) float64 {
	r, alpha, a, b := math.Exp(th[0]), math.Exp(th[1]), math.Exp(th[2]), math.Exp(th[3])
	g := l.g
	wantGrad := grad != nil
	lg0, _ := math.Lgamma(r)
	lab, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(b)
	lnAlpha, lnA := math.Log(alpha), math.Log(a)
	var psiR, psiAB, psiB float64
	if wantGrad {
		psiR, psiAB, psiB = mathext.Digamma(r), mathext.Digamma(a+b), mathext.Digamma(b)
	}
	for i, x := range g.xs {
		lgr, _ := math.Lgamma(r + x)
		lbx, _ := math.Lgamma(b + x)
		labx, _ := math.Lgamma(a + b + x)
		l.k[i] = lgr - lg0 + r*lnAlpha + lab + lbx - lb - labx
		if x > 0 {
			l.c4[i] = lnA - math.Log(b+x-1)
		}
		if wantGrad {
			psiABX := mathext.Digamma(a + b + x)
			l.dkr[i] = mathext.Digamma(r+x) - psiR + lnAlpha
			l.dka[i] = psiAB - psiABX
			l.dkb[i] = psiAB + mathext.Digamma(b+x) - psiB - psiABX
		}
	}
	for i, t := range g.ts {
		l.lt[i], l.it[i] = math.Log(alpha+t), 1/(alpha+t)
	}
	for i, t := range g.txs {
		l.ltx[i], l.itx[i] = math.Log(alpha+t), 1/(alpha+t)
	}
	acc := parallelSums(len(g.w), 5, func(lo, hi int, acc []float64) {
		l.rows(r, a, b, lo, hi, wantGrad, acc)
	})
	ll, gr, gAlpha, ga, gb := acc[0], acc[1], acc[2], acc[3], acc[4]
	for i, n := range g.xw {
		ll += n * l.k[i]
		if wantGrad {
			gr += n * l.dkr[i]
			gAlpha += n * r / alpha
			ga += n * l.dka[i]
			gb += n * l.dkb[i]
		}
	}
	if wantGrad {
		// Chain rule to log-parameters: ∂/∂ln θ = θ·∂/∂θ.
		grad[0], grad[1], grad[2], grad[3] = r*gr, alpha*gAlpha, a*ga, b*gb
	}
	return ll
}

// rows adds the per-row terms of rows [lo, hi) to acc: the log-likelihood
// and the partial derivatives with respect to r, α, a, b.
func (l *bgnbdLik) rows(r, a, b float64, lo, hi int, wantGrad bool, acc []float64) {
	g := l.g
	var ll, gr, gAlpha, ga, gb float64
	for row := lo; row < hi; row++ {
		w := g.w[row]
		xi, ti := g.xi[row], g.ti[row]
		x := g.x[row]
		rx := r + x
		a3 := -rx * l.lt[ti]
		if x == 0 {
			ll += w * a3
			if wantGrad {
				gr -= w * l.lt[ti]
				gAlpha -= w * rx * l.it[ti]
			}
			continue
		}
		txi := g.txi[row]
		a4 := l.c4[xi] - rx*l.ltx[txi]
		// log(e^a3 + e^a4) with weights w3, w4 of the two terms.
		d := a4 - a3
		e := math.Exp(-math.Abs(d))
		ll += w * (max(a3, a4) + math.Log(1+e)) // e ∈ (0, 1]: Log(1+e) is exact to ~1e-16 absolute, and far cheaper than Log1p
		if wantGrad {
			w4 := 1 / (1 + e)
			if d < 0 {
				w4 = e / (1 + e)
			}
			w3 := 1 - w4
			gr -= w * (w3*l.lt[ti] + w4*l.ltx[txi])
			gAlpha -= w * rx * (w3*l.it[ti] + w4*l.itx[txi])
			ga += w * w4 / a
			gb -= w * w4 / (b + x - 1)
		}
	}
	acc[0], acc[1], acc[2], acc[3], acc[4] = ll, gr, gAlpha, ga, gb
}
