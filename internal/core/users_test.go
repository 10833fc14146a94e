package core_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"strata/internal/auth"
	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestUsersAndTamperEvidentAudit(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			s, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			svc := newService(s)
			if err := svc.AddUser(ctx, "cli:root", "alice", "Alice", auth.Sales, "a long enough pass"); err != nil {
				t.Fatal(err)
			}
			if err := svc.AddUser(ctx, "cli:root", "alice", "", auth.Sales, "a long enough pass"); !errors.Is(err, model.ErrConflict) {
				t.Fatalf("duplicate user: %v", err)
			}
			if err := svc.AddUser(ctx, "cli:root", "bob", "", "wizard", "a long enough pass"); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("bad role: %v", err)
			}
			if err := svc.AddUser(ctx, "cli:root", "bob", "", auth.Analyst, "short"); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("weak password: %v", err)
			}
			if err := svc.SetPassword(ctx, "cli:root", "alice", "another long pass"); err != nil {
				t.Fatal(err)
			}
			if err := svc.SetUserDisabled(ctx, "cli:root", "alice", true); err != nil {
				t.Fatal(err)
			}
			u, err := s.UserByName(ctx, "alice")
			if err != nil || !u.Disabled {
				t.Fatalf("user %+v %v", u, err)
			}
			if ok, _, _ := auth.CheckPassword(u.PasswordHash, "another long pass"); !ok {
				t.Fatal("new password does not verify")
			}
			if n, err := svc.VerifyAudit(ctx); err != nil || n != 3 {
				t.Fatalf("intact audit: %d records, %v", n, err)
			}
			// Tamper with the stored log directly: the chain must notice.
			driver := map[store.Dialect]string{store.SQLite: "sqlite", store.Postgres: "pgx"}[d]
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`UPDATE audit_log SET actor = 'mallory' WHERE id = (SELECT MIN(id) FROM audit_log)`); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.VerifyAudit(ctx); !errors.Is(err, model.ErrConflict) {
				t.Fatalf("edited record not detected: %v", err)
			}
			if _, err := db.Exec(`UPDATE audit_log SET actor = 'cli:root' WHERE id = (SELECT MIN(id) FROM audit_log)`); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.VerifyAudit(ctx); err != nil {
				t.Fatalf("restored log: %v", err)
			}
			if _, err := db.Exec(`DELETE FROM audit_log WHERE id = (SELECT MAX(id) - 1 FROM audit_log)`); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.VerifyAudit(ctx); !errors.Is(err, model.ErrConflict) {
				t.Fatalf("deleted record not detected: %v", err)
			}
		})
	}
}

// TestConcurrentAuditsShareCommits: many concurrent audit records all land,
// in one intact chain, with fewer commits than records.
func TestConcurrentAuditsShareCommits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		const n = 200
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- svc.Audit(ctx, "tester", "view_unmasked", "customer", fmt.Sprint(i), "ok")
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := svc.VerifyAudit(ctx)
		if err != nil || got != n {
			t.Fatalf("verify: %d records, %v; want %d intact", got, err, n)
		}
		seen := map[string]bool{}
		s.EachAudit(ctx, func(r *store.AuditRow) error { seen[r.ObjectID] = true; return nil })
		if len(seen) != n {
			t.Errorf("%d distinct records, want %d", len(seen), n)
		}
	})
}
