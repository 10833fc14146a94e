package clv

import (
	"errors"
	"math"
	"testing"

	"strata/internal/model"
)

// cdnowSources are the two CDNOW calibration summaries in weeks that the
// published parameters must be reproducible from: the lifetimes file
// (2-decimal values) and the summary Summarize builds from the transactions.
func cdnowSources(t *testing.T) []struct {
	name string
	s    Summary
} {
	return []struct {
		name string
		s    Summary
	}{
		{"lifetimes summary", loadCDNOWRef(t, "cdnow_customers_summary_with_transactions.csv").S},
		{"built from CDNOW_sample", cdnowSummary(t)},
	}
}

func within(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

func TestFitBGNBDCDNOW(t *testing.T) {
	for _, src := range cdnowSources(t) {
		t.Run(src.name, func(t *testing.T) {
			m, err := FitBGNBD(src.s.X, src.s.Tx, src.s.T, FitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("r=%.17g alpha=%.17g a=%.17g b=%.17g", m.R, m.Alpha, m.A, m.B)
			t.Logf("SE=%.6g loglik=%.10g", m.SE, m.LogLik)
			// Published: FHL 2005 and lifetimes' CDNOW example.
			params := []struct {
				name      string
				got, want float64
				se, seRef float64
			}{
				{"r", m.R, 0.243, m.SE[0], 0.012557},
				{"alpha", m.Alpha, 4.414, m.SE[1], 0.378221},
				{"a", m.A, 0.793, m.SE[2], 0.185719},
				{"b", m.B, 2.426, m.SE[3], 0.705345},
			}
			for _, p := range params {
				if !within(p.got, p.want, 0.01) {
					t.Errorf("%s = %v, want %v within 1%%", p.name, p.got, p.want)
				}
				// lifetimes' BetaGeoFitter.summary standard errors.
				if !within(p.se, p.seRef, 0.01) {
					t.Errorf("SE(%s) = %v, want %v within 1%%", p.name, p.se, p.seRef)
				}
			}
			if m.N != 2357 || math.Abs(m.LogLik-(-9582.4)) > 0.1 {
				t.Errorf("N = %d, loglik = %v; FHL 2005 report 2357 and -9582.4", m.N, m.LogLik)
			}
			// FHL 2005 / lifetimes: customer with x = 2, t_x = 30.43,
			// T = 38.86 is expected to make 1.226 purchases in 39 weeks.
			if e := m.ExpectedPurchases(39, 2, 30.43, 38.86); math.Abs(e-1.226) > 5e-4 {
				t.Errorf("E[X(39) | 2, 30.43, 38.86] = %v, want 1.226", e)
			}
		})
	}
}

// TestBGNBDHoldout compares the 39-week holdout (1997-10-01 … 1998-06-30)
// with what the calibration fit predicts for it.
func TestBGNBDHoldout(t *testing.T) {
	s := cdnowSummary(t)
	m, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var predicted, actual float64
	for i := range s.Len() {
		predicted += m.ExpectedPurchases(39, s.X[i], s.Tx[i], s.T[i])
		actual += s.XStar[i]
	}
	t.Logf("holdout repeat purchases: predicted %.1f, actual %.0f", predicted, actual)
	if actual != 1882 {
		t.Errorf("actual holdout purchase days = %v, want 1882 (cdnow_calibration_exact.csv)", actual)
	}
	// The sum of conditional expectations comes out about 12 % under the
	// actual count on this holdout; the bound only guards against gross
	// errors (a wrong unit or formula is off by a factor).
	if !within(predicted, actual, 0.15) {
		t.Errorf("predicted %v is not within 15%% of actual %v", predicted, actual)
	}
}

func TestBGNBDGroupedLikelihoodMatchesPerCustomer(t *testing.T) {
	s := cdnowSummary(t)
	m, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{})
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

func TestBGNBDGradientMatchesFiniteDifferences(t *testing.T) {
	s := cdnowSummary(t)
	lik := newBGNBDLik(groupRFM(s.X, s.Tx, s.T))
	points := [][]float64{
		{math.Log(0.243), math.Log(4.414), math.Log(0.793), math.Log(2.426)},
		{0, 0, 0, 0},
		{-3, 4, 1.5, -1},
	}
	for _, th := range points {
		g := make([]float64, 4)
		lik.eval(th, g)
		for i := range th {
			const h = 1e-6
			p, q := append([]float64(nil), th...), append([]float64(nil), th...)
			p[i] += h
			q[i] -= h
			num := (lik.eval(p, nil) - lik.eval(q, nil)) / (2 * h)
			if math.Abs(num-g[i]) > 1e-5*math.Max(1, math.Abs(num)) {
				t.Errorf("θ=%v ∂/∂θ%d: analytic %v, numeric %v", th, i, g[i], num)
			}
		}
	}
}

func TestBGNBDRecoversSimulatedParameters(t *testing.T) {
	truth := BGNBD{R: 0.25, Alpha: 40, A: 0.8, B: 2.5}
	s, err := SimulateBGNBD(truth, GammaGamma{}, SimulationOptions{Customers: 20000, Days: 730, Seed: 7, Continuous: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, truth.R}, {"alpha", m.Alpha, truth.Alpha}, {"a", m.A, truth.A}, {"b", m.B, truth.B}} {
		if z := (p.got - p.want) / m.SE[i]; math.Abs(z) > 4 {
			t.Errorf("%s = %v ± %v, truth %v (z = %.1f)", p.name, p.got, m.SE[i], p.want, z)
		}
	}
}

// bgnbdExtremes are parameter sets at the edges of what an optimiser may try.
var bgnbdExtremes = []BGNBD{
	{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426},
	{R: 1e-6, Alpha: 1e-6, A: 1e-6, B: 1e-6},
	{R: 1e6, Alpha: 1e6, A: 1e6, B: 1e6},
	{R: 1e-6, Alpha: 1e6, A: 1e6, B: 1e-6},
	{R: 1e6, Alpha: 1e-6, A: 1e-6, B: 1e6},
	{R: 2, Alpha: 10, A: 1, B: 3}, // a = 1: removable singularity of the expectation
}

// rfmExtremes are customer histories at the edges of the data.
var rfmExtremes = []struct{ x, tx, T float64 }{
	{0, 0, 38}, {0, 0, 0}, {0, 0, 1e-9}, {1, 1e-9, 1e-9}, {3, 10, 10}, {10000, 700, 730}, {10000, 1, 730}, {50, 0.5, 1e4},
}

func TestBGNBDProperties(t *testing.T) {
	for _, m := range bgnbdExtremes {
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
				if math.IsNaN(e) || e < prev*(1-1e-9)-1e-300 {
					t.Errorf("%+v %v: E(%v) = %v after %v (not monotone)", m, c, h, e, prev)
				}
				prev = e
			}
		}
	}
}

