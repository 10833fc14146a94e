package core

import (
	"context"
	"crypto/rand"
	"errors"
	"math/big"

	"strata/internal/auth"
	"strata/internal/model"
)

// DemoUsers are the accounts a demo database gets: one per role, and a
// sales user for every owner in the generated data.
type DemoUsers struct {
	Password string            `json:"password"` // one random password for every demo account
	Users    map[string]string `json:"users"`    // name -> role (only accounts created now)
}

// CreateDemoUsers creates the demo accounts that do not exist yet, all with
// one freshly generated password (returned once; nothing is created when
// every account exists).
func (s *Service) CreateDemoUsers(ctx context.Context) (*DemoUsers, error) {
	pw, err := demoPassword()
	if err != nil {
		return nil, err
	}
	owners, err := s.st.Owners(ctx)
	if err != nil {
		return nil, err
	}
	want := [][2]string{{"admin", string(auth.Admin)}, {"manager", string(auth.Manager)}, {"analyst", string(auth.Analyst)}}
	for _, o := range owners {
		want = append(want, [2]string{o, string(auth.Sales)})
	}
	out := &DemoUsers{Password: pw, Users: map[string]string{}}
	for _, u := range want {
		err := s.AddUser(ctx, "demo", u[0], "", auth.Role(u[1]), pw)
		switch {
		case errors.Is(err, model.ErrConflict):
			continue
		case err != nil:
			return nil, err
		}
		out.Users[u[0]] = u[1]
	}
	return out, nil
}

func demoPassword() (string, error) {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", err
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b), nil
}
