package rules

import (
	"cmp"
	"time"
)

// BlockSize is the most rows a block matcher evaluates at once.
const BlockSize = 4096

// BindBlock is Bind for many rows at a time: the returned function sets
// out[i] to whether row lo+i is selected, for len(out) ≤ BlockSize rows.
// Comparisons of a number or date column with a constant, and and/or/not
// over them, are evaluated a column at a time, without a call or a branch
// per row (which way a comparison goes is close to random from row to row,
// and the branches of per-row evaluation mispredict); every other
// condition runs Bind's row predicate, in an and/or only on the rows the
// block terms left undecided. The results are Bind's. The
// function keeps scratch buffers: it is not for concurrent use (bind once
// per goroutine).
func (r *Rule) BindBlock(src ColumnSource, asOf time.Time) (func(lo int, out []bool), error) {
	b := binder{fetch: fetch{src: src, n: src.Len()}, asOf: asOf}
	p, err := b.block(r.root)
	if err != nil {
		return nil, err
	}
	buf := make([]tri, BlockSize)
	return func(lo int, out []bool) {
		t := buf[:len(out)]
		p.eval(lo, t)
		for i, v := range t {
			out[i] = v == triTrue
		}
	}, nil
}

// bpred evaluates one node for rows lo..lo+len(out)-1: a column at a time
// (vec) or, for conditions without a block form, row by row (row).
type bpred struct {
	vec func(lo int, out []tri)
	row pred
}

func (p bpred) eval(lo int, out []tri) {
	if p.vec != nil {
		p.vec(lo, out)
		return
	}
	for i := range out {
		out[i] = p.row(lo + i)
	}
}

func (b *binder) block(n node) (bpred, error) {
	switch n := n.(type) {
	case *andNode:
		return b.combine(n, n.terms, true)
	case *orNode:
		return b.combine(n, n.terms, false)
	case *notNode:
		p, err := b.block(n.x)
		if err != nil || p.vec == nil {
			return b.rowOnly(n, err)
		}
		return bpred{vec: func(lo int, out []tri) {
			p.vec(lo, out)
			for i, v := range out {
				out[i] = triTrue - v
			}
		}}, nil
	case *cmpNode:
		if n.v.kind != vField {
			switch n.f.typ {
			case Number:
				a, err := b.number(n.f)
				if err != nil {
					return bpred{}, err
				}
				return bpred{vec: cmpConstBlock(a, nil, n.v.num, n.op)}, nil
			case Date:
				a, err := b.date(n.f)
				if err != nil {
					return bpred{}, err
				}
				return bpred{vec: cmpConstBlock(a.Unix, a.Valid, resolveDate(n.v, b.asOf), n.op)}, nil
			}
		}
	}
	return b.rowOnly(n, nil)
}

// rowOnly is node n's row predicate (err, when set, is returned instead).
func (b *binder) rowOnly(n node, err error) (bpred, error) {
	if err != nil {
		return bpred{}, err
	}
	p, err := b.node(n)
	return bpred{row: p}, err
}

// combine folds the terms with min for and, max for or (the three-valued
// connectives). The terms with a block form go first, a column at a time;
// the others then run row by row, only on the rows still undecided (not
// yet false for and, not yet true for or), as Bind's short cuts would.
func (b *binder) combine(n node, terms []node, and bool) (bpred, error) {
	var vecs []func(int, []tri)
	var rows []pred
	for _, t := range terms {
		p, err := b.block(t)
		if err != nil {
			return bpred{}, err
		}
		if p.vec != nil {
			vecs = append(vecs, p.vec)
		} else {
			rows = append(rows, p.row)
		}
	}
	if len(vecs) == 0 {
		return b.rowOnly(n, nil)
	}
	decided := triFalse
	if !and {
		decided = triTrue
	}
	scratch := make([]tri, BlockSize)
	return bpred{vec: func(lo int, out []tri) {
		vecs[0](lo, out)
		s := scratch[:len(out)]
		for _, p := range vecs[1:] {
			p(lo, s)
			if and {
				for i, v := range s {
					out[i] = min(out[i], v)
				}
			} else {
				for i, v := range s {
					out[i] = max(out[i], v)
				}
			}
		}
		for _, p := range rows {
			for i, v := range out {
				if v == decided {
					continue
				}
				if and {
					out[i] = min(v, p(lo+i))
				} else {
					out[i] = max(v, p(lo+i))
				}
			}
		}
	}}, nil
}

// cmpConstBlock is cmpConst a block at a time, as arithmetic on the three
// test results (at most one holds): NaN fails all three and comes out
// UNKNOWN, like a missing value (valid, when set, marks the others). It
// evaluates in a method, not a closure: the compiler does not inline calls
// inside a closure returned from an inlined function, and triBit must be
// inlined.
func cmpConstBlock[T cmp.Ordered](vals []T, valid []bool, c T, op cmpOp) func(lo int, out []tri) {
	cb := &constBlock[T]{vals: vals, valid: valid, c: c}
	cb.rLT, cb.rEQ, cb.rGT = results(op)
	return cb.eval
}

type constBlock[T cmp.Ordered] struct {
	vals          []T
	valid         []bool
	c             T
	rLT, rEQ, rGT tri
}

func (cb *constBlock[T]) eval(lo int, out []tri) {
	c, rLT, rEQ, rGT := cb.c, cb.rLT, cb.rEQ, cb.rGT
	v := cb.vals[lo : lo+len(out)]
	for i, x := range v {
		lt, eq, gt := triBit(x < c), triBit(x == c), triBit(x > c)
		out[i] = lt*rLT + eq*rEQ + gt*rGT + (1-lt-eq-gt)*triUnknown
	}
	if cb.valid != nil {
		ok := cb.valid[lo : lo+len(out)]
		for i, m := range ok {
			k := triBit(m)
			out[i] = k*out[i] + (1-k)*triUnknown
		}
	}
}

// triBit is 1 for true, 0 for false.
func triBit(c bool) tri {
	var r tri
	if c {
		r = 1
	}
	return r
}
