package metrics

import "sync"

// base holds what the pass over the records leaves per row: integer sums
// and counts, the smallest state every column can be derived from. The
// float64 columns are built from it on first use (Table.Num), so a run pays
// for the columns its schemes read, not for the whole schema — at a million
// customers each column is 8 MB, and fresh memory is the dominant cost.
//
// Every column starts at zero, which means "nothing seen"; the contact
// tables add into it record by record. Money is in minor units. monetary = pos − returned; gross spend (the
// refund-rate base) = pos + refunded.
type base struct {
	firstAt, lastAt []int64 // instants of the first and last purchase
	pos             []int64 // positive paid amounts (purchases)
	returned        []int64 // −Σ negative paid amounts
	refunded        []int64 // Σ positive refunded amounts
	monWin          []int64 // paid amounts in the window
	last, prev      []int64 // paid amounts in the two trend periods
	profit          []int64 // amount − cost of paid lines with a known cost
	discount        []int64 // discounts on purchases
	premium         []int64 // purchases on premium lines

	firstDay, lastDay []int32 // business-zone days of the first and last purchase
	prevDay           []int32 // purchase day before the last one (with ≥ 2 purchase days)
	purchaseDays      []int32
	freq, freqWin     []int32
	channels          [6][]int32 // interactions by ChannelCode
	csatSum, csatN    []int32
	open, closed      []int32 // tickets as they stood at D
	complaints        []int32
	preference1       []int32 // 1 + row in Input.Surveys of the latest stated preference, 0 none
	nps1              []int8  // 1 + latest NPS answer, 0 none
	hasProfit         []bool
}

// newBase allocates every column whole, a few blocks in all. The runtime
// zeroes each block as it allocates it, on the allocating goroutine: 160
// bytes a row is some 30 ms at a million rows, ahead of the fold, so the
// blocks are allocated half on another goroutine.
func newBase(n int) *base {
	b := &base{}
	var i64a, i64b []int64
	var i32a, i32b []int32
	var wg sync.WaitGroup
	wg.Go(func() {
		i64a, i32a = make([]int64, 6*n), make([]int32, 9*n)
	})
	i64b, i32b = make([]int64, 5*n), make([]int32, 9*n)
	b.nps1 = make([]int8, n)
	b.hasProfit = make([]bool, n)
	wg.Wait()
	next64 := func() []int64 {
		if len(i64a) == 0 {
			i64a, i64b = i64b, nil
		}
		s := i64a[:n:n]
		i64a = i64a[n:]
		return s
	}
	for _, p := range []*[]int64{&b.firstAt, &b.lastAt, &b.pos, &b.returned, &b.refunded, &b.monWin,
		&b.last, &b.prev, &b.profit, &b.discount, &b.premium} {
		*p = next64()
	}
	next32 := func() []int32 {
		if len(i32a) == 0 {
			i32a, i32b = i32b, nil
		}
		s := i32a[:n:n]
		i32a = i32a[n:]
		return s
	}
	for _, p := range []*[]int32{&b.firstDay, &b.lastDay, &b.prevDay, &b.purchaseDays, &b.freq, &b.freqWin,
		&b.channels[0], &b.channels[1], &b.channels[2], &b.channels[3], &b.channels[4], &b.channels[5],
		&b.csatSum, &b.csatN, &b.open, &b.closed, &b.complaints, &b.preference1} {
		*p = next32()
	}
	return b
}
