package cli

import (
	"context"
	"fmt"
	"time"

	"strata/internal/demo"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	const usage = "strata demo [--customers N] [--seed S] [--end YYYY-MM-DD]"
	f := newFlags(e, "demo", usage)
	n := f.Int("customers", 5000, "number of customers to generate")
	seed := f.Uint64("seed", 1, "random seed: the same seed gives the same business")
	end := f.String("end", "", "last day of the generated history (default: today in the business time zone)")
	years := f.Float64("years", 2.5, "length of the generated history in years")
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
	if e.json {
		return e.printJSON(map[string]any{"demo": res, "database": a.Store.Redacted()})
	}
	fmt.Fprintln(e.stdout, e.p.T("demo_done", res.Seconds, res.Customers, res.Orders, res.Interactions, res.Surveys, res.Tickets))
	return nil
}
