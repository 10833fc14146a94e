package rules

import "fmt"

// ColumnSource is column-oriented field data for Bind: one slice per field,
// all of length Len(). It is the shape of the metrics feature table, so a
// classification run evaluates rules without building per-row records.
// The bool result of each accessor reports whether the field exists.
type ColumnSource interface {
	Len() int
	NumberColumn(field string) ([]float64, bool) // NaN marks a missing value
	StringColumn(field string) (StringColumn, bool)
	BoolColumn(field string) (BoolColumn, bool)
	DateColumn(field string) (DateColumn, bool)
	TagColumn(field string) ([][]string, bool) // row -> its tags
}

// StringColumn holds a String field. Valid marks present values; a nil
// Valid means every value is present.
type StringColumn struct {
	Values []string
	Valid  []bool
}

// BoolColumn holds a Bool field. Valid as in StringColumn.
type BoolColumn struct {
	Values []bool
	Valid  []bool
}

// DateColumn holds a Date field as Unix seconds, the unit Strata stores.
// Valid as in StringColumn.
type DateColumn struct {
	Unix  []int64
	Valid []bool
}

// Columns is a ready-made ColumnSource backed by maps, for callers that do
// not have their own table type (and for tests).
type Columns struct {
	N       int
	Numbers map[string][]float64
	Strings map[string]StringColumn
	Bools   map[string]BoolColumn
	Dates   map[string]DateColumn
	Tags    map[string][][]string
}

// Len returns the number of rows.
func (c *Columns) Len() int { return c.N }

// NumberColumn returns the Number column for field.
func (c *Columns) NumberColumn(field string) ([]float64, bool) {
	v, ok := c.Numbers[field]
	return v, ok
}

// StringColumn returns the String column for field.
func (c *Columns) StringColumn(field string) (StringColumn, bool) {
	v, ok := c.Strings[field]
	return v, ok
}

// BoolColumn returns the Bool column for field.
func (c *Columns) BoolColumn(field string) (BoolColumn, bool) {
	v, ok := c.Bools[field]
	return v, ok
}

// DateColumn returns the Date column for field.
func (c *Columns) DateColumn(field string) (DateColumn, bool) {
	v, ok := c.Dates[field]
	return v, ok
}

// TagColumn returns the StringSet column for field.
func (c *Columns) TagColumn(field string) ([][]string, bool) {
	v, ok := c.Tags[field]
	return v, ok
}

// fetch resolves field columns once, checking presence and lengths, so the
// per-row closures index slices without further checks.
type fetch struct {
	src ColumnSource
	n   int
}

func (f *fetch) missing(fl field) error {
	return fmt.Errorf("rules: no %s column for field %q", fl.typ, fl.name)
}

func (f *fetch) checkLen(fl field, lens ...int) error {
	for i, l := range lens {
		if (i == 0 || l != 0) && l != f.n {
			return fmt.Errorf("rules: column %q has %d rows, want %d", fl.name, l, f.n)
		}
	}
	return nil
}

func (f *fetch) number(fl field) ([]float64, error) {
	c, ok := f.src.NumberColumn(fl.name)
	if !ok {
		return nil, f.missing(fl)
	}
	return c, f.checkLen(fl, len(c))
}

func (f *fetch) str(fl field) (StringColumn, error) {
	c, ok := f.src.StringColumn(fl.name)
	if !ok {
		return c, f.missing(fl)
	}
	if len(c.Valid) == 0 {
		c.Valid = nil // the closures test Valid != nil
	}
	return c, f.checkLen(fl, len(c.Values), len(c.Valid))
}

func (f *fetch) boolean(fl field) (BoolColumn, error) {
	c, ok := f.src.BoolColumn(fl.name)
	if !ok {
		return c, f.missing(fl)
	}
	if len(c.Valid) == 0 {
		c.Valid = nil // the closures test Valid != nil
	}
	return c, f.checkLen(fl, len(c.Values), len(c.Valid))
}

func (f *fetch) date(fl field) (DateColumn, error) {
	c, ok := f.src.DateColumn(fl.name)
	if !ok {
		return c, f.missing(fl)
	}
	if len(c.Valid) == 0 {
		c.Valid = nil
	}
	return c, f.checkLen(fl, len(c.Unix), len(c.Valid))
}

func (f *fetch) tags(fl field) ([][]string, error) {
	c, ok := f.src.TagColumn(fl.name)
	if !ok {
		return nil, f.missing(fl)
	}
	return c, f.checkLen(fl, len(c))
}
