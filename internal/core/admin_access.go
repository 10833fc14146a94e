package core

import (
	"context"
	"fmt"

	"strata/internal/auth"
	"strata/internal/classify"
	"strata/internal/model"
	"strata/internal/store"
)

// SchemesFor lists the active schemes: configuration, readable by every
// role (class labels are shown beside customers).
func (s *Service) SchemesFor(ctx context.Context, p auth.Principal) ([]store.SchemeRow, error) {
	if err := s.EnsureBuiltinSchemes(ctx); err != nil {
		return nil, err
	}
	return s.st.Schemes(ctx, true)
}

// SchemeFor returns the current version of a scheme.
func (s *Service) SchemeFor(ctx context.Context, p auth.Principal, name string) (*store.SchemeRow, error) {
	if err := s.EnsureBuiltinSchemes(ctx); err != nil {
		return nil, err
	}
	return s.st.SchemeByName(ctx, name)
}

// SaveSchemeFor validates a scheme definition (JSON or YAML) and stores it
// as a new version, for roles that manage schemes; the name in the
// definition must be the one addressed.
//
// ifVersion guards against lost updates: the current version the client
// read, or 0 to create a scheme that must not exist yet; a scheme that
// changed meanwhile is ErrStale.
func (s *Service) SaveSchemeFor(ctx context.Context, p auth.Principal, name string, def []byte, ifVersion int) (*store.SchemeRow, error) {
	if !p.Can(auth.ManageSchemes) {
		return nil, fmt.Errorf("changing schemes: %w", ErrForbidden)
	}
	sc, err := classify.ParseScheme(def, RuleSchema())
	if err != nil {
		return nil, model.Invalid("definition", "", err.Error())
	}
	if sc.Name != name {
		return nil, model.Invalid("name", sc.Name, fmt.Sprintf("must be %q, the scheme addressed", name))
	}
	row, _, err := s.st.SaveSchemeIf(ctx, sc.Name, sc.JSON(), ifVersion)
	if err != nil {
		return nil, err
	}
	return row, s.Audit(ctx, p.User, "scheme_apply", "scheme", fmt.Sprintf("%s v%d", row.Name, row.Version), "ok")
}

// RunsFor lists classification runs, for roles that see aggregates.
func (s *Service) RunsFor(ctx context.Context, p auth.Principal) ([]store.Run, error) {
	if !p.Can(auth.ViewAggregates) {
		return nil, fmt.Errorf("classification runs: %w", ErrForbidden)
	}
	return s.Runs(ctx)
}

// RunFor returns one run with its summary.
func (s *Service) RunFor(ctx context.Context, p auth.Principal, id int64) (*store.Run, error) {
	if !p.Can(auth.ViewAggregates) {
		return nil, fmt.Errorf("classification runs: %w", ErrForbidden)
	}
	r, _, err := s.st.GetRun(ctx, id)
	return r, err
}

// MigrationsFor builds a migration matrix, for roles that see aggregates.
func (s *Service) MigrationsFor(ctx context.Context, p auth.Principal, scheme string, from, to int64) (*MigrationResult, error) {
	if !p.Can(auth.ViewAggregates) {
		return nil, fmt.Errorf("migrations: %w", ErrForbidden)
	}
	return s.Migrations(ctx, scheme, from, to)
}

// CanClassify reports whether p may start classification runs.
func (s *Service) CanClassify(p auth.Principal) error {
	if !p.Can(auth.RunClassification) {
		return fmt.Errorf("classification runs: %w", ErrForbidden)
	}
	return nil
}

// ClassifyFor runs a classification for p (audited) and makes list
// filters read the new run.
func (s *Service) ClassifyFor(ctx context.Context, p auth.Principal, opt ClassifyOptions) (*RunSummary, error) {
	if err := s.CanClassify(p); err != nil {
		return nil, err
	}
	if err := s.EnsureBuiltinSchemes(ctx); err != nil {
		return nil, err
	}
	sum, err := s.Classify(ctx, opt)
	if err != nil {
		s.Audit(context.WithoutCancel(ctx), p.User, "classify", "run", "", "failed")
		return nil, err
	}
	return sum, s.Audit(ctx, p.User, "classify", "run", fmt.Sprint(sum.RunID), "ok")
}

