package demo

import (
	"math"
	"math/rand/v2"
)

// Streams of one customer. Each part of a customer's history draws from its
// own stream so that changing how, say, tickets are generated leaves the
// profile and the orders untouched.
const (
	streamProfile uint64 = iota + 1
	streamOrders
	streamContacts
)

// splitmix64 scrambles x. It turns (seed, index, stream), which differ in a
// few low bits, into well-spread PCG seeds.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedStream reseeds p in place for one stream of customer index; reseeding
// instead of allocating keeps the per-customer cost to a few multiplications.
func seedStream(p *rand.PCG, seed uint64, index int, stream uint64) {
	hi := splitmix64(seed ^ splitmix64(uint64(index)))
	lo := splitmix64(hi ^ splitmix64(stream^0x5851f42d4c957f2d))
	p.Seed(hi, lo)
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a uniform integer in [lo, hi]; hi < lo yields lo.
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// uniform returns a uniform float in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// gammaMean draws from a gamma distribution with the given shape and mean.
func gammaMean(r *rand.Rand, shape, mean float64) float64 {
	return gamma(r, shape) * mean / shape
}

// gamma draws from Gamma(shape, 1) by Marsaglia and Tsang's method, boosted
// for shape < 1.
func gamma(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gamma(r, shape+1) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x {
			return d * v
		}
		if math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// weights is a discrete distribution over 0..n-1 stored as cumulative
// weights. The tables are small, so a linear scan beats a binary search.
type weights struct{ cum []float64 }

// newWeights builds a distribution from non-negative relative weights.
func newWeights(w ...float64) weights {
	cum := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		if x < 0 {
			panic("demo: negative weight")
		}
		s += x
		cum[i] = s
	}
	if s == 0 {
		panic("demo: all weights zero")
	}
	return weights{cum: cum}
}

// pick draws an index.
func (w weights) pick(r *rand.Rand) int {
	u := r.Float64() * w.cum[len(w.cum)-1]
	for i, c := range w.cum {
		if u < c {
			return i
		}
	}
	return len(w.cum) - 1
}

// clampInt limits v to [lo, hi].
func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// pick2 returns a when cond holds, else b.
func pick2(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}
