package tree

import (
	"math"
	"math/rand/v2"
	"testing"
)

// customerTable makes n rows × 10 customer-like features (money, counts,
// days, ratios; some discrete, some continuous, 2 % missing in one) and a
// 4-class label from a noisy rule, for benchmarks.
func customerTable(n int, seed uint64) Dataset {
	r := rand.New(rand.NewPCG(seed, 5))
	ds := Dataset{
		Rows: n, Cols: 10,
		Features: []string{"monetary", "frequency", "recency", "tenure", "aov", "discount_share",
			"returns", "tickets", "nps", "noise"},
		Classes: []string{"VIP", "Key", "Regular", "Lost"},
		X:       make([]float64, 0, n*10),
		Labels:  make([]int, 0, n),
	}
	for range n {
		monetary := math.Round(math.Exp(6+1.2*r.NormFloat64())*100) / 100
		frequency := float64(1 + r.IntN(30))
		recency := float64(r.IntN(720))
		tenure := recency + float64(r.IntN(2000))
		aov := math.Round(monetary/frequency*100) / 100
		disc := math.Round(r.Float64()*1000) / 1000
		returns := float64(r.IntN(5))
		tickets := float64(r.IntN(8))
		nps := float64(r.IntN(11))
		noise := r.NormFloat64()
		if r.Float64() < 0.02 {
			nps = math.NaN()
		}
		label := 2
		switch {
		case recency > 365:
			label = 3
		case monetary > 2000 && frequency > 10:
			label = 0
		case monetary > 800 || (frequency > 20 && tickets < 3):
			label = 1
		}
		if r.Float64() < 0.05 {
			label = r.IntN(4)
		}
		ds.X = append(ds.X, monetary, frequency, recency, tenure, aov, disc, returns, tickets, nps, noise)
		ds.Labels = append(ds.Labels, label)
	}
	return ds
}

// BenchmarkTree1M: 1,000,000 rows × 10 features, depth 6, default options
// (30 % holdout, so 700,000 training rows). Budget: under 5 s per operation
// on two cores.
func BenchmarkTree1M(b *testing.B) {
	ds := customerTable(1_000_000, 1)
	b.ResetTimer()
	for b.Loop() {
		m, err := Train(ds, Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(m.HoldoutAccuracy, "holdout_acc")
		b.ReportMetric(float64(len(m.Leaves())), "leaves")
	}
}
