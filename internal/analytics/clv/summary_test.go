package clv

import (
	"errors"
	"math"
	"testing"
	"time"

	"strata/internal/model"
)

func TestSummarizeCDNOWMatchesExactReference(t *testing.T) {
	got := cdnowSummary(t)
	ref := loadCDNOWRef(t, "cdnow_calibration_exact.csv")
	if got.Len() != 2357 || ref.S.Len() != 2357 {
		t.Fatalf("customers: got %d, reference %d, want 2357", got.Len(), ref.S.Len())
	}
	cols := []struct {
		name     string
		got, ref []float64
	}{
		{"x", got.X, ref.S.X}, {"t_x", got.Tx, ref.S.Tx}, {"T", got.T, ref.S.T},
		{"zbar", got.Zbar, ref.S.Zbar}, {"x_star", got.XStar, ref.S.XStar},
	}
	for i := range got.Len() {
		if got.Customer[i] != ref.ID[i] {
			t.Fatalf("row %d: customer %d, reference %d", i, got.Customer[i], ref.ID[i])
		}
		for _, c := range cols {
			// Full precision: the reference was written with Python's repr,
			// which round-trips float64 exactly.
			if c.got[i] != c.ref[i] {
				t.Errorf("customer %d %s = %v, reference %v", got.Customer[i], c.name, c.got[i], c.ref[i])
			}
		}
	}
}

func TestSummarizeCDNOWMatchesLifetimesSummary(t *testing.T) {
	got := cdnowSummary(t)
	ref := loadCDNOWRef(t, "cdnow_customers_summary_with_transactions.csv")
	if got.Len() != ref.S.Len() {
		t.Fatalf("customers: got %d, reference %d", got.Len(), ref.S.Len())
	}
	round2 := func(v float64) float64 { return math.Round(v*100) / 100 }
	for i := range got.Len() {
		g, r := got.Row(i), ref.S.Row(i)
		// The file holds 2-decimal roundings; a tolerance of half a cent
		// plus float noise accepts exactly the values that round to them.
		for _, c := range []struct {
			name string
			g, r float64
		}{{"x", g.X, r.X}, {"t_x", g.Tx, r.Tx}, {"T", g.T, r.T}, {"zbar", g.Zbar, r.Zbar}} {
			if math.Abs(round2(c.g)-c.r) > 1e-9 && math.Abs(c.g-c.r) > 0.005+1e-9 {
				t.Errorf("customer %d %s = %v, lifetimes %v", got.Customer[i], c.name, c.g, c.r)
			}
		}
	}
}

