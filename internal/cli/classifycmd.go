package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"strata/internal/app"
	"strata/internal/classify"
	"strata/internal/core"
)

func runClassify(ctx context.Context, e *env, args []string) error {
	const usage = "strata classify [--as-of YYYY-MM-DD] [--scheme NAME,…]"
	f := newFlags(e, "classify", usage)
	asOf := f.String("as-of", "", "as-of date (default: today in the business time zone)")
	schemes := f.String("scheme", "", "apply only these schemes (comma-separated names)")
	validate := f.Int("validate-days", 0, "also validate the models on the last N days (calibrate to as-of − N) and store the tables with the run")
	if _, err := f.parse(args); err != nil {
		return err
	}
	a, d, err := f.openAsOf(ctx, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.Core.Classify(ctx, core.ClassifyOptions{AsOf: d, Schemes: splitList(*schemes), ValidateDays: *validate})
	if err != nil {
		a.Core.Audit(ctx, e.actor(), "run_classification", "run", d.Format("2006-01-02"), "failed")
		return err
	}
	if err := a.Core.Audit(ctx, e.actor(), "run_classification", "run", strconv.FormatInt(sum.RunID, 10), "ok"); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(sum)
	}
	printRunSummary(e, sum.RunID, sum.AsOf, sum.Customers, sum.Schemes)
	t := sum.Timing
	if m := sum.CLVModel; m.Error == "" {
		fmt.Fprintf(e.stdout, "\nBG/NBD (days): r=%.4g alpha=%.4g a=%.4g b=%.4g; Gamma-Gamma: p=%.4g q=%.4g v=%.4g (%d buyers)\n",
			m.R, m.Alpha, m.A, m.B, m.P, m.Q, m.V, m.Customers)
	}
	fmt.Fprintf(e.stdout, "%s: load %.2fs, metrics %.3fs, clv %.3fs, schemes %.3fs, write %.2fs\n", e.p.T("timing"),
		t.LoadSeconds, t.MetricsSeconds, t.CLVSeconds, t.SchemesSeconds, t.WriteSeconds)
	return nil
}

func printRunSummary(e *env, run int64, asOf string, customers int, schemes []core.SchemeRun) {
	fmt.Fprintln(e.stdout, e.p.T("run_head", run, asOf, customers))
	for _, s := range schemes {
		name := s.En
		if e.p.Lang == "zh-CN" {
			name = s.Zh
		}
		fmt.Fprintf(e.stdout, "\n%s (%s v%d)\n", name, s.Name, s.Version)
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, e.p.T("run_cols"))
		for _, c := range s.Classes {
			if c.Customers == 0 && len(s.Classes) > 20 {
				continue // RFM cells: only the occupied ones
			}
			label := c.En
			if e.p.Lang == "zh-CN" {
				label = c.Zh
			}
			rec := "-"
			if c.AvgRecency != nil {
				rec = fmt.Sprintf("%.0f", *c.AvgRecency)
			}
			fmt.Fprintf(tw, "%s\t%d\t%.1f%%\t%.1f%%\t%.0f\t%.1f\t%s\t\n", label, c.Customers, 100*c.Share, 100*c.RevenueShare, c.AvgMonetary, c.AvgFrequency, rec)
		}
		tw.Flush()
	}
}

func runRuns(ctx context.Context, e *env, args []string) error {
	const usage = "strata runs [show RUN]"
	f := newFlags(e, "runs", usage)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if len(pos) == 2 && pos[0] == "show" {
		id, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil {
			return &usageError{fmt.Sprintf("run id %q: want a number", pos[1])}
		}
		v, err := a.Core.Run(ctx, id)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]any{"run": v.Run, "schemes": v.Schemes, "used": v.Used, "stats": v.Stats})
		}
		var ss []core.SchemeRun
		for p, sc := range v.Schemes {
			ss = append(ss, core.SchemeRun{Name: sc.Name, Zh: sc.Zh, En: sc.En, Version: v.Versions[p], Classes: v.Stats[p]})
		}
		printRunSummary(e, v.Run.ID, v.Run.AsOf, v.Run.Customers, ss)
		var rs core.RunSummary
		if json.Unmarshal(v.Run.Summary, &rs) == nil && rs.CLVModel.Error == "" && rs.CLVModel.R > 0 {
			m := rs.CLVModel
			fmt.Fprintf(e.stdout, "\nBG/NBD (days): r=%.4g alpha=%.4g a=%.4g b=%.4g, log-likelihood %.2f; Gamma-Gamma: p=%.4g q=%.4g v=%.4g\n",
				m.R, m.Alpha, m.A, m.B, m.LogLik, m.P, m.Q, m.V)
		}
		if val := rs.Validation; val != nil {
			h := val.Purchases.Holdout
			fmt.Fprintf(e.stdout, "validation %s → %s: purchases predicted %.1f, actual %.1f; MAE %.3f vs naive %.3f\n",
				val.AsOf, val.HoldoutEnd, h.Model.TotalPredicted, h.Model.TotalActual, h.Model.MAE, h.Baseline.MAE)
			printGains(e, "CLV decile", val.CLVDeciles)
			printGains(e, "value tier", val.ValueTiers)
		}
		return nil
	}
	if len(pos) != 0 {
		return &usageError{"usage: " + usage}
	}
	runs, err := a.Core.Runs(ctx)
	if err != nil {
		return err
	}
	if e.json {
		for i := range runs {
			runs[i].Fields, runs[i].Summary = nil, nil
		}
		return e.printJSON(runs)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "run\tas of\tstatus\tcustomers\tstarted\terror")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.AsOf, r.Status, r.Customers, r.StartedAt.Format("2006-01-02 15:04"), r.Error)
	}
	return tw.Flush()
}

