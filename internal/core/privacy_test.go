package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/demo"
	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestSubjectExportAndErasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		end := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		if _, err := svc.LoadDemo(ctx, demo.Options{Customers: 60, Seed: 4, End: end, Location: shanghai}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end}); err != nil {
			t.Fatal(err)
		}
		const id = "C000003"
		before, err := svc.ExportSubject(ctx, "dpo", id)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(before)
		if before.Customer.ID != id || len(before.Classes) == 0 || !strings.Contains(string(b), before.Customer.Name) {
			t.Fatalf("export %s", b)
		}
		personal := []string{before.Customer.Name, before.Customer.Phone, before.Customer.Email, before.Customer.Address}
		newID, err := svc.EraseSubject(ctx, "dpo", id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ExportSubject(ctx, "dpo", id); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("old id after erasure: %v", err)
		}
		after, err := svc.ExportSubject(ctx, "dpo", newID)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(after)
		for _, p := range personal {
			if p != "" && strings.Contains(string(a), p) {
				t.Errorf("erased record still holds %q", p)
			}
		}
		if len(after.Orders) != len(before.Orders) || len(after.Tickets) != len(before.Tickets) {
			t.Errorf("erasure dropped records: orders %d→%d", len(before.Orders), len(after.Orders))
		}
		// Runs keep working and the audit chain records both requests.
		if _, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end}); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.VerifyAudit(ctx); err != nil || n < 3 {
			t.Fatalf("audit %d %v", n, err)
		}
	})
}

func TestWithdrawnConsentLeavesMarketingExports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		end := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		if _, err := svc.LoadDemo(ctx, demo.Options{Customers: 80, Seed: 8, End: end, Location: shanghai}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end}); err != nil {
			t.Fatal(err)
		}
		export := func(purpose string) (string, int) {
			var b strings.Builder
			n, err := svc.ExportClassesFor(ctx, 0, "csv", "en", "", "", purpose, &b)
			if err != nil {
				t.Fatal(err)
			}
			return b.String(), n
		}
		all, n := export("marketing")
		if !strings.Contains(all, "C000005,") {
			t.Fatal("customer missing before withdrawal")
		}
		if err := svc.SetConsent(ctx, "dpo", "C000005", "marketing", false); err != nil {
			t.Fatal(err)
		}
		if got, m := export("marketing"); strings.Contains(got, "C000005,") || m != n-1 {
			t.Fatalf("withdrawn customer still exported (%d of %d rows)", m, n)
		}
		if got, _ := export(""); !strings.Contains(got, "C000005,") {
			t.Fatal("an export without a purpose must still hold every customer")
		}
		if err := svc.SetConsent(ctx, "dpo", "C000005", "marketing", true); err != nil {
			t.Fatal(err)
		}
		if got, _ := export("marketing"); !strings.Contains(got, "C000005,") {
			t.Fatal("re-granted consent not honoured")
		}
		if err := svc.SetConsent(ctx, "dpo", "nobody", "marketing", false); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("unknown customer: %v", err)
		}
	})
}
