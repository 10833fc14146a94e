package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"strata/internal/model"
)

// SessionRow is a stored login session.
type SessionRow struct {
	IDHash, User      string
	Created, LastSeen time.Time
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, r SessionRow) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_name, created_at, last_seen) VALUES ($1, $2, $3, $4)`,
		r.IDHash, r.User, r.Created.Unix(), r.LastSeen.Unix())
	return err
}

// SessionUser returns a session with its user's role and status in one
// query, or model.ErrNotFound (also when the user no longer exists).
func (s *Store) SessionUser(ctx context.Context, idHash string) (*SessionRow, *User, error) {
	var r SessionRow
	var u User
	var c, l int64
	err := s.queryRowCached(ctx, `SELECT s.id_hash, s.user_name, s.created_at, s.last_seen, u.role, u.disabled
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = $1`, idHash).Scan(&r.IDHash, &r.User, &c, &l, &u.Role, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, model.ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	r.Created, r.LastSeen = time.Unix(c, 0).UTC(), time.Unix(l, 0).UTC()
	u.Name = r.User
	return &r, &u, nil
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE sessions SET last_seen = $1 WHERE id_hash = $2`, at.Unix(), idHash)
	return err
}

// DeleteSession ends a session (logout, expiry).
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return err
}

// CustomerScope restricts customer queries to what a user may see (see
// auth.Principal.Scope): every customer, or those owned by Owners (plus
// the unowned pool), or those a staff member has handled.
type CustomerScope struct {
	All         bool
	Owners      []string
	IncludePool bool
	Staff       string
}

// where returns the scope as a parameterized condition on customers c.
func (sc CustomerScope) where(d Dialect, next int) (string, []any) {
	if sc.All {
		return "1 = 1", nil
	}
	var parts []string
	var args []any
	if len(sc.Owners) > 0 {
		parts = append(parts, "c.owner IN ("+placeholders(Postgres, next, len(sc.Owners))+")")
		for _, o := range sc.Owners {
			args = append(args, o)
		}
		next += len(sc.Owners)
	}
	if sc.IncludePool {
		parts = append(parts, "c.owner = ''")
	}
	if sc.Staff != "" {
		parts = append(parts, fmt.Sprintf("EXISTS (SELECT 1 FROM interactions i WHERE i.customer = c.id AND i.staff = $%d)", next))
		args = append(args, sc.Staff)
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// CustomerInScope returns one customer if the scope allows it; a customer
// outside the scope is model.ErrNotFound, exactly like a missing one.
func (s *Store) CustomerInScope(ctx context.Context, extID string, sc CustomerScope) (*model.Customer, error) {
	c, _, err := s.CustomerView(ctx, extID, sc)
	return c, err
}

// CustomerView returns one customer in the scope with its tags and its
// optimistic-concurrency version: one query for the record, one for the
// tags. Outside the scope it is model.ErrNotFound, like a missing one.
func (s *Store) CustomerView(ctx context.Context, extID string, sc CustomerScope) (*model.Customer, int64, error) {
	cond, args := sc.where(s.dialect, 2)
	var version int64
	row := s.queryRowCached(ctx, `SELECT `+customerSelect+`, c.version FROM customers c WHERE c.ext_id = $1 AND `+cond,
		append([]any{extID}, args...)...)
	id, c, err := s.scanCustomer(withVersion{row, &version})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.queryCached(ctx, `SELECT tag FROM customer_tags WHERE customer = $1 ORDER BY tag`, id)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, 0, err
		}
		c.Tags = append(c.Tags, t)
	}
	return c, version, rows.Err()
}

// withVersion scans a customerSelect row followed by its version column.
type withVersion struct {
	sc interface{ Scan(...any) error }
	v  *int64
}

func (w withVersion) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.v)...) }

// ListCustomers returns up to limit customers in the scope, by external
// id, after the cursor (an external id; "" = from the start).
func (s *Store) ListCustomers(ctx context.Context, sc CustomerScope, after string, limit int) ([]model.Customer, error) {
	return s.FindCustomers(ctx, sc, CustomerFilter{}, after, limit)
}

// CustomerVersion returns the optimistic-concurrency version of a customer
// in the scope (ErrNotFound outside it).
func (s *Store) CustomerVersion(ctx context.Context, extID string, sc CustomerScope) (int64, error) {
	cond, args := sc.where(s.dialect, 2)
	var v int64
	err := s.read.QueryRowContext(ctx, `SELECT c.version FROM customers c WHERE c.ext_id = $1 AND `+cond, append([]any{extID}, args...)...).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	return v, err
}

// ErrStale means an update named a version that is no longer current.
var ErrStale = errors.New("stale version")

// UpdateCustomerFields sets the given fields of a customer if its version
// is still ifVersion, and returns the new version. A changed version is
// ErrStale (wrapping model.ErrConflict): nothing is written, nothing lost.
func (s *Store) UpdateCustomerFields(ctx context.Context, c *model.Customer, fields []string, ifVersion int64) (int64, error) {
	var set []string
	var args []any
	plain := false
	for _, f := range fields {
		if !contains(customerColumns, f) {
			return 0, fmt.Errorf("update customer: unknown field %q: %w", f, model.ErrInvalid)
		}
		v := customerValue(c, f)
		if isPII(f) {
			ct, idx, err := s.seal(f, v.(string))
			if err != nil {
				return 0, err
			}
			v, plain = ct, plain || s.cipher == nil
			if b := bidxColumn(f); b != "" && s.cipher != nil {
				args = append(args, idx)
				set = append(set, fmt.Sprintf("%s = $%d", b, len(args)))
			}
		}
		args = append(args, v)
		set = append(set, fmt.Sprintf("%s = $%d", f, len(args)))
	}
	if len(set) == 0 {
		return 0, model.Invalid("fields", "", "nothing to update")
	}
	args = append(args, time.Now().Unix(), c.ID, ifVersion)
	n := len(args)
	var v int64
	err := s.write.QueryRowContext(ctx, `UPDATE customers SET `+strings.Join(set, ", ")+fmt.Sprintf(`, updated_at = $%d, version = version + 1
		WHERE ext_id = $%d AND version = $%d RETURNING version`, n-2, n-1, n), args...).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("customer %q changed since version %d: %w", c.ID, ifVersion, errors.Join(ErrStale, model.ErrConflict))
	}
	if err == nil && plain {
		// Without a cipher the value went in as plain text: the next open
		// with a key encrypts it.
		_, err = s.write.ExecContext(ctx, `UPDATE field_crypto SET plaintext = 1 WHERE id = 1 AND plaintext = 0`)
	}
	return v, err
}