func runMigrations(ctx context.Context, e *env, args []string) error {
	const usage = "strata migrations --scheme NAME [--from RUN] [--to RUN]"
	f := newFlags(e, "migrations", usage)
	scheme := f.String("scheme", "", "scheme name (required), e.g. value_tier")
	from := f.Int64("from", 0, "earlier run (default: the second latest)")
	to := f.Int64("to", 0, "later run (default: the latest)")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *scheme == "" {
		return &usageError{"--scheme is required; usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	m, err := a.Core.Migrations(ctx, *scheme, *from, *to)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(m)
	}
	label := func(k string) string {
		l, ok := m.Labels[k]
		if !ok {
			return k
		}
		if e.p.Lang == "zh-CN" {
			return l[0]
		}
		return l[1]
	}
	fmt.Fprintln(e.stdout, e.p.T("migrations_head", m.Scheme, m.FromRun, m.FromAsOf, m.ToRun, m.ToAsOf))
	for _, what := range []string{"counts", "revenue"} {
		fmt.Fprintf(e.stdout, "\n%s\n", e.p.T("migrations_"+what))
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		head := []string{"from \\ to"}
		for _, t := range m.Matrix.To {
			head = append(head, label(t))
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for i, fr := range m.Matrix.From {
			row := []string{label(fr)}
			for j := range m.Matrix.To {
				if what == "counts" {
					row = append(row, strconv.Itoa(m.Matrix.Counts[i][j]))
				} else {
					row = append(row, fmt.Sprintf("%.0f", m.Matrix.Revenue[i][j]))
				}
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		tw.Flush()
	}
	return nil
}

func runHistory(ctx context.Context, e *env, args []string) error {
	const usage = "strata history CUSTOMER_ID [--scheme NAME]"
	f := newFlags(e, "history", usage)
	scheme := f.String("scheme", "", "only this scheme")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	h, err := a.Core.History(ctx, pos[0], *scheme)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(h)
	}
	for _, x := range h {
		label := x.En
		if e.p.Lang == "zh-CN" {
			label = x.Zh
		}
		fmt.Fprintf(e.stdout, "%s  run %-4d %-16s %-22s %s\n", x.AsOf, x.RunID, x.Scheme, label, x.Reason.Text(e.p.Lang))
	}
	return nil
}

func runScheme(ctx context.Context, e *env, args []string) error {
	const usage = "strata scheme list | show NAME | export NAME [--out FILE] | apply FILE | disable NAME | enable NAME"
	f := newFlags(e, "scheme", usage)
	out := f.String("out", "", "file for export (default: stdout)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return &usageError{"usage: " + usage}
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Core.EnsureBuiltinSchemes(ctx); err != nil {
		return err
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		rows, err := a.Store.Schemes(ctx, false)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(rows)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "name\tversion\tactive\tbuiltin\tcreated")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%v\t%v\t%s\n", r.Name, r.Version, r.Active, r.Builtin, r.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case (pos[0] == "show" || pos[0] == "export") && len(pos) == 2:
		row, err := a.Store.SchemeByName(ctx, pos[1])
		if err != nil {
			return err
		}
		sc, err := classify.ParseScheme(row.Definition, core.RuleSchema())
		if err != nil {
			return err
		}
		data := sc.YAML()
		if e.json {
			data = append(sc.JSON(), '\n')
		}
		if *out != "" {
			return os.WriteFile(*out, data, 0o644)
		}
		_, err = e.stdout.Write(data)
		return err
	case pos[0] == "apply" && len(pos) == 2:
		data, err := os.ReadFile(pos[1])
		if err != nil {
			return err
		}
		sc, err := classify.ParseScheme(data, core.RuleSchema())
		if err != nil {
			return err
		}
		row, created, err := a.Store.SaveScheme(ctx, sc.Name, sc.JSON(), false)
		if err != nil {
			return err
		}
		if err := a.Core.Audit(ctx, e.actor(), "scheme_apply", "scheme", fmt.Sprintf("%s v%d", row.Name, row.Version), "ok"); err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]any{"name": row.Name, "version": row.Version, "created": created})
		}
		if created {
			fmt.Fprintln(e.stdout, e.p.T("scheme_saved", row.Name, row.Version))
		} else {
			fmt.Fprintln(e.stdout, e.p.T("scheme_same", row.Name, row.Version))
		}
		return nil
	case (pos[0] == "disable" || pos[0] == "enable") && len(pos) == 2:
		return a.Store.SetSchemeActive(ctx, pos[1], pos[0] == "enable")
	}
	return &usageError{"usage: " + usage}
}

// exportClasses handles "export classes" and "export segment".
func exportClasses(ctx context.Context, e *env, a *app.App, what string, run int64, scheme, class, purpose, format, out string) error {
	if what == "segment" && (scheme == "" || class == "") {
		return &usageError{"export segment needs --scheme and --class"}
	}
	n, err := writeFileAtomically(out, func(w io.Writer) (int, error) {
		return a.Core.ExportClassesFor(ctx, run, format, a.Config.Lang, scheme, class, purpose, w)
	})
	if err != nil {
		return err
	}
	if err := a.Core.Audit(ctx, e.actor(), "export", what, scheme+"/"+class, fmt.Sprintf("ok: %d rows", n)); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"what": what, "rows": n, "file": out, "format": format})
	}
	fmt.Fprintln(e.stdout, e.p.T("export_done", n, what, out))
	return nil
}
