// Package dict dictionary-encodes text columns: one small integer per row
// and one entry per distinct value, so that grouping by a category works
// on integers instead of hashing or comparing a string per row.
package dict

import "unsafe"

// Encode dictionary-encodes src[rows[r]] (src[r] when rows is nil). The
// loaders intern category values, so most rows share their string's bytes
// with an earlier row: a small cache keyed by the data pointer answers
// those without hashing the string. Codes are numbered in order of first
// appearance; every value is used by some row.
func Encode(src []string, rows []int32) ([]uint32, []string) {
	n := len(rows)
	if rows == nil {
		n = len(src)
	}
	codes := make([]uint32, n)
	return codes, EncodeInto(codes, src, rows)
}

// EncodeInto is Encode writing the codes into codes, which has one entry
// per row.
func EncodeInto(codes []uint32, src []string, rows []int32) []string {
	e := encoder{index: map[string]uint32{}}
	for k := range e.n {
		e.n[k] = -1 // no string has that length: every slot starts empty
	}
	if rows == nil {
		for r, v := range src[:len(codes)] {
			codes[r] = e.code(v)
		}
	} else {
		for r, i := range rows[:len(codes)] {
			codes[r] = e.code(src[i])
		}
	}
	return e.values
}

// cacheSize is the number of entries of encoder's pointer cache.
const (
	cacheBits = 10
	cacheSize = 1 << cacheBits
)

// encoder numbers distinct strings. Its cache remembers, by the address
// of a string's bytes, the code of the last string seen there: an address
// (as an integer, which the garbage collector ignores; the strings stay
// alive in the caller's column) and a length identify the same text.
type encoder struct {
	index  map[string]uint32
	values []string
	addr   [cacheSize]uintptr
	n      [cacheSize]int
	c      [cacheSize]uint32
}

func (e *encoder) code(v string) uint32 {
	a := uintptr(unsafe.Pointer(unsafe.StringData(v)))
	// Fibonacci hashing of the whole address: small strings are packed
	// together (several in one 16-byte block of the tiny allocator), so
	// dropping low bits would put distinct strings in one slot.
	k := uint64(a) * 0x9E3779B97F4A7C15 >> (64 - cacheBits)
	if e.addr[k] != a || e.n[k] != len(v) {
		e.addr[k], e.n[k], e.c[k] = a, len(v), e.slow(v)
	}
	return e.c[k]
}

// slow looks v up by its text.
func (e *encoder) slow(v string) uint32 {
	c, ok := e.index[v]
	if !ok {
		c = uint32(len(e.values))
		e.index[v] = c
		e.values = append(e.values, v)
	}
	return c
}

// Column is a text column dictionary-encoded: Values[Codes[i]] is row i's
// value. The values are distinct, numbered in order of first appearance,
// and each is used by some row (as Encode makes them).
type Column struct {
	Codes  []uint32
	Values []string
}

// Check reports whether c is a well-formed column of n rows: codes in
// range, values distinct, each used and numbered in order of first
// appearance. It costs one pass over the codes, far less than encoding
// the strings again.
func (c Column) Check(n int) bool {
	if len(c.Codes) != n {
		return false
	}
	next := uint32(0) // codes must first appear as 0, 1, 2 …
	for _, k := range c.Codes {
		if k > next || k >= uint32(len(c.Values)) {
			return false
		}
		if k == next {
			next++
		}
	}
	if int(next) != len(c.Values) {
		return false // a value no row uses
	}
	seen := make(map[string]bool, len(c.Values))
	for _, v := range c.Values {
		if seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

// Builder encodes a column one value at a time, as a loader reads it.
// The zero value is ready to use.
type Builder struct {
	index map[string]uint32
	col   Column
}

// Add appends v's code and returns the column's copy of v, so that equal
// values share one string (as the loaders intern them).
func (b *Builder) Add(v string) string {
	c, ok := b.index[v]
	if !ok {
		if b.index == nil {
			b.index = map[string]uint32{}
		}
		c = uint32(len(b.col.Values))
		b.index[v] = c
		b.col.Values = append(b.col.Values, v)
	}
	b.col.Codes = append(b.col.Codes, c)
	return b.col.Values[c]
}

// Column returns the codes added so far.
func (b *Builder) Column() Column { return b.col }
