package metrics

import (
	"testing"
	"time"
)

var benchAsOf = time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)

// BenchmarkCompute1M10M is the sizing target: 1,000,000 customers and
// 10,000,000 order lines (plus ~3M interactions, 0.5M surveys, 0.3M
// tickets). Input generation is outside the timer. Columns are built on
// first use, so this measures the pass and the base sums; see
// BenchmarkCompute1M10MAllColumns for the whole schema.
//
//	go test ./internal/metrics -run '^$' -bench 'Compute1M10M' -benchtime 10x
func BenchmarkCompute1M10M(b *testing.B) {
	benchCompute(b, 1_000_000, 10_000_000, false)
}

// BenchmarkCompute1M10MAllColumns adds building every column of the schema.
func BenchmarkCompute1M10MAllColumns(b *testing.B) {
	benchCompute(b, 1_000_000, 10_000_000, true)
}

// BenchmarkCompute100K1M is a quicker tenth of the target.
func BenchmarkCompute100K1M(b *testing.B) {
	benchCompute(b, 100_000, 1_000_000, false)
}

func benchCompute(b *testing.B, customers, orders int, all bool) {
	in := Synthetic(customers, orders, 1, benchAsOf)
	b.ReportAllocs()
	for b.Loop() {
		t, err := Compute(in)
		if err != nil {
			b.Fatal(err)
		}
		if all {
			materialize(t)
		}
	}
}

// materialize builds every column.
func materialize(t *Table) {
	t.IDs()
	t.Tags()
	for _, f := range Fields() {
		t.Num(f.Name)
		t.Str(f.Name)
	}
}

// BenchmarkFillNumeric1M fills every numeric column of a million rows, a
// slice of rows at a time into one buffer (FillNum, as the snapshot write
// does): the column builders alone, without allocating or page faults.
//
//	go test ./internal/metrics -run '^$' -bench 'FillNumeric1M' -benchtime 5x
func BenchmarkFillNumeric1M(b *testing.B) {
	tab, err := Compute(Synthetic(1_000_000, 3_000_000, 1, benchAsOf))
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float64, 1<<16)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range Fields() {
			for lo := 0; lo < tab.Len(); lo += len(out) {
				tab.FillNum(f.Name, lo, out[:min(len(out), tab.Len()-lo)])
			}
		}
	}
}
