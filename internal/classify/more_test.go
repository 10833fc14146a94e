package classify_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"strata/internal/classify"
)

func classesOf(t *testing.T, name string, m *mem) []string {
	t.Helper()
	res, err := classify.Apply(builtin(t, name), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, m.Len())
	for i := range out {
		c, _ := res.ClassOf(i)
		out[i] = c.Key
	}
	return out
}

func check(t *testing.T, name string, got, want []string) {
	t.Helper()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: customer %d is %s, want %s (all: %v)", name, i, got[i], want[i], got)
		}
	}
}

func TestFrequencyTierQuantilesAndTies(t *testing.T) {
	// Buyers' frequencies 1..10: q80 = 8.2, q40 = 4.6 (type 7). 9 and 10
	// are high, 5..8 medium, 1..4 low; the prospect is a prospect.
	m := &mem{ids: make([]string, 11), num: map[string][]float64{
		"has_purchase": {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
		"frequency":    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0},
	}}
	check(t, "frequency_tier", classesOf(t, "frequency_tier", m),
		[]string{"low", "low", "low", "low", "medium", "medium", "medium", "medium", "high", "high", classify.Prospect})
}

func TestRFMSegmentsGrid(t *testing.T) {
	// Fixed cut points put each customer in a known cell: R cuts on days
	// 10/20/30/40, F cuts 1/2/3/4.
	s := builtin(t, "rfm_segments")
	fixed := *s
	fixed.Params.Cuts = &classify.RFMCuts{R: []float64{10, 20, 30, 40}, F: []float64{1, 2, 3, 4}, M: []float64{1, 2, 3, 4}}
	m := &mem{ids: make([]string, 6), num: map[string][]float64{
		"has_purchase": {1, 1, 1, 1, 1, 0},
		"recency_days": {5, 5, 25, 50, 50, nan},
		"frequency":    {9, 1, 3, 9, 1, 0},
		"monetary":     {1, 1, 1, 1, 1, 0},
	}}
	res, err := classify.Apply(&fixed, m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	// R5F5 champions, R5F1 new, R3F3 need attention, R1F5 can't lose, R1F1 hibernating.
	want := []string{"champions", "new", "need_attention", "cant_lose", "hibernating", classify.Prospect}
	for i, w := range want {
		if c, _ := res.ClassOf(i); c.Key != w {
			t.Errorf("customer %d: %s, want %s", i, c.Key, w)
		}
	}
}

func TestKeyAccountRankAndTags(t *testing.T) {
	// 100 buyers with spend 1..100: the top 1 % (spend 100) is key, the top
	// 5 % (96..100) important; a small buyer tagged 企业客户 is key, one
	// tagged VIP important; a prospect is general.
	m := &mem{num: map[string][]float64{"has_purchase": {}, "monetary": {}}}
	for i := 1; i <= 100; i++ {
		m.ids = append(m.ids, "c")
		m.num["has_purchase"] = append(m.num["has_purchase"], 1)
		m.num["monetary"] = append(m.num["monetary"], float64(i))
		m.tags = append(m.tags, nil)
	}
	m.tags[0] = []string{"企业客户"}
	m.tags[1] = []string{"VIP"}
	m.ids = append(m.ids, "p")
	m.num["has_purchase"] = append(m.num["has_purchase"], 0)
	m.num["monetary"] = append(m.num["monetary"], 0)
	m.tags = append(m.tags, nil)
	// Tags decide for prospects too, and a key tag wins over a VIP one.
	for _, tags := range [][]string{{"key_account"}, {"vip"}, {"VIP", "企业客户"}} {
		m.ids = append(m.ids, "p")
		m.num["has_purchase"] = append(m.num["has_purchase"], 0)
		m.num["monetary"] = append(m.num["monetary"], 0)
		m.tags = append(m.tags, tags)
	}
	got := classesOf(t, "key_account", m)
	check(t, "key_account", []string{got[0], got[1], got[2], got[94], got[95], got[98], got[99], got[100], got[101], got[102], got[103]},
		[]string{"key", "important", "general", "general", "important", "important", "key", "general", "key", "important", "key"})
}

func TestGroupByKeepsLabelsAndAddsValues(t *testing.T) {
	m := &mem{ids: make([]string, 4), str: map[string][]string{"gender": {"female", "", "male", "female"}}}
	res, err := classify.Apply(builtin(t, "gender"), m, time.Time{}, schema())
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for i := range m.ids {
		c, _ := res.ClassOf(i)
		got = append(got, c.Key+"/"+c.Zh)
	}
	check(t, "gender", got, []string{"female/女", "unknown/未知", "male/男", "female/女"})
	m.str["region"] = []string{"华东", "", "华北", "华东"}
	res, _ = classify.Apply(builtin(t, "region"), m, time.Time{}, schema())
	if keys := keys(res.Used.Classes); len(keys) != 3 || keys[0] != "华东" || keys[1] != "华北" || keys[2] != "unknown" {
		t.Errorf("region classes %v (observed values sorted, unknown last)", keys)
	}
}

func TestUsedJSONKeepsNonFiniteThresholds(t *testing.T) {
	u := classify.Used{Values: map[string]float64{"a": 1.5, "b": math.Inf(1), "c": math.Inf(-1), "d": math.NaN()},
		Classes: []classify.Class{{Key: "k"}}}
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	var back classify.Used
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Values["a"] != 1.5 || !math.IsInf(back.Values["b"], 1) || !math.IsInf(back.Values["c"], -1) || !math.IsNaN(back.Values["d"]) || back.Classes[0].Key != "k" {
		t.Fatalf("round trip %s → %+v", b, back)
	}
}
