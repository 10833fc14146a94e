package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"time"
)

// Session lifetimes: idle and absolute.
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
)

// Session is a login session. The browser holds the random id; the store
// keeps only its SHA-256 (IDHash), so a leaked database holds no live
// session.
type Session struct {
	IDHash   string
	User     string
	Created  time.Time
	LastSeen time.Time
}

// Session errors.
var (
	ErrSessionExpired = errors.New("auth: session expired")
	ErrBadToken       = errors.New("auth: malformed token")
)

// NewSession creates a session for user: the id to send to the browser
// (256 random bits, URL-safe) and the record to store.
func NewSession(user string, now time.Time) (id string, s Session, err error) {
	return newSession(user, now, rand.Reader)
}

func newSession(user string, now time.Time, rnd io.Reader) (string, Session, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", Session{}, err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	return id, Session{IDHash: HashID(id), User: user, Created: now, LastSeen: now}, nil
}

// HashID is the stored form of a session id or token secret.
func HashID(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// Valid reports whether s may still be used at now: not idle for longer
// than SessionIdle and not older than SessionAbsolute.
func (s Session) Valid(now time.Time) error {
	if now.Sub(s.LastSeen) > SessionIdle || now.Sub(s.Created) > SessionAbsolute {
		return ErrSessionExpired
	}
	return nil
}

// CSRFToken derives the CSRF token of a session from a server key: pages
// embed it, cookie-authenticated writes must echo it.
func CSRFToken(serverKey []byte, sessionID string) string {
	m := hmac.New(sha256.New, serverKey)
	m.Write([]byte("csrf\x00" + sessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF compares a presented token in constant time.
func CheckCSRF(serverKey []byte, sessionID, token string) bool {
	return subtle.ConstantTimeCompare([]byte(CSRFToken(serverKey, sessionID)), []byte(token)) == 1
}

// APIToken is an integration token: shown once as
// "strata_<id>_<secret>", stored as ID plus the hash of the secret, scoped
// to a role, revocable.
type APIToken struct {
	ID         string
	SecretHash string
	Role       Role
	Revoked    time.Time // zero while valid
}

// NewAPIToken returns the token text to show once and the record to store.
func NewAPIToken(role Role) (string, APIToken, error) {
	id := make([]byte, 8)
	secret := make([]byte, 24)
	if _, err := io.ReadFull(rand.Reader, id); err != nil {
		return "", APIToken{}, err
	}
	if _, err := io.ReadFull(rand.Reader, secret); err != nil {
		return "", APIToken{}, err
	}
	ids, secs := hex.EncodeToString(id), base64.RawURLEncoding.EncodeToString(secret)
	return "strata_" + ids + "_" + secs, APIToken{ID: ids, SecretHash: HashID(secs), Role: role}, nil
}

// ParseAPIToken splits a presented token into id and secret.
func ParseAPIToken(tok string) (id, secret string, err error) {
	rest, ok := strings.CutPrefix(tok, "strata_")
	if !ok {
		return "", "", ErrBadToken
	}
	id, secret, ok = strings.Cut(rest, "_")
	if !ok || len(id) != 16 || len(secret) != 32 {
		return "", "", ErrBadToken
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", "", ErrBadToken
	}
	return id, secret, nil
}

// Check reports whether a presented secret matches a token that is not
// revoked.
func (t APIToken) Check(secret string) bool {
	return t.Revoked.IsZero() && subtle.ConstantTimeCompare([]byte(HashID(secret)), []byte(t.SecretHash)) == 1
}

// Limiter limits failed logins per key (an account or an address) in a
// sliding window, with bounded memory. Safe for concurrent use.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	cap    int
	fails  map[string][]time.Time
}

// NewLimiter allows max failures per key per window, remembering at most
// capKeys keys (the oldest are forgotten first).
func NewLimiter(max int, window time.Duration, capKeys int) *Limiter {
	return &Limiter{max: max, window: window, cap: capKeys, fails: map[string][]time.Time{}}
}

// Allow reports whether key may try again at now, and if not how long it
// must wait.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.prune(key, now)
	if len(f) < l.max {
		return true, 0
	}
	return false, f[0].Add(l.window).Sub(now)
}

// Fail records a failed attempt.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.fails[key]; !ok && len(l.fails) >= l.cap {
		l.evict(now)
	}
	l.fails[key] = append(l.prune(key, now), now)
}

// Reset forgets a key's failures (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.fails, key)
	l.mu.Unlock()
}

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	f := l.fails[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= l.window {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = f
	}
	return f
}

// evict drops expired keys, then the one with the oldest last failure.
func (l *Limiter) evict(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, f := range l.fails {
		if len(f) == 0 || now.Sub(f[len(f)-1]) >= l.window {
			delete(l.fails, k)
			continue
		}
		if last := f[len(f)-1]; oldestKey == "" || last.Before(oldest) {
			oldestKey, oldest = k, last
		}
	}
	if len(l.fails) >= l.cap && oldestKey != "" {
		delete(l.fails, oldestKey)
	}
}
