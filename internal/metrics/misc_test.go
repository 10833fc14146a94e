package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"strata/internal/analytics/clv"
)

func TestAgeAt(t *testing.T) {
	cases := []struct {
		name   string
		birth  int64
		stated int16
		asOf   time.Time
		want   float64
		band   string
	}{
		{"day before birthday", date(1990, 4, 1), 0, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 33, "25-34"},
		{"on birthday", date(1990, 4, 1), 0, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), 34, "25-34"},
		{"29 Feb, common year, 28 Feb", date(2000, 2, 29), 0, time.Date(2023, 2, 28, 0, 0, 0, 0, time.UTC), 22, "<25"},
		{"29 Feb, common year, 1 Mar", date(2000, 2, 29), 0, time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), 23, "<25"},
		{"29 Feb, leap year", date(2000, 2, 29), 0, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), 24, "<25"},
		{"turns 25", date(1999, 3, 31), 0, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 25, "25-34"},
		{"born before 1970", date(1955, 7, 1), 0, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 68, "65+"},
		{"born 1970-01-01 is a real date", date(1970, 1, 1), 0, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 54, "45-54"},
		{"birth date wins over stated age", date(1980, 1, 1), 20, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 44, "35-44"},
		{"stated age", NoTime, 64, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 64, "55-64"},
		{"born after D: stated age", date(2025, 1, 1), 30, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), 30, "25-34"},
		{"unknown", NoTime, 0, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), math.NaN(), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			y, m, d := tc.asOf.Date()
			got := ageAt(tc.birth, tc.stated, y, m, d)
			if !same(got, tc.want) {
				t.Errorf("ageAt = %v, want %v", got, tc.want)
			}
			if b := ageBand(got); b != tc.band {
				t.Errorf("ageBand = %q, want %q", b, tc.band)
			}
		})
	}
}

func TestNPSCategory(t *testing.T) {
	want := []string{"detractor", "detractor", "detractor", "detractor", "detractor", "detractor", "detractor",
		"passive", "passive", "promoter", "promoter"}
	for v := int8(-1); v <= 10; v++ {
		w := ""
		if v >= 0 {
			w = want[v]
		}
		if got := npsCategory(v); got != w {
			t.Errorf("npsCategory(%d) = %q, want %q", v, got, w)
		}
	}
}

