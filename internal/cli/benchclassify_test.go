package cli

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestBenchClassify runs the classification benchmark at a small size,
// then again over the stored data with repetitions: it must classify
// every customer and report each phase, the repetitions and their ratio
// to the reference group-by. Times are not asserted.
func TestBenchClassify(t *testing.T) {
	dir := t.TempDir()
	type result struct {
		Timing struct {
			Load    float64 `json:"load_seconds"`
			Compute float64 `json:"compute_seconds"`
			Write   float64 `json:"write_seconds"`
		} `json:"timing"`
		Reference   float64 `json:"reference_group_by_seconds"`
		Classified  int     `json:"classified_customers"`
		Schemes     int     `json:"schemes"`
		Repeats     []any   `json:"repeats"`
		MedianRatio float64 `json:"repeat_median_ratio"`
		MedianCPU   float64 `json:"repeat_median_cpu_seconds"`
	}
	run := func(args ...string) result {
		t.Helper()
		code, out, errOut := strata(t, filepath.Join(dir, "unused.db"), append([]string{"bench", "classify", "--dir", dir, "--json"}, args...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s %s", args, code, out, errOut)
		}
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		if r.Classified == 0 || r.Schemes < 10 || r.Timing.Load <= 0 || r.Timing.Compute <= 0 || r.Timing.Write <= 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		return r
	}
	first := run("--customers", "3000", "--orders", "30000")
	if first.Reference <= 0 || first.Repeats != nil {
		t.Fatalf("generated run: %+v", first)
	}
	again := run("--existing", "--repeat", "3")
	if len(again.Repeats) != 3 || again.MedianRatio <= 0 || again.MedianCPU < 0 {
		t.Fatalf("--existing --repeat 3: %+v", again)
	}
	if again.Classified != first.Classified {
		t.Fatalf("the stored data classifies %d customers, the generated %d", again.Classified, first.Classified)
	}
	if code, _, _ := strata(t, filepath.Join(dir, "unused.db"), "bench", "classify", "--dir", dir, "--existing", "--repeat", "-1"); code == exitOK {
		t.Fatal("--repeat -1 was accepted")
	}
}
