package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/store"
)

// TestMain lets the test binary act as the strata command, so that a test
// can run it as a separate process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("STRATA_TEST_AS_CLI") == "1" {
		os.Exit(Run(append([]string{"strata"}, os.Args[1:]...), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKilledRunLeavesNoTrace kills `strata classify` with SIGKILL at
// several points of a run: afterwards every run is either complete or
// failed (never stuck "running"), a failed run has no snapshot rows, and a
// complete run's snapshot holds every customer.
func TestKilledRunLeavesNoTrace(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	db := filepath.Join(t.TempDir(), "kill.db")
	if code, out, errOut := strata(t, db, "demo", "--customers", "3000", "--seed", "5", "--end", "2026-06-30", "--runs", "0"); code != 0 {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	interrupted := func() bool { // a run killed after it started, now marked failed
		s, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		runs, err := core.New(s, nil, nil).Runs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.Status == store.RunFailed {
				return true
			}
		}
		return false
	}
	killed := 0
	// Kill later and later (the timing differs between machines) until one
	// run was caught in the middle and one finished before the kill, so
	// that the kills span the whole run, load to commit.
	caught, finished := false, false
	for i, delay := 0, time.Duration(15); delay < 5000 && !(caught && finished); i, delay = i+1, delay+15 {
		cmd := exec.Command(self, "classify", "--as-of", "2026-06-30", "--db", db)
		cmd.Env = append(os.Environ(), "STRATA_TEST_AS_CLI=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		cmd.Wait()
		t.Logf("kill %d after %v: %v", i, delay*time.Millisecond, cmd.ProcessState)
		if cmd.ProcessState.Success() {
			finished = true
		} else if !caught {
			caught = interrupted()
		}
	}
	if killed == 0 || !caught {
		t.Fatalf("no run was interrupted in the middle (%d processes killed)", killed)
	}
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, err := core.New(s, nil, nil).Runs(ctx) // recovers dead runs first
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) == 0 {
		t.Fatal("no run recorded at all")
	}
	done := map[string]int{}
	for _, r := range runs {
		chunks, n := 0, 0
		s.EachChunk(ctx, r.ID, func(c *store.Chunk) error { chunks++; n += len(c.Customers); return nil })
		switch r.Status {
		case store.RunDone:
			done[r.AsOf]++
			if n != r.Customers || n == 0 {
				t.Errorf("done run %d: snapshot holds %d of %d customers", r.ID, n, r.Customers)
			}
		case store.RunFailed:
			if chunks != 0 {
				t.Errorf("failed run %d left %d snapshot chunks", r.ID, chunks)
			}
		default:
			t.Errorf("run %d is %s after recovery", r.ID, r.Status)
		}
	}
	for asOf, n := range done {
		if n > 1 {
			t.Errorf("%d done runs as of %s", n, asOf)
		}
	}
	// And a run after the kills completes normally.
	if code, out, errOut := strata(t, db, "classify", "--as-of", "2026-06-30", "--json"); code != 0 {
		t.Fatalf("classify after kills: %d %s %s", code, out, errOut)
	}
}
