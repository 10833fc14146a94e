// Package storetest gives tests a fresh, real database on every engine:
// a SQLite file in a temporary directory and, when STRATA_TEST_POSTGRES_DSN
// is set, a fresh schema on that PostgreSQL server. Under CI=true a missing
// PostgreSQL is a failure, not a skip.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"strata/internal/auth"
	"strata/internal/store"
)

// EnvPostgres names the environment variable holding the PostgreSQL DSN.
const EnvPostgres = "STRATA_TEST_POSTGRES_DSN"

// Each runs fn as a subtest once per engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, Open(t, store.SQLite)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Open(t, store.Postgres)) })
}

// DSN returns a fresh database DSN for the engine, dropped when t ends.
func DSN(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "strata.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: PostgreSQL tests must run in CI", EnvPostgres)
		}
		t.Skipf("PostgreSQL not configured (%s unset); run .ci/start-postgres", EnvPostgres)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Keyring returns a keyring of test keys derived from their ids (the same
// id is the same key in every keyring), the first one primary; none means
// "test1".
func Keyring(t testing.TB, ids ...string) *auth.Keyring {
	t.Helper()
	if len(ids) == 0 {
		ids = []string{"test1"}
	}
	keys := map[string][]byte{}
	for _, id := range ids {
		k := sha256.Sum256([]byte("storetest key " + id))
		keys[id] = k[:]
	}
	kr, err := auth.NewKeyring(ids[0], keys)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// Open returns a migrated store on a fresh database, closed when t ends.
// Personal fields are encrypted with Keyring(t).
func Open(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), DSN(t, d), store.Options{Cipher: Keyring(t)})
	if err != nil {
		t.Fatalf("open %s store: %v", d, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
