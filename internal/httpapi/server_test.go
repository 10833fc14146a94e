package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

const pw = "a long enough pass"

func setup(t testing.TB, s *store.Store) (*Server, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	svc := core.New(s, time.UTC, nil)
	for name, role := range map[string]auth.Role{"root": auth.Admin, "mgr": auth.Manager, "ana": auth.Analyst,
		"alice": auth.Sales, "bob": auth.Sales, "carol": auth.Service} {
		if err := svc.AddUser(ctx, "test", name, "", role, pw); err != nil {
			t.Fatal(err)
		}
	}
	customers := "customer_id,name,phone,email,owner\n" +
		"A1,张三,13812341234,zhang@example.com,alice\n" +
		"B1,李四,13900001111,li@example.com,bob\n" +
		"P1,王五,13700002222,wang@example.com,\n"
	interactions := "customer_id,at,channel,staff\nB1,2026-01-02,phone,carol\n"
	for kind, body := range map[ingest.Kind]string{ingest.KindCustomers: customers, ingest.KindInteractions: interactions} {
		if _, err := svc.Import(ctx, strings.NewReader(body), core.ImportOptions{Read: ingest.Options{Kind: kind}}); err != nil {
			t.Fatal(err)
		}
	}
	srv := New(svc, slog.New(slog.DiscardHandler))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts
}

func login(t testing.TB, ts *httptest.Server, name, password string) (*http.Cookie, int) {
	t.Helper()
	res, err := http.Post(ts.URL+"/api/v1/login", "application/json", strings.NewReader(`{"name":"`+name+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == SessionCookie {
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("session cookie flags %+v", c)
			}
			return c, res.StatusCode
		}
	}
	return nil, res.StatusCode
}

func get(t testing.TB, ts *httptest.Server, c *http.Cookie, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	if c != nil {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestRoleCustomerMatrix: every role × own / another user's / pool customer.
func TestRoleCustomerMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, ts := setup(t, s)
		cases := []struct {
			user          string
			a1, b1, p1    int
			list          string // ids in the list
			phoneUnmasked bool
		}{
			{"root", 200, 200, 200, "A1,B1,P1", true},
			{"mgr", 200, 200, 200, "A1,B1,P1", true},
			{"ana", 200, 200, 200, "A1,B1,P1", false},
			{"alice", 200, 404, 200, "A1,P1", true},
			{"bob", 404, 200, 200, "B1,P1", true},
			{"carol", 404, 200, 404, "B1", false},
		}
		for _, c := range cases {
			t.Run(c.user, func(t *testing.T) {
				ck, st := login(t, ts, c.user, pw)
				if st != 200 || ck == nil {
					t.Fatalf("login %d", st)
				}
				for id, want := range map[string]int{"A1": c.a1, "B1": c.b1, "P1": c.p1, "nope": 404} {
					st, body := get(t, ts, ck, "/api/v1/customers/"+id)
					if st != want {
						t.Errorf("GET %s: %d, want %d (%s)", id, st, want, body)
					}
					if st == 404 && (strings.Contains(body, "13") || !strings.Contains(body, `"code":"not_found"`)) {
						t.Errorf("404 body leaks or lacks the code: %s", body)
					}
					if st == 200 {
						has := strings.Contains(body, `"phone":"13`) && !strings.Contains(body, "****")
						if has != c.phoneUnmasked {
							t.Errorf("GET %s as %s: unmasked=%v, body %s", id, c.user, has, body)
						}
					}
				}
				st, body := get(t, ts, ck, "/api/v1/customers")
				var list struct{ Items []CustomerDTO }
				json.Unmarshal([]byte(body), &list)
				var ids []string
				for _, it := range list.Items {
					ids = append(ids, it.ID)
				}
				if st != 200 || strings.Join(ids, ",") != c.list {
					t.Errorf("list as %s: %d %v, want %s", c.user, st, ids, c.list)
				}
			})
		}
	})
}

