package metrics

import (
	"math"
	"time"
)

// minTicketTenureDays floors the tenure ticket_rate divides by, so that a
// customer of a few days with one ticket is not "hundreds per year".
const minTicketTenureDays = 30

const daysPerYear = 365.25

// builder fills rows lo..hi-1 of one column into out[0:hi-lo].
type (
	numBuilder func(t *Table, out []float64, lo, hi int)
	strBuilder func(t *Table, out []string, lo, hi int)
)

// numBuilders derive every numeric column from the base sums and the
// customer record. The field docs in fields.go state the definitions.
var numBuilders = [numCols]numBuilder{
	nRecency: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = ifBought(b, r, float64(t.day-b.lastDay[r]))
		}
	},
	nFrequency:       counts(func(b *base) []int32 { return b.freq }),
	nPurchaseDays:    counts(func(b *base) []int32 { return b.purchaseDays }),
	nFrequencyWindow: counts(func(b *base) []int32 { return b.freqWin }),
	nMonetary: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = money(b.pos[r] - b.returned[r])
		}
	},
	nMonetaryWindow: sums(func(b *base) []int64 { return b.monWin }),
	nSpendLast:      sums(func(b *base) []int64 { return b.last }),
	nSpendPrev:      sums(func(b *base) []int64 { return b.prev }),
	nAOV: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = ratio(money(b.pos[r]-b.returned[r]), float64(b.freq[r]))
		}
	},
	nProfit: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = nanUnless(b.hasProfit[r], money(b.profit[r]))
		}
	},
	nHasProfit: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = b2f(t.b.hasProfit[r])
		}
	},
	nFirstPurchase: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = ifBought(t.b, r, float64(t.b.firstAt[r]))
		}
	},
	nLastPurchase: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = ifBought(t.b, r, float64(t.b.lastAt[r]))
		}
	},
	nTenure: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = t.tenure(r)
		}
	},
	nInterpurchase: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			n := b.purchaseDays[r]
			out[r-lo] = nanUnless(n >= 2, float64(b.lastDay[r]-b.firstDay[r])/float64(n-1))
		}
	},
	nTrend: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			l, p := max(b.last[r], 0), max(b.prev[r], 0)
			out[r-lo] = ratio(float64(l-p), float64(l+p))
		}
	},
	nRefundRate: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = min(1, ratio(float64(b.refunded[r]+b.returned[r]), float64(b.pos[r]+b.refunded[r])))
		}
	},
	nDiscountShare: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = ratio(float64(b.discount[r]), float64(b.pos[r]+b.discount[r]))
		}
	},
	nPremiumShare: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = ratio(float64(b.premium[r]), float64(b.pos[r]))
		}
	},
	nInteractions: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = float64(t.interactions(r))
		}
	},
	nChannel0 + 0: counts(func(b *base) []int32 { return b.channels[0] }),
	nChannel0 + 1: counts(func(b *base) []int32 { return b.channels[1] }),
	nChannel0 + 2: counts(func(b *base) []int32 { return b.channels[2] }),
	nChannel0 + 3: counts(func(b *base) []int32 { return b.channels[3] }),
	nChannel0 + 4: counts(func(b *base) []int32 { return b.channels[4] }),
	nChannel0 + 5: counts(func(b *base) []int32 { return b.channels[5] }),
	nServiceInteractions: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = float64(t.interactions(r) + b.open[r] + b.closed[r])
		}
	},
	nTicketsOpen:   counts(func(b *base) []int32 { return b.open }),
	nTicketsClosed: counts(func(b *base) []int32 { return b.closed }),
	nComplaints:    counts(func(b *base) []int32 { return b.complaints }),
	nTicketRate: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		if ten := t.num[nTenure].built(); ten != nil { // the same values, already computed
			for r := lo; r < hi; r++ {
				out[r-lo] = ticketRate(b.open[r]+b.closed[r], ten[r])
			}
			return
		}
		for r := lo; r < hi; r++ {
			out[r-lo] = ticketRate(b.open[r]+b.closed[r], t.tenure(r))
		}
	},
	nCSATAvg: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = ratio(float64(b.csatSum[r]), float64(b.csatN[r]))
		}
	},
	nCSATCount: counts(func(b *base) []int32 { return b.csatN }),
	nNPSLatest: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			v := t.b.nps1[r]
			out[r-lo] = nanUnless(v > 0, float64(v-1))
		}
	},
	nAge: func(t *Table, out []float64, lo, hi int) {
		t.ageRange(t.birthAges(), out, lo, hi)
	},
	nRegisteredAt: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			reg := t.registered(r)
			out[r-lo] = nanUnless(reg != NoTime, float64(reg))
		}
	},
	nHasPurchase: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = b2f(t.b.purchaseDays[r] > 0)
		}
	},
	nRepeatX: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = ifBought(t.b, r, float64(t.b.purchaseDays[r]-1))
		}
	},
	nRepeatTx: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = ifBought(t.b, r, float64(t.b.lastDay[r]-t.b.firstDay[r]))
		}
	},
	nGapBeforeLast: func(t *Table, out []float64, lo, hi int) {
		b := t.b
		for r := lo; r < hi; r++ {
			out[r-lo] = nanUnless(b.purchaseDays[r] >= 2, float64(b.lastDay[r]-b.prevDay[r]))
		}
	},
	nRepeatT: func(t *Table, out []float64, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = ifBought(t.b, r, float64(t.day-t.b.firstDay[r]))
		}
	},
}

