package classify

import (
	"math"
	"sync"
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
	c.mu.Lock()
	e, ok := c.m[name]
	if !ok {
		e = &sortedEntry{}
		c.m[name] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		// Branch-free: whether a row is a buyer is close to random.
		out := make([]float64, len(v))
		k := 0
		has := has[:len(v)]
		for i, x := range v {
			out[k] = x
			k += b2i(has[i] == 1) & b2i(x == x) // x == x: not NaN
		}
		out = out[:k]
		if !countingSort(out) {
			radixSort(out)
		}
		e.v = out
	})
	return e.v, nil
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

// radixSort sorts finite float64s (and ±Inf) ascending by an LSD radix sort
// on their order-preserving bit patterns: several times faster than a
// comparison sort on a million values, and the ranking is what every tier
// method needs. It sorts in place (the keys live in v's own memory) with
// one scratch buffer.
func radixSort(v []float64) {
	n := len(v)
	if n < 256 {
		insertionSort(v)
		return
	}
	keys := unsafe.Slice((*uint64)(unsafe.Pointer(&v[0])), n)
	for i, k := range keys {
		if k>>63 == 1 {
			k = ^k
		} else {
			k |= 1 << 63
		}
		keys[i] = k
	}
	var tmp []uint64
	src := keys
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&0xffff]++
		}
		if count[(src[0]>>shift)&0xffff] == n {
			continue // every key shares these bits
		}
		if tmp == nil {
			tmp = make([]uint64, n)
		}
		dst := tmp
		if &src[0] == &tmp[0] {
			dst = keys
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, k := range src {
			d := (k >> shift) & 0xffff
			dst[count[d]] = k
			count[d]++
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
