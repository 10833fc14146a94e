package metrics

import (
	"math"
	"time"
)

// minTicketTenureDays floors the tenure ticket_rate divides by, so that a
// customer of a few days with one ticket is not "hundreds per year".
const minTicketTenureDays = 30

const daysPerYear = 365.25

// write turns one customer's folds into row r of the table.
func (p *pass) write(r int, c int32, o *orderStats, s *contactStats) {
	nan := math.NaN()
	col := &p.t.num
	cust := &p.in.Customers

	// Purchases.
	col[nHasPurchase][r] = b2f(o.purchases)
	col[nFrequency][r] = float64(o.freq)
	col[nPurchaseDays][r] = float64(o.purchaseDays)
	col[nFrequencyWindow][r] = float64(o.freqWin)
	col[nMonetary][r] = money(o.monetary)
	col[nMonetaryWindow][r] = money(o.monWin)
	col[nSpendLast][r] = money(o.last)
	col[nSpendPrev][r] = money(o.prev)
	col[nAOV][r] = ratio(money(o.monetary), float64(o.freq))
	col[nHasProfit][r] = b2f(o.hasProfit)
	col[nProfit][r] = nan
	if o.hasProfit {
		col[nProfit][r] = money(o.profit)
	}
	if o.purchases {
		col[nRecency][r] = float64(p.asOf - o.lastDay)
		col[nFirstPurchase][r] = float64(o.firstAt)
		col[nLastPurchase][r] = float64(o.lastAt)
		col[nRepeatX][r] = float64(o.purchaseDays - 1)
		col[nRepeatTx][r] = float64(o.lastDay - o.firstDay)
		col[nRepeatT][r] = float64(p.asOf - o.firstDay)
	} else {
		col[nRecency][r], col[nFirstPurchase][r], col[nLastPurchase][r] = nan, nan, nan
		col[nRepeatX][r], col[nRepeatTx][r], col[nRepeatT][r] = nan, nan, nan
	}
	col[nInterpurchase][r] = nan
	if o.purchaseDays >= 2 {
		col[nInterpurchase][r] = float64(o.lastDay-o.firstDay) / float64(o.purchaseDays-1)
	}
	l, pv := max(o.last, 0), max(o.prev, 0)
	col[nTrend][r] = ratio(float64(l-pv), float64(l+pv))
	col[nRefundRate][r] = min(1, ratio(float64(o.refunded+o.returned), float64(o.gross)))
	col[nDiscountShare][r] = ratio(float64(o.discount), float64(o.pos+o.discount))
	col[nPremiumShare][r] = ratio(float64(o.premium), float64(o.pos))

	// Customer record.
	reg := NoTime
	if cust.RegisteredAt != nil {
		reg = cust.RegisteredAt[c]
	}
	col[nRegisteredAt][r] = nan
	tenure := nan
	start, known := o.firstDay, o.purchases
	if reg != NoTime {
		col[nRegisteredAt][r] = float64(reg)
		if d := p.clk.day(reg); !known || d < start {
			start, known = d, true
		}
	}
	if known {
		tenure = float64(p.asOf - start)
	}
	col[nTenure][r] = tenure
	birth, stated := NoTime, int16(0)
	if cust.BirthDate != nil {
		birth = cust.BirthDate[c]
	}
	if cust.Age != nil {
		stated = cust.Age[c]
	}
	age := ageAt(birth, stated, p.asOfY, p.asOfM, p.asOfD)
	col[nAge][r] = age
	p.t.str[sAgeBand][r] = ageBand(age)

	// Contacts.
	tickets := s.open + s.closed
	col[nInteractions][r] = float64(s.interactions)
	for ch, n := range s.channels {
		col[nChannel0+ch][r] = float64(n)
	}
	col[nServiceInteractions][r] = float64(s.interactions + tickets)
	col[nTicketsOpen][r] = float64(s.open)
	col[nTicketsClosed][r] = float64(s.closed)
	col[nComplaints][r] = float64(s.complaints)
	col[nTicketRate][r] = float64(tickets) / (max(tenure, minTicketTenureDays) / daysPerYear) // NaN tenure stays NaN
	col[nCSATCount][r] = float64(s.csatN)
	col[nCSATAvg][r] = ratio(float64(s.csatSum), float64(s.csatN))
	col[nNPSLatest][r] = nan
	if s.nps >= 0 {
		col[nNPSLatest][r] = float64(s.nps)
	}
	p.t.str[sNPSCategory][r] = npsCategory(s.nps)
	p.t.str[sPreference][r] = s.preference

	if p.gather {
		p.t.gatherRow(r, c, cust, &p.attrs)
	}
}

// money converts minor units to major units.
func money(v int64) float64 { return float64(v) / 100 }

// ratio is a/b, NaN when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

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

// ageBand maps an age to its band, "" when unknown.
func ageBand(age float64) string {
	switch {
	case math.IsNaN(age):
		return ""
	case age < 25:
		return AgeUnder25
	case age < 35:
		return Age25to34
	case age < 45:
		return Age35to44
	case age < 55:
		return Age45to54
	case age < 65:
		return Age55to64
	}
	return Age65Plus
}

// NPS categories, as nps_category spells them.
const (
	NPSPromoter  = "promoter"
	NPSPassive   = "passive"
	NPSDetractor = "detractor"
)

// npsCategory classifies a 0–10 answer; "" for none (-1).
func npsCategory(v int8) string {
	switch {
	case v >= 9:
		return NPSPromoter
	case v >= 7:
		return NPSPassive
	case v >= 0:
		return NPSDetractor
	}
	return ""
}
