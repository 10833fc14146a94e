package metrics

import (
	"sync"
	"sync/atomic"
	"time"
)

// Table is the feature table: one row per customer included as of D (not
// registered after D), in the order of Input.Customers. Columns are read by
// field name; see Fields for the schema.
//
// Columns are built on first access from the sums Compute keeps, then
// cached, so a run pays only for the columns it reads; FillNum builds a
// range of rows without keeping the column. The Table keeps the Input's
// customer columns and survey preferences (not the order, interaction or
// ticket lines, which the caller may drop once Compute returns): do not
// modify those while the Table is in use. Slices returned by the accessors
// are shared, not copied, and may alias the Input's customer columns: do
// not modify them either. A Table is safe for concurrent use.
type Table struct {
	asOf   time.Time
	cutoff time.Time
	cust   CustomerCols // the Input's customer columns (shared)
	pref   []string     // the Input's Surveys.Preference (shared)
	rows   []int32
	b      *base
	clk    *dayClock
	fast   int64 // clk.fastFrom(), for dayOf
	day    int32 // D as a day number
	y      int   // D's calendar fields, for ages
	m      time.Month
	d      int

	agesOnce sync.Once
	ages     ageTable // see birthAges

	num   [numCols]lazy[float64]
	str   [strCols]lazy[string]
	codes [strCols]coded
	ids   lazy[string]
	tags  lazy[[]string]
}

// lazy is a column built once, on first use.
type lazy[T any] struct {
	once sync.Once
	done atomic.Bool // v is built
	v    []T
}

func (l *lazy[T]) get(build func() []T) []T {
	l.once.Do(func() {
		l.v = build()
		l.done.Store(true)
	})
	return l.v
}

// built returns the column if it has been built, else nil.
func (l *lazy[T]) built() []T {
	if l.done.Load() {
		return l.v
	}
	return nil
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// InputRows maps each row to its customer's index in Input.Customers.
func (t *Table) InputRows() []int32 { return t.rows }

// AsOf is the as-of date D as UTC midnight.
func (t *Table) AsOf() time.Time { return t.asOf }

// Cutoff is the first instant after D in the business zone: records at or
// after it were ignored.
func (t *Table) Cutoff() time.Time { return t.cutoff }

// IDs are the customers' external ids, one per row.
func (t *Table) IDs() []string {
	return t.ids.get(func() []string { return gather(t, t.cust.ID) })
}

// Tags returns each row's tags (nil when none).
func (t *Table) Tags() [][]string {
	return t.tags.get(func() [][]string { return gather(t, t.cust.Tags) })
}

// Num returns a number, date (unix seconds) or bool (0/1) column; NaN is
// missing. ok is false for unknown names and other kinds.
func (t *Table) Num(field string) ([]float64, bool) {
	i, ok := byName[field]
	if !ok {
		return nil, false
	}
	switch c := columns[i]; c.Kind {
	case KindNumber, KindDate, KindBool:
		return t.num[c.slot].get(func() []float64 {
			out := make([]float64, len(t.rows))
			t.fill(len(out), func(lo, hi int) { numBuilders[c.slot](t, out[lo:hi], lo, hi) })
			return out
		}), true
	}
	return nil, false
}

// FillNum writes rows lo..lo+len(out)-1 of a number, date or bool column
// into out, the same values Num returns, without building and keeping the
// whole column (a column already built is copied). ok is false for unknown
// names and other kinds. It is how a caller that needs every column, a
// slice of rows at a time, avoids holding them all at once.
func (t *Table) FillNum(field string, lo int, out []float64) bool {
	i, ok := byName[field]
	if !ok {
		return false
	}
	switch c := columns[i]; c.Kind {
	case KindNumber, KindDate, KindBool:
		if lo < 0 || lo+len(out) > len(t.rows) {
			panic("metrics: FillNum rows out of range")
		}
		if v := t.num[c.slot].built(); v != nil {
			copy(out, v[lo:])
			return true
		}
		numBuilders[c.slot](t, out, lo, lo+len(out))
		return true
	}
	return false
}

// Str returns a string column; "" is missing. ok is false for unknown
// names and other kinds.
func (t *Table) Str(field string) ([]string, bool) {
	i, ok := byName[field]
	if !ok || columns[i].Kind != KindString {
		return nil, false
	}
	slot := columns[i].slot
	return t.str[slot].get(func() []string {
		if src, ok := t.attr(slot); ok {
			return gather(t, src)
		}
		out := make([]string, len(t.rows))
		t.fill(len(out), func(lo, hi int) { strBuilders[slot](t, out[lo:hi], lo, hi) })
		return out
	}), true
}

// attr returns the Input column behind a customer attribute slot.
func (t *Table) attr(slot int) ([]string, bool) {
	c := &t.cust
	switch slot {
	case sGender:
		return c.Gender, true
	case sRegion:
		return c.Region, true
	case sCity:
		return c.City, true
	case sOccupation:
		return c.Occupation, true
	case sIncomeBand:
		return c.IncomeBand, true
	case sSource:
		return c.Source, true
	case sOwner:
		return c.Owner, true
	}
	return nil, false
}

// gather returns src's entries for the table's rows: src itself when every
// customer is a row, zero values when src is nil (unknown for everyone).
func gather[T any](t *Table, src []T) []T {
	if src != nil && len(t.rows) == len(src) {
		return src
	}
	out := make([]T, len(t.rows))
	if src != nil {
		for r, c := range t.rows {
			out[r] = src[c]
		}
	}
	return out
}

// fill runs build over row ranges on the available cores.
func (t *Table) fill(n int, build func(lo, hi int)) {
	const part = 1 << 16
	parts := (n + part - 1) / part
	parallel(workers(), parts, func(i int) { build(i*part, min(n, (i+1)*part)) })
}
