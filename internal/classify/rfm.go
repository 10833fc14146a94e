package classify

import (
	"fmt"
	"math"
	"slices"
	"time"

	"strata/internal/model"
	"strata/internal/rules"
)

// Conventions of RFM scoring, pinned here and in the tests:
//
//   - Only customers with at least one purchase (has_purchase = 1) are
//     scored; prospects get no score (NaN) and their own class.
//   - R is measured in whole days since the last purchase (recency_days),
//     F as the number of orders (frequency) and M as net spend (monetary),
//     over the whole history up to the as-of date, or over the metric window
//     (frequency_window, monetary_window) when the scheme's Window is set.
//   - Cut points are the 20/40/60/80 % quantiles of the scored customers'
//     values with linear interpolation between order statistics (numpy's
//     default, R's type 7), unless the scheme fixes them.
//   - F and M score = 1 + the number of cut points strictly below the
//     value; R score = 5 − the number of cut points strictly below the days,
//     so the most recent customers score 5. A value equal to a cut point
//     therefore takes the lower score (ties go down for F and M, up for R).

// Quantile7 returns the p-quantile of sorted (ascending, no NaN) with
// linear interpolation (type 7): h = (n−1)p, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1]−x[⌊h⌋]).
func Quantile7(sorted []float64, p float64) float64 {
	lo, frac, ok := rank7(len(sorted), p)
	switch {
	case !ok:
		return math.NaN()
	case lo == len(sorted)-1:
		return sorted[lo]
	}
	return interpolate7(sorted[lo], sorted[lo+1], frac)
}

// rank7 is where Quantile7 reads n values: at lo (the last one when
// lo = n−1) and, interpolating by frac, lo+1; ok is false for n = 0.
func rank7(n int, p float64) (lo int, frac float64, ok bool) {
	if n == 0 {
		return 0, 0, false
	}
	h := float64(n-1) * p
	lo = int(math.Floor(h))
	if lo >= n-1 {
		return n - 1, 0, true
	}
	return lo, h - float64(lo), true
}

// interpolate7 is Quantile7's interpolation between neighbours a ≤ b.
func interpolate7(a, b, frac float64) float64 { return a + frac*(b-a) }

// QuintileCuts returns the 20/40/60/80 % type-7 quantiles of the values at
// the rows where mask is set (all rows when mask is nil), ignoring NaN.
func QuintileCuts(values []float64, mask []float64) [4]float64 {
	var v []float64
	for i, x := range values {
		if (mask == nil || mask[i] == 1) && !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	slices.Sort(v)
	return [4]float64{Quantile7(v, 0.2), Quantile7(v, 0.4), Quantile7(v, 0.6), Quantile7(v, 0.8)}
}

// ScoreUp is the F/M score: 1 + the number of cuts strictly below v.
//
// It is written without branches (b2i compiles to a flag set): where a
// value falls among the cuts is close to random from one customer to the
// next, and the scoring loops would pay a misprediction for most.
func ScoreUp(v float64, cuts [4]float64) int {
	return 1 + b2i(cuts[0] < v) + b2i(cuts[1] < v) + b2i(cuts[2] < v) + b2i(cuts[3] < v)
}

// ScoreR is the R score on days since the last purchase: 5 − the number
// of cuts strictly below days (recent = high).
func ScoreR(days float64, cuts [4]float64) int {
	return 5 - b2i(cuts[0] < days) - b2i(cuts[1] < days) - b2i(cuts[2] < days) - b2i(cuts[3] < days)
}

// rfmInputs are the columns an RFM scheme reads.
type rfmInputs struct {
	has, r, f, m []float64
	fName, mName string
}

func readRFM(s *Scheme, f Features) (*rfmInputs, error) {
	in := &rfmInputs{fName: "frequency", mName: "monetary"}
	if s.Params.Window {
		in.fName, in.mName = "frequency_window", "monetary_window"
	}
	var err error
	if in.has, err = col(f, "has_purchase"); err != nil {
		return nil, err
	}
	if in.r, err = col(f, "recency_days"); err != nil {
		return nil, err
	}
	if in.f, err = col(f, in.fName); err != nil {
		return nil, err
	}
	if in.m, err = col(f, in.mName); err != nil {
		return nil, err
	}
	return in, nil
}

// rfmCuts returns the cut points: fixed by the scheme or population
// quintiles of the scored customers.
func rfmCuts(s *Scheme, in *rfmInputs, fs Features, cache *sortedCache) (r, f, m [4]float64, err error) {
	if c := s.Params.Cuts; c != nil {
		copy(r[:], c.R)
		copy(f[:], c.F)
		copy(m[:], c.M)
		return
	}
	asc, err := cache.buyersAll(fs, "recency_days", in.fName, in.mName)
	if err != nil {
		return
	}
	q := func(v []float64) [4]float64 {
		return [4]float64{Quantile7(v, 0.2), Quantile7(v, 0.4), Quantile7(v, 0.6), Quantile7(v, 0.8)}
	}
	return q(asc[0]), q(asc[1]), q(asc[2]), nil
}

func putCuts(u map[string]float64, name string, c [4]float64) {
	for i, v := range c {
		u[fmt.Sprintf("%s_cut%d", name, i+1)] = v
	}
}

func getCuts(u map[string]float64, name string) (c [4]float64) {
	for i := range c {
		c[i] = u[fmt.Sprintf("%s_cut%d", name, i+1)]
	}
	return c
}

func validCuts(name string, v []float64) error {
	if len(v) != 4 || !slices.IsSorted(v) {
		return &model.ValidationError{Field: "params.cuts." + name, Reason: "needs four ascending cut points"}
	}
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return &model.ValidationError{Field: "params.cuts." + name, Reason: "cut points must be finite"}
		}
	}
	return nil
}

