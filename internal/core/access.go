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
	r, u, err := s.st.SessionUser(ctx, h)
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
	if u.Disabled {
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
	c, _, err := s.CustomerViewFor(ctx, p, extID)
	return c, err
}

// CustomerViewFor is CustomerFor with the record's version (its ETag).
func (s *Service) CustomerViewFor(ctx context.Context, p auth.Principal, extID string) (*model.Customer, int64, error) {
	if !p.Can(auth.ViewCustomer) {
		return nil, 0, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	c, v, err := s.st.CustomerView(ctx, extID, scopeOf(p))
	if err != nil {
		return nil, 0, err
	}
	if p.Can(auth.ViewUnmasked) {
		if err := s.Audit(ctx, p.User, "view_unmasked", "customer", extID, "ok"); err != nil {
			return nil, 0, err
		}
	}
	p.MaskCustomer(c)
	return c, v, nil
}

// ErrStale means an update named a version that is no longer current
// (the store's error, re-exported so that callers need not import store).
var ErrStale = store.ErrStale

// ErrForbidden means the user may see the object but not do this to it.
var ErrForbidden = errors.New("forbidden")

// CustomerPatch is a partial update; nil fields stay as they are.
type CustomerPatch struct {
	Name       *string `json:"name"`
	Gender     *string `json:"gender"`
	Phone      *string `json:"phone"`
	Email      *string `json:"email"`
	Occupation *string `json:"occupation"`
	IncomeBand *string `json:"income_band"`
	Region     *string `json:"region"`
	City       *string `json:"city"`
	Address    *string `json:"address"`
	IDNumber   *string `json:"id_number"`
	Source     *string `json:"source"`
	Owner      *string `json:"owner"`
}

// UpdateCustomerFor applies a patch for p if the customer's version is
// still ifVersion: outside p's scope it is ErrNotFound, visible but not
// editable (a sales rep and a pool customer, or moving a customer to
// another owner without being a manager) ErrForbidden, a stale version
// store.ErrStale. It returns the new version.
func (s *Service) UpdateCustomerFor(ctx context.Context, p auth.Principal, extID string, patch CustomerPatch, ifVersion int64) (int64, error) {
	c, err := s.st.CustomerInScope(ctx, extID, scopeOf(p))
	if err != nil {
		return 0, err
	}
	if !p.CanEdit(auth.CustomerRef{Owner: c.Owner}) {
		return 0, fmt.Errorf("customer %q: %w", extID, ErrForbidden)
	}
	var fields []string
	set := func(field string, dst *string, v *string) {
		if v != nil {
			*dst = *v
			fields = append(fields, field)
		}
	}
	set("name", &c.Name, patch.Name)
	set("gender", &c.Gender, patch.Gender)
	set("phone", &c.Phone, patch.Phone)
	set("email", &c.Email, patch.Email)
	set("occupation", &c.Occupation, patch.Occupation)
	set("income_band", &c.IncomeBand, patch.IncomeBand)
	set("region", &c.Region, patch.Region)
	set("city", &c.City, patch.City)
	set("address", &c.Address, patch.Address)
	set("id_number", &c.IDNumber, patch.IDNumber)
	set("source", &c.Source, patch.Source)
	if patch.Owner != nil {
		if p.Role != auth.Admin && p.Role != auth.Manager {
			return 0, fmt.Errorf("only managers move customers between owners: %w", ErrForbidden)
		}
		set("owner", &c.Owner, patch.Owner)
	}
	if err := c.Validate(); err != nil {
		return 0, err
	}
	v, err := s.st.UpdateCustomerFields(ctx, c, fields, ifVersion)
	if err != nil {
		return 0, err
	}
	return v, s.Audit(ctx, p.User, "edit", "customer", extID, "ok")
}
