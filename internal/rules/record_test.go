package rules

import (
	"math"
	"slices"
	"time"
)

// testRecord is a Record backed by maps; an absent key is a missing value.
type testRecord struct {
	nums  map[string]float64
	strs  map[string]string
	bools map[string]bool
	dates map[string]time.Time
	tags  map[string][]string
}

func (r testRecord) Number(f string) (float64, bool) { v, ok := r.nums[f]; return v, ok }
func (r testRecord) String(f string) (string, bool)  { v, ok := r.strs[f]; return v, ok }
func (r testRecord) Bool(f string) (bool, bool)      { v, ok := r.bools[f]; return v, ok }
func (r testRecord) Date(f string) (time.Time, bool) { v, ok := r.dates[f]; return v, ok }
func (r testRecord) HasTag(f, tag string) bool       { return slices.Contains(r.tags[f], tag) }

// toColumns lays records out as columns for Bind, using NaN for missing
// numbers and Valid slices for the other types.
func toColumns(recs []testRecord, s Schema) *Columns {
	c := &Columns{N: len(recs), Numbers: map[string][]float64{}, Strings: map[string]StringColumn{},
		Bools: map[string]BoolColumn{}, Dates: map[string]DateColumn{}, Tags: map[string][][]string{}}
	for name, typ := range s {
		switch typ {
		case Number:
			col := make([]float64, len(recs))
			for i, r := range recs {
				v, ok := r.nums[name]
				if !ok {
					v = math.NaN()
				}
				col[i] = v
			}
			c.Numbers[name] = col
		case String:
			col := StringColumn{Values: make([]string, len(recs)), Valid: make([]bool, len(recs))}
			for i, r := range recs {
				col.Values[i], col.Valid[i] = r.strs[name]
			}
			c.Strings[name] = col
		case Bool:
			col := BoolColumn{Values: make([]bool, len(recs)), Valid: make([]bool, len(recs))}
			for i, r := range recs {
				col.Values[i], col.Valid[i] = r.bools[name]
			}
			c.Bools[name] = col
		case Date:
			col := DateColumn{Unix: make([]int64, len(recs)), Valid: make([]bool, len(recs))}
			for i, r := range recs {
				t, ok := r.dates[name]
				col.Unix[i], col.Valid[i] = t.Unix(), ok
			}
			c.Dates[name] = col
		case StringSet:
			col := make([][]string, len(recs))
			for i, r := range recs {
				col[i] = r.tags[name]
			}
			c.Tags[name] = col
		}
	}
	return c
}
