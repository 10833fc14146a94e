package core

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"strata/internal/analytics/kmeans"
	"strata/internal/analytics/tree"
	"strata/internal/classify"
	"strata/internal/metrics"
	"strata/internal/model"
)

// DefaultClusterFeatures are the k-means features when the user names none:
// value and frequency on a log scale (they are heavily skewed), recency,
// tenure, price sensitivity and service load.
var DefaultClusterFeatures = []string{"log:monetary", "log:frequency", "recency_days", "tenure_days", "discount_share", "ticket_rate"}

// DefaultTreeFeatures are the fields a decision tree may split on.
var DefaultTreeFeatures = []string{"recency_days", "frequency", "monetary", "aov", "tenure_days", "interpurchase_days",
	"trend", "refund_rate", "discount_share", "premium_share", "interactions", "tickets_open", "complaints",
	"csat_avg", "nps_latest", "age"}

// ClusterOptions configures a k-means segmentation.
type ClusterOptions struct {
	AsOf     time.Time
	K        int // 0: choose k in 2..8 by silhouette
	Features []string
	Seed     uint64
	Explain  bool // learn a decision tree that explains the clusters as rules
}

// Cluster is one segment found by k-means.
type Cluster struct {
	Index    int                `json:"index"`
	Name     string             `json:"name"`
	NameZh   string             `json:"name_zh"`
	NameEn   string             `json:"name_en"`
	Size     int                `json:"size"`
	Share    float64            `json:"share"`
	Centroid map[string]float64 `json:"centroid"`
	Rule     string             `json:"rule,omitempty"`
	Purity   float64            `json:"rule_purity,omitempty"`
}

// ClusterResult is a k-means segmentation of the customers with purchases.
type ClusterResult struct {
	AsOf           string    `json:"as_of"`
	K              int       `json:"k"`
	Features       []string  `json:"features"`
	Customers      int       `json:"customers"`
	Excluded       int       `json:"excluded_without_purchase"`
	Silhouette     float64   `json:"silhouette"`
	Clusters       []Cluster `json:"clusters"`
	TreeAccuracy   *float64  `json:"tree_holdout_accuracy,omitempty"`
	ComputeSeconds float64   `json:"compute_seconds"`
	LoadSeconds    float64   `json:"load_seconds"`
	IDs            []string  `json:"-"`
	Assignments    []int     `json:"-"`
}

// featureColumn resolves "field" or "log:field" against the table.
func featureColumn(t *metrics.Table, spec string) ([]float64, error) {
	name, logScale := spec, false
	if rest, ok := strings.CutPrefix(spec, "log:"); ok {
		name, logScale = rest, true
	}
	f, ok := metrics.FieldByName(name)
	if !ok || (f.Kind != metrics.KindNumber && f.Kind != metrics.KindBool) {
		return nil, model.Invalid("features", spec, "is not a numeric metric field")
	}
	col, _ := t.Num(name)
	if !logScale {
		return col, nil
	}
	out := make([]float64, len(col))
	for i, v := range col {
		out[i] = math.Log1p(math.Max(v, 0))
	}
	return out, nil
}

// matrix builds a row-major matrix of the given rows and features; NaN is
// replaced by the feature's median over those rows when fill is set.
func matrix(t *metrics.Table, rows []int, specs []string, fill bool) ([]float64, error) {
	d := len(specs)
	x := make([]float64, len(rows)*d)
	for j, spec := range specs {
		col, err := featureColumn(t, spec)
		if err != nil {
			return nil, err
		}
		med := 0.0
		if fill {
			var vals []float64
			for _, r := range rows {
				if v := col[r]; !math.IsNaN(v) {
					vals = append(vals, v)
				}
			}
			if len(vals) > 0 {
				sort.Float64s(vals)
				med = vals[len(vals)/2]
			}
		}
		for i, r := range rows {
			v := col[r]
			if fill && math.IsNaN(v) {
				v = med
			}
			x[i*d+j] = v
		}
	}
	return x, nil
}

