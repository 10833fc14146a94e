package tree

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"strata/internal/model"
)

// vipData labels VIP iff monetary > 1000 and frequency > 5, with recency
// and an unrelated noise column as distractors.
func vipData(n int, seed uint64) Dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	ds := Dataset{
		Rows: n, Cols: 4,
		Features: []string{"monetary", "frequency", "recency", "noise"},
		Classes:  []string{"Regular", "VIP"},
	}
	for range n {
		monetary := math.Round(r.Float64()*300000) / 100 // 0.00 .. 3000.00
		frequency := float64(r.IntN(16))
		ds.X = append(ds.X, monetary, frequency, float64(r.IntN(365)), r.NormFloat64())
		label := 0
		if monetary > 1000 && frequency > 5 {
			label = 1
		}
		ds.Labels = append(ds.Labels, label)
	}
	return ds
}

func TestRecoversVIPRule(t *testing.T) {
	ds := vipData(6000, 3)
	m, err := Train(ds, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.HoldoutAccuracy != 1 || m.TrainAccuracy != 1 {
		t.Fatalf("accuracy train %v holdout %v, want 1 and 1\n%s", m.TrainAccuracy, m.HoldoutAccuracy, m)
	}
	if m.HoldoutRows != 1800 || m.TrainRows != 4200 {
		t.Fatalf("rows train %d holdout %d", m.TrainRows, m.HoldoutRows)
	}
	var vip *ClassRule
	for _, cr := range m.ClassRules() {
		if cr.ClassName == "VIP" {
			vip = &cr
		}
	}
	if vip == nil || len(vip.Leaves) != 1 {
		t.Fatalf("want one VIP leaf, got %+v\n%s", vip, m)
	}
	got := map[string]bool{}
	for _, c := range vip.Leaves[0].Conditions {
		got[c.String()] = true
	}
	if len(got) != 2 || !got["monetary > 1000"] || !got["frequency > 5"] {
		t.Fatalf("VIP rule = %q, want monetary > 1000 and frequency > 5", vip.Expr())
	}
	if vip.Purity != 1 {
		t.Fatalf("VIP purity = %v", vip.Purity)
	}
}

// matches evaluates a rule's conditions on a row the way the rule
// language would (a comparison with a missing value is false).
func matches(r Rule, features []string, row []float64) bool {
	for _, c := range r.Conditions {
		v := row[slices.Index(features, c.Feature)]
		if math.IsNaN(v) {
			if !c.OrMissing {
				return false
			}
			continue
		}
		if (c.HasLow && !(v > c.Low)) || (c.HasHigh && !(v <= c.High)) {
			return false
		}
	}
	return true
}

// TestRulesAgreeWithPredict: on noisy data with missing values, every row
// whose missing values were seen in training matches exactly one rule, and
// that rule's class is Predict's.
func TestRulesAgreeWithPredict(t *testing.T) {
	ds := noisyData(3000, 5, 0.1)
	m, err := Train(ds, Options{Seed: 2, MinLeaf: 10})
	if err != nil {
		t.Fatal(err)
	}
	rules := m.Rules()
	if len(rules) < 4 {
		t.Fatalf("only %d leaves; test data too easy", len(rules))
	}
	checked := 0
	for i := range ds.Rows {
		row := ds.X[i*ds.Cols : (i+1)*ds.Cols]
		var hit []Rule
		for _, r := range rules {
			if matches(r, m.Features, row) {
				hit = append(hit, r)
			}
		}
		leaf := m.leafOf(row)
		if len(hit) == 0 && m.pathHasUnseenMissing(row) {
			continue // documented gap: unseen missing follows the larger child
		}
		if len(hit) != 1 || hit[0].Leaf != leaf || hit[0].Class != m.Predict(row) {
			t.Fatalf("row %d matches %d rules; tree leaf %d", i, len(hit), leaf)
		}
		checked++
	}
	if checked < ds.Rows*9/10 {
		t.Fatalf("only %d rows checked", checked)
	}
}

func (m *Model) pathHasUnseenMissing(row []float64) bool {
	i := 0
	for !m.Nodes[i].IsLeaf() {
		nd := m.Nodes[i]
		v := row[nd.Feature]
		if math.IsNaN(v) && !nd.MissingSeen {
			return true
		}
		if math.IsNaN(v) {
			if nd.MissingLeft {
				i = nd.Left
			} else {
				i = nd.Right
			}
		} else if v <= nd.Threshold {
			i = nd.Left
		} else {
			i = nd.Right
		}
	}
	return false
}

// noisyData has three classes driven by two features with label noise, and
// a share of missing values in feature 0.
func noisyData(n int, seed uint64, missing float64) Dataset {
	r := rand.New(rand.NewPCG(seed, 7))
	ds := Dataset{
		Rows: n, Cols: 3,
		Features: []string{"monetary", "frequency", "recency"},
		Classes:  []string{"Low", "Mid", "High"},
	}
	for range n {
		a, b, c := math.Round(r.Float64()*5000), float64(r.IntN(20)), float64(r.IntN(400))
		label := 0
		if a+100*b > 3000 {
			label = 2
		} else if a+100*b > 1500 || c < 30 {
			label = 1
		}
		if r.Float64() < 0.05 {
			label = r.IntN(3)
		}
		if r.Float64() < missing {
			a = math.NaN()
		}
		ds.X = append(ds.X, a, b, c)
		ds.Labels = append(ds.Labels, label)
	}
	return ds
}

func TestLimitsRespected(t *testing.T) {
	ds := noisyData(4000, 9, 0)
	tests := []struct {
		name   string
		opt    Options
		minAcc float64
	}{
		{"defaults", Options{}, 0.85},
		{"shallow", Options{MaxDepth: 2}, 0.7},
		{"big leaves", Options{MinLeaf: 200}, 0.8},
		{"min split", Options{MinLeaf: 5, MinSplit: 500}, 0.7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Train(ds, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			o := tc.opt.withDefaults()
			for i, nd := range m.Nodes {
				n := 0
				for _, v := range nd.Counts {
					n += v
				}
				if nd.Depth > o.MaxDepth {
					t.Fatalf("node %d at depth %d", i, nd.Depth)
				}
				if n < o.MinLeaf {
					t.Fatalf("node %d has %d rows < MinLeaf %d", i, n, o.MinLeaf)
				}
				if !nd.IsLeaf() {
					if n < o.MinSplit {
						t.Fatalf("node %d split with %d rows < MinSplit", i, n)
					}
					l, r := m.Nodes[nd.Left].Counts, m.Nodes[nd.Right].Counts
					for c := range nd.Counts {
						if l[c]+r[c] != nd.Counts[c] {
							t.Fatalf("node %d children do not add up", i)
						}
					}
				}
			}
			t.Logf("holdout accuracy %.4f, %d nodes", m.HoldoutAccuracy, len(m.Nodes))
			if m.HoldoutAccuracy < tc.minAcc {
				t.Fatalf("holdout accuracy %v too low for this data", m.HoldoutAccuracy)
			}
		})
	}
}

func TestMissingDirectionLearned(t *testing.T) {
	// Missing monetary means VIP (say, a data-entry convention); with it the
	// tree can be perfect only by sending missing values to the VIP side.
	n := 2000
	ds := Dataset{Rows: n, Cols: 1, Features: []string{"monetary"}, Classes: []string{"Regular", "VIP"}}
	for i := range n {
		v := float64(i % 1000)
		label := 0
		if v > 700 {
			label = 1
		}
		if i%10 == 0 {
			v, label = math.NaN(), 1
		}
		ds.X = append(ds.X, v)
		ds.Labels = append(ds.Labels, label)
	}
	m, err := Train(ds, Options{Seed: 4, MinLeaf: 5})
	if err != nil {
		t.Fatal(err)
	}
	if m.HoldoutAccuracy != 1 {
		t.Fatalf("holdout accuracy %v\n%s", m.HoldoutAccuracy, m)
	}
	root := m.Nodes[0]
	if !root.MissingSeen || root.MissingLeft {
		t.Fatalf("root should learn missing -> right (VIP): %+v", root)
	}
	if got := m.PredictName([]float64{math.NaN()}); got != "VIP" {
		t.Fatalf("Predict(NaN) = %s", got)
	}
	crs := m.ClassRules()
	if crs[1].Expr() != "(monetary > 700 or monetary is null)" {
		t.Fatalf("VIP rule = %q", crs[1].Expr())
	}
}

func TestDeterministic(t *testing.T) {
	ds := noisyData(5000, 11, 0.05)
	ref, err := Train(ds, Options{Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 8} {
		m, err := Train(ds, Options{Seed: 3, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if m.String() != ref.String() || m.HoldoutAccuracy != ref.HoldoutAccuracy {
			t.Fatalf("workers=%d gives a different tree", w)
		}
	}
	other, _ := Train(ds, Options{Seed: 4})
	if other.HoldoutRows != ref.HoldoutRows {
		t.Fatal("holdout size must not depend on the seed")
	}
}

func TestNoHoldout(t *testing.T) {
	ds := vipData(500, 1)
	m, err := Train(ds, Options{HoldoutFraction: -1})
	if err != nil {
		t.Fatal(err)
	}
	if m.TrainRows != 500 || m.HoldoutRows != 0 || !math.IsNaN(m.HoldoutAccuracy) {
		t.Fatalf("train %d holdout %d accuracy %v", m.TrainRows, m.HoldoutRows, m.HoldoutAccuracy)
	}
}

func TestPureRootIsOneRule(t *testing.T) {
	ds := Dataset{X: []float64{1, 2, 3}, Rows: 3, Cols: 1, Labels: []int{1, 1, 1},
		Features: []string{"f"}, Classes: []string{"a", "b"}}
	m, err := Train(ds, Options{HoldoutFraction: -1})
	if err != nil {
		t.Fatal(err)
	}
	rules := m.Rules()
	if len(rules) != 1 || rules[0].Expr() != "" || rules[0].ClassName != "b" || rules[0].Purity != 1 {
		t.Fatalf("rules = %+v", rules)
	}
}

func TestTrainErrors(t *testing.T) {
	good := vipData(10, 1)
	tests := []struct {
		name   string
		mutate func(*Dataset)
	}{
		{"shape", func(d *Dataset) { d.X = d.X[:5] }},
		{"labels", func(d *Dataset) { d.Labels = d.Labels[:3] }},
		{"label range", func(d *Dataset) { d.Labels[0] = 2 }},
		{"feature names", func(d *Dataset) { d.Features = d.Features[:1] }},
		{"no classes", func(d *Dataset) { d.Classes = nil }},
		{"infinite", func(d *Dataset) { d.X[0] = math.Inf(1) }},
		{"no rows", func(d *Dataset) { d.Rows = 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := good
			ds.X = slices.Clone(good.X)
			ds.Labels = slices.Clone(good.Labels)
			tc.mutate(&ds)
			if _, err := Train(ds, Options{}); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}
