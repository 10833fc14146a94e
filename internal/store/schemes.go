package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"strata/internal/model"
)

// SchemeRow is one stored scheme version. Definition is the scheme's JSON.
type SchemeRow struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Version    int       `json:"version"`
	Definition []byte    `json:"-"`
	Active     bool      `json:"active"`
	Builtin    bool      `json:"builtin"`
	CreatedAt  time.Time `json:"created_at"`
}

const schemeColumns = `id, name, version, definition, active, builtin, created_at`

func scanScheme(sc interface{ Scan(...any) error }) (*SchemeRow, error) {
	var r SchemeRow
	var def string
	var active, builtin int64
	var created int64
	if err := sc.Scan(&r.ID, &r.Name, &r.Version, &def, &active, &builtin, &created); err != nil {
		return nil, err
	}
	r.Definition, r.Active, r.Builtin, r.CreatedAt = []byte(def), active == 1, builtin == 1, time.Unix(created, 0).UTC()
	return &r, nil
}

// Schemes lists the stored schemes: every version, or only the active ones.
func (s *Store) Schemes(ctx context.Context, activeOnly bool) ([]SchemeRow, error) {
	q := `SELECT ` + schemeColumns + ` FROM schemes`
	if activeOnly {
		q += ` WHERE active = 1`
	}
	rows, err := s.read.QueryContext(ctx, q+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SchemeRow
	for rows.Next() {
		r, err := scanScheme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// Scheme returns a scheme version by id, or model.ErrNotFound.
func (s *Store) Scheme(ctx context.Context, id int64) (*SchemeRow, error) {
	r, err := scanScheme(s.read.QueryRowContext(ctx, `SELECT `+schemeColumns+` FROM schemes WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scheme %d: %w", id, model.ErrNotFound)
	}
	return r, err
}

// SchemeByName returns the active version of a scheme (or the latest one if
// none is active), or model.ErrNotFound.
func (s *Store) SchemeByName(ctx context.Context, name string) (*SchemeRow, error) {
	r, err := scanScheme(s.read.QueryRowContext(ctx, `SELECT `+schemeColumns+` FROM schemes WHERE name = $1
		ORDER BY active DESC, version DESC LIMIT 1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scheme %q: %w", name, model.ErrNotFound)
	}
	return r, err
}

// SaveScheme stores def as the new active version of scheme name, unless it
// equals the latest version byte for byte (then nothing changes and created
// is false). Older versions stay, inactive, because runs refer to them.
func (s *Store) SaveScheme(ctx context.Context, name string, def []byte, builtin bool) (row *SchemeRow, created bool, err error) {
	return s.saveScheme(ctx, name, def, builtin, -1)
}

// SaveSchemeIf is SaveScheme (not builtin) only while the scheme's latest
// version is still ifVersion (0: the scheme must not exist yet); otherwise
// it is ErrStale and nothing is written.
func (s *Store) SaveSchemeIf(ctx context.Context, name string, def []byte, ifVersion int) (row *SchemeRow, created bool, err error) {
	return s.saveScheme(ctx, name, def, false, ifVersion)
}

func (s *Store) saveScheme(ctx context.Context, name string, def []byte, builtin bool, ifVersion int) (row *SchemeRow, created bool, err error) {
	err = s.Write(ctx, func(tx *Tx) error {
		latest, err := scanScheme(tx.tx.QueryRowContext(ctx, `SELECT `+schemeColumns+` FROM schemes WHERE name = $1 ORDER BY version DESC LIMIT 1`, name))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			latest = nil
		case err != nil:
			return err
		}
		if ifVersion >= 0 {
			cur := 0
			if latest != nil {
				cur = latest.Version
			}
			if cur != ifVersion {
				return fmt.Errorf("scheme %q is at version %d, not %d: %w", name, cur, ifVersion, errors.Join(ErrStale, model.ErrConflict))
			}
		}
		if latest != nil && bytes.Equal(latest.Definition, def) {
			if !latest.Active {
				if _, err := tx.tx.ExecContext(ctx, `UPDATE schemes SET active = CASE WHEN id = $1 THEN 1 ELSE 0 END WHERE name = $2`, latest.ID, name); err != nil {
					return err
				}
				latest.Active = true
			}
			row = latest
			return nil
		}
		v := 1
		if latest != nil {
			v = latest.Version + 1
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE schemes SET active = 0 WHERE name = $1`, name); err != nil {
			return err
		}
		b := int64(0)
		if builtin {
			b = 1
		}
		row = &SchemeRow{Name: name, Version: v, Definition: def, Active: true, Builtin: builtin, CreatedAt: time.Unix(tx.now, 0).UTC()}
		created = true
		return tx.tx.QueryRowContext(ctx, `INSERT INTO schemes (name, version, definition, active, builtin, created_at)
			VALUES ($1, $2, $3, 1, $4, $5) RETURNING id`, name, v, string(def), b, tx.now).Scan(&row.ID)
	})
	return row, created, err
}

// SetSchemeActive switches every version of a scheme off, or its latest
// version on.
func (s *Store) SetSchemeActive(ctx context.Context, name string, active bool) error {
	return s.Write(ctx, func(tx *Tx) error {
		var res sql.Result
		var err error
		if active {
			res, err = tx.tx.ExecContext(ctx, `UPDATE schemes SET active = CASE WHEN version = (SELECT MAX(version) FROM schemes WHERE name = $1) THEN 1 ELSE 0 END WHERE name = $1`, name)
		} else {
			res, err = tx.tx.ExecContext(ctx, `UPDATE schemes SET active = 0 WHERE name = $1`, name)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("scheme %q: %w", name, model.ErrNotFound)
		}
		return nil
	})
}
