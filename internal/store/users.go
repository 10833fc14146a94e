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

// User is a stored user account.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Display      string    `json:"display"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	Version      int64     `json:"version"`
}

// CreateUser stores a new user; a taken name is model.ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	now := time.Now().Unix()
	err := s.write.QueryRowContext(ctx, `INSERT INTO users (name, display, role, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, u.Name, u.Display, u.Role, u.PasswordHash, now).Scan(&u.ID)
	if err != nil && isUnique(err) {
		return fmt.Errorf("user %q already exists: %w", u.Name, model.ErrConflict)
	}
	u.CreatedAt = time.Unix(now, 0).UTC()
	return err
}

func isUnique(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "unique") || strings.Contains(s, "duplicate key")
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, name, display, role, password_hash, disabled, created_at, version FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// UserByName returns a user or model.ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (*User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT id, name, display, role, password_hash, disabled, created_at, version FROM users WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %q: %w", name, model.ErrNotFound)
	}
	return u, err
}

func scanUser(sc interface{ Scan(...any) error }) (*User, error) {
	var u User
	var disabled, created int64
	if err := sc.Scan(&u.ID, &u.Name, &u.Display, &u.Role, &u.PasswordHash, &disabled, &created, &u.Version); err != nil {
		return nil, err
	}
	u.Disabled, u.CreatedAt = disabled == 1, time.Unix(created, 0).UTC()
	return &u, nil
}

// UpdateUser sets a user's display name, role, password hash and disabled
// flag.
func (s *Store) UpdateUser(ctx context.Context, u *User) error {
	_, err := s.UpdateUserIf(ctx, u, 0)
	return err
}

// UpdateUserIf is UpdateUser only while the user's version is still
// ifVersion (0: any); a changed version is ErrStale and writes nothing. It
// returns the new version.
func (s *Store) UpdateUserIf(ctx context.Context, u *User, ifVersion int64) (int64, error) {
	d := int64(0)
	if u.Disabled {
		d = 1
	}
	var v int64
	err := s.write.QueryRowContext(ctx, `UPDATE users SET display = $1, role = $2, password_hash = $3, disabled = $4, updated_at = $5,
		version = version + 1 WHERE name = $6 AND ($7 = 0 OR version = $7) RETURNING version`,
		u.Display, u.Role, u.PasswordHash, d, time.Now().Unix(), u.Name, ifVersion).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		if _, gerr := s.UserByName(ctx, u.Name); gerr != nil {
			return 0, gerr
		}
		return 0, fmt.Errorf("user %q changed since version %d: %w", u.Name, ifVersion, errors.Join(ErrStale, model.ErrConflict))
	}
	return v, err
}

// AuditRow is one stored audit record.
type AuditRow struct {
	ID                                                int64
	At                                                time.Time
	Actor, Action, Object, ObjectID, Address, Outcome string
	Hash                                              []byte
}

// AppendAudit appends an audit record whose hash is computed by chain from
// the previous record's hash, serialised against other appenders (the
// single writer on SQLite, a transaction advisory lock on PostgreSQL).
func (s *Store) AppendAudit(ctx context.Context, r AuditRow, chain func(prev []byte, r AuditRow) []byte) error {
	return s.AppendAudits(ctx, []AuditRow{r}, chain)
}

// AppendAudits appends records in order in one transaction (one commit
// for many records: the audit log's group commit), each chained to the
// one before.
func (s *Store) AppendAudits(ctx context.Context, rs []AuditRow, chain func(prev []byte, r AuditRow) []byte) error {
	return s.Write(ctx, func(tx *Tx) error {
		if tx.dialect == Postgres {
			if _, err := tx.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7412964)`); err != nil {
				return err
			}
		}
		var prev []byte
		err := tx.tx.QueryRowContext(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for _, r := range rs {
			r.Hash = chain(prev, r)
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, object, object_id, address, outcome, hash)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.At.Unix(), r.Actor, r.Action, r.Object, r.ObjectID, r.Address, r.Outcome, r.Hash); err != nil {
				return err
			}
			prev = r.Hash
		}
		return nil
	})
}

// EachAudit streams the audit log in order.
func (s *Store) EachAudit(ctx context.Context, fn func(*AuditRow) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, actor, action, object, object_id, address, outcome, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r AuditRow
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Actor, &r.Action, &r.Object, &r.ObjectID, &r.Address, &r.Outcome, &r.Hash); err != nil {
			return err
		}
		r.At = time.Unix(at, 0).UTC()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}