// features loads and computes the metrics table as of a date.
func (s *Service) features(ctx context.Context, asOf time.Time) (*metrics.Table, float64, float64, error) {
	t0 := time.Now()
	in, _, err := s.LoadInput(ctx, asOf)
	if err != nil {
		return nil, 0, 0, err
	}
	t1 := time.Now()
	tab, err := metrics.Compute(in)
	if err != nil {
		return nil, 0, 0, err
	}
	return tab, t1.Sub(t0).Seconds(), time.Since(t1).Seconds(), nil
}

// ClusterCustomers segments the customers with at least one purchase by
// k-means on standardised features and names each cluster from its profile.
// Clusters are ordered by mean monetary value, highest first, so that the
// numbering is stable across runs.
func (s *Service) ClusterCustomers(ctx context.Context, opt ClusterOptions) (*ClusterResult, error) {
	if len(opt.Features) == 0 {
		opt.Features = DefaultClusterFeatures
	}
	tab, load, _, err := s.features(ctx, opt.AsOf)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	has, _ := tab.Num("has_purchase")
	var rows []int
	for i, v := range has {
		if v == 1 {
			rows = append(rows, i)
		}
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("only %d customers with purchases by %s: nothing to cluster: %w", len(rows), opt.AsOf.Format("2006-01-02"), model.ErrInvalid)
	}
	d := len(opt.Features)
	x, err := matrix(tab, rows, opt.Features, true)
	if err != nil {
		return nil, err
	}
	kopt := kmeans.Options{K: opt.K, Seed: opt.Seed, Standardize: true}
	var res *kmeans.Result
	if opt.K <= 0 {
		ch, err := kmeans.ChooseK(x, len(rows), d, 2, min(8, len(rows)), kopt)
		if err != nil {
			return nil, err
		}
		res = ch.Result
	} else {
		if opt.K > len(rows) {
			return nil, model.Invalid("k", fmt.Sprint(opt.K), fmt.Sprintf("is more than the %d customers with purchases", len(rows)))
		}
		if res, err = kmeans.Fit(x, len(rows), d, kopt); err != nil {
			return nil, err
		}
	}
	// Stable order: by the centroid of the first feature (value), descending.
	res.SortBy(func(c []float64) float64 { return -c[0] })
	sil, err := res.Silhouette(x, len(rows), 2000, opt.Seed)
	if err != nil {
		sil = math.NaN()
	}
	words := make([]kmeans.FeatureWords, d)
	for j, spec := range opt.Features {
		words[j] = featureWords(spec)
	}
	ids := tab.IDs()
	out := &ClusterResult{AsOf: opt.AsOf.Format("2006-01-02"), K: res.K, Features: opt.Features, Customers: len(rows),
		Excluded: tab.Len() - len(rows), Silhouette: sil, LoadSeconds: load}
	for c := 0; c < res.K; c++ {
		lab, err := kmeans.Profile(res.Centroid(c), res.Scaler.Means, res.Scaler.Stds, words, kmeans.DefaultProfileTop, kmeans.DefaultProfileMinZ)
		if err != nil {
			return nil, err
		}
		cen := map[string]float64{}
		for j, spec := range opt.Features {
			v := res.Centroid(c)[j]
			if strings.HasPrefix(spec, "log:") {
				v = math.Expm1(v) // report log features back in their own units
			}
			cen[strings.TrimPrefix(spec, "log:")] = v
		}
		out.Clusters = append(out.Clusters, Cluster{Index: c + 1, Name: fmt.Sprintf("C%d %s", c+1, lab.String()), NameZh: lab.Zh, NameEn: lab.En,
			Size: res.Sizes[c], Share: float64(res.Sizes[c]) / float64(len(rows)), Centroid: cen})
	}
	out.IDs = make([]string, len(rows))
	out.Assignments = make([]int, len(rows))
	for i, r := range rows {
		out.IDs[i], out.Assignments[i] = ids[r], res.Assignments[i]
	}
	if opt.Explain {
		classes := make([]string, res.K)
		for c := range classes {
			classes[c] = out.Clusters[c].Name
		}
		m, err := s.trainTree(tab, rows, res.Assignments, classes, nil, opt.Seed)
		if err != nil {
			return nil, err
		}
		for _, cr := range m.ClassRules() {
			out.Clusters[cr.Class].Rule = cr.Expr()
			out.Clusters[cr.Class].Purity = cr.Purity
		}
		out.TreeAccuracy = finite(m.HoldoutAccuracy)
	}
	out.ComputeSeconds = time.Since(t0).Seconds()
	return out, nil
}

