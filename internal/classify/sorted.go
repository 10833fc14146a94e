package classify

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// sortedCache shares the sorted buyer values of a column between the
// schemes of one run (RFM, value tier, key account … all rank the same few
// columns). Keys are column names; values are ascending and NaN-free, for
// the customers with a purchase (has_purchase = 1) only.
type sortedCache struct {
	mu sync.Mutex
	m  map[string]*sortedEntry
}

type sortedEntry struct {
	once sync.Once
	busy atomic.Bool // a scheme has started sorting (or has sorted) it
	v    []float64
}

func newSortedCache() *sortedCache { return &sortedCache{m: map[string]*sortedEntry{}} }

// buyers returns the ascending values of column name over buyers.
func (c *sortedCache) buyers(f Features, name string) ([]float64, error) {
	has, err := col(f, "has_purchase")
	if err != nil {
		return nil, err
	}
	v, err := col(f, name)
	if err != nil {
		return nil, err
	}
	e := c.entry(name)
	e.once.Do(func() {
		e.busy.Store(true)
		out := buyerValues(has, v)
		if !countingSort(out) && !centsSort(out) {
			radixSort(out)
		}
		e.v = out
	})
	return e.v, nil
}

func (c *sortedCache) entry(name string) *sortedEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[name]
	if !ok {
		e = &sortedEntry{}
		c.m[name] = e
	}
	return e
}

