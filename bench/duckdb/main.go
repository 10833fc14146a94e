// Command duckdb times the reference query in DuckDB against
// Strata's compute, in one process over one load of the same data, and
// reports their ratio: the classification engine's goal is a compute at
// least twice as fast as DuckDB's RFM group-by with three quintile scores
// from an in-memory table (issue 3).
//
// It is a module of its own because DuckDB is C++ behind cgo: Strata
// itself stays pure Go, and builds and tests without a C compiler.
//
//	go run ./cmd/strata bench classify --dir /tmp/bench1m   # once: 1M customers, 10M lines
//	cd bench/duckdb && go run . --dir /tmp/bench1m --repeat 9
//
// Each repetition runs, back to back: Strata's compute (metrics and every
// active scheme, as in a run; core.ComputeBench), the plain Go group-by
// (core.ReferenceGroupBy), then the DuckDB query. On a shared machine
// whose speed drifts, the ratios within a repetition move much less than
// any of the times.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"strata/internal/app"
	"strata/internal/config"
	"strata/internal/core"
	"strata/internal/metrics"
)

// queries are the reference in several forms: recency, frequency and
// monetary per customer over the paid lines before the cutoff, then a
// quintile score of each. DuckDB's time is the fastest of the RFM ones in
// each repetition. The outer sums make it compute every score.
var queries = []struct {
	name string
	rfm  bool // F counts distinct orders, as the RFM group-by does
	sql  string
}{
	{"ntile", true, groupBy("count(DISTINCT ord)", "AS") + ntileScores},
	// Strata's own convention: type-7 quantile cut points, score = 1 +
	// the number of cut points strictly below the value.
	{"quantile_cont", true, groupBy("count(DISTINCT ord)", "AS MATERIALIZED") + `, q AS (
	SELECT quantile_cont(last, [0.2, 0.4, 0.6, 0.8]) AS qr, quantile_cont(freq, [0.2, 0.4, 0.6, 0.8]) AS qf,
		quantile_cont(mon, [0.2, 0.4, 0.6, 0.8]) AS qm
	FROM g
), s AS (
	SELECT 1 + (last > qr[1])::INT + (last > qr[2])::INT + (last > qr[3])::INT + (last > qr[4])::INT AS r,
		1 + (freq > qf[1])::INT + (freq > qf[2])::INT + (freq > qf[3])::INT + (freq > qf[4])::INT AS f,
		1 + (mon > qm[1])::INT + (mon > qm[2])::INT + (mon > qm[3])::INT + (mon > qm[4])::INT AS m
	FROM g, q
)
SELECT count(*), sum(r), sum(f), sum(m) FROM s`},
	// Distinct orders by grouping twice: lines into orders, orders into
	// customers.
	{"two_level", true, `
WITH o AS (
	SELECT cust, max(ts) AS last, sum(amount) AS mon
	FROM orders WHERE status = $1 AND ts < $2
	GROUP BY cust, ord
), g AS (
	SELECT cust, max(last) AS last, count(*) AS freq, sum(mon) AS mon FROM o GROUP BY cust
)` + ntileScores},
	// A lower bound: frequency as lines, not distinct orders (cheaper for
	// DuckDB, not the same F).
	{"count_lines", false, groupBy("count(*)", "AS") + ntileScores},
}

// groupBy is the per-customer group-by g, with frequency freq; as is "AS"
// or "AS MATERIALIZED" (for a g read twice).
func groupBy(freq, as string) string {
	return `
WITH g ` + as + ` (
	SELECT cust, max(ts) AS last, ` + freq + ` AS freq, sum(amount) AS mon
	FROM orders WHERE status = $1 AND ts < $2
	GROUP BY cust
)`
}

