package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"strata/internal/store"
	"strata/internal/store/storetest"
)

// strata runs the CLI in-process against db and returns exit code, stdout
// and stderr.
func strata(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := func(k string) string {
		switch k {
		case "STRATA_DB":
			return db
		case "STRATA_LANG":
			return "en"
		case "STRATA_KEY":
			// A PostgreSQL database's default key file is strata.key in
			// the working directory: keep tests out of the source tree.
			if strings.HasPrefix(db, "postgres") {
				return "dGVzdCBrZXkgZm9yIHBvc3RncmVzIGNsaSB0ZXN0cyE="
			}
		}
		return ""
	}
	code := run(append([]string{"strata"}, args...), strings.NewReader(""), &out, &errb, env)
	return code, out.String(), errb.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	cases := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"help", []string{"help"}, exitOK, "Usage: strata"},
		{"unknown", []string{"frobnicate"}, exitUsage, ""},
		{"import without file", []string{"import", "orders"}, exitUsage, ""},
		{"import bad kind", []string{"import", "planets", "x.csv"}, exitUsage, ""},
		{"export without out", []string{"export", "orders"}, exitUsage, ""},
		{"bad flag", []string{"status", "--nope"}, exitUsage, ""},
		{"bad tz", []string{"status", "--tz", "Mars/Olympus"}, exitUsage, ""},
		{"version", []string{"version"}, exitOK, "strata"},
		{"serve without an admin", []string{"serve", "--addr", "127.0.0.1:0"}, exitInvalid, ""},
		{"missing file", []string{"import", "orders", "/nonexistent/file.csv"}, exitFailure, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, _ := strata(t, db, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d (stdout %q)", code, c.code, out)
			}
			if !strings.Contains(out, c.out) {
				t.Fatalf("stdout %q lacks %q", out, c.out)
			}
		})
	}
}

func TestChineseUsage(t *testing.T) {
	var out bytes.Buffer
	run([]string{"strata", "help"}, nil, &out, &out, func(k string) string {
		if k == "LANG" {
			return "zh_CN.UTF-8"
		}
		return ""
	})
	if !strings.Contains(out.String(), "客户分类分层管理系统") {
		t.Fatalf("zh usage: %q", out.String())
	}
}

const badOrders = "order_id,customer_id,ordered_at,amount\n" +
	"O1,C1,2024-01-01,10\n" +
	"O2,C1,not a date,10\n" +
	"O3,,2024-01-02,10\n" +
	"O4,C2,2024-01-02,ten\n" +
	"O5,C2,2024-01-03,5\n"

func TestImportExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_ = s // the store proves the engine is reachable; the CLI opens its own
		db := storetest.DSN(t, s.Dialect())
		dir := t.TempDir()
		bad := filepath.Join(dir, "orders.csv")
		os.WriteFile(bad, []byte(badOrders), 0o644)
		report := filepath.Join(dir, "report.csv")

		code, out, errOut := strata(t, db, "import", "orders", bad, "--report", report)
		if code != exitInvalid {
			t.Fatalf("all-or-nothing import exit %d\n%s\n%s", code, out, errOut)
		}
		for _, l := range []string{"line 3,", "line 4,", "line 5,"} {
			if !strings.Contains(errOut, l) {
				t.Errorf("stderr lacks %s: %s", l, errOut)
			}
		}
		rep, _ := os.ReadFile(report)
		if n := strings.Count(string(rep), "\n"); n != 4 {
			t.Errorf("report has %d lines:\n%s", n, rep)
		}
		code, out, _ = strata(t, db, "status", "--json")
		var st struct{ Counts map[string]int64 }
		json.Unmarshal([]byte(out), &st)
		if code != exitOK || st.Counts["orders"] != 0 {
			t.Fatalf("after failed import: %d %s", code, out)
		}

		code, out, errOut = strata(t, db, "import", "orders", bad, "--skip-invalid", "--json")
		if code != exitOK {
			t.Fatalf("skip-invalid exit %d: %s %s", code, out, errOut)
		}
		var res struct {
			Result struct {
				Inserted         int `json:"inserted"`
				Rejected         int `json:"rejected"`
				CustomersCreated int `json:"customers_created"`
			}
			RejectsFile string `json:"rejects_file"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		if res.Result.Inserted != 2 || res.Result.Rejected != 3 || res.Result.CustomersCreated != 2 {
			t.Fatalf("skip-invalid result %s", out)
		}
		rej, err := os.ReadFile(res.RejectsFile)
		if err != nil {
			t.Fatalf("reject file: %v (%s)", err, out)
		}
		if n := strings.Count(string(rej), "\n"); n != 4 { // header + 3 bad rows
			t.Errorf("reject file has %d lines:\n%s", n, rej)
		}

		for _, format := range []string{"csv", "xlsx"} {
			exp := filepath.Join(dir, "orders."+format)
			code, out, errOut = strata(t, db, "export", "orders", "--out", exp)
			if code != exitOK || !strings.Contains(out, "2 orders") {
				t.Fatalf("export %s: %d %s %s", format, code, out, errOut)
			}
			code, out, errOut = strata(t, db, "import", "orders", exp, "--json")
			if code != exitOK || !strings.Contains(out, `"unchanged": 2`) {
				t.Fatalf("re-import of %s export: %d %s %s", format, code, out, errOut)
			}
		}
	})
}

func TestDemoIsDeterministicAndIdempotent(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := strata(t, db, "demo", "--customers", "300", "--seed", "7", "--end", "2026-06-30", "--json")
	if code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	var first struct{ Demo map[string]float64 }
	json.Unmarshal([]byte(out), &first)
	if first.Demo["customers"] != 300 || first.Demo["order_lines"] < 1000 {
		t.Fatalf("demo result %s", out)
	}
	strata(t, db, "demo", "--customers", "300", "--seed", "7", "--end", "2026-06-30")
	_, out, _ = strata(t, db, "status", "--json")
	var st struct{ Counts map[string]float64 }
	json.Unmarshal([]byte(out), &st)
	if st.Counts["customers"] != 300 || st.Counts["orders"] != first.Demo["order_lines"] {
		t.Fatalf("second demo run changed the data: %s vs %v", out, first.Demo)
	}
}

func TestModelCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if code, out, errOut := strata(t, db, "demo", "--customers", "600", "--seed", "3", "--end", "2026-06-30", "--runs", "1"); code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	out := filepath.Join(t.TempDir(), "pred.csv")
	for _, args := range [][]string{
		{"clv", "predict", "--as-of", "2026-06-30", "--top", "3", "--out", out, "--months", "6", "--discount", "0.02"},
		{"validate", "--as-of", "2026-03-31", "--holdout-end", "2026-06-30", "--unit", "days"},
		{"cluster", "--as-of", "2026-06-30", "--k", "3", "--explain"},
		{"tree", "--as-of", "2026-06-30", "--tag", "VIP", "--save-scheme", "vip_rules"},
		{"tree", "--as-of", "2026-06-30", "--clusters", "3", "--save-scheme", "segments"},
		{"classify", "--as-of", "2026-06-30", "--scheme", "vip_rules,segments", "--validate-days", "60"},
		{"migrations", "--scheme", "value_tier"},
		{"history", "C000002"},
		{"runs", "show", "1"},
		{"scheme", "list"},
	} {
		code, o, errOut := strata(t, db, append(args, "--json")...)
		if code != exitOK || !json.Valid([]byte(o)) {
			t.Errorf("%v: exit %d, stdout %.300s, stderr %s", args, code, o, errOut)
		}
	}
	if b, err := os.ReadFile(out); err != nil || strings.Count(string(b), "\n") < 100 {
		t.Errorf("predictions file: %v, %d lines", err, strings.Count(string(b), "\n"))
	}
}

func TestUsersAndAuditCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	var out, errb bytes.Buffer
	env := func(k string) string {
		switch k {
		case "STRATA_DB":
			return db
		case "STRATA_PASSWORD":
			return "a long enough pass"
		case "USER":
			return "tester"
		}
		return ""
	}
	if code := run([]string{"strata", "user", "add", "alice", "--role", "sales"}, nil, &out, &errb, env); code != exitOK {
		t.Fatalf("user add: %d %s", code, errb.String())
	}
	if code := run([]string{"strata", "user", "add", "bob", "--role", "wizard"}, nil, &out, &errb, env); code != exitInvalid {
		t.Fatalf("bad role exit %d", code)
	}
	// Password on standard input.
	if code := run([]string{"strata", "user", "passwd", "alice"}, strings.NewReader("yet another long pass\n"), &out, &errb,
		func(k string) string {
			if k == "STRATA_DB" {
				return db
			}
			return ""
		}); code != exitOK {
		t.Fatalf("passwd: %d %s", code, errb.String())
	}
	strata(t, db, "user", "disable", "alice")
	code, o, _ := strata(t, db, "user", "list", "--json")
	if code != exitOK || !strings.Contains(o, `"disabled": true`) || strings.Contains(o, "argon2") {
		t.Fatalf("user list: %d %s", code, o)
	}
	strata(t, db, "demo", "--customers", "50", "--runs", "0", "--end", "2026-06-30")
	code, o, _ = strata(t, db, "audit", "verify", "--json")
	if code != exitOK || !strings.Contains(o, `"intact": true`) {
		t.Fatalf("audit verify: %d %s", code, o)
	}
	code, o, _ = strata(t, db, "audit", "list")
	for _, want := range []string{"user_add", "user_password", "user_disable", "cli:tester"} {
		if !strings.Contains(o, want) {
			t.Errorf("audit list lacks %s:\n%s", want, o)
		}
	}
}

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	env := func(k string) string {
		switch k {
		case "STRATA_DB":
			return db
		case "STRATA_PASSWORD":
			return "a long enough pass"
		}
		return ""
	}
	var out, errb bytes.Buffer
	if code := run([]string{"strata", "user", "add", "crm", "--role", "manager"}, nil, &out, &errb, env); code != exitOK {
		t.Fatalf("user add: %d %s", code, errb.String())
	}
	code, o, e := strata(t, db, "token", "add", "erp sync", "--user", "crm", "--days", "30", "--json")
	var created struct {
		Token string `json:"token"`
		Info  struct {
			ID   string `json:"id"`
			Role string `json:"role"`
		} `json:"info"`
	}
	if code != exitOK || json.Unmarshal([]byte(o), &created) != nil || !strings.HasPrefix(created.Token, "strata_") || created.Info.Role != "manager" {
		t.Fatalf("token add: %d %s %s", code, o, e)
	}
	if code, _, _ := strata(t, db, "token", "add", "x", "--user", "crm", "--role", "admin"); code == exitOK {
		t.Errorf("a manager's token with the admin role was issued")
	}
	if code, _, _ := strata(t, db, "token", "add", "x"); code != exitUsage {
		t.Errorf("token add without --user: exit %d", code)
	}
	code, o, _ = strata(t, db, "token", "list")
	if code != exitOK || !strings.Contains(o, created.Info.ID) || strings.Contains(o, created.Token) {
		t.Fatalf("token list shows the secret or lacks the token: %s", o)
	}
	if code, _, e := strata(t, db, "token", "revoke", created.Info.ID); code != exitOK {
		t.Fatalf("revoke: %d %s", code, e)
	}
	code, o, _ = strata(t, db, "token", "list", "--json")
	if code != exitOK || !strings.Contains(o, `"revoked_at"`) {
		t.Errorf("revoked token not marked: %s", o)
	}
}
