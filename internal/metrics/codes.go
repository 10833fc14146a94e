package metrics

import (
	"sync"

	"strata/internal/dict"
)

// Codes returns a text column dictionary-encoded: row r's value (Str's
// r-th entry) is values[codes[r]]. The values are distinct and each is
// used by some row; "" (missing) is among them when a row misses the
// value. The numbering is the same for the same table (no other order is
// promised). ok is false for unknown names and other kinds.
//
// Grouping by a category (region, gender, age band …) then works on one
// small integer per row and one entry per distinct value, instead of
// hashing or comparing a string per row. The slices are shared: do not
// modify them.
func (t *Table) Codes(field string) (codes []uint32, values []string, ok bool) {
	i, ok := byName[field]
	if !ok || columns[i].Kind != KindString {
		return nil, nil, false
	}
	slot := columns[i].slot
	d := &t.codes[slot]
	d.once.Do(func() {
		if src, ok := t.attr(slot); ok {
			if src == nil {
				d.codes, d.values = make([]uint32, len(t.rows)), []string{""}
				if len(t.rows) == 0 {
					d.values = nil
				}
				return
			}
			rows := t.rows
			if len(rows) == len(src) {
				rows = nil // every customer is a row
				if c, ok := t.cust.Coded[field]; ok && c.Check(len(src)) {
					d.codes, d.values = c.Codes, c.Values // encoded as it was loaded
					return
				}
			}
			d.codes, d.values = dict.Encode(src, rows)
			return
		}
		if v := t.str[slot].built(); v != nil {
			d.codes, d.values = dict.Encode(v, nil)
			return
		}
		if slot == sPreference {
			d.codes, d.values = t.encodePreference()
			return
		}
		if build := codeBuilders[slot]; build != nil {
			d.codes, d.values = t.encodeFixed(slot, build)
			return
		}
		d.codes, d.values = t.encodeBuilt(slot)
	})
	return d.codes, d.values, true
}

// coded is a dictionary-encoded column, built once.
type coded struct {
	once   sync.Once
	codes  []uint32
	values []string
}

// encodeBuilt dictionary-encodes a computed text column a part at a time
// from its builder, on all cores, without keeping the strings: each part
// is encoded on its own, then the parts' dictionaries are merged in row
// order (so codes still number the values in order of first appearance).
func (t *Table) encodeBuilt(slot int) ([]uint32, []string) {
	n := len(t.rows)
	const part = 1 << 16
	parts := (n + part - 1) / part
	codes := make([]uint32, n)
	local := make([][]string, parts)
	parallel(workers(), parts, func(i int) {
		lo, hi := i*part, min(n, (i+1)*part)
		buf := make([]string, hi-lo)
		strBuilders[slot](t, buf, lo, hi)
		local[i] = dict.EncodeInto(codes[lo:hi], buf, nil)
	})
	index := map[string]uint32{}
	var values []string
	for i, vs := range local {
		remap := make([]uint32, len(vs))
		same := true
		for k, v := range vs {
			c, ok := index[v]
			if !ok {
				c = uint32(len(values))
				index[v] = c
				values = append(values, v)
			}
			remap[k] = c
			same = same && c == uint32(k)
		}
		if !same {
			for r := i * part; r < min(n, (i+1)*part); r++ {
				codes[r] = remap[codes[r]]
			}
		}
	}
	return codes, values
}

// codeBuilders write the code of a computed text slot whose values are a
// fixed list (codeValues) straight from the sums, without a string.
var codeBuilders = [strCols]func(t *Table, out []uint32, lo, hi int){
	sAgeBand: func(t *Table, out []uint32, lo, hi int) {
		ages := t.birthAges()
		var buf [ageBlock]float64
		for b := lo; b < hi; b += ageBlock {
			block := buf[:min(hi-b, ageBlock)]
			t.ageRange(ages, block, b, b+len(block))
			for i, a := range block {
				out[b-lo+i] = ageBandCode(a)
			}
		}
	},
	sNPSCategory: func(t *Table, out []uint32, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = npsCode(t.b.nps1[r] - 1)
		}
	},
}

// codeValues are the values of the codeBuilders' slots by code.
var codeValues = [strCols][]string{sAgeBand: ageBands, sNPSCategory: npsCategories}

// encodeFixed builds a slot's codes with its code builder, then drops the
// values no row uses (Codes promises only used values).
func (t *Table) encodeFixed(slot int, build func(t *Table, out []uint32, lo, hi int)) ([]uint32, []string) {
	codes := make([]uint32, len(t.rows))
	t.fill(len(codes), func(lo, hi int) { build(t, codes[lo:hi], lo, hi) })
	all := codeValues[slot]
	used := make([]bool, len(all))
	for _, c := range codes {
		used[c] = true
	}
	remap := make([]uint32, len(all))
	var values []string
	for c, u := range used {
		if u {
			remap[c] = uint32(len(values))
			values = append(values, all[c])
		}
	}
	if len(values) < len(all) {
		for i, c := range codes {
			codes[i] = remap[c]
		}
	}
	return codes, values
}

// encodePreference encodes preference_stated without building its strings:
// the survey answers' preferences are encoded once (a few distinct values,
// each string usually shared by many answers), each row takes the code of
// its latest stated answer, and the codes are then numbered in order of
// first appearance among the rows, as encodeBuilt numbers them.
func (t *Table) encodePreference() ([]uint32, []string) {
	answer, answerValues := dict.Encode(t.pref, nil)
	// Provisional codes: 0 for no stated preference (""), 1+k for
	// answerValues[k]; an answer of "" is no preference too.
	prov := make([]uint32, len(answerValues)+1)
	for k, v := range answerValues {
		if v != "" {
			prov[k+1] = uint32(k + 1)
		}
	}
	pref1 := t.b.preference1[:len(t.rows)]
	codes := make([]uint32, len(t.rows))
	const unseen = ^uint32(0)
	final := make([]uint32, len(prov))
	for k := range final {
		final[k] = unseen
	}
	var values []string
	for r, i := range pref1 {
		c := uint32(0)
		if i > 0 {
			c = prov[answer[i-1]+1]
		}
		f := final[c]
		if f == unseen {
			f = uint32(len(values))
			final[c] = f
			if c == 0 {
				values = append(values, "")
			} else {
				values = append(values, answerValues[c-1])
			}
		}
		codes[r] = f
	}
	return codes, values
}
