package cli

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestBenchHTTP runs the HTTP load benchmark at a small size: it must set
// up the data, log in, and answer every scenario without an error. The
// latency goals are not asserted (a shared CI machine says little about
// them), and a long --grace lets a slow machine answer late rather than
// count its backlog as errors: an error here is a wrong answer.
func TestBenchHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("load benchmark")
	}
	dir := t.TempDir()
	args := []string{"bench", "http", "--customers", "2000", "--duration", "1s", "--warmup", "100ms", "--rate", "200",
		"--workers", "8", "--grace", "30s", "--dir", dir, "--json"}
	code, out, errOut := strata(t, filepath.Join(dir, "unused.db"), args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	var res struct {
		Customers      int              `json:"customers"`
		SetupReused    bool             `json:"setup_reused"`
		SalesCustomers int              `json:"sales_customers"`
		Scenarios      []ScenarioResult `json:"scenarios"`
		ListContract   *ListContract    `json:"list_contract"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if res.Customers != 2000 || res.SetupReused || res.SalesCustomers == 0 || res.ListContract == nil {
		t.Fatalf("setup: %+v", res)
	}
	want := []string{"get_customer_admin", "get_customer_sales", "list_page_filtered"}
	if len(res.Scenarios) != len(want) {
		t.Fatalf("scenarios: %+v", res.Scenarios)
	}
	for i, s := range res.Scenarios {
		if s.Name != want[i] {
			t.Errorf("scenario %d is %q, want %q", i, s.Name, want[i])
		}
		if s.Requests <= 0 || s.Errors != 0 || s.AchievedRPS <= 0 || s.GoalP99ms <= 0 {
			t.Errorf("%s: requests %d, errors %d %v, rate %.1f, goal %.0f", s.Name, s.Requests, s.Errors, s.ErrorsBy, s.AchievedRPS, s.GoalP99ms)
		}
		if !(0 < s.P50ms && s.P50ms <= s.P90ms && s.P90ms <= s.P99ms && s.P99ms <= s.P999ms && s.P999ms <= s.Maxms) {
			t.Errorf("%s: percentiles out of order: %+v", s.Name, s)
		}
	}

	// A second run on the same directory reuses the database.
	code, out, errOut = strata(t, filepath.Join(dir, "unused.db"), append(args, "--scenario", "sales", "--duration", "300ms")...)
	if code != exitOK {
		t.Fatalf("second run: exit %d: %s %s", code, out, errOut)
	}
	res.Scenarios = nil
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if !res.SetupReused || len(res.Scenarios) != 1 || res.Scenarios[0].Errors != 0 {
		t.Fatalf("second run: reused %v, %+v", res.SetupReused, res.Scenarios)
	}
}
