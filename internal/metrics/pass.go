package metrics

import (
	"fmt"

	"strata/internal/model"
)

// pass holds what one worker needs to fold a range of customers. It is
// copied per chunk; the scratch slices are the only state it grows.
type pass struct {
	in    *Input
	b     *base
	clk   *dayClock
	plan  *premiumPlan
	cats  []catPlan // plan.cats()
	tally *tally    // this chunk's counts and kept lines; nil when the plan counts nothing
	rowOf []int32

	cutoff                      int64 // first instant after D
	fastFrom                    int64 // day(t) is a division from here on (see dayClock)
	winFrom, lastFrom, prevFrom int32 // first days of the window and the trend periods

	keys, winKeys []int32     // order keys, for customers whose keys are out of order
	absent        *absentCols // read-only defaults for absent optional order columns (see orderLines)
}

// cursor walks one record table's lines of the current chunk of customers
// c0..c1-1.
type cursor struct {
	j, end int
	c0, c1 int32
}

func newCursor(cust []int32, c0, c1 int32) cursor {
	return cursor{lowerBound(cust, c0), lowerBound(cust, c1), c0, c1}
}

// run folds customers c0..c1-1, one record table after the other: orders
// customer by customer (distinct counts need the customer's lines
// together), the contact tables record by record straight into the base
// sums, so customers without records cost nothing.
func (p *pass) run(c0, c1 int32) error {
	in := p.in
	oc := newCursor(in.Orders.Cust, c0, c1)
	if p.tally != nil {
		p.tally.reserve(p.plan, oc.end-oc.j)
	}
	lines := linesOf(&in.Orders, oc.j, oc.end, p.absent)
	for prev := c0 - 1; oc.j < oc.end; {
		c := in.Orders.Cust[oc.j]
		if c <= prev || c >= c1 {
			return unsorted("orders", oc.j)
		}
		prev = c
		r := p.rowOf[c]
		if r < 0 {
			oc.skip(in.Orders.Cust, c)
			continue
		}
		os, err := p.orders(c, r, &oc, &lines)
		if err != nil {
			return err
		}
		os.store(p.b, int(r))
	}
	if err := p.interactions(newCursor(in.Interactions.Cust, c0, c1)); err != nil {
		return err
	}
	if err := p.surveys(newCursor(in.Surveys.Cust, c0, c1)); err != nil {
		return err
	}
	return p.tickets(newCursor(in.Tickets.Cust, c0, c1))
}

// skip moves past customer c's lines.
func (k *cursor) skip(cust []int32, c int32) {
	for k.j < k.end && cust[k.j] == c {
		k.j++
	}
}

// unordered is the first record of the cursor's range that is outside
// its customers c0..c1-1 or comes before the record ahead of it (the one
// before the range included) in a table keyed by (cust, at), or -1. One
// tight pass of selects over the range, ahead of the fold, so that the
// fold's loop does not branch on whether a record starts a new customer
// (close to random for tables of a few records per customer).
func (k *cursor) unordered(cust []int32, at []int64) int {
	lo, hi := k.j, k.end
	if lo >= hi {
		return -1
	}
	if c := cust[lo]; c < k.c0 || c >= k.c1 {
		return lo
	}
	if c := cust[hi-1]; c < k.c0 || c >= k.c1 {
		return k.firstUnordered(cust, at) // in order, every record would be in range
	}
	bad := int32(0)
	cust, at = cust[:hi], at[:hi]
	for j := max(lo, 1); j < hi; j++ {
		c, p := cust[j], cust[j-1]
		back, earlier := b2i(c < p), b2i(at[j] < at[j-1])
		if c != p {
			earlier = 0 // a conditional move
		}
		bad |= back | earlier
	}
	if bad == 0 {
		return -1
	}
	return k.firstUnordered(cust, at)
}

// firstUnordered is unordered's answer, record by record.
func (k *cursor) firstUnordered(cust []int32, at []int64) int {
	for j := k.j; j < k.end; j++ {
		c := cust[j]
		if c < k.c0 || c >= k.c1 || j > 0 && (c < cust[j-1] || c == cust[j-1] && at[j] < at[j-1]) {
			return j
		}
	}
	return -1
}

func unsorted(table string, j int) error {
	return model.Invalid(table, fmt.Sprintf("row %d", j), "must be sorted by customer and time")
}
