package clv

import (
	"errors"
	"math"
	"testing"

	"strata/internal/model"
)

func TestFitGammaGammaCDNOW(t *testing.T) {
	for _, src := range cdnowSources(t) {
		t.Run(src.name, func(t *testing.T) {
			g, err := FitGammaGamma(src.s.X, src.s.Zbar, FitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("p=%.17g q=%.17g v=%.17g", g.P, g.Q, g.V)
			t.Logf("SE=%.6g loglik=%.10g", g.SE, g.LogLik)
			if g.N != 946 || g.Skipped != 0 {
				t.Errorf("fitted on %d customers (%d skipped), want the 946 with x > 0", g.N, g.Skipped)
			}
			// Published: FHL 2005 "RFM and CLV" and lifetimes' example.
			for _, p := range []struct {
				name      string
				got, want float64
			}{{"p", g.P, 6.25}, {"q", g.Q, 3.74}, {"v", g.V, 15.44}} {
				if !within(p.got, p.want, 0.01) {
					t.Errorf("%s = %v, want %v within 1%%", p.name, p.got, p.want)
				}
			}
			for i, se := range g.SE {
				if !(se > 0) || math.IsInf(se, 0) {
					t.Errorf("SE[%d] = %v", i, se)
				}
			}
		})
	}
}

// TestGammaGammaExpectedSpendMatchesLifetimes reproduces the first ten
// conditional expected average profits printed in lifetimes' documentation
// for the CDNOW summary with monetary values.
func TestGammaGammaExpectedSpendMatchesLifetimes(t *testing.T) {
	s := loadCDNOWRef(t, "cdnow_customers_summary_with_transactions.csv").S
	g, err := FitGammaGamma(s.X, s.Zbar, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408, 35.170981}
	for i, w := range want {
		if got := g.ExpectedSpend(s.X[i], s.Zbar[i]); !within(got, w, 1e-6) {
			t.Errorf("customer %d: ExpectedSpend = %.6f, lifetimes %.6f", i+1, got, w)
		}
	}
}

func TestGammaGammaGradientMatchesFiniteDifferences(t *testing.T) {
	s := cdnowSummary(t)
	lik := &ggLik{}
	idx := map[float64]int{}
	for i, x := range s.X {
		if x == 0 {
			continue
		}
		k, ok := idx[x]
		if !ok {
			k = len(lik.xs)
			idx[x] = k
			lik.xs, lik.nx = append(lik.xs, x), append(lik.nx, 0)
		}
		lik.nx[k]++
		lik.x, lik.xm = append(lik.x, x), append(lik.xm, x*s.Zbar[i])
		lik.sumLnM += math.Log(s.Zbar[i])
		lik.sumXLnM += x * math.Log(s.Zbar[i])
	}
	for k, x := range lik.xs {
		lik.sumXLnX += lik.nx[k] * x * math.Log(x)
	}
	for _, th := range [][]float64{{math.Log(6.25), math.Log(3.74), math.Log(15.44)}, {0, 0, 0}, {2, -1, 4}} {
		g := make([]float64, 3)
		lik.eval(th, g)
		direct := 0.0
		gg := GammaGamma{P: math.Exp(th[0]), Q: math.Exp(th[1]), V: math.Exp(th[2])}
		for i, x := range lik.x {
			direct += gg.LogLikelihood(x, lik.xm[i]/x)
		}
		if v := lik.eval(th, nil); math.Abs(v-direct) > 1e-9*math.Abs(direct) {
			t.Errorf("θ=%v: grouped loglik %v, per-customer %v", th, v, direct)
		}
		for i := range th {
			// The log-likelihood is a difference of sums near 1e5, so central
			// differences are good to ~1e-5 only; a wrong formula is off by O(1).
			const h = 1e-5
			p, q := append([]float64(nil), th...), append([]float64(nil), th...)
			p[i] += h
			q[i] -= h
			num := (lik.eval(p, nil) - lik.eval(q, nil)) / (2 * h)
			if math.Abs(num-g[i]) > 2e-4*math.Max(1, math.Abs(num)) {
				t.Errorf("θ=%v ∂/∂θ%d: analytic %v, numeric %v", th, i, g[i], num)
			}
		}
	}
}

func TestGammaGammaRecoversSimulatedParameters(t *testing.T) {
	truth := GammaGamma{P: 6, Q: 4, V: 15}
	s, err := SimulateBGNBD(BGNBD{R: 0.25, Alpha: 40, A: 0.8, B: 2.5}, truth, SimulationOptions{Customers: 20000, Days: 730, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	g, err := FitGammaGamma(s.X, s.Zbar, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct {
		name      string
		got, want float64
	}{{"p", g.P, truth.P}, {"q", g.Q, truth.Q}, {"v", g.V, truth.V}} {
		if z := (p.got - p.want) / g.SE[i]; math.Abs(z) > 4 {
			t.Errorf("%s = %v ± %v, truth %v (z = %.1f)", p.name, p.got, g.SE[i], p.want, z)
		}
	}
}

func TestGammaGammaInputs(t *testing.T) {
	sim, err := SimulateBGNBD(BGNBD{R: 0.25, Alpha: 40, A: 0.8, B: 2.5}, GammaGamma{P: 6, Q: 4, V: 15}, SimulationOptions{Customers: 2000, Days: 730, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	repeaters := 0
	for _, x := range sim.X {
		if x > 0 {
			repeaters++
		}
	}
	// Two repeat customers whose returns cancel their sales.
	withReturns := append([]float64(nil), sim.Zbar...)
	bad := 0
	for i, x := range sim.X {
		if x > 0 && bad < 2 {
			withReturns[i] = -float64(bad) // 0 and −1
			bad++
		}
	}
	cases := []struct {
		name        string
		x, zbar     []float64
		wantErr     bool
		wantN, skip int
	}{
		{"no repeat customers", []float64{0, 0}, []float64{0, 0}, true, 0, 0},
		{"length mismatch", []float64{1, 2}, []float64{3}, true, 0, 0},
		{"NaN zbar", []float64{1}, []float64{math.NaN()}, true, 0, 0},
		{"fractional x", []float64{1.5}, []float64{3}, true, 0, 0},
		{"customers with x = 0 are ignored", sim.X, sim.Zbar, false, repeaters, 0},
		{"non-positive zbar is skipped and counted", sim.X, withReturns, false, repeaters - 2, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := FitGammaGamma(tc.x, tc.zbar, FitOptions{})
			if tc.wantErr {
				if !errors.Is(err, model.ErrInvalid) {
					t.Fatalf("err = %v, want a validation error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.N != tc.wantN || g.Skipped != tc.skip {
				t.Errorf("N = %d, Skipped = %d; want %d, %d", g.N, g.Skipped, tc.wantN, tc.skip)
			}
		})
	}
}

func TestGammaGammaExpectedSpend(t *testing.T) {
	g := GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	cases := []struct {
		name       string
		g          GammaGamma
		x, zbar    float64
		want       float64
		wantNaN    bool
		checkRange bool
	}{
		{"no repeats: population mean v·p/(q−1)", g, 0, 0, 15.44 * 6.25 / 2.74, false, false},
		{"shrinks toward the population mean", g, 1, 100, 0, false, true},
		{"q ≤ 1 has no mean for x = 0", GammaGamma{P: 2, Q: 0.8, V: 10}, 0, 0, 0, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.g.ExpectedSpend(tc.x, tc.zbar)
			switch {
			case tc.wantNaN:
				if !math.IsNaN(got) {
					t.Errorf("got %v, want NaN", got)
				}
			case tc.checkRange:
				pop := tc.g.ExpectedSpend(0, 0)
				if !(got > pop && got < tc.zbar) {
					t.Errorf("got %v, want between population mean %v and zbar %v", got, pop, tc.zbar)
				}
			default:
				if !within(got, tc.want, 1e-12) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}
