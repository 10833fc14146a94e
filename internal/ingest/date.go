package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DateOptions controls how ParseTime and ParseDate read a value.
type DateOptions struct {
	// Layout, when set, is a Go reference layout ("2006-01-02",
	// "02/01/2006 15:04") and the only format tried. Go layouts were chosen
	// over strftime patterns because they are what the time package speaks
	// and need no translation; the CLI documents a few examples.
	Layout string
	// DayFirst resolves ambiguous slash or dot dates with the year last:
	// "1/12/2010" is 1 December when true, 12 January (the default) when
	// false. When one of the two parts is above 12 the order is unambiguous
	// and DayFirst does not matter.
	DayFirst bool
	// Location is the business time zone for values that carry none; nil
	// means DefaultLocation().
	Location *time.Location
}

var defaultLocation = loadDefaultLocation()

func loadDefaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	// Without a zone database (a bare container), China Standard Time is
	// UTC+8 all year since 1991, which covers every business date we read.
	return time.FixedZone("CST", 8*3600)
}

// DefaultLocation returns the default business time zone, Asia/Shanghai
// (a fixed UTC+8 zone when the system has no time zone database).
func DefaultLocation() *time.Location { return defaultLocation }

func (o DateOptions) loc() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return defaultLocation
}

// ParseTime reads an instant and returns it in UTC. Values without a zone
// are in o.Location. Accepted without a Layout:
//
//	2010-12-01, 2010-12-01 08:26, 2010-12-01T08:26:00.5Z, …+08:00, …+0800
//	20101201 and 20101201082600
//	2010/12/1 8:26, 2010.12.01, 2010-12-1
//	12/1/2010 8:26 and 1/12/2010 (month first unless o.DayFirst; a part
//	above 12 decides), with optional seconds and AM/PM
//	2010年12月1日, 2010年12月1日 8时26分, 2010年12月1日 下午3:04
//	Excel serial dates 1–2958465 with an optional fraction of a day
//	(epoch 1899-12-30), such as 40513 or 40513.35
//	1 Dec 2010, 1-Dec-2010, Dec 1, 2010, RFC 1123
//
// Two-digit years are rejected as ambiguous: set a Layout to read them.
func ParseTime(s string, o DateOptions) (time.Time, error) {
	if o.Layout != "" {
		t, err := time.ParseInLocation(o.Layout, cleanValue(s), o.loc())
		if err != nil {
			return time.Time{}, fmt.Errorf("does not match the date format %q", o.Layout)
		}
		return t.UTC(), nil
	}
	c, err := parseCivil(s, o.DayFirst)
	if err != nil {
		return time.Time{}, err
	}
	return c.instant(o.loc()), nil
}

