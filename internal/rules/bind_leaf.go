package rules

import (
	"cmp"
	"fmt"
)

// results returns the truth value op gives for each ordering.
func results(op cmpOp) (lt, eq, gt tri) {
	return triOf(op&ordLT != 0), triOf(op&ordEQ != 0), triOf(op&ordGT != 0)
}

// cmpConst compares a column with a constant. NaN fails all three tests
// and so comes out UNKNOWN, like NULL.
func cmpConst[T cmp.Ordered](vals []T, valid []bool, c T, op cmpOp) pred {
	rLT, rEQ, rGT := results(op)
	return func(i int) tri {
		if valid != nil && !valid[i] {
			return triUnknown
		}
		switch x := vals[i]; {
		case x < c:
			return rLT
		case x == c:
			return rEQ
		case x > c:
			return rGT
		}
		return triUnknown
	}
}

// cmpCols compares two columns row by row.
func cmpCols[T cmp.Ordered](a []T, av []bool, c []T, cv []bool, op cmpOp) pred {
	rLT, rEQ, rGT := results(op)
	return func(i int) tri {
		if (av != nil && !av[i]) || (cv != nil && !cv[i]) {
			return triUnknown
		}
		switch x, y := a[i], c[i]; {
		case x < y:
			return rLT
		case x == y:
			return rEQ
		case x > y:
			return rGT
		}
		return triUnknown
	}
}

// boolInts maps a Bool column to 0/1 so it shares the ordered code paths.
func boolInts(c BoolColumn) []int64 {
	out := make([]int64, len(c.Values))
	for i, v := range c.Values {
		out[i] = boolInt(v)
	}
	return out
}

func (b *binder) compare(n *cmpNode) (pred, error) {
	switch n.f.typ {
	case Number:
		a, err := b.number(n.f)
		if err != nil {
			return nil, err
		}
		if n.v.kind != vField {
			return cmpConst(a, nil, n.v.num, n.op), nil
		}
		c, err := b.number(n.v.f)
		if err != nil {
			return nil, err
		}
		return cmpCols(a, nil, c, nil, n.op), nil
	case String:
		a, err := b.str(n.f)
		if err != nil {
			return nil, err
		}
		if n.v.kind != vField {
			return cmpConst(a.Values, a.Valid, n.v.str, n.op), nil
		}
		c, err := b.str(n.v.f)
		if err != nil {
			return nil, err
		}
		return cmpCols(a.Values, a.Valid, c.Values, c.Valid, n.op), nil
	case Bool:
		a, err := b.boolean(n.f)
		if err != nil {
			return nil, err
		}
		if n.v.kind != vField {
			return cmpBoolConst(a, n.v.b, n.op), nil
		}
		c, err := b.boolean(n.v.f)
		if err != nil {
			return nil, err
		}
		return cmpCols(boolInts(a), a.Valid, boolInts(c), c.Valid, n.op), nil
	case Date:
		a, err := b.date(n.f)
		if err != nil {
			return nil, err
		}
		if n.v.kind != vField {
			return cmpConst(a.Unix, a.Valid, resolveDate(n.v, b.asOf), n.op), nil
		}
		c, err := b.date(n.v.f)
		if err != nil {
			return nil, err
		}
		return cmpCols(a.Unix, a.Valid, c.Unix, c.Valid, n.op), nil
	}
	return nil, fmt.Errorf("rules: cannot compare %s field %q", n.f.typ, n.f.name)
}

// cmpBoolConst handles field = true / field != false and friends.
func cmpBoolConst(c BoolColumn, v bool, op cmpOp) pred {
	onEqual, onDiff := triOf(op&ordEQ != 0), triOf(op&ordEQ == 0)
	return func(i int) tri {
		if c.Valid != nil && !c.Valid[i] {
			return triUnknown
		}
		if c.Values[i] == v {
			return onEqual
		}
		return onDiff
	}
}

// inSet tests membership in a set of literals.
func inSet[T comparable](vals []T, valid []bool, set map[T]struct{}, neg bool) pred {
	hit, miss := triOf(!neg), triOf(neg)
	return func(i int) tri {
		if valid != nil && !valid[i] {
			return triUnknown
		}
		if _, ok := set[vals[i]]; ok {
			return hit
		}
		return miss
	}
}

func setOf[T comparable](items []value, key func(value) T) map[T]struct{} {
	set := make(map[T]struct{}, len(items))
	for _, it := range items {
		set[key(it)] = struct{}{}
	}
	return set
}

func (b *binder) in(n *inNode) (pred, error) {
	switch n.f.typ {
	case Number:
		a, err := b.number(n.f)
		if err != nil {
			return nil, err
		}
		set := setOf(n.items, func(v value) float64 { return v.num })
		hit, miss := triOf(!n.neg), triOf(n.neg)
		return func(i int) tri {
			x := a[i]
			if x != x {
				return triUnknown
			}
			if _, ok := set[x]; ok {
				return hit
			}
			return miss
		}, nil
	case String:
		a, err := b.str(n.f)
		if err != nil {
			return nil, err
		}
		return inSet(a.Values, a.Valid, setOf(n.items, func(v value) string { return v.str }), n.neg), nil
	case Bool:
		a, err := b.boolean(n.f)
		if err != nil {
			return nil, err
		}
		return inSet(a.Values, a.Valid, setOf(n.items, func(v value) bool { return v.b }), n.neg), nil
	case Date:
		a, err := b.date(n.f)
		if err != nil {
			return nil, err
		}
		asOf := b.asOf
		return inSet(a.Unix, a.Valid, setOf(n.items, func(v value) int64 { return resolveDate(v, asOf) }), n.neg), nil
	}
	return nil, fmt.Errorf("rules: no in-list on %s field %q", n.f.typ, n.f.name)
}

func (b *binder) has(n *hasNode) (pred, error) {
	c, err := b.tags(n.f)
	if err != nil {
		return nil, err
	}
	tag := n.tag
	return func(i int) tri {
		for _, t := range c[i] {
			if t == tag {
				return triTrue
			}
		}
		return triFalse
	}, nil
}

func (b *binder) null(n *nullNode) (pred, error) {
	isNull, notNull := triOf(!n.neg), triOf(n.neg)
	var valid []bool
	switch n.f.typ {
	case Number:
		a, err := b.number(n.f)
		if err != nil {
			return nil, err
		}
		return func(i int) tri {
			if x := a[i]; x != x {
				return isNull
			}
			return notNull
		}, nil
	case String:
		c, err := b.str(n.f)
		if err != nil {
			return nil, err
		}
		valid = c.Valid
	case Bool:
		c, err := b.boolean(n.f)
		if err != nil {
			return nil, err
		}
		valid = c.Valid
	case Date:
		c, err := b.date(n.f)
		if err != nil {
			return nil, err
		}
		valid = c.Valid
	default:
		return nil, fmt.Errorf("rules: no null test on %s field %q", n.f.typ, n.f.name)
	}
	if valid == nil {
		return func(int) tri { return notNull }, nil
	}
	return func(i int) tri {
		if valid[i] {
			return notNull
		}
		return isNull
	}, nil
}
