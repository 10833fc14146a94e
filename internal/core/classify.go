package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"strata/internal/analytics/clv"
	"strata/internal/classify"
	"strata/internal/metrics"
	"strata/internal/model"
	"strata/internal/store"
)

// EnsureBuiltinSchemes stores the built-in schemes that the database does
// not have yet (a scheme a user edited keeps the user's version).
func (s *Service) EnsureBuiltinSchemes(ctx context.Context) error {
	have, err := s.st.Schemes(ctx, false)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, h := range have {
		known[h.Name] = true
	}
	for _, b := range BuiltinSchemes() {
		if known[b.Name] {
			continue
		}
		if _, _, err := s.st.SaveScheme(ctx, b.Name, b.JSON(), true); err != nil {
			return fmt.Errorf("seed scheme %s: %w", b.Name, err)
		}
	}
	return nil
}

// ActiveSchemes returns the active scheme versions, parsed.
func (s *Service) ActiveSchemes(ctx context.Context) ([]*classify.Scheme, []store.SchemeRow, error) {
	if err := s.EnsureBuiltinSchemes(ctx); err != nil {
		return nil, nil, err
	}
	rows, err := s.st.Schemes(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*classify.Scheme, len(rows))
	for i, r := range rows {
		sc, err := classify.ParseScheme(r.Definition, RuleSchema())
		if err != nil {
			return nil, nil, fmt.Errorf("stored scheme %s v%d: %w", r.Name, r.Version, err)
		}
		out[i] = sc
	}
	return out, rows, nil
}

// ClassifyOptions configures a classification run.
type ClassifyOptions struct {
	AsOf    time.Time
	Schemes []string // names to apply; empty = every active scheme
	// ValidateDays, when positive, also validates the models on the last
	// ValidateDays before the as-of date (calibration to D − ValidateDays,
	// holdout to D) and stores the tables with the run.
	ValidateDays int
	// Progress, when set, is told each stage as the run enters it:
	// "validating", "loading", "metrics", "models", "schemes", "writing".
	Progress func(stage string)
}

// Timing is where a run spent its time.
type Timing struct {
	LoadSeconds    float64 `json:"load_seconds"`
	MetricsSeconds float64 `json:"metrics_seconds"` // metrics.Compute (lazy columns)
	CLVSeconds     float64 `json:"clv_seconds"`     // BG/NBD + Gamma-Gamma fit and scoring
	SchemesSeconds float64 `json:"schemes_seconds"` // every scheme, including the columns they read
	ComputeSeconds float64 `json:"compute_seconds"` // metrics + schemes
	WriteSeconds   float64 `json:"write_seconds"`   // snapshot columns, class statistics, the write
	// CPU is the process CPU time (user + system, all threads) of the same
	// phases: on a shared machine it moves less than the wall clock.
	CPU *CPUTiming `json:"cpu,omitempty"`
}

// CPUTiming is process CPU seconds per phase of a run.
type CPUTiming struct {
	LoadSeconds    float64 `json:"load_seconds"`
	MetricsSeconds float64 `json:"metrics_seconds"`
	CLVSeconds     float64 `json:"clv_seconds"`
	SchemesSeconds float64 `json:"schemes_seconds"`
	ComputeSeconds float64 `json:"compute_seconds"`
	WriteSeconds   float64 `json:"write_seconds"`
}

// ProcessCPU is the CPU time (user + system) this process has used so far:
// on a shared machine a steadier measure of work than the wall clock.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func cpuSeconds() float64 { return ProcessCPU().Seconds() }

// ClassStat summarises one class of a run.
type ClassStat struct {
	Key          string   `json:"key"`
	Zh           string   `json:"zh"`
	En           string   `json:"en"`
	Customers    int      `json:"customers"`
	Share        float64  `json:"share"`
	Revenue      float64  `json:"revenue"`
	RevenueShare float64  `json:"revenue_share"`
	AvgMonetary  float64  `json:"avg_monetary"`
	AvgFrequency float64  `json:"avg_frequency"`
	AvgRecency   *float64 `json:"avg_recency_days"`
}

// SchemeRun summarises one scheme of a run.
type SchemeRun struct {
	Name    string      `json:"name"`
	Zh      string      `json:"zh"`
	En      string      `json:"en"`
	Version int         `json:"version"`
	Classes []ClassStat `json:"classes"`
}