// strBuilders derive the computed string columns; the customer attribute
// slots are gathered from the Input instead (Table.attr).
var strBuilders = [strCols]strBuilder{
	sNPSCategory: func(t *Table, out []string, lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r-lo] = npsCategory(t.b.nps1[r] - 1)
		}
	},
	sPreference: func(t *Table, out []string, lo, hi int) {
		for r := lo; r < hi; r++ {
			if i := t.b.preference1[r]; i > 0 {
				out[r-lo] = t.pref[i-1]
			}
		}
	},
	sAgeBand: func(t *Table, out []string, lo, hi int) {
		codes := make([]uint32, hi-lo)
		codeBuilders[sAgeBand](t, codes, lo, hi)
		for i, c := range codes {
			out[i] = ageBands[c]
		}
	},
}

// counts builds a column straight from an int32 base column.
func counts(col func(b *base) []int32) numBuilder {
	return func(t *Table, out []float64, lo, hi int) {
		src := col(t.b)
		for r := lo; r < hi; r++ {
			out[r-lo] = float64(src[r])
		}
	}
}

// sums builds a money column straight from an int64 base column.
func sums(col func(b *base) []int64) numBuilder {
	return func(t *Table, out []float64, lo, hi int) {
		src := col(t.b)
		for r := lo; r < hi; r++ {
			// money(src[r]), written out: the compiler does not inline
			// calls in a closure returned this way.
			out[r-lo] = float64(src[r]) / 100
		}
	}
}

// ifBought is v for customers with a purchase, NaN for the others.
func ifBought(b *base, r int, v float64) float64 {
	return nanUnless(b.purchaseDays[r] != 0, v)
}

// nanBits is math.NaN()'s bit pattern, the one the columns store (a
// constant, which a conditional move can take; TestNaNBits checks it).
const nanBits = 0x7FF8000000000001

// nanUnless is v when c holds, else NaN. It selects bit patterns, which
// compiles to a conditional move: the column builders' conditions (bought
// or not, two purchase days or more, surveyed or not) are close to random
// from row to row.
func nanUnless(c bool, v float64) float64 {
	b := math.Float64bits(v)
	if !c {
		b = nanBits
	}
	return math.Float64frombits(b)
}

