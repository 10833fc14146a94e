package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"strata/internal/model"
)

func openSQLite(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "b.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A value reaches SQLite through the batch table exactly as it would as a
// bound parameter: same storage class, same value.
func TestBatchValuesMatchBoundParameters(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	vals := []any{nil, int64(-7), int64(1 << 40), 2.5, -0.0, "", "茶叶 'x'", []byte(nil), []byte{}, []byte{0, 1, 255},
		true, false, 42, int32(-3), uint8(200), float32(1.5), model.Money(12345), model.StatusPaid}
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.batchTableReady(ctx); err != nil {
			return err
		}
		h := putBatch(vals, len(vals))
		defer batches.Delete(h)
		for c, v := range vals {
			var bt, bq, vt, vq string
			if err := tx.tx.QueryRowContext(ctx, "SELECT typeof(?), quote(?)", v, v).Scan(&bt, &bq); err != nil {
				return fmt.Errorf("bind %T: %w", v, err)
			}
			q := fmt.Sprintf("SELECT typeof(c%d), quote(c%d) FROM temp.strata_batch WHERE handle = ?", c, c)
			if err := tx.tx.QueryRowContext(ctx, q, h).Scan(&vt, &vq); err != nil {
				return fmt.Errorf("batch %T: %w", v, err)
			}
			if bt != vt || bq != vq {
				t.Errorf("%T %v: bound %s %s, batch %s %s", v, v, bt, bq, vt, vq)
			}
		}
		// time.Time would differ (text when bound): refused, not converted.
		ht := putBatch([]any{time.Now()}, 1)
		defer batches.Delete(ht)
		var x any
		if err := tx.tx.QueryRowContext(ctx, "SELECT c0 FROM temp.strata_batch WHERE handle = ?", ht).Scan(&x); err == nil {
			t.Error("time.Time accepted by the batch table")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A scan sees only the rows of its own handle: none without one, an error
// for an unknown one.
func TestBatchTableSeesOnlyItsHandle(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.batchTableReady(ctx); err != nil {
			return err
		}
		a := putBatch([]any{int64(1), "a", int64(2), "b"}, 2)
		b := putBatch([]any{int64(3), "c"}, 1)
		defer batches.Delete(a)
		defer batches.Delete(b)
		count := func(q string, args ...any) (int, error) {
			var n int
			err := tx.tx.QueryRowContext(ctx, q, args...).Scan(&n)
			return n, err
		}
		if n, err := count("SELECT COUNT(*) FROM temp.strata_batch"); err != nil || n != 0 {
			t.Errorf("scan without handle: %d rows, %v", n, err)
		}
		if n, err := count("SELECT COUNT(*) FROM temp.strata_batch WHERE handle = ?", a); err != nil || n != 2 {
			t.Errorf("handle a: %d rows, %v", n, err)
		}
		if n, err := count("SELECT COUNT(*) FROM temp.strata_batch WHERE handle = ?", b); err != nil || n != 2 {
			t.Errorf("handle b (rows of one value): %d rows, %v", n, err)
		}
		if _, err := count("SELECT COUNT(*) FROM temp.strata_batch WHERE handle = ?", int64(-1)); err == nil {
			t.Error("unknown handle accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Upserts through the batch table: one statement for a call far above the
// host-parameter limit of a VALUES list, exact inserted / updated /
// unchanged counts, the temp table recreated after a rollback.
func TestBatchUpsertCountsAndRollback(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	const n = 5000 // 70,000 values: more than SQLite's 32,766 parameters
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	orders := make([]*model.Order, n)
	cust := make([]int64, n)
	for i := range orders {
		orders[i] = &model.Order{OrderID: fmt.Sprintf("O%d", i/2), Line: 1 + i%2, CustomerID: "X", OrderedAt: at,
			Quantity: 1, Amount: model.Money(i), Category: "c", Status: model.StatusPaid}
	}
	load := func(fail bool) (WriteCounts, error) {
		var wc WriteCounts
		err := s.Write(ctx, func(tx *Tx) error {
			m, _, err := tx.ResolveCustomers(ctx, []string{"X"}, true)
			if err != nil {
				return err
			}
			for i := range cust {
				cust[i] = m["X"]
			}
			max, err := tx.MaxID(ctx, "orders")
			if err != nil {
				return err
			}
			if wc, err = tx.UpsertOrders(ctx, orders, cust, max); err != nil {
				return err
			}
			if fail {
				return fmt.Errorf("boom")
			}
			return nil
		})
		return wc, err
	}
	if _, err := load(true); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("failing load: %v", err)
	}
	if wc, err := load(false); err != nil || wc != (WriteCounts{Inserted: n}) {
		t.Fatalf("first load: %+v %v", wc, err)
	}
	orders[10].Amount = -1
	orders[11].Channel = "web"
	orders = append(orders, &model.Order{OrderID: "new", Line: 1, CustomerID: "X", OrderedAt: at, Amount: 5, Status: model.StatusPaid})
	cust = append(cust, 0)
	if wc, err := load(false); err != nil || wc != (WriteCounts{Inserted: 1, Updated: 2, Unchanged: n - 2}) {
		t.Fatalf("second load: %+v %v", wc, err)
	}
	var got []model.Order
	if err := s.EachOrder(ctx, func(o *model.Order) error { got = append(got, *o); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != n+1 || got[10] != *orders[10] || got[11] != *orders[11] || got[n] != *orders[n] {
		t.Fatalf("read back %d orders; 10: %+v 11: %+v", len(got), got[10], got[11])
	}
}
