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
// writes nothing (see ComputeBench). It is what `strata bench classify
// --repeat` reports: one run's compute is a fraction of a second, too
// little to profile or to compare two builds by.
func (s *Service) MeasureCompute(ctx context.Context, asOf time.Time, n int) ([]ComputeRep, error) {
	b, err := s.NewComputeBench(ctx, asOf)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	out := make([]ComputeRep, n)
	for i := range out {
		if out[i], err = b.Rep(ctx); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ComputeBench holds one load of a run's input, to time the compute part
// over it again and again: MeasureCompute, and the comparison with DuckDB
// in bench/duckdb, which times its query between the repetitions. The
// model scores the schemes read are fitted once, outside the timings.
//
// The repetitions are set up to cost what a run's compute costs, no more:
//   - Each starts after a garbage collection, as a run's compute does, and
//     none collects during its compute, as none does in a run: a run drops
//     the order lines before the schemes allocate, the repetitions must
//     keep them, so the soft memory limit is lifted until Close (GOGC
//     still applies).
//   - A run's compute allocates in memory the load has touched. So does
//     every repetition: an untimed first one (in NewComputeBench) touches
//     what they reuse, and a repetition's garbage is collected once, just
//     before the next. Two collections in a row with nothing allocated in
//     between (as MeasureCompute once did around the reference) leave the
//     freed pages idle for a whole cycle, the runtime's background
//     scavenger hands 150–200 MB of them back to the kernel, and the next
//     repetition's schemes took 30,000–50,000 page faults to get them
//     back, 50–100 ms that no run pays.
type ComputeBench struct {
	in      *metrics.Input
	schemes []*classify.Scheme
	extra   map[string][]float64
	asOf    time.Time
	limit   int64 // the memory limit to restore
}

// NewComputeBench loads the input of a run as of asOf and computes it once,
// untimed.
func (s *Service) NewComputeBench(ctx context.Context, asOf time.Time) (*ComputeBench, error) {
	schemes, _, err := s.ActiveSchemes(ctx)
	if err != nil {
		return nil, err
	}
	asOf = runDate(asOf)
	in, _, err := s.LoadInput(ctx, asOf)
	if err != nil {
		return nil, err
	}
	first, err := metrics.Compute(in)
	if err != nil {
		return nil, err
	}
	extra, _ := clvFeatures(first)
	b := &ComputeBench{in: in, schemes: schemes, extra: extra, asOf: asOf, limit: debug.SetMemoryLimit(math.MaxInt64)}
	if _, err = classify.ApplyAll(schemes, withExtra{first, extra}, asOf, RuleSchema()); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Input is the loaded input (the repetitions only read it).
func (b *ComputeBench) Input() *metrics.Input { return b.in }

// Close restores the memory limit.
func (b *ComputeBench) Close() { debug.SetMemoryLimit(b.limit) }

// Rep times one computation, then the reference
// (ReferenceGroupBy) on the same input, right after: on a shared machine
// the ratio moves much less than either time.
func (b *ComputeBench) Rep(ctx context.Context) (ComputeRep, error) {
	if err := ctx.Err(); err != nil {
		return ComputeRep{}, err
	}
	runtime.GC() // the previous repetition's garbage, or the first's
	t0, c0 := time.Now(), cpuSeconds()
	var tab *metrics.Table
	var err error
	phase(ctx, "metrics", func() { tab, err = metrics.Compute(b.in) })
	if err != nil {
		return ComputeRep{}, err
	}
	t1, c1 := time.Now(), cpuSeconds()
	phase(ctx, "schemes", func() { _, err = classify.ApplyAll(b.schemes, withExtra{tab, b.extra}, b.asOf, RuleSchema()) })
	if err != nil {
		return ComputeRep{}, err
	}
	t2, c2 := time.Now(), cpuSeconds()
	t3 := time.Now()
	ReferenceGroupBy(b.in)
	ref := time.Since(t3).Seconds()
	return ComputeRep{Timing: Timing{MetricsSeconds: t1.Sub(t0).Seconds(), SchemesSeconds: t2.Sub(t1).Seconds(), ComputeSeconds: t2.Sub(t0).Seconds(),
		CPU: &CPUTiming{MetricsSeconds: c1 - c0, SchemesSeconds: c2 - c1, ComputeSeconds: c2 - c0}},
		ReferenceSeconds: ref, Ratio: t2.Sub(t0).Seconds() / ref}, nil
}

// ComputeRep is one repetition of MeasureCompute.
type ComputeRep struct {
	Timing
	ReferenceSeconds float64 `json:"reference_group_by_seconds"`
	Ratio            float64 `json:"compute_vs_reference"` // ComputeSeconds / ReferenceSeconds
}

// ReferenceGroupBy is the reference computation: a plain
// single-goroutine pass over dense customer indexes that groups the order
// lines into recency (last purchase), frequency and monetary per customer.
// It is the floor any real implementation is compared with.
func ReferenceGroupBy(in *metrics.Input) (last []int64, freq []int32, mon []int64) {
	n := len(in.Customers.ID)
	last, freq, mon = make([]int64, n), make([]int32, n), make([]int64, n)
	o := &in.Orders
	cut := metrics.Cutoff(in.AsOf, in.Loc).Unix()
	prevOrder, prevCust := int32(-1), int32(-1)
	for i, c := range o.Cust {
		if o.At[i] >= cut || o.Status[i] != metrics.StatusPaid {
			continue
		}
		if o.At[i] > last[c] {
			last[c] = o.At[i]
		}
		if c != prevCust || o.Order[i] != prevOrder {
			freq[c]++
		}
		prevCust, prevOrder = c, o.Order[i]
		mon[c] += o.Amount[i]
	}
	return last, freq, mon
}