func featureWords(spec string) kmeans.FeatureWords {
	name := strings.TrimPrefix(spec, "log:")
	switch name {
	case "recency_days":
		return kmeans.FeatureWords{Zh: "最近购买", En: "recency", HighZh: "久未购买", LowZh: "近期活跃", HighEn: "lapsed", LowEn: "recently active"}
	case "monetary":
		return kmeans.FeatureWords{Zh: "消费", En: "spend", HighZh: "高价值", LowZh: "低价值", HighEn: "high value", LowEn: "low value"}
	case "frequency":
		return kmeans.FeatureWords{Zh: "频", En: "frequency", HighZh: "高频", LowZh: "低频", HighEn: "frequent", LowEn: "infrequent"}
	case "tenure_days":
		return kmeans.FeatureWords{Zh: "客龄", En: "tenure", HighZh: "老客户", LowZh: "新客户", HighEn: "long-standing", LowEn: "new"}
	case "discount_share":
		return kmeans.FeatureWords{Zh: "折扣", En: "discount", HighZh: "价格敏感", LowZh: "少用折扣", HighEn: "price-sensitive", LowEn: "full-price"}
	case "ticket_rate":
		return kmeans.FeatureWords{Zh: "工单", En: "tickets", HighZh: "服务需求高", LowZh: "少工单", HighEn: "service-heavy", LowEn: "low-maintenance"}
	}
	f, _ := metrics.FieldByName(name)
	return kmeans.FeatureWords{Zh: f.LabelZH, En: f.LabelEN}
}

// trainTree learns labels (class indexes into classes) of the given table
// rows from the tree features; the leaves become rules in the segment rule
// language over those field names.
func (s *Service) trainTree(tab *metrics.Table, rows []int, labels []int, classes, features []string, seed uint64) (*tree.Model, error) {
	if len(features) == 0 {
		features = DefaultTreeFeatures
	}
	x, err := matrix(tab, rows, features, false)
	if err != nil {
		return nil, err
	}
	return tree.Train(tree.Dataset{X: x, Rows: len(rows), Cols: len(features), Labels: labels, Features: features, Classes: classes},
		tree.Options{Seed: seed})
}

// TreeOptions configures learning a labelling as rules.
type TreeOptions struct {
	AsOf     time.Time
	Tag      string // label: customers with this tag vs the rest
	Clusters int    // or: the k-means segmentation into this many clusters
	Features []string
	MaxDepth int
	Seed     uint64
}

// TreeResult is a learned decision tree reported as rules.
type TreeResult struct {
	AsOf            string      `json:"as_of"`
	Label           string      `json:"label"`
	Customers       int         `json:"customers"`
	Classes         []string    `json:"classes"`
	HoldoutAccuracy *float64    `json:"holdout_accuracy"`
	Confusion       [][]int     `json:"confusion"`
	Rules           []TreeRule  `json:"rules"`
	Model           *tree.Model `json:"-"`
}

// TreeRule is one class's rule.
type TreeRule struct {
	Class   string  `json:"class"`
	Rule    string  `json:"rule"`
	Support int     `json:"support"`
	Purity  float64 `json:"purity"`
}

