package clv

import (
	"math"
	"testing"
)

func TestFitParetoNBDCDNOW(t *testing.T) {
	for _, src := range cdnowSources(t) {
		t.Run(src.name, func(t *testing.T) {
			m, err := FitParetoNBD(src.s.X, src.s.Tx, src.s.T, FitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("r=%.17g alpha=%.17g s=%.17g beta=%.17g", m.R, m.Alpha, m.S, m.Beta)
			t.Logf("SE=%.6g loglik=%.10g", m.SE, m.LogLik)
			// Published CDNOW estimates (BTYD and lifetimes).
			for _, p := range []struct {
				name      string
				got, want float64
			}{{"r", m.R, 0.553}, {"alpha", m.Alpha, 10.578}, {"s", m.S, 0.606}, {"beta", m.Beta, 11.669}} {
				if !within(p.got, p.want, 0.01) {
					t.Errorf("%s = %v, want %v within 1%%", p.name, p.got, p.want)
				}
			}
			for i, se := range m.SE {
				if !(se > 0) || math.IsInf(se, 0) {
					t.Errorf("SE[%d] = %v", i, se)
				}
			}
			// FHL 2005 report the Pareto/NBD log-likelihood -9595.0 on CDNOW.
			if math.Abs(m.LogLik-(-9595.0)) > 0.1 {
				t.Errorf("loglik = %v, want -9595.0", m.LogLik)
			}
		})
	}
}

func TestParetoNBDHoldout(t *testing.T) {
	s := cdnowSummary(t)
	m, err := FitParetoNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var predicted, actual float64
	for i := range s.Len() {
		predicted += m.ExpectedPurchases(39, s.X[i], s.Tx[i], s.T[i])
		actual += s.XStar[i]
	}
	t.Logf("holdout repeat purchases: Pareto/NBD predicted %.1f, actual %.0f", predicted, actual)
	if !within(predicted, actual, 0.15) {
		t.Errorf("predicted %v is not within 15%% of actual %v", predicted, actual)
	}
}

func TestParetoNBDGroupedLikelihoodMatchesPerCustomer(t *testing.T) {
	s := cdnowSummary(t)
	m, err := FitParetoNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for i := range s.Len() {
		sum += m.LogLikelihood(s.X[i], s.Tx[i], s.T[i])
	}
	if math.Abs(sum-m.LogLik) > 1e-8*math.Abs(sum) {
		t.Errorf("sum of per-customer log-likelihoods %v, fitted LogLik %v", sum, m.LogLik)
	}
}

// TestParetoNBDLikelihoodByQuadrature checks the ₂F₁ form of the likelihood
// against its definition, L = Γ(r+x)α^r β^s/Γ(r) · [(α+T)^−(r+x) (β+T)^−s
// + s ∫_{t_x}^T (α+τ)^−(r+x) (β+τ)^−(s+1) dτ], integrated numerically.
func TestParetoNBDLikelihoodByQuadrature(t *testing.T) {
	models := []ParetoNBD{
		{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669},
		{R: 2, Alpha: 30, S: 1.5, Beta: 5},   // α > β: the other ₂F₁ branch
		{R: 0.7, Alpha: 8, S: 1, Beta: 8},    // α = β: z = 0
		{R: 0.1, Alpha: 0.5, S: 3, Beta: 90}, // α ≪ β
	}
	histories := []struct{ x, tx, T float64 }{{1, 2, 38}, {5, 30, 39}, {0, 0, 27}, {12, 1, 52}}
	for _, m := range models {
		for _, h := range histories {
			integral := simpson(func(tau float64) float64 {
				return math.Exp(-(m.R+h.x)*math.Log(m.Alpha+tau) - (m.S+1)*math.Log(m.Beta+tau))
			}, h.tx, h.T, 20000)
			lg1, _ := math.Lgamma(m.R + h.x)
			lg0, _ := math.Lgamma(m.R)
			want := lg1 - lg0 + m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta) +
				math.Log(math.Exp(-(m.R+h.x)*math.Log(m.Alpha+h.T)-m.S*math.Log(m.Beta+h.T))+m.S*integral)
			if got := m.LogLikelihood(h.x, h.tx, h.T); math.Abs(got-want) > 1e-9*math.Abs(want) {
				t.Errorf("%+v %v: LogLikelihood = %.15g, quadrature %.15g", m, h, got, want)
			}
		}
	}
}

// simpson integrates f over [a, b] with n (even) intervals.
func simpson(f func(float64) float64, a, b float64, n int) float64 {
	if a == b {
		return 0
	}
	h := (b - a) / float64(n)
	s := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(a+float64(i)*h)
	}
	return s * h / 3
}

func TestParetoNBDProperties(t *testing.T) {
	models := []ParetoNBD{
		{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669},
		{R: 1e-6, Alpha: 1e-6, S: 1e-6, Beta: 1e-6},
		{R: 1e6, Alpha: 1e6, S: 1e6, Beta: 1e6},
		{R: 1e-6, Alpha: 1e6, S: 1e6, Beta: 1e-6},
		{R: 1e6, Alpha: 1e-6, S: 1e-6, Beta: 1e6},
		{R: 2, Alpha: 10, S: 1, Beta: 3}, // s = 1: the expectation's removable singularity
	}
	for _, m := range models {
		for _, c := range rfmExtremes {
			if ll := m.LogLikelihood(c.x, c.tx, c.T); math.IsNaN(ll) || math.IsInf(ll, 0) {
				t.Errorf("%+v: LogLikelihood(%v) = %v", m, c, ll)
			}
			pa := m.PAlive(c.x, c.tx, c.T)
			if !(pa >= 0 && pa <= 1) {
				t.Errorf("%+v: PAlive(%v) = %v", m, c, pa)
			}
			prev := 0.0
			for _, h := range []float64{0, 1e-3, 1, 10, 52, 365, 1e4} {
				e := m.ExpectedPurchases(h, c.x, c.tx, c.T)
				if math.IsNaN(e) || e < prev*(1-1e-9) {
					t.Errorf("%+v %v: E(%v) = %v after %v (not monotone)", m, c, h, e, prev)
				}
				prev = e
			}
		}
	}
	// Around s = 1 the closed form switches to its limit; they must agree.
	at := func(s float64) float64 {
		return ParetoNBD{R: 0.5, Alpha: 10, S: s, Beta: 12}.ExpectedIfAlive(39, 2, 30)
	}
	for _, s := range []float64{1 - 1e-6, 1 - 1e-9, 1 + 1e-9, 1 + 1e-6} {
		if !within(at(s), at(1), 1e-5) {
			t.Errorf("ExpectedIfAlive at s=%v is %v, at s=1 %v", s, at(s), at(1))
		}
	}
}
