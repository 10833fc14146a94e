package core_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// rfmReferenceSQL computes RFM scores independently of the Go code, in SQL
// that runs on SQLite and PostgreSQL: the same definitions (a purchase is a
// paid line with a positive amount; F counts distinct orders; M sums paid
// lines; R is whole business-zone days, UTC+8, since the last purchase),
// type-7 quintile cut points by window functions (FLOOR, not CAST: a
// PostgreSQL cast to integer rounds), scores by counting cut points
// strictly below the value ($1 = cutoff instant, $2 = as-of day
// number).
const rfmReferenceSQL = `
WITH lines AS (
    SELECT c.ext_id AS id, o.order_id, o.amount, o.status, (o.ordered_at + 28800) / 86400 AS day
    FROM orders o JOIN customers c ON c.id = o.customer
    WHERE o.ordered_at < $1
), rfm AS MATERIALIZED (
    SELECT id,
           $2 - MAX(CASE WHEN status = 'paid' AND amount > 0 THEN day END) AS r,
           COUNT(DISTINCT CASE WHEN status = 'paid' AND amount > 0 THEN order_id END) AS f,
           SUM(CASE WHEN status = 'paid' THEN amount ELSE 0 END) AS m
    FROM lines GROUP BY id
    HAVING COUNT(CASE WHEN status = 'paid' AND amount > 0 THEN 1 END) > 0
), ps AS (
    SELECT CAST(0.2 AS DOUBLE PRECISION) AS p UNION ALL SELECT CAST(0.4 AS DOUBLE PRECISION)
    UNION ALL SELECT CAST(0.6 AS DOUBLE PRECISION) UNION ALL SELECT CAST(0.8 AS DOUBLE PRECISION)
), vals AS (
    SELECT 'r' AS dim, CAST(r AS DOUBLE PRECISION) AS x FROM rfm
    UNION ALL SELECT 'f', CAST(f AS DOUBLE PRECISION) FROM rfm
    UNION ALL SELECT 'm', CAST(m AS DOUBLE PRECISION) FROM rfm
), ranked AS MATERIALIZED (
    SELECT dim, x, ROW_NUMBER() OVER (PARTITION BY dim ORDER BY x) - 1 AS k, COUNT(*) OVER (PARTITION BY dim) AS n FROM vals
), pos AS (
    SELECT DISTINCT dim, p, n, (n - 1) * p AS h, CAST(FLOOR((n - 1) * p) AS INTEGER) AS lo FROM ranked, ps
), cuts AS MATERIALIZED (
    SELECT pos.dim, pos.p,
           a.x + (pos.h - pos.lo) * (COALESCE(b.x, a.x) - a.x) AS cut
    FROM pos
    JOIN ranked a ON a.dim = pos.dim AND a.k = pos.lo
    LEFT JOIN ranked b ON b.dim = pos.dim AND b.k = pos.lo + 1
)
SELECT id,
       5 - (SELECT COUNT(*) FROM cuts WHERE dim = 'r' AND cut < rfm.r) AS r_score,
       1 + (SELECT COUNT(*) FROM cuts WHERE dim = 'f' AND cut < rfm.f) AS f_score,
       1 + (SELECT COUNT(*) FROM cuts WHERE dim = 'm' AND cut < rfm.m) AS m_score
FROM rfm`

func TestRFMScoresAgreeWithSQLOnCDNOW(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "cdnow", "CDNOW_master.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("CDNOW data not present: %v", err)
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			s, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			svc := newService(s)
			f, _ := os.Open(path)
			defer f.Close()
			if _, err := svc.Import(ctx, f, core.ImportOptions{Read: ingest.Options{Kind: ingest.KindOrders,
				Map: map[string]string{"quantity": "number_of_cds", "amount": "dollar_value"}}}); err != nil {
				t.Fatal(err)
			}
			asOf := time.Date(1998, 7, 1, 0, 0, 0, 0, time.UTC)
			sum, err := svc.Classify(ctx, core.ClassifyOptions{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Customers != 23570 {
				t.Fatalf("%d customers classified", sum.Customers)
			}
			var b strings.Builder
			if _, err := svc.ExportClasses(ctx, sum.RunID, ingest.FormatCSV, "en", "", "", &b); err != nil {
				t.Fatal(err)
			}
			got := map[string][3]string{}
			for i, line := range strings.Split(strings.TrimSpace(strings.TrimPrefix(b.String(), "\uFEFF")), "\n") {
				cells := strings.Split(strings.TrimSpace(line), ",")
				if i == 0 {
					if strings.Join(cells[:7], ",") != "customer_id,recency_days,frequency,monetary,r_score,f_score,m_score" {
						t.Fatalf("header %v", cells[:7])
					}
					continue
				}
				got[cells[0]] = [3]string{cells[4], cells[5], cells[6]}
			}
			driver := "sqlite"
			if d == store.Postgres {
				driver = "pgx"
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			cutoff := core.Cutoff(asOf, shanghai).Unix()
			day := (asOf.Unix() + 0) / 86400
			rows, err := db.QueryContext(ctx, rfmReferenceSQL, cutoff, day)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n, bad := 0, 0
			for rows.Next() {
				var id, r, f, m string
				if err := rows.Scan(&id, &r, &f, &m); err != nil {
					t.Fatal(err)
				}
				n++
				if g := got[id]; g != [3]string{r, f, m} {
					if bad++; bad <= 5 {
						t.Errorf("customer %s: Go R,F,M = %v, SQL = %s,%s,%s", id, g, r, f, m)
					}
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			scored := 0
			for _, g := range got {
				if g[0] != "" {
					scored++
				}
			}
			if n == 0 || n != scored || bad > 0 {
				t.Fatalf("SQL scored %d customers, Go %d, %d disagree", n, scored, bad)
			}
			t.Logf("%s: %d customers scored identically by Go and SQL", d, n)
		})
	}
}
