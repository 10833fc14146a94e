package cli

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"strata/internal/app"
	"strata/internal/core"
	"strata/internal/metrics"
)

func runBenchClassify(ctx context.Context, e *env, args []string) error {
	const usage = "strata bench classify [--customers N] [--orders N] [--dir DIR] [--existing] [--repeat N] [--cpuprofile FILE]"
	f := newFlags(e, "bench classify", usage)
	customers := f.Int("customers", 1_000_000, "customers")
	orders := f.Int("orders", 10_000_000, "order lines")
	dir := f.String("dir", "", "working directory (default: a temporary directory)")
	cpuprofile := f.String("cpuprofile", "", "write a CPU profile of the classification run to this file")
	existing := f.Bool("existing", false, "classify the data an earlier run stored in DIR/classify.db instead of generating it (a fresh process per measurement; needs --dir)")
	repeat := f.Int("repeat", 0, "after the run, time the compute part (metrics + schemes) this many more times over one load, and report the median and the fastest")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if *repeat < 0 {
		return &usageError{"--repeat must not be negative"}
	}
	if *customers < 1 || *orders < 0 {
		return &usageError{"--customers must be positive and --orders not negative"}
	}
	if *existing && *dir == "" {
		return &usageError{"--existing needs --dir (the directory of an earlier run)"}
	}
	work, cleanup, err := workDir(*dir)
	if err != nil {
		return err
	}
	defer cleanup()
	cfg, err := f.config()
	if err != nil {
		return err
	}
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	out := map[string]any{"customers": *customers, "orders": *orders, "as_of": asOf.Format("2006-01-02")}
	say := func(format string, a ...any) {
		if !e.json {
			fmt.Fprintf(e.stdout, format, a...)
		}
	}
	if *existing {
		cfg.DB = filepath.Join(work, "classify.db")
		if _, err := os.Stat(cfg.DB); err != nil {
			return fmt.Errorf("--existing: %w", err)
		}
		a, err := app.Open(ctx, cfg)
		if err != nil {
			return err
		}
		defer a.Close()
		delete(out, "customers")
		delete(out, "orders")
		return classifyBench(ctx, e, a, asOf, *cpuprofile, *repeat, 0, out, say)
	}
	freshDB(&cfg, work, "classify.db")

	t0 := time.Now()
	in := metrics.Synthetic(*customers, *orders, 1, asOf)
	out["generate_seconds"] = time.Since(t0).Seconds()

	// Reference and in-memory compute first, on the generated input.
	runtime.GC()
	t0 = time.Now()
	core.ReferenceGroupBy(in)
	ref := time.Since(t0).Seconds()
	out["reference_group_by_seconds"] = ref
	say("reference: single-goroutine RFM group-by over dense indexes: %.3fs\n", ref)

	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	t0 = time.Now()
	if err := a.Core.StoreSynthetic(ctx, in); err != nil {
		return err
	}
	out["store_seconds"] = time.Since(t0).Seconds()
	say("stored %d customers and %d order lines in %.1fs (setup, not part of a run)\n", *customers, *orders, time.Since(t0).Seconds())
	in = nil
	runtime.GC()
	return classifyBench(ctx, e, a, asOf, *cpuprofile, *repeat, ref, out, say)
}

