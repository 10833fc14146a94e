package metrics

import "time"

// Table is the feature table: one row per customer included as of D (not
// registered after D), in the order of Input.Customers. Columns are read by
// field name; see Fields for the schema. Slices returned by the accessors
// are shared, not copied, and may alias the Input's customer columns: do
// not modify them. A Table is safe for concurrent reads.
type Table struct {
	asOf   time.Time
	cutoff time.Time
	rows   []int32
	ids    []string
	num    [numCols][]float64
	str    [strCols][]string
	tags   [][]string
}

// newTable allocates every computed column whole and, when every customer
// is included, aliases the input's customer columns instead of copying.
func newTable(in *Input, rows []int32, asOf, cutoff time.Time) *Table {
	n := len(rows)
	t := &Table{asOf: asOf, cutoff: cutoff, rows: rows}
	flat := make([]float64, numCols*n)
	for k := range t.num {
		t.num[k] = flat[k*n : (k+1)*n : (k+1)*n]
	}
	for _, k := range []int{sNPSCategory, sPreference, sAgeBand} {
		t.str[k] = make([]string, n)
	}
	c := &in.Customers
	var blank []string
	for k, src := range customerAttrs(c) {
		if k < sGender {
			continue
		}
		switch {
		case src == nil:
			if blank == nil {
				blank = make([]string, n)
			}
			t.str[k] = blank
		case n == len(c.ID):
			t.str[k] = src
		default:
			t.str[k] = make([]string, n)
		}
	}
	switch {
	case n == len(c.ID):
		t.ids, t.tags = c.ID, c.Tags
	default:
		t.ids = make([]string, n)
		if c.Tags != nil {
			t.tags = make([][]string, n)
		}
	}
	if t.tags == nil {
		t.tags = make([][]string, n)
	}
	return t
}

// customerAttrs puts the customer attribute columns in their string slots
// (the computed slots stay nil).
func customerAttrs(c *CustomerCols) [strCols][]string {
	return [strCols][]string{sGender: c.Gender, sRegion: c.Region, sCity: c.City, sOccupation: c.Occupation,
		sIncomeBand: c.IncomeBand, sSource: c.Source, sOwner: c.Owner}
}

// gatherRow copies customer c's record columns into row r, for tables that
// leave some customers out.
func (t *Table) gatherRow(r int, c int32, cust *CustomerCols, attrs *[strCols][]string) {
	t.ids[r] = cust.ID[c]
	if cust.Tags != nil {
		t.tags[r] = cust.Tags[c]
	}
	for k := sGender; k < strCols; k++ {
		if src := attrs[k]; src != nil {
			t.str[k][r] = src[c]
		}
	}
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// IDs are the customers' external ids, one per row.
func (t *Table) IDs() []string { return t.ids }

// InputRows maps each row to its customer's index in Input.Customers.
func (t *Table) InputRows() []int32 { return t.rows }

// AsOf is the as-of date D as UTC midnight.
func (t *Table) AsOf() time.Time { return t.asOf }

// Cutoff is the first instant after D in the business zone: records at or
// after it were ignored.
func (t *Table) Cutoff() time.Time { return t.cutoff }

// Num returns a number, date (unix seconds) or bool (0/1) column; NaN is
// missing. ok is false for unknown names and other kinds.
func (t *Table) Num(field string) ([]float64, bool) {
	i, ok := byName[field]
	if !ok {
		return nil, false
	}
	switch c := columns[i]; c.Kind {
	case KindNumber, KindDate, KindBool:
		return t.num[c.slot], true
	}
	return nil, false
}

// Str returns a string column; "" is missing. ok is false for unknown
// names and other kinds.
func (t *Table) Str(field string) ([]string, bool) {
	i, ok := byName[field]
	if !ok || columns[i].Kind != KindString {
		return nil, false
	}
	return t.str[columns[i].slot], true
}

// Tags returns each row's tags (nil when none).
func (t *Table) Tags() [][]string { return t.tags }