func validateRFMParams(s *Scheme) error {
	if c := s.Params.Cuts; c != nil {
		for name, v := range map[string][]float64{"r": c.R, "f": c.F, "m": c.M} {
			if err := validCuts(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// scoreAll computes the three score columns (NaN for prospects) and, with
// a cell table, each customer's class: cell[R][F][M], pros for prospects.
// Buyers and prospects are mixed at random, so the loop selects instead
// of branching on which a customer is.
func scoreAll(in *rfmInputs, rc, fc, mc [4]float64, cell *[6][6][6]uint16, pros uint16) (rs, fs, ms []float64, out []uint16) {
	n := len(in.has)
	rs, fs, ms = make([]float64, n), make([]float64, n), make([]float64, n)
	if cell != nil {
		out = make([]uint16, n)
	}
	nan := math.Float64bits(math.NaN())
	has, rv, fv, mv := in.has, in.r[:n], in.f[:n], in.m[:n]
	for i := range n {
		buy := has[i] == 1
		r, f, m := ScoreR(rv[i], rc), ScoreUp(fv[i], fc), ScoreUp(mv[i], mc)
		rs[i] = math.Float64frombits(choose(buy, math.Float64bits(float64(r)), nan))
		fs[i] = math.Float64frombits(choose(buy, math.Float64bits(float64(f)), nan))
		ms[i] = math.Float64frombits(choose(buy, math.Float64bits(float64(m)), nan))
		if out != nil {
			out[i] = choose(buy, cell[r][f][m], pros)
		}
	}
	return
}

// choose is v when c holds, else w: a conditional move, where the loops
// over customers would otherwise branch on conditions that are close to
// random from one customer to the next.
func choose[T uint16 | int | uint64](c bool, v, w T) T {
	if c {
		w = v
	}
	return w
}

// Prospect is the class key of customers without a purchase in every
// behaviour-based built-in scheme.
const Prospect = "prospect"

// ---- rfm_score: the RFM cell ----

type rfmScore struct{}

func init() { methods[MethodRFMScore] = rfmScore{} }

// CellKey is the class key of an RFM cell, e.g. "553".
func CellKey(r, f, m int) string { return fmt.Sprintf("%d%d%d", r, f, m) }

func (rfmScore) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	if err := validateRFMParams(s); err != nil {
		return err
	}
	want := []string{Prospect}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				want = append(want, CellKey(r, f, m))
			}
		}
	}
	return needKeys(keys, want...)
}

func (rfmScore) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	in, err := readRFM(s, f)
	if err != nil {
		return nil, err
	}
	rc, fc, mc, err := rfmCuts(s, in, f, cache)
	if err != nil {
		return nil, err
	}
	idx := indexOf(s.Classes)
	// Cell index lookup without formatting per customer.
	var cell [6][6][6]uint16
	for r := 1; r <= 5; r++ {
		for fq := 1; fq <= 5; fq++ {
			for m := 1; m <= 5; m++ {
				cell[r][fq][m] = idx[CellKey(r, fq, m)]
			}
		}
	}
	rs, fs, ms, out := scoreAll(in, rc, fc, mc, &cell, idx[Prospect])
	u := map[string]float64{}
	putCuts(u, "r", rc)
	putCuts(u, "f", fc)
	putCuts(u, "m", mc)
	return &Result{Used: Used{Values: u, Classes: s.Classes}, Class: out,
		Extra: map[string][]float64{"r_score": rs, "f_score": fs, "m_score": ms}}, nil
}

