package demo

import (
	"math"
	"testing"
	"time"
)

func TestCalendarWindow(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	cases := []struct {
		name  string
		end   time.Time
		loc   *time.Location
		years float64
		last  time.Time // exclusive bound of data
	}{
		{"utc midnight in Shanghai", testEnd, shanghai(), 2.5, time.Date(2025, 7, 1, 0, 0, 0, 0, shanghai())},
		{"afternoon is the same day", time.Date(2025, 6, 30, 15, 0, 0, 0, shanghai()), shanghai(), 1, time.Date(2025, 7, 1, 0, 0, 0, 0, shanghai())},
		{"late UTC is the next local day", time.Date(2025, 6, 30, 20, 0, 0, 0, time.UTC), shanghai(), 1, time.Date(2025, 7, 2, 0, 0, 0, 0, shanghai())},
		{"daylight saving zone", time.Date(2025, 3, 10, 12, 0, 0, 0, ny), ny, 2, time.Date(2025, 3, 11, 0, 0, 0, 0, ny)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCalendar(tc.end, tc.years, tc.loc)
			if got := time.Unix(c.start[c.end+1], 0); !got.Equal(tc.last) {
				t.Fatalf("data ends before %v, want %v", got, tc.last)
			}
			if want := int(math.Round(tc.years * 365.25)); c.end-c.hist != want {
				t.Fatalf("history has %d days, want %d", c.end-c.hist, want)
			}
			for k := 0; k <= c.end; k++ {
				day := time.Unix(c.start[k], 0).In(tc.loc)
				if day.Hour() != 0 || day.Minute() != 0 || c.start[k+1] <= c.start[k] {
					t.Fatalf("day %d starts at %v", k, day)
				}
				if got := int32(day.Year()*10000 + int(day.Month())*100 + day.Day()); got != c.ymd[k] {
					t.Fatalf("day %d is %d, labelled %d", k, got, c.ymd[k])
				}
				if got := c.ts(k, 86400*2); got != c.start[k+1]-1 {
					t.Fatalf("ts does not clamp to day %d", k)
				}
			}
			// Each profile averages 1 per day over the history.
			for p := range nProfiles {
				days := float64(c.end - c.hist + 1)
				if got := c.cum[p][c.end+1] - c.cum[p][c.hist]; math.Abs(got-days) > 1e-6*days {
					t.Fatalf("profile %d sums to %v over %v days", p, got, days)
				}
			}
		})
	}
}

func TestSeasonOf(t *testing.T) {
	// 2025: Spring Festival on 29 January.
	at := func(y int, m time.Month, d int) dayFactors {
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return seasonOf(y, m, d, day.Weekday(), springOffset(day))
	}
	cases := []struct {
		name       string
		day, other dayFactors
		ratio      float64 // day.retail / other.retail at least
	}{
		{"双11 beats an ordinary November Tuesday", at(2024, 11, 11), at(2024, 11, 19), 4},
		{"618 beats an ordinary June Wednesday", at(2025, 6, 18), at(2025, 6, 25), 3},
		{"pre-holiday shopping beats the festival week", at(2025, 1, 20), at(2025, 1, 31), 2},
		{"Saturday beats Tuesday", at(2025, 9, 13), at(2025, 9, 9), 1.2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := tc.day.retail / tc.other.retail; r < tc.ratio {
				t.Fatalf("ratio %.2f, want ≥ %.2f", r, tc.ratio)
			}
		})
	}
	t.Run("promotion levels", func(t *testing.T) {
		if at(2024, 11, 11).promo != 2 || at(2024, 11, 5).promo != 1 || at(2024, 8, 5).promo != 0 {
			t.Fatal("wrong promotion levels")
		}
	})
	t.Run("bargain profile is sharper", func(t *testing.T) {
		peak, quiet := at(2024, 11, 11), at(2024, 8, 6)
		if peak.promoProfile/quiet.promoProfile < 2*peak.retail/quiet.retail {
			t.Fatal("promo profile does not sharpen the peaks")
		}
	})
	t.Run("companies do not buy on Sundays or in the festival", func(t *testing.T) {
		if at(2025, 9, 14).b2b > 0.2*at(2025, 9, 15).b2b || at(2025, 1, 30).b2b > 0.1 {
			t.Fatal("b2b profile works weekends or holidays")
		}
	})
}

func TestSpringOffset(t *testing.T) {
	cases := []struct {
		day  time.Time
		want int
	}{
		{time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC), 0},
		{time.Date(2024, 2, 9, 0, 0, 0, 0, time.UTC), -1},
		{time.Date(2025, 2, 5, 0, 0, 0, 0, time.UTC), 7},
		{time.Date(2099, 2, 5, 0, 0, 0, 0, time.UTC), 0}, // outside the table
	}
	for _, tc := range cases {
		t.Run(tc.day.Format(time.DateOnly), func(t *testing.T) {
			if got := springOffset(tc.day); got != tc.want {
				t.Fatalf("springOffset = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestGenerateOtherZone runs a small business in a zone with daylight saving
// and checks that nothing lands after the end of End's local day.
func TestGenerateOtherZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	bound := time.Date(2025, 11, 3, 0, 0, 0, 0, ny)
	rec := newRecorder()
	if err := Generate(Options{Customers: 300, Seed: 5, End: time.Date(2025, 11, 2, 9, 0, 0, 0, ny), Location: ny, Years: 1}, rec); err != nil {
		t.Fatal(err)
	}
	for _, cr := range rec.customers {
		for _, o := range cr.orders {
			if err := o.Validate(); err != nil || !o.OrderedAt.Before(bound) {
				t.Fatalf("%s at %v: %v", o.OrderID, o.OrderedAt, err)
			}
		}
		for _, k := range cr.tickets {
			if !k.OpenedAt.Before(bound) || k.Status == "closed" && !k.ClosedAt.Before(bound) {
				t.Fatalf("%s: %+v", k.ID, k)
			}
		}
	}
}
