package core_test

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
	"time"

	"strata/internal/metrics"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// TestComputeBench checks the repetitions' set-up: one load, repetitions
// that time a run's compute and the reference, and the memory limit lifted
// only until Close.
func TestComputeBench(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
		in := metrics.Synthetic(800, 6000, 9, asOf)
		svc := newService(s)
		if err := svc.StoreSynthetic(ctx, in); err != nil {
			t.Fatal(err)
		}
		const limit = 3 << 30
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
		b, err := svc.NewComputeBench(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
			t.Errorf("memory limit %d while the bench is open, want none", got)
		}
		want, cut := 0, metrics.Cutoff(asOf, nil).Unix()
		for _, r := range in.Customers.RegisteredAt {
			if r < cut { // registered by the as-of date, or unknown (NoTime)
				want++
			}
		}
		if n := len(b.Input().Customers.ID); n != want || want < 700 {
			t.Errorf("Input has %d customers, want the %d registered by %s", n, want, asOf.Format(time.DateOnly))
		}
		for range 2 {
			r, err := b.Rep(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !(r.MetricsSeconds > 0 && r.SchemesSeconds > 0 && r.ReferenceSeconds > 0) ||
				math.Abs(r.MetricsSeconds+r.SchemesSeconds-r.ComputeSeconds) > 1e-9 ||
				math.Abs(r.Ratio-r.ComputeSeconds/r.ReferenceSeconds) > 1e-9 || r.CPU == nil {
				t.Errorf("repetition %+v", r)
			}
		}
		b.Close()
		if got := debug.SetMemoryLimit(-1); got != limit {
			t.Errorf("memory limit %d after Close, want %d", got, limit)
		}
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := b.Rep(canceled); err == nil {
			t.Error("Rep ran on a canceled context")
		}
	})
}
