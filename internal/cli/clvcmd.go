package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"strata/internal/analytics/clv"
	"strata/internal/core"
	"strata/internal/ingest"
)

func runCLV(ctx context.Context, e *env, args []string) error {
	const usage = "strata clv fit --as-of YYYY-MM-DD [--model bgnbd|pareto|gammagamma] [--unit days|weeks] [--holdout-end YYYY-MM-DD]"
	if len(args) > 0 && args[0] == "predict" {
		return runCLVPredict(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "fit" {
		return &usageError{"usage: " + usage + " | strata clv predict [--as-of D] [--top N] [--out FILE]"}
	}
	f := newFlags(e, "clv fit", usage)
	asOf := f.String("as-of", "", "calibration end date, inclusive (required)")
	holdout := f.String("holdout-end", "", "end of a holdout period to validate the fit on (inclusive)")
	unit := f.String("unit", "weeks", "time unit: days or weeks")
	modelName := f.String("model", core.ModelBGNBD, "bgnbd, pareto or gammagamma")
	if _, err := f.parse(args[1:]); err != nil {
		return err
	}
	opt := core.CLVFitOptions{Model: *modelName}
	switch *unit {
	case "days":
		opt.Unit = clv.Days
	case "weeks":
		opt.Unit = clv.Weeks
	default:
		return &usageError{fmt.Sprintf("--unit %q: want days or weeks", *unit)}
	}
	var err error
	if opt.AsOf, err = parseDay("--as-of", *asOf, true); err != nil {
		return err
	}
	if opt.HoldoutEnd, err = parseDay("--holdout-end", *holdout, false); err != nil {
		return err
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	fit, err := a.Core.FitCLV(ctx, opt)
	if err != nil {
		return err
	}
	if e.json {
		out := map[string]any{"model": fit.Model, "unit": fit.Unit, "as_of": fit.AsOf, "customers": fit.Customers,
			"log_likelihood": fit.LogLik, "standard_errors": fit.SE}
		for k, v := range fit.Params {
			out[k] = v
		}
		if fit.Holdout != nil {
			out["holdout"] = fit.Holdout
		}
		return e.printJSON(out)
	}
	fmt.Fprintf(e.stdout, "%s fit on %d customers, calibration to %s, unit %s, log-likelihood %.4f\n", fit.Model, fit.Customers, fit.AsOf, fit.Unit, fit.LogLik)
	keys := make([]string, 0, len(fit.Params))
	for k := range fit.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		se := "n/a"
		if v, ok := fit.SE[k]; ok {
			se = fmt.Sprintf("%.6g", v)
		}
		fmt.Fprintf(e.stdout, "  %-6s %12.6g   (SE %s)\n", k, fit.Params[k], se)
	}
	if h := fit.Holdout; h != nil {
		fmt.Fprintf(e.stdout, "holdout to %s (%.2f %s): predicted %.1f, actual %.1f purchases; MAE %.3f vs naive %.3f\n",
			h.End, h.Periods, fit.Unit, h.Model.TotalPredicted, h.Model.TotalActual, h.Model.MAE, h.Baseline.MAE)
	}
	return nil
}

// parseDay parses a YYYY-MM-DD flag value as a calendar date.
func parseDay(flag, v string, required bool) (time.Time, error) {
	if v == "" {
		if required {
			return time.Time{}, &usageError{flag + " is required (YYYY-MM-DD)"}
		}
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, &usageError{fmt.Sprintf("%s %q: want YYYY-MM-DD", flag, v)}
	}
	return d, nil
}

func runValidate(ctx context.Context, e *env, args []string) error {
	const usage = "strata validate --as-of YYYY-MM-DD --holdout-end YYYY-MM-DD [--unit days|weeks]"
	f := newFlags(e, "validate", usage)
	asOf := f.String("as-of", "", "calibration end date, inclusive (required)")
	holdout := f.String("holdout-end", "", "holdout end date, inclusive (required)")
	unit := f.String("unit", "weeks", "time unit: days or weeks")
	if _, err := f.parse(args); err != nil {
		return err
	}
	opt := core.ValidateOptions{Unit: clv.Weeks}
	if *unit == "days" {
		opt.Unit = clv.Days
	} else if *unit != "weeks" {
		return &usageError{fmt.Sprintf("--unit %q: want days or weeks", *unit)}
	}
	var err error
	if opt.AsOf, err = parseDay("--as-of", *asOf, true); err != nil {
		return err
	}
	if opt.HoldoutEnd, err = parseDay("--holdout-end", *holdout, true); err != nil {
		return err
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Core.Validate(ctx, opt)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(res)
	}
	h := res.Purchases.Holdout
	fmt.Fprintf(e.stdout, "calibration to %s, holdout to %s: %d customers\n", res.AsOf, res.HoldoutEnd, res.Customers)
	fmt.Fprintf(e.stdout, "purchases: BG/NBD predicted %.1f, actual %.1f; MAE %.3f vs naive baseline %.3f\n",
		h.Model.TotalPredicted, h.Model.TotalActual, h.Model.MAE, h.Baseline.MAE)
	fmt.Fprintf(e.stdout, "holdout revenue by decile of predicted %d-month CLV:\n", res.Months)
	printGains(e, "decile", res.CLVDeciles)
	if len(res.ValueTiers) > 0 {
		fmt.Fprintf(e.stdout, "holdout revenue by value tier as of %s:\n", res.AsOf)
		printGains(e, "tier", res.ValueTiers)
	}
	return nil
}

func printGains(e *env, what string, bins []core.GainsBin) {
	fmt.Fprintf(e.stdout, "  %-14s %9s %14s %8s %8s %6s\n", what, "customers", "revenue", "share", "cum", "lift")
	for _, b := range bins {
		lift := "-"
		if b.Lift != nil {
			lift = fmt.Sprintf("%.2f", *b.Lift)
		}
		fmt.Fprintf(e.stdout, "  %-14s %9d %14.2f %7.1f%% %7.1f%% %6s\n", b.Bin, b.Customers, b.Revenue, 100*b.RevenueShare, 100*b.CumRevenueShare, lift)
	}
}

func runCLVPredict(ctx context.Context, e *env, args []string) error {
	const usage = "strata clv predict [--as-of YYYY-MM-DD] [--months 12] [--discount 0.01] [--top N] [--out FILE.csv|xlsx]"
	f := newFlags(e, "clv predict", usage)
	asOf := f.String("as-of", "", "as-of date (default: today in the business time zone)")
	top := f.Int("top", 20, "customers to print, by CLV (all of them with --out)")
	out := f.String("out", "", "write every customer's predictions to this CSV or XLSX file")
	months := f.Int("months", 12, "CLV horizon in months")
	discount := f.Float64("discount", 0.01, "monthly discount rate of the CLV (0.01 = 1 % a month)")
	if _, err := f.parse(args); err != nil {
		return err
	}
	a, d, err := f.openAsOf(ctx, *asOf)
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.Core.PredictCLV(ctx, d, *months, *discount)
	if err != nil {
		return err
	}
	if *out != "" {
		format := ingest.FormatCSV
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			format = ingest.FormatXLSX
		}
		n, err := writeFileAtomically(*out, func(w io.Writer) (int, error) { return p.Write(w, format) })
		if err != nil {
			return err
		}
		if !e.json {
			fmt.Fprintln(e.stdout, e.p.T("export_done", n, "predictions", *out))
		}
	}
	rows := p.Top(*top)
	if e.json {
		return e.printJSON(map[string]any{"as_of": d.Format("2006-01-02"), "model": p.Model, "top": rows})
	}
	m := p.Model
	fmt.Fprintf(e.stdout, "BG/NBD (days) r=%.4g alpha=%.4g a=%.4g b=%.4g; Gamma-Gamma p=%.4g q=%.4g v=%.4g; %d buyers\n",
		m.R, m.Alpha, m.A, m.B, m.P, m.Q, m.V, m.Customers)
	fmt.Fprintf(e.stdout, "%-12s %8s %12s %12s\n", "customer", "P(alive)", "E[90 days]", "CLV 12m")
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "%-12s %8.3f %12.3f %12.2f\n", r.CustomerID, r.PAlive, r.Expected90, r.CLV)
	}
	return nil
}
