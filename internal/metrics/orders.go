package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"strata/internal/model"
)

// orderStats is one customer's order lines folded up to D, before it is
// stored in the base columns. Money is in minor units. A purchase is a paid
// line of positive amount.
type orderStats struct {
	firstAt, lastAt   int64
	firstDay, lastDay int32
	prevDay           int32 // the purchase day before lastDay (valid with ≥ 2 purchase days)
	purchaseDays      int32
	freq, freqWin     int32
	pos, returned     int64
	refunded          int64
	monWin            int64
	last, prev        int64
	profit            int64
	hasProfit         bool
	discount          int64
	premium           int64
}

// store writes s into row r of b.
func (s *orderStats) store(b *base, r int) {
	b.firstAt[r], b.lastAt[r], b.firstDay[r], b.lastDay[r] = s.firstAt, s.lastAt, s.firstDay, s.lastDay
	b.purchaseDays[r], b.freq[r], b.freqWin[r] = s.purchaseDays, s.freq, s.freqWin
	b.prevDay[r] = s.prevDay
	b.pos[r], b.returned[r], b.refunded[r], b.monWin[r] = s.pos, s.returned, s.refunded, s.monWin
	b.last[r], b.prev[r], b.profit[r], b.hasProfit[r] = s.last, s.prev, s.profit, s.hasProfit
	b.discount[r], b.premium[r] = s.discount, s.premium
}

// orderLines are a chunk's order columns from its first line on, every
// one of the same length; an absent optional column reads as its default
// (no cost, no discount, no category, unit price 0) from shared scratch.
// With no column nil and all of one length, the fold indexes them without
// nil or bounds checks.
type orderLines struct {
	base      int // the chunk's first line: line j is index j-base
	cust      []int32
	at        []int64
	status    []uint8
	amount    []int64
	order     []int32
	hasCost   []bool
	cost      []int64
	discount  []int64
	category  []int32
	unitPrice []int64
}

// absentCols is the read-only scratch orderLines takes absent columns
// from, as long as the longest chunk.
type absentCols struct {
	noCost     []bool
	zeros      []int64
	noCategory []int32 // -1
}

func newAbsentCols(n int) *absentCols {
	a := &absentCols{noCost: make([]bool, n), zeros: make([]int64, n), noCategory: make([]int32, n)}
	for i := range a.noCategory {
		a.noCategory[i] = -1
	}
	return a
}

// linesOf cuts o's columns to lines base..end-1.
func linesOf(o *OrderCols, base, end int, absent *absentCols) orderLines {
	return orderLines{base: base, cust: o.Cust[base:end], at: o.At[base:end], status: o.Status[base:end], amount: o.Amount[base:end],
		order: o.Order[base:end], hasCost: cutOr(o.HasCost, absent.noCost, base, end), cost: cutOr(o.Cost, absent.zeros, base, end),
		discount: cutOr(o.Discount, absent.zeros, base, end), category: cutOr(o.Category, absent.noCategory, base, end),
		unitPrice: cutOr(o.UnitPrice, absent.zeros, base, end)}
}

// cutOr is s[base:end], or the first end-base entries of def when s is
// absent.
func cutOr[T any](s, def []T, base, end int) []T {
	if s == nil {
		return def[:end-base]
	}
	return s[base:end]
}

