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

// newBase allocates the columns, each on its own: after a load, the heap's
// free space is in pieces (the garbage of grown columns and of the
// driver's values), and a column fits in those where a block of all the
// columns would not; fresh memory instead costs a page fault every 4 KB,
// on a VM about 2 µs each (at a million rows, measured: 10 000–30 000
// faults and 0.10–0.16 more CPU-seconds for metrics.Compute, against
// none). The runtime zeroes each column as it
// allocates it, on the allocating goroutine, so half of them are
// allocated on a second one.
func newBase(n int) *base {
	b := &base{}
	i64 := []*[]int64{&b.firstAt, &b.lastAt, &b.pos, &b.returned, &b.refunded, &b.monWin,
		&b.last, &b.prev, &b.profit, &b.discount, &b.premium}
	i32 := []*[]int32{&b.firstDay, &b.lastDay, &b.prevDay, &b.purchaseDays, &b.freq, &b.freqWin,
		&b.channels[0], &b.channels[1], &b.channels[2], &b.channels[3], &b.channels[4], &b.channels[5],
		&b.csatSum, &b.csatN, &b.open, &b.closed, &b.complaints, &b.preference1}
	alloc := func(i64 []*[]int64, i32 []*[]int32) {
		for _, p := range i64 {
			*p = make([]int64, n)
		}
		for _, p := range i32 {
			*p = make([]int32, n)
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { alloc(i64[:6], i32[:9]) })
	alloc(i64[6:], i32[9:])
	b.nps1 = make([]int8, n)
	b.hasProfit = make([]bool, n)
	wg.Wait()
	return b
}
