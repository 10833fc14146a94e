package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	sh := DefaultLocation()
	at := func(y, mo, d, h, mi, s int) time.Time { return time.Date(y, time.Month(mo), d, h, mi, s, 0, sh).UTC() }
	utc := func(y, mo, d, h, mi, s int) time.Time { return time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC) }
	tests := []struct {
		name     string
		in       string
		dayFirst bool
		want     time.Time
		err      string
	}{
		{"iso date", "2010-12-01", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"iso datetime space", "2010-12-01 08:26:07", false, at(2010, 12, 1, 8, 26, 7), ""},
		{"iso datetime T", "2010-12-01T08:26:07", false, at(2010, 12, 1, 8, 26, 7), ""},
		{"iso without seconds", "2010-12-01 08:26", false, at(2010, 12, 1, 8, 26, 0), ""},
		{"iso Z", "2010-12-01T08:26:07Z", false, utc(2010, 12, 1, 8, 26, 7), ""},
		{"iso fraction Z", "2010-12-01T08:26:07.5Z", false, utc(2010, 12, 1, 8, 26, 7).Add(500 * time.Millisecond), ""},
		{"iso offset colon", "2010-12-01T08:26:07+08:00", false, utc(2010, 12, 1, 0, 26, 7), ""},
		{"iso offset no colon", "2010-12-01 08:26:07 +0800", false, utc(2010, 12, 1, 0, 26, 7), ""},
		{"iso negative offset", "2010-12-01T08:26-05:00", false, utc(2010, 12, 1, 13, 26, 0), ""},
		{"iso hour offset", "2010-12-01T08:26+01", false, utc(2010, 12, 1, 7, 26, 0), ""},
		{"utc word", "2010-12-01 08:26 UTC", false, utc(2010, 12, 1, 8, 26, 0), ""},
		{"compact", "20101201", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"compact datetime", "20101201082607", false, at(2010, 12, 1, 8, 26, 7), ""},
		{"slash ymd time", "2010/12/1 8:26", false, at(2010, 12, 1, 8, 26, 0), ""},
		{"dash unpadded", "2010-12-1", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"dots", "2010.12.01", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"us month first", "12/1/2010 8:26", false, at(2010, 12, 1, 8, 26, 0), ""},
		{"ambiguous month first", "1/12/2010", false, at(2010, 1, 12, 0, 0, 0), ""},
		{"ambiguous day first", "1/12/2010", true, at(2010, 12, 1, 0, 0, 0), ""},
		{"unambiguous day first wins", "13/12/2010", false, at(2010, 12, 13, 0, 0, 0), ""},
		{"unambiguous month first wins", "12/13/2010", true, at(2010, 12, 13, 0, 0, 0), ""},
		{"european dots", "01.12.2010", true, at(2010, 12, 1, 0, 0, 0), ""},
		{"am pm", "12/1/2010 8:26 PM", false, at(2010, 12, 1, 20, 26, 0), ""},
		{"twelve am", "12/1/2010 12:05 am", false, at(2010, 12, 1, 0, 5, 0), ""},
		{"chinese", "2010年12月1日", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"chinese hao", "2010年12月1号", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"chinese with units", "2010年12月1日 8时26分", false, at(2010, 12, 1, 8, 26, 0), ""},
		{"chinese with seconds", "2010年12月1日8时26分30秒", false, at(2010, 12, 1, 8, 26, 30), ""},
		{"chinese dian", "2010年12月1日 8点", false, at(2010, 12, 1, 8, 0, 0), ""},
		{"chinese clock", "2010年12月1日 08:26", false, at(2010, 12, 1, 8, 26, 0), ""},
		{"chinese afternoon", "2010年12月1日 下午3:04", false, at(2010, 12, 1, 15, 4, 0), ""},
		{"full-width digits", "２０１０－１２－０１", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"excel serial", "40513", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"excel serial fraction", "40513.35138888889", false, at(2010, 12, 1, 8, 26, 0), ""},
		{"excel serial noon", "40513.5", false, at(2010, 12, 1, 12, 0, 0), ""},
		{"excel serial one", "1", false, at(1899, 12, 31, 0, 0, 0), ""},
		{"excel serial max", "2958465", false, at(9999, 12, 31, 0, 0, 0), ""},
		{"month name", "1 Dec 2010", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"month name dashed", "1-Dec-2010", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"month name us", "Dec 1, 2010", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"rfc1123 gmt", "Wed, 01 Dec 2010 08:26:00 GMT", false, utc(2010, 12, 1, 8, 26, 0), ""},
		{"spaces trimmed", "  2010-12-01  ", false, at(2010, 12, 1, 0, 0, 0), ""},
		{"serial zero", "0", false, time.Time{}, "Excel date range"},
		{"serial too big", "2958466", false, time.Time{}, "Excel date range"},
		{"bad compact", "20101301", false, time.Time{}, "YYYYMMDD"},
		{"month 13", "2010-13-01", false, time.Time{}, "month 13"},
		{"feb 30", "2010-02-30", false, time.Time{}, "day 30"},
		{"leap ok", "2012-02-29", false, at(2012, 2, 29, 0, 0, 0), ""},
		{"leap bad", "1900-02-29", false, time.Time{}, "day 29"},
		{"hour 24", "2010-12-01 24:00", false, time.Time{}, "not a time of day"},
		{"two digit year", "12/1/10", false, time.Time{}, "two-digit year"},
		{"words", "yesterday", false, time.Time{}, "not a recognised date"},
		{"empty", "", false, time.Time{}, "empty"},
		{"trailing junk", "2010-12-01 08:26 xyz", false, time.Time{}, "not a recognised date"},
		{"mixed separators", "2010-12/01", false, time.Time{}, "not a recognised date"},
		{"unknown zone abbreviation", "Wed, 01 Dec 2010 08:26:00 CST", false, time.Time{}, "not a recognised date"},
		{"year out of range", "0001-01-01", false, time.Time{}, "year outside"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTime(tc.in, DateOptions{DayFirst: tc.dayFirst})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseTime(%q) = %v, %v; want error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Fatalf("ParseTime(%q) = %v, %v; want %v (UTC)", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseTimeLocationAndLayout(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database")
	}
	got, err := ParseTime("2010-07-01 12:00", DateOptions{Location: ny})
	if want := time.Date(2010, 7, 1, 16, 0, 0, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Fatalf("New York summer noon = %v, %v; want %v", got, err, want)
	}
	got, err = ParseTime("01|12|2010", DateOptions{Layout: "02|01|2006"})
	if want := time.Date(2010, 11, 30, 16, 0, 0, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Fatalf("layout = %v, %v; want %v", got, err, want)
	}
	if _, err := ParseTime("2010-12-01", DateOptions{Layout: "02|01|2006"}); err == nil || !strings.Contains(err.Error(), "02|01|2006") {
		t.Fatalf("layout mismatch error = %v", err)
	}
	// The layout turns off serial detection.
	if _, err := ParseTime("40513", DateOptions{Layout: "2006-01-02"}); err == nil {
		t.Fatal("serial with layout: want error")
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts DateOptions
		want time.Time
	}{
		{"iso", "1990-05-01", DateOptions{}, time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"with midnight time", "1990-05-01 00:00:00", DateOptions{}, time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"late evening offset ignored", "1990-05-01T23:30:00-10:00", DateOptions{}, time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"chinese", "1990年5月1日", DateOptions{}, time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"serial", "32994", DateOptions{}, time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"layout", "01/05/1990", DateOptions{Layout: "02/01/2006"}, time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in, tc.opts)
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}
