package metrics

import (
	"math"
	"slices"
	"testing"
)

var nan = math.NaN()

// TestGolden checks every column of the fixture against values worked out
// by hand. Rows: C001, C002, C004 (C003 registered after D is left out).
func TestGolden(t *testing.T) {
	in := fixture(t)
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tab.IDs(), []string{"C001", "C002", "C004"}; !slices.Equal(got, want) {
		t.Fatalf("IDs = %v, want %v", got, want)
	}
	if got, want := tab.InputRows(), []int32{0, 1, 3}; !slices.Equal(got, want) {
		t.Fatalf("InputRows = %v, want %v", got, want)
	}
	loc := in.Loc
	at := func(s string) float64 { return float64(ts(t, loc, s)) }
	// Day numbers used below: D = 2024-03-31. Window (365 d) from 2023-04-02,
	// last 90 d from 2024-01-02, previous 90 d 2023-10-04..2024-01-01.
	// Category medians (paid, positive, priced, up to D, included customers):
	// daily {1000,1000,1500,2000,2500,3000} -> 1750 (the 99999 line after D
	// and C003's 100000 would move it to 2000 or 2250); gadgets {1000,2000} -> 1500.
	num := map[string][3]float64{
		// C001: purchases 50000+2000 (O1, 2023-03-01), 2000 (2023-11-11),
		// 3000 and 1000 (two orders on 2024-01-15), 1500 (23:59:59 on D);
		// return −1000; refund 4000 and cancellation 7000 are not spend.
		"recency_days":              {0, nan, 424},
		"frequency":                 {5, 0, 2},
		"purchase_days":             {4, 0, 2},
		"monetary":                  {585, 0, 55},
		"frequency_window":          {4, 0, 0},
		"monetary_window":           {65, 0, 0},
		"aov":                       {117, nan, 27.5},
		"profit":                    {204, nan, nan}, // (50000−30000)+(2000−1200)+(−1000+600)
		"has_profit":                {1, 0, 0},
		"first_purchase_at":         {at("2023-03-01 10:00:00"), nan, at("2023-01-01 10:00:00")},
		"last_purchase_at":          {at("2024-03-31 23:59:59"), nan, at("2023-02-01 10:00:00")},
		"tenure_days":               {446, 30, 455}, // from 2023-01-10 (registration), 2024-03-01, 2023-01-01 (first purchase)
		"interpurchase_days":        {132, nan, 31}, // 396/3, 31/1
		"spend_last_90":             {45, 0, 0},
		"spend_prev_90":             {20, 0, 0},
		"trend":                     {2500.0 / 6500, nan, nan},
		"refund_rate":               {5000.0 / 63500, nan, 0}, // (4000 refunded + 1000 returned) / (59500 + 4000)
		"discount_share":            {700.0 / 60200, nan, 500.0 / 6000},
		"premium_share":             {55000.0 / 59500, nan, 4500.0 / 5500}, // luxury 50000 + daily 2000, 3000 | 2500 + 2000
		"interactions":              {2, 3, 0},
		"interactions_face_to_face": {0, 2, 0},
		"interactions_phone":        {1, 0, 0},
		"interactions_online":       {1, 0, 0},
		"interactions_social":       {0, 1, 0},
		"interactions_email":        {0, 0, 0}, // C001's e-mail is after D
		"interactions_other":        {0, 0, 0},
		"service_interactions":      {5, 3, 0},
		"tickets_open":              {2, 0, 0}, // one closed after D, one still open; the fourth opened after D
		"tickets_closed":            {1, 0, 0},
		"complaints":                {2, 0, 0}, // "Complaint" and "投诉"
		"ticket_rate":               {3 / (446 / 365.25), 0, 0},
		"csat_avg":                  {3, nan, nan},
		"csat_count":                {2, 0, 0},
		"nps_latest":                {6, 8, nan},
		"age":                       {33, 70, 24}, // birthday 1 April not yet; stated; 29 Feb 2000
		"registered_at":             {at("2023-01-10 09:00:00"), at("2024-03-01 10:00:00"), nan},
		"has_purchase":              {1, 0, 1},
		"repeat_x":                  {3, nan, 1},
		"repeat_tx_days":            {396, nan, 31},
		"repeat_T_days":             {396, nan, 455},
		"gap_before_last_days":      {76, nan, 31}, // 2024-01-15 → 2024-03-31; 2023-01-01 → 2023-02-01
	}
	str := map[string][3]string{
		"nps_category":      {"detractor", "passive", ""},
		"preference_stated": {"quality", "service", ""}, // the later empty answer does not erase it
		"age_band":          {"25-34", "65+", "<25"},
		"gender":            {"female", "", ""},
		"region":            {"华东", "", "North"},
		"city":              {"上海", "", ""},
		"occupation":        {"", "", ""}, // a nil column
		"income_band":       {"10k-20k", "", ""},
		"source":            {"web", "", "store"},
		"owner":             {"", "staff01", ""},
	}
	for _, f := range Fields() {
		switch f.Kind {
		case KindNumber, KindDate, KindBool:
			want, ok := num[f.Name]
			if !ok {
				t.Errorf("field %s has no golden value", f.Name)
				continue
			}
			t.Run(f.Name, func(t *testing.T) {
				got, ok := tab.Num(f.Name)
				if !ok {
					t.Fatal("Num: no such column")
				}
				for r, w := range want {
					if !same(got[r], w) {
						t.Errorf("row %d = %v, want %v", r, got[r], w)
					}
				}
			})
		case KindString:
			want, ok := str[f.Name]
			if !ok {
				t.Errorf("field %s has no golden value", f.Name)
				continue
			}
			t.Run(f.Name, func(t *testing.T) {
				got, ok := tab.Str(f.Name)
				if !ok {
					t.Fatal("Str: no such column")
				}
				if !slices.Equal(got, want[:]) {
					t.Errorf("= %q, want %q", got, want)
				}
			})
		}
	}
	if tags := tab.Tags(); len(tags) != 3 || !slices.Equal(tags[0], []string{"vip"}) || tags[1] != nil {
		t.Errorf("Tags = %q", tags)
	}
}

// same compares floats with NaN equal to NaN and a relative tolerance for
// the ratios.
func same(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12*max(1, math.Abs(b))
}
