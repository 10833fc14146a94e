package metrics

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"strata/internal/model"
)

// noMedian stands for "no price in this category": no line is above it.
const noMedian = math.MaxInt64

// categoryMedians returns, for each category, twice its median unit price
// (the sum of the two middle order statistics, so that "price above the
// median" is the exact integer test 2·price > m). The population is every
// paid line of positive amount and positive unit price, up to the cutoff, of
// an included customer (rowOf >= 0).
//
// The median is exact and independent of the number of workers, and costs
// two read passes and little memory: the first counts each category's
// prices in logarithmic buckets (priceBuckets) and marks the eligible lines
// in a bitmap; the second collects only the prices in the buckets holding
// the middle, which a radix selection (selectPair) finishes. Both passes
// are branch-free per line: eligibility is close to random.
func categoryMedians(in *Input, rowOf []int32, cutoff int64, workers int) ([]int64, error) {
	ncat := len(in.Categories)
	med := make([]int64, ncat)
	for i := range med {
		med[i] = noMedian
	}
	o := &in.Orders
	if ncat == 0 || o.UnitPrice == nil || o.Category == nil {
		return med, nil
	}
	n := len(o.Cust)
	parts := workers
	if n < 1<<16 {
		parts = 1
	}
	// Part p covers lines [bound(p), bound(p+1)), whole bitmap words.
	words := (n + 63) / 64
	bound := func(p int) int { return min(n, p*words/parts*64) }
	eligible := make([]uint64, words)
	pb := newPriceBuckets(ncat)
	hists := make([][]int32, parts)
	errs := make([]error, parts)
	parallel(parts, parts, func(p int) {
		hist := make([]int32, ncat*pb.n+1) // the last slot counts the ineligible
		var word uint64
		for j, end := bound(p), bound(p+1); j < end; j++ {
			c := o.Cust[j]
			if uint32(c) >= uint32(len(rowOf)) {
				continue // Compute reports the disorder
			}
			v, cat := o.UnitPrice[j], int(o.Category[j])
			ok := b2i(rowOf[c] >= 0) & b2i(o.At[j] < cutoff) & b2i(o.Status[j] == StatusPaid) &
				b2i(o.Amount[j] > 0) & b2i(v > 0) & b2i(cat >= 0)
			if ok != 0 && cat >= ncat {
				errs[p] = model.Invalid(fmt.Sprintf("orders.category[%d]", j), strconv.Itoa(cat),
					fmt.Sprintf("must be below the %d categories", ncat))
				return
			}
			slot := len(hist) - 1
			if ok != 0 {
				slot = cat*pb.n + pb.of(v)
			}
			hist[slot]++
			word |= uint64(ok) << (j & 63)
			if j&63 == 63 {
				eligible[j>>6], word = word, 0
			}
		}
		if end := bound(p + 1); end&63 != 0 {
			eligible[end>>6] = word
		}
		hists[p] = hist
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	mids := middles(hists, pb, ncat)
	// Pass 2: collect the prices of the middle buckets into one buffer, a
	// region per category and part with a spare slot for the branch-free
	// store of lines that are not kept.
	off := make([][]int, parts)
	size := 0
	for p := range parts {
		off[p] = make([]int, ncat)
		for c := range ncat {
			off[p][c] = size
			size += 1 + mids[c].count(hists[p], c, pb)
		}
	}
	buf := make([]int64, size)
	ends := make([][]int, parts)
	parallel(parts, parts, func(p int) {
		at := slices.Clone(off[p])
		for j, end := bound(p), bound(p+1); j < end; j++ {
			cat := int(o.Category[j])
			if uint(cat) >= uint(ncat) {
				cat = 0 // not eligible: any region's spare slot will do
			}
			v, m := o.UnitPrice[j], &mids[cat]
			keep := int(eligible[j>>6]>>(j&63)&1) & int(b2i(uint64(v-m.lo) <= uint64(m.hi-m.lo)))
			buf[at[cat]] = v
			at[cat] += keep
		}
		ends[p] = at
	})
	parallel(workers, ncat, func(c int) {
		m := mids[c]
		if m.b1 < 0 {
			return
		}
		blocks := make([][]int64, parts)
		for p := range parts {
			blocks[p] = buf[off[p][c]:ends[p][c]]
		}
		med[c] = selectPair(blocks, m.lo, m.hi, m.k1, m.k2)
	})
	return med, nil
}

// middle locates a category's median: the ranks k1, k2 of the two middle
// prices among those in buckets b1..b2, and the price range [lo, hi] of
// those buckets. b1 < 0 when the category has no price.
type middle struct {
	k1, k2, b1, b2 int
	lo, hi         int64
}

// count is the number of prices a part's histogram has in the middle
// buckets of category c.
func (m *middle) count(hist []int32, c int, pb priceBuckets) int {
	k := 0
	for b := m.b1; b >= 0 && b <= m.b2; b++ {
		k += int(hist[c*pb.n+b])
	}
	return k
}

// middles finds each category's middle buckets from the parts' histograms.
func middles(hists [][]int32, pb priceBuckets, ncat int) []middle {
	mids := make([]middle, ncat)
	for c := range mids {
		count := func(b int) (k int) {
			for p := range hists {
				k += int(hists[p][c*pb.n+b])
			}
			return k
		}
		total := 0
		for b := range pb.n {
			total += count(b)
		}
		if total == 0 {
			mids[c] = middle{b1: -1, b2: -1} // [0, 0] holds no positive price: keeps nothing
			continue
		}
		k1, k2 := (total-1)/2, total/2
		b, before := 0, 0
		for before+count(b) <= k1 {
			before += count(b)
			b++
		}
		m := middle{k1: k1 - before, k2: k2 - before, b1: b, b2: b}
		if k2 >= before+count(b) { // k2 opens the next non-empty bucket
			m.b2++
			for count(m.b2) == 0 {
				m.b2++
			}
		}
		m.lo, _ = pb.bounds(m.b1)
		_, m.hi = pb.bounds(m.b2)
		mids[c] = m
	}
	return mids
}

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

// parallel runs f(0..n-1) on up to workers goroutines, handing out indexes
// in order; it returns when all calls have.
func parallel(workers, n int, f func(i int)) {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
