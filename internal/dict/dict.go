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
	var values []string
	index := map[string]uint32{}
	var byPtr [256]struct {
		p    *byte
		n    int
		code uint32
	}
	code := func(v string) uint32 {
		c, ok := index[v]
		if !ok {
			c = uint32(len(values))
			index[v] = c
			values = append(values, v)
		}
		return c
	}
	empty := int64(-1)
	for r := range codes {
		var v string
		if rows == nil {
			v = src[r]
		} else {
			v = src[rows[r]]
		}
		if len(v) == 0 {
			if empty < 0 {
				empty = int64(code(""))
			}
			codes[r] = uint32(empty)
			continue
		}
		p := unsafe.StringData(v)
		a := uintptr(unsafe.Pointer(p))
		e := &byPtr[(a>>3^a>>11)&255]
		if e.p != p || e.n != len(v) {
			e.p, e.n, e.code = p, len(v), code(v)
		}
		codes[r] = e.code
	}
	return values
}
