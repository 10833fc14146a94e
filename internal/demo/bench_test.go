package demo

import "testing"

// benchOptions is a mid-size business: large enough to amortise the
// calendar, small enough for a quick benchmark iteration.
var benchOptions = Options{Customers: 20_000, Seed: 1, End: testEnd}

// BenchmarkGenerate measures generation alone: the sink only counts.
// lines/s is the figure to watch (target ≥ 2 M on one core).
func BenchmarkGenerate(b *testing.B) {
	var s Summary
	for b.Loop() {
		k := &Counter{}
		if err := Generate(benchOptions, k); err != nil {
			b.Fatal(err)
		}
		s.Add(k.Summary)
	}
	report(b, s)
}

// BenchmarkGenerateParallel is the same with one worker per CPU.
func BenchmarkGenerateParallel(b *testing.B) {
	var s Summary
	for b.Loop() {
		var ks []*Counter
		err := GenerateParallel(benchOptions, 0, func(int) Sink {
			k := &Counter{}
			ks = append(ks, k)
			return k
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range ks {
			s.Add(k.Summary)
		}
	}
	report(b, s)
}

func report(b *testing.B, s Summary) {
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(s.Lines)/sec, "lines/s")
	b.ReportMetric(float64(s.Customers)/sec, "customers/s")
	b.ReportMetric(float64(s.Orders)/float64(s.Customers), "orders/customer")
	b.ReportMetric(float64(s.Lines)/float64(s.Customers), "lines/customer")
}
