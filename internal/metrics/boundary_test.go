package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"strata/internal/model"
)

// oneCustomer builds an input with a single customer whose paid lines (one
// order each, amount 100.00) are at the given local times.
func oneCustomer(t *testing.T, loc *time.Location, asOf time.Time, times ...string) *Input {
	in := &Input{AsOf: asOf, Loc: loc, Customers: CustomerCols{ID: []string{"C1"}}}
	for i, s := range times {
		line{cust: 0, at: s, key: int32(i), status: StatusPaid, amount: 10000, cat: -1}.add(t, loc, &in.Orders)
	}
	return in
}

func col(t *testing.T, tab *Table, name string) float64 {
	t.Helper()
	v, ok := tab.Num(name)
	if !ok || len(v) != 1 {
		t.Fatalf("Num(%q) = %v, %v", name, v, ok)
	}
	return v[0]
}

// TestAsOfBoundary pins the cutoff: D is included up to 23:59:59 local time
// and D+1 starts at local midnight, whatever zone AsOf itself is in.
func TestAsOfBoundary(t *testing.T) {
	sh := shanghai(t)
	d := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		asOf      time.Time
		times     []string
		frequency float64
		recency   float64
	}{
		{"23:59:59 on D counts", d, []string{"2024-03-31 23:59:59"}, 1, 0},
		{"00:00 on D+1 does not", d, []string{"2024-04-01 00:00:00"}, 0, math.NaN()},
		{"both", d, []string{"2024-03-31 23:59:59", "2024-04-01 00:00:00"}, 1, 0},
		{"00:00 on D counts, recency 0", d, []string{"2024-03-31 00:00:00"}, 1, 0},
		{"AsOf given as a late Shanghai instant", time.Date(2024, 3, 31, 23, 30, 0, 0, sh),
			[]string{"2024-03-31 23:59:59", "2024-04-01 00:00:00"}, 1, 0},
		{"AsOf given as an early UTC instant of D", time.Date(2024, 3, 31, 0, 1, 0, 0, time.UTC),
			[]string{"2024-03-31 23:59:59", "2024-04-01 00:00:00"}, 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Compute(oneCustomer(t, sh, tc.asOf, tc.times...))
			if err != nil {
				t.Fatal(err)
			}
			if got := col(t, tab, "frequency"); got != tc.frequency {
				t.Errorf("frequency = %v, want %v", got, tc.frequency)
			}
			if got := col(t, tab, "recency_days"); !same(got, tc.recency) {
				t.Errorf("recency_days = %v, want %v", got, tc.recency)
			}
			if got, want := tab.Cutoff(), time.Date(2024, 4, 1, 0, 0, 0, 0, sh); !got.Equal(want) {
				t.Errorf("Table.Cutoff = %v, want %v", got, want)
			}
			if got := Cutoff(tc.asOf, sh); !got.Equal(tab.Cutoff()) {
				t.Errorf("Cutoff = %v, Table.Cutoff %v", got, tab.Cutoff())
			}
			if got := tab.AsOf(); !got.Equal(d) {
				t.Errorf("AsOf = %v, want %v", got, d)
			}
		})
	}
}

// TestRecencyDirection pins units and sign: whole business-zone calendar
// days back from D, growing with age, counted by date not by 24 h spans.
func TestRecencyDirection(t *testing.T) {
	sh := shanghai(t)
	d := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		last string
		want float64
	}{
		{"2024-03-31 00:00:01", 0},
		{"2024-03-30 23:59:59", 1},  // one second before D's midnight: yesterday
		{"2024-03-30 00:00:00", 1},  // almost 48 h before the cutoff: still yesterday
		{"2024-03-21 12:00:00", 10}, // ten days ago
		{"2023-03-31 12:00:00", 366},
		{"2024-03-30 16:30:00", 1}, // 2024-03-30T08:30Z: a UTC day count would agree here...
		{"2024-03-31 07:30:00", 0}, // ...but not here (2024-03-30T23:30Z is the 30th in UTC)
	}
	for _, tc := range cases {
		t.Run(tc.last, func(t *testing.T) {
			tab, err := Compute(oneCustomer(t, sh, d, "2020-01-01 00:00:00", tc.last))
			if err != nil {
				t.Fatal(err)
			}
			if got := col(t, tab, "recency_days"); got != tc.want {
				t.Errorf("recency_days = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestDSTBoundaries runs the as-of boundary on both transition days of a
// zone with DST: the spring day has 23 hours and the autumn day 25.
func TestDSTBoundaries(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	cases := []struct {
		name      string
		asOf      time.Time
		times     []string
		frequency float64
		recency   float64
	}{
		{"spring: 00:30 before the jump is D", time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), []string{"2024-03-31 00:30:00"}, 1, 0},
		{"spring: 23:59:59 CEST is D", time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), []string{"2024-03-31 23:59:59"}, 1, 0},
		{"spring: midnight CEST is D+1", time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), []string{"2024-04-01 00:00:00"}, 0, math.NaN()},
		{"spring: the day before", time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), []string{"2024-03-30 23:59:59"}, 1, 2},
		{"autumn: 23:30 CET is D", time.Date(2024, 10, 27, 0, 0, 0, 0, time.UTC), []string{"2024-10-27 23:30:00"}, 1, 0},
		{"autumn: midnight CET is D+1", time.Date(2024, 10, 27, 0, 0, 0, 0, time.UTC), []string{"2024-10-28 00:00:00"}, 0, math.NaN()},
		{"autumn: 00:30 CEST is D", time.Date(2024, 10, 27, 0, 0, 0, 0, time.UTC), []string{"2024-10-27 00:30:00"}, 1, 0},
		{"autumn: a week later", time.Date(2024, 11, 3, 0, 0, 0, 0, time.UTC), []string{"2024-10-27 00:30:00"}, 1, 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Compute(oneCustomer(t, berlin, tc.asOf, tc.times...))
			if err != nil {
				t.Fatal(err)
			}
			if got := col(t, tab, "frequency"); got != tc.frequency {
				t.Errorf("frequency = %v, want %v", got, tc.frequency)
			}
			if got := col(t, tab, "recency_days"); !same(got, tc.recency) {
				t.Errorf("recency_days = %v, want %v", got, tc.recency)
			}
		})
	}
}

