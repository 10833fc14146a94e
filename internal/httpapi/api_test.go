package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// fixture is setup plus orders, surveys and tickets for A1 (alice's), B1
// (bob's, handled by carol) and P1 (the pool), and two classification runs.
type fixture struct {
	srv  *Server
	ts   *httptest.Server
	runs []int64
}

func setupAPI(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	srv, ts := setup(t, s)
	ctx := context.Background()
	files := map[ingest.Kind]string{
		ingest.KindOrders: "order_id,customer_id,ordered_at,amount,category\n" +
			"o1,A1,2026-01-05,120.00,book\no2,A1,2026-03-01,80.00,book\no3,B1,2025-06-01,5000.00,tv\n" +
			"o4,B1,2026-02-01,3000.00,tv\no5,P1,2026-02-20,15.50,snack\n",
		ingest.KindSurveys: "survey_id,customer_id,at,nps,comment\ns1,A1,2026-03-02,9,call me on 13812341234\n",
		ingest.KindTickets: "ticket_id,customer_id,opened_at,status,category\nt1,B1,2026-02-03,closed,complaint\n",
	}
	for _, kind := range []ingest.Kind{ingest.KindOrders, ingest.KindSurveys, ingest.KindTickets} {
		if _, err := srv.svc.Import(ctx, strings.NewReader(files[kind]), core.ImportOptions{Read: ingest.Options{Kind: kind}}); err != nil {
			t.Fatalf("import %s: %v", kind, err)
		}
	}
	if err := srv.svc.EnsureBuiltinSchemes(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{srv: srv, ts: ts}
	for _, d := range []string{"2026-02-28", "2026-03-31"} {
		asOf, _ := time.Parse(time.DateOnly, d)
		sum, err := srv.svc.Classify(ctx, core.ClassifyOptions{AsOf: asOf})
		if err != nil {
			t.Fatalf("classify %s: %v", d, err)
		}
		f.runs = append(f.runs, sum.RunID)
	}
	return f
}

// ids returns the customer ids of a list response.
func ids(t *testing.T, body string) []string {
	t.Helper()
	var l CustomerList
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatalf("list body %s: %v", body, err)
	}
	var out []string
	for _, c := range l.Items {
		out = append(out, c.ID)
	}
	slices.Sort(out)
	return out
}

