package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"strata/internal/store"
	"strata/internal/store/storetest"
)

type client struct {
	t    *testing.T
	ts   *httptest.Server
	ck   *http.Cookie
	csrf string
}

func newClient(t *testing.T, ts *httptest.Server, user string) *client {
	ck, st := login(t, ts, user, pw)
	if st != 200 {
		t.Fatalf("login %s: %d", user, st)
	}
	c := &client{t: t, ts: ts, ck: ck}
	_, body, _ := c.do("GET", "/api/v1/session", "", nil)
	var s struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal([]byte(body), &s)
	c.csrf = s.CSRF
	return c
}

func (c *client) do(method, path, body string, hdr map[string]string) (int, string, http.Header) {
	req, _ := http.NewRequest(method, c.ts.URL+path, strings.NewReader(body))
	req.AddCookie(c.ck)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestUpdateWithETagAndCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, ts := setup(t, s)
		alice := newClient(t, ts, "alice")
		st, _, h := alice.do("GET", "/api/v1/customers/A1", "", nil)
		tag := h.Get("ETag")
		if st != 200 || !strings.HasPrefix(tag, `"v`) {
			t.Fatalf("GET: %d etag %q", st, tag)
		}
		patch := `{"city":"杭州"}`
		cases := []struct {
			name string
			hdr  map[string]string
			path string
			want int
		}{
			{"no CSRF token", map[string]string{"If-Match": tag}, "/api/v1/customers/A1", 403},
			{"wrong CSRF token", map[string]string{"If-Match": tag, "X-CSRF-Token": "x"}, "/api/v1/customers/A1", 403},
			{"no If-Match", map[string]string{"X-CSRF-Token": alice.csrf}, "/api/v1/customers/A1", 428},
			{"bad If-Match", map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": "*"}, "/api/v1/customers/A1", 400},
			{"another user's customer", map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": tag}, "/api/v1/customers/B1", 404},
			{"pool customer: visible, not editable", map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": tag}, "/api/v1/customers/P1", 403},
			{"ok", map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": tag}, "/api/v1/customers/A1", 200},
			{"stale", map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": tag}, "/api/v1/customers/A1", 412},
		}
		for _, c := range cases {
			if st, body, _ := alice.do("PATCH", c.path, patch, c.hdr); st != c.want {
				t.Errorf("%s: %d, want %d (%s)", c.name, st, c.want, body)
			}
		}
		_, body, _ := alice.do("GET", "/api/v1/customers/A1", "", nil)
		if !strings.Contains(body, "杭州") {
			t.Fatalf("update lost: %s", body)
		}
		// Moving a customer to another owner is a manager's job.
		_, _, h = alice.do("GET", "/api/v1/customers/A1", "", nil)
		if st, _, _ := alice.do("PATCH", "/api/v1/customers/A1", `{"owner":"alice2"}`, map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": h.Get("ETag")}); st != 403 {
			t.Errorf("sales changing the owner: %d", st)
		}
		// Invalid values are refused with the field named.
		if st, body, _ := alice.do("PATCH", "/api/v1/customers/A1", `{"gender":"robot"}`, map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": h.Get("ETag")}); st != 400 || !strings.Contains(body, "gender") {
			t.Errorf("invalid gender: %d %s", st, body)
		}
	})
}

// TestConcurrentWritersLoseNothing: 50 writers race on one customer with
// the same ETag; exactly one wins, every other gets 412, none sees a
// database error, and the winner's value is stored.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, ts := setup(t, s)
		mgr := newClient(t, ts, "mgr")
		_, _, h := mgr.do("GET", "/api/v1/customers/B1", "", nil)
		tag := h.Get("ETag")
		const writers = 50
		codes := make([]int, writers)
		var wg sync.WaitGroup
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i], _, _ = mgr.do("PATCH", "/api/v1/customers/B1", `{"source":"writer-`+strings.Repeat("x", i)+`"}`,
					map[string]string{"X-CSRF-Token": mgr.csrf, "If-Match": tag})
			}()
		}
		wg.Wait()
		won, stale := 0, 0
		winner := -1
		for i, c := range codes {
			switch c {
			case 200:
				won++
				winner = i
			case 412:
				stale++
			default:
				t.Errorf("writer %d: status %d", i, c)
			}
		}
		if won != 1 || stale != writers-1 {
			t.Fatalf("%d won, %d stale", won, stale)
		}
		got, err := s.Customer(context.Background(), "B1")
		if err != nil || got.Source != "writer-"+strings.Repeat("x", winner) {
			t.Fatalf("stored source %q, winner wrote %q (%v)", got.Source, "writer-"+strings.Repeat("x", winner), err)
		}
	})
}