// UsersFor lists users, for roles that manage users.
func (s *Service) UsersFor(ctx context.Context, p auth.Principal) ([]store.User, error) {
	if !p.Can(auth.ManageUsers) {
		return nil, fmt.Errorf("users: %w", ErrForbidden)
	}
	return s.st.Users(ctx)
}

// AddUserFor creates a user, for roles that manage users.
func (s *Service) AddUserFor(ctx context.Context, p auth.Principal, name, display string, role auth.Role, password string) (*store.User, error) {
	if !p.Can(auth.ManageUsers) {
		return nil, fmt.Errorf("users: %w", ErrForbidden)
	}
	if err := s.AddUser(ctx, p.User, name, display, role, password); err != nil {
		return nil, err
	}
	return s.st.UserByName(ctx, name)
}

// UserPatch changes a user; nil fields stay.
type UserPatch struct {
	Role     *string `json:"role,omitempty"`
	Disabled *bool   `json:"disabled,omitempty"`
	Password *string `json:"password,omitempty"`
	Display  *string `json:"display,omitempty"`
}

// UpdateUserFor changes a user's role, status, display name or password
// in one write, for roles that manage users, if the user's version is
// still ifVersion (ErrStale otherwise: nothing is written). Each change is
// audited (a role change as "user_role"). Admins cannot demote or disable
// themselves, so that an installation always keeps an administrator.
func (s *Service) UpdateUserFor(ctx context.Context, p auth.Principal, name string, patch UserPatch, ifVersion int64) (*store.User, error) {
	if !p.Can(auth.ManageUsers) {
		return nil, fmt.Errorf("users: %w", ErrForbidden)
	}
	u, err := s.st.UserByName(ctx, name)
	if err != nil {
		return nil, err
	}
	if name == p.User && ((patch.Role != nil && auth.Role(*patch.Role) != p.Role) || (patch.Disabled != nil && *patch.Disabled)) {
		return nil, model.Invalid("role", name, "you cannot demote or disable yourself")
	}
	var audits [][2]string // action, outcome
	if patch.Role != nil && auth.Role(*patch.Role) != auth.Role(u.Role) {
		r := auth.Role(*patch.Role)
		if !r.Valid() {
			return nil, model.Invalid("role", *patch.Role, "must be admin, manager, analyst, sales or service")
		}
		u.Role = string(r)
		audits = append(audits, [2]string{"user_role", string(r)})
	}
	if patch.Display != nil {
		if len(*patch.Display) > 200 {
			return nil, model.Invalid("display", "", "is longer than 200 bytes")
		}
		u.Display = *patch.Display
		audits = append(audits, [2]string{"user_display", "ok"})
	}
	if patch.Password != nil {
		if err := auth.CheckPolicy(name, *patch.Password); err != nil {
			return nil, err
		}
		if u.PasswordHash, err = auth.HashPassword(*patch.Password); err != nil {
			return nil, err
		}
		audits = append(audits, [2]string{"user_password", "ok"})
	}
	if patch.Disabled != nil && *patch.Disabled != u.Disabled {
		u.Disabled = *patch.Disabled
		action := "user_enable"
		if u.Disabled {
			action = "user_disable"
		}
		audits = append(audits, [2]string{action, "ok"})
	}
	if _, err := s.st.UpdateUserIf(ctx, u, ifVersion); err != nil {
		return nil, err
	}
	for _, a := range audits {
		if err := s.Audit(ctx, p.User, a[0], "user", name, a[1]); err != nil {
			return nil, err
		}
	}
	return s.st.UserByName(ctx, name)
}

// UserFor returns one user, for roles that manage users.
func (s *Service) UserFor(ctx context.Context, p auth.Principal, name string) (*store.User, error) {
	if !p.Can(auth.ManageUsers) {
		return nil, fmt.Errorf("users: %w", ErrForbidden)
	}
	return s.st.UserByName(ctx, name)
}

// ServerSecret returns a named secret shared by every process on the
// database (created on first use).
func (s *Service) ServerSecret(ctx context.Context, name string) ([]byte, error) {
	return s.st.Secret(ctx, name)
}