// TestAPIScenarios: status, body and what must not appear, per route.
func TestAPIScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := setupAPI(t, s)
		users := map[string]*client{}
		for _, u := range []string{"root", "mgr", "ana", "alice", "bob", "carol"} {
			users[u] = newClient(t, f.ts, u)
		}
		latest := fmt.Sprint(f.runs[1])
		cases := []struct {
			name, user, method, path, body string
			status                         int
			has, hasNot                    []string
		}{
			{"list by class of the latest run", "root", "GET", "/api/v1/customers?scheme=lifecycle&class=active", "", 200, []string{`"class":"active"`, `"run_id":` + latest}, nil},
			{"list by rule", "root", "GET", "/api/v1/customers?rule=" + escape("monetary > 1000"), "", 200, []string{`"id":"B1"`}, []string{`"id":"A1"`, `"id":"P1"`}},
			{"list by a date rule", "root", "GET", "/api/v1/customers?rule=" + escape("within(last_purchase_at, 45d) and has_purchase"), "", 200, []string{`"id":"A1"`, `"id":"P1"`}, []string{`"id":"B1"`}},
			{"list by a date rule with a record field", "root", "GET", "/api/v1/customers?rule=" + escape(`last_purchase_at >= date("2026-02-15") and tags has "nope"`), "", 200, []string{`"items":[]`}, nil},
			{"list sorted by a metric", "root", "GET", "/api/v1/customers?sort=-monetary&limit=1", "", 200, []string{`"id":"B1"`, `"value":8000`, `"next":`}, nil},
			{"rule error names the position", "root", "GET", "/api/v1/customers?rule=" + escape("monetry > 1"), "", 400, []string{`1:1`, `monetary`}, nil},
			{"unknown scheme", "root", "GET", "/api/v1/customers?scheme=nope&class=x", "", 400, []string{"schemes:"}, nil},
			{"name search", "root", "GET", "/api/v1/customers?q=" + escape("李"), "", 200, []string{`"id":"B1"`}, []string{`"id":"A1"`}},
			{"exact phone lookup", "root", "GET", "/api/v1/customers?phone=" + escape("139 0000 1111"), "", 200, []string{`"id":"B1"`}, []string{`"id":"A1"`}},
			{"exact email lookup", "root", "GET", "/api/v1/customers?email=LI@example.com", "", 200, []string{`"id":"B1"`}, []string{`"id":"A1"`}},
			{"pool filter", "root", "GET", "/api/v1/customers?owner=-", "", 200, []string{`"id":"P1"`}, []string{`"id":"A1"`, `"id":"B1"`}},
			{"sales rule list stays in scope", "alice", "GET", "/api/v1/customers?rule=" + escape("monetary > 0"), "", 200, []string{`"id":"A1"`, `"id":"P1"`}, []string{`"id":"B1"`}},
			{"sales phone lookup of another's customer", "alice", "GET", "/api/v1/customers?phone=13900001111", "", 200, []string{`"items":[]`}, []string{"B1"}},
			{"bad limit", "root", "GET", "/api/v1/customers?limit=0", "", 400, []string{`"code":"invalid"`}, nil},
			{"forged cursor", "root", "GET", "/api/v1/customers?scheme=lifecycle&cursor=xyz", "", 400, []string{"cursor"}, nil},

			{"own orders", "alice", "GET", "/api/v1/customers/A1/orders", "", 200, []string{`"order_id":"o1"`, `"amount":"120.00"`}, nil},
			{"another's orders", "alice", "GET", "/api/v1/customers/B1/orders", "", 404, []string{`"code":"not_found"`}, []string{"5000"}},
			{"service sees the tickets it handles", "carol", "GET", "/api/v1/customers/B1/tickets", "", 200, []string{`"id":"t1"`}, nil},
			{"service does not see others", "carol", "GET", "/api/v1/customers/A1/surveys", "", 404, nil, []string{"13812341234"}},
			{"analyst sees comments masked", "ana", "GET", "/api/v1/customers/A1/surveys", "", 200, []string{`"comment":"***"`, `"nps":9`}, []string{"13812341234"}},
			{"manager sees comments", "mgr", "GET", "/api/v1/customers/A1/surveys", "", 200, []string{"13812341234"}, nil},
			{"interactions", "carol", "GET", "/api/v1/customers/B1/interactions", "", 200, []string{`"channel":"phone"`, `"staff":"carol"`}, nil},
			{"classes with reasons", "alice", "GET", "/api/v1/customers/A1/classes", "", 200, []string{`"scheme":"rfm8"`, `"reason"`, `"run_id":` + latest}, nil},
			{"classes of an earlier run", "alice", "GET", "/api/v1/customers/A1/classes?run=" + fmt.Sprint(f.runs[0]), "", 200, []string{`"run_id":` + fmt.Sprint(f.runs[0])}, nil},
			{"history", "alice", "GET", "/api/v1/customers/A1/history?scheme=value_tier", "", 200, []string{`"as_of":"2026-02-28"`, `"as_of":"2026-03-31"`}, nil},
			{"another's history", "alice", "GET", "/api/v1/customers/B1/history", "", 404, nil, []string{"value_tier"}},

			{"consent by the owner", "alice", "PUT", "/api/v1/customers/A1/consents/marketing", `{"granted":false}`, 204, nil, nil},
			{"consent for another's customer", "alice", "PUT", "/api/v1/customers/B1/consents/marketing", `{"granted":false}`, 404, nil, nil},
			{"privacy export needs the privacy role", "alice", "GET", "/api/v1/customers/A1/privacy-export", "", 403, []string{`"code":"forbidden"`}, []string{"13812341234"}},
			{"privacy export", "mgr", "GET", "/api/v1/customers/A1/privacy-export", "", 200, []string{`"orders"`, `"classes"`, "13812341234"}, nil},

			{"schemes for everyone", "carol", "GET", "/api/v1/schemes", "", 200, []string{`"name":"rfm8"`}, nil},
			{"one scheme", "ana", "GET", "/api/v1/schemes/value_tier", "", 200, []string{`"definition"`}, nil},
			{"save a scheme", "ana", "PUT", "/api/v1/schemes/vip_watch", `{"name":"vip_watch","zh":"重点关注","en":"VIP watch","method":"rules","fallback":"other","classes":[{"key":"vip","zh":"大客户","en":"VIP","rule":"monetary >= 5000"},{"key":"other","zh":"其他","en":"Other"}]}`, 200, []string{`"version":1`}, nil},
			{"scheme with a bad rule", "ana", "PUT", "/api/v1/schemes/bad", `{"name":"bad","zh":"坏","en":"Bad","method":"rules","fallback":"other","classes":[{"key":"x","zh":"x","en":"x","rule":"monetry > 1"},{"key":"other","zh":"其他","en":"Other"}]}`, 400, []string{"classes[0].rule", "monetary"}, nil},
			{"scheme name mismatch", "ana", "PUT", "/api/v1/schemes/other", `{"name":"vip_watch","zh":"a","en":"a","method":"rules","fallback":"o","classes":[{"key":"o","zh":"o","en":"o"}]}`, 400, nil, nil},
			{"sales may not change schemes", "alice", "PUT", "/api/v1/schemes/vip_watch", `{"name":"vip_watch"}`, 403, nil, nil},
			{"scheme edit needs If-Match", "ana", "PUT", "/api/v1/schemes/vip_watch", `{"name":"vip_watch","zh":"重点关注","en":"VIP watch","method":"rules","fallback":"other","classes":[{"key":"vip","zh":"大客户","en":"VIP","rule":"monetary >= 6000"},{"key":"other","zh":"其他","en":"Other"}]}`, 428, []string{`"code":"if_match"`}, nil},
			{"scheme edit from the current version", "ana", "PUT", "/api/v1/schemes/vip_watch", `{"name":"vip_watch","zh":"重点关注","en":"VIP watch","method":"rules","fallback":"other","classes":[{"key":"vip","zh":"大客户","en":"VIP","rule":"monetary >= 6000"},{"key":"other","zh":"其他","en":"Other"}]}`, 200, []string{`"version":2`}, nil},
			{"scheme edit from a stale version", "mgr", "PUT", "/api/v1/schemes/vip_watch", `{"name":"vip_watch","zh":"重点关注","en":"VIP watch","method":"rules","fallback":"other","classes":[{"key":"vip","zh":"大客户","en":"VIP","rule":"monetary >= 7000"},{"key":"other","zh":"其他","en":"Other"}]}`, 412, []string{`"code":"stale"`}, nil},
			{"the stale edit changed nothing", "ana", "GET", "/api/v1/schemes/vip_watch", "", 200, []string{"6000", `"version":2`}, []string{"7000"}},
			{"runs for analysts", "ana", "GET", "/api/v1/runs", "", 200, []string{`"status":"done"`}, nil},
			{"runs are not for sales", "alice", "GET", "/api/v1/runs", "", 403, nil, nil},
			{"one run", "ana", "GET", "/api/v1/runs/" + latest, "", 200, []string{`"schemes"`, `"timing"`}, nil},
			{"missing run", "ana", "GET", "/api/v1/runs/999999", "", 404, nil, nil},
			{"segment members in scope", "alice", "GET", "/api/v1/runs/" + latest + "/segments/lifecycle/active", "", 200, nil, []string{`"id":"B1"`}},
			{"segment of an unknown class", "root", "GET", "/api/v1/runs/" + latest + "/segments/lifecycle/nope", "", 400, []string{"classes:"}, nil},
			{"migrations", "ana", "GET", "/api/v1/migrations?scheme=value_tier", "", 200, []string{`"from_run":` + fmt.Sprint(f.runs[0]), `"to_run":` + latest}, nil},
			{"migrations need a scheme", "ana", "GET", "/api/v1/migrations", "", 400, nil, nil},
			{"migrations are not for service", "carol", "GET", "/api/v1/migrations?scheme=value_tier", "", 403, nil, nil},

			{"sales export holds only their scope", "alice", "GET", "/api/v1/exports/customers", "", 200, []string{"A1", "P1"}, []string{"B1", "13900001111"}},
			{"sales orders export", "alice", "GET", "/api/v1/exports/orders", "", 200, []string{"o1", "o5"}, []string{"o3"}},
			{"sales classes export", "alice", "GET", "/api/v1/exports/classes", "", 200, []string{"A1"}, []string{"B1"}},
			{"marketing segment leaves out withdrawn consent", "mgr", "GET", "/api/v1/exports/classes?purpose=marketing", "", 200, []string{"B1", "P1"}, nil},
			{"analysts may not export", "ana", "GET", "/api/v1/exports/customers", "", 403, nil, nil},
			{"bad export kind", "mgr", "GET", "/api/v1/exports/passwords", "", 400, nil, nil},
			{"xlsx export", "mgr", "GET", "/api/v1/exports/customers?format=xlsx", "", 200, []string{"PK"}, nil},

			{"users for admins", "root", "GET", "/api/v1/users", "", 200, []string{`"name":"alice"`}, []string{"argon2", "password"}},
			{"users are not for managers", "mgr", "GET", "/api/v1/users", "", 403, nil, nil},
			{"create a user", "root", "POST", "/api/v1/users", `{"name":"dave","role":"sales","password":"another long pass"}`, 201, []string{`"role":"sales"`}, []string{"another long pass"}},
			{"weak password", "root", "POST", "/api/v1/users", `{"name":"eve","role":"sales","password":"x"}`, 400, nil, nil},
			{"user edit needs If-Match", "root", "PATCH", "/api/v1/users/bob", `{"role":"manager"}`, 428, nil, nil},
			{"change a role", "root", "PATCH", "/api/v1/users/bob", `{"role":"manager","display":"Bob Li"}`, 200, []string{`"role":"manager"`, `"display":"Bob Li"`, `"version":2`}, nil},
			{"stale user edit", "root", "PATCH", "/api/v1/users/bob", `{"disabled":true}`, 412, nil, nil},
			{"one user", "root", "GET", "/api/v1/users/bob", "", 200, []string{`"disabled":false`, `"role":"manager"`}, nil},
			{"no self-demotion", "root", "PATCH", "/api/v1/users/root", `{"role":"sales"}`, 400, nil, nil},

			{"log an interaction", "alice", "POST", "/api/v1/customers/A1/interactions", `{"at":"2026-03-05T10:00:00Z","channel":"phone","note":"called back"}`, 201, []string{`"staff":"alice"`, `"channel":"phone"`}, nil},
			{"interaction for another's customer", "alice", "POST", "/api/v1/customers/B1/interactions", `{"at":"2026-03-05T10:00:00Z","channel":"phone"}`, 404, nil, nil},
			{"analysts do not log interactions", "ana", "POST", "/api/v1/customers/A1/interactions", `{"at":"2026-03-05T10:00:00Z","channel":"phone"}`, 403, nil, nil},
			{"bad channel", "alice", "POST", "/api/v1/customers/A1/interactions", `{"at":"2026-03-05T10:00:00Z","channel":"pigeon"}`, 400, []string{"channel"}, nil},
			{"service opens a ticket", "carol", "POST", "/api/v1/customers/B1/tickets", `{"id":"t2","opened_at":"2026-03-06T09:00:00Z","category":"repair"}`, 201, []string{`"status":"open"`}, nil},
			{"duplicate ticket", "carol", "POST", "/api/v1/customers/B1/tickets", `{"id":"t1","opened_at":"2026-03-06T09:00:00Z"}`, 409, nil, nil},
			{"the duplicate changed nothing", "carol", "GET", "/api/v1/customers/B1/tickets", "", 200, []string{`"category":"complaint"`}, nil},
			{"sales do not open tickets", "alice", "POST", "/api/v1/customers/A1/tickets", `{"id":"t3","opened_at":"2026-03-06T09:00:00Z"}`, 403, nil, nil},
			{"add an order line", "mgr", "POST", "/api/v1/customers/A1/orders", `{"order_id":"o9","amount":"99.50","ordered_at":"2026-03-07T08:00:00Z"}`, 201, []string{`"amount":"99.50"`, `"status":"paid"`}, nil},
			{"bad amount", "mgr", "POST", "/api/v1/customers/A1/orders", `{"amount":"lots","ordered_at":"2026-03-07T08:00:00Z"}`, 400, []string{"amount"}, nil},
			{"order without a time", "mgr", "POST", "/api/v1/customers/A1/orders", `{"amount":"1.00"}`, 400, []string{"ordered_at"}, nil},
			{"record a survey", "alice", "POST", "/api/v1/customers/A1/surveys", `{"at":"2026-03-08T08:00:00Z","nps":10,"csat":5}`, 201, []string{`"nps":10`}, nil},
			{"survey out of range", "alice", "POST", "/api/v1/customers/A1/surveys", `{"at":"2026-03-08T08:00:00Z","nps":11}`, 400, []string{"nps"}, nil},
			{"create a customer", "alice", "POST", "/api/v1/customers", `{"id":"N1","name":"新客户","phone":"13511112222","id_number":"110101199003070012"}`, 201, []string{`"owner":"alice"`, `"id":"N1"`, `"id_number":"110101199003070012"`}, nil},
			{"analysts see the ID number masked", "ana", "GET", "/api/v1/customers/N1", "", 200, []string{`"id_number":"1101`}, []string{"110101199003070012"}},
			{"duplicate customer", "alice", "POST", "/api/v1/customers", `{"id":"N1"}`, 409, nil, nil},
			{"sales may not create for others", "alice", "POST", "/api/v1/customers", `{"id":"N2","owner":"bob"}`, 403, nil, nil},
			{"service may not create", "carol", "POST", "/api/v1/customers", `{"id":"N3"}`, 403, nil, nil},
			{"invalid customer", "root", "POST", "/api/v1/customers", `{"id":"N4","gender":"robot"}`, 400, []string{"gender"}, nil},
			{"unknown field", "root", "POST", "/api/v1/customers", `{"id":"N5","salary":1}`, 400, []string{"salary"}, nil},
			{"sales may not delete", "alice", "DELETE", "/api/v1/customers/A1", "", 403, nil, nil},
			{"delete another's is not found", "alice", "DELETE", "/api/v1/customers/B1", "", 404, nil, nil},
			{"delete", "mgr", "DELETE", "/api/v1/customers/N1", "", 204, nil, nil},
			{"deleted is gone", "mgr", "GET", "/api/v1/customers/N1", "", 404, nil, nil},
			{"erase", "root", "POST", "/api/v1/customers/P1/erase", "", 200, []string{`"id":"erased-`}, nil},
			{"erased id is gone", "root", "GET", "/api/v1/customers/P1", "", 404, nil, nil},
		}
		extra := map[string]map[string]string{
			"save a scheme":                        {"If-None-Match": "*"},
			"scheme with a bad rule":               {"If-None-Match": "*"},
			"scheme name mismatch":                 {"If-None-Match": "*"},
			"sales may not change schemes":         {"If-Match": `"v1"`},
			"scheme edit from the current version": {"If-Match": `"v1"`},
			"scheme edit from a stale version":     {"If-Match": `"v1"`},
			"change a role":                        {"If-Match": `"v1"`},
			"stale user edit":                      {"If-Match": `"v1"`},
			"no self-demotion":                     {"If-Match": `"v1"`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				hdr := map[string]string{"X-CSRF-Token": users[c.user].csrf}
				for k, v := range extra[c.name] {
					hdr[k] = v
				}
				if c.body == "" && c.method != "GET" {
					hdr["Content-Type"] = "application/json"
				}
				st, body, _ := users[c.user].do(c.method, c.path, c.body, hdr)
				if st != c.status {
					t.Fatalf("%s %s as %s: %d, want %d: %s", c.method, c.path, c.user, st, c.status, body)
				}
				for _, h := range c.has {
					if !strings.Contains(body, h) {
						t.Errorf("body lacks %q: %s", h, body)
					}
				}
				for _, h := range c.hasNot {
					if strings.Contains(body, h) {
						t.Errorf("body holds %q: %s", h, body)
					}
				}
			})
		}
	})
}

