package store_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestSchemeVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, created, err := s.SaveScheme(ctx, "rfm", []byte(`{"v":1}`), true)
		if err != nil || !created || a.Version != 1 {
			t.Fatalf("first save %+v %v %v", a, created, err)
		}
		same, created, _ := s.SaveScheme(ctx, "rfm", []byte(`{"v":1}`), true)
		if created || same.ID != a.ID {
			t.Fatalf("identical save made a version: %+v", same)
		}
		b, created, _ := s.SaveScheme(ctx, "rfm", []byte(`{"v":2}`), false)
		if !created || b.Version != 2 {
			t.Fatalf("changed save %+v", b)
		}
		act, _ := s.Schemes(ctx, true)
		all, _ := s.Schemes(ctx, false)
		if len(act) != 1 || act[0].Version != 2 || len(all) != 2 {
			t.Fatalf("active %v all %v", act, all)
		}
		if err := s.SetSchemeActive(ctx, "rfm", false); err != nil {
			t.Fatal(err)
		}
		if act, _ := s.Schemes(ctx, true); len(act) != 0 {
			t.Fatalf("deactivated still active: %v", act)
		}
		if err := s.SetSchemeActive(ctx, "nope", true); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("unknown scheme: %v", err)
		}
	})
}

func TestRunSnapshotLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sc, _, _ := s.SaveScheme(ctx, "tier", []byte(`{}`), true)
		finish := func(asOf string, classes []uint16) int64 {
			t.Helper()
			id, err := s.StartRun(ctx, asOf, "test")
			if err != nil {
				t.Fatal(err)
			}
			chunks := []*store.Chunk{
				{Customers: []int64{1, 2}, Classes: classes[:2], Metrics: []float64{1, 2, 10, math.NaN()}},
				{Customers: []int64{5}, Classes: classes[2:], Metrics: []float64{3, 30}},
			}
			i := 0
			err = s.FinishRun(ctx, id, []string{"frequency", "monetary"}, []byte(`{"ok":true}`),
				[]store.RunScheme{{Position: 0, SchemeID: sc.ID, Params: []byte(`{"cut":1}`), Stats: []byte(`[]`)}},
				func() (*store.Chunk, error) {
					if i == len(chunks) {
						return nil, nil
					}
					i++
					return chunks[i-1], nil
				})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		first := finish("2025-01-31", []uint16{0, 1, store.NoClass})
		r, rs, err := s.GetRun(ctx, first)
		if err != nil || r.Status != store.RunDone || r.Customers != 3 || len(rs) != 1 || string(rs[0].Params) != `{"cut":1}` {
			t.Fatalf("run %+v %+v %v", r, rs, err)
		}
		c, i, err := s.ChunkFor(ctx, first, 5)
		if err != nil || c.Class(0, i) != store.NoClass || c.Metric(1, i) != 30 {
			t.Fatalf("chunk for 5: %+v %d %v", c, i, err)
		}
		c, i, _ = s.ChunkFor(ctx, first, 2)
		if c.Class(0, i) != 1 || !math.IsNaN(c.Metric(1, i)) {
			t.Fatalf("chunk for 2: %+v %d", c, i)
		}
		if _, _, err := s.ChunkFor(ctx, first, 3); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("customer 3 is not in the run: %v", err)
		}
		// Re-running the same as-of replaces the earlier snapshot.
		second := finish("2025-01-31", []uint16{1, 1, 0})
		runs, _ := s.Runs(ctx)
		if len(runs) != 1 || runs[0].ID != second {
			t.Fatalf("runs after re-run %+v", runs)
		}
		latest, _, err := s.LatestRun(ctx)
		if err != nil || latest.ID != second {
			t.Fatalf("latest %+v %v", latest, err)
		}
		// A run of other schemes on the same date does not replace it.
		other, _, _ := s.SaveScheme(ctx, "other", []byte(`{}`), false)
		id, _ := s.StartRun(ctx, "2025-01-31", "test")
		done := false
		if err := s.FinishRun(ctx, id, []string{"frequency", "monetary"}, []byte(`{}`),
			[]store.RunScheme{{Position: 0, SchemeID: other.ID, Params: []byte(`{}`), Stats: []byte(`[]`)}},
			func() (*store.Chunk, error) {
				if done {
					return nil, nil
				}
				done = true
				return &store.Chunk{Customers: []int64{1}, Classes: []uint16{0}, Metrics: []float64{1, 2}}, nil
			}); err != nil {
			t.Fatal(err)
		}
		if runs, _ := s.Runs(ctx); len(runs) != 2 {
			t.Fatalf("a run of different schemes replaced the full run: %+v", runs)
		}
	})
}

func TestStaleRunsAreMarkedFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, _ := s.StartRun(ctx, "2025-02-01", "host:1")
		if n, _ := s.RecoverRuns(ctx, time.Hour, func(string) bool { return true }); n != 0 {
			t.Fatalf("fresh run recovered")
		}
		if n, _ := s.RecoverRuns(ctx, time.Hour, func(string) bool { return false }); n != 1 {
			t.Fatalf("dead owner's run not recovered")
		}
		r, _, _ := s.GetRun(ctx, id)
		if r.Status != store.RunFailed || r.Error == "" {
			t.Fatalf("run %+v", r)
		}
		// A failed run cannot be finished.
		err := s.FinishRun(ctx, id, nil, []byte(`{}`), nil, func() (*store.Chunk, error) { return nil, nil })
		if !errors.Is(err, model.ErrConflict) {
			t.Fatalf("finish failed run: %v", err)
		}
	})
}
