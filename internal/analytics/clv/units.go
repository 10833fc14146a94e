package clv

import (
	"fmt"
	"time"
)

// Unit is the time unit of a summary and of the models fitted on it; its
// value is the unit's length in days.
type Unit int

// Units. Weeks are exactly seven days, as in the published CDNOW summaries.
const (
	Days  Unit = 1
	Weeks Unit = 7
)

// DaysPerMonth is the average Gregorian month, 365.25/12 days. CLV months are
// this long unless the caller says otherwise (see CLVOptions).
const DaysPerMonth = 365.25 / 12

// Lifetimes' month lengths, for callers who must reproduce numbers made with
// the Python lifetimes package: its customer_lifetime_value steps 30 time
// units per month for daily data and 4.345 for weekly data.
const (
	LifetimesDaysPerMonth  = 30.0
	LifetimesWeeksPerMonth = 4.345
)

// Valid reports whether u is a usable unit.
func (u Unit) Valid() bool { return u > 0 }

// String names the unit.
func (u Unit) String() string {
	switch u {
	case Days:
		return "days"
	case Weeks:
		return "weeks"
	}
	return fmt.Sprintf("%d-day unit", int(u))
}

// FromDays converts a duration in days to u.
func (u Unit) FromDays(days float64) float64 { return days / float64(u) }

// ToDays converts a duration in u to days.
func (u Unit) ToDays(periods float64) float64 { return periods * float64(u) }

// PerMonth is the length of an average month in u: 30.4375 days, or
// 365.25/12/7 ≈ 4.348 weeks.
func (u Unit) PerMonth() float64 { return u.FromDays(DaysPerMonth) }

// Convert expresses periods of unit from in unit to (e.g. 13 weeks as 91
// days).
func Convert(periods float64, from, to Unit) float64 {
	return to.FromDays(from.ToDays(periods))
}

// DayOf returns the calendar day of t in loc as a day number: days since
// 1970-01-01 of that civil date. Two instants share a day number exactly when
// they fall on the same local date in loc, which is how same-day purchases
// are recognised. A nil loc means UTC.
func DayOf(t time.Time, loc *time.Location) int32 {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return CivilDay(y, m, d)
}

// CivilDay is the day number of the civil date y-m-d (days since 1970-01-01).
func CivilDay(y int, m time.Month, d int) int32 {
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return int32(floorDiv(u, 86400))
}

// DayDate is the inverse of CivilDay: the civil date of day number n as UTC
// midnight.
func DayDate(n int32) time.Time { return time.Unix(int64(n)*86400, 0).UTC() }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