func escape(s string) string {
	return strings.NewReplacer(" ", "%20", ">", "%3E", "<", "%3C", "=", "%3D", `"`, "%22").Replace(urlEscape(s))
}

// urlEscape percent-encodes non-ASCII bytes.
func urlEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			fmt.Fprintf(&b, "%%%02X", s[i])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// TestListPagesFollowTheCursor: pages of a snapshot list and of a record
// list cover every visible customer once.
func TestListPagesFollowTheCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := setupAPI(t, s)
		root := newClient(t, f.ts, "root")
		for _, base := range []string{"/api/v1/customers?limit=1", "/api/v1/customers?limit=1&sort=-monetary", "/api/v1/customers?limit=2&rule=" + escape("frequency >= 1")} {
			var seen []string
			next := ""
			for range 10 {
				path := base
				if next != "" {
					path += "&cursor=" + next
				}
				st, body, _ := root.do("GET", path, "", nil)
				if st != 200 {
					t.Fatalf("%s: %d %s", path, st, body)
				}
				seen = append(seen, ids(t, body)...)
				var l CustomerList
				json.Unmarshal([]byte(body), &l)
				if next = l.Next; next == "" {
					break
				}
			}
			slices.Sort(seen)
			if strings.Join(seen, ",") != "A1,B1,P1" {
				t.Errorf("%s: pages hold %v, want A1,B1,P1 once each", base, seen)
			}
		}
	})
}

