package kmeans

import "math"

// Hamerly's algorithm (G. Hamerly, "Making k-means even faster", SDM 2010)
// gives exactly Lloyd's assignments while skipping most distance
// computations once centroids settle: each row keeps an upper bound on the
// distance to its own centroid and a lower bound on the distance to every
// other one; centroid movements loosen the bounds, and a row whose upper
// bound is below max(lower bound, half the gap to the nearest other
// centroid) cannot change cluster. Skips require strict inequality with a
// relative margin, so ties and rounding are resolved by an exact
// recomputation, as plain Lloyd would (lowest index wins).

// skipMargin absorbs rounding in the bound arithmetic.
const skipMargin = 1e-12

// fullPass assigns every row by computing all k distances, resets the
// bounds and accumulates per-chunk sums. It returns the rows that moved.
func (f *fitter) fullPass(cent []float64) (moved int) {
	d := f.d
	forChunks(f.n, f.workers, func(c, lo, hi int) {
		sums, counts := f.chunkAcc(c)
		mv := 0
		for i := lo; i < hi; i++ {
			row := f.x[i*d : i*d+d : i*d+d]
			a := f.nearestTwo(row, cent, i)
			if f.assign[i] != a {
				f.assign[i] = a
				mv++
			}
			addRow(sums, counts, row, int(a), d)
		}
		f.chunkMoved[c] = mv
	})
	return f.totalMoved()
}

// boundPass is one Hamerly assignment step after a centroid update.
func (f *fitter) boundPass(cent []float64) (moved int) {
	d := f.d
	f.centroidGaps(cent)
	// The largest and second-largest movements: a row's lower bound drops by
	// the largest movement of any centroid other than its own.
	m1, m2, arg := 0.0, 0.0, -1
	for j, p := range f.move {
		if p > m1 {
			m1, m2, arg = p, m1, j
		} else if p > m2 {
			m2 = p
		}
	}
	forChunks(f.n, f.workers, func(c, lo, hi int) {
		sums, counts := f.chunkAcc(c)
		mv := 0
		for i := lo; i < hi; i++ {
			row := f.x[i*d : i*d+d : i*d+d]
			a := f.assign[i]
			f.upper[i] += f.move[a]
			if int(a) == arg {
				f.lower[i] -= m2
			} else {
				f.lower[i] -= m1
			}
			m := max(f.half[a], f.lower[i])
			if f.upper[i]*(1+skipMargin) < m {
				addRow(sums, counts, row, int(a), d)
				continue
			}
			f.upper[i] = math.Sqrt(sqDist(row, cent[int(a)*d:int(a)*d+d]))
			if f.upper[i]*(1+skipMargin) < m {
				addRow(sums, counts, row, int(a), d)
				continue
			}
			na := f.nearestTwo(row, cent, i)
			if na != a {
				f.assign[i] = na
				mv++
			}
			addRow(sums, counts, row, int(na), d)
		}
		f.chunkMoved[c] = mv
	})
	return f.totalMoved()
}

// nearestTwo finds row i's nearest centroid (lowest index on ties) and sets
// its exact upper bound and its lower bound (the second-nearest distance).
func (f *fitter) nearestTwo(row, cent []float64, i int) int32 {
	d := f.d
	best, b1, b2 := 0, math.Inf(1), math.Inf(1)
	for j := range f.k {
		s := sqDist(row, cent[j*d:j*d+d:j*d+d])
		if s < b1 {
			best, b1, b2 = j, s, b1
		} else if s < b2 {
			b2 = s
		}
	}
	f.upper[i] = math.Sqrt(b1)
	f.lower[i] = math.Sqrt(b2)
	return int32(best)
}

// movement records how far each centroid moved and returns the summed
// squared movement used by the convergence test.
func (f *fitter) movement(old, cent []float64) (shift float64) {
	d := f.d
	for j := range f.k {
		s := sqDist(old[j*d:j*d+d], cent[j*d:j*d+d])
		f.move[j] = math.Sqrt(s)
		shift += s
	}
	return shift
}

// centroidGaps sets half[j] to half the distance from centroid j to its
// nearest other centroid: a row closer than that to its own centroid
// cannot be closer to another.
func (f *fitter) centroidGaps(cent []float64) {
	d := f.d
	for j := range f.k {
		f.half[j] = math.Inf(1)
	}
	for a := range f.k {
		for b := a + 1; b < f.k; b++ {
			g := 0.5 * math.Sqrt(sqDist(cent[a*d:a*d+d], cent[b*d:b*d+d]))
			f.half[a] = min(f.half[a], g)
			f.half[b] = min(f.half[b], g)
		}
	}
}

// inertia is the exact sum of squared distances to the assigned centroids.
func (f *fitter) inertia(cent []float64) float64 {
	d := f.d
	forChunks(f.n, f.workers, func(c, lo, hi int) {
		s := 0.0
		for i := lo; i < hi; i++ {
			a := int(f.assign[i])
			s += sqDist(f.x[i*d:i*d+d], cent[a*d:a*d+d])
		}
		f.chunkCost[c] = s
	})
	total := 0.0
	for _, v := range f.chunkCost {
		total += v
	}
	return total
}

// exactDistances fills f.dist with each row's squared distance to its
// assigned centroid, for choosing the farthest row when re-seeding.
func (f *fitter) exactDistances(cent []float64) {
	d := f.d
	forChunks(f.n, f.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a := int(f.assign[i])
			f.dist[i] = sqDist(f.x[i*d:i*d+d], cent[a*d:a*d+d])
		}
	})
}

// chunkAcc returns chunk c's zeroed sum and count accumulators.
func (f *fitter) chunkAcc(c int) ([]float64, []int) {
	kd := f.k * f.d
	sums := f.chunkSums[c*kd : (c+1)*kd]
	counts := f.chunkCount[c*f.k : (c+1)*f.k]
	clear(sums)
	clear(counts)
	return sums, counts
}

func (f *fitter) totalMoved() (moved int) {
	for _, v := range f.chunkMoved {
		moved += v
	}
	return moved
}

func addRow(sums []float64, counts []int, row []float64, a, d int) {
	counts[a]++
	acc := sums[a*d : a*d+d : a*d+d]
	for t, v := range row {
		acc[t] += v
	}
}

func sqDist(a, b []float64) float64 {
	s := 0.0
	for t, v := range a {
		u := v - b[t]
		s += u * u
	}
	return s
}
