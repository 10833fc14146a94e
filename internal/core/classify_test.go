package core_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/demo"
	"strata/internal/ingest"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestClassifyRunsHistoryMigrationsExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		end := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		if _, err := svc.LoadDemo(ctx, demo.Options{Customers: 400, Seed: 11, End: end, Location: shanghai}, nil); err != nil {
			t.Fatal(err)
		}
		earlier := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		first, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: earlier})
		if err != nil {
			t.Fatal(err)
		}
		second, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end})
		if err != nil {
			t.Fatal(err)
		}
		if second.Customers <= first.Customers || second.Customers > 400 {
			t.Fatalf("customers %d then %d (registrations after the earlier date are excluded)", first.Customers, second.Customers)
		}
		for _, sc := range second.Schemes {
			n, used := 0, 0
			for _, c := range sc.Classes {
				n += c.Customers
				if c.Customers > 0 {
					used++
				}
			}
			if n != second.Customers {
				t.Errorf("%s: classes hold %d of %d customers", sc.Name, n, second.Customers)
			}
			if (sc.Name == "churn_risk" || sc.Name == "clv_tier") && used < 3 {
				t.Errorf("%s: only %d classes in use: %+v", sc.Name, used, sc.Classes)
			}
		}
		if m := second.CLVModel; m.Error != "" || !(m.R > 0 && m.Alpha > 0 && m.P > 0) {
			t.Errorf("CLV model %+v", m)
		}
		export := func(run int64, scheme, class string) ([]byte, int) {
			var b bytes.Buffer
			n, err := svc.ExportClasses(ctx, run, ingest.FormatCSV, "en", scheme, class, &b)
			if err != nil {
				t.Fatal(err)
			}
			return b.Bytes(), n
		}
		before, n := export(second.RunID, "", "")
		if n != second.Customers || !bytes.Contains(before, []byte("customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,")) {
			t.Fatalf("export: %d rows, header %q", n, before[:min(200, len(before))])
		}
		// Re-running an as-of date replaces its snapshot with the same answer.
		again, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := export(again.RunID, "", "")
		if !bytes.Equal(before, after) {
			t.Fatal("re-running the same as-of date changed the snapshot")
		}
		runs, err := svc.Runs(ctx)
		if err != nil || len(runs) != 2 || runs[0].ID != again.RunID || runs[0].Status != store.RunDone {
			t.Fatalf("runs %+v %v", runs, err)
		}
		// A segment export holds exactly the class's members.
		var want int
		for _, sc := range again.Schemes {
			if sc.Name == "rfm8" {
				for _, c := range sc.Classes {
					if c.Key == "important_value" {
						want = c.Customers
					}
				}
			}
		}
		if _, n := export(again.RunID, "rfm8", "重要价值客户"); n != want || want == 0 {
			t.Fatalf("segment export %d rows, class has %d", n, want)
		}
		m, err := svc.Migrations(ctx, "value_tier", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for i := range m.Matrix.Counts {
			for j := range m.Matrix.Counts[i] {
				total += m.Matrix.Counts[i][j]
			}
		}
		if m.FromRun != first.RunID || m.ToRun != again.RunID || total != second.Customers {
			t.Fatalf("migration %d→%d covers %d customers, want %d", m.FromRun, m.ToRun, total, second.Customers)
		}
		h, err := svc.History(ctx, "C000001", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(h) == 0 || len(h)%len(second.Schemes) != 0 {
			t.Fatalf("history has %d entries", len(h))
		}
		for _, a := range h {
			if a.Class == "" || a.Reason.Zh == "" || a.Reason.En == "" || a.Reason.Class != a.Class {
				t.Fatalf("history entry without a class or reason: %+v", a)
			}
		}
		if _, err := svc.Explain(ctx, 0, "no-such-customer"); err == nil {
			t.Fatal("explain of an unknown customer succeeded")
		}
	})
}