// TestRoleRouteOwnershipMatrix: every role × customer route × own /
// another user's / pool customer. A customer outside the role's scope is
// 404 on every route; inside it, the route's permission decides 2xx or 403.
func TestRoleRouteOwnershipMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := setupAPI(t, s)
		// Who sees which customer (A1 alice's, B1 bob's and handled by
		// carol, P1 the pool).
		sees := map[string]string{"root": "A1 B1 P1", "mgr": "A1 B1 P1", "ana": "A1 B1 P1", "alice": "A1 P1", "bob": "B1 P1", "carol": "B1"}
		type rt struct {
			method, path, body string
			ok                 int
			// allowed lists the roles (by user) permitted on a visible
			// customer; "owner" adds sales users on their own customers.
			allowed string
		}
		routes := []rt{
			{"GET", "/api/v1/customers/%s", "", 200, "root mgr ana alice bob carol"},
			{"GET", "/api/v1/customers/%s/orders", "", 200, "root mgr ana alice bob carol"},
			{"GET", "/api/v1/customers/%s/interactions", "", 200, "root mgr ana alice bob carol"},
			{"GET", "/api/v1/customers/%s/surveys", "", 200, "root mgr ana alice bob carol"},
			{"GET", "/api/v1/customers/%s/tickets", "", 200, "root mgr ana alice bob carol"},
			{"GET", "/api/v1/customers/%s/classes", "", 200, "root mgr ana alice bob carol"},
			{"GET", "/api/v1/customers/%s/history", "", 200, "root mgr ana alice bob carol"},
			{"PUT", "/api/v1/customers/%s/consents/marketing", `{"granted":true}`, 204, "root mgr owner"},
			{"GET", "/api/v1/customers/%s/privacy-export", "", 200, "root mgr"},
			{"PATCH", "/api/v1/customers/%s", `{"city":"上海"}`, 200, "root mgr owner"},
		}
		owners := map[string]string{"A1": "alice", "B1": "bob", "P1": ""}
		clients := map[string]*client{}
		for u := range sees {
			clients[u] = newClient(t, f.ts, u)
		}
		for _, r := range routes {
			for user, visible := range sees {
				for _, id := range []string{"A1", "B1", "P1"} {
					path := fmt.Sprintf(r.path, id)
					want := 404
					if strings.Contains(visible, id) {
						want = 403
						if strings.Contains(r.allowed, user) || (strings.Contains(r.allowed, "owner") && owners[id] == user) {
							want = r.ok
						}
					}
					hdr := map[string]string{"X-CSRF-Token": clients[user].csrf}
					if r.method == "PATCH" {
						_, _, h := clients["root"].do("GET", "/api/v1/customers/"+id, "", nil)
						hdr["If-Match"] = h.Get("ETag")
					}
					st, body, _ := clients[user].do(r.method, path, r.body, hdr)
					if st != want {
						t.Errorf("%s %s as %s: %d, want %d (%s)", r.method, path, user, st, want, body)
					}
					if st == 404 && strings.Contains(body, "example.com") {
						t.Errorf("404 leaks data: %s", body)
					}
				}
			}
		}
	})
}

