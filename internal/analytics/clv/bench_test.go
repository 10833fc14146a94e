package clv

import (
	"sync"
	"testing"
)

// Synthetic cohort for the benchmarks: day units over two years, a BG/NBD
// process with about three purchases a year for a live average customer,
// and Gamma-Gamma spend.
var (
	benchBG    = BGNBD{R: 0.25, Alpha: 40, A: 0.8, B: 2.5}
	benchGG    = GammaGamma{P: 6, Q: 4, V: 15}
	bench1M    Summary
	bench1MErr error
	bench1MOne sync.Once
)

func benchCohort(b *testing.B) Summary {
	b.Helper()
	bench1MOne.Do(func() {
		bench1M, bench1MErr = SimulateBGNBD(benchBG, benchGG, SimulationOptions{Customers: 1_000_000, Days: 730, Seed: 20240601})
	})
	if bench1MErr != nil {
		b.Fatal(bench1MErr)
	}
	return bench1M
}

// BenchmarkFit1M fits BG/NBD and Gamma-Gamma to a million customers and
// scores them all (P(alive), expected purchases in the next 90 days, 12-month
// CLV). Generating the cohort is not timed.
func BenchmarkFit1M(b *testing.B) {
	s := benchCohort(b)
	rows := len(groupRFM(s.X, s.Tx, s.T).x)
	b.ResetTimer()
	for b.Loop() {
		bg, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{})
		if err != nil {
			b.Fatal(err)
		}
		gg, err := FitGammaGamma(s.X, s.Zbar, FitOptions{})
		if err != nil {
			b.Fatal(err)
		}
		sc, err := Score(bg, &gg, s.X, s.Tx, s.T, s.Zbar, ScoreOptions{Horizon: 90, CLV: DefaultCLVOptions(Days)})
		if err != nil || len(sc.CLV) != s.Len() {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "distinct-rows")
}

func BenchmarkFitBGNBD1M(b *testing.B) {
	s := benchCohort(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitGammaGamma1M(b *testing.B) {
	s := benchCohort(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := FitGammaGamma(s.X, s.Zbar, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore1M(b *testing.B) {
	s := benchCohort(b)
	gg := benchGG
	b.ResetTimer()
	for b.Loop() {
		if _, err := Score(benchBG, &gg, s.X, s.Tx, s.T, s.Zbar, ScoreOptions{Horizon: 90, CLV: DefaultCLVOptions(Days)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGroup1M(b *testing.B) {
	s := benchCohort(b)
	b.ResetTimer()
	for b.Loop() {
		groupRFM(s.X, s.Tx, s.T)
	}
}

func BenchmarkFitParetoNBD1M(b *testing.B) {
	s := benchCohort(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := FitParetoNBD(s.X, s.Tx, s.T, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