// RunSummary is what a classification run reports.
type RunSummary struct {
	RunID     int64       `json:"run_id"`
	AsOf      string      `json:"as_of"`
	Customers int         `json:"customers"`
	Schemes   []SchemeRun `json:"schemes"`
	Timing    Timing      `json:"timing"`
	// CLVModel is the BG/NBD + Gamma-Gamma fit behind p_alive and clv.
	CLVModel CLVModel `json:"clv_model"`
	// Validation is the holdout check of the models, when asked for.
	Validation *ValidateResult `json:"validation,omitempty"`
}

// runParams is what run_schemes.params holds.
type runParams struct {
	Version int           `json:"version"`
	Used    classify.Used `json:"used"`
}

// snapshotChunk is the number of customers per snapshot chunk.
const snapshotChunk = 2000

// owner identifies this process to other processes looking at a run.
func owner() string {
	h, _ := os.Hostname()
	return h + ":" + strconv.Itoa(os.Getpid())
}

// ownerAlive reports whether a run's owner process still exists: another
// host is assumed alive (its heartbeat decides), a pid on this host is
// checked directly.
func ownerAlive(o string) bool {
	host, pid, ok := strings.Cut(o, ":")
	if h, _ := os.Hostname(); !ok || host != h {
		return true
	}
	p, err := strconv.Atoi(pid)
	if err != nil || p <= 0 {
		return false
	}
	if p == os.Getpid() {
		return true
	}
	err = syscall.Kill(p, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// RecoverRuns marks runs whose process died as failed.
func (s *Service) RecoverRuns(ctx context.Context) (int, error) {
	return s.st.RecoverRuns(ctx, 2*time.Minute, ownerAlive)
}

// Classify computes the metrics as of a date, applies every active scheme
// and stores the snapshot: atomic (the snapshot is written in one
// transaction at the end; a killed run leaves no partial snapshot and is
// marked failed by the next process) and idempotent (re-running an as-of
// date replaces its snapshot with an identical one when the data did not
// change).
func (s *Service) Classify(ctx context.Context, opt ClassifyOptions) (*RunSummary, error) {
	if _, err := s.RecoverRuns(ctx); err != nil {
		return nil, err
	}
	schemes, rows, err := s.ActiveSchemes(ctx)
	if err != nil {
		return nil, err
	}
	if len(opt.Schemes) > 0 {
		var ks []*classify.Scheme
		var kr []store.SchemeRow
		for _, name := range opt.Schemes {
			found := false
			for i, sc := range schemes {
				if sc.Name == name {
					ks, kr, found = append(ks, sc), append(kr, rows[i]), true
				}
			}
			if !found {
				return nil, fmt.Errorf("scheme %q is not an active scheme: %w", name, model.ErrNotFound)
			}
		}
		schemes, rows = ks, kr
	}
	asOf := runDate(opt.AsOf)
	run, err := s.st.StartRun(ctx, asOf.Format("2006-01-02"), owner())
	if err != nil {
		return nil, err
	}
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				s.st.Heartbeat(ctx, run)
			}
		}
	}()
	progress := opt.Progress
	if progress == nil {
		progress = func(string) {}
	}
	var val *ValidateResult
	if opt.ValidateDays > 0 {
		progress("validating")
		val, err = s.Validate(ctx, ValidateOptions{AsOf: asOf.AddDate(0, 0, -opt.ValidateDays), HoldoutEnd: asOf, Unit: clv.Days})
		if err != nil {
			s.st.FailRun(ctx, run, err.Error())
			return nil, fmt.Errorf("validation: %w", err)
		}
	}
	sum, err := s.classify(ctx, run, asOf, schemes, rows, val, progress)
	close(stop)
	if err != nil {
		s.st.FailRun(ctx, run, err.Error())
		return nil, err
	}
	return sum, nil
}

// SnapshotFields are the metric columns a snapshot keeps (every numeric,
// date and bool metric) followed by the derived scheme columns.
func SnapshotFields() []string {
	var out []string
	for _, f := range metrics.Fields() {
		if f.Kind == metrics.KindNumber || f.Kind == metrics.KindDate || f.Kind == metrics.KindBool {
			out = append(out, f.Name)
		}
	}
	out = append(out, CLVFields...)
	return append(out, "r_score", "f_score", "m_score", "loyalty_points", "preference_stated_code")
}