// TestAPITokens: tokens are shown once, act with their role and scope,
// need no CSRF token, and stop working when revoked or expired.
func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := setupAPI(t, s)
		alice := newClient(t, f.ts, "alice")
		hdr := map[string]string{"X-CSRF-Token": alice.csrf}
		st, body, _ := alice.do("POST", "/api/v1/tokens", `{"name":"crm sync","ttl_days":30}`, hdr)
		if st != 201 {
			t.Fatalf("create token: %d %s", st, body)
		}
		var nt NewTokenDTO
		json.Unmarshal([]byte(body), &nt)
		if !strings.HasPrefix(nt.Token, "strata_") || nt.Info.Role != "sales" {
			t.Fatalf("token %+v", nt)
		}
		if st, _, _ := alice.do("POST", "/api/v1/tokens", `{"name":"x","role":"admin"}`, hdr); st != 403 {
			t.Errorf("sales token with admin role: %d, want 403", st)
		}
		bearer := func(method, path, body, tok string) (int, string) {
			req, _ := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			buf := make([]byte, 4096)
			for {
				n, err := res.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			return res.StatusCode, b.String()
		}
		st, body = bearer("GET", "/api/v1/customers", "", nt.Token)
		if st != 200 || strings.Join(ids(t, body), ",") != "A1,P1" {
			t.Errorf("token list: %d %s", st, body)
		}
		if st, body = bearer("POST", "/api/v1/customers", `{"id":"T1"}`, nt.Token); st != 201 {
			t.Errorf("token write without CSRF: %d %s", st, body)
		}
		if st, _ = bearer("GET", "/api/v1/customers", "", nt.Token+"x"); st != 401 {
			t.Errorf("wrong secret: %d", st)
		}
		if st, _ = bearer("GET", "/api/v1/customers", "", "garbage"); st != 401 {
			t.Errorf("malformed token: %d", st)
		}
		if st, body, _ = alice.do("GET", "/api/v1/tokens", "", nil); st != 200 || strings.Contains(body, nt.Token) || !strings.Contains(body, nt.Info.ID) {
			t.Errorf("token list shows the secret or lacks the token: %d %s", st, body)
		}
		bob := newClient(t, f.ts, "bob")
		if st, _, _ := bob.do("DELETE", "/api/v1/tokens/"+nt.Info.ID, "", map[string]string{"X-CSRF-Token": bob.csrf, "Content-Type": "application/json"}); st != 404 {
			t.Errorf("another user revokes: %d, want 404", st)
		}
		if st, _, _ := alice.do("DELETE", "/api/v1/tokens/"+nt.Info.ID, "", map[string]string{"X-CSRF-Token": alice.csrf, "Content-Type": "application/json"}); st != 204 {
			t.Errorf("revoke: %d", st)
		}
		if st, _ = bearer("GET", "/api/v1/customers", "", nt.Token); st != 401 {
			t.Errorf("revoked token: %d, want 401", st)
		}
		// Expiry: a 1-day token used two days later.
		st, body, _ = alice.do("POST", "/api/v1/tokens", `{"name":"short","ttl_days":1}`, hdr)
		json.Unmarshal([]byte(body), &nt)
		if st, _ = bearer("GET", "/api/v1/session", "", nt.Token); st != 200 {
			t.Errorf("fresh token: %d", st)
		}
		f.srv.now = func() time.Time { return time.Now().Add(48 * time.Hour) }
		if st, _ = bearer("GET", "/api/v1/session", "", nt.Token); st != 401 {
			t.Errorf("expired token: %d, want 401", st)
		}
	})
}