func (rfmScore) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	return explainScores(s, u, r)
}

// explainScores renders the three scores with their cuts.
func explainScores(s *Scheme, u Used, row Row) Reason {
	fName, mName := "frequency", "monetary"
	if s.Params.Window {
		fName, mName = "frequency_window", "monetary_window"
	}
	if row.Num("has_purchase") != 1 {
		return Reason{Zh: "无购买记录，不评分", En: "no purchase, not scored"}
	}
	rc, fc, mc := getCuts(u.Values, "r"), getCuts(u.Values, "f"), getCuts(u.Values, "m")
	rv, fv, mv := row.Num("recency_days"), row.Num(fName), row.Num(mName)
	rs, fs, ms := ScoreR(rv, rc), ScoreUp(fv, fc), ScoreUp(mv, mc)
	cuts := func(c [4]float64, f func(float64) string) string {
		return f(c[0]) + "/" + f(c[1]) + "/" + f(c[2]) + "/" + f(c[3])
	}
	return Reason{
		Inputs: inputs("recency_days", rv, fName, fv, mName, mv, "r_score", float64(rs), "f_score", float64(fs), "m_score", float64(ms)),
		Zh: sprintf("R=%d（距上次购买 %s 天；分界 %s 天）F=%d（%s 单；分界 %s）M=%d（%s；分界 %s）",
			rs, num(rv), cuts(rc, num), fs, num(fv), cuts(fc, num), ms, money(mv), cuts(mc, money)),
		En: sprintf("R=%d (%s d since last purchase; cuts %s d) F=%d (%s orders; cuts %s) M=%d (%s; cuts %s)",
			rs, num(rv), cuts(rc, num), fs, num(fv), cuts(fc, num), ms, money(mv), cuts(mc, money)),
	}
}

// ---- rfm_segments: named segments on the R×F grid ----

// segmentGrid maps (R score, F score) to a segment key. It is the widely
// used R×F grid (rows R 5→1, columns F 1→5):
//
//	R5: new, potential_loyalist, potential_loyalist, champions, champions
//	R4: promising, potential_loyalist, potential_loyalist, loyal, loyal
//	R3: about_to_sleep, about_to_sleep, need_attention, loyal, loyal
//	R2: hibernating, hibernating, at_risk, at_risk, cant_lose
//	R1: hibernating, hibernating, at_risk, at_risk, cant_lose
var segmentGrid = [6][6]string{
	5: {1: "new", 2: "potential_loyalist", 3: "potential_loyalist", 4: "champions", 5: "champions"},
	4: {1: "promising", 2: "potential_loyalist", 3: "potential_loyalist", 4: "loyal", 5: "loyal"},
	3: {1: "about_to_sleep", 2: "about_to_sleep", 3: "need_attention", 4: "loyal", 5: "loyal"},
	2: {1: "hibernating", 2: "hibernating", 3: "at_risk", 4: "at_risk", 5: "cant_lose"},
	1: {1: "hibernating", 2: "hibernating", 3: "at_risk", 4: "at_risk", 5: "cant_lose"},
}

// SegmentOf returns the named segment of an (R, F) score pair.
func SegmentOf(r, f int) string { return segmentGrid[r][f] }

type rfmSegments struct{}

func init() { methods[MethodRFMSegments] = rfmSegments{} }

func (rfmSegments) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	if err := validateRFMParams(s); err != nil {
		return err
	}
	return needKeys(keys, Prospect, "champions", "loyal", "potential_loyalist", "new", "promising",
		"need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating")
}

