package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"strata/internal/model"
)

// TokenRow is a stored API token (the secret itself is never stored).
type TokenRow struct {
	TokenID    string
	Name       string
	User       string
	Role       string
	SecretHash string
	Created    time.Time
	Expires    time.Time // zero: no expiry
	LastUsed   time.Time // zero: never used
	Revoked    time.Time // zero: valid
}

const tokenSelect = `token_id, name, user_name, role, secret_hash, created_at, expires_at, last_used, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (*TokenRow, error) {
	var t TokenRow
	var created int64
	var exp, used, rev sql.NullInt64
	if err := sc.Scan(&t.TokenID, &t.Name, &t.User, &t.Role, &t.SecretHash, &created, &exp, &used, &rev); err != nil {
		return nil, err
	}
	t.Created, t.Expires, t.LastUsed, t.Revoked = time.Unix(created, 0).UTC(), timeOf(exp), timeOf(used), timeOf(rev)
	return &t, nil
}

// CreateToken stores a token.
func (s *Store) CreateToken(ctx context.Context, t TokenRow) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO api_tokens (token_id, name, user_name, role, secret_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.TokenID, t.Name, t.User, t.Role, t.SecretHash, t.Created.Unix(), nullTime(t.Expires))
	if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	return nil
}

// Token returns a token by its id, or model.ErrNotFound.
func (s *Store) Token(ctx context.Context, tokenID string) (*TokenRow, error) {
	t, err := scanToken(s.read.QueryRowContext(ctx, `SELECT `+tokenSelect+` FROM api_tokens WHERE token_id = $1`, tokenID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("token %q: %w", tokenID, model.ErrNotFound)
	}
	return t, err
}

// Tokens lists the tokens of a user ("" = every user), newest first.
func (s *Store) Tokens(ctx context.Context, user string) ([]TokenRow, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+tokenSelect+` FROM api_tokens WHERE $1 = '' OR user_name = $1 ORDER BY id DESC`, user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TokenRow
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken marks a token revoked (idempotent); a missing one is
// model.ErrNotFound.
func (s *Store) RevokeToken(ctx context.Context, tokenID string, at time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE token_id = $2`, at.Unix(), tokenID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("token %q: %w", tokenID, model.ErrNotFound)
	}
	return nil
}

// TouchToken records a token's use.
func (s *Store) TouchToken(ctx context.Context, tokenID string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE api_tokens SET last_used = $1 WHERE token_id = $2`, at.Unix(), tokenID)
	return err
}
