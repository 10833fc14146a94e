// Package httpapi is Strata's REST JSON API on net/http: thin handlers on a
// Server that holds the services, one error-to-status function, RFC 9457
// problem+json errors in the caller's language. This first slice serves
// health, login/logout and the customer record under the access policy.
package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/model"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "strata_session"

// Server serves the API.
type Server struct {
	svc           *core.Service
	log           *slog.Logger
	byUser        *auth.Limiter
	byAddr        *auth.Limiter
	now           func() time.Time
	mux           *http.ServeMux
	secureCookies bool
	metrics       *httpMetrics
	routes        []route
	jobs          *jobs
	// csrfKey signs CSRF tokens: a secret kept in the database, so that
	// every replica (and a restarted process) accepts the same tokens.
	csrfMu  sync.Mutex
	csrfKey []byte
}

// New builds the server and its routes.
func New(svc *core.Service, log *slog.Logger) *Server {
	s := &Server{svc: svc, log: log, now: time.Now, mux: http.NewServeMux(),
		byUser: auth.NewLimiter(5, 15*time.Minute, 100_000), byAddr: auth.NewLimiter(20, 15*time.Minute, 100_000),
		metrics: newHTTPMetrics(), jobs: newJobs()}
	s.routes = s.table()
	for _, rt := range s.routes {
		h := rt.public
		if !rt.Public {
			inner := rt.h
			if rt.Write {
				inner = s.csrf(inner)
			}
			h = s.authed(inner)
		}
		s.mux.HandleFunc(rt.Method+" "+rt.Pattern, h)
	}
	return s
}

// Handler is the HTTP handler: the routes behind request logging and
// metrics.
func (s *Server) Handler() http.Handler { return instrument(s.mux, s.metrics, s.log) }

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, map[string]string{"status": "ok"})
}

func (s *Server) promMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	s.metrics.write(w)
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(s.openAPI())
}

// sessionKey holds the session id of a cookie-authenticated request; a
// token-authenticated request has none (and needs no CSRF token).
type sessionKey struct{}

// authed resolves the session cookie or the bearer API token to a
// principal, or answers 401.
func (s *Server) authed(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := core.WithAddress(r.Context(), clientAddr(r))
		if hv := r.Header.Get("Authorization"); hv != "" {
			tok, ok := strings.CutPrefix(hv, "Bearer ")
			if !ok {
				s.problem(w, r, core.ErrUnauthenticated)
				return
			}
			p, err := s.svc.TokenPrincipal(ctx, strings.TrimSpace(tok), s.now())
			if err != nil {
				s.problem(w, r, err)
				return
			}
			h(w, r.WithContext(ctx), p)
			return
		}
		c, err := r.Cookie(SessionCookie)
		if err != nil || c.Value == "" {
			s.problem(w, r, core.ErrUnauthenticated)
			return
		}
		p, err := s.svc.SessionPrincipal(ctx, c.Value, s.now())
		if err != nil {
			s.problem(w, r, err)
			return
		}
		h(w, r.WithContext(context.WithValue(ctx, sessionKey{}, c.Value)), p)
	}
}

// csrf requires the session's CSRF token in X-CSRF-Token on
// cookie-authenticated writes (a bearer token is not sent by browsers on
// their own, so token requests need none).
func (s *Server) csrf(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, p auth.Principal) {
		id, cookie := r.Context().Value(sessionKey{}).(string)
		if !cookie {
			h(w, r, p)
			return
		}
		key, err := s.csrfSecret(r.Context())
		if err != nil {
			s.problem(w, r, err)
			return
		}
		if !auth.CheckCSRF(key, id, r.Header.Get("X-CSRF-Token")) {
			s.problem(w, r, errCSRF)
			return
		}
		h(w, r, p)
	}
}

// csrfSecret returns the CSRF signing key, reading it from the database
// on first use (and again after a failure).
func (s *Server) csrfSecret(ctx context.Context) ([]byte, error) {
	s.csrfMu.Lock()
	defer s.csrfMu.Unlock()
	if s.csrfKey == nil {
		k, err := s.svc.ServerSecret(ctx, "csrf")
		if err != nil {
			return nil, err
		}
		s.csrfKey = k
	}
	return s.csrfKey, nil
}

// errCSRF answers 403 for a write without the session's CSRF token.
var errCSRF = errors.New("missing or wrong CSRF token")

// SessionDTO is who is signed in; CSRFToken goes in X-CSRF-Token on
// writes made with the session cookie.
type SessionDTO struct {
	User      string `json:"user"`
	Role      string `json:"role"`
	CSRFToken string `json:"csrf_token,omitempty"`
}

func (s *Server) session(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d := SessionDTO{User: p.User, Role: string(p.Role)}
	if id, ok := r.Context().Value(sessionKey{}).(string); ok {
		key, err := s.csrfSecret(r.Context())
		if err != nil {
			s.problem(w, r, err)
			return
		}
		d.CSRFToken = auth.CSRFToken(key, id)
	}
	writeJSON(w, 200, d)
}

// etag formats a version as a strong ETag.
func etag(v int64) string { return `"v` + strconv.FormatInt(v, 10) + `"` }

