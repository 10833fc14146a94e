package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"strata/internal/core"
	"strata/internal/demo"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	const usage = "strata demo [--customers N] [--seed S] [--end YYYY-MM-DD]"
	f := newFlags(e, "demo", usage)
	n := f.Int("customers", 5000, "number of customers to generate")
	seed := f.Uint64("seed", 1, "random seed: the same seed gives the same business")
	end := f.String("end", "", "last day of the generated history (default: today in the business time zone)")
	years := f.Float64("years", 2.5, "length of the generated history in years")
	months := f.Int("runs", 6, "classify as of this many month ends before --end (and --end itself), so history and migrations have data")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > 50_000_000 {
		return &usageError{fmt.Sprintf("--customers %d: want 1 to 50,000,000", *n)}
	}
	if *years <= 0 || *years > 20 {
		return &usageError{fmt.Sprintf("--years %g: want more than 0 and at most 20", *years)}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	loc := a.Config.Location()
	last := time.Now().In(loc)
	if *end != "" {
		if last, err = time.ParseInLocation("2006-01-02", *end, loc); err != nil {
			return &usageError{fmt.Sprintf("--end %q: want YYYY-MM-DD", *end)}
		}
	}
	last = time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, loc)
	if !e.json {
		fmt.Fprintln(e.stderr, e.p.T("demo_generating", *n, *seed, a.Store.Redacted()))
	}
	pg := newProgress(e.stderr, "demo customers")
	res, err := a.Core.LoadDemo(ctx, demo.Options{Customers: *n, Seed: *seed, End: last, Years: *years, Location: loc}, pg.update)
	pg.done()
	if err != nil {
		return err
	}
	if !e.json {
		fmt.Fprintln(e.stdout, e.p.T("demo_done", res.Seconds, res.Customers, res.Orders, res.Interactions, res.Surveys, res.Tickets))
	}
	var dates []time.Time
	for m := *months; m >= 1; m-- {
		// The last day of the month m months before the end month.
		dates = append(dates, time.Date(last.Year(), last.Month()-time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC))
	}
	dates = append(dates, time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC))
	var sum *core.RunSummary
	for _, d := range dates {
		if sum, err = a.Core.Classify(ctx, core.ClassifyOptions{AsOf: d}); err != nil {
			return err
		}
		if !e.json {
			fmt.Fprintln(e.stderr, e.p.T("demo_classified", d.Format("2006-01-02"), sum.RunID, sum.Timing.ComputeSeconds))
		}
	}
	users, err := a.Core.CreateDemoUsers(ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"demo": res, "database": a.Store.Redacted(), "runs": len(dates), "latest": sum, "demo_users": users})
	}
	var shown []core.SchemeRun
	for _, s := range sum.Schemes {
		if s.Name != "rfm_score" { // 125 cells: see strata runs show
			shown = append(shown, s)
		}
	}
	printRunSummary(e, sum.RunID, sum.AsOf, sum.Customers, shown)
	fmt.Fprintln(e.stdout, "\n"+e.p.T("demo_next", a.Store.Redacted()))
	if len(users.Users) > 0 {
		names := make([]string, 0, len(users.Users))
		for n, r := range users.Users {
			names = append(names, n+" ("+r+")")
		}
		slices.Sort(names)
		fmt.Fprintln(e.stdout, e.p.T("demo_users", users.Password, strings.Join(names, ", ")))
	}
	return nil
}
