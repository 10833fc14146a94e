package demo

import (
	"math"
	"time"
)

// preDays is how far registrations may predate the order history: the
// customer base is older than the data extract (存量客户).
const preDays = 3 * 365

// calendar is the day grid shared by every customer of one run. Day k is a
// local calendar day; day end is Options.End. Precomputing local midnights
// keeps time zone arithmetic out of the hot loop and stays exact across
// daylight-saving changes in zones that have them.
type calendar struct {
	start   []int64 // local midnight of day k as Unix seconds; start[end+1] is the exclusive bound of all data
	ymd     []int32 // local date of day k as yyyymmdd, for order numbers
	promo   []uint8 // 0 ordinary day, 1 campaign period, 2 campaign peak (618, 双11, 双12)
	cum     [nProfiles][]float64
	hist    int       // first day of the order history
	end     int       // last day of data
	endDate time.Time // End's local date at UTC midnight; ages count back from it
}

// newCalendar lays out the days from the earliest registration to end. The
// seasonal weights of each profile are normalised to mean 1 over the order
// history, so a rate of n per year yields n purchases a year on average.
func newCalendar(end time.Time, years float64, loc *time.Location) *calendar {
	y, m, d := end.In(loc).Date()
	hist := int(math.Round(years * 365.25))
	n := preDays + hist + 1
	c := &calendar{
		start:   make([]int64, n+1),
		ymd:     make([]int32, n),
		promo:   make([]uint8, n),
		hist:    preDays,
		end:     n - 1,
		endDate: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
	}
	var w [nProfiles][]float64
	for p := range w {
		w[p] = make([]float64, n)
	}
	first := time.Date(y, m, d-(n-1), 0, 0, 0, 0, time.UTC) // calendar arithmetic in UTC: no DST surprises
	for k := 0; k <= n; k++ {
		day := first.Add(time.Duration(k) * 24 * time.Hour)
		dy, dm, dd := day.Date()
		c.start[k] = time.Date(dy, dm, dd, 0, 0, 0, 0, loc).Unix()
		if k == n {
			break
		}
		c.ymd[k] = int32(dy*10000 + int(dm)*100 + dd)
		f := seasonOf(dy, dm, dd, day.Weekday(), springOffset(day))
		c.promo[k] = f.promo
		w[profRetail][k], w[profPromo][k], w[profB2B][k], w[profContact][k] = f.retail, f.promoProfile, f.b2b, f.contact
	}
	for p := range w {
		mean := 0.0
		for k := c.hist; k <= c.end; k++ {
			mean += w[p][k]
		}
		mean /= float64(c.end - c.hist + 1)
		cum := make([]float64, n+1)
		for k := range n {
			cum[k+1] = cum[k] + w[p][k]/mean
		}
		c.cum[p] = cum
	}
	return c
}

// ts converts day k and a second of that local day into Unix seconds. The
// second is clamped to the day so that short DST days never spill over.
func (c *calendar) ts(k int, sec int64) int64 {
	if l := c.start[k+1] - c.start[k]; sec >= l {
		sec = l - 1
	}
	return c.start[k] + sec
}

// dayFactors are the intensities of one day under each profile.
type dayFactors struct {
	retail, promoProfile, b2b, contact float64
	promo                              uint8
}

// Monthly baselines before campaign days; the campaigns themselves lift June,
// November and December further (see seasonOf).
var (
	retailMonth = [13]float64{0, 1.0, 0.85, 0.95, 0.95, 1.0, 1.05, 0.9, 0.9, 0.95, 1.05, 1.1, 1.2}
	b2bMonth    = [13]float64{0, 0.9, 0.7, 1.1, 0.95, 1.0, 1.15, 0.85, 0.85, 1.1, 0.95, 1.05, 1.35}
	retailWeek  = [7]float64{1.1, 0.92, 0.92, 0.95, 0.97, 1.05, 1.15} // Sunday first
	b2bWeek     = [7]float64{0.15, 1.2, 1.25, 1.25, 1.2, 1.1, 0.35}
	contactWeek = [7]float64{0.6, 1.1, 1.1, 1.1, 1.1, 1.05, 0.8}
)

