package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"
)

// Secret returns the named server secret (32 random bytes), creating it on
// first use. Every process on the same database gets the same value, so
// replicas agree on what one of them signed.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, base64.StdEncoding.EncodeToString(fresh), time.Now().Unix()); err != nil {
		return nil, fmt.Errorf("server secret %s: %w", name, err)
	}
	var enc string
	if err := s.write.QueryRowContext(ctx, `SELECT secret FROM server_secrets WHERE name = $1`, name).Scan(&enc); err != nil {
		return nil, fmt.Errorf("server secret %s: %w", name, err)
	}
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("server secret %s is corrupt", name)
	}
	return b, nil
}
