package rules

import "time"

// The AST. Nodes carry no source positions: every check that needs one runs
// while parsing, so two spellings of the same rule produce identical trees
// (the round-trip property tested with reflect.DeepEqual).
//
// and/or are n-ary and flattened (an andNode never has an andNode child),
// which makes the tree a normal form and "depth" mean real nesting.
type node interface{ isNode() }

type andNode struct{ terms []node }
type orNode struct{ terms []node }
type notNode struct{ x node }

// constNode is a bare true or false.
type constNode struct{ v bool }

// cmpNode is field op value. A bare Bool field is parsed as field = true.
type cmpNode struct {
	f  field
	op cmpOp
	v  value
}

// inNode is field [not] in [items]; items are literals of the field's type.
type inNode struct {
	f     field
	neg   bool
	items []value
}

// hasNode is tags has "tag".
type hasNode struct {
	f   field
	tag string
}

// nullNode is field is [not] null.
type nullNode struct {
	f   field
	neg bool // is not null
}

// containsNode is contains(field, "sub"): case-sensitive substring.
type containsNode struct {
	f   field
	sub string
}

// withinNode is within(field, dur): ago(dur) <= field <= as-of.
type withinNode struct {
	f   field
	dur duration
}

func (*andNode) isNode()      {}
func (*orNode) isNode()       {}
func (*notNode) isNode()      {}
func (*constNode) isNode()    {}
func (*cmpNode) isNode()      {}
func (*inNode) isNode()       {}
func (*hasNode) isNode()      {}
func (*nullNode) isNode()     {}
func (*containsNode) isNode() {}
func (*withinNode) isNode()   {}

// field is a schema field reference with its type resolved at compile time.
type field struct {
	name string
	typ  Type
}

// cmpOp is a comparison operator encoded as the set of orderings it accepts:
// a op b holds when op&ord(a, b) != 0. One representation serves the Go
// evaluators (a bit test, no switch) and the SQL printer.
type cmpOp uint8

const (
	ordLT cmpOp = 1 << iota
	ordEQ
	ordGT

	opEQ = ordEQ
	opNE = ordLT | ordGT
	opLT = ordLT
	opLE = ordLT | ordEQ
	opGT = ordGT
	opGE = ordGT | ordEQ
)

// String returns the canonical (and SQL, except !=) spelling.
func (op cmpOp) String() string {
	switch op {
	case opEQ:
		return "="
	case opNE:
		return "!="
	case opLT:
		return "<"
	case opLE:
		return "<="
	case opGT:
		return ">"
	case opGE:
		return ">="
	}
	return "?"
}

// ordering reports whether op compares order (not just equality).
func (op cmpOp) ordering() bool { return op != opEQ && op != opNE }

// valueKind says which member of value is meaningful.
type valueKind uint8

const (
	vNumber valueKind = iota + 1
	vString
	vBool
	vDate  // date("YYYY-MM-DD"): a calendar day, midnight in the as-of location
	vAgo   // ago(dur): the as-of instant minus a calendar duration
	vField // another field of the same type
)

// value is the right-hand side of a comparison or an in-list item.
type value struct {
	kind valueKind
	num  float64
	str  string // string literal
	b    bool
	day  civilDay
	dur  duration
	f    field
}

// typ returns the value's type.
func (v value) typ() Type {
	switch v.kind {
	case vNumber:
		return Number
	case vString:
		return String
	case vBool:
		return Bool
	case vDate, vAgo:
		return Date
	case vField:
		return v.f.typ
	}
	return 0
}

// civilDay is a calendar date without a zone. It becomes an instant only at
// evaluation time, as midnight in the as-of time's location, so "2025-01-31"
// means that day in the business time zone and both back ends agree.
type civilDay struct {
	y int
	m time.Month
	d int
}

// unix returns midnight of the day in loc, as Unix seconds.
func (c civilDay) unix(loc *time.Location) int64 {
	return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, loc).Unix()
}

// maxDurationCount bounds the count of a duration literal.
const maxDurationCount = 100000

// duration is a calendar duration: n days, weeks, months or years.
type duration struct {
	n    int
	unit byte // 'd', 'w', 'm', 'y'
}

// before returns t minus the duration in t's location. Days and weeks are
// calendar days (a day across a DST change is 23 or 25 hours); months and
// years keep the day of month and clamp it to the target month's length, so
// 1m before 31 March is 28 (or 29) February, not 3 March.
func (d duration) before(t time.Time) time.Time {
	switch d.unit {
	case 'd':
		return t.AddDate(0, 0, -d.n)
	case 'w':
		return t.AddDate(0, 0, -7*d.n)
	case 'y':
		return subMonths(t, 12*d.n)
	}
	return subMonths(t, d.n)
}

// subMonths moves t back n calendar months, clamping the day of month.
func subMonths(t time.Time, n int) time.Time {
	y, m, day := t.Date()
	months := y*12 + int(m) - 1 - n
	ty, tm := months/12, time.Month(months%12+1)
	if months%12 < 0 {
		ty, tm = ty-1, time.Month(months%12+13)
	}
	if last := daysIn(ty, tm); day > last {
		day = last
	}
	return time.Date(ty, tm, day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