func TestBGNBDNearUnitA(t *testing.T) {
	// The expectation has a 0/0 at a = 1; values around it must join up.
	base := BGNBD{R: 0.5, Alpha: 6, B: 2.4}
	at := func(a float64) float64 { m := base; m.A = a; return m.ExpectedPurchases(26, 3, 20, 30) }
	mid := at(1)
	for _, a := range []float64{1 - 1e-3, 1 - 1e-7, 1 + 1e-7, 1 + 1e-3} {
		if v := at(a); !within(v, mid, 2e-3) {
			t.Errorf("E at a=%v is %v, at a=1 %v", a, v, mid)
		}
	}
}

func TestBGNBDProbPurchases(t *testing.T) {
	m := BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	for _, horizon := range []float64{1, 39, 78} {
		total, mean := 0.0, 0.0
		for n := 0; n < 2000; n++ {
			p := m.ProbPurchases(n, horizon)
			if p < 0 || p > 1 {
				t.Fatalf("P(X(%v)=%d) = %v", horizon, n, p)
			}
			total += p
			mean += float64(n) * p
		}
		// The pmf sums to one and its mean is E[X(t)] (FHL 2005 eqs 8, 9).
		if math.Abs(total-1) > 1e-9 || !within(mean, m.Unconditional(horizon), 1e-6) {
			t.Errorf("t=%v: Σp = %v, Σn·p = %v, E[X(t)] = %v", horizon, total, mean, m.Unconditional(horizon))
		}
	}
}

func TestFitErrors(t *testing.T) {
	type fitter func(x, tx, T []float64) error
	fitters := map[string]fitter{
		"BG/NBD": func(x, tx, T []float64) error { _, err := FitBGNBD(x, tx, T, FitOptions{}); return err },
		"Pareto/NBD": func(x, tx, T []float64) error {
			_, err := FitParetoNBD(x, tx, T, FitOptions{})
			return err
		},
	}
	cases := []struct {
		name      string
		x, tx, tt []float64
	}{
		{"empty", nil, nil, nil},
		{"length mismatch", []float64{1, 2}, []float64{1}, []float64{3, 3}},
		{"NaN x", []float64{math.NaN()}, []float64{0}, []float64{1}},
		{"fractional x", []float64{1.5}, []float64{1}, []float64{2}},
		{"negative x", []float64{-1}, []float64{0}, []float64{2}},
		{"t_x beyond T", []float64{1}, []float64{3}, []float64{2}},
		{"infinite T", []float64{1}, []float64{3}, []float64{math.Inf(1)}},
		{"t_x without repeat purchases", []float64{0}, []float64{1}, []float64{2}},
		{"no repeat purchases at all", []float64{0, 0}, []float64{0, 0}, []float64{5, 9}},
	}
	for name, fit := range fitters {
		for _, tc := range cases {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				err := fit(tc.x, tc.tx, tc.tt)
				if !errors.Is(err, model.ErrInvalid) {
					t.Fatalf("err = %v, want a validation error", err)
				}
				t.Log(err)
			})
		}
	}
	t.Run("bad start", func(t *testing.T) {
		_, err := FitBGNBD([]float64{1}, []float64{1}, []float64{2}, FitOptions{Start: []float64{1, -1, 1, 1}})
		if !errors.Is(err, model.ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
	})
}