// classifyBench runs one classification of what a holds and reports its
// timing, then times the compute part repeat more times; ref is the
// reference group-by's time (0 = not measured).
func classifyBench(ctx context.Context, e *env, a *app.App, asOf time.Time, cpuprofile string, repeat int, ref float64, out map[string]any, say func(string, ...any)) error {
	if cpuprofile != "" {
		pf, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	sum, err := a.Core.Classify(ctx, core.ClassifyOptions{AsOf: asOf})
	if err != nil {
		return err
	}
	tm := sum.Timing
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms) // before the repetitions, which keep the whole input
	var reps []core.ComputeRep
	if repeat > 0 {
		if reps, err = a.Core.MeasureCompute(ctx, asOf, repeat); err != nil {
			return err
		}
		out["repeats"] = reps
		out["repeat_median"] = medianTiming(reps)
		out["repeat_median_ratio"] = medianRatio(reps)
		out["repeat_median_cpu_seconds"] = medianCPU(reps)
		out["repeat_fastest"] = fastestTiming(reps)
	}
	out["timing"] = tm
	if ref > 0 {
		out["compute_vs_reference"] = tm.ComputeSeconds / ref
	}
	out["heap_sys_mb"] = float64(ms.HeapSys) / (1 << 20)
	out["schemes"] = len(sum.Schemes)
	out["classified_customers"] = sum.Customers
	if e.json {
		return e.printJSON(out)
	}
	say("classification of %d customers with %d schemes (run %d):\n", sum.Customers, len(sum.Schemes), sum.RunID)
	say("  load from the store: %.2fs\n", tm.LoadSeconds)
	say("  compute: %.3fs (metrics %.3fs + schemes %.3fs)", tm.ComputeSeconds, tm.MetricsSeconds, tm.SchemesSeconds)
	if ref > 0 {
		say(" = %.1f x the reference group-by", tm.ComputeSeconds/ref)
	}
	say("\n  model fit (clv, apart): %.2fs\n", tm.CLVSeconds)
	say("  process CPU: load %.2fs, compute %.3fs (metrics %.3fs + schemes %.3fs), clv %.2fs, write %.2fs\n",
		tm.CPU.LoadSeconds, tm.CPU.ComputeSeconds, tm.CPU.MetricsSeconds, tm.CPU.SchemesSeconds, tm.CPU.CLVSeconds, tm.CPU.WriteSeconds)
	say("  snapshot write: %.2fs\n", tm.WriteSeconds)
	say("heap reserved: %.0f MB (peak RSS: see /usr/bin/time -v)\n", float64(ms.HeapSys)/(1<<20))
	if len(reps) > 0 {
		say("compute repeated %d times over one load (wall, then process CPU):\n", len(reps))
		for i, r := range reps {
			say("  %2d: compute %.3fs (metrics %.3fs + schemes %.3fs); CPU %.3fs (%.3fs + %.3fs); reference group-by %.3fs, ratio %.2f\n", i+1,
				r.ComputeSeconds, r.MetricsSeconds, r.SchemesSeconds, r.CPU.ComputeSeconds, r.CPU.MetricsSeconds, r.CPU.SchemesSeconds,
				r.ReferenceSeconds, r.Ratio)
		}
		m, f := medianTiming(reps), fastestTiming(reps)
		say("  median: compute %.3fs (metrics %.3fs + schemes %.3fs), %.2f x the reference group-by; fastest: %.3fs; median CPU %.3fs\n",
			m.ComputeSeconds, m.MetricsSeconds, m.SchemesSeconds, medianRatio(reps), f.ComputeSeconds, medianCPU(reps))
	}
	return nil
}

// medianTiming is the repetition of median compute time (the upper one of
// an even count), so that its parts add up.
func medianTiming(reps []core.ComputeRep) core.ComputeRep {
	s := slices.Clone(reps)
	slices.SortFunc(s, func(a, b core.ComputeRep) int { return cmp.Compare(a.ComputeSeconds, b.ComputeSeconds) })
	return s[len(s)/2]
}

// medianRatio is the median of the repetitions' compute-to-reference
// ratios (the upper one of an even count).
func medianRatio(reps []core.ComputeRep) float64 {
	r := make([]float64, len(reps))
	for i, x := range reps {
		r[i] = x.Ratio
	}
	slices.Sort(r)
	return r[len(r)/2]
}

// medianCPU is the median of the repetitions' compute CPU seconds.
func medianCPU(reps []core.ComputeRep) float64 {
	r := make([]float64, len(reps))
	for i, x := range reps {
		r[i] = x.CPU.ComputeSeconds
	}
	slices.Sort(r)
	return r[len(r)/2]
}

// fastestTiming is the repetition of least compute time.
func fastestTiming(reps []core.ComputeRep) core.ComputeRep {
	return slices.MinFunc(reps, func(a, b core.ComputeRep) int { return cmp.Compare(a.ComputeSeconds, b.ComputeSeconds) })
}
