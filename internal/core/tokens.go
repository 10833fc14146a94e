package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"strata/internal/auth"
	"strata/internal/model"
	"strata/internal/store"
)

// TokenInfo describes an API token without its secret.
type TokenInfo struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	User     string     `json:"user"`
	Role     string     `json:"role"`
	Created  time.Time  `json:"created_at"`
	Expires  *time.Time `json:"expires_at,omitempty"`
	LastUsed *time.Time `json:"last_used_at,omitempty"`
	Revoked  *time.Time `json:"revoked_at,omitempty"`
}

func tokenInfo(t *store.TokenRow) TokenInfo {
	opt := func(v time.Time) *time.Time {
		if v.IsZero() {
			return nil
		}
		return &v
	}
	return TokenInfo{ID: t.TokenID, Name: t.Name, User: t.User, Role: t.Role, Created: t.Created,
		Expires: opt(t.Expires), LastUsed: opt(t.LastUsed), Revoked: opt(t.Revoked)}
}

// MaxTokenTTL bounds an API token's lifetime.
const MaxTokenTTL = 366 * 24 * time.Hour

// CreateToken issues an API token for p's own user, acting with role (the
// user's own role; an admin may issue a token with any role, e.g. a
// read-only analyst token for a BI tool). The token text is returned once
// and only its hash is kept. ttl 0 means MaxTokenTTL.
func (s *Service) CreateToken(ctx context.Context, p auth.Principal, name string, role auth.Role, ttl time.Duration, now time.Time) (string, TokenInfo, error) {
	if name == "" || len(name) > 64 {
		return "", TokenInfo{}, model.Invalid("name", name, "must be 1–64 characters")
	}
	if role == "" {
		role = p.Role
	}
	if !role.Valid() {
		return "", TokenInfo{}, model.Invalid("role", string(role), "must be admin, manager, analyst, sales or service")
	}
	if role != p.Role && p.Role != auth.Admin {
		return "", TokenInfo{}, fmt.Errorf("a token may not have a role other than its user's: %w", ErrForbidden)
	}
	if ttl < 0 || ttl > MaxTokenTTL {
		return "", TokenInfo{}, model.Invalid("ttl_days", "", "must be 1 to 366 days")
	}
	if ttl == 0 {
		ttl = MaxTokenTTL
	}
	text, tok, err := auth.NewAPIToken(role)
	if err != nil {
		return "", TokenInfo{}, err
	}
	row := store.TokenRow{TokenID: tok.ID, Name: name, User: p.User, Role: string(role), SecretHash: tok.SecretHash,
		Created: now.UTC().Truncate(time.Second), Expires: now.Add(ttl).UTC().Truncate(time.Second)}
	if err := s.st.CreateToken(ctx, row); err != nil {
		return "", TokenInfo{}, err
	}
	return text, tokenInfo(&row), s.Audit(ctx, p.User, "token_create", "token", tok.ID, "ok")
}

// Tokens lists p's tokens (an admin's list holds every user's).
func (s *Service) Tokens(ctx context.Context, p auth.Principal) ([]TokenInfo, error) {
	user := p.User
	if p.Can(auth.ManageUsers) {
		user = ""
	}
	rows, err := s.st.Tokens(ctx, user)
	if err != nil {
		return nil, err
	}
	out := make([]TokenInfo, len(rows))
	for i := range rows {
		out[i] = tokenInfo(&rows[i])
	}
	return out, nil
}

// RevokeToken revokes one of p's tokens (an admin may revoke any); another
// user's token is not found.
func (s *Service) RevokeToken(ctx context.Context, p auth.Principal, id string, now time.Time) error {
	t, err := s.st.Token(ctx, id)
	if err != nil {
		return err
	}
	if t.User != p.User && !p.Can(auth.ManageUsers) {
		return fmt.Errorf("token %q: %w", id, model.ErrNotFound)
	}
	if err := s.st.RevokeToken(ctx, id, now); err != nil {
		return err
	}
	return s.Audit(ctx, p.User, "token_revoke", "token", id, "ok")
}

// TokenPrincipal resolves a presented API token to the principal it acts
// as: its user, with the token's role. Malformed, unknown, revoked and
// expired tokens and disabled users are all ErrUnauthenticated.
func (s *Service) TokenPrincipal(ctx context.Context, presented string, now time.Time) (auth.Principal, error) {
	id, secret, err := auth.ParseAPIToken(presented)
	if err != nil {
		return auth.Principal{}, ErrUnauthenticated
	}
	t, err := s.st.Token(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return auth.Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return auth.Principal{}, err
	}
	rec := auth.APIToken{ID: t.TokenID, SecretHash: t.SecretHash, Role: auth.Role(t.Role), Revoked: t.Revoked}
	if !rec.Check(secret) || (!t.Expires.IsZero() && !now.Before(t.Expires)) {
		return auth.Principal{}, ErrUnauthenticated
	}
	u, err := s.st.UserByName(ctx, t.User)
	if err != nil || u.Disabled {
		return auth.Principal{}, ErrUnauthenticated
	}
	if now.Sub(t.LastUsed) > time.Minute {
		s.st.TouchToken(ctx, id, now)
	}
	return auth.Principal{User: u.Name, Role: rec.Role}, nil
}
