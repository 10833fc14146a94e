package metrics

import (
	"fmt"
	"time"

	"strata/internal/model"
)

// pass holds what one worker needs to fold a range of customers. It is
// copied per chunk; the scratch slices are the only state it grows.
type pass struct {
	in    *Input
	t     *Table
	clk   *dayClock
	med   []int64
	rowOf []int32

	cutoff                      int64 // first instant after D
	asOf                        int32 // D as a day number
	winFrom, lastFrom, prevFrom int32 // first days of the window and the trend periods
	asOfY                       int
	asOfM                       time.Month
	asOfD                       int
	gather                      bool // rows are a subset: copy the customer columns
	attrs                       [strCols][]string

	keys, winKeys []int32 // order keys, for customers whose keys are out of order
}

// cursor walks one record table's lines of the current chunk.
type cursor struct {
	j, end int
}

func newCursor(cust []int32, c0, c1 int32) cursor {
	return cursor{lowerBound(cust, c0), lowerBound(cust, c1)}
}

// run folds customers c0..c1-1.
func (p *pass) run(c0, c1 int32) error {
	in := p.in
	oc := newCursor(in.Orders.Cust, c0, c1)
	ic := newCursor(in.Interactions.Cust, c0, c1)
	sc := newCursor(in.Surveys.Cust, c0, c1)
	tc := newCursor(in.Tickets.Cust, c0, c1)
	for c := c0; c < c1; c++ {
		r := p.rowOf[c]
		if r < 0 {
			oc.skip(in.Orders.Cust, c)
			ic.skip(in.Interactions.Cust, c)
			sc.skip(in.Surveys.Cust, c)
			tc.skip(in.Tickets.Cust, c)
			continue
		}
		os, err := p.orders(c, &oc)
		if err != nil {
			return err
		}
		cs, err := p.contacts(c, &ic, &sc, &tc)
		if err != nil {
			return err
		}
		p.write(int(r), c, &os, &cs)
	}
	for _, k := range []struct {
		name string
		cur  cursor
	}{{"orders", oc}, {"interactions", ic}, {"surveys", sc}, {"tickets", tc}} {
		if k.cur.j != k.cur.end {
			return model.Invalid(k.name, fmt.Sprintf("row %d", k.cur.j), "must be sorted by customer")
		}
	}
	return nil
}

// skip moves past customer c's lines.
func (k *cursor) skip(cust []int32, c int32) {
	for k.j < k.end && cust[k.j] == c {
		k.j++
	}
}

func unsorted(table string, j int) error {
	return model.Invalid(table, fmt.Sprintf("row %d", j), "must be sorted by customer and time")
}