func TestAuthenticationScenarios(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	srv, ts := setup(t, s)
	if st, body := get(t, ts, nil, "/api/v1/customers/A1"); st != 401 || !strings.Contains(body, "unauthenticated") {
		t.Fatalf("no session: %d %s", st, body)
	}
	if st, _ := get(t, ts, &http.Cookie{Name: SessionCookie, Value: "forged"}, "/api/v1/customers/A1"); st != 401 {
		t.Fatalf("forged session: %d", st)
	}
	if _, st := login(t, ts, "alice", "wrong password!"); st != 401 {
		t.Fatalf("wrong password: %d", st)
	}
	if _, st := login(t, ts, "nobody", pw); st != 401 {
		t.Fatalf("unknown user: %d", st)
	}
	// Five failures per account, then 429 even with the right password.
	for i := 0; i < 4; i++ {
		login(t, ts, "bob", "wrong password!")
	}
	if _, st := login(t, ts, "bob", "wrong password!"); st != 401 {
		t.Fatalf("fifth failure: %d", st)
	}
	if _, st := login(t, ts, "bob", pw); st != 429 {
		t.Fatalf("after five failures: %d", st)
	}
	// Bad bodies.
	for _, body := range []string{"", "{", `{"name":"a","password":"b","extra":1}`, `{"name":1}`} {
		res, _ := http.Post(ts.URL+"/api/v1/login", "application/json", strings.NewReader(body))
		if res.StatusCode != 400 {
			t.Errorf("login body %q: %d", body, res.StatusCode)
		}
		res.Body.Close()
	}
	if res, _ := http.Post(ts.URL+"/api/v1/login", "text/plain", strings.NewReader(`{}`)); res.StatusCode != 400 {
		t.Errorf("non-JSON content type: %d", res.StatusCode)
	}
	// Logout invalidates the session on the server.
	ck, _ := login(t, ts, "alice", pw)
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/logout", nil)
	req.AddCookie(ck)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 204 {
		t.Fatalf("logout: %v %v", res, err)
	}
	if st, _ := get(t, ts, ck, "/api/v1/customers/A1"); st != 401 {
		t.Fatalf("session after logout: %d", st)
	}
	// Idle expiry.
	ck, _ = login(t, ts, "alice", pw)
	srv.now = func() time.Time { return time.Now().Add(31 * time.Minute) }
	if st, _ := get(t, ts, ck, "/api/v1/customers/A1"); st != 401 {
		t.Fatalf("idle session: %d", st)
	}
	srv.now = time.Now
	// Chinese problem messages.
	req, _ = http.NewRequest("GET", ts.URL+"/api/v1/customers/A1", nil)
	req.Header.Set("Accept-Language", "zh-CN")
	res, _ = http.DefaultClient.Do(req)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 401 || !strings.Contains(string(b), "请先登录") || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("zh problem: %d %s", res.StatusCode, b)
	}
	if st, _ := get(t, ts, nil, "/healthz"); st != 200 {
		t.Fatal("healthz")
	}
	if st, _ := get(t, ts, nil, "/readyz"); st != 200 {
		t.Fatal("readyz")
	}
	st, m := get(t, ts, nil, "/metrics")
	if st != 200 || !strings.Contains(m, `strata_http_requests_total{method="GET",route="GET /api/v1/customers/{id}",status="401"}`) ||
		!strings.Contains(m, `strata_http_request_duration_seconds_count{route="POST /api/v1/login"}`) {
		t.Fatalf("metrics: %d\n%s", st, m)
	}
	for _, leak := range []string{"A1", "alice", "bob", "forged"} {
		if strings.Contains(m, leak) {
			t.Errorf("metrics expose %q", leak)
		}
	}
}

func FuzzDecodeLogin(f *testing.F) {
	f.Add(`{"name":"a","password":"b"}`)
	f.Add(`{`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var req loginRequest
		decode(r, &req) // must not panic; errors are ValidationErrors
	})
}