// LearnTag learns which customers carry a tag (e.g. a VIP flag users set by
// hand) from their metrics, so the hand-made labelling becomes an editable
// rule.
func (s *Service) LearnTag(ctx context.Context, opt TreeOptions) (*TreeResult, error) {
	if (opt.Tag == "") == (opt.Clusters == 0) {
		return nil, model.Invalid("tag", opt.Tag, "give either a tag or a number of clusters to learn")
	}
	tab, _, _, err := s.features(ctx, opt.AsOf)
	if err != nil {
		return nil, err
	}
	var rows, labels []int
	var classes []string
	label := "tag:" + opt.Tag
	if opt.Clusters > 0 {
		// The labelling is a k-means segmentation of the buyers.
		cl, err := s.ClusterCustomers(ctx, ClusterOptions{AsOf: opt.AsOf, K: opt.Clusters, Seed: opt.Seed})
		if err != nil {
			return nil, err
		}
		byID := make(map[string]int, len(cl.IDs))
		for i, id := range cl.IDs {
			byID[id] = cl.Assignments[i]
		}
		for i, id := range tab.IDs() {
			if c, ok := byID[id]; ok {
				rows, labels = append(rows, i), append(labels, c)
			}
		}
		for _, c := range cl.Clusters {
			classes = append(classes, c.Name)
		}
		label = fmt.Sprintf("k-means k=%d", opt.Clusters)
	} else {
		pos := 0
		for i, tags := range tab.Tags() {
			l := 0
			for _, t := range tags {
				if t == opt.Tag {
					l = 1
					pos++
					break
				}
			}
			rows, labels = append(rows, i), append(labels, l)
		}
		if pos == 0 {
			return nil, model.Invalid("tag", opt.Tag, "no customer carries this tag")
		}
		classes = []string{"not " + opt.Tag, opt.Tag}
	}
	features := opt.Features
	if len(features) == 0 {
		features = DefaultTreeFeatures
	}
	x, err := matrix(tab, rows, features, false)
	if err != nil {
		return nil, err
	}
	m, err := tree.Train(tree.Dataset{X: x, Rows: len(rows), Cols: len(features), Labels: labels, Features: features, Classes: classes},
		tree.Options{Seed: opt.Seed, MaxDepth: opt.MaxDepth})
	if err != nil {
		return nil, err
	}
	out := &TreeResult{AsOf: opt.AsOf.Format("2006-01-02"), Label: label, Customers: len(rows), Classes: classes,
		HoldoutAccuracy: finite(m.HoldoutAccuracy), Model: m}
	out.Confusion = m.Confusion.Counts
	for _, cr := range m.ClassRules() {
		out.Rules = append(out.Rules, TreeRule{Class: cr.ClassName, Rule: cr.Expr(), Support: cr.Support, Purity: cr.Purity})
	}
	return out, nil
}

// TreeScheme turns a learned tree into an editable rules scheme: one class
// per predicted class with its rule, in order of support, the majority
// ("not …") class as the fallback.
func TreeScheme(name string, res *TreeResult) (*classify.Scheme, error) {
	sc := &classify.Scheme{Name: name, Zh: name, En: name, Method: classify.MethodRules,
		// Customers without a purchase are not in a k-means labelling; they
		// fall to the fallback class.
		Description: fmt.Sprintf("Learned by a decision tree from %s as of %s (holdout accuracy %s).", res.Label, res.AsOf, pct(res.HoldoutAccuracy))}
	fallback := ""
	best := -1
	for _, r := range res.Rules {
		if r.Support > best {
			best, fallback = r.Support, classKey(r.Class)
		}
	}
	for _, r := range res.Rules {
		c := classify.Class{Key: classKey(r.Class), Zh: r.Class, En: r.Class,
			Description: fmt.Sprintf("support %d, purity %.0f%%", r.Support, 100*r.Purity)}
		if c.Key != fallback {
			c.Rule = r.Rule
		}
		sc.Classes = append(sc.Classes, c)
	}
	sc.Fallback = fallback
	return sc, sc.Validate(RuleSchema())
}

func classKey(label string) string {
	if k, _, ok := strings.Cut(label, " "); ok && strings.HasPrefix(k, "C") && len(label) > 3 && strings.Contains(label, "/") {
		return strings.ToLower(k) // cluster names "C1 高价值·高频 / …" → c1
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return '_'
		}
		return r
	}, strings.ToLower(label))
}

func pct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100**v)
}