// TestRunOverTheAPI: POST /runs starts a background run whose job reports
// progress and the result; a second run while one is going is 409.
func TestRunOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := setupAPI(t, s)
		ana := newClient(t, f.ts, "ana")
		hdr := map[string]string{"X-CSRF-Token": ana.csrf}
		st, body, h := ana.do("POST", "/api/v1/runs", `{"as_of":"2026-04-30"}`, hdr)
		if st != 202 || h.Get("Location") == "" {
			t.Fatalf("start: %d %s", st, body)
		}
		var job JobDTO
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			_, body, _ = ana.do("GET", h.Get("Location"), "", nil)
			json.Unmarshal([]byte(body), &job)
			if job.Status == "done" || job.Status == "failed" {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if job.Status != "done" || job.RunID == 0 || job.Result == nil || job.Result.AsOf != "2026-04-30" {
			t.Fatalf("job: %s", body)
		}
		if got := strings.Join(job.Stages, ","); got != "loading,metrics,models,schemes,writing" {
			t.Errorf("job stages %q", got)
		}
		if st, body, _ := ana.do("GET", "/api/v1/customers?scheme=lifecycle", "", nil); st != 200 || !strings.Contains(body, fmt.Sprintf(`"run_id":%d`, job.RunID)) {
			t.Errorf("lists do not read the new run: %d %s", st, body)
		}
		alice := newClient(t, f.ts, "alice")
		if st, _, _ := alice.do("POST", "/api/v1/runs", `{}`, map[string]string{"X-CSRF-Token": alice.csrf}); st != 403 {
			t.Errorf("sales start a run: %d, want 403", st)
		}
		if st, _, _ := alice.do("GET", h.Get("Location"), "", nil); st != 404 {
			t.Errorf("sales read another's job: %d, want 404", st)
		}
		f.srv.Close()
	})
}

