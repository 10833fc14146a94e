package core_test

import (
	"context"
	"math"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/metrics"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// TestStoreRoundTripKeepsEveryMetric writes synthetic data into the store,
// loads it back with LoadInput and checks that every metric equals the one
// computed from the original input: the load path loses nothing.
func TestStoreRoundTripKeepsEveryMetric(t *testing.T) {
	defer core.SetParallelLoadMin(0)() // exercise the parallel range scan
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
		in := metrics.Synthetic(1500, 12000, 5, asOf)
		want, err := metrics.Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		svc := newService(s)
		var premium []string
		for i, c := range in.Categories {
			if in.Premium[i] {
				premium = append(premium, c)
			}
		}
		svc.SetPremiumCategories(premium)
		if err := svc.StoreSynthetic(ctx, in); err != nil {
			t.Fatal(err)
		}
		loaded, _, err := svc.LoadInput(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := metrics.Compute(loaded)
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != want.Len() {
			t.Fatalf("%d customers loaded, want %d", got.Len(), want.Len())
		}
		gi, wi := got.IDs(), want.IDs()
		for i := range wi {
			if gi[i] != wi[i] {
				t.Fatalf("row %d: id %s, want %s", i, gi[i], wi[i])
			}
		}
		for _, f := range metrics.Fields() {
			switch f.Kind {
			case metrics.KindNumber, metrics.KindDate, metrics.KindBool:
				g, _ := got.Num(f.Name)
				w, _ := want.Num(f.Name)
				for i := range w {
					if !(g[i] == w[i] || math.IsNaN(g[i]) && math.IsNaN(w[i]) || math.Abs(g[i]-w[i]) < 1e-9*math.Max(1, math.Abs(w[i]))) {
						t.Errorf("%s of %s: %v, want %v", f.Name, wi[i], g[i], w[i])
						break
					}
				}
			case metrics.KindString:
				g, _ := got.Str(f.Name)
				w, _ := want.Str(f.Name)
				for i := range w {
					if g[i] != w[i] {
						t.Errorf("%s of %s: %q, want %q", f.Name, wi[i], g[i], w[i])
						break
					}
				}
			}
		}
	})
}
