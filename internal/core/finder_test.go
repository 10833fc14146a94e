package core_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/demo"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// listAll pages through a customer list and returns every id, in order.
func listAll(t *testing.T, svc *core.Service, p auth.Principal, q core.CustomerQuery) []string {
	t.Helper()
	var out []string
	for range 100 {
		page, err := svc.ListCustomersFor(context.Background(), p, q)
		if err != nil {
			t.Fatalf("list %+v: %v", q, err)
		}
		for _, c := range page.Items {
			out = append(out, c.ID)
		}
		if page.Next == "" {
			return out
		}
		q.Cursor = page.Next
	}
	t.Fatalf("list %+v does not end", q)
	return nil
}

// TestRecordRulesAgreeInSQLAndOverTheSnapshot: a rule on record fields
// lists the same customers whether it runs as SQL on the customer table
// (no scheme in the query) or through the Go back end over the latest
// run's snapshot (a scheme in the query), on random rules.
func TestRecordRulesAgreeInSQLAndOverTheSnapshot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		end := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		if _, err := svc.LoadDemo(ctx, demo.Options{Customers: 300, Seed: 5, End: end, Location: shanghai}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: end.AddDate(0, 0, 1)}); err != nil {
			t.Fatal(err)
		}
		admin := auth.Principal{User: "root", Role: auth.Admin}
		all := listAll(t, svc, admin, core.CustomerQuery{Limit: 500})
		inRun := listAll(t, svc, admin, core.CustomerQuery{Limit: 500, Scheme: "lifecycle"})
		if !slices.Equal(all, inRun) {
			t.Fatalf("the run holds %d of %d customers; the comparison needs all", len(inRun), len(all))
		}
		r := rand.New(rand.NewPCG(3, 4))
		pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
		atom := func() string {
			switch r.IntN(6) {
			case 0:
				return fmt.Sprintf(`region %s %q`, pick("=", "!="), pick("华东", "华北", "华南", "西南", "East China"))
			case 1:
				return fmt.Sprintf(`gender = %q`, pick("male", "female", "other"))
			case 2:
				return fmt.Sprintf(`tags has %q`, pick("VIP", "会员", "企业客户", "老客户"))
			case 3:
				return fmt.Sprintf(`owner %s`, pick(`is null`, `is not null`, `= "wang.jian"`))
			case 4:
				return fmt.Sprintf(`city in ("上海", "北京", %q)`, pick("杭州", "成都", "深圳"))
			}
			return fmt.Sprintf(`contains(occupation, %q)`, pick("师", "经理", "工"))
		}
		var expr func(d int) string
		expr = func(d int) string {
			if d == 0 || r.IntN(3) == 0 {
				return atom()
			}
			switch r.IntN(3) {
			case 0:
				return "(" + expr(d-1) + " and " + expr(d-1) + ")"
			case 1:
				return "(" + expr(d-1) + " or " + expr(d-1) + ")"
			}
			return "not " + expr(d-1)
		}
		nonEmpty := 0
		for i := range 60 {
			rule := expr(3)
			viaSQL := listAll(t, svc, admin, core.CustomerQuery{Limit: 97, Rule: rule})
			viaSnapshot := listAll(t, svc, admin, core.CustomerQuery{Limit: 97, Rule: rule, Scheme: "lifecycle"})
			if !slices.Equal(viaSQL, viaSnapshot) {
				t.Fatalf("rule %d %s: SQL lists %d customers, the snapshot %d\nSQL %v\nsnapshot %v", i, rule, len(viaSQL), len(viaSnapshot), viaSQL, viaSnapshot)
			}
			if len(viaSQL) > 0 && len(viaSQL) < len(all) {
				nonEmpty++
			}
		}
		if nonEmpty < 20 {
			t.Errorf("only %d of 60 random rules selected a proper subset: the test is too weak", nonEmpty)
		}
		// A sales user's rule list stays in scope on both back ends.
		sales := auth.Principal{User: "wang.jian", Role: auth.Sales}
		for _, q := range []core.CustomerQuery{{Limit: 50, Rule: `tags has "VIP"`}, {Limit: 50, Rule: `tags has "VIP"`, Scheme: "lifecycle"}} {
			page, err := svc.ListCustomersFor(ctx, sales, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page.Items {
				if c.Owner != "" && c.Owner != "wang.jian" {
					t.Errorf("sales list %+v holds %s owned by %s", q, c.ID, c.Owner)
				}
			}
		}
		if _, err := svc.ListCustomersFor(ctx, admin, core.CustomerQuery{Limit: 10, Rule: `region = 1`}); err == nil || !strings.Contains(err.Error(), "rule") {
			t.Errorf("a type error is not reported as a rule error: %v", err)
		}
	})
}