// TestOpenAPICoversEveryRoute: the document lists every registered route
// with its method, and every documented operation is served (no 404 from
// the router, no 405).
func TestOpenAPICoversEveryRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, ts := setup(t, s)
		st, body := get(t, ts, nil, "/api/openapi.json")
		if st != 200 {
			t.Fatalf("openapi: %d", st)
		}
		var doc struct {
			OpenAPI string                               `json:"openapi"`
			Paths   map[string]map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.OpenAPI != "3.1.0" {
			t.Errorf("openapi %q", doc.OpenAPI)
		}
		n := 0
		for _, rt := range srv.routes {
			op, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]
			if !ok {
				t.Errorf("%s %s is served but not documented", rt.Method, rt.Pattern)
				continue
			}
			n++
			if _, ok := op["responses"]; !ok {
				t.Errorf("%s %s has no responses", rt.Method, rt.Pattern)
			}
		}
		ops := 0
		param := regexp.MustCompile(`\{[a-z_]+\}`)
		for path, methods := range doc.Paths {
			for m := range methods {
				ops++
				req := httptest.NewRequest(strings.ToUpper(m), param.ReplaceAllString(path, "x"), nil)
				_, pattern := srv.mux.Handler(req)
				if pattern != strings.ToUpper(m)+" "+path {
					t.Errorf("documented %s %s is routed to %q", m, path, pattern)
				}
			}
		}
		if ops != n || n != len(srv.routes) || n < 35 {
			t.Errorf("%d documented operations, %d routes", ops, len(srv.routes))
		}
		if !strings.Contains(body, `"CustomerDTO"`) || !strings.Contains(body, `"bearer"`) {
			t.Errorf("schemas or security schemes missing")
		}
	})
}

