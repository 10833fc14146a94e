package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the read pool by SQL text, so that
// the hot read paths of the server (sessions, one customer, list pages)
// are parsed once, not per request: preparing was a fifth of the server's
// CPU. Texts are trusted constants or built from trusted pieces; the
// cache is bounded, and texts past the bound run unprepared.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

const maxCachedStmts = 256

func (c *stmtCache) get(ctx context.Context, db *sql.DB, q string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st, nil
	}
	if len(c.m) >= maxCachedStmts {
		return nil, nil
	}
	st, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// queryCached runs a read through a cached prepared statement.
func (s *Store) queryCached(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.stmts.get(ctx, s.read, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.read.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryRowCached is queryCached for one row.
func (s *Store) queryRowCached(ctx context.Context, q string, args ...any) rowScanner {
	st, err := s.stmts.get(ctx, s.read, q)
	if err != nil {
		return errRow{err}
	}
	if st == nil {
		return s.read.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

type rowScanner interface{ Scan(...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// padIDs rounds a list of ids up to one of a few lengths by repeating the
// last one (harmless in IN lists), so that statements with IN lists have
// few distinct texts and stay in the cache.
func padIDs(args []any) []any {
	n := len(args)
	for _, b := range []int{8, 50, 200, 500} {
		if n <= b {
			for len(args) < b {
				args = append(args, args[n-1])
			}
			return args
		}
	}
	return args
}