// ParseDate reads a calendar date (a birth date) and returns it at UTC
// midnight. It accepts everything ParseTime does; a time of day or zone in
// the value is ignored, so "1990-05-01 00:00:00" from a spreadsheet export
// is 1990-05-01 whatever the business zone.
func ParseDate(s string, o DateOptions) (time.Time, error) {
	if o.Layout != "" {
		t, err := time.ParseInLocation(o.Layout, cleanValue(s), time.UTC)
		if err != nil {
			return time.Time{}, fmt.Errorf("does not match the date format %q", o.Layout)
		}
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	c, err := parseCivil(s, o.DayFirst)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(c.year, time.Month(c.month), c.day, 0, 0, 0, 0, time.UTC), nil
}

// civil is a date and time of day as written, before zone resolution.
type civil struct {
	year, month, day     int
	hour, min, sec, nsec int
	offset               int // seconds east of UTC, when hasZone
	hasZone              bool
}

func (c civil) instant(loc *time.Location) time.Time {
	if c.hasZone {
		return time.Date(c.year, time.Month(c.month), c.day, c.hour, c.min, c.sec, c.nsec, time.UTC).
			Add(-time.Duration(c.offset) * time.Second)
	}
	return time.Date(c.year, time.Month(c.month), c.day, c.hour, c.min, c.sec, c.nsec, loc).UTC()
}

var (
	errDate          = errors.New("is not a recognised date or time (set a date format to read it)")
	errTwoDigitYear  = errors.New("has a two-digit year, which is ambiguous (set a date format to read it)")
	errSerialRange   = errors.New("is a number outside the Excel date range 1–2958465")
	errDateYearRange = errors.New("has a year outside 1000–9999")
)

// Excel's day 0 is 1899-12-30 (this absorbs its 1900 leap-year bug for
// every serial from 61, i.e. 1900-03-01, on).
const maxExcelSerial = 2958465 // 9999-12-31

func parseCivil(s string, dayFirst bool) (civil, error) {
	if c, ok := fastISO(s); ok {
		return c, c.check()
	}
	s = cleanValue(s)
	if s == "" {
		return civil{}, errEmpty
	}
	if isNumericDate(s) {
		return numericDate(s)
	}
	c, err := scanDate(s, dayFirst)
	if err == errDate {
		if c2, ok := layoutDate(s); ok {
			return c2, nil
		}
	}
	if err != nil {
		return civil{}, err
	}
	return c, c.check()
}

// fastISO reads the two commonest shapes, "2006-01-02" and
// "2006-01-02 15:04:05" (or with a T), by position: most rows of a large
// import take this path.
func fastISO(s string) (civil, bool) {
	if len(s) != 10 && len(s) != 19 {
		return civil{}, false
	}
	if s[4] != '-' || s[7] != '-' || !digits(s[0:4]) || !digits(s[5:7]) || !digits(s[8:10]) {
		return civil{}, false
	}
	c := civil{year: atoi(s[0:4]), month: atoi(s[5:7]), day: atoi(s[8:10])}
	if len(s) == 19 {
		if (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' || !digits(s[11:13]) || !digits(s[14:16]) || !digits(s[17:19]) {
			return civil{}, false
		}
		c.hour, c.min, c.sec = atoi(s[11:13]), atoi(s[14:16]), atoi(s[17:19])
	}
	return c, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isNumericDate(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// numericDate reads YYYYMMDD, YYYYMMDDhhmmss or an Excel serial.
func numericDate(s string) (civil, error) {
	if !strings.Contains(s, ".") {
		switch len(s) {
		case 8, 14:
			c := civil{year: atoi(s[0:4]), month: atoi(s[4:6]), day: atoi(s[6:8])}
			if len(s) == 14 {
				c.hour, c.min, c.sec = atoi(s[8:10]), atoi(s[10:12]), atoi(s[12:14])
			}
			if err := c.check(); err != nil {
				return civil{}, fmt.Errorf("is not a valid YYYYMMDD date: %w", err)
			}
			return c, nil
		}
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > 7 {
		return civil{}, errSerialRange
	}
	days := atoi(intPart)
	if days < 1 || days > maxExcelSerial {
		return civil{}, errSerialRange
	}
	var ms int64
	if frac != "" {
		f, err := strconv.ParseFloat("0."+frac, 64)
		if err != nil {
			return civil{}, errDate
		}
		ms = int64(math.Round(f * 86400000))
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days).Add(time.Duration(ms) * time.Millisecond)
	c := civil{year: t.Year(), month: int(t.Month()), day: t.Day(), hour: t.Hour(), min: t.Minute(), sec: t.Second(), nsec: t.Nanosecond()}
	if c.year > 9999 {
		return civil{}, errSerialRange
	}
	return c, nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func (c civil) check() error {
	switch {
	case c.year < 1000 || c.year > 9999:
		return errDateYearRange
	case c.month < 1 || c.month > 12:
		return fmt.Errorf("has month %d, outside 1–12", c.month)
	case c.day < 1 || c.day > daysIn(c.year, c.month):
		return fmt.Errorf("has day %d, which %04d-%02d does not have", c.day, c.year, c.month)
	case c.hour > 23 || c.min > 59 || c.sec > 59:
		return fmt.Errorf("has time %02d:%02d:%02d, which is not a time of day", c.hour, c.min, c.sec)
	}
	return nil
}

func daysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}