// TestCSRFTokenWorksOnEveryReplica: two servers on one database (as
// replicas behind a load balancer) accept each other's CSRF tokens.
func TestCSRFTokenWorksOnEveryReplica(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, ts := setup(t, s)
		other := httptest.NewServer(New(srv.svc, srv.log).Handler())
		defer other.Close()
		alice := newClient(t, ts, "alice")
		_, _, h := alice.do("GET", "/api/v1/customers/A1", "", nil)
		onOther := &client{t: t, ts: other, ck: alice.ck, csrf: alice.csrf}
		st, body, _ := onOther.do("PATCH", "/api/v1/customers/A1", `{"city":"苏州"}`, map[string]string{"X-CSRF-Token": alice.csrf, "If-Match": h.Get("ETag")})
		if st != 200 {
			t.Fatalf("write on the other replica: %d %s", st, body)
		}
	})
}

// TestUnmaskedViewsAreAudited: a list page or child records shown with
// personal data unmasked leave an audit record (with the client address,
// without personal data); masked views do not.
func TestUnmaskedViewsAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := setupAPI(t, s)
		count := func(action, object string) (n int, addr string) {
			s.EachAudit(context.Background(), func(r *store.AuditRow) error {
				if r.Action == action && r.Object == object {
					n++
					addr = r.Address
					if strings.Contains(r.ObjectID, "138") || strings.Contains(r.ObjectID, "@") {
						t.Errorf("audit row holds personal data: %+v", r)
					}
				}
				return nil
			})
			return n, addr
		}
		mgr, ana := newClient(t, f.ts, "mgr"), newClient(t, f.ts, "ana")
		ana.do("GET", "/api/v1/customers", "", nil)
		ana.do("GET", "/api/v1/customers/A1/interactions", "", nil)
		if n, _ := count("view_unmasked", "customer_list"); n != 0 {
			t.Errorf("a masked list was audited as unmasked")
		}
		mgr.do("GET", "/api/v1/customers?limit=2", "", nil)
		mgr.do("GET", "/api/v1/customers/A1/surveys", "", nil)
		if n, addr := count("view_unmasked", "customer_list"); n != 1 || addr != "127.0.0.1" {
			t.Errorf("list views audited %d times from %q, want once from 127.0.0.1", n, addr)
		}
		if n, _ := count("view_unmasked", "customer_records"); n != 1 {
			t.Errorf("record views audited %d times, want 1", n)
		}
	})
}
