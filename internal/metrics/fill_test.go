package metrics

import (
	"math"
	"testing"
	"time"
)

// TestFillNumEqualsNum: a range filled by FillNum holds the bits Num
// returns, whether or not the column was built before, also after the
// Input's record lines are dropped (the columns need only the customers
// and survey preferences).
func TestFillNumEqualsNum(t *testing.T) {
	asOf := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	in := Synthetic(3000, 30000, 7, asOf)
	in.Loc, _ = time.LoadLocation("Asia/Shanghai")
	ref, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Orders, in.Interactions, in.Tickets = OrderCols{}, InteractionCols{}, TicketCols{}
	in.Surveys.Cust, in.Surveys.At, in.Surveys.CSAT, in.Surveys.NPS = nil, nil, nil, nil
	n := tab.Len()
	for k, f := range Fields() {
		want, ok := ref.Num(f.Name)
		out := make([]float64, 700)
		if got := tab.FillNum(f.Name, 0, out); got != ok {
			t.Fatalf("%s: FillNum ok %v, Num ok %v", f.Name, got, ok)
		}
		if !ok {
			continue
		}
		if k%2 == 0 {
			tab.Num(f.Name) // half the columns are built before filling
		}
		for _, lo := range []int{0, 1, n - 701, n - 700, 1234} {
			for i := range out {
				out[i] = 42
			}
			tab.FillNum(f.Name, lo, out)
			for i, v := range out {
				if math.Float64bits(v) != math.Float64bits(want[lo+i]) {
					t.Fatalf("%s row %d: FillNum %v, Num %v", f.Name, lo+i, v, want[lo+i])
				}
			}
		}
		if got, _ := tab.Num(f.Name); !sameBits(got, want) {
			t.Fatalf("%s: Num after dropping the records differs", f.Name)
		}
	}
	for _, f := range Fields() {
		if f.Kind != KindString {
			continue
		}
		a, _ := ref.Str(f.Name)
		b, _ := tab.Str(f.Name)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s row %d: %q vs %q", f.Name, i, b[i], a[i])
			}
		}
	}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