func (t *Table) interactions(r int) int32 {
	var n int32
	for ch := range t.b.channels {
		n += t.b.channels[ch][r]
	}
	return n
}

// registered is row r's registration instant or NoTime.
func (t *Table) registered(r int) int64 {
	if reg := t.cust.RegisteredAt; reg != nil {
		return reg[t.rows[r]]
	}
	return NoTime
}

// ticketRate is n tickets per year of tenure (max keeps a NaN tenure NaN).
func ticketRate(n int32, tenure float64) float64 {
	return float64(n) / (max(tenure, minTicketTenureDays) / daysPerYear)
}

// tenure is D minus the earlier of the registration day and the first
// purchase day, NaN when neither is known.
func (t *Table) tenure(r int) float64 {
	start, known := t.b.firstDay[r], t.b.purchaseDays[r] > 0
	if reg := t.registered(r); reg != NoTime { // known for most customers: this branch predicts well
		// Whether the customer bought before registering is close to
		// random: a select.
		d := t.dayOf(reg)
		start = selOr(b2i(!known)|b2i(d < start) != 0, d, start)
		known = true
	}
	return nanUnless(known, float64(t.day-start))
}

// dayOf is clk.day with the fixed-offset case inlined (as pass.day). The
// two are written out, not one shared helper: nested, neither would be
// inlined into its loop any more.
func (t *Table) dayOf(x int64) int32 {
	if x >= t.fast {
		return int32(uint64(x+t.clk.off) / secondsPerDay)
	}
	return t.clk.day(x)
}

// ageRange sets out[r-lo] to row r's age at D (see ageAt) for rows
// lo..hi-1, looked up in ages (t.birthAges()). With the table
// (which covers every birth date) it is a lookup and selects, no branches:
// whether a customer has a birth date, a stated age or neither is close to
// random from row to row. One loop with the columns in locals: age on its
// own is too big to inline into its callers' loops.
func (t *Table) ageRange(ages *ageTable, out []float64, lo, hi int) {
	rows := t.rows[lo:hi]
	out = out[:len(rows)]
	births, stated := t.cust.BirthDate, t.cust.Age
	table, from := ages.v, ages.from*secondsPerDay
	y, m, d := t.y, t.m, t.d
	for i, row := range rows {
		birth, st := NoTime, int16(0)
		if births != nil {
			birth = births[row]
		}
		if stated != nil {
			st = stated[row]
		}
		has := birth != NoTime
		// Unsigned division is floor division here: a birth date is not
		// before the table's first day. No birth date: k is masked to 0 (a
		// select written as arithmetic, which the compiler keeps
		// branch-free).
		k := int64(uint64(birth-from)/secondsPerDay) & -int64(b2i(has))
		if uint64(k) >= uint64(len(table)) { // never, for a birth date of this table's customers
			out[i] = ageAt(birth, st, y, m, d)
			continue
		}
		a := table[k]
		byBirth := b2i(has)&b2i(a >= 0) != 0 // born after D: as ageAt, the stated age or NaN
		v := selOr(byBirth, a, st)
		out[i] = nanUnless(b2i(byBirth)|b2i(st > 0) != 0, float64(v))
	}
}

// ageBlock is how many rows the age band code builder takes at a time:
// their ages in a buffer on the stack.
const ageBlock = 1024

// ageTable is the age at D of every birth day from day from on (−1 for a
// birth after D): ageAt's answer looked up instead of a calendar
// conversion per customer.
type ageTable struct {
	from int64
	v    []int16
}

// maxAgeTableDays bounds the birth days an ageTable covers (about 180
// years); birth dates outside it take ageAt directly.
const maxAgeTableDays = 66_000