func TestIsComplaint(t *testing.T) {
	for s, want := range map[string]bool{"complaint": true, "Complaint": true, " COMPLAINT ": true, "投诉": true,
		"   投诉": true, "\u3000投诉": true, "Complaint\t": true, "complaints": false, "question": false, "": false} {
		if got := IsComplaint(s); got != want {
			t.Errorf("IsComplaint(%q) = %v", s, got)
		}
	}
	// The fast paths agree with the definition on random strings of
	// letters, spaces (ASCII and Unicode) and 投诉's runes.
	ref := func(s string) bool {
		c := strings.TrimSpace(s)
		return c == "投诉" || strings.EqualFold(c, "complaint")
	}
	parts := []string{"c", "C", "o", "m", "p", "l", "a", "i", "n", "t", "T", "K", "投", "诉", "complaint", "COMPLAINT", "投诉",
		" ", "\t", "\n", "\u00a0", "\u0085", "\u3000", "\u2009", "\u200b", "x", "!", "~", "\x7f", "\xff"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200_000 {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		if s := b.String(); IsComplaint(s) != ref(s) {
			t.Fatalf("IsComplaint(%q) = %v, want %v", s, IsComplaint(s), ref(s))
		}
	}
}

// TestRepeatMatchesCLV checks the lifetime-value columns against
// clv.SummarizeDays fed with the same purchases.
func TestRepeatMatchesCLV(t *testing.T) {
	in := Synthetic(2000, 20000, 9, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := tab.Num("repeat_x")
	tx, _ := tab.Num("repeat_tx_days")
	T, _ := tab.Num("repeat_T_days")
	asOf := clv.CivilDay(2024, 3, 31)
	o := &in.Orders
	checked := 0
	for r, c := range tab.InputRows() {
		var days []int32
		for j := range o.Cust {
			if o.Cust[j] == c && o.Status[j] == StatusPaid && o.Amount[j] > 0 && o.At[j] < tab.Cutoff().Unix() {
				days = append(days, clv.DayOf(time.Unix(o.At[j], 0), in.Loc))
			}
		}
		row, ok, err := clv.SummarizeDays(days, nil, clv.SummaryOptions{CalibrationEnd: asOf, Unit: clv.Days})
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			if !math.IsNaN(x[r]) {
				t.Fatalf("row %d: no purchase but repeat_x = %v", r, x[r])
			}
			continue
		}
		if x[r] != row.X || tx[r] != row.Tx || T[r] != row.T {
			t.Fatalf("row %d: (x, t_x, T) = (%v, %v, %v), clv (%v, %v, %v)", r, x[r], tx[r], T[r], row.X, row.Tx, row.T)
		}
		checked++
	}
	if checked < 1000 {
		t.Errorf("only %d buyers checked", checked)
	}
}

func TestSynthetic(t *testing.T) {
	asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	a := Synthetic(500, 4321, 5, asOf)
	b := Synthetic(500, 4321, 5, asOf)
	if len(a.Orders.Cust) != 4321 {
		t.Errorf("lines = %d, want 4321", len(a.Orders.Cust))
	}
	if !slices.Equal(a.Orders.At, b.Orders.At) || !slices.Equal(a.Orders.Amount, b.Orders.Amount) ||
		!slices.Equal(a.Customers.RegisteredAt, b.Customers.RegisteredAt) || !slices.Equal(a.Tickets.OpenedAt, b.Tickets.OpenedAt) {
		t.Error("same seed, different input")
	}
	if c := Synthetic(500, 4321, 6, asOf); slices.Equal(a.Orders.At, c.Orders.At) {
		t.Error("different seeds, same input")
	}
	if _, err := Compute(a); err != nil {
		t.Errorf("Compute(Synthetic) = %v", err)
	}
}

func TestFieldsSchema(t *testing.T) {
	seen := map[string]bool{}
	tab, err := Compute(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		if seen[f.Name] {
			t.Errorf("duplicate field %s", f.Name)
		}
		seen[f.Name] = true
		if f.LabelEN == "" || f.LabelZH == "" || f.Doc == "" {
			t.Errorf("field %s lacks a label or doc", f.Name)
		}
		if g, ok := FieldByName(f.Name); !ok || g != f {
			t.Errorf("FieldByName(%s) = %v, %v", f.Name, g, ok)
		}
		_, isNum := tab.Num(f.Name)
		_, isStr := tab.Str(f.Name)
		wantNum := f.Kind == KindNumber || f.Kind == KindDate || f.Kind == KindBool
		if isNum != wantNum || isStr != (f.Kind == KindString) {
			t.Errorf("field %s (%s): Num ok %v, Str ok %v", f.Name, f.Kind, isNum, isStr)
		}
	}
	if _, ok := tab.Num("nope"); ok {
		t.Error("Num(nope) ok")
	}
	if len(seen) != 52 {
		t.Errorf("%d fields, the contract lists 52", len(seen))
	}
}

// TestUnorderedEqualsRecordByRecord: the one-pass order check of a
// cursor's range finds the record the record-by-record check finds (or
// none), on random tables in and out of order, for random ranges.
func TestUnorderedEqualsRecordByRecord(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20000 {
		n := 1 + rng.IntN(12)
		cust, at := make([]int32, n), make([]int64, n)
		c, ts := int32(rng.IntN(3)), int64(rng.IntN(5))
		for i := range cust {
			if rng.IntN(3) == 0 {
				c++
			}
			ts += int64(rng.IntN(3))
			cust[i], at[i] = c, ts
		}
		for range rng.IntN(3) { // break the order here and there
			i := rng.IntN(n)
			switch rng.IntN(3) {
			case 0:
				cust[i] += int32(rng.IntN(5)) - 2
			case 1:
				at[i] -= int64(rng.IntN(4))
			default:
				cust[i] = -cust[i]
			}
		}
		lo := rng.IntN(n + 1)
		k := cursor{j: lo, end: lo + rng.IntN(n-lo+1), c0: int32(rng.IntN(4)) - 1, c1: int32(rng.IntN(8))}
		if got, want := k.unordered(cust, at), k.firstUnordered(cust, at); got != want {
			t.Fatalf("cust %v at %v range %+v: unordered = %d, record by record %d", cust, at, k, got, want)
		}
	}
}