// runDate is the as-of date of a run: t's calendar date as UTC midnight.
func runDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// phase runs f with the profiler label phase=name, which the goroutines f
// starts inherit: go tool pprof -tagfocus phase=schemes shows one phase of
// a run (bench classify --cpuprofile).
func phase(ctx context.Context, name string, f func()) {
	pprof.Do(ctx, pprof.Labels("phase", name), func(context.Context) { f() })
}

func (s *Service) classify(ctx context.Context, run int64, asOf time.Time, schemes []*classify.Scheme, rows []store.SchemeRow, val *ValidateResult, progress func(string)) (*RunSummary, error) {
	tm := Timing{CPU: &CPUTiming{}} // the stored summary has no timing (it is set after the write)
	progress("loading")
	t0, c0 := time.Now(), cpuSeconds()
	lap := func() (wall, cpu float64) { // since the previous lap
		t, c := time.Now(), cpuSeconds()
		wall, cpu = t.Sub(t0).Seconds(), c-c0
		t0, c0 = t, c
		return wall, cpu
	}
	var in *metrics.Input
	var ids []int64
	var err error
	phase(ctx, "load", func() { in, ids, err = s.LoadInput(ctx, asOf) })
	if err != nil {
		return nil, err
	}
	tm.LoadSeconds, tm.CPU.LoadSeconds = lap()
	progress("metrics")
	var tab *metrics.Table
	phase(ctx, "metrics", func() { tab, err = metrics.Compute(in) })
	if err != nil {
		return nil, err
	}
	tm.MetricsSeconds, tm.CPU.MetricsSeconds = lap() // columns are built lazily: the schemes pay for those they read
	// The table keeps the customer columns it needs; the order, interaction
	// and ticket lines (most of the input's memory) go now, before the
	// models and schemes allocate their columns.
	in.Orders, in.Interactions, in.Tickets = metrics.OrderCols{}, metrics.InteractionCols{}, metrics.TicketCols{}
	in = nil
	lap()
	progress("models")
	var extra map[string][]float64
	var clvModel CLVModel
	phase(ctx, "clv", func() { extra, clvModel = clvFeatures(tab) })
	feat := withExtra{tab, extra}
	tm.CLVSeconds, tm.CPU.CLVSeconds = lap()
	progress("schemes")
	var results []*classify.Result
	phase(ctx, "schemes", func() { results, err = classify.ApplyAll(schemes, feat, asOf, RuleSchema()) })
	if err != nil {
		return nil, err
	}
	tm.SchemesSeconds, tm.CPU.SchemesSeconds = lap()
	// The classification is done: compute = metrics + schemes (the model
	// fit is reported apart as clv). What follows prepares and writes the
	// snapshot. Its columns are the metrics (built a chunk at a time, or
	// copied where a scheme built the whole column), the model scores and
	// the schemes' derived columns.
	tm.ComputeSeconds = tm.MetricsSeconds + tm.SchemesSeconds
	tm.CPU.ComputeSeconds = tm.CPU.MetricsSeconds + tm.CPU.SchemesSeconds
	progress("writing")
	fields := SnapshotFields()
	n := tab.Len()
	whole := make([][]float64, len(fields)) // columns held whole; nil = metric filled per chunk, or NaN
	metric := make([]bool, len(fields))
	for j, f := range fields {
		if c, ok := extra[f]; ok {
			whole[j] = c
			continue
		}
		if mf, ok := metrics.FieldByName(f); ok && (mf.Kind == metrics.KindNumber || mf.Kind == metrics.KindDate || mf.Kind == metrics.KindBool) {
			metric[j] = true
			continue
		}
		for _, r := range results {
			if c, ok := r.Extra[f]; ok {
				whole[j] = c
			}
		}
	}
	sum := &RunSummary{RunID: run, AsOf: asOf.Format("2006-01-02"), Customers: n, CLVModel: clvModel, Validation: val}
	mon, _ := tab.Num("monetary")
	freq, _ := tab.Num("frequency")
	rec, _ := tab.Num("recency_days")
	rs := make([]store.RunScheme, len(results))
	for p, r := range results {
		sr := SchemeRun{Name: r.Scheme.Name, Zh: r.Scheme.Zh, En: r.Scheme.En, Version: rows[p].Version}
		sr.Classes = classStats(r, mon, freq, rec)
		sum.Schemes = append(sum.Schemes, sr)
		params, err := json.Marshal(runParams{Version: rows[p].Version, Used: r.Used})
		if err != nil {
			return nil, fmt.Errorf("scheme %s: %w", r.Scheme.Name, err)
		}
		stats, err := json.Marshal(sr.Classes)
		if err != nil {
			return nil, fmt.Errorf("scheme %s statistics: %w", r.Scheme.Name, err)
		}
		rs[p] = store.RunScheme{Position: p, SchemeID: rows[p].ID, Params: params, Stats: stats}
	}
	// The chunks are built on another goroutine while the store writes the
	// previous ones, in a few buffers reused round-robin (FinishRun writes
	// a chunk before asking for the next).
	inRows := tab.InputRows()
	const buffers = 3
	free := make(chan *store.Chunk, buffers)
	full := make(chan *store.Chunk, buffers)
	for range buffers {
		free <- &store.Chunk{Customers: make([]int64, snapshotChunk), Classes: make([]uint16, snapshotChunk*len(results)),
			Metrics: make([]float64, snapshotChunk*len(fields))}
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(full)
		for start := 0; start < n; start += snapshotChunk {
			var c *store.Chunk
			select {
			case c = <-free:
			case <-done:
				return
			}
			end := min(start+snapshotChunk, n)
			k := end - start
			c.Customers, c.Classes, c.Metrics = c.Customers[:k], c.Classes[:k*len(results)], c.Metrics[:k*len(fields)]
			for i := range k {
				c.Customers[i] = ids[inRows[start+i]]
			}
			for p, r := range results {
				copy(c.Classes[p*k:], r.Class[start:end])
			}
			for j := range fields {
				dst := c.Metrics[j*k : (j+1)*k]
				switch {
				case whole[j] != nil:
					copy(dst, whole[j][start:end])
				case metric[j]:
					tab.FillNum(fields[j], start, dst)
				default:
					for i := range dst {
						dst[i] = math.NaN()
					}
				}
			}
			select {
			case full <- c:
			case <-done:
				return
			}
		}
	}()
	var prev *store.Chunk
	next := func() (*store.Chunk, error) {
		if prev != nil {
			free <- prev // never blocks: at most buffers chunks exist
			prev = nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, ok := <-full
		if !ok {
			return nil, nil
		}
		prev = c
		return c, nil
	}
	sj, err := json.Marshal(sum)
	if err != nil {
		return nil, fmt.Errorf("run summary: %w", err)
	}
	if err := s.st.FinishRun(ctx, run, fields, sj, rs, next); err != nil {
		return nil, err
	}
	tm.WriteSeconds, tm.CPU.WriteSeconds = lap()
	sum.Timing = tm
	return sum, nil
}

func classStats(r *classify.Result, mon, freq, rec []float64) []ClassStat {
	k := len(r.Used.Classes)
	st := make([]ClassStat, k)
	recN := make([]int, k)
	recSum := make([]float64, k)
	total, revenue := 0, 0.0
	for i, c := range r.Class {
		if c == classify.NoClass {
			continue
		}
		st[c].Customers++
		st[c].Revenue += mon[i]
		st[c].AvgFrequency += freq[i]
		if !math.IsNaN(rec[i]) {
			recN[c]++
			recSum[c] += rec[i]
		}
		total++
		revenue += mon[i]
	}
	for c := range st {
		cl := r.Used.Classes[c]
		st[c].Key, st[c].Zh, st[c].En = cl.Key, cl.Zh, cl.En
		if st[c].Customers > 0 {
			st[c].AvgMonetary = st[c].Revenue / float64(st[c].Customers)
			st[c].AvgFrequency /= float64(st[c].Customers)
		}
		if total > 0 {
			st[c].Share = float64(st[c].Customers) / float64(total)
		}
		if revenue != 0 {
			st[c].RevenueShare = st[c].Revenue / revenue
		}
		if recN[c] > 0 {
			v := recSum[c] / float64(recN[c])
			st[c].AvgRecency = &v
		}
	}
	return st
}
