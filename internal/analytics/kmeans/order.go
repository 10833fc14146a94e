package kmeans

import (
	"cmp"
	"slices"
)

// canonicalOrder relabels clusters largest first, ties broken by the
// lexicographic order of the centroids, so that restarts or seeds that
// find the same partition report the same labels.
func (r *Result) canonicalOrder() {
	d := r.D
	perm := make([]int, r.K)
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int {
		if c := cmp.Compare(r.Sizes[b], r.Sizes[a]); c != 0 {
			return c
		}
		return slices.Compare(r.Centroids[a*d:(a+1)*d], r.Centroids[b*d:(b+1)*d])
	})
	r.permute(perm)
}

// SortBy relabels clusters by score, highest first; score receives a
// cluster's centroid in original units. Ties keep the current (canonical)
// order, so the labelling is deterministic. Typical use:
// r.SortBy(kmeans.ByFeature(monetaryColumn)).
func (r *Result) SortBy(score func(centroid []float64) float64) {
	scores := make([]float64, r.K)
	for c := range r.K {
		scores[c] = score(r.Centroid(c))
	}
	perm := make([]int, r.K)
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	r.permute(perm)
}

// ByFeature scores a centroid by its value of feature j, for SortBy.
func ByFeature(j int) func(centroid []float64) float64 {
	return func(c []float64) float64 { return c[j] }
}

// permute makes old cluster perm[i] the new cluster i.
func (r *Result) permute(perm []int) {
	d := r.D
	newOf := make([]int, r.K)
	for i, old := range perm {
		newOf[old] = i
	}
	reorder := func(m []float64) []float64 {
		if m == nil {
			return nil
		}
		out := make([]float64, len(m))
		for i, old := range perm {
			copy(out[i*d:(i+1)*d], m[old*d:(old+1)*d])
		}
		return out
	}
	r.Centroids = reorder(r.Centroids)
	r.CentroidsOriginal = reorder(r.CentroidsOriginal)
	sizes := make([]int, r.K)
	for i, old := range perm {
		sizes[i] = r.Sizes[old]
	}
	r.Sizes = sizes
	for i, a := range r.Assignments {
		r.Assignments[i] = newOf[a]
	}
}
