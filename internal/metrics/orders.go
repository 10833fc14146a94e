package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"strata/internal/model"
)

// orderStats is one customer's order lines folded up to D. Money is in
// minor units. A purchase is a paid line of positive amount.
type orderStats struct {
	purchases         bool
	firstAt, lastAt   int64 // instants of the first and last purchase
	firstDay, lastDay int32
	purchaseDays      int32
	freq, freqWin     int32

	monetary, monWin int64 // paid lines, returns included
	last, prev       int64 // paid lines in the two trend periods
	profit           int64 // amount − cost of paid lines with a cost
	hasProfit        bool
	gross            int64 // positive paid + refunded amounts
	refunded         int64 // positive refunded amounts
	returned         int64 // −(negative paid amounts)
	pos              int64 // positive paid amounts
	discount         int64 // discounts on purchases
	premium          int64 // positive paid amounts on premium lines
}

// orders folds customer c's order lines, which start at k.j, and moves k
// past them. Lines are in time order, so the first line at or after the
// cutoff ends the fold.
func (p *pass) orders(c int32, k *cursor) (orderStats, error) {
	o := &p.in.Orders
	var s orderStats
	start := k.j
	prevT := int64(math.MinInt64)
	ordered := true
	var lastKey, lastWinKey int32
	j := k.j
	for ; j < k.end && o.Cust[j] == c; j++ {
		t := o.At[j]
		if t >= p.cutoff {
			break
		}
		if t < prevT {
			return s, unsorted("orders", j)
		}
		prevT = t
		a := o.Amount[j]
		switch o.Status[j] {
		case StatusPaid:
		case StatusRefunded:
			if a > 0 {
				s.gross += a
				s.refunded += a
			}
			continue
		case StatusCancelled:
			continue
		default:
			return s, model.Invalid(fmt.Sprintf("orders.status[%d]", j), strconv.Itoa(int(o.Status[j])),
				"must be StatusPaid, StatusRefunded or StatusCancelled")
		}
		d := p.clk.day(t)
		s.monetary += a
		if d >= p.winFrom {
			s.monWin += a
		}
		if d >= p.lastFrom {
			s.last += a
		} else if d >= p.prevFrom {
			s.prev += a
		}
		if o.HasCost != nil && o.HasCost[j] {
			s.profit += a - o.Cost[j]
			s.hasProfit = true
		}
		if a <= 0 {
			s.returned -= a
			continue
		}
		// A purchase.
		s.gross += a
		s.pos += a
		if o.Discount != nil {
			s.discount += o.Discount[j]
		}
		if p.premiumLine(j) {
			s.premium += a
		}
		switch {
		case !s.purchases:
			s.purchases, s.firstAt, s.firstDay, s.lastDay, s.purchaseDays = true, t, d, d, 1
		case d != s.lastDay:
			s.lastDay = d
			s.purchaseDays++
		}
		s.lastAt = t
		// Runs of equal keys are distinct orders as long as keys never
		// decrease; otherwise recount below.
		key := o.Order[j]
		if s.freq == 0 || key != lastKey {
			ordered = ordered && (s.freq == 0 || key > lastKey)
			s.freq++
			lastKey = key
		}
		if d >= p.winFrom && (s.freqWin == 0 || key != lastWinKey) {
			ordered = ordered && (s.freqWin == 0 || key > lastWinKey)
			s.freqWin++
			lastWinKey = key
		}
	}
	stop := j
	k.j = j
	k.skip(o.Cust, c)
	if !ordered {
		s.freq, s.freqWin = p.countOrders(start, stop)
	}
	return s, nil
}

// premiumLine reports whether line j is in a premium category or priced
// above its category's median.
func (p *pass) premiumLine(j int) bool {
	o := &p.in.Orders
	if o.Category == nil {
		return false
	}
	cat := o.Category[j]
	if cat < 0 || int(cat) >= len(p.med) {
		return false
	}
	if p.in.Premium != nil && p.in.Premium[cat] {
		return true
	}
	return o.UnitPrice != nil && o.UnitPrice[j] > 0 && 2*o.UnitPrice[j] > p.med[cat]
}

// countOrders counts distinct order keys of the purchases in lines
// start..stop-1, overall and in the window: the slow path for customers
// whose keys are not in line order.
func (p *pass) countOrders(start, stop int) (freq, freqWin int32) {
	o := &p.in.Orders
	p.keys, p.winKeys = p.keys[:0], p.winKeys[:0]
	for j := start; j < stop; j++ {
		if o.Status[j] != StatusPaid || o.Amount[j] <= 0 {
			continue
		}
		p.keys = append(p.keys, o.Order[j])
		if p.clk.day(o.At[j]) >= p.winFrom {
			p.winKeys = append(p.winKeys, o.Order[j])
		}
	}
	return distinct(p.keys), distinct(p.winKeys)
}

// distinct sorts keys and counts its distinct values.
func distinct(keys []int32) int32 {
	slices.Sort(keys)
	return int32(len(slices.Compact(keys)))
}
