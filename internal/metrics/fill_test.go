package metrics

import (
	"math"
	"slices"
	"testing"
	"time"

	"strata/internal/dict"
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

// TestAgeTableEqualsAgeAt: the ages looked up by birth day are ageAt's,
// for every birth day of several years around D (29 February births, D on
// 28 February, 29 February and 1 March, births after D), with and without
// a stated age; births before 1970 (negative instants, where the lookup's
// day must still be the floor) and at times other than midnight; no birth
// date with a stated age, with none and with a nonsense one.
func TestAgeTableEqualsAgeAt(t *testing.T) {
	for _, asOf := range []time.Time{
		time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 2, 28, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		var c CustomerCols
		for day := time.Date(1945, 1, 1, 0, 0, 0, 0, time.UTC); day.Before(time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)); day = day.AddDate(0, 0, 1) {
			for k, stated := range []int16{0, 37} {
				c.ID = append(c.ID, "x")
				c.BirthDate = append(c.BirthDate, day.Unix()+int64(k)*(13*3600+59))
				c.Age = append(c.Age, stated)
			}
			if day.Day() == 1 { // rows without a birth date, mixed in
				for _, stated := range []int16{41, 0, -3} {
					c.ID, c.BirthDate, c.Age = append(c.ID, "none"), append(c.BirthDate, NoTime), append(c.Age, stated)
				}
			}
		}
		in := &Input{AsOf: asOf, Customers: c}
		tab, err := Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := tab.Num("age")
		bands, _ := tab.Str("age_band")
		y, m, d := asOf.Date()
		for i := range got {
			want := ageAt(c.BirthDate[i], c.Age[i], y, m, d)
			if math.Float64bits(got[i]) != math.Float64bits(want) || bands[i] != ageBand(want) {
				t.Fatalf("as of %s, birth %s, stated %d: age %v (%q), want %v", asOf.Format("2006-01-02"),
					time.Unix(c.BirthDate[i], 0).UTC().Format("2006-01-02"), c.Age[i], got[i], bands[i], want)
			}
		}
		if tab.birthAges().v == nil {
			t.Fatal("no age table built")
		}
	}
}

// TestAgeWithoutTable: birth days too far apart for a table, or thousands
// of years ago, take ageAt directly.
func TestAgeWithoutTable(t *testing.T) {
	asOf := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, births := range [][]int64{
		{time.Date(1700, 5, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC).Unix(), NoTime},
		{time.Date(-40000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(-40000, 6, 1, 0, 0, 0, 0, time.UTC).Unix()},
	} {
		c := CustomerCols{BirthDate: births}
		for range births {
			c.ID, c.Age = append(c.ID, "x"), append(c.Age, 0)
		}
		tab, err := Compute(&Input{AsOf: asOf, Customers: c})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := tab.Num("age")
		for i, b := range births {
			if want := ageAt(b, 0, 2024, 3, 1); math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Fatalf("birth %d: age %v, want %v", b, got[i], want)
			}
		}
		if tab.birthAges().v != nil {
			t.Fatal("an age table was built")
		}
	}
}

// TestCodesMatchStr: every text column's dictionary encoding gives back
// Str row by row, with customers left out (registered after D) so that
// the encoding goes through the row mapping.
func TestCodesMatchStr(t *testing.T) {
	in := Synthetic(20000, 100000, 3, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() == len(in.Customers.ID) {
		t.Fatal("the fixture should leave customers out")
	}
	for _, f := range Fields() {
		if f.Kind != KindString {
			if _, _, ok := tab.Codes(f.Name); ok {
				t.Errorf("%s: codes for a %v field", f.Name, f.Kind)
			}
			continue
		}
		codes, values, ok := tab.Codes(f.Name) // first, so not from the strings
		str, _ := tab.Str(f.Name)
		if !ok || len(codes) != len(str) {
			t.Fatalf("%s: %d codes for %d rows (ok %v)", f.Name, len(codes), len(str), ok)
		}
		checkCodes(t, f.Name, codes, values, str, f.Name == "preference_stated")
	}
	if _, _, ok := tab.Codes("no_such_field"); ok {
		t.Error("codes for an unknown field")
	}
}

// checkCodes checks that values[codes[r]] is str[r], that the values are
// distinct and each used, and with inOrder that they are numbered in order
// of first appearance among the rows (as preference_stated's are, the
// order its strings' encoding gave).
func checkCodes(t *testing.T, name string, codes []uint32, values, str []string, inOrder bool) {
	t.Helper()
	next := uint32(0)
	for r, c := range codes {
		if int(c) >= len(values) || values[c] != str[r] {
			t.Fatalf("%s row %d: code %d of %d values, want %q", name, r, c, len(values), str[r])
		}
		if inOrder && c > next {
			t.Fatalf("%s row %d: code %d before code %d", name, r, c, next)
		}
		if c == next {
			next++
		}
	}
	used := map[uint32]bool{}
	for _, c := range codes {
		used[c] = true
	}
	if len(used) != len(values) {
		t.Fatalf("%s: %d values, %d used", name, len(values), len(used))
	}
	seen := map[string]bool{}
	for _, v := range values {
		if seen[v] {
			t.Fatalf("%s: value %q twice", name, v)
		}
		seen[v] = true
	}
}

// TestPreferenceCodes: preference_stated's codes, built from the survey
// answers without strings, match its text for customers with no survey,
// an empty answer, repeated and unusual answers, and a later answer that
// replaces an earlier one.
func TestPreferenceCodes(t *testing.T) {
	at := func(day int) int64 { return time.Date(2024, 1, day, 12, 0, 0, 0, time.UTC).Unix() }
	in := &Input{
		AsOf:      time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC),
		Customers: CustomerCols{ID: []string{"a", "b", "c", "d", "e", "f"}},
		Surveys: SurveyCols{
			Cust:       []int32{0, 0, 1, 3, 4, 5, 5},
			At:         []int64{at(1), at(2), at(3), at(4), at(5), at(6), at(7)},
			Preference: []string{"price", "quality", "", "服务'; DROP TABLE x; --", "price", "quality", "price"},
		},
	}
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	codes, values, _ := tab.Codes("preference_stated")
	str, _ := tab.Str("preference_stated")
	checkCodes(t, "preference_stated", codes, values, str, true)
	if want := []string{"quality", "", "", "服务'; DROP TABLE x; --", "price", "price"}; !slices.Equal(str, want) {
		t.Errorf("preference_stated = %q, want %q", str, want)
	}
}

