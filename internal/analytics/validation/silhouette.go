package validation

import (
	"math"
	"math/rand/v2"
	"slices"

	"strata/internal/model"
)

// DefaultSilhouetteSample is the sample size used when the caller passes 0.
// Silhouette is quadratic in the number of points; 2,000 points give a
// stable estimate in a few milliseconds.
const DefaultSilhouetteSample = 2000

// Silhouette returns the mean silhouette coefficient of a clustering of the
// n×d row-major matrix x, computed on a seeded random sample of sampleSize
// rows (0 means DefaultSilhouetteSample; a sample at least n uses every
// row). Distances are Euclidean and are measured between sampled points
// only, as scikit-learn's silhouette_score(sample_size=...) does, so the
// cost is O(sampleSize²·d) whatever n is.
//
// labels[i] is the cluster of row i, in [0, k). A sampled point alone in its
// cluster scores 0 (the usual convention). At least two clusters must be
// present in the sample.
func Silhouette(x []float64, n, d int, labels []int, sampleSize int, seed uint64) (float64, error) {
	if n <= 0 || d <= 0 || len(x) != n*d {
		return 0, model.Invalid("x", "", "must hold n*d values with n, d > 0")
	}
	if len(labels) != n {
		return 0, model.Invalid("labels", "", "must have one label per row")
	}
	k := 0
	for _, l := range labels {
		if l < 0 {
			return 0, model.Invalid("labels", "", "must be non-negative")
		}
		k = max(k, l+1)
	}
	idx := SampleRows(n, sampleSize, seed)
	m := len(idx)
	// Group the sample by cluster so each point's mean distances are sums
	// over contiguous runs.
	sizes := make([]int, k)
	for _, i := range idx {
		sizes[labels[i]]++
	}
	present := 0
	for _, s := range sizes {
		if s > 0 {
			present++
		}
	}
	if present < 2 {
		return 0, model.Invalid("labels", "", "silhouette needs at least two clusters in the sample")
	}
	sums := make([]float64, k)
	total := 0.0
	for _, i := range idx {
		clear(sums)
		xi := x[i*d : i*d+d]
		for _, j := range idx {
			if j == i {
				continue
			}
			sums[labels[j]] += dist(xi, x[j*d:j*d+d])
		}
		own := labels[i]
		if sizes[own] < 2 {
			continue // singleton: s = 0
		}
		a := sums[own] / float64(sizes[own]-1)
		b := math.Inf(1)
		for c, s := range sizes {
			if c != own && s > 0 {
				b = min(b, sums[c]/float64(s))
			}
		}
		if den := max(a, b); den > 0 {
			total += (b - a) / den
		}
	}
	return total / float64(m), nil
}

// SampleRows returns a seeded sample of size distinct row indices out of n,
// in increasing order (sorted so that summation order, and thus any result
// computed over the sample, depends only on which rows were picked). size 0
// means DefaultSilhouetteSample; size >= n returns every row. Callers that
// silhouette-score a transformed matrix use it to transform only the
// sampled rows.
func SampleRows(n, size int, seed uint64) []int {
	if size <= 0 {
		size = DefaultSilhouetteSample
	}
	if size >= n {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	r := rand.New(rand.NewPCG(seed, 0x5111))
	// Floyd's algorithm: size distinct indices without an n-sized buffer.
	chosen := make(map[int]struct{}, size)
	idx := make([]int, 0, size)
	for j := n - size; j < n; j++ {
		t := r.IntN(j + 1)
		if _, ok := chosen[t]; ok {
			t = j
		}
		chosen[t] = struct{}{}
		idx = append(idx, t)
	}
	slices.Sort(idx)
	return idx
}

func dist(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		t := a[i] - b[i]
		s += t * t
	}
	return math.Sqrt(s)
}
