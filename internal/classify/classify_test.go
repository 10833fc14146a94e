package classify_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"strata/internal/classify"
	"strata/internal/core"
	"strata/internal/metrics"
	"strata/internal/model"
	"strata/internal/rules"
)

var nan = math.NaN()

// schema is the rule allow-list as a run uses it.
func schema() rules.Schema { return core.RuleSchema() }

// mem is a hand-made feature table.
type mem struct {
	ids  []string
	num  map[string][]float64
	str  map[string][]string
	tags [][]string
}

func (m *mem) Len() int         { return len(m.ids) }
func (m *mem) IDs() []string    { return m.ids }
func (m *mem) Tags() [][]string { return m.tags }
func (m *mem) Num(f string) ([]float64, bool) {
	if v, ok := m.num[f]; ok {
		return v, true
	}
	if fl, ok := metrics.FieldByName(f); ok && fl.Kind != metrics.KindString && fl.Kind != metrics.KindTags {
		out := make([]float64, len(m.ids))
		for i := range out {
			out[i] = nan
		}
		return out, true
	}
	return nil, false
}
func (m *mem) Str(f string) ([]string, bool) {
	if v, ok := m.str[f]; ok {
		return v, true
	}
	if fl, ok := metrics.FieldByName(f); ok && fl.Kind == metrics.KindString {
		return make([]string, len(m.ids)), true
	}
	return nil, false
}

func builtin(t *testing.T, name string) *classify.Scheme {
	for _, s := range classify.Builtin() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no built-in scheme %s", name)
	return nil
}

func TestQuantile7MatchesNumpy(t *testing.T) {
	// numpy.quantile(range(1, 11), [.2, .4, .6, .8]) == [2.8, 4.6, 6.4, 8.2]
	got := classify.QuintileCuts([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, nan}, nil)
	want := [4]float64{2.8, 4.6, 6.4, 8.2}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("cuts %v, want %v", got, want)
		}
	}
	if q := classify.Quantile7([]float64{5}, 0.8); q != 5 {
		t.Fatalf("single value: %v", q)
	}
}

func TestScoreConventions(t *testing.T) {
	cuts := [4]float64{10, 20, 30, 40}
	cases := []struct {
		v     float64
		up, r int
	}{
		{5, 1, 5}, {10, 1, 5}, // a value equal to a cut takes the lower F/M score and the higher R score
		{10.5, 2, 4}, {20, 2, 4}, {35, 4, 2}, {40, 4, 2}, {41, 5, 1},
	}
	for _, c := range cases {
		if got := classify.ScoreUp(c.v, cuts); got != c.up {
			t.Errorf("ScoreUp(%v) = %d, want %d", c.v, got, c.up)
		}
		if got := classify.ScoreR(c.v, cuts); got != c.r {
			t.Errorf("ScoreR(%v days) = %d, want %d", c.v, got, c.r)
		}
	}
}