// TestAgeBandCodeEqualsSwitch: the flag-sum band code equals the first
// match of the band bounds, at and around every bound, NaN and infinities
// included.
func TestAgeBandCodeEqualsSwitch(t *testing.T) {
	want := func(age float64) uint32 {
		switch {
		case math.IsNaN(age):
			return 0
		case age < 25:
			return 1
		case age < 35:
			return 2
		case age < 45:
			return 3
		case age < 55:
			return 4
		case age < 65:
			return 5
		}
		return 6
	}
	ages := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Nextafter(25, 0), math.Nextafter(65, 100)}
	for a := -5.0; a <= 150; a += 0.5 {
		ages = append(ages, a)
	}
	for _, a := range ages {
		if got := ageBandCode(a); got != want(a) {
			t.Errorf("ageBandCode(%v) = %d, want %d", a, got, want(a))
		}
	}
}

// TestNaNBits: the columns' NaN is math.NaN(), bit for bit, whichever way
// a builder writes it.
func TestNaNBits(t *testing.T) {
	if got, want := uint64(nanBits), math.Float64bits(math.NaN()); got != want {
		t.Fatalf("nanBits %#x, math.NaN() %#x", got, want)
	}
	if got := math.Float64bits(nanUnless(false, 1)); got != uint64(nanBits) {
		t.Fatalf("nanUnless(false) %#x", got)
	}
	if got := nanUnless(true, -0.5); got != -0.5 {
		t.Fatalf("nanUnless(true) %v", got)
	}
	for _, c := range []struct{ a, b, want float64 }{{1, 0, math.NaN()}, {1, math.Copysign(0, -1), math.NaN()}, {0, 0, math.NaN()}, {3, 2, 1.5}, {1, math.NaN(), math.NaN()}, {-1, math.Inf(1), math.Copysign(0, -1)}} {
		if got := ratio(c.a, c.b); math.Float64bits(got) != math.Float64bits(c.want) && !(math.IsNaN(got) && math.IsNaN(c.want) && math.Float64bits(got) == uint64(nanBits)) {
			t.Errorf("ratio(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestLoadedCodes: a text column the loader encoded is handed out as it
// is when every customer is a row; a malformed one, or a table that
// leaves customers out, is encoded from the strings instead, and either
// way the codes give back Str.
func TestLoadedCodes(t *testing.T) {
	for _, leaveOut := range []bool{false, true} {
		asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
		in := Synthetic(5000, 20000, 3, asOf)
		if !leaveOut {
			in.Customers.RegisteredAt = nil
		}
		coded := map[string]dict.Column{}
		for name, col := range map[string][]string{"gender": in.Customers.Gender, "region": in.Customers.Region,
			"occupation": in.Customers.Occupation, "income_band": in.Customers.IncomeBand} {
			var b dict.Builder
			for _, v := range col {
				b.Add(v)
			}
			coded[name] = b.Column()
		}
		bad := coded["occupation"]
		bad.Codes = bad.Codes[1:] // one row short: ignored
		coded["occupation"] = bad
		in.Customers.Coded = coded
		tab, err := Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		if (tab.Len() < len(in.Customers.ID)) != leaveOut {
			t.Fatalf("leaveOut %v: %d of %d customers are rows", leaveOut, tab.Len(), len(in.Customers.ID))
		}
		for name, c := range coded {
			codes, values, _ := tab.Codes(name)
			str, _ := tab.Str(name)
			checkCodes(t, name, codes, values, str, true)
			shared := len(codes) > 0 && &codes[0] == &c.Codes[0]
			if want := !leaveOut && name != "occupation"; shared != want {
				t.Errorf("leaveOut %v, %s: loaded codes used %v, want %v", leaveOut, name, shared, want)
			}
		}
	}
}

// ageBand maps an age to its band, "" when unknown: the tests' reading of
// ageBandCode.
func ageBand(age float64) string { return ageBands[ageBandCode(age)] }
