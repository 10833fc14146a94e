package metrics

import (
	"math"
	"math/bits"
)

// priceBuckets maps positive prices to monotone logarithmic buckets: exact
// below 2^(m+1), then 2^m buckets per doubling (relative width 2^-m). m is
// 7 (under 1% wide) unless there are so many categories that the
// per-category histograms would grow past about 16 MB; coarser buckets only
// make the second pass collect more.
type priceBuckets struct {
	m uint
	n int // buckets per category
}

func newPriceBuckets(ncat int) priceBuckets {
	m := uint(7)
	for m > 0 && ncat*(64-int(m))<<m > 1<<22 {
		m--
	}
	return priceBuckets{m: m, n: (64 - int(m)) << m}
}

// bounds is the range of prices in bucket b.
func (pb priceBuckets) bounds(b int) (lo, hi int64) {
	if b < 2<<pb.m {
		return int64(b), int64(b)
	}
	s := uint(b>>pb.m) - 1
	base := uint64(b) - uint64(s)<<pb.m
	top := (base+1)<<s - 1
	if top > math.MaxInt64 {
		top = math.MaxInt64
	}
	return int64(base << s), int64(top)
}

// of is the bucket of v > 0.
func (pb priceBuckets) of(v int64) int {
	e := uint(bits.Len64(uint64(v)))
	if e <= pb.m+1 {
		return int(v)
	}
	s := e - pb.m - 1
	return int(s<<pb.m) + int(v>>s)
}

// middleSum returns the sum of the two middle order statistics of v (twice
// the middle one when len(v) is odd).
func middleSum(v []int64) int64 {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return selectPair([][]int64{v}, lo, hi, (len(v)-1)/2, len(v)/2)
}

// selectPair returns x(k1) + x(k2), order statistics (k2 = k1 or k1+1) of
// the values in blocks, which all lie in [lo, hi]. Each round histograms the
// values on 11 bits of their range and keeps only the bucket holding the
// middle, so it takes a few linear passes whatever the distribution; the
// blocks are only read.
func selectPair(blocks [][]int64, lo, hi int64, k1, k2 int) int64 {
	var kept []int64 // the survivors of the last round, which we may overwrite
	for lo != hi {
		shift := max(0, bits.Len64(uint64(hi-lo))-11)
		var hist [2048]int
		for _, blk := range blocks {
			for _, x := range blk {
				hist[(x-lo)>>shift]++
			}
		}
		b1, before := 0, 0
		for before+hist[b1] <= k1 {
			before += hist[b1]
			b1++
		}
		if k2 >= before+hist[b1] {
			// k1 is the largest value of bucket b1, k2 the smallest of the
			// next non-empty bucket.
			b2 := b1 + 1
			for hist[b2] == 0 {
				b2++
			}
			a, c := int64(math.MinInt64), int64(math.MaxInt64)
			for _, blk := range blocks {
				for _, x := range blk {
					switch int((x - lo) >> shift) {
					case b1:
						a = max(a, x)
					case b2:
						c = min(c, x)
					}
				}
			}
			return a + c
		}
		if shift == 0 {
			return 2 * (lo + int64(b1))
		}
		// Keep bucket b1, with its exact range.
		if kept == nil {
			kept = make([]int64, 0, hist[b1])
		}
		out := kept[:0]
		nlo, nhi := int64(math.MaxInt64), int64(math.MinInt64)
		for _, blk := range blocks {
			for _, x := range blk {
				if int((x-lo)>>shift) == b1 {
					out = append(out, x)
					nlo, nhi = min(nlo, x), max(nhi, x)
				}
			}
		}
		kept, blocks = out, [][]int64{out}
		lo, hi, k1, k2 = nlo, nhi, k1-before, k2-before
	}
	return 2 * lo
}
