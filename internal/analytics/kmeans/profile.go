package kmeans

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"strata/internal/model"
)

// Recommended Profile parameters: name a cluster by its two most distinctive
// features, and call a feature distinctive from half a standard deviation.
const (
	DefaultProfileTop  = 2
	DefaultProfileMinZ = 0.5
)

// FeatureWords names one feature in cluster labels. Zh and En are nouns
// ("消费", "monetary") that Profile prefixes with 高/低 and high/low. For
// features where that reads wrongly (recency: a high value means the
// customer has been away), the optional phrases replace the whole word.
type FeatureWords struct {
	Zh, En        string
	HighZh, LowZh string // e.g. "久未购买", "近期活跃"; empty means 高+Zh, 低+Zh
	HighEn, LowEn string // e.g. "long inactive", "recently active"
}

func (w FeatureWords) phrase(high bool) (zh, en string) {
	switch {
	case high:
		zh, en = w.HighZh, w.HighEn
		if zh == "" {
			zh = "高" + w.Zh
		}
		if en == "" {
			en = "high " + w.En
		}
	default:
		zh, en = w.LowZh, w.LowEn
		if zh == "" {
			zh = "低" + w.Zh
		}
		if en == "" {
			en = "low " + w.En
		}
	}
	return zh, en
}

// Label is a cluster's readable name in both languages, with the features
// (indices) and z-scores it was built from.
type Label struct {
	Zh, En   string
	Features []int
	Z        []float64
}

// String is "zh / en", e.g. "高消费·高频 / high monetary · high frequency".
func (l Label) String() string { return l.Zh + " / " + l.En }

// averageLabel names a cluster with no distinctive feature.
var averageLabel = Label{Zh: "均衡", En: "average"}

// Profile names a cluster from its centroid (original units) given the
// population means and standard deviations: the top features by |z|
// (ties to the lower feature index) whose |z| is at least minAbsZ, each
// with its high/low phrase, joined by "·" (zh) and " · " (en). A cluster
// with no such feature is "均衡 / average". A constant feature (std 0) has
// z = 0 and never names a cluster.
func Profile(centroid, means, stds []float64, words []FeatureWords, top int, minAbsZ float64) (Label, error) {
	d := len(centroid)
	if len(means) != d || len(stds) != d || len(words) != d {
		return Label{}, model.Invalid("profile", "", "centroid, means, stds and words must have one entry per feature")
	}
	z := make([]float64, d)
	order := make([]int, d)
	for j := range d {
		order[j] = j
		if stds[j] > 0 {
			z[j] = (centroid[j] - means[j]) / stds[j]
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(math.Abs(z[b]), math.Abs(z[a])) })
	var zh, en []string
	l := Label{}
	for _, j := range order {
		if len(l.Features) == top || math.Abs(z[j]) < minAbsZ || z[j] == 0 {
			break
		}
		pz, pe := words[j].phrase(z[j] > 0)
		zh, en = append(zh, pz), append(en, pe)
		l.Features = append(l.Features, j)
		l.Z = append(l.Z, z[j])
	}
	if len(l.Features) == 0 {
		return averageLabel, nil
	}
	l.Zh = strings.Join(zh, "·")
	l.En = strings.Join(en, " · ")
	return l, nil
}

// Profiles labels every cluster of a standardised fit with its own
// population statistics. For an unstandardised fit, call Profile with
// FitScaler's means and stds.
func (r *Result) Profiles(words []FeatureWords, top int, minAbsZ float64) ([]Label, error) {
	if !r.Standardized {
		return nil, model.Invalid("profile", "", "fit is not standardised; pass population means and stds to Profile")
	}
	out := make([]Label, r.K)
	for c := range r.K {
		l, err := Profile(r.Centroid(c), r.Scaler.Means, r.Scaler.Stds, words, top, minAbsZ)
		if err != nil {
			return nil, err
		}
		out[c] = l
	}
	return out, nil
}
