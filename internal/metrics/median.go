package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"

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
	mp := newMedianPass(o, ncat, workers)
	if err := mp.count(rowOf, cutoff); err != nil {
		return nil, err
	}
	mids := middles(mp.hists, mp.pb, ncat)
	blocks := mp.collect(mids)
	parallel(workers, ncat, func(c int) {
		if m := mids[c]; m.b1 >= 0 {
			med[c] = selectPair(blocks[c], m.lo, m.hi, m.k1, m.k2)
		}
	})
	return med, nil
}

// medianPass splits the order lines into parts of whole bitmap words, one
// per worker, and carries the passes' results.
type medianPass struct {
	o        *OrderCols
	ncat     int
	pb       priceBuckets
	parts    int
	words    int
	eligible []uint64  // bitmap of the lines in the population
	hists    [][]int32 // per part: ncat·pb.n buckets, then a sink for the ineligible
}

func newMedianPass(o *OrderCols, ncat, workers int) *medianPass {
	n := len(o.Cust)
	mp := &medianPass{o: o, ncat: ncat, pb: newPriceBuckets(ncat), parts: workers, words: (n + 63) / 64}
	if n < 1<<16 {
		mp.parts = 1
	}
	mp.eligible = make([]uint64, mp.words)
	mp.hists = make([][]int32, mp.parts)
	return mp
}

// bounds is part p's range of lines.
func (mp *medianPass) bounds(p int) (lo, hi int) {
	n := len(mp.o.Cust)
	return min(n, p*mp.words/mp.parts*64), min(n, (p+1)*mp.words/mp.parts*64)
}

// count is the first pass: histograms and the eligibility bitmap.
func (mp *medianPass) count(rowOf []int32, cutoff int64) error {
	o, pb, ncat := mp.o, mp.pb, mp.ncat
	errs := make([]error, mp.parts)
	parallel(mp.parts, mp.parts, func(p int) {
		hist := make([]int32, ncat*pb.n+1)
		var word uint64
		lo, hi := mp.bounds(p)
		for j := lo; j < hi; j++ {
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
				mp.eligible[j>>6], word = word, 0
			}
		}
		if hi&63 != 0 {
			mp.eligible[hi>>6] = word
		}
		mp.hists[p] = hist
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// collect is the second pass: the prices of each category's middle
// buckets, as one block per part. The blocks are regions of one buffer, a
// region per category and part sized from the histograms plus a spare slot
// for the branch-free store of the lines that are not kept.
func (mp *medianPass) collect(mids []middle) [][][]int64 {
	o, ncat := mp.o, mp.ncat
	off := make([][]int, mp.parts)
	size := 0
	for p := range mp.parts {
		off[p] = make([]int, ncat)
		for c := range ncat {
			off[p][c] = size
			size += 1 + mids[c].count(mp.hists[p], c, mp.pb)
		}
	}
	buf := make([]int64, size)
	ends := make([][]int, mp.parts)
	parallel(mp.parts, mp.parts, func(p int) {
		at := slices.Clone(off[p])
		lo, hi := mp.bounds(p)
		for j := lo; j < hi; j++ {
			cat := int(o.Category[j])
			if uint(cat) >= uint(ncat) {
				cat = 0 // not eligible: any region's spare slot will do
			}
			v, m := o.UnitPrice[j], &mids[cat]
			keep := int(mp.eligible[j>>6]>>(j&63)&1) & int(b2i(uint64(v-m.lo) <= uint64(m.hi-m.lo)))
			buf[at[cat]] = v
			at[cat] += keep
		}
		ends[p] = at
	})
	blocks := make([][][]int64, ncat)
	for c := range ncat {
		blocks[c] = make([][]int64, mp.parts)
		for p := range mp.parts {
			blocks[c][p] = buf[off[p][c]:ends[p][c]]
		}
	}
	return blocks
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