// errPrecondition answers 428 when an update has no If-Match.
var errPrecondition = errors.New("If-Match with the record's ETag is required")

// ifMatch reads the version an update is conditional on: If-Match with an
// ETag of this API (errPrecondition when there is none).
func ifMatch(r *http.Request) (int64, error) {
	im := r.Header.Get("If-Match")
	if im == "" {
		return 0, errPrecondition
	}
	v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(im, `"v`), `"`), 10, 64)
	if err != nil || v < 1 || !strings.HasPrefix(im, `"v`) {
		return 0, model.Invalid("If-Match", im, "is not an ETag of this API")
	}
	return v, nil
}

func (s *Server) patchCustomer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v, err := ifMatch(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	var patch core.CustomerPatch
	if err := decode(r, &patch); err != nil {
		s.problem(w, r, err)
		return
	}
	nv, err := s.svc.UpdateCustomerFor(r.Context(), p, r.PathValue("id"), patch, v)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	c, err := s.svc.CustomerFor(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(nv))
	writeJSON(w, 200, customerDTO(c))
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if _, err := s.svc.Store().SchemaVersion(r.Context()); err != nil {
		s.log.Error("readyz", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, 200, map[string]string{"status": "ready"})
}

type loginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// errRateLimited answers 429.
var errRateLimited = errors.New("too many failed logins")

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := decode(r, &req); err != nil {
		s.problem(w, r, err)
		return
	}
	now := s.now()
	addr := clientAddr(r)
	okU, waitU := s.byUser.Allow(req.Name, now)
	okA, waitA := s.byAddr.Allow(addr, now)
	if !okU || !okA {
		w.Header().Set("Retry-After", strconv.Itoa(int(max(waitU, waitA).Seconds())+1))
		s.svc.Audit(r.Context(), req.Name, "login", "user", req.Name, "rate_limited")
		s.problem(w, r, errRateLimited)
		return
	}
	p, err := s.svc.Authenticate(r.Context(), req.Name, req.Password)
	if err != nil {
		if errors.Is(err, core.ErrUnauthenticated) {
			s.byUser.Fail(req.Name, now)
			s.byAddr.Fail(addr, now)
			s.svc.Audit(r.Context(), req.Name, "login", "user", req.Name, "failed")
		}
		s.problem(w, r, err)
		return
	}
	s.byUser.Reset(req.Name)
	id, err := s.svc.StartSession(r.Context(), p, now)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if err := s.svc.Audit(r.Context(), p.User, "login", "user", p.User, "ok"); err != nil {
		s.problem(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secureCookies || r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int(auth.SessionAbsolute.Seconds())})
	key, err := s.csrfSecret(r.Context())
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, 200, SessionDTO{User: p.User, Role: string(p.Role), CSRFToken: auth.CSRFToken(key, id)})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, _ := r.Context().Value(sessionKey{}).(string)
	if id == "" {
		s.problem(w, r, model.Invalid("session", "", "a token-authenticated request has no session to end; revoke the token instead"))
		return
	}
	if err := s.svc.EndSession(r.Context(), id); err != nil {
		s.problem(w, r, err)
		return
	}
	s.svc.Audit(r.Context(), p.User, "logout", "user", p.User, "ok")
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	c, v, err := s.svc.CustomerViewFor(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(v))
	writeJSON(w, 200, customerDTO(c))
}

// CustomerDTO is the API form of a customer.
type CustomerDTO struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Gender       string   `json:"gender,omitempty"`
	Phone        string   `json:"phone,omitempty"`
	Email        string   `json:"email,omitempty"`
	Region       string   `json:"region,omitempty"`
	City         string   `json:"city,omitempty"`
	Address      string   `json:"address,omitempty"`
	IDNumber     string   `json:"id_number,omitempty"`
	Owner        string   `json:"owner,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	RegisteredAt string   `json:"registered_at,omitempty"`
}

func customerDTO(c *model.Customer) CustomerDTO {
	d := CustomerDTO{ID: c.ID, Name: c.Name, Gender: c.Gender, Phone: c.Phone, Email: c.Email, Region: c.Region,
		City: c.City, Address: c.Address, IDNumber: c.IDNumber, Owner: c.Owner, Tags: c.Tags}
	if !c.RegisteredAt.IsZero() {
		d.RegisteredAt = c.RegisteredAt.Format(time.RFC3339)
	}
	return d
}

// maxBody bounds request bodies.
const maxBody = 1 << 20

// decode reads a JSON body strictly: size-bounded, unknown fields refused,
// one value only.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return model.Invalid("Content-Type", ct, "must be application/json")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return model.Invalid("body", "", "is not valid JSON for this request: "+err.Error())
	}
	if dec.More() {
		return model.Invalid("body", "", "has more than one JSON value")
	}
	return nil
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeJSON encodes v before sending anything, so that a value that cannot
// be encoded is a 500 rather than a 200 with a cut body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(Problem{Type: "https://strata.invalid/problems/internal", Title: messages["internal"][0], Status: 500, Code: "internal"})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
