package auth

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSessions(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	id, s, err := NewSession("alice", t0)
	if err != nil || len(id) < 40 || s.IDHash == id || s.IDHash != HashID(id) {
		t.Fatalf("session %q %+v %v", id, s, err)
	}
	id2, _, _ := NewSession("alice", t0)
	if id2 == id {
		t.Fatal("two sessions share an id")
	}
	for _, c := range []struct {
		last, now time.Duration
		ok        bool
	}{
		{0, 29 * time.Minute, true},
		{0, 31 * time.Minute, false}, // idle
		{11 * time.Hour, 11*time.Hour + time.Minute, true},
		{12 * time.Hour, 12*time.Hour + time.Minute, false}, // absolute
	} {
		s.LastSeen = t0.Add(c.last)
		if err := s.Valid(t0.Add(c.now)); (err == nil) != c.ok {
			t.Errorf("last seen +%v, now +%v: %v", c.last, c.now, err)
		}
	}
	key := []byte("server key")
	tok := CSRFToken(key, id)
	if !CheckCSRF(key, id, tok) || CheckCSRF(key, id2, tok) || CheckCSRF([]byte("other"), id, tok) || CheckCSRF(key, id, "") {
		t.Fatal("CSRF token check")
	}
}

func TestAPITokens(t *testing.T) {
	text, rec, err := NewAPIToken(Analyst)
	if err != nil || !strings.HasPrefix(text, "strata_") || strings.Contains(rec.SecretHash, text[24:]) {
		t.Fatalf("token %q %+v %v", text, rec, err)
	}
	id, secret, err := ParseAPIToken(text)
	if err != nil || id != rec.ID || !rec.Check(secret) || rec.Check(secret+"x") {
		t.Fatalf("parse/check: %q %q %v", id, secret, err)
	}
	rec.Revoked = time.Now()
	if rec.Check(secret) {
		t.Fatal("revoked token accepted")
	}
	for _, bad := range []string{"", "strata_", "strata_zz_yy", "bearer " + text, strings.Replace(text, "strata_", "strata-", 1)} {
		if _, _, err := ParseAPIToken(bad); err == nil {
			t.Errorf("ParseAPIToken(%q) accepted", bad)
		}
	}
}

func FuzzParseAPIToken(f *testing.F) {
	f.Add("strata_0123456789abcdef_abcdefghijklmnopqrstuvwxyz012345")
	f.Add("strata__")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		id, secret, err := ParseAPIToken(s)
		if err == nil && (len(id) != 16 || len(secret) != 32 || "strata_"+id+"_"+secret != s) {
			t.Fatalf("ParseAPIToken(%q) = %q, %q", s, id, secret)
		}
	})
}

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(5, 15*time.Minute, 100)
	for i := 0; i < 5; i++ {
		if ok, _ := l.Allow("alice", t0); !ok {
			t.Fatalf("attempt %d refused", i)
		}
		l.Fail("alice", t0.Add(time.Duration(i)*time.Minute))
	}
	ok, wait := l.Allow("alice", t0.Add(5*time.Minute))
	if ok || wait != 10*time.Minute {
		t.Fatalf("sixth attempt: %v, wait %v", ok, wait)
	}
	if ok, _ := l.Allow("bob", t0); !ok {
		t.Fatal("another account is limited")
	}
	if ok, _ := l.Allow("alice", t0.Add(15*time.Minute)); !ok {
		t.Fatal("the window does not slide")
	}
	l.Reset("alice")
	if ok, _ := l.Allow("alice", t0.Add(6*time.Minute)); !ok {
		t.Fatal("reset after success")
	}
	// Bounded memory under a flood of distinct keys, concurrently.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				l.Fail(fmt.Sprintf("10.0.%d.%d", g, i), t0.Add(time.Duration(i)*time.Millisecond))
			}
		}()
	}
	wg.Wait()
	if n := len(l.fails); n > 100 {
		t.Fatalf("limiter holds %d keys, cap 100", n)
	}
}
