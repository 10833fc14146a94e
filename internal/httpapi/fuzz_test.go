package httpapi

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"strata/internal/core"
	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// FuzzDecodeBodies feeds arbitrary bodies to every request type the API
// decodes: decoding never panics, and a refusal is always a validation
// error (a 400 naming the problem), never anything else.
func FuzzDecodeBodies(f *testing.F) {
	for _, s := range []string{`{"id":"C1","name":"张三","tags":["VIP"]}`, `{"city":"上海"}`, `{"granted":true}`,
		`{"as_of":"2026-06-30","schemes":["rfm8"]}`, `{"name":"t","ttl_days":30}`, `{"role":"sales","disabled":true}`,
		`{"id":1}`, `{"id":"x"} {"id":"y"}`, `{`, `null`, "\xff", `{"name":"` + strings.Repeat("a", 2000) + `"}`} {
		f.Add(s)
	}
	targets := []func() any{
		func() any { return &CustomerInput{} }, func() any { return &core.CustomerPatch{} }, func() any { return &ConsentInput{} },
		func() any { return &RunRequest{} }, func() any { return &TokenInput{} }, func() any { return &UserPatch{} },
		func() any { return &UserInput{} }, func() any { return &loginRequest{} },
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, target := range targets {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			if err := decode(r, target()); err != nil && !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("decode(%q) = %v, not a validation error", body, err)
			}
		}
	})
}

// FuzzListQuery sends arbitrary list parameters through the real handler
// on a database without runs: every answer is a 200 or a problem with a
// 4xx status (no run yet is 404), never a 500.
func FuzzListQuery(f *testing.F) {
	for _, s := range []string{"limit=10", "rule=monetary%20%3E%201", "scheme=rfm8&class=x", "cursor=YzpB", "sort=-monetary",
		"q=%25_", "phone=138", "run=-1", "limit=99999999999999999999", "rule=" + strings.Repeat("(", 500)} {
		f.Add(s)
	}
	_, ts := setup(f, storetest.Open(f, store.SQLite))
	ck, _ := login(f, ts, "root", pw)
	f.Fuzz(func(t *testing.T, query string) {
		// Arbitrary bytes are re-encoded as a valid query: the fuzzer
		// varies the parameters' names and values, not the URL syntax.
		vals, err := url.ParseQuery(query)
		if err != nil {
			t.Skip()
		}
		st, body := get(t, ts, ck, "/api/v1/customers?"+vals.Encode())
		if st >= 500 {
			t.Fatalf("?%s: %d %s", query, st, body)
		}
	})
}
