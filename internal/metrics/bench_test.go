package metrics

import (
	"testing"
	"time"
)

var benchAsOf = time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)

// BenchmarkCompute1M10M is the sizing target: 1,000,000 customers and
// 10,000,000 order lines (plus ~3M interactions, 0.5M surveys, 0.3M
// tickets). Input generation is outside the timer.
//
//	go test ./internal/metrics -run '^$' -bench Compute1M10M -benchtime 10x
func BenchmarkCompute1M10M(b *testing.B) {
	benchCompute(b, 1_000_000, 10_000_000)
}

// BenchmarkCompute100K1M is a quicker one tenth of the target.
func BenchmarkCompute100K1M(b *testing.B) {
	benchCompute(b, 100_000, 1_000_000)
}

func benchCompute(b *testing.B, customers, orders int) {
	in := Synthetic(customers, orders, 1, benchAsOf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compute(in); err != nil {
			b.Fatal(err)
		}
	}
}
