package rules

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// agreeDDL is valid on both engines: SQLite maps the types to REAL,
// INTEGER and TEXT affinity. frequency is an integer column on purpose,
// compared with float parameters.
var agreeDDL = []string{
	`CREATE TABLE customers (
		id               BIGINT PRIMARY KEY,
		monetary         DOUBLE PRECISION,
		frequency        BIGINT,
		recency          DOUBLE PRECISION,
		clv              DOUBLE PRECISION,
		region           TEXT,
		name             TEXT,
		city             TEXT,
		vip              INTEGER,
		churned          INTEGER,
		last_purchase_at BIGINT,
		registered_at    BIGINT
	)`,
	`CREATE TABLE customer_tags (
		customer BIGINT NOT NULL REFERENCES customers (id),
		tag      TEXT   NOT NULL,
		PRIMARY KEY (customer, tag)
	)`,
}

// agreeTarget maps testSchema onto agreeDDL.
func agreeTarget(dialect string) SQLTarget {
	cols := map[string]string{}
	for name, typ := range testSchema {
		if typ != StringSet {
			cols[name] = "c." + name
		}
	}
	return SQLTarget{Dialect: dialect, Columns: cols, Tags: map[string]string{
		"tags": "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer = c.id AND t.tag = {tag})",
	}}
}

// dbConn is what *sql.DB and *sql.Conn have in common.
type dbConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const (
	agreeCustomers = 2000
	agreeRules     = 300
)

func TestBackendsAgreeSQLite(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection = one in-memory database
	checkAgreement(t, db, DialectSQLite)
}

// TestBackendsAgreePostgres runs the same check on PostgreSQL when
// STRATA_TEST_POSTGRES_DSN is set (CI sets it), in a fresh schema that is
// dropped afterwards.
func TestBackendsAgreePostgres(t *testing.T) {
	dsn := os.Getenv("STRATA_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("STRATA_TEST_POSTGRES_DSN not set")
	}
	ctx := context.Background()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	schema := "rules_test_" + hex.EncodeToString(suffix)
	if _, err := conn.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := conn.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema: %v", err)
		}
	}()
	if _, err := conn.ExecContext(ctx, "SET search_path TO "+schema); err != nil {
		t.Fatal(err)
	}
	checkAgreement(t, conn, DialectPostgres)
}