func (rfmSegments) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	in, err := readRFM(s, f)
	if err != nil {
		return nil, err
	}
	rc, fc, mc, err := rfmCuts(s, in, f, cache)
	if err != nil {
		return nil, err
	}
	idx := indexOf(s.Classes)
	var grid [6][6]uint16
	for r := 1; r <= 5; r++ {
		for fq := 1; fq <= 5; fq++ {
			grid[r][fq] = idx[segmentGrid[r][fq]]
		}
	}
	// The R and F scores of scoreAll, straight into the grid: the scores
	// themselves are not kept (rfm_score keeps them).
	n := len(in.has)
	out := make([]uint16, n)
	pros := idx[Prospect]
	has, rv, fv := in.has, in.r[:n], in.f[:n]
	for i := range out { // a prospect's NaN recency scores R=5: any cell, then pros
		out[i] = choose(has[i] == 1, grid[ScoreR(rv[i], rc)][ScoreUp(fv[i], fc)], pros)
	}
	u := map[string]float64{}
	putCuts(u, "r", rc)
	putCuts(u, "f", fc)
	putCuts(u, "m", mc)
	return &Result{Used: Used{Values: u, Classes: s.Classes}, Class: out}, nil
}

func (rfmSegments) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	rs := explainScores(s, u, r)
	if r.Num("has_purchase") == 1 {
		rs.Zh += "；R×F 网格"
		rs.En += "; R×F grid"
	}
	return rs
}

// ---- rfm8: the Chinese 8-class RFM model ----

// The eight classes: M high ⇒ 重要 (important), low ⇒ 一般 (general); R
// recent + F high ⇒ 价值 (value), recent + F low ⇒ 发展 (develop), long ago
// + F high ⇒ 保持 (retain), long ago + F low ⇒ 挽留 (win back).
const (
	ImportantValue   = "important_value"
	ImportantDevelop = "important_develop"
	ImportantRetain  = "important_retain"
	ImportantWinBack = "important_win_back"
	GeneralValue     = "general_value"
	GeneralDevelop   = "general_develop"
	GeneralRetain    = "general_retain"
	GeneralWinBack   = "general_win_back"
)

// RFM8Class is the class of a customer whose R is recent or not, F high or
// not and M high or not.
func RFM8Class(recent, highF, highM bool) string {
	switch {
	case highM && recent && highF:
		return ImportantValue
	case highM && recent:
		return ImportantDevelop
	case highM && highF:
		return ImportantRetain
	case highM:
		return ImportantWinBack
	case recent && highF:
		return GeneralValue
	case recent:
		return GeneralDevelop
	case highF:
		return GeneralRetain
	}
	return GeneralWinBack
}

type rfm8 struct{}

func init() { methods[MethodRFM8] = rfm8{} }

func (rfm8) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	if err := validateRFMParams(s); err != nil {
		return err
	}
	switch s.Params.Mode {
	case "", "mean", "score":
	case "fixed":
		if s.Params.RecentDays <= 0 || s.Params.HighFrequency <= 0 || s.Params.HighMonetary <= 0 {
			return &model.ValidationError{Field: "params", Reason: "fixed mode needs recent_days, high_frequency and high_monetary"}
		}
	default:
		return &model.ValidationError{Field: "params.mode", Value: s.Params.Mode, Reason: "must be mean, score or fixed"}
	}
	return needKeys(keys, Prospect, ImportantValue, ImportantDevelop, ImportantRetain, ImportantWinBack,
		GeneralValue, GeneralDevelop, GeneralRetain, GeneralWinBack)
}