// TestRegisteredAfterAsOf pins who is in the table.
func TestRegisteredAfterAsOf(t *testing.T) {
	sh := shanghai(t)
	in := &Input{AsOf: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), Loc: sh, Customers: CustomerCols{
		ID: []string{"late", "edge", "unknown", "after"},
		RegisteredAt: []int64{ts(t, sh, "2024-04-01 00:00:00"), ts(t, sh, "2024-03-31 23:59:59"), NoTime,
			ts(t, sh, "2025-01-01 00:00:00")},
	}}
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.IDs(); len(got) != 2 || got[0] != "edge" || got[1] != "unknown" {
		t.Errorf("IDs = %q, want [edge unknown]", got)
	}
}

// TestValidation checks that malformed input fails loudly.
func TestValidation(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(in *Input)
	}{
		{"orders not sorted by time", func(in *Input) { in.Orders.At[1], in.Orders.At[2] = in.Orders.At[2], in.Orders.At[1] }},
		{"orders not sorted by customer", func(in *Input) { in.Orders.Cust[11] = 0 }},
		{"customer index out of range", func(in *Input) { in.Orders.Cust[len(in.Orders.Cust)-1] = 9 }},
		{"status zero", func(in *Input) { in.Orders.Status[0] = 0 }},
		{"channel out of range", func(in *Input) { in.Interactions.Channel[0] = 6 }},
		{"category out of range", func(in *Input) { in.Orders.Category[0] = 3 }},
		{"column length", func(in *Input) { in.Orders.Amount = in.Orders.Amount[1:] }},
		{"customer column length", func(in *Input) { in.Customers.Gender = in.Customers.Gender[1:] }},
		{"premium length", func(in *Input) { in.Premium = in.Premium[1:] }},
		{"cost without has_cost", func(in *Input) { in.Orders.HasCost = nil }},
		{"negative window", func(in *Input) { in.Config.WindowDays = -1 }},
		{"no as-of date", func(in *Input) { in.AsOf = time.Time{} }},
		{"interactions not sorted", func(in *Input) {
			in.Interactions.At[0], in.Interactions.At[1] = in.Interactions.At[1], in.Interactions.At[0]
		}},
		{"tickets not sorted", func(in *Input) {
			in.Tickets.OpenedAt[0], in.Tickets.OpenedAt[1] = in.Tickets.OpenedAt[1], in.Tickets.OpenedAt[0]
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := fixture(t)
			tc.mutate(in)
			_, err := Compute(in)
			if !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("Compute = %v, want a validation error", err)
			}
		})
	}
}

