package kmeans

import (
	"math"
	"math/rand/v2"
	"testing"
)

// customerLike makes n rows of 6 RFM-like features drawn from k overlapping
// groups: skewed money, counts, recency in days, tenure, a ratio and an
// unrelated noise column. Seeded, so every benchmark run sees the same data.
func customerLike(n, k int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 99))
	centres := make([][6]float64, k)
	for c := range centres {
		centres[c] = [6]float64{
			5 + 2*r.Float64(),     // log monetary
			1 + 3*r.Float64(),     // log frequency
			30 + 300*r.Float64(),  // recency days
			100 + 900*r.Float64(), // tenure days
			r.Float64(),           // discount share
			0,                     // noise
		}
	}
	x := make([]float64, n*6)
	for i := range n {
		c := centres[r.IntN(k)]
		row := x[i*6 : i*6+6]
		row[0] = math.Exp(c[0] + 0.4*r.NormFloat64())
		row[1] = math.Round(math.Exp(c[1] + 0.3*r.NormFloat64()))
		row[2] = math.Max(0, c[2]+25*r.NormFloat64())
		row[3] = math.Max(0, c[3]+60*r.NormFloat64())
		row[4] = math.Min(1, math.Max(0, c[4]+0.05*r.NormFloat64()))
		row[5] = r.NormFloat64()
	}
	return x
}

// BenchmarkKMeans1M: 1,000,000 × 6 features, k = 8, default restarts,
// standardised. Budget: under 5 s per operation on two cores.
func BenchmarkKMeans1M(b *testing.B) {
	const n, d, k = 1_000_000, 6, 8
	x := customerLike(n, k, 1)
	b.ResetTimer()
	for b.Loop() {
		r, err := Fit(x, n, d, Options{K: k, Seed: 42, Standardize: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.Iterations), "iters")
		b.ReportMetric(r.Inertia/n, "inertia/row")
	}
}