// ntileScores follows a g: the three quintile scores by ntile, summed.
const ntileScores = `, s AS (
	SELECT ntile(5) OVER (ORDER BY last) AS r, ntile(5) OVER (ORDER BY freq) AS f, ntile(5) OVER (ORDER BY mon) AS m
	FROM g
)
SELECT count(*), sum(r), sum(f), sum(m) FROM s`

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "duckdb:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	dir := flag.String("dir", "", "directory of an earlier `strata bench classify --dir DIR` (its classify.db)")
	repeat := flag.Int("repeat", 9, "repetitions")
	asOfFlag := flag.String("as-of", "2026-06-30", "as-of date (the bench's)")
	flag.Parse()
	if *dir == "" || *repeat < 1 {
		return errors.New("usage: go run . --dir DIR [--repeat N] [--as-of DATE]")
	}
	asOf, err := time.Parse("2006-01-02", *asOfFlag)
	if err != nil {
		return fmt.Errorf("--as-of: %w", err)
	}
	db := filepath.Join(*dir, "classify.db")
	if _, err := os.Stat(db); err != nil {
		return err
	}
	cfg, err := config.Load(os.Getenv, map[string]string{"db": db})
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()

	t0 := time.Now()
	b, err := a.Core.NewComputeBench(ctx, asOf)
	if err != nil {
		return err
	}
	defer b.Close()
	in := b.Input()
	fmt.Printf("loaded %d customers and %d order lines from %s in %.1fs\n", len(in.Customers.ID), len(in.Orders.Cust), db, time.Since(t0).Seconds())

	t0 = time.Now()
	duck, err := openDuck(ctx, in)
	if err != nil {
		return err
	}
	defer duck.Close()
	fmt.Printf("copied the order lines into an in-memory DuckDB table in %.1fs (setup)\n", time.Since(t0).Seconds())
	var version string
	if err := duck.QueryRowContext(ctx, "SELECT version()").Scan(&version); err != nil {
		return err
	}
	cutoff := metrics.Cutoff(in.AsOf, in.Loc).Unix()
	if err := check(ctx, duck, in, cutoff); err != nil {
		return err
	}
	fmt.Printf("DuckDB %s, %d threads; its group-by agrees with core.ReferenceGroupBy customer by customer\n", version, runtime.GOMAXPROCS(0))

	type rep struct {
		strata, ref, duck float64
		each              []float64 // by query
	}
	reps := make([]rep, *repeat)
	for i := range reps {
		r, err := b.Rep(ctx)
		if err != nil {
			return err
		}
		x := rep{strata: r.ComputeSeconds, ref: r.ReferenceSeconds, each: make([]float64, len(queries))}
		for k, q := range queries {
			t := time.Now()
			var n, sr, sf, sm int64
			if err := duck.QueryRowContext(ctx, q.sql, int(metrics.StatusPaid), cutoff).Scan(&n, &sr, &sf, &sm); err != nil {
				return fmt.Errorf("query %s: %w", q.name, err)
			}
			x.each[k] = time.Since(t).Seconds()
		}
		x.duck = math.Inf(1)
		for k, q := range queries {
			if q.rfm {
				x.duck = min(x.duck, x.each[k])
			}
		}
		reps[i] = x
		fmt.Printf("  %2d: Strata compute %.3fs (metrics %.3fs + schemes %.3fs) | Go group-by %.3fs | DuckDB", i+1, x.strata, r.MetricsSeconds, r.SchemesSeconds, x.ref)
		for k, q := range queries {
			fmt.Printf(" %s %.3fs", q.name, x.each[k])
		}
		fmt.Printf(" | DuckDB (fastest RFM) / Strata %.2f×\n", x.duck/x.strata)
	}
	med := func(f func(rep) float64) float64 {
		v := make([]float64, len(reps))
		for i, r := range reps {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	fmt.Printf("median: Strata compute %.3fs, Go group-by %.3fs, DuckDB", med(func(r rep) float64 { return r.strata }), med(func(r rep) float64 { return r.ref }))
	for k, q := range queries {
		fmt.Printf(" %s %.3fs", q.name, med(func(r rep) float64 { return r.each[k] }))
	}
	fmt.Printf("\n  DuckDB (fastest RFM query) / Strata compute: %.2f× (goal ≥ 2); Strata compute / Go group-by: %.2f×\n",
		med(func(r rep) float64 { return r.duck / r.strata }), med(func(r rep) float64 { return r.strata / r.ref }))
	return nil
}

// openDuck copies the order lines the query reads into an in-memory
// DuckDB table.
func openDuck(ctx context.Context, in *metrics.Input) (*sql.DB, error) {
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(1) // one in-memory database, one connection
	if _, err := db.ExecContext(ctx, fmt.Sprintf("SET threads = %d", runtime.GOMAXPROCS(0))); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE orders (cust INTEGER, ts BIGINT, ord INTEGER, status UTINYINT, amount BIGINT)"); err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	o := &in.Orders
	err = conn.Raw(func(dc any) error {
		ap, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "orders")
		if err != nil {
			return err
		}
		for j := range o.Cust {
			if err := ap.AppendRow(o.Cust[j], o.At[j], o.Order[j], o.Status[j], o.Amount[j]); err != nil {
				ap.Close()
				return err
			}
		}
		return ap.Close()
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// check compares DuckDB's group-by with core.ReferenceGroupBy on every
// customer, so that the two time the same computation.
func check(ctx context.Context, db *sql.DB, in *metrics.Input, cutoff int64) error {
	last, freq, mon := core.ReferenceGroupBy(in)
	rows, err := db.QueryContext(ctx, `SELECT cust, max(ts), count(DISTINCT ord), sum(amount)::BIGINT FROM orders
		WHERE status = $1 AND ts < $2 GROUP BY cust`, int(metrics.StatusPaid), cutoff)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var c int32
		var l, m int64
		var f int32
		if err := rows.Scan(&c, &l, &f, &m); err != nil {
			return err
		}
		if last[c] != l || freq[c] != f || mon[c] != m {
			return fmt.Errorf("customer %d: DuckDB (%d, %d, %d), ReferenceGroupBy (%d, %d, %d)", c, l, f, m, last[c], freq[c], mon[c])
		}
		seen++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	buyers := 0
	for _, f := range freq {
		buyers += int(min(f, 1))
	}
	if seen != buyers {
		return fmt.Errorf("DuckDB grouped %d customers, ReferenceGroupBy %d", seen, buyers)
	}
	return nil
}
