package rules

import (
	"fmt"
	"strings"
	"time"
)

// pred evaluates one node for row i.
type pred func(i int) tri

// Bind compiles the rule against column data once and returns a function
// that evaluates row i with the same three-valued semantics as Eval. Column
// lookups, length checks and date arithmetic all happen here, so the
// returned function only indexes slices; it is safe for concurrent use as
// long as the columns are not modified.
func (r *Rule) Bind(src ColumnSource, asOf time.Time) (func(i int) bool, error) {
	b := binder{fetch: fetch{src: src, n: src.Len()}, asOf: asOf}
	p, err := b.node(r.root)
	if err != nil {
		return nil, err
	}
	return func(i int) bool { return p(i) == triTrue }, nil
}

// Select returns the indexes of the rows the rule selects, in order.
func (r *Rule) Select(src ColumnSource, asOf time.Time) ([]int, error) {
	match, err := r.Bind(src, asOf)
	if err != nil {
		return nil, err
	}
	var out []int
	for i := range src.Len() {
		if match(i) {
			out = append(out, i)
		}
	}
	return out, nil
}

type binder struct {
	fetch
	asOf time.Time
}

func (b *binder) node(n node) (pred, error) {
	switch n := n.(type) {
	case *andNode:
		ps, err := b.nodes(n.terms)
		if err != nil {
			return nil, err
		}
		return andPred(ps), nil
	case *orNode:
		ps, err := b.nodes(n.terms)
		if err != nil {
			return nil, err
		}
		return orPred(ps), nil
	case *notNode:
		p, err := b.node(n.x)
		if err != nil {
			return nil, err
		}
		return func(i int) tri { return triTrue - p(i) }, nil
	case *constNode:
		v := triOf(n.v)
		return func(int) tri { return v }, nil
	case *cmpNode:
		return b.compare(n)
	case *inNode:
		return b.in(n)
	case *hasNode:
		return b.has(n)
	case *nullNode:
		return b.null(n)
	case *containsNode:
		c, err := b.str(n.f)
		if err != nil {
			return nil, err
		}
		sub := n.sub
		return func(i int) tri {
			if c.Valid != nil && !c.Valid[i] {
				return triUnknown
			}
			return triOf(strings.Contains(c.Values[i], sub))
		}, nil
	case *withinNode:
		c, err := b.date(n.f)
		if err != nil {
			return nil, err
		}
		lo, hi := n.dur.before(b.asOf).Unix(), b.asOf.Unix()
		return func(i int) tri {
			if c.Valid != nil && !c.Valid[i] {
				return triUnknown
			}
			t := c.Unix[i]
			return triOf(lo <= t && t <= hi)
		}, nil
	}
	return nil, fmt.Errorf("rules: unknown node %T", n)
}

func (b *binder) nodes(ns []node) ([]pred, error) {
	ps := make([]pred, len(ns))
	for i, n := range ns {
		p, err := b.node(n)
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	return ps, nil
}

// andPred combines terms; the common two- and three-term cases avoid the
// loop.
func andPred(ps []pred) pred {
	switch len(ps) {
	case 2:
		p, q := ps[0], ps[1]
		return func(i int) tri {
			a := p(i)
			if a == triFalse {
				return triFalse
			}
			return min(a, q(i))
		}
	case 3:
		p, q, s := ps[0], ps[1], ps[2]
		return func(i int) tri {
			a := p(i)
			if a == triFalse {
				return triFalse
			}
			if a = min(a, q(i)); a == triFalse {
				return triFalse
			}
			return min(a, s(i))
		}
	}
	return func(i int) tri {
		out := triTrue
		for _, p := range ps {
			if out = min(out, p(i)); out == triFalse {
				return triFalse
			}
		}
		return out
	}
}

func orPred(ps []pred) pred {
	if len(ps) == 2 {
		p, q := ps[0], ps[1]
		return func(i int) tri {
			a := p(i)
			if a == triTrue {
				return triTrue
			}
			return max(a, q(i))
		}
	}
	return func(i int) tri {
		out := triFalse
		for _, p := range ps {
			if out = max(out, p(i)); out == triTrue {
				return triTrue
			}
		}
		return out
	}
}