// TestSparseInputs covers inputs with nothing but what is required.
func TestSparseInputs(t *testing.T) {
	d := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		in   *Input
		rows int
	}{
		{"no customers", &Input{AsOf: d}, 0},
		{"customers without records or optional columns", &Input{AsOf: d, Customers: CustomerCols{ID: []string{"a", "b"}}}, 2},
		{"orders without optional columns", &Input{AsOf: d, Customers: CustomerCols{ID: []string{"a"}},
			Orders:     OrderCols{Cust: []int32{0}, At: []int64{1e9}, Order: []int32{1}, Status: []uint8{StatusPaid}, Amount: []int64{500}},
			Categories: []string{"x"}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := Compute(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Len() != tc.rows || len(tab.IDs()) != tc.rows || len(tab.Tags()) != tc.rows {
				t.Fatalf("Len = %d, IDs %d, Tags %d, want %d", tab.Len(), len(tab.IDs()), len(tab.Tags()), tc.rows)
			}
			for _, f := range Fields() {
				if v, ok := tab.Num(f.Name); ok && len(v) != tc.rows {
					t.Errorf("%s has %d rows", f.Name, len(v))
				}
				if v, ok := tab.Str(f.Name); ok && len(v) != tc.rows {
					t.Errorf("%s has %d rows", f.Name, len(v))
				}
			}
		})
	}
	tab, err := Compute(cases[2].in)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{"monetary": 5, "frequency": 1, "premium_share": 0, "discount_share": 0,
		"profit": math.NaN(), "age": math.NaN(), "tenure_days": float64(clvDay(d) - clvDay(time.Unix(1e9, 0)))} {
		if got := col(t, tab, name); !same(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// clvDay is the UTC day number of t.
func clvDay(t time.Time) int32 { return civilDay(t.UTC().Date()) }

// TestRecordsOutsideEveryChunk covers customer columns whose ends are in
// range but whose middle is not sorted in a way that moves a chunk's
// binary search past records: no chunk would see those records, so the
// validation must catch them, naming the first one out of place.
func TestRecordsOutsideEveryChunk(t *testing.T) {
	d := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		cust []int32
		want string // the error's field and value, of table %[1]s
	}{
		{[]int32{0, -1, 0, 1}, "%[1]s.cust[1] -1"}, // the first range would start at record 2
		{[]int32{0, 1, 2, 1}, "%[1]s.cust[2] 2"},   // the last range would end at record 2
		{[]int32{1, 0, 0, 1}, "%[1]s row 1"},       // one range, whose pass finds the disorder
	} {
		k := len(tc.cust)
		at := make([]int64, k)
		for i := range at {
			at[i] = 1e9 + int64(i)
		}
		for _, table := range []string{"orders", "interactions", "surveys", "tickets"} {
			in := &Input{AsOf: d, Customers: CustomerCols{ID: []string{"a", "b"}}}
			switch table {
			case "orders":
				in.Orders = OrderCols{Cust: tc.cust, At: at, Order: make([]int32, k), Status: make([]uint8, k), Amount: make([]int64, k)}
				for i := range in.Orders.Status {
					in.Orders.Status[i] = StatusPaid
				}
			case "interactions":
				in.Interactions = InteractionCols{Cust: tc.cust, At: at, Channel: make([]uint8, k)}
			case "surveys":
				in.Surveys = SurveyCols{Cust: tc.cust, At: at}
			case "tickets":
				in.Tickets = TicketCols{Cust: tc.cust, OpenedAt: at, Closed: make([]bool, k), ClosedAt: make([]int64, k)}
			}
			_, err := Compute(in)
			var ve *model.ValidationError
			if want := fmt.Sprintf(tc.want, table); !errors.As(err, &ve) || ve.Field+" "+ve.Value != want {
				t.Errorf("%s.cust %v: Compute = %v, want a validation error on %s", table, tc.cust, err, want)
			}
		}
	}
}

// TestAbsentColumnsReadAsDefaults checks that an absent optional order
// column gives the same table as the column filled with its default (no
// cost, no discount, no category, unit price 0): the fold reads absent
// columns from scratch of those defaults, sized to the longest chunk.
func TestAbsentColumnsReadAsDefaults(t *testing.T) {
	asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		premium bool // every category premium: a line taken for category 0 would count
		apply   func(o *OrderCols, absent bool)
	}{
		{"cost", false, func(o *OrderCols, absent bool) {
			o.HasCost, o.Cost = nil, nil
			if !absent {
				o.HasCost, o.Cost = make([]bool, len(o.Cust)), make([]int64, len(o.Cust))
			}
		}},
		{"discount", false, func(o *OrderCols, absent bool) {
			o.Discount = nil
			if !absent {
				o.Discount = make([]int64, len(o.Cust))
			}
		}},
		{"category", true, func(o *OrderCols, absent bool) {
			o.Category = nil
			if !absent {
				o.Category = slices.Repeat([]int32{-1}, len(o.Cust))
			}
		}},
		{"unit_price", false, func(o *OrderCols, absent bool) {
			o.UnitPrice = nil
			if !absent {
				o.UnitPrice = make([]int64, len(o.Cust))
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tabs [2]*Table
			for k, absent := range []bool{true, false} {
				in := Synthetic(3*chunkSize+100, 60000, 11, asOf) // several chunks
				tc.apply(&in.Orders, absent)
				if tc.premium {
					in.Premium = slices.Repeat([]bool{true}, len(in.Categories))
				}
				tab, err := Compute(in)
				if err != nil {
					t.Fatal(err)
				}
				tabs[k] = tab
			}
			for _, f := range Fields() {
				if a, ok := tabs[0].Num(f.Name); ok {
					if b, _ := tabs[1].Num(f.Name); !sameBits(a, b) {
						t.Errorf("%s differs with %s absent", f.Name, tc.name)
					}
				}
			}
		})
	}
}
