package metrics

import (
	"fmt"
	"math"
	"math/bits"
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
// an included customer (rowOf >= 0). The median is exact and independent of
// the number of workers: lines are bucketed by category in two counting
// passes, then a radix selection finds the middle of each bucket.
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
	eligible := func(j int) bool {
		c := o.Cust[j]
		return uint32(c) < uint32(len(rowOf)) && rowOf[c] >= 0 && o.At[j] < cutoff &&
			o.Status[j] == StatusPaid && o.Amount[j] > 0 && o.UnitPrice[j] > 0 && o.Category[j] >= 0
	}
	// Pass 1: per part, per category counts.
	counts := make([][]int, parts)
	errs := make([]error, parts)
	parallel(parts, parts, func(p int) {
		cnt := make([]int, ncat)
		for j := p * n / parts; j < (p+1)*n/parts; j++ {
			if !eligible(j) {
				continue
			}
			cat := o.Category[j]
			if int(cat) >= ncat {
				errs[p] = model.Invalid(fmt.Sprintf("orders.category[%d]", j), strconv.Itoa(int(cat)),
					fmt.Sprintf("must be below the %d categories", ncat))
				return
			}
			cnt[cat]++
		}
		counts[p] = cnt
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	// Offsets: category-major, part-minor, so each category is contiguous.
	start := make([]int, ncat+1)
	offs := make([][]int, parts)
	for p := range offs {
		offs[p] = make([]int, ncat)
	}
	pos := 0
	for c := range ncat {
		start[c] = pos
		for p := range parts {
			offs[p][c] = pos
			pos += counts[p][c]
		}
	}
	start[ncat] = pos
	// Pass 2: scatter the prices.
	buf := make([]int64, pos)
	parallel(parts, parts, func(p int) {
		off := offs[p]
		for j := p * n / parts; j < (p+1)*n/parts; j++ {
			if eligible(j) {
				cat := o.Category[j]
				buf[off[cat]] = o.UnitPrice[j]
				off[cat]++
			}
		}
	})
	parallel(workers, ncat, func(c int) {
		if v := buf[start[c]:start[c+1]]; len(v) > 0 {
			med[c] = middleSum(v)
		}
	})
	return med, nil
}

// middleSum returns v(k1) + v(k2), the two middle order statistics of v
// (equal when len(v) is odd). It reorders v. Each round histograms the
// values on 11 bits of their range and keeps the bucket holding the middle,
// so it takes a few linear passes whatever the distribution.
func middleSum(v []int64) int64 {
	k1, k2 := (len(v)-1)/2, len(v)/2
	for {
		lo, hi := v[0], v[0]
		for _, x := range v {
			lo, hi = min(lo, x), max(hi, x)
		}
		if lo == hi {
			return 2 * lo
		}
		shift := max(0, bits.Len64(uint64(hi-lo))-11)
		var hist [2048]int
		for _, x := range v {
			hist[(x-lo)>>shift]++
		}
		b1, before := 0, 0
		for before+hist[b1] <= k1 {
			before += hist[b1]
			b1++
		}
		if k2 < before+hist[b1] {
			if shift == 0 {
				return 2 * (lo + int64(b1))
			}
			// Keep bucket b1 and look again inside it.
			w := 0
			for _, x := range v {
				if int((x-lo)>>shift) == b1 {
					v[w] = x
					w++
				}
			}
			v, k1, k2 = v[:w], k1-before, k2-before
			continue
		}
		// k1 is the largest value of bucket b1, k2 the smallest of the next
		// non-empty bucket.
		b2 := b1 + 1
		for hist[b2] == 0 {
			b2++
		}
		a, b := int64(math.MinInt64), int64(math.MaxInt64)
		for _, x := range v {
			switch int((x - lo) >> shift) {
			case b1:
				a = max(a, x)
			case b2:
				b = min(b, x)
			}
		}
		return a + b
	}
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
