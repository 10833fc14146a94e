package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite/vtab"
)

// The batch virtual table serves one batch of already validated rows to
// SQLite as a table, so that a single INSERT … SELECT moves the whole batch
// (SQLite only). Binding a multi-row VALUES statement costs a database/sql
// conversion, a parameter-name lookup and a locked sqlite3_bind call per
// value; the virtual table hands each value over with one xColumn call, and
// a statement is no longer bounded by the host-parameter limit.
//
// Every connection gets its own temp.strata_batch (created on first use in
// a transaction); the rows of a statement are named by a handle passed as
// the statement's only parameter (WHERE handle = ?), looked up in a
// process-wide registry. A statement never sees another statement's rows.

const (
	batchModule = "strata_batch"
	batchCols   = 32 // generic columns c0 … c31; the widest spec (customers) has 21
)

func init() {
	if err := vtab.RegisterModule(nil, batchModule, batchMod{}); err != nil {
		panic("store: registering the batch virtual table: " + err.Error())
	}
}

// rowBatch is one batch: rows of nc values each, flat.
type rowBatch struct {
	args []any
	nc   int
}

var (
	batchSeq atomic.Int64
	batches  sync.Map // int64 handle -> *rowBatch
)

// putBatch registers rows for one statement; the caller deletes it.
func putBatch(args []any, nc int) int64 {
	h := batchSeq.Add(1)
	batches.Store(h, &rowBatch{args: args, nc: nc})
	return h
}

type batchMod struct{}

func batchSchema() string {
	var b strings.Builder
	b.WriteString("CREATE TABLE x(")
	for i := 0; i < batchCols; i++ {
		b.WriteString("c" + strconv.Itoa(i) + ", ")
	}
	b.WriteString("handle HIDDEN)")
	return b.String()
}

func (batchMod) Create(ctx vtab.Context, args []string) (vtab.Table, error) {
	if err := ctx.Declare(batchSchema()); err != nil {
		return nil, err
	}
	return batchTable{}, nil
}

func (m batchMod) Connect(ctx vtab.Context, args []string) (vtab.Table, error) {
	return m.Create(ctx, args)
}

type batchTable struct{}

// BestIndex accepts only plans with handle = ?; any other scan is empty.
func (batchTable) BestIndex(info *vtab.IndexInfo) error {
	for i := range info.Constraints {
		c := &info.Constraints[i]
		if c.Usable && c.Column == batchCols && c.Op == vtab.OpEQ {
			c.ArgIndex = 0
			c.Omit = true
			info.IdxNum = 1
			info.EstimatedCost = 1
			info.EstimatedRows = 1000
			return nil
		}
	}
	info.IdxNum = 0
	info.EstimatedCost = 1e12
	return nil
}

func (batchTable) Open() (vtab.Cursor, error) { return &batchCursor{}, nil }
func (batchTable) Disconnect() error          { return nil }
func (batchTable) Destroy() error             { return nil }

type batchCursor struct {
	args []any
	nc   int
	pos  int // offset of the current row in args
}

func (c *batchCursor) Filter(idxNum int, _ string, vals []vtab.Value) error {
	c.args, c.nc, c.pos = nil, 1, 0
	if idxNum != 1 || len(vals) != 1 {
		return nil
	}
	h, ok := vals[0].(int64)
	if !ok {
		return fmt.Errorf("strata_batch: handle %v", vals[0])
	}
	b, ok := batches.Load(h)
	if !ok {
		return fmt.Errorf("strata_batch: unknown handle %d", h)
	}
	rb := b.(*rowBatch)
	c.args, c.nc = rb.args, rb.nc
	return nil
}

func (c *batchCursor) Next() error { c.pos += c.nc; return nil }
func (c *batchCursor) Eof() bool   { return c.pos >= len(c.args) }

func (c *batchCursor) Column(col int) (vtab.Value, error) {
	if col >= c.nc {
		return nil, nil
	}
	return batchValue(c.args[c.pos+col])
}

// batchValue converts v the way database/sql and the driver convert a
// bound parameter, so that a value stores the same through the batch table
// as through a VALUES list: named and sized integer and float types become
// int64 and float64 (database/sql's default converter), a bool an integer,
// a nil []byte NULL. time.Time is refused: the driver binds it as text
// while a virtual table column would yield Unix seconds, and the store
// always passes Unix seconds itself.
func batchValue(v any) (vtab.Value, error) {
	switch x := v.(type) {
	case nil, int64, float64, string:
		return v, nil
	case []byte:
		if x == nil {
			return nil, nil
		}
		return x, nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case time.Time:
		return nil, errors.New("strata_batch: time.Time value (pass Unix seconds)")
	}
	cv, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return nil, fmt.Errorf("strata_batch: %w", err)
	}
	if _, isTime := cv.(time.Time); isTime {
		return nil, errors.New("strata_batch: time.Time value (pass Unix seconds)")
	}
	return batchValue(cv)
}

