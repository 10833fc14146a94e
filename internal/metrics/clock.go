package metrics

import (
	"math"
	"time"
)

const secondsPerDay = 86400

// tableYears is how far back from the cutoff the fast day paths reach.
// Older instants are still converted correctly, through time.Time.In.
const tableYears = 20

// dayClock converts unix seconds to business-zone day numbers (days since
// 1970-01-01 of the local civil date, as clv.DayOf). For instants from
// `from` on it is either a fixed-offset division (mid == nil: the zone had
// no transition in that span) or a lookup in a table of local midnights
// (mid[i] is the first instant of day base+i); earlier instants take the
// slow path.
type dayClock struct {
	loc  *time.Location
	from int64 // fast paths cover [from, to)
	to   int64
	off  int64 // the fixed offset, or the offset at the cutoff as a first guess
	base int32
	mid  []int64
}

// newDayClock prepares a clock fast on [cutoff − tableYears, cutoff). The
// cutoff is the first instant after the as-of day.
func newDayClock(loc *time.Location, cutoff int64) *dayClock {
	c := &dayClock{loc: loc}
	at := time.Unix(cutoff-1, 0).In(loc)
	_, off := at.Zone()
	c.off = int64(off)
	horizon := cutoff - tableYears*366*secondsPerDay
	start, end := at.ZoneBounds()
	if start.IsZero() || start.Unix() <= horizon {
		c.from, c.to = NoTime, math.MaxInt64
		if !start.IsZero() {
			c.from = start.Unix()
		}
		if !end.IsZero() {
			c.to = end.Unix()
		}
		return c
	}
	// Transitions in range: tabulate local midnights from the horizon's day
	// to the day after D.
	first := slowDay(horizon, loc) + 1
	last := slowDay(cutoff, loc)
	c.base = first
	c.mid = make([]int64, last-first+1)
	for i := range c.mid {
		c.mid[i] = dayStart(first+int32(i), loc)
	}
	c.from, c.to = c.mid[0], c.mid[len(c.mid)-1]
	return c
}

// fastFrom is where day becomes a plain division: the fixed-offset span,
// from the first instant whose local time is not before 1970 (so that
// unsigned division is floor division). Never, in table mode. Callers only
// pass instants before the cutoff, which is within the span.
func (c *dayClock) fastFrom() int64 {
	if c.mid != nil {
		return math.MaxInt64
	}
	return max(c.from, -c.off)
}

// day returns the business-zone day number of the instant t.
func (c *dayClock) day(t int64) int32 {
	if t < c.from || t >= c.to {
		return slowDay(t, c.loc)
	}
	g := floorDiv(t+c.off, secondsPerDay)
	if c.mid == nil {
		return int32(g)
	}
	i := int(g) - int(c.base)
	n := len(c.mid)
	if i >= n-1 {
		i = n - 2
	}
	if i < 0 {
		i = 0
	}
	for i > 0 && t < c.mid[i] {
		i--
	}
	for t >= c.mid[i+1] { // t < mid[n-1] = to, so this stops before n-1
		i++
	}
	return c.base + int32(i)
}

// slowDay is the reference conversion.
func slowDay(t int64, loc *time.Location) int32 {
	y, m, d := time.Unix(t, 0).In(loc).Date()
	return civilDay(y, m, d)
}

// dayStart is the first instant whose local date in loc is day n or later.
// time.Date is right except when midnight is skipped or repeated by a
// transition, which the checks catch and a bisection repairs.
func dayStart(n int32, loc *time.Location) int64 {
	y, m, d := civilDate(n)
	s := time.Date(y, m, d, 0, 0, 0, 0, loc).Unix()
	if slowDay(s, loc) == n && slowDay(s-1, loc) < n {
		return s
	}
	lo, hi := s-2*secondsPerDay, s+2*secondsPerDay // slowDay(lo) < n <= slowDay(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if slowDay(mid, loc) >= n {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// civilDay is the day number of the civil date y-m-d.
func civilDay(y int, m time.Month, d int) int32 {
	return int32(floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay))
}

// civilDate is the civil date of day number n (Hinnant's days-to-civil,
// proleptic Gregorian), cheap enough for a per-customer loop.
func civilDate(n int32) (y int, m time.Month, d int) {
	z := int64(n) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mp >= 10 {
		mm = mp - 9
	}
	yy := yoe + era*400
	if mm <= 2 {
		yy++
	}
	return int(yy), time.Month(mm), int(dd)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