func TestSummarizeCases(t *testing.T) {
	d := func(y int, m time.Month, day int) int32 { return CivilDay(y, m, day) }
	opt := SummaryOptions{CalibrationEnd: d(2024, 3, 31), HoldoutEnd: d(2024, 6, 30), Unit: Days}
	cases := []struct {
		name string
		txns []Txn
		opt  SummaryOptions
		want map[int32]Row
	}{
		{
			name: "one purchase only",
			txns: []Txn{{1, d(2024, 3, 1), 10}},
			opt:  opt,
			want: map[int32]Row{1: {X: 0, Tx: 0, T: 30, Zbar: 0}},
		},
		{
			name: "same-day purchases merge and their values add up",
			txns: []Txn{{1, d(2024, 1, 1), 5}, {1, d(2024, 1, 11), 2}, {1, d(2024, 1, 11), 3}, {1, d(2024, 1, 21), 7}},
			opt:  opt,
			want: map[int32]Row{1: {X: 2, Tx: 20, T: 90, Zbar: 6}},
		},
		{
			name: "holdout days are counted, not part of x",
			txns: []Txn{{1, d(2024, 3, 1), 1}, {1, d(2024, 3, 31), 4}, {1, d(2024, 4, 1), 9}, {1, d(2024, 4, 1), 9}, {1, d(2024, 6, 30), 9}, {1, d(2024, 7, 1), 9}},
			opt:  opt,
			want: map[int32]Row{1: {X: 1, Tx: 30, T: 30, Zbar: 4, XStar: 2}},
		},
		{
			name: "customer first seen in the holdout is not in the cohort",
			txns: []Txn{{1, d(2024, 3, 1), 1}, {2, d(2024, 4, 2), 1}, {2, d(2024, 4, 9), 1}},
			opt:  opt,
			want: map[int32]Row{1: {T: 30}},
		},
		{
			name: "no holdout when HoldoutEnd is not after CalibrationEnd",
			txns: []Txn{{1, d(2024, 3, 1), 1}, {1, d(2024, 4, 2), 1}},
			opt:  SummaryOptions{CalibrationEnd: opt.CalibrationEnd, Unit: Days},
			want: map[int32]Row{1: {T: 30}},
		},
		{
			name: "unsorted input, weeks",
			txns: []Txn{{2, d(2024, 3, 17), 8}, {1, d(2024, 3, 24), 2}, {2, d(2024, 3, 3), 1}, {1, d(2024, 3, 10), 4}, {2, d(2024, 3, 10), 6}},
			opt:  SummaryOptions{CalibrationEnd: d(2024, 3, 31), Unit: Weeks},
			want: map[int32]Row{1: {X: 1, Tx: 2, T: 3, Zbar: 2}, 2: {X: 2, Tx: 2, T: 4, Zbar: 7}},
		},
		{
			name: "zero-value purchases still count as purchase days",
			txns: []Txn{{1, d(2024, 3, 1), 0}, {1, d(2024, 3, 2), 0}},
			opt:  opt,
			want: map[int32]Row{1: {X: 1, Tx: 1, T: 30, Zbar: 0}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Summarize(tc.txns, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != len(tc.want) {
				t.Fatalf("got %d customers %v, want %d", s.Len(), s.Customer, len(tc.want))
			}
			for i, id := range s.Customer {
				want, ok := tc.want[id]
				if !ok {
					t.Fatalf("unexpected customer %d", id)
				}
				if got := s.Row(i); got != want {
					t.Errorf("customer %d: got %+v, want %+v", id, got, want)
				}
			}
		})
	}
}

func TestDayOfUsesBusinessTimeZone(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skipf("no tz database: %v", err)
	}
	// 2024-03-01 17:30 UTC is 2024-03-02 01:30 in Shanghai: a different
	// business day from 2024-03-01 09:00 UTC (17:00 Shanghai).
	late := time.Date(2024, 3, 1, 17, 30, 0, 0, time.UTC)
	early := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name        string
		loc         *time.Location
		wantSameDay bool
	}{
		{"UTC", time.UTC, true},
		{"nil means UTC", nil, true},
		{"Asia/Shanghai", shanghai, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if same := DayOf(late, tc.loc) == DayOf(early, tc.loc); same != tc.wantSameDay {
				t.Errorf("same day = %v, want %v", same, tc.wantSameDay)
			}
		})
	}
	if got := DayOf(late, shanghai); got != CivilDay(2024, 3, 2) {
		t.Errorf("DayOf in Shanghai = %v, want 2024-03-02", DayDate(got))
	}
	if got := DayDate(CivilDay(1969, 12, 31)); !got.Equal(time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DayDate round trip before the epoch = %v", got)
	}
}

func TestSummarizeDaysAgreesWithSummarize(t *testing.T) {
	txns := loadCDNOWSample(t)
	opt := SummaryOptions{CalibrationEnd: cdnowCalEnd, HoldoutEnd: cdnowHoldEnd, Unit: Weeks}
	s, err := Summarize(txns, opt) // sorts txns
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for i := 0; i < len(txns); {
		j := i
		var days []int32
		var vals []float64
		for ; j < len(txns) && txns[j].Customer == txns[i].Customer; j++ {
			days, vals = append(days, txns[j].Day), append(vals, txns[j].Value)
		}
		r, ok, err := SummarizeDays(days, vals, opt)
		if err != nil || !ok {
			t.Fatalf("customer %d: ok=%v err=%v", txns[i].Customer, ok, err)
		}
		if r != s.Row(k) {
			t.Fatalf("customer %d: SummarizeDays %+v, Summarize %+v", txns[i].Customer, r, s.Row(k))
		}
		k, i = k+1, j
	}
}

func TestSummarizeErrors(t *testing.T) {
	cases := []struct {
		name string
		run  func() error
	}{
		{"bad unit", func() error { _, err := Summarize(nil, SummaryOptions{}); return err }},
		{"NaN value", func() error {
			_, err := Summarize([]Txn{{1, 1, math.NaN()}}, SummaryOptions{CalibrationEnd: 5, Unit: Days})
			return err
		}},
		{"unsorted days", func() error {
			_, _, err := SummarizeDays([]int32{3, 1}, nil, SummaryOptions{CalibrationEnd: 5, Unit: Days})
			return err
		}},
		{"values length", func() error {
			_, _, err := SummarizeDays([]int32{1, 2}, []float64{1}, SummaryOptions{CalibrationEnd: 5, Unit: Days})
			return err
		}},
		{"infinite value", func() error {
			_, _, err := SummarizeDays([]int32{1}, []float64{math.Inf(1)}, SummaryOptions{CalibrationEnd: 5, Unit: Days})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want a validation error", err)
			}
		})
	}
}

func TestUnitConversions(t *testing.T) {
	cases := []struct {
		name      string
		got, want float64
	}{
		{"week month", Weeks.PerMonth(), 365.25 / 12 / 7},
		{"day month", Days.PerMonth(), 30.4375},
		{"13 weeks in days", Convert(13, Weeks, Days), 91},
		{"90 days in weeks", Convert(90, Days, Weeks), 90.0 / 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if math.Abs(tc.got-tc.want) > 1e-12 {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}