// fixture: ten buyers with distinct recency/frequency/monetary plus a
// prospect; C10 bought long ago, often and big.
func fixture() *mem {
	m := &mem{ids: []string{"C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "P"}}
	m.num = map[string][]float64{
		"has_purchase": {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
		"recency_days": {1, 5, 10, 20, 40, 60, 90, 120, 200, 400, nan},
		"frequency":    {2, 1, 3, 4, 5, 6, 7, 8, 9, 30, 0},
		"monetary":     {100, 200, 300, 400, 500, 600, 700, 800, 900, 50000, 0},
	}
	m.tags = make([][]string, len(m.ids))
	return m
}

func TestRFMDirectionAndProspects(t *testing.T) {
	f := fixture()
	res, err := classify.Apply(builtin(t, "rfm_score"), f, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	r := res.Extra["r_score"]
	if r[0] != 5 || r[9] != 1 {
		t.Fatalf("R scores %v: the most recent customer must score 5, the longest ago 1", r)
	}
	if !math.IsNaN(r[10]) {
		t.Fatalf("a prospect is not scored: %v", r[10])
	}
	if c, _ := res.ClassOf(10); c.Key != classify.Prospect {
		t.Fatalf("prospect class %v", c)
	}
	if c, _ := res.ClassOf(9); c.Key != "155" {
		t.Fatalf("C10 cell %v", c)
	}
	// The same direction in the 8-class model: C01 (1 day ago) is recent.
	r8, _ := classify.Apply(builtin(t, "rfm8"), f, time.Time{}, schema())
	if c, _ := r8.ClassOf(9); c.Key != classify.ImportantRetain || c.Zh != "重要保持客户" {
		t.Fatalf("a long-ago, frequent, big spender must be 重要保持客户, got %+v", c)
	}
	if c, _ := r8.ClassOf(0); !strings.HasPrefix(c.Key, "general_") || c.Key == classify.GeneralWinBack || c.Key == classify.GeneralRetain {
		t.Fatalf("C01 is recent: %+v", c)
	}
	if c, _ := r8.ClassOf(10); c.Key != classify.Prospect {
		t.Fatalf("prospect: %+v", c)
	}
}

func TestRFM8TieRule(t *testing.T) {
	// Means: recency 10, frequency 2, monetary 100. Customer 1 sits exactly
	// on every mean: ties count as high (recent, frequent, big).
	m := &mem{ids: []string{"A", "B", "C"}, num: map[string][]float64{
		"has_purchase": {1, 1, 1}, "recency_days": {5, 10, 15}, "frequency": {1, 2, 3}, "monetary": {50, 100, 150}}}
	res, err := classify.Apply(builtin(t, "rfm8"), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{classify.GeneralDevelop, classify.ImportantValue, classify.ImportantRetain}
	for i, w := range want {
		if c, _ := res.ClassOf(i); c.Key != w {
			t.Errorf("customer %s: %s, want %s", m.ids[i], c.Key, w)
		}
	}
	rs := classify.Explain(res.Scheme, res.Used, classify.FeatureRow{F: m, I: 1}, classify.ImportantValue, schema())
	if !strings.Contains(rs.Zh, "重要价值客户") || !strings.Contains(rs.En, "vs mean 10 d") {
		t.Errorf("reason %+v", rs)
	}
}

func TestValueTierSharesAndTies(t *testing.T) {
	// Total 1000. Sorted: 400, 300, 100, 100, 100; cumulative before each:
	// 0, 400, 700, 800, 900. High: before < 500 → 400, 300; medium: before
	// < 800 → the first 100, and its equal-valued peers join it.
	m := &mem{ids: []string{"a", "b", "c", "d", "e", "p"}, num: map[string][]float64{
		"has_purchase": {1, 1, 1, 1, 1, 0}, "monetary": {100, 400, 100, 300, 100, 0}}}
	res, err := classify.Apply(builtin(t, "value_tier"), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"medium", "high", "medium", "high", "medium", classify.Prospect}
	for i, w := range want {
		if c, _ := res.ClassOf(i); c.Key != w {
			t.Errorf("%s: %s, want %s", m.ids[i], c.Key, w)
		}
	}
	if res.Used.Values["high_min"] != 300 || res.Used.Values["medium_min"] != 100 {
		t.Errorf("thresholds %v", res.Used.Values)
	}
}

func TestLifecycleAndLoyalty(t *testing.T) {
	// Rows: prospect; new (first purchase 30 d ago); active (rhythm 30,
	// 40 d since); at risk (rhythm 30, 70 d); churned (rhythm 30, 200 d);
	// won back (bought 10 d ago after a 300 d gap, rhythm 60).
	m := &mem{ids: []string{"p", "n", "a", "r", "c", "w"}, num: map[string][]float64{
		"has_purchase":         {0, 1, 1, 1, 1, 1},
		"recency_days":         {nan, 30, 40, 70, 200, 10},
		"repeat_T_days":        {nan, 30, 400, 400, 400, 700},
		"interpurchase_days":   {nan, nan, 30, 30, 30, 60},
		"gap_before_last_days": {nan, nan, 30, 30, 30, 300},
		"purchase_days":        {0, 1, 10, 10, 10, 5},
		"tenure_days":          {nan, 30, 400, 400, 400, 700},
		"nps_latest":           {nan, nan, 10, nan, 3, 9},
	}}
	res, err := classify.Apply(builtin(t, "lifecycle"), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{classify.Prospect, classify.LifeNew, classify.LifeActive, classify.LifeAtRisk, classify.LifeChurned, classify.LifeWonBack}
	for i, w := range want {
		if c, _ := res.ClassOf(i); c.Key != w {
			t.Errorf("%s: %s, want %s", m.ids[i], c.Key, w)
		}
	}
	lo, err := classify.Apply(builtin(t, "loyalty"), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	// a: repeat+4 days (2) + tenure (1) + recent (1) + promoter (2) = 6 → loyal
	// c: 2 + 1 + 0 (200 d) − 1 (detractor) = 2 → ordinary
	for i, w := range map[int]string{0: classify.Prospect, 2: classify.Loyal, 4: classify.Ordinary} {
		if c, _ := lo.ClassOf(i); c.Key != w {
			t.Errorf("loyalty of %s: %s, want %s", m.ids[i], c.Key, w)
		}
	}
}

func TestNeedsStatedBeatsInferred(t *testing.T) {
	m := &mem{ids: []string{"s", "svc", "price", "quality", "none"},
		num: map[string][]float64{
			"complaints":     {5, 3, 0, 0, 0},
			"ticket_rate":    {0, 0, 0, 0, 0},
			"discount_share": {0.5, 0, 0.3, 0, 0},
			"premium_share":  {0, 0, 0, 0.6, 0},
		},
		str: map[string][]string{"preference_stated": {"quality", "", "", "", ""}}}
	res, err := classify.Apply(builtin(t, "needs"), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{model.PrefQuality, model.PrefService, model.PrefPrice, model.PrefQuality, model.PrefFunction}
	for i, w := range want {
		if c, _ := res.ClassOf(i); c.Key != w {
			t.Errorf("%s: %s, want %s", m.ids[i], c.Key, w)
		}
	}
	row := classify.FeatureRow{F: m, Extra: res.Extra, I: 0}
	if r := classify.Explain(res.Scheme, res.Used, row, model.PrefQuality, schema()); !strings.Contains(r.En, "stated") {
		t.Errorf("reason for a stated preference: %+v", r)
	}
	row.I = 2
	if r := classify.Explain(res.Scheme, res.Used, row, model.PrefPrice, schema()); !strings.Contains(r.En, "discount share") {
		t.Errorf("reason for an inferred preference: %+v", r)
	}
}

func TestRuleSchemeFirstMatchAndFallback(t *testing.T) {
	s := &classify.Scheme{Name: "vip", Method: classify.MethodRules, Fallback: "rest", Classes: []classify.Class{
		{Key: "big", Rule: `monetary >= 1000`},
		{Key: "tagged", Rule: `tags has "VIP"`},
		{Key: "rest"},
	}}
	if err := s.Validate(schema()); err != nil {
		t.Fatal(err)
	}
	m := &mem{ids: []string{"a", "b", "c"}, num: map[string][]float64{"monetary": {5000, 10, nan}},
		tags: [][]string{{"VIP"}, {"VIP"}, nil}}
	res, err := classify.Apply(s, m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range []string{"big", "tagged", "rest"} {
		if c, _ := res.ClassOf(i); c.Key != w {
			t.Errorf("%s: %s, want %s", m.ids[i], c.Key, w)
		}
	}
	r := classify.Explain(s, res.Used, classify.FeatureRow{F: m, I: 0}, "big", schema())
	if !strings.Contains(r.En, "monetary=5000") {
		t.Errorf("rule reason %+v", r)
	}
}

func TestSchemeValidationNamesThePath(t *testing.T) {
	cases := map[string]string{
		"name: x\nmethod: rules\nfallback: b\nclasses:\n  - key: a\n    rule: monetry > 1\n  - key: b\n":         `classes[0].rule`,
		"name: x\nmethod: rules\nfallback: zz\nclasses:\n  - key: a\n    rule: monetary > 1\n":                   "fallback",
		"name: x\nmethod: magic\nclasses: []\n":                                                                  "method",
		"name: x\nmethod: value_tier\nclasses:\n  - key: high\n":                                                 "classes",
		"name: x\nmethod: group_by\nparams:\n  field: monetary\nclasses: []\n":                                   "params.field",
		"name: x\nmethod: rules\nbogus: 1\n":                                                                     "scheme",
		"name: x\nmethod: rfm_score\nparams:\n  cuts: {r: [3,2,1,0], f: [1,2,3,4], m: [1,2,3,4]}\nclasses: []\n": "params.cuts.r",
	}
	for src, field := range cases {
		_, err := classify.ParseScheme([]byte(src), schema())
		var ve *model.ValidationError
		if err == nil || !asValidation(err, &ve) || !strings.HasPrefix(ve.Field, field) {
			t.Errorf("%q: error %v, want one on %s", src, err, field)
		}
	}
}

func asValidation(err error, ve **model.ValidationError) bool {
	v, ok := err.(*model.ValidationError)
	*ve = v
	return ok
}

func TestBuiltinsRoundTripAsYAMLAndJSON(t *testing.T) {
	for _, s := range classify.Builtin() {
		if err := s.Validate(schema()); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		for name, data := range map[string][]byte{"yaml": s.YAML(), "json": s.JSON()} {
			back, err := classify.ParseScheme(data, schema())
			if err != nil {
				t.Fatalf("%s %s: %v", s.Name, name, err)
			}
			if string(back.JSON()) != string(s.JSON()) {
				t.Errorf("%s: %s round trip changed the scheme", s.Name, name)
			}
		}
	}
}

func TestMigrationMatrix(t *testing.T) {
	from := map[int64]string{1: "high", 2: "low", 3: "low"}
	to := map[int64]string{1: "low", 2: "low", 4: "high"}
	rev := map[int64]float64{1: 10, 2: 20, 4: 40}
	m := classify.Migrate([]string{"high", "low"}, []string{"high", "low"}, from, to, rev)
	get := func(a, b string) (int, float64) {
		for i, x := range m.From {
			for j, y := range m.To {
				if x == a && y == b {
					return m.Counts[i][j], m.Revenue[i][j]
				}
			}
		}
		return -1, 0
	}
	for _, c := range []struct {
		a, b string
		n    int
		rev  float64
	}{{"high", "low", 1, 10}, {"low", "low", 1, 20}, {"low", classify.GoneColumn, 1, 0}, {classify.NewRow, "high", 1, 40}, {"high", "high", 0, 0}} {
		if n, r := get(c.a, c.b); n != c.n || r != c.rev {
			t.Errorf("%s -> %s: %d customers, %v revenue; want %d, %v", c.a, c.b, n, r, c.n, c.rev)
		}
	}
}
