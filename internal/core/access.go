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

// ErrUnauthenticated means the credentials or the session are not valid.
var ErrUnauthenticated = errors.New("not authenticated")

// Authenticate checks a user's password; a disabled user, an unknown user
// and a wrong password are the same error (no account enumeration).
func (s *Service) Authenticate(ctx context.Context, name, password string) (auth.Principal, error) {
	u, err := s.st.UserByName(ctx, name)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			auth.CheckPassword(dummyHash, password) // spend the same time as a real check
			return auth.Principal{}, ErrUnauthenticated
		}
		return auth.Principal{}, err
	}
	ok, _, err := auth.CheckPassword(u.PasswordHash, password)
	if err != nil || !ok || u.Disabled {
		return auth.Principal{}, ErrUnauthenticated
	}
	return auth.Principal{User: u.Name, Role: auth.Role(u.Role)}, nil
}

// dummyHash is checked against for unknown users (password "x").
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c3RyYXRhLWR1bW15LXM$M3b2r1xV6I1m1fC3Yw0Zq2ySPN3K0sS4gW7QbZJQm4Q"

// StartSession creates a session for p and returns the id for the cookie.
func (s *Service) StartSession(ctx context.Context, p auth.Principal, now time.Time) (string, error) {
	id, sess, err := auth.NewSession(p.User, now)
	if err != nil {
		return "", err
	}
	if err := s.st.CreateSession(ctx, store.SessionRow{IDHash: sess.IDHash, User: sess.User, Created: now, LastSeen: now}); err != nil {
		return "", err
	}
	return id, nil
}

// SessionPrincipal resolves a session id to its user, enforcing idle and
// absolute expiry (an expired session is deleted) and the user's status.
func (s *Service) SessionPrincipal(ctx context.Context, id string, now time.Time) (auth.Principal, error) {
	h := auth.HashID(id)
	r, err := s.st.Session(ctx, h)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return auth.Principal{}, ErrUnauthenticated
		}
		return auth.Principal{}, err
	}
	if (auth.Session{IDHash: r.IDHash, User: r.User, Created: r.Created, LastSeen: r.LastSeen}).Valid(now) != nil {
		s.st.DeleteSession(ctx, h)
		return auth.Principal{}, ErrUnauthenticated
	}
	u, err := s.st.UserByName(ctx, r.User)
	if err != nil || u.Disabled {
		s.st.DeleteSession(ctx, h)
		return auth.Principal{}, ErrUnauthenticated
	}
	if now.Sub(r.LastSeen) > time.Minute {
		s.st.TouchSession(ctx, h, now)
	}
	return auth.Principal{User: u.Name, Role: auth.Role(u.Role)}, nil
}

// EndSession logs a session out.
func (s *Service) EndSession(ctx context.Context, id string) error {
	return s.st.DeleteSession(ctx, auth.HashID(id))
}

func scopeOf(p auth.Principal) store.CustomerScope {
	sc := p.Scope()
	return store.CustomerScope{All: sc.All, Owners: sc.Owners, IncludePool: sc.IncludePool, Staff: sc.TicketStaff}
}

// CustomerFor returns a customer as p may see it: model.ErrNotFound when it
// is outside p's scope (never "forbidden"), personal fields masked unless
// p may see them; an unmasked view is audited.
func (s *Service) CustomerFor(ctx context.Context, p auth.Principal, extID string) (*model.Customer, error) {
	if !p.Can(auth.ViewCustomer) {
		return nil, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	c, err := s.st.CustomerInScope(ctx, extID, scopeOf(p))
	if err != nil {
		return nil, err
	}
	if p.Can(auth.ViewUnmasked) {
		if err := s.Audit(ctx, p.User, "view_unmasked", "customer", extID, "ok"); err != nil {
			return nil, err
		}
	}
	p.MaskCustomer(c)
	return c, nil
}

// CustomersFor lists the customers p may see, masked as for CustomerFor.
func (s *Service) CustomersFor(ctx context.Context, p auth.Principal, after string, limit int) ([]model.Customer, error) {
	if !p.Can(auth.ListCustomers) {
		return nil, nil
	}
	cs, err := s.st.ListCustomers(ctx, scopeOf(p), after, limit)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		p.MaskCustomer(&cs[i])
	}
	return cs, nil
}
