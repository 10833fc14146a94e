package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// A record load refuses a row that references a missing customer and
// writes nothing, into an empty table (SQLite: the final check) and into a
// table with rows (per-row foreign keys), on both engines; afterwards the
// connection enforces foreign keys again.
func TestRecordLoadChecksCustomerReferences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		order := func(id string) *model.Order {
			return &model.Order{OrderID: id, Line: 1, CustomerID: "X", OrderedAt: at, Amount: 1, Status: model.StatusPaid}
		}
		load := func(bulk bool, os []*model.Order, bogus bool) error {
			return s.WriteRecordLoad(ctx, "orders", func(tx *store.Tx) error {
				m, _, err := tx.ResolveCustomers(ctx, []string{"X"}, true)
				if err != nil {
					return err
				}
				if bulk {
					if _, err := tx.BeginBulk(ctx, "orders"); err != nil {
						return err
					}
				}
				cust := make([]int64, len(os))
				for i := range cust {
					cust[i] = m["X"]
				}
				if bogus {
					cust[len(cust)-1] = m["X"] + 1000
				}
				max, _ := tx.MaxID(ctx, "orders")
				if _, err := tx.UpsertOrders(ctx, os, cust, max); err != nil {
					return err
				}
				return tx.EndBulk(ctx, "orders")
			})
		}
		for _, bulk := range []bool{true, false} {
			err := load(bulk, []*model.Order{order("A"), order("B")}, true)
			if err == nil || !strings.Contains(strings.ToUpper(err.Error()), "FOREIGN KEY") {
				t.Fatalf("bulk=%v: missing customer accepted: %v", bulk, err)
			}
			if n, _ := s.Counts(ctx); n["orders"] != 0 || n["customers"] != 0 {
				t.Fatalf("bulk=%v: failed load left %v", bulk, n)
			}
		}
		if err := load(true, []*model.Order{order("A"), order("B")}, false); err != nil {
			t.Fatal(err)
		}
		// Not empty any more: per-row checks.
		if err := load(false, []*model.Order{order("C")}, true); err == nil {
			t.Fatal("missing customer accepted in a load into a table with rows")
		}
		// Foreign keys are enforced again on the writer connection.
		err := s.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.UpsertOrders(ctx, []*model.Order{order("D")}, []int64{99999}, 1<<40)
			return err
		})
		if err == nil {
			t.Fatal("missing customer accepted by a plain write after a record load")
		}
		if n, _ := s.Counts(ctx); n["orders"] != 2 || n["customers"] != 1 {
			t.Fatalf("counts %v", n)
		}
	})
}
