package rules

import (
	"math"
	"strings"
	"time"
)

// Record is one customer's field values, for Eval. Each accessor reports
// false when the value is missing (SQL NULL); Number may also return NaN,
// which counts as missing. Accessors are only called with fields of the
// matching type, as fixed by the Schema the rule was compiled against.
type Record interface {
	Number(field string) (float64, bool)
	String(field string) (string, bool)
	Bool(field string) (bool, bool)
	Date(field string) (time.Time, bool)
	HasTag(field, tag string) bool
}

// tri is a truth value of SQL's three-valued logic. The encoding makes and
// the minimum, or the maximum and not the reflection 2-x, which are
// exactly SQL's truth tables.
type tri uint8

const (
	triFalse   tri = 0
	triUnknown tri = 1
	triTrue    tri = 2
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// Eval reports whether rec satisfies the rule as of asOf. It follows SQL
// semantics exactly: a comparison with a missing value is UNKNOWN, UNKNOWN
// propagates through and/or/not, and only TRUE selects — so not (x > 1) is
// false, not true, when x is missing, as in a SQL WHERE clause.
//
// asOf anchors ago(…) and within(…), and its location turns date("…") into
// midnight of that day; pass it in the business time zone. Dates compare at
// whole-second precision, as they are stored in the database.
func (r *Rule) Eval(rec Record, asOf time.Time) bool {
	e := evaluator{rec: rec, asOf: asOf}
	return e.node(r.root) == triTrue
}

type evaluator struct {
	rec  Record
	asOf time.Time
}

func (e *evaluator) node(n node) tri {
	switch n := n.(type) {
	case *andNode:
		out := triTrue
		for _, t := range n.terms {
			if out = min(out, e.node(t)); out == triFalse {
				break
			}
		}
		return out
	case *orNode:
		out := triFalse
		for _, t := range n.terms {
			if out = max(out, e.node(t)); out == triTrue {
				break
			}
		}
		return out
	case *notNode:
		return triTrue - e.node(n.x)
	case *constNode:
		return triOf(n.v)
	case *cmpNode:
		return e.compare(n)
	case *inNode:
		return e.in(n)
	case *hasNode:
		return triOf(e.rec.HasTag(n.f.name, n.tag))
	case *nullNode:
		return triOf(e.present(n.f) == n.neg)
	case *containsNode:
		s, ok := e.rec.String(n.f.name)
		if !ok {
			return triUnknown
		}
		return triOf(strings.Contains(s, n.sub))
	case *withinNode:
		t, ok := e.date(n.f)
		if !ok {
			return triUnknown
		}
		return triOf(n.dur.before(e.asOf).Unix() <= t && t <= e.asOf.Unix())
	}
	panic("rules: unknown node")
}

// scalar is one side of a comparison, held in the member its type uses.
type scalar struct {
	num float64
	str string
	b   bool
	sec int64
}

// operand fetches a value of type typ; ok is false when it is missing.
func (e *evaluator) operand(v value) (scalar, bool) {
	switch v.kind {
	case vNumber:
		return scalar{num: v.num}, true
	case vString:
		return scalar{str: v.str}, true
	case vBool:
		return scalar{b: v.b}, true
	case vDate, vAgo:
		return scalar{sec: resolveDate(v, e.asOf)}, true
	}
	return e.fieldValue(v.f)
}

// fieldValue reads a field as a scalar; ok is false when it is missing.
func (e *evaluator) fieldValue(f field) (scalar, bool) {
	switch f.typ {
	case Number:
		x, ok := e.rec.Number(f.name)
		return scalar{num: x}, ok && !math.IsNaN(x)
	case String:
		s, ok := e.rec.String(f.name)
		return scalar{str: s}, ok
	case Bool:
		b, ok := e.rec.Bool(f.name)
		return scalar{b: b}, ok
	case Date:
		t, ok := e.date(f)
		return scalar{sec: t}, ok
	}
	return scalar{}, false
}

func (e *evaluator) date(f field) (int64, bool) {
	t, ok := e.rec.Date(f.name)
	return t.Unix(), ok
}

func (e *evaluator) present(f field) bool {
	_, ok := e.fieldValue(f)
	return ok
}

// order compares a and b of type t and returns ordLT, ordEQ or ordGT.
func order(t Type, a, b scalar) cmpOp {
	switch t {
	case Number:
		return orderOf(a.num < b.num, a.num == b.num)
	case String:
		return orderOf(a.str < b.str, a.str == b.str)
	case Bool:
		return orderOf(!a.b && b.b, a.b == b.b)
	}
	return orderOf(a.sec < b.sec, a.sec == b.sec)
}

func orderOf(less, equal bool) cmpOp {
	switch {
	case less:
		return ordLT
	case equal:
		return ordEQ
	}
	return ordGT
}

func (e *evaluator) compare(n *cmpNode) tri {
	a, ok := e.fieldValue(n.f)
	if !ok {
		return triUnknown
	}
	b, ok := e.operand(n.v)
	if !ok {
		return triUnknown
	}
	return triOf(n.op&order(n.f.typ, a, b) != 0)
}

func (e *evaluator) in(n *inNode) tri {
	a, ok := e.fieldValue(n.f)
	if !ok {
		return triUnknown
	}
	for _, it := range n.items {
		b, _ := e.operand(it)
		if order(n.f.typ, a, b) == ordEQ {
			return triOf(!n.neg)
		}
	}
	return triOf(n.neg)
}

// resolveDate turns a date(…) or ago(…) value into Unix seconds as of asOf.
func resolveDate(v value, asOf time.Time) int64 {
	if v.kind == vDate {
		return v.day.unix(asOf.Location())
	}
	return v.dur.before(asOf).Unix()
}
