package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"strata/internal/classify"
	"strata/internal/ingest"
	"strata/internal/model"
	"strata/internal/store"
)

// Runs lists the classification runs (marking dead ones failed first).
func (s *Service) Runs(ctx context.Context) ([]store.Run, error) {
	if _, err := s.RecoverRuns(ctx); err != nil {
		return nil, err
	}
	return s.st.Runs(ctx)
}

// RunView is a finished run with its schemes decoded, ready to read its
// snapshot.
type RunView struct {
	Run      *store.Run
	Schemes  []*classify.Scheme
	Used     []classify.Used
	Stats    [][]ClassStat
	Versions []int
	field    map[string]int
}

// Field returns the snapshot index of a metric field.
func (v *RunView) Field(name string) (int, bool) {
	i, ok := v.field[name]
	return i, ok
}

// SchemePos returns the position of a scheme in the run.
func (v *RunView) SchemePos(name string) (int, bool) {
	for p, s := range v.Schemes {
		if s.Name == name {
			return p, true
		}
	}
	return 0, false
}

// Run loads a run (0 = the latest finished run).
func (s *Service) Run(ctx context.Context, id int64) (*RunView, error) {
	var r *store.Run
	var rs []store.RunScheme
	var err error
	if id == 0 {
		r, rs, err = s.st.LatestRun(ctx)
	} else {
		r, rs, err = s.st.GetRun(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	v := &RunView{Run: r, field: map[string]int{}}
	for i, f := range r.Fields {
		v.field[f] = i
	}
	for _, x := range rs {
		row, err := s.st.Scheme(ctx, x.SchemeID)
		if err != nil {
			return nil, err
		}
		var sc classify.Scheme
		if err := json.Unmarshal(row.Definition, &sc); err != nil {
			return nil, fmt.Errorf("run %d scheme %d: %w", r.ID, x.SchemeID, err)
		}
		var p runParams
		if err := json.Unmarshal(x.Params, &p); err != nil {
			return nil, fmt.Errorf("run %d scheme %s params: %w", r.ID, sc.Name, err)
		}
		var st []ClassStat
		json.Unmarshal(x.Stats, &st)
		v.Schemes, v.Used, v.Stats = append(v.Schemes, &sc), append(v.Used, p.Used), append(v.Stats, st)
		v.Versions = append(v.Versions, p.Version)
	}
	return v, nil
}

// chunkRow adapts one customer of a snapshot chunk to classify.Row.
type chunkRow struct {
	v *RunView
	c *store.Chunk
	i int
}

func (r chunkRow) Num(field string) float64 {
	j, ok := r.v.field[field]
	if !ok {
		return math.NaN()
	}
	return r.c.Metric(j, r.i)
}

// Assignment is one customer's class in one scheme of one run, with the
// reason.
type Assignment struct {
	RunID  int64           `json:"run_id"`
	AsOf   string          `json:"as_of"`
	Scheme string          `json:"scheme"`
	Class  string          `json:"class"`
	Zh     string          `json:"label_zh"`
	En     string          `json:"label_en"`
	Reason classify.Reason `json:"reason"`
}

// History returns a customer's classes in every finished run, oldest
// first, each with the reason re-derived from the snapshot.
func (s *Service) History(ctx context.Context, extID string, scheme string) ([]Assignment, error) {
	cust, err := s.st.CustomerRef(ctx, extID)
	if err != nil {
		return nil, err
	}
	runs, err := s.Runs(ctx)
	if err != nil {
		return nil, err
	}
	slices.Reverse(runs)
	var out []Assignment
	for _, r := range runs {
		if r.Status != store.RunDone {
			continue
		}
		v, err := s.Run(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		c, i, err := s.st.ChunkFor(ctx, r.ID, cust)
		if errors.Is(err, model.ErrNotFound) {
			continue // not yet a customer then
		}
		if err != nil {
			return nil, err
		}
		for p, sc := range v.Schemes {
			if scheme != "" && sc.Name != scheme {
				continue
			}
			out = append(out, v.assignment(p, c, i))
		}
	}
	return out, nil
}

func (v *RunView) assignment(p int, c *store.Chunk, i int) Assignment {
	sc := v.Schemes[p]
	a := Assignment{RunID: v.Run.ID, AsOf: v.Run.AsOf, Scheme: sc.Name}
	k := c.Class(p, i)
	if int(k) >= len(v.Used[p].Classes) {
		return a
	}
	cl := v.Used[p].Classes[k]
	a.Class, a.Zh, a.En = cl.Key, cl.Zh, cl.En
	a.Reason = classify.Explain(sc, v.Used[p], chunkRow{v, c, i}, cl.Key, RuleSchema())
	return a
}

// Explain returns a customer's classes in a run (0 = latest) with reasons.
func (s *Service) Explain(ctx context.Context, run int64, extID string) ([]Assignment, error) {
	cust, err := s.st.CustomerRef(ctx, extID)
	if err != nil {
		return nil, err
	}
	v, err := s.Run(ctx, run)
	if err != nil {
		return nil, err
	}
	c, i, err := s.st.ChunkFor(ctx, v.Run.ID, cust)
	if err != nil {
		return nil, fmt.Errorf("customer %q in run %d: %w", extID, v.Run.ID, err)
	}
	out := make([]Assignment, len(v.Schemes))
	for p := range v.Schemes {
		out[p] = v.assignment(p, c, i)
	}
	return out, nil
}

// MigrationResult is a migration matrix between two runs of a scheme.
type MigrationResult struct {
	Scheme   string               `json:"scheme"`
	FromRun  int64                `json:"from_run"`
	ToRun    int64                `json:"to_run"`
	FromAsOf string               `json:"from_as_of"`
	ToAsOf   string               `json:"to_as_of"`
	Labels   map[string][2]string `json:"labels"`
	Matrix   *classify.Migration  `json:"matrix"`
}

// classesOf reads every customer's class key in one scheme of a run and
// their net spend.
func (s *Service) classesOf(ctx context.Context, v *RunView, p int) (map[int64]string, map[int64]float64, error) {
	cls := map[int64]string{}
	rev := map[int64]float64{}
	mj, hasM := v.field["monetary"]
	err := s.st.EachChunk(ctx, v.Run.ID, func(c *store.Chunk) error {
		for i, id := range c.Customers {
			k := c.Class(p, i)
			if int(k) < len(v.Used[p].Classes) {
				cls[id] = v.Used[p].Classes[k].Key
			}
			if hasM {
				rev[id] = c.Metric(mj, i)
			}
		}
		return nil
	})
	return cls, rev, err
}

// Migrations builds the class-to-class matrix (counts and revenue in the
// later run) of a scheme between two runs; zero ids mean the two latest
// finished runs.
func (s *Service) Migrations(ctx context.Context, scheme string, from, to int64) (*MigrationResult, error) {
	if from == 0 || to == 0 {
		// The latest finished runs that applied the scheme.
		runs, err := s.Runs(ctx)
		if err != nil {
			return nil, err
		}
		var done []int64
		for _, r := range runs {
			if r.Status != store.RunDone || len(done) == 2 {
				continue
			}
			v, err := s.Run(ctx, r.ID)
			if err != nil {
				return nil, err
			}
			if _, ok := v.SchemePos(scheme); ok {
				done = append(done, r.ID)
			}
		}
		if len(done) < 2 {
			return nil, fmt.Errorf("migrations need two finished runs of %s, there are %d: %w", scheme, len(done), model.ErrNotFound)
		}
		if to == 0 {
			to = done[0]
		}
		if from == 0 {
			from = done[1]
		}
	}
	fv, err := s.Run(ctx, from)
	if err != nil {
		return nil, err
	}
	tv, err := s.Run(ctx, to)
	if err != nil {
		return nil, err
	}
	fp, ok1 := fv.SchemePos(scheme)
	tp, ok2 := tv.SchemePos(scheme)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("scheme %q is not in both runs: %w", scheme, model.ErrNotFound)
	}
	fc, _, err := s.classesOf(ctx, fv, fp)
	if err != nil {
		return nil, err
	}
	tc, rev, err := s.classesOf(ctx, tv, tp)
	if err != nil {
		return nil, err
	}
	order := func(u classify.Used) []string {
		out := make([]string, len(u.Classes))
		for i, c := range u.Classes {
			out[i] = c.Key
		}
		return out
	}
	res := &MigrationResult{Scheme: scheme, FromRun: from, ToRun: to, FromAsOf: fv.Run.AsOf, ToAsOf: tv.Run.AsOf,
		Labels: map[string][2]string{}, Matrix: classify.Migrate(order(fv.Used[fp]), order(tv.Used[tp]), fc, tc, rev)}
	for _, u := range []classify.Used{fv.Used[fp], tv.Used[tp]} {
		for _, c := range u.Classes {
			res.Labels[c.Key] = [2]string{c.Zh, c.En}
		}
	}
	return res, nil
}

// ExportClasses writes one row per customer of a run: customer_id, the
// RFM inputs and scores, every other metric, then one column per scheme
// holding the class label (lang selects zh-CN or en labels). segment, when
// set as scheme/class, keeps only that class's members.
func (s *Service) ExportClasses(ctx context.Context, run int64, format, lang string, segScheme, segClass string, w io.Writer) (int, error) {
	return s.ExportClassesFor(ctx, run, format, lang, segScheme, segClass, "", w)
}

// ExportClassesFor is ExportClasses for a purpose: customers who withdrew
// their consent for it (e.g. "marketing") are left out.
func (s *Service) ExportClassesFor(ctx context.Context, run int64, format, lang string, segScheme, segClass, purpose string, w io.Writer) (int, error) {
	return s.exportClasses(ctx, run, format, lang, segScheme, segClass, purpose, nil, w)
}

// exportClasses is ExportClassesFor keeping only the customers (internal
// ids) for which keep is true; a nil keep keeps everyone.
func (s *Service) exportClasses(ctx context.Context, run int64, format, lang string, segScheme, segClass, purpose string, keep func(int64) bool, w io.Writer) (int, error) {
	v, err := s.Run(ctx, run)
	if err != nil {
		return 0, err
	}
	var withdrawn map[int64]bool
	if purpose != "" {
		if withdrawn, err = s.st.Withdrawn(ctx, purpose); err != nil {
			return 0, err
		}
	}
	segPos, segIdx := -1, -1
	if segScheme != "" {
		p, ok := v.SchemePos(segScheme)
		if !ok {
			return 0, fmt.Errorf("scheme %q is not in run %d: %w", segScheme, v.Run.ID, model.ErrNotFound)
		}
		for i, c := range v.Used[p].Classes {
			if c.Key == segClass || c.Zh == segClass || c.En == segClass {
				segIdx = i
			}
		}
		if segIdx < 0 {
			return 0, fmt.Errorf("class %q is not a class of %s: %w", segClass, segScheme, model.ErrNotFound)
		}
		segPos = p
	}
	lead := []string{"recency_days", "frequency", "monetary", "r_score", "f_score", "m_score"}
	var order []int
	for _, f := range lead {
		if j, ok := v.field[f]; ok {
			order = append(order, j)
		}
	}
	for j, f := range v.Run.Fields {
		if !slices.Contains(lead, f) {
			order = append(order, j)
		}
	}
	cols := []ingest.Column{{Name: "customer_id"}}
	for _, j := range order {
		cols = append(cols, ingest.Column{Name: v.Run.Fields[j], Numeric: true})
	}
	for _, sc := range v.Schemes {
		cols = append(cols, ingest.Column{Name: sc.Name})
	}
	tw, err := ingest.NewWriter(w, format, cols)
	if err != nil {
		return 0, err
	}
	ext, err := s.st.ExtIDs(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	cells := make([]string, len(cols))
	err = s.st.EachChunk(ctx, v.Run.ID, func(c *store.Chunk) error {
		for i, id := range c.Customers {
			if segPos >= 0 && int(c.Class(segPos, i)) != segIdx || withdrawn[id] || (keep != nil && !keep(id)) {
				continue
			}
			if format == ingest.FormatXLSX && n >= ingest.MaxXLSXRows {
				return fmt.Errorf("more than %d rows do not fit in one XLSX sheet; export as csv: %w", ingest.MaxXLSXRows, model.ErrInvalid)
			}
			cells[0] = ext[id]
			for k, j := range order {
				cells[1+k] = formatMetric(c.Metric(j, i))
			}
			for p := range v.Schemes {
				cells[1+len(order)+p] = ""
				if k := c.Class(p, i); int(k) < len(v.Used[p].Classes) {
					cells[1+len(order)+p] = v.Used[p].Classes[k].Label(lang)
				}
			}
			if err := tw.Write(cells); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		tw.Close()
		return n, err
	}
	return n, tw.Close()
}

// formatMetric writes a metric for export: empty when missing, integers
// without decimals, others with up to 6 significant decimals.
func formatMetric(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