// buyersAll is buyers of each name. It takes first the columns no other
// scheme has started on and waits for the others last, so that two schemes
// ranking the same columns (rfm_score and rfm_segments, at the start of a
// run) sort different ones at the same time instead of one waiting.
func (c *sortedCache) buyersAll(f Features, names ...string) ([][]float64, error) {
	out := make([][]float64, len(names))
	var later []int
	for i, name := range names {
		if c.entry(name).busy.Load() {
			later = append(later, i)
			continue
		}
		v, err := c.buyers(f, name)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	for _, i := range later {
		v, err := c.buyers(f, names[i])
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// quantile is Quantile7 of column name over buyers (NaN excluded), the
// value sorting them would give, found by selection: a scheme that needs
// one quantile of a column no other scheme ranks (lifecycle's median
// rhythm) does not pay for a sort.
func (c *sortedCache) quantile(f Features, name string, p float64) (float64, error) {
	has, err := col(f, "has_purchase")
	if err != nil {
		return 0, err
	}
	v, err := col(f, name)
	if err != nil {
		return 0, err
	}
	return selectQuantile7(buyerValues(has, v), p), nil
}

// buyerValues copies the values of v at the buyers' rows (has = 1),
// NaN left out. Branch-free: whether a row is a buyer is close to random.
func buyerValues(has, v []float64) []float64 {
	out := make([]float64, len(v))
	k := 0
	has = has[:len(v)]
	for i, x := range v {
		out[k] = x
		k += b2i(has[i] == 1) & b2i(x == x) // x == x: not NaN
	}
	return out[:k]
}

// selectQuantile7 is Quantile7(sorted v, p), computed by moving v's
// elements around rather than sorting them: the two order statistics it
// interpolates between are selected, and the arithmetic is Quantile7's.
func selectQuantile7(v []float64, p float64) float64 {
	lo, frac, ok := rank7(len(v), p)
	if !ok {
		return math.NaN()
	}
	nthElement(v, lo)
	if lo == len(v)-1 {
		return v[lo]
	}
	return interpolate7(v[lo], slices.Min(v[lo+1:]), frac) // everything after lo is ≥ v[lo]
}

// nthElement reorders v (NaN-free) so that v[k] is the value sorting would
// put there, nothing before it greater and nothing after it less: a
// quickselect with three-way partitions (runs of equal values end it
// early) around the median of three, which falls back to sorting a part
// that fails to shrink, so no input makes it quadratic.
func nthElement(v []float64, k int) {
	lo, hi := 0, len(v) // the part [lo, hi) holds position k
	budget := 2 * bits.Len(uint(len(v)))
	for hi-lo > 16 {
		if budget == 0 {
			slices.Sort(v[lo:hi])
			return
		}
		budget--
		a, b, c := v[lo], v[lo+(hi-lo)/2], v[hi-1]
		pivot := max(min(a, b), min(max(a, b), c))
		// Dutch flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot.
		lt, i, gt := lo, lo, hi-1
		for i <= gt {
			switch x := v[i]; {
			case x < pivot:
				v[lt], v[i] = x, v[lt]
				lt++
				i++
			case x > pivot:
				v[gt], v[i] = x, v[gt]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k > gt:
			lo = gt + 1
		default:
			return // v[k] == pivot
		}
	}
	insertionSort(v[lo:hi])
}

// maxCountingSort bounds the values countingSort takes.
const maxCountingSort = 1 << 20

// countingSort sorts v ascending when every value is a whole number in
// [0, maxCountingSort) (day counts, order counts …), by counting each value,
// and reports whether it did. Such values have one bit pattern each (−0 is
// refused), so the result is the one a comparison sort gives.
func countingSort(v []float64) bool {
	if len(v) < 256 {
		return false
	}
	top := 0
	for _, x := range v {
		if !(x >= 0 && x < maxCountingSort) || x != math.Trunc(x) || math.Signbit(x) {
			return false
		}
		top = max(top, int(x))
	}
	count := make([]int32, top+1)
	for _, x := range v {
		count[int(x)]++
	}
	i := 0
	for x, c := range count {
		f := float64(x)
		for range c {
			v[i] = f
			i++
		}
	}
	return true
}

// centsSort sorts v ascending when every value is a whole number of
// hundredths (money in yuan from fen: monetary, monetary_window …) that
// float64(c)/100 gives back bit for bit, and the cents span less than 2³²;
// it reports whether it did. It ranks the 32-bit offsets from the least
// value, so a million amounts (a span under 2²⁶ cents) take two passes
// over 4-byte keys where radixSort needs five over 8-byte ones; each value is then written
// back as float64(c)/100, the same bits it had.
func centsSort(v []float64) bool {
	n := len(v)
	if n < 256 {
		return false
	}
	// First pass: the cents, kept in v's own memory, and their range.
	cents := unsafe.Slice((*int64)(unsafe.Pointer(&v[0])), n)
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i, x := range v {
		c := math.Round(x * 100)
		ok := math.Abs(c) < 1<<52 // false for NaN and ±Inf
		ci := int64(c)
		if !ok || math.Float64bits(float64(ci)/100) != math.Float64bits(x) { // −0 too: it comes back +0
			for j := range i { // undo: v must be left as it was
				v[j] = float64(cents[j]) / 100
			}
			return false
		}
		cents[i] = ci
		lo, hi = min(lo, ci), max(hi, ci)
	}
	if uint64(hi-lo) >= 1<<32 {
		for i, c := range cents {
			v[i] = float64(c) / 100
		}
		return false
	}
	keys := make([]uint32, 2*n)
	src, tmp := keys[:n:n], keys[n:]
	const _ = uint(3*radixBits - 32) // three digits cover a 32-bit key (a compile error otherwise)
	var count [3][radixBuckets]int32
	const mask = radixBuckets - 1
	for i, c := range cents {
		k := uint32(c - lo)
		src[i] = k
		count[0][k&mask]++
		count[1][(k>>radixBits)&mask]++
		count[2][k>>(2*radixBits)]++
	}
	for p := range count {
		shift := uint(p * radixBits)
		c := &count[p]
		if int(c[(src[0]>>shift)&mask]) == n {
			continue // every key shares these bits
		}
		pos := int32(0)
		for i, x := range c {
			c[i] = pos
			pos += x
		}
		dst := tmp[:n]
		for _, k := range src {
			d := (k >> shift) & mask
			dst[c[d]] = k
			c[d]++
		}
		src, tmp = dst, src
	}
	for i, k := range src {
		v[i] = float64(lo+int64(k)) / 100
	}
	return true
}

// Digits of radixSort and centsSort: 13 bits, so that a pass's 8192
// counters (32 KB) stay in the first-level cache, and one histogram pass
// counts the digits of every pass at once. On this machine's 2-core VM, a
// million float64s sorted in 43 ms with 13-bit digits (5 passes), 46 ms
// with 11 (6), more with 8 (8) and with 16 (4 passes, but 65536 places
// to scatter to): the scatter's stores, not the passes, set the pace.
const (
	radixBits    = 13
	radixBuckets = 1 << radixBits
	radixPasses  = (64 + radixBits - 1) / radixBits
)

// radixSort sorts finite float64s (and ±Inf) ascending by an LSD radix sort
// on their order-preserving bit patterns: several times faster than a
// comparison sort on a million values, and the ranking is what every tier
// method needs. It sorts in place (the keys live in v's own memory) with
// one scratch buffer; a digit that every key shares costs no pass.
func radixSort(v []float64) {
	n := len(v)
	if n < 256 {
		insertionSort(v)
		return
	}
	keys := unsafe.Slice((*uint64)(unsafe.Pointer(&v[0])), n)
	var count [radixPasses][radixBuckets]int32 // n < 2³¹: a []float64 of more would not fit in memory here
	const mask = radixBuckets - 1
	for i, k := range keys {
		if k>>63 == 1 {
			k = ^k
		} else {
			k |= 1 << 63
		}
		keys[i] = k
		for p := range radixPasses {
			count[p][(k>>(p*radixBits))&mask]++
		}
	}
	var tmp []uint64
	src := keys
	for p := range radixPasses {
		shift := uint(p * radixBits)
		c := &count[p]
		if int(c[(src[0]>>shift)&mask]) == n {
			continue // every key shares these bits
		}
		if tmp == nil {
			tmp = make([]uint64, n)
		}
		dst := tmp
		if &src[0] == &tmp[0] {
			dst = keys
		}
		pos := int32(0)
		for i, x := range c {
			c[i] = pos
			pos += x
		}
		for _, k := range src {
			d := (k >> shift) & mask
			dst[c[d]] = k
			c[d]++
		}
		src = dst
	}
	for i, b := range src {
		if b>>63 == 1 {
			b &^= 1 << 63
		} else {
			b = ^b
		}
		v[i] = math.Float64frombits(b)
	}
}

func insertionSort(v []float64) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}