// birthAges returns the table's ageTable, built on first use over the
// range of the customers' birth days (empty when there is none).
func (t *Table) birthAges() *ageTable {
	t.agesOnce.Do(func() {
		bd := t.cust.BirthDate
		lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
		for _, b := range bd {
			if b != NoTime {
				day := floorDiv(b, secondsPerDay)
				lo, hi = min(lo, day), max(hi, day)
			}
		}
		if lo > hi || hi-lo >= maxAgeTableDays {
			return
		}
		v := make([]int16, hi-lo+1)
		for i := range v {
			by, bm, bd := civilDate(int32(lo + int64(i)))
			age := t.y - by
			if t.m < bm || (t.m == bm && t.d < bd) {
				age--
			}
			if age > math.MaxInt16 {
				return // a birth date thousands of years ago: no table
			}
			v[i] = int16(max(age, -1))
		}
		t.ages = ageTable{from: lo, v: v}
	})
	return &t.ages
}

// money converts minor units to major units.
func money(v int64) float64 { return float64(v) / 100 }

// ratio is a/b, NaN when b is 0.
func ratio(a, b float64) float64 {
	// b is ±0 exactly when its bits, sign shifted out, are all zero: an
	// integer test, which the select can use (a float one becomes branches).
	return nanUnless(math.Float64bits(b)<<1 != 0, a/b)
}

func b2f(b bool) float64 { return float64(b2i(b)) }

// ageAt is the age at D in completed years: from the birth date when known
// (someone born on 29 February turns a year older on 1 March in common
// years), else the stated age (0 = unknown), else NaN. A birth date after D
// is treated as unknown.
func ageAt(birth int64, stated int16, y int, m time.Month, d int) float64 {
	if birth != NoTime {
		by, bm, bd := civilDate(int32(floorDiv(birth, secondsPerDay)))
		age := y - by
		if m < bm || (m == bm && d < bd) {
			age--
		}
		if age >= 0 {
			return float64(age)
		}
	}
	if stated > 0 {
		return float64(stated)
	}
	return math.NaN()
}

// Age bands, as age_band spells them.
const (
	AgeUnder25 = "<25"
	Age25to34  = "25-34"
	Age35to44  = "35-44"
	Age45to54  = "45-54"
	Age55to64  = "55-64"
	Age65Plus  = "65+"
)

// ageBands are the age_band values by code ("" = unknown).
var ageBands = []string{"", AgeUnder25, Age25to34, Age35to44, Age45to54, Age55to64, Age65Plus}

// ageBandCode is the index of age's band in ageBands: 0 for NaN, else 1 +
// the number of band bounds (25, 35, 45, 55, 65) at or below age. The
// bounds are ten years apart from 25, so for a = age truncated (clamped
// first, to keep the conversion defined; truncation and floor differ
// only below 0, all band 1) the count is (a−15)/10 held to 0…5:
// arithmetic, cheap enough to be inlined in the loops that call it, where
// ages, and whether one is known, are close to random from row to row
// (the clamps are never taken for real ages and predict well).
func ageBandCode(age float64) uint32 {
	xb := math.Float64bits(age)
	if age != age { // a conditional move: NaN (unknown) is common
		xb = 0 // its code is set below
	}
	x := math.Float64frombits(xb)
	if !(x < 1000) {
		x = 1000
	}
	if !(x > -1000) {
		x = -1000
	}
	c := uint32(1 + min(max((int(x)-15)/10, 0), 5))
	if age != age {
		c = 0
	}
	return c
}

// NPS categories, as nps_category spells them.
const (
	NPSPromoter  = "promoter"
	NPSPassive   = "passive"
	NPSDetractor = "detractor"
)

// npsCategories are the nps_category values by code ("" = none).
var npsCategories = []string{"", NPSPromoter, NPSPassive, NPSDetractor}

// npsCategory classifies a 0–10 answer; "" for none (-1).
func npsCategory(v int8) string { return npsCategories[npsCode(v)] }

// npsCode is the index of v's category in npsCategories.
func npsCode(v int8) uint32 {
	switch {
	case v >= 9:
		return 1
	case v >= 7:
		return 2
	case v >= 0:
		return 3
	}
	return 0
}
