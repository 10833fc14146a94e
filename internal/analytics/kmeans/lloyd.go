package kmeans

import (
	"math/rand/v2"
)

// fitter holds one data set and the scratch buffers reused by every
// restart, so restarts allocate nothing per row.
type fitter struct {
	x          []float64 // n×d working matrix (z-scores when standardised)
	n, d, k    int
	workers    int
	assign     []int32   // current cluster of each row
	dist       []float64 // D² during seeding; squared distance to own centroid before a reseed
	upper      []float64 // Hamerly: upper bound on the distance to the own centroid
	lower      []float64 // Hamerly: lower bound on the distance to any other centroid
	move       []float64 // per centroid: distance moved by the last update
	half       []float64 // per centroid: half the distance to the nearest other centroid
	chunkSums  []float64 // per chunk: k×d coordinate sums
	chunkCount []int     // per chunk: k sizes
	chunkCost  []float64 // per chunk: summed squared distance
	chunkMoved []int     // per chunk: rows whose cluster changed
}

func newFitter(x []float64, n, d, k, workers int) *fitter {
	nc := numChunks(n)
	return &fitter{
		x: x, n: n, d: d, k: k, workers: workers,
		assign:     make([]int32, n),
		dist:       make([]float64, n),
		upper:      make([]float64, n),
		lower:      make([]float64, n),
		move:       make([]float64, k),
		half:       make([]float64, k),
		chunkSums:  make([]float64, nc*k*d),
		chunkCount: make([]int, nc*k),
		chunkCost:  make([]float64, nc),
		chunkMoved: make([]int, nc),
	}
}

// run is one restart: k-means++ seeding then Lloyd iterations accelerated
// with Hamerly's bounds (see bounds.go). It leaves the final assignment in
// f.assign and returns centroids consistent with it and the exact inertia.
func (f *fitter) run(rng *rand.Rand, maxIter int, tolAbs float64) (cent []float64, inertia float64, iters int, converged bool) {
	cent = f.seedPlusPlus(rng)
	for i := range f.assign {
		f.assign[i] = -1
	}
	f.fullPass(cent)
	old := make([]float64, len(cent))
	for iters < maxIter {
		copy(old, cent)
		reseeded := f.updateStep(cent)
		shift := f.movement(old, cent)
		var moved int
		if reseeded {
			moved = f.fullPass(cent)
		} else {
			moved = f.boundPass(cent)
		}
		iters++
		if !reseeded && (moved == 0 || shift <= tolAbs) {
			converged = true
			break
		}
	}
	return cent, f.inertia(cent), iters, converged
}

// updateStep sets each centroid to the mean of its rows, reducing chunk
// sums in chunk order. An empty cluster is then re-seeded at the row
// farthest from its (updated) centroid (lowest index on ties; each row is
// used once), which splits the worst-fit
// region instead of leaving a dead centroid. It reports whether any
// cluster was re-seeded (the bounds are then void).
func (f *fitter) updateStep(cent []float64) (reseeded bool) {
	d, k := f.d, f.k
	sums := make([]float64, k*d)
	counts := make([]int, k)
	for c := range f.chunkCost {
		for j, v := range f.chunkSums[c*k*d : (c+1)*k*d] {
			sums[j] += v
		}
		for j, v := range f.chunkCount[c*k : (c+1)*k] {
			counts[j] += v
		}
	}
	var empty []int
	for j := range k {
		if counts[j] == 0 {
			empty = append(empty, j)
			continue
		}
		for t := range d {
			cent[j*d+t] = sums[j*d+t] / float64(counts[j])
		}
	}
	if len(empty) > 0 {
		f.exactDistances(cent) // distances to the updated centroids, not bounds
		for _, j := range empty {
			if f.reseed(cent[j*d : j*d+d]) {
				reseeded = true
			}
		}
	}
	return reseeded
}

// reseed moves an empty cluster's centroid onto the farthest row. When
// every row already sits on a centroid (fewer distinct rows than k) there
// is nothing to split and the centroid stays put.
func (f *fitter) reseed(dst []float64) bool {
	far, fd := -1, 0.0
	for i, v := range f.dist {
		if v > fd {
			far, fd = i, v
		}
	}
	if far < 0 {
		return false
	}
	f.dist[far] = 0 // not chosen again for another empty cluster
	copy(dst, f.x[far*f.d:far*f.d+f.d])
	return true
}

// seedPlusPlus is k-means++ (Arthur & Vassilvitskii 2007): the first centre
// uniformly at random, each next one with probability proportional to its
// squared distance from the nearest centre chosen so far.
func (f *fitter) seedPlusPlus(rng *rand.Rand) []float64 {
	d, k := f.d, f.k
	cent := make([]float64, k*d)
	first := rng.IntN(f.n)
	copy(cent[:d], f.x[first*d:first*d+d])
	f.nearestTo(cent[:d], true)
	for j := 1; j < k; j++ {
		idx := f.sampleD2(rng)
		copy(cent[j*d:j*d+d], f.x[idx*d:idx*d+d])
		f.nearestTo(cent[j*d:j*d+d], false)
	}
	return cent
}

// nearestTo updates f.dist to the squared distance to c (init) or to the
// minimum of the old value and that distance, with per-chunk totals in
// f.chunkCost for sampling.
func (f *fitter) nearestTo(c []float64, init bool) {
	d := f.d
	forChunks(f.n, f.workers, func(ch, lo, hi int) {
		cost := 0.0
		for i := lo; i < hi; i++ {
			row := f.x[i*d : i*d+d : i*d+d]
			s := 0.0
			for t, v := range row {
				u := v - c[t]
				s += u * u
			}
			if init || s < f.dist[i] {
				f.dist[i] = s
			}
			cost += f.dist[i]
		}
		f.chunkCost[ch] = cost
	})
}

// sampleD2 draws a row with probability f.dist[i] / Σ f.dist, walking chunk
// totals first so the draw is cheap and deterministic. When every row
// coincides with a centre the draw is uniform.
func (f *fitter) sampleD2(rng *rand.Rand) int {
	total := 0.0
	for _, v := range f.chunkCost {
		total += v
	}
	if total <= 0 {
		return rng.IntN(f.n)
	}
	r := rng.Float64() * total
	last := -1
	for ch, v := range f.chunkCost {
		if v <= 0 {
			continue
		}
		if r >= v {
			r -= v
			last = ch
			continue
		}
		lo, hi := ch*chunkRows, min(f.n, (ch+1)*chunkRows)
		for i := lo; i < hi; i++ {
			if f.dist[i] <= 0 {
				continue
			}
			if r < f.dist[i] {
				return i
			}
			r -= f.dist[i]
		}
		last = ch
		break
	}
	// Rounding left r just past the end: take the last row with mass.
	lo, hi := last*chunkRows, min(f.n, (last+1)*chunkRows)
	for i := hi - 1; i >= lo; i-- {
		if f.dist[i] > 0 {
			return i
		}
	}
	return rng.IntN(f.n)
}
