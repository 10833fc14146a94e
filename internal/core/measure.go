package core

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"time"

	"strata/internal/classify"
	"strata/internal/metrics"
)

// MeasureCompute times the compute part of a run (metrics.Compute, then
// every active scheme) n times over one load of the data as of asOf, and
// writes nothing. The model scores the schemes read are fitted once,
// outside the timings. Each repetition starts after a garbage collection,
// as a run's compute does, and none collects during its compute, as none
// does in a run: a run drops the order lines before the schemes allocate,
// the repetitions must keep them, so the soft memory limit is lifted
// while they run (GOGC still applies). It is what `strata bench classify --repeat`
// reports: one run's compute is a fraction of a second, too little to
// profile or to compare two builds by.
func (s *Service) MeasureCompute(ctx context.Context, asOf time.Time, n int) ([]Timing, error) {
	schemes, _, err := s.ActiveSchemes(ctx)
	if err != nil {
		return nil, err
	}
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	in, _, err := s.LoadInput(ctx, asOf)
	if err != nil {
		return nil, err
	}
	first, err := metrics.Compute(in)
	if err != nil {
		return nil, err
	}
	extra, _ := clvFeatures(first)
	first = nil
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	out := make([]Timing, n)
	for i := range out {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		runtime.GC()
		t0, c0 := time.Now(), cpuSeconds()
		var tab *metrics.Table
		phase(ctx, "metrics", func() { tab, err = metrics.Compute(in) })
		if err != nil {
			return nil, err
		}
		t1, c1 := time.Now(), cpuSeconds()
		phase(ctx, "schemes", func() { _, err = classify.ApplyAll(schemes, withExtra{tab, extra}, asOf, RuleSchema()) })
		if err != nil {
			return nil, err
		}
		t2, c2 := time.Now(), cpuSeconds()
		out[i] = Timing{MetricsSeconds: t1.Sub(t0).Seconds(), SchemesSeconds: t2.Sub(t1).Seconds(), ComputeSeconds: t2.Sub(t0).Seconds(),
			CPU: &CPUTiming{MetricsSeconds: c1 - c0, SchemesSeconds: c2 - c1, ComputeSeconds: c2 - c0}}
	}
	return out, nil
}
