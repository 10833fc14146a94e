package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// upsertSpec describes a multi-row upsert keyed on a unique constraint. The
// statement text is built only from these trusted identifiers; every value
// travels as a parameter (PostgreSQL) or through the batch virtual table
// (SQLite, batchvtab.go), never as SQL text.
type upsertSpec struct {
	table    string
	cols     []string // inserted columns, in argument order
	conflict string   // the unique key, e.g. "order_id, line"
	update   []string // columns overwritten on conflict (subset of cols)
	extra    string   // extra SET items, e.g. "version = customers.version + 1"
	// defaults lists the schema default of columns that may be omitted from
	// bulk inserts (sqlNull{} for NULL); it must match the migrations.
	defaults map[string]any
}

// maxParams keeps every statement under SQLite's 32,766 host-parameter limit
// and PostgreSQL's 65,535.
const maxParams = 30000

// batchRows is the row count per statement for a spec: large statements
// amortise the per-statement cost, which dominates bulk loads.
func (u *upsertSpec) batchRows() int {
	n := maxParams / len(u.cols)
	if n > 1000 {
		n = 1000
	}
	return n
}

var sqlCache sync.Map // key -> statement text

// sql returns the upsert statement for rows rows. Rows that would not change
// are filtered by the DO UPDATE … WHERE clause, so RETURNING yields exactly
// the inserted and the actually updated rows.
func (u *upsertSpec) sql(d Dialect, rows int) string {
	key := string(d) + "|" + u.table + "|" + strings.Join(u.cols, ",") + "|" + strings.Join(u.update, ",") + "|" + strconv.Itoa(rows)
	if q, ok := sqlCache.Load(key); ok {
		return q.(string)
	}
	q := u.insertSQL(d, rows) + u.conflictSQL()
	sqlCache.Store(key, q)
	return q
}

// conflictSQL is the statement tail after the inserted rows: the ON
// CONFLICT clause and RETURNING id ("" without a conflict key).
func (u *upsertSpec) conflictSQL() string {
	if u.conflict == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(" ON CONFLICT (")
	b.WriteString(u.conflict)
	if len(u.update) == 0 {
		b.WriteString(") DO NOTHING RETURNING id")
		return b.String()
	}
	b.WriteString(") DO UPDATE SET ")
	for i, c := range u.update {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " = excluded." + c)
	}
	if u.extra != "" {
		b.WriteString(", " + u.extra)
	}
	b.WriteString(" WHERE ")
	first := true
	for _, c := range u.update {
		if c == "updated_at" {
			continue
		}
		if !first {
			b.WriteString(" OR ")
		}
		first = false
		b.WriteString(u.table + "." + c + " IS DISTINCT FROM excluded." + c)
	}
	b.WriteString(" RETURNING id")
	return b.String()
}

// insertSQL is the plain multi-row INSERT for rows rows.
func (u *upsertSpec) insertSQL(d Dialect, rows int) string {
	var b strings.Builder
	b.Grow(rows * len(u.cols) * 6)
	b.WriteString("INSERT INTO ")
	b.WriteString(u.table)
	b.WriteString(" (")
	b.WriteString(strings.Join(u.cols, ", "))
	b.WriteString(") VALUES ")
	n := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range u.cols {
			if c > 0 {
				b.WriteByte(',')
			}
			writeParam(&b, d, n)
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// WriteCounts tallies what an upsert did.
type WriteCounts struct {
	Inserted  int
	Updated   int
	Unchanged int
}

// Add accumulates o into c.
func (c *WriteCounts) Add(o WriteCounts) {
	c.Inserted += o.Inserted
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
}

// upsert writes rows (flat args, len = rows×len(cols)) in statements of
// batchRows. Rows whose returned id is above maxBefore were inserted; ids
// are assigned in increasing order on both engines.
func (tx *Tx) upsert(ctx context.Context, u *upsertSpec, args []any, maxBefore int64) (WriteCounts, error) {
	var wc WriteCounts
	nc := len(u.cols)
	if len(args)%nc != 0 {
		return wc, fmt.Errorf("upsert %s: %d args for %d columns", u.table, len(args), nc)
	}
	total := len(args) / nc
	if total == 0 {
		return wc, nil
	}
	if tx.dialect == SQLite {
		if tx.bulk[u.table] {
			return tx.appendBatch(ctx, u, args)
		}
		return tx.upsertBatch(ctx, u, args, maxBefore)
	}
	per := u.batchRows()
	for start := 0; start < total; start += per {
		rows := min(per, total-start)
		st, err := tx.stmt(ctx, u.sql(tx.dialect, rows))
		if err != nil {
			return wc, fmt.Errorf("upsert %s: %w", u.table, err)
		}
		res, err := st.QueryContext(ctx, args[start*nc:(start+rows)*nc]...)
		if err != nil {
			return wc, fmt.Errorf("upsert %s: %w", u.table, err)
		}
		if err := countReturned(res, rows, maxBefore, &wc); err != nil {
			return wc, fmt.Errorf("upsert %s: %w", u.table, err)
		}
	}
	return wc, nil
}

// countReturned reads the ids an upsert of rows rows returned (the inserted
// and the actually updated rows) into wc, and closes res.
func countReturned(res *sql.Rows, rows int, maxBefore int64, wc *WriteCounts) error {
	returned := 0
	for res.Next() {
		var id int64
		if err := res.Scan(&id); err != nil {
			res.Close()
			return err
		}
		returned++
		if id > maxBefore {
			wc.Inserted++
		} else {
			wc.Updated++
		}
	}
	if err := res.Close(); err != nil {
		return err
	}
	if err := res.Err(); err != nil {
		return err
	}
	wc.Unchanged += rows - returned
	return nil
}

// allDefault reports whether column c of every row equals def (a column
// without a declared default never qualifies).
func allDefault(args []any, nc, c int, def any) bool {
	if def == nil {
		return false
	}
	for i := c; i < len(args); i += nc {
		v := args[i]
		if _, isNull := def.(sqlNull); isNull {
			if v != nil {
				return false
			}
			continue
		}
		if v != def {
			return false
		}
	}
	return true
}

// sqlNull marks a column whose default is NULL.
type sqlNull struct{}

// MaxID returns the largest id of a record table, the watermark upsert uses
// to tell inserts from updates. table must be one of the record tables.
func (tx *Tx) MaxID(ctx context.Context, table string) (int64, error) {
	switch table {
	case "customers", "orders", "interactions", "surveys", "tickets":
	default:
		return 0, fmt.Errorf("MaxID: unknown table %q", table)
	}
	var id int64
	err := tx.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&id)
	return id, err
}

// placeholders returns the parameter list for n values starting at
// parameter number from.
func placeholders(d Dialect, from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		writeParam(&b, d, from+i)
	}
	return b.String()
}

// writeParam writes parameter number n. Bulk statements on SQLite use
// anonymous "?" parameters: the modernc driver resolves every named or
// numbered parameter ($N, ?N) by a linear scan of the statement's parameter
// list, which makes binding a 30,000-parameter statement quadratic (it was
// 90 % of an import's time). Anonymous parameters are numbered in order,
// so the meaning is the same.
func writeParam(b *strings.Builder, d Dialect, n int) {
	if d == SQLite {
		b.WriteByte('?')
		return
	}
	b.WriteByte('$')
	b.WriteString(strconv.Itoa(n))
}
