package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"strata/internal/model"
)

// benchOrders builds n order lines over customers customers shaped like the
// bench import CSV (order_id, line, customer, ordered_at, sku, category,
// quantity, unit_price, amount, channel).
func benchOrders(n, customers int) ([]*model.Order, []int64) {
	r := rand.New(rand.NewPCG(42, 7))
	cats := []string{"茶叶", "茶具", "零食", "礼盒", "饮品", "器皿"}
	chans := []string{"store", "web", "tmall", "jd", "wechat"}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	lines := make([]*model.Order, 0, n)
	cust := make([]int64, 0, n)
	order := 0
	for len(lines) < n {
		order++
		nl := 1 + r.IntN(3)
		c := 1 + r.IntN(customers)
		at := time.Unix(start+r.Int64N(3*365*86400), 0).UTC()
		for l := 1; l <= nl && len(lines) < n; l++ {
			qty := 1 + r.IntN(4)
			price := 500 + r.IntN(50000)
			lines = append(lines, &model.Order{OrderID: "SO" + strconv.Itoa(order), Line: l, CustomerID: "C" + strconv.Itoa(c),
				OrderedAt: at, Quantity: float64(qty), UnitPrice: model.Money(price), Amount: model.Money(price * qty),
				SKU: "SKU" + strconv.Itoa(r.IntN(500)), Category: cats[r.IntN(len(cats))], Channel: chans[r.IntN(len(chans))],
				Status: model.StatusPaid})
			cust = append(cust, int64(c))
		}
	}
	return lines, cust
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBulkOrders1M measures the store's part of a 1M-row order import
// into an empty SQLite database: bare customers, the order rows in batches
// of 4000, and the index rebuild, each phase with wall and CPU time.
func BenchmarkBulkOrders1M(b *testing.B) {
	const n, customers, batch = 1_000_000, 100_000, 4000
	ols, cust := benchOrders(n, customers)
	ext := make([]string, customers)
	for i := range ext {
		ext[i] = "C" + strconv.Itoa(i+1)
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		// STRATA_BENCH_FK=row measures the load with SQLite's per-row
		// foreign-key check (Write) instead of WriteRecordLoad's final one.
		write := func(fn func(*Tx) error) error { return s.WriteRecordLoad(ctx, "orders", fn) }
		if os.Getenv("STRATA_BENCH_FK") == "row" {
			write = func(fn func(*Tx) error) error { return s.Write(ctx, fn) }
		}
		b.StartTimer()
		var t [4]time.Time
		var c [4]time.Duration
		mark := func(k int) { t[k], c[k] = time.Now(), cpuNow() }
		t0, c0 := time.Now(), cpuNow()
		err = write(func(tx *Tx) error {
			if _, err := tx.BeginBulk(ctx, "orders"); err != nil {
				return err
			}
			mark(0)
			if err := tx.CreateCustomersAt(ctx, ext, 1); err != nil {
				return err
			}
			mark(1)
			for at := 0; at < n; at += batch {
				end := min(at+batch, n)
				wc, err := tx.UpsertOrders(ctx, ols[at:end], cust[at:end], 0)
				if err != nil {
					return err
				}
				if wc.Inserted != end-at {
					return fmt.Errorf("inserted %d of %d", wc.Inserted, end-at)
				}
			}
			mark(2)
			if err := tx.EndBulk(ctx, "orders"); err != nil {
				return err
			}
			mark(3)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		t4, c4 := time.Now(), cpuNow()
		b.StopTimer()
		s.Close()
		b.StartTimer()
		ph := []string{"customers", "orders", "indexes"}
		for k := 0; k < 3; k++ {
			b.Logf("%-9s wall %6.3fs cpu %6.3fs", ph[k], t[k+1].Sub(t[k]).Seconds(), (c[k+1] - c[k]).Seconds())
		}
		b.Logf("%-9s wall %6.3fs cpu %6.3fs", "check+commit", t4.Sub(t[3]).Seconds(), (c4 - c[3]).Seconds())
		b.Logf("%-9s wall %6.3fs cpu %6.3fs", "total", t4.Sub(t0).Seconds(), (c4 - c0).Seconds())
		b.ReportMetric(float64(n)/t[2].Sub(t[1]).Seconds(), "order-rows/s")
		b.ReportMetric((c[2]-c[1]).Seconds()*1e9/n, "order-cpu-ns/row")
	}
}

// BenchmarkSQLFloor1M is the engine's own cost of a 1M-row order load with
// no Go work per row: rows generated in SQL, then the two order indexes
// built. The same statements in the sqlite3 CLI give the native figures.
func BenchmarkSQLFloor1M(b *testing.B) {
	ctx := context.Background()
	steps := []struct{ name, q string }{
		{"generate+insert", "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM g WHERE i < 1000000) " +
			"INSERT INTO orders (order_id, line, customer, ordered_at, quantity, unit_price, amount, sku, category, channel) " +
			"SELECT 'SO'||(i/2), i%3+1, abs(random())%100000+1, 1672531200+abs(random())%94608000, 2.0, 12345, 24690, 'SKU'||(i%500), '茶叶', 'tmall' FROM g"},
		{"copy 1M rows", "INSERT INTO orders2 SELECT * FROM orders"},
		{"index orders_key", "CREATE UNIQUE INDEX orders_key ON orders (order_id, line)"},
		{"index orders_customer", "CREATE INDEX orders_customer ON orders (customer, ordered_at)"},
		{"commit", "COMMIT"},
	}
	for i := 0; i < b.N; i++ {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "f.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		db := s.write
		for _, q := range []string{"PRAGMA cache_size=-262144", "PRAGMA foreign_keys=OFF", "DROP INDEX orders_key", "DROP INDEX orders_customer",
			"CREATE TABLE orders2 AS SELECT * FROM orders WHERE 0", "BEGIN"} {
			if _, err := db.Exec(q); err != nil {
				b.Fatal(q, err)
			}
		}
		for _, st := range steps {
			t0, c0 := time.Now(), cpuNow()
			if _, err := db.Exec(st.q); err != nil {
				b.Fatal(st.name, err)
			}
			b.Logf("%-22s wall %.3fs cpu %.3fs", st.name, time.Since(t0).Seconds(), (cpuNow() - c0).Seconds())
		}
		s.Close()
	}
}
