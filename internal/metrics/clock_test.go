package metrics

import (
	"testing"
	"time"

	"strata/internal/analytics/clv"
)

// TestDayClockAgreesWithTimeIn compares the fast day paths with time.In
// around every transition of the last 21 years and on a coarse grid, in
// zones chosen for their quirks.
func TestDayClockAgreesWithTimeIn(t *testing.T) {
	zones := []struct {
		name      string
		wantFixed bool
	}{
		{"UTC", true},
		{"Asia/Shanghai", true},  // DST until 1991: fixed over the table span, slow path before
		{"Europe/Berlin", false}, // ordinary DST at 02:00/03:00
		{"America/New_York", false},
		{"America/Sao_Paulo", false},   // DST started at midnight until 2019
		{"America/Havana", false},      // midnight transitions
		{"Australia/Lord_Howe", false}, // 30-minute DST
		{"Pacific/Apia", false},        // skipped 2011-12-30 entirely
		{"Europe/Dublin", false},       // negative DST in the tz database
		{"America/Mexico_City", false}, // DST abolished in 2022: last change inside the span
		{"Asia/Kolkata", true},         // half-hour offset
	}
	cutoffs := []time.Time{time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, z := range zones {
		loc, err := time.LoadLocation(z.name)
		if err != nil {
			t.Logf("skip %s: %v", z.name, err)
			continue
		}
		for _, c := range cutoffs {
			t.Run(z.name+"/"+c.Format(time.DateOnly), func(t *testing.T) {
				y, m, d := c.Date()
				cutoff := time.Date(y, m, d, 0, 0, 0, 0, loc).Unix()
				clk := newDayClock(loc, cutoff)
				if c.Year() == 2024 && (clk.mid == nil) != z.wantFixed {
					t.Errorf("fixed = %v, want %v", clk.mid == nil, z.wantFixed)
				}
				check := func(u int64) {
					if got, want := clk.day(u), slowDay(u, loc); got != want {
						t.Fatalf("day(%s) = %v, want %v", time.Unix(u, 0).In(loc), civilMidnight(got), civilMidnight(want))
					}
				}
				from := cutoff - (tableYears+1)*366*secondsPerDay
				for u := from; u < cutoff; u += 97 * 60 { // a grid that drifts across the hours
					check(u)
				}
				for u := from; u < cutoff; {
					_, end := time.Unix(u, 0).In(loc).ZoneBounds()
					if end.IsZero() || end.Unix() >= cutoff {
						break
					}
					for v := end.Unix() - secondsPerDay; v < end.Unix()+secondsPerDay && v < cutoff; v += 300 {
						check(v)
					}
					check(end.Unix() - 1)
					u = end.Unix()
				}
				check(cutoff - 1)
				check(cutoff)
			})
		}
	}
}

// TestDayStart pins the first instant of days whose midnight a transition
// skips or repeats.
func TestDayStart(t *testing.T) {
	cases := []struct {
		zone string
		day  time.Time // the civil date
		want string    // RFC 3339 instant of the first local moment of that date
	}{
		{"Europe/Berlin", time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), "2024-03-31T00:00:00+01:00"},
		{"Europe/Berlin", time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), "2024-04-01T00:00:00+02:00"},
		{"America/Sao_Paulo", time.Date(2018, 11, 4, 0, 0, 0, 0, time.UTC), "2018-11-04T01:00:00-02:00"}, // midnight skipped
		{"America/Havana", time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), "2024-03-10T01:00:00-04:00"},
		{"Pacific/Apia", time.Date(2011, 12, 30, 0, 0, 0, 0, time.UTC), "2011-12-31T00:00:00+14:00"}, // the day that never was
		{"Pacific/Apia", time.Date(2011, 12, 31, 0, 0, 0, 0, time.UTC), "2011-12-31T00:00:00+14:00"},
	}
	for _, tc := range cases {
		t.Run(tc.zone+"/"+tc.day.Format(time.DateOnly), func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Skip(err)
			}
			want, err := time.Parse(time.RFC3339, tc.want)
			if err != nil {
				t.Fatal(err)
			}
			y, m, d := tc.day.Date()
			if got := dayStart(civilDay(y, m, d), loc); got != want.Unix() {
				t.Errorf("dayStart = %s, want %s", time.Unix(got, 0).In(loc).Format(time.RFC3339), tc.want)
			}
		})
	}
}

// TestDayNumbersMatchCLV keeps the day numbering shared with the
// lifetime-value package, so repeat_* columns and clv summaries agree.
func TestDayNumbersMatchCLV(t *testing.T) {
	sh := shanghai(t)
	for _, u := range []int64{-86400 * 400, -1, 0, 1, 1711900799, 1711900800, 4102444800} {
		tm := time.Unix(u, 0)
		if got, want := slowDay(u, sh), clv.DayOf(tm, sh); got != want {
			t.Errorf("day(%v) = %d, clv.DayOf = %d", tm, got, want)
		}
	}
	for n := int32(-800_000); n < 800_000; n += 997 {
		y, m, d := civilDate(n)
		if got := civilDay(y, m, d); got != n {
			t.Fatalf("civilDay(civilDate(%d)) = %d", n, got)
		}
		if got := clv.DayDate(n); got.Year() != y || got.Month() != m || got.Day() != d {
			t.Fatalf("civilDate(%d) = %d-%d-%d, clv.DayDate = %v", n, y, m, d, got)
		}
	}
}

// TestCutoffSkippedMidnight pins the cutoff where the next day's midnight
// does not exist: the day starts at 01:00.
func TestCutoffSkippedMidnight(t *testing.T) {
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Skip(err)
	}
	got := Cutoff(time.Date(2018, 11, 3, 0, 0, 0, 0, time.UTC), loc)
	if want := time.Date(2018, 11, 4, 1, 0, 0, 0, loc); !got.Equal(want) || got.Day() != 4 {
		t.Errorf("Cutoff = %v, want %v", got, want)
	}
}