// seasonOf computes a day's intensities. sf is the offset in days from that
// year's Spring Festival (春节): people shop for the new year before it and
// stop during the holiday week.
func seasonOf(y int, m time.Month, d int, wd time.Weekday, sf int) dayFactors {
	pf, level := 1.0, uint8(0)
	switch {
	case m == time.June && d == 18:
		pf, level = 3.5, 2
	case m == time.June && d < 18:
		pf, level = 1.5, 1
	case m == time.October && d >= 24:
		pf, level = 1.2, 1 // 双11 pre-sale
	case m == time.November && d == 11:
		pf, level = 6, 2
	case m == time.November && d < 11:
		pf, level = 2, 1
	case m == time.November && d <= 13:
		pf, level = 1.3, 1
	case m == time.December && d == 12:
		pf, level = 2.5, 2
	case m == time.March && d == 8:
		pf, level = 1.5, 1
	case sf >= -20 && sf <= -2:
		pf, level = 1.2, 1 // 年货节
	}
	spring, springB2B, springContact := 1.0, 1.0, 1.0
	switch {
	case sf >= -1 && sf <= 6:
		spring, springB2B, springContact = 0.35, 0.05, 0.3
	case sf >= 7 && sf <= 14:
		spring, springB2B, springContact = 0.8, 0.6, 0.9
	}
	base := retailMonth[m] * retailWeek[wd] * spring
	f := dayFactors{promo: level}
	f.retail = base * pf
	if pf > 1 {
		f.promoProfile = base * pf * pf
	} else {
		f.promoProfile = base * 0.55
	}
	f.b2b = b2bMonth[m] * b2bWeek[wd] * springB2B
	f.contact = contactWeek[wd] * springContact
	return f
}

// springFestivals are the dates of 春节 (month, day) by year. Outside the
// table the festival is taken as 5 February, its average date.
var springFestivals = map[int][2]int{
	2000: {2, 5}, 2001: {1, 24}, 2002: {2, 12}, 2003: {2, 1}, 2004: {1, 22}, 2005: {2, 9}, 2006: {1, 29},
	2007: {2, 18}, 2008: {2, 7}, 2009: {1, 26}, 2010: {2, 14}, 2011: {2, 3}, 2012: {1, 23}, 2013: {2, 10},
	2014: {1, 31}, 2015: {2, 19}, 2016: {2, 8}, 2017: {1, 28}, 2018: {2, 16}, 2019: {2, 5}, 2020: {1, 25},
	2021: {2, 12}, 2022: {2, 1}, 2023: {1, 22}, 2024: {2, 10}, 2025: {1, 29}, 2026: {2, 17}, 2027: {2, 6},
	2028: {1, 26}, 2029: {2, 13}, 2030: {2, 3}, 2031: {1, 23}, 2032: {2, 11}, 2033: {1, 31}, 2034: {2, 19},
	2035: {2, 8},
}

// springOffset returns the days from the Spring Festival of day's year (day
// is a UTC-midnight date).
func springOffset(day time.Time) int {
	md, ok := springFestivals[day.Year()]
	if !ok {
		md = [2]int{2, 5}
	}
	sf := time.Date(day.Year(), time.Month(md[0]), md[1], 0, 0, 0, 0, time.UTC)
	return int(day.Sub(sf).Hours() / 24)
}

// Hours of the day at which things happen, by kind of activity (weights for
// hours 0–23): online shopping peaks late in the evening, shops are open
// 10–22, offices 9–18.
var (
	hoursOnline = newWeights(2, 1, 0.5, 0.3, 0.2, 0.3, 0.6, 1.2, 2, 3, 4, 4, 4.5, 4, 4, 4, 4, 4, 4, 5, 7, 8, 7, 4)
	hoursStore  = newWeights(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 5, 5, 5, 6, 6, 6, 6, 6, 7, 6, 3, 0.5, 0)
	hoursOffice = newWeights(0, 0, 0, 0, 0, 0, 0, 0, 0.5, 5, 6, 6, 3, 4, 6, 6, 6, 5, 2, 1, 0.5, 0.2, 0, 0)
)