// checkAgreement loads seeded random customers, then checks for seeded
// random rules that the SQL WHERE clause, Eval and Bind select the same ids.
func checkAgreement(t *testing.T, db dbConn, dialect string) {
	ctx := context.Background()
	g := newGen(20250331, testAsOf)
	recs := g.customers(agreeCustomers)
	for _, q := range agreeDDL {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	insertCustomers(t, db, recs)
	cols := toColumns(recs, testSchema)
	target := agreeTarget(dialect)

	var none, all, some int
	for i := range agreeRules {
		r := compileGenerated(t, g)
		want := evalIDs(r, recs)
		match, err := r.Bind(cols, testAsOf)
		if err != nil {
			t.Fatalf("Bind(%s): %v", r, err)
		}
		var bound []int64
		for j := range recs {
			if match(j) {
				bound = append(bound, int64(j))
			}
		}
		block, err := r.BindBlock(cols, testAsOf)
		if err != nil {
			t.Fatalf("BindBlock(%s): %v", r, err)
		}
		var blocked []int64
		out := make([]bool, BlockSize)
		for lo, size := 0, 1+i%777; lo < len(recs); lo += size { // blocks of every size and offset
			m := out[:min(size, len(recs)-lo)]
			block(lo, m)
			for k, ok := range m {
				if ok {
					blocked = append(blocked, int64(lo+k))
				}
			}
		}
		if !slices.Equal(blocked, bound) {
			t.Fatalf("rule %d %s: BindBlock selects %d rows, Bind %d; first difference at %v", i, r, len(blocked), len(bound), firstDiff(bound, blocked, bound))
		}
		// firstArg 3 behind two parameters of our own checks the numbering.
		where, args, err := r.SQL(target, testAsOf, 3)
		if err != nil {
			t.Fatalf("SQL(%s): %v", r, err)
		}
		got := queryIDs(t, db, "SELECT c.id FROM customers c WHERE c.id >= $1 AND c.id < $2 AND "+where+" ORDER BY c.id",
			append([]any{int64(0), int64(len(recs))}, args...))
		if !slices.Equal(got, want) || !slices.Equal(bound, want) {
			t.Fatalf("rule %d %s\nSQL %s %v\nEval selects %d rows, SQL %d, Bind %d; first difference at %v",
				i, r, where, args, len(want), len(got), len(bound), firstDiff(want, got, bound))
		}
		switch len(want) {
		case 0:
			none++
		case len(recs):
			all++
		default:
			some++
		}
	}
	t.Logf("%s: %d rules over %d customers: %d select none, %d all, %d some", dialect, agreeRules, len(recs), none, all, some)
	if some < agreeRules/2 {
		t.Errorf("only %d of %d rules select a proper subset; the generator is too weak", some, agreeRules)
	}
}

// compileGenerated draws a random rule and compiles its canonical text, so
// every generated tree also exercises the parser and the round trip.
func compileGenerated(t *testing.T, g *gen) *Rule {
	t.Helper()
	text := (&Rule{root: g.rule(3)}).String()
	r, err := Compile(text, testSchema)
	if err != nil {
		t.Fatalf("generated rule %q does not compile: %v", text, err)
	}
	if r.String() != text {
		t.Fatalf("generated rule %q formats as %q", text, r.String())
	}
	return r
}

func evalIDs(r *Rule, recs []testRecord) []int64 {
	var ids []int64
	for i, rec := range recs {
		if r.Eval(rec, testAsOf) {
			ids = append(ids, int64(i))
		}
	}
	return ids
}

func firstDiff(a, b, c []int64) string {
	for i := range max(len(a), len(b), len(c)) {
		at := func(s []int64) int64 {
			if i < len(s) {
				return s[i]
			}
			return -1
		}
		if at(a) != at(b) || at(a) != at(c) {
			return fmt.Sprintf("index %d: Eval id %d, SQL id %d, Bind id %d", i, at(a), at(b), at(c))
		}
	}
	return "none"
}

func queryIDs(t *testing.T, db dbConn, q string, args []any) []int64 {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s %v: %v", q, args, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return ids
}

// insertCustomers writes recs with id = index; missing values become NULL.
func insertCustomers(t *testing.T, db dbConn, recs []testRecord) {
	t.Helper()
	ctx := context.Background()
	num := func(r testRecord, f string) any {
		if v, ok := r.nums[f]; ok && !math.IsNaN(v) {
			return v
		}
		return nil
	}
	str := func(r testRecord, f string) any {
		if v, ok := r.strs[f]; ok {
			return v
		}
		return nil
	}
	boolean := func(r testRecord, f string) any {
		if v, ok := r.bools[f]; ok {
			return boolInt(v)
		}
		return nil
	}
	date := func(r testRecord, f string) any {
		if v, ok := r.dates[f]; ok {
			return v.Unix()
		}
		return nil
	}
	exec := func(q string, args ...any) {
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("BEGIN")
	for i, r := range recs {
		freq := num(r, "frequency")
		if f, ok := freq.(float64); ok {
			freq = int64(f)
		}
		exec(`INSERT INTO customers VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			int64(i), num(r, "monetary"), freq, num(r, "recency"), num(r, "clv"),
			str(r, "region"), str(r, "name"), str(r, "city"), boolean(r, "vip"), boolean(r, "churned"),
			date(r, "last_purchase_at"), date(r, "registered_at"))
		for _, tag := range r.tags["tags"] {
			exec(`INSERT INTO customer_tags (customer, tag) VALUES ($1, $2)`, int64(i), tag)
		}
	}
	exec("COMMIT")
}