func (c *batchCursor) Rowid() (int64, error) { return int64(c.pos / c.nc), nil }
func (c *batchCursor) Close() error          { c.args = nil; return nil }

const createBatchTable = "CREATE VIRTUAL TABLE IF NOT EXISTS temp." + batchModule + " USING " + batchModule

// batchTableReady creates this connection's temp.strata_batch once per
// transaction (a rolled-back transaction takes it away again; a committed
// one leaves it, and IF NOT EXISTS makes the next creation a no-op). The
// transaction's statement cache doubles as the "done" mark.
func (tx *Tx) batchTableReady(ctx context.Context) error {
	if _, ok := tx.stmts[createBatchTable]; ok {
		return nil
	}
	st, err := tx.stmt(ctx, createBatchTable)
	if err == nil {
		_, err = st.ExecContext(ctx)
	}
	if err != nil {
		delete(tx.stmts, createBatchTable)
		return fmt.Errorf("batch table: %w", err)
	}
	return nil
}

// batchSelect is the SELECT list reading generic columns src from the
// batch table of one statement.
func batchSelect(src []int) string {
	var b strings.Builder
	b.WriteString(" SELECT ")
	for i, c := range src {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("c" + strconv.Itoa(c))
	}
	// The WHERE clause also keeps "SELECT … ON CONFLICT" unambiguous.
	b.WriteString(" FROM temp." + batchModule + " WHERE handle = ?")
	return b.String()
}

// batchInsertSQL is "INSERT INTO table (cols) SELECT c… FROM
// temp.strata_batch WHERE handle = ?", column cols[i] taking generic
// column src[i].
func batchInsertSQL(table string, cols []string, src []int) string {
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ")" + batchSelect(src)
}

// batchStmt prepares q (which reads the batch table) and registers args,
// rows of nc values, under a new handle; done releases the handle.
func (tx *Tx) batchStmt(ctx context.Context, q string, args []any, nc int) (st *sql.Stmt, h int64, done func(), err error) {
	if len(args)%nc != 0 || nc > batchCols {
		return nil, 0, nil, fmt.Errorf("batch of %d values in rows of %d", len(args), nc)
	}
	if err := tx.batchTableReady(ctx); err != nil {
		return nil, 0, nil, err
	}
	if st, err = tx.stmt(ctx, q); err != nil {
		return nil, 0, nil, err
	}
	h = putBatch(args, nc)
	return st, h, func() { batches.Delete(h) }, nil
}

// appendBatch is upsert in bulk-load mode (see BeginBulk): one plain
// INSERT … SELECT of every row into a table that was empty, every row an
// insert. Columns that hold their schema default in every row are not
// selected, so they take that default and cost nothing.
func (tx *Tx) appendBatch(ctx context.Context, u *upsertSpec, args []any) (WriteCounts, error) {
	nc := len(u.cols)
	var cols []string
	var src []int
	for c := range u.cols {
		if !allDefault(args, nc, c, u.defaults[u.cols[c]]) {
			cols = append(cols, u.cols[c])
			src = append(src, c)
		}
	}
	st, h, done, err := tx.batchStmt(ctx, batchInsertSQL(u.table, cols, src), args, nc)
	if err != nil {
		return WriteCounts{}, fmt.Errorf("insert %s: %w", u.table, err)
	}
	defer done()
	if _, err := st.ExecContext(ctx, h); err != nil {
		return WriteCounts{}, fmt.Errorf("insert %s: %w", u.table, err)
	}
	return WriteCounts{Inserted: len(args) / nc}, nil
}

// upsertBatch is upsert on SQLite: the same ON CONFLICT … RETURNING
// statement as on PostgreSQL, reading all rows of the call from the batch
// table instead of a VALUES list.
func (tx *Tx) upsertBatch(ctx context.Context, u *upsertSpec, args []any, maxBefore int64) (WriteCounts, error) {
	var wc WriteCounts
	nc := len(u.cols)
	src := make([]int, nc)
	for i := range src {
		src[i] = i
	}
	key := "batch|" + u.table + "|" + strings.Join(u.cols, ",") + "|" + strings.Join(u.update, ",")
	q, ok := sqlCache.Load(key)
	if !ok {
		q = batchInsertSQL(u.table, u.cols, src) + u.conflictSQL()
		sqlCache.Store(key, q)
	}
	st, h, done, err := tx.batchStmt(ctx, q.(string), args, nc)
	if err != nil {
		return wc, fmt.Errorf("upsert %s: %w", u.table, err)
	}
	defer done()
	res, err := st.QueryContext(ctx, h)
	if err != nil {
		return wc, fmt.Errorf("upsert %s: %w", u.table, err)
	}
	if err := countReturned(res, len(args)/nc, maxBefore, &wc); err != nil {
		return wc, fmt.Errorf("upsert %s: %w", u.table, err)
	}
	return wc, nil
}