// orders folds customer c's order lines (row row), which start at k.j, and
// moves k past them. Lines are in time order, so the first line at or after the
// cutoff ends the fold. The loop is written without data-dependent branches
// where it can be (sel, b2i compile to conditional moves): statuses, costs,
// premium flags and order boundaries are close to random from one line to
// the next, and mispredictions would cost more than the arithmetic.
func (p *pass) orders(c, row int32, k *cursor, l *orderLines) (orderStats, error) {
	var s orderStats
	start := k.j
	prevT := int64(math.MinInt64)
	ordered := int32(1)
	lastKey, lastWinKey := int64(math.MinInt64), int64(math.MinInt64) // no int32 key equals these
	hasProfit := int32(0)
	trendSpan := uint32(p.lastFrom - p.prevFrom)
	cats, tl := p.cats, p.tally
	// The columns in locals, cut to one length so that indexing them needs
	// no bounds checks; line j is index i = j - base.
	base := l.base
	cust := l.cust
	n := len(cust)
	at, status, amount, order := l.at[:n], l.status[:n], l.amount[:n], l.order[:n]
	hasCost, cost, discount, category, unitPrice := l.hasCost[:n], l.cost[:n], l.discount[:n], l.category[:n], l.unitPrice[:n]
	i := k.j - base
	for ; uint(i) < uint(n) && cust[i] == c; i++ {
		t := at[i]
		if t >= p.cutoff {
			break
		}
		if t < prevT {
			return s, unsorted("orders", base+i)
		}
		prevT = t
		a := amount[i]
		if st := status[i]; st != StatusPaid {
			switch st {
			case StatusRefunded:
				s.refunded += max(a, 0)
				continue
			case StatusCancelled:
				continue
			}
			return s, model.Invalid(fmt.Sprintf("orders.status[%d]", base+i), strconv.Itoa(int(st)),
				"must be StatusPaid, StatusRefunded or StatusCancelled")
		}
		d := p.day(t)
		inWin := d >= p.winFrom
		s.monWin += sel(inWin, a)
		s.last += sel(d >= p.lastFrom, a)
		s.prev += sel(uint32(d-p.prevFrom) < trendSpan, a)
		hc := hasCost[i] // false, with a cost of 0, when no cost is known
		s.profit += sel(hc, a-cost[i])
		hasProfit |= b2i(hc)
		if a <= 0 {
			s.returned -= a
			continue
		}
		// A purchase.
		s.pos += a
		s.discount += discount[i]
		// No category is -1, so ci = 0: cats has the no-category entry,
		// never premium and never counted.
		ci, price := int(category[i])+1, unitPrice[i]
		if uint(ci) >= uint(len(cats)) {
			return s, model.Invalid(fmt.Sprintf("orders.category[%d]", base+i), strconv.Itoa(ci-1),
				fmt.Sprintf("must be -1 or below the %d categories", len(cats)-1))
		}
		cp := &cats[ci]
		s.premium += sel(price > cp.above, a)
		if tl != nil && cp.counted&b2i(price > 0) != 0 { // in a median's population (see premiumPlan)
			lo, hi := cp.lo, cp.hi
			band := b2i(price >= lo) + b2i(price > lo) + b2i(price >= hi) + b2i(price > hi)
			tl.bands[ci][band&7]++
			if band == 2 {
				kl := &tl.kept[ci]
				kl.rows, kl.prices, kl.amounts = append(kl.rows, row), append(kl.prices, price), append(kl.amounts, a)
			}
		}
		if s.purchaseDays == 0 {
			s.firstAt, s.firstDay, s.lastDay = t, d, d-1
		}
		newDay := d != s.lastDay // every new order's line, often: a select, not a branch
		s.prevDay = selOr(newDay, s.lastDay, s.prevDay)
		s.purchaseDays += b2i(newDay)
		s.lastDay, s.lastAt = d, t
		// Runs of equal keys are distinct orders as long as keys never
		// decrease (so also within the window); otherwise recount below.
		key := int64(order[i])
		ordered &= b2i(key >= lastKey)
		s.freq += b2i(key != lastKey)
		s.freqWin += b2i(inWin) & b2i(key != lastWinKey)
		lastKey = key
		lastWinKey = selOr(inWin, key, lastWinKey)
	}
	s.hasProfit = hasProfit != 0
	stop := base + i
	k.j = stop
	k.skip(p.in.Orders.Cust, c)
	if ordered == 0 {
		s.freq, s.freqWin = p.countOrders(start, stop)
	}
	return s, nil
}

// day is clk.day with the fixed-offset case inlined.
func (p *pass) day(t int64) int32 {
	if t >= p.fastFrom {
		return int32(uint64(t+p.clk.off) / secondsPerDay)
	}
	return p.clk.day(t)
}

// sel is v when c holds, else 0.
func sel(c bool, v int64) int64 {
	var r int64
	if c {
		r = v
	}
	return r
}

// selOr is v when c holds, else w.
func selOr[T int16 | int32 | int64](c bool, v, w T) T {
	if c {
		w = v
	}
	return w
}

// b2i is 1 for true, 0 for false.
func b2i(c bool) int32 {
	var r int32
	if c {
		r = 1
	}
	return r
}

// premiumThresholds turns the medians into one comparison per line: a line
// of category c is premium when its unit price exceeds thr[c+1] (thr[0],
// for lines without a category, is never exceeded). A premium category's
// threshold is below every price, unknown prices included; otherwise
// 2·price > m ⇔ price > ⌊m/2⌋ for the doubled median m.
func premiumThresholds(med []int64, premium []bool) []int64 {
	thr := make([]int64, len(med)+1)
	thr[0] = math.MaxInt64
	for c, m := range med {
		switch {
		case premium != nil && premium[c]:
			thr[c+1] = math.MinInt64
		case m == noMedian:
			thr[c+1] = math.MaxInt64
		default:
			thr[c+1] = m >> 1
		}
	}
	return thr
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
		if p.day(o.At[j]) >= p.winFrom {
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