// Tie rule of rfm8: a value equal to its threshold counts as high (for R:
// recency_days ≤ threshold counts as recent).
func (rfm8) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	in, err := readRFM(s, f)
	if err != nil {
		return nil, err
	}
	n := len(in.has)
	u := map[string]float64{}
	rv, fv, mv := in.r, in.f, in.m
	var extra map[string][]float64
	switch s.Params.Mode {
	case "", "mean":
		// Prospects add +0 instead of a branch (buyers and prospects are
		// mixed at random). A sum from +0 is never -0, so adding +0 leaves
		// it bit for bit as skipping would.
		var sr, sf, sm, cnt float64
		has, r, fq, m := in.has[:n], in.r[:n], in.f[:n], in.m[:n]
		for i := range n {
			buy := has[i] == 1
			sr += math.Float64frombits(choose(buy, math.Float64bits(r[i]), 0))
			sf += math.Float64frombits(choose(buy, math.Float64bits(fq[i]), 0))
			sm += math.Float64frombits(choose(buy, math.Float64bits(m[i]), 0))
			cnt += float64(b2i(buy))
		}
		u["recent_max"], u["frequency_min"], u["monetary_min"] = sr/cnt, sf/cnt, sm/cnt
	case "score":
		rc, fc, mc, err := rfmCuts(s, in, f, cache)
		if err != nil {
			return nil, err
		}
		rs, fs, ms, _ := scoreAll(in, rc, fc, mc, nil, 0)
		putCuts(u, "r", rc)
		putCuts(u, "f", fc)
		putCuts(u, "m", mc)
		th := or(s.Params.ScoreThreshold, 3)
		u["score_threshold"] = th
		// On scores, high means score ≥ threshold for all three (R score is
		// already reversed); expressed as thresholds on the score columns.
		rv, fv, mv = negate(rs), fs, ms
		u["recent_max"], u["frequency_min"], u["monetary_min"] = -th, th, th
		extra = map[string][]float64{"r_score": rs, "f_score": fs, "m_score": ms}
	case "fixed":
		u["recent_max"], u["frequency_min"], u["monetary_min"] = s.Params.RecentDays, s.Params.HighFrequency, s.Params.HighMonetary
	}
	idx := indexOf(s.Classes)
	var cls [8]uint16 // by recent<<2 | highF<<1 | highM
	for k := range cls {
		cls[k] = idx[RFM8Class(k&4 != 0, k&2 != 0, k&1 != 0)]
	}
	pros := idx[Prospect]
	rt, ft, mt := u["recent_max"], u["frequency_min"], u["monetary_min"]
	out := make([]uint16, n)
	has := in.has[:n]
	rv, fv, mv = rv[:n], fv[:n], mv[:n]
	for i := range n {
		out[i] = choose(has[i] == 1, cls[b2i(rv[i] <= rt)<<2|b2i(fv[i] >= ft)<<1|b2i(mv[i] >= mt)], pros)
	}
	return &Result{Used: Used{Values: u, Classes: s.Classes}, Class: out, Extra: extra}, nil
}

func negate(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = -x
	}
	return out
}

func (rfm8) explain(s *Scheme, u Used, row Row, class string, schema rules.Schema) Reason {
	if row.Num("has_purchase") != 1 {
		return Reason{Zh: "无购买记录", En: "no purchase yet"}
	}
	in := Reason{}
	if s.Params.Mode == "score" {
		rc, fc, mc := getCuts(u.Values, "r"), getCuts(u.Values, "f"), getCuts(u.Values, "m")
		fName, mName := "frequency", "monetary"
		if s.Params.Window {
			fName, mName = "frequency_window", "monetary_window"
		}
		rs, fs, ms := ScoreR(row.Num("recency_days"), rc), ScoreUp(row.Num(fName), fc), ScoreUp(row.Num(mName), mc)
		th := u.Values["score_threshold"]
		in.Inputs = inputs("r_score", float64(rs), "f_score", float64(fs), "m_score", float64(ms), "score_threshold", th)
		in.Zh = sprintf("R=%d F=%d M=%d（得分 ≥ %s 为高）", rs, fs, ms, num(th))
		in.En = sprintf("R=%d F=%d M=%d (score ≥ %s is high)", rs, fs, ms, num(th))
		return in
	}
	fName, mName := "frequency", "monetary"
	if s.Params.Window {
		fName, mName = "frequency_window", "monetary_window"
	}
	rv, fv, mv := row.Num("recency_days"), row.Num(fName), row.Num(mName)
	rt, ft, mt := u.Values["recent_max"], u.Values["frequency_min"], u.Values["monetary_min"]
	basis := "均值"
	basisEn := "mean"
	if s.Params.Mode == "fixed" {
		basis, basisEn = "设定值", "set"
	}
	rel := func(high bool, hz, lz, he, le string) (string, string) {
		if high {
			return hz, he
		}
		return lz, le
	}
	rz, re := rel(rv <= rt, "近", "远", "recent", "long ago")
	fz, fe := rel(fv >= ft, "高", "低", "high", "low")
	mz, me := rel(mv >= mt, "高", "低", "high", "low")
	in.Inputs = inputs("recency_days", rv, fName, fv, mName, mv, "recent_max", rt, "frequency_min", ft, "monetary_min", mt)
	in.Zh = sprintf("R%s（%s 天，%s %s 天）F%s（%s 单，%s %s）M%s（%s，%s %s）",
		rz, num(rv), basis, num(rt), fz, num(fv), basis, num(ft), mz, money(mv), basis, money(mt))
	in.En = sprintf("R %s (%s d vs %s %s d) F %s (%s orders vs %s %s) M %s (%s vs %s %s)",
		re, num(rv), basisEn, num(rt), fe, num(fv), basisEn, num(ft), me, money(mv), basisEn, money(mt))
	return in
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
