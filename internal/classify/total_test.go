package classify_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"strata/internal/classify"
	"strata/internal/metrics"
)

// TestEveryCellHasExactlyOneClass enumerates the score cells of the RFM
// schemes: each cell maps to one class of the scheme, and the 8-class
// model's eight combinations give eight different classes.
func TestEveryCellHasExactlyOneClass(t *testing.T) {
	score := builtin(t, "rfm_score")
	seg := builtin(t, "rfm_segments")
	used := map[string]bool{}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				if _, ok := score.Class(classify.CellKey(r, f, m)); !ok {
					t.Errorf("rfm_score: no class for cell %d%d%d", r, f, m)
				}
			}
			k := classify.SegmentOf(r, f)
			if _, ok := seg.Class(k); !ok || k == "" {
				t.Errorf("rfm_segments: cell R%d F%d -> %q is not a class", r, f, k)
			}
			used[k] = true
		}
	}
	for _, c := range seg.Classes {
		if c.Key != classify.Prospect && !used[c.Key] {
			t.Errorf("rfm_segments: class %s is reached by no cell", c.Key)
		}
	}
	r8 := builtin(t, "rfm8")
	seen := map[string]bool{}
	for _, recent := range []bool{false, true} {
		for _, hf := range []bool{false, true} {
			for _, hm := range []bool{false, true} {
				k := classify.RFM8Class(recent, hf, hm)
				if _, ok := r8.Class(k); !ok || seen[k] {
					t.Errorf("rfm8: (%v,%v,%v) -> %s missing or not exclusive", recent, hf, hm, k)
				}
				seen[k] = true
			}
		}
	}
}

// grid is a feature table that walks the input space of the behaviour
// schemes: purchase or not, recencies, rhythms, gaps, NPS answers, shares
// and tags, including missing values and exact thresholds.
func grid() *mem {
	m := &mem{num: map[string][]float64{}, str: map[string][]string{}}
	add := func(has, rec, first, ip, gap, pd, ten, nps, comp, tr, disc, prem, mon float64, pref, region string, tags []string) {
		m.ids = append(m.ids, "g")
		for k, v := range map[string]float64{"has_purchase": has, "recency_days": rec, "repeat_T_days": first,
			"interpurchase_days": ip, "gap_before_last_days": gap, "purchase_days": pd, "tenure_days": ten,
			"nps_latest": nps, "complaints": comp, "ticket_rate": tr, "discount_share": disc, "premium_share": prem,
			"monetary": mon, "frequency": pd, "frequency_window": pd, "monetary_window": mon, "profit": mon / 3} {
			m.num[k] = append(m.num[k], v)
		}
		m.str["preference_stated"] = append(m.str["preference_stated"], pref)
		m.str["region"] = append(m.str["region"], region)
		m.tags = append(m.tags, tags)
	}
	vals := []float64{math.NaN(), 0, 1, 14, 30, 90, 91, 180, 365, 1000}
	prefs := []string{"", "price", "quality", "bogus"}
	for i, rec := range vals {
		for j, ip := range vals {
			for k, gap := range vals {
				has := 1.0
				if i == 0 {
					has = 0
				}
				x := float64(i*100 + j*10 + k)
				add(has, rec, gap, ip, gap, float64(k), x, vals[(i+j)%len(vals)], float64(j%4), float64(k%5),
					float64(i)/10, float64(j)/10, x, prefs[(i+k)%len(prefs)], []string{"", "华东", "华北"}[k%3],
					[][]string{nil, {"VIP"}, {"企业客户"}}[j%3])
			}
		}
	}
	return m
}

// TestBuiltinsAreTotal applies every built-in scheme to the input grid and
// to a synthetic population: every customer gets exactly one class, and it
// is one of the scheme's classes.
func TestBuiltinsAreTotal(t *testing.T) {
	syn, err := metrics.Compute(metrics.Synthetic(3000, 30000, 2, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]classify.Features{"grid": grid(), "synthetic": syn} {
		for _, s := range classify.Builtin() {
			res, err := classify.Apply(s, f, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), schema())
			if err != nil {
				t.Fatalf("%s on %s: %v", s.Name, name, err)
			}
			total := 0
			for i, c := range res.Class {
				if c == classify.NoClass || int(c) >= len(res.Used.Classes) {
					t.Fatalf("%s on %s: customer %d has no class", s.Name, name, i)
				}
			}
			for _, n := range res.Counts {
				total += n
			}
			if total != f.Len() {
				t.Fatalf("%s on %s: counts add up to %d of %d", s.Name, name, total, f.Len())
			}
			if s.Method != classify.MethodGroupBy && !slices.Equal(keys(res.Used.Classes), keys(s.Classes)) {
				t.Fatalf("%s: the run's classes differ from the scheme's", s.Name)
			}
			// Every assignment can be explained, and the explanation names
			// the class it explains.
			for i := 0; i < f.Len(); i += 97 {
				c, _ := res.ClassOf(i)
				r := classify.Explain(s, res.Used, classify.FeatureRow{F: f, Extra: res.Extra, I: i}, c.Key, schema())
				if r.Class != c.Key || r.Zh == "" || r.En == "" {
					t.Fatalf("%s: reason for customer %d: %+v", s.Name, i, r)
				}
			}
		}
	}
}

func keys(cs []classify.Class) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key
	}
	return out
}

// BenchmarkApplyBuiltins1M applies every built-in scheme to 1M customers
// (10M order lines) after computing the metrics; the metrics are outside
// the timer (BenchmarkCompute1M10M in package metrics measures them).
func BenchmarkApplyBuiltins1M(b *testing.B) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	tab, err := metrics.Compute(metrics.Synthetic(1_000_000, 10_000_000, 1, asOf))
	if err != nil {
		b.Fatal(err)
	}
	sc := schema()
	schemes := classify.Builtin()
	for _, f := range metrics.Fields() { // build the lazy columns once, outside the timer
		tab.Num(f.Name)
		tab.Str(f.Name)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := classify.ApplyAll(schemes, tab, asOf, sc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestApplyAllEqualsApply: sharing ranked columns and running schemes in
// parallel changes nothing.
func TestApplyAllEqualsApply(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	tab, err := metrics.Compute(metrics.Synthetic(4000, 40000, 3, asOf))
	if err != nil {
		t.Fatal(err)
	}
	all, err := classify.ApplyAll(classify.Builtin(), tab, asOf, schema())
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range classify.Builtin() {
		one, err := classify.Apply(s, tab, asOf, schema())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(one.Class, all[i].Class) || !slices.Equal(keys(one.Used.Classes), keys(all[i].Used.Classes)) {
			t.Errorf("%s: ApplyAll differs from Apply", s.Name)
		}
	}
}

func TestRadixSortMatchesSort(t *testing.T) {
	v := []float64{3, -1, 0, math.Inf(1), -0.5, 2.25, math.Inf(-1), 1e300, -1e-300, 7}
	for i := 0; i < 3000; i++ {
		v = append(v, float64((i*7919)%1000)-500.5)
	}
	got := classify.ShareCutsForTest(v)
	want := slices.Clone(v)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatal("radix sort differs from slices.Sort")
	}
}

// TestRadixSortShapes: values whose keys differ in one, two, three or all
// four 16-bit digits (so the sorted keys end in either buffer), negative
// zero, infinities and duplicates sort as slices.Sort does, bit for bit.
func TestRadixSortShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	shapes := map[string]func(i int) float64{
		"small integers": func(i int) float64 { return float64(rng.IntN(40)) },
		"money":          func(i int) float64 { return float64(rng.IntN(10_000_000)-1000) / 100 },
		"fractions":      func(i int) float64 { return rng.Float64()*1e6 - 5e5 },
		"days":           func(i int) float64 { return float64(rng.IntN(3000)) / float64(1+rng.IntN(9)) },
		"mixed": func(i int) float64 {
			switch i % 7 {
			case 0:
				return math.Inf(1)
			case 1:
				return math.Inf(-1)
			case 2:
				return math.Copysign(0, -1)
			case 3:
				return 0
			}
			return rng.NormFloat64()
		},
	}
	for name, gen := range shapes {
		for _, n := range []int{255, 256, 5000, 70000} {
			v := make([]float64, n)
			for i := range v {
				v[i] = gen(i)
			}
			got := classify.ShareCutsForTest(v)
			want := slices.Clone(v)
			slices.SortStableFunc(want, func(a, b float64) int {
				// slices.Sort orders -0 and 0 as equal; the radix sort puts
				// -0 first, which no caller can tell apart (-0 == 0).
				ka, kb := sortKey(a), sortKey(b)
				switch {
				case ka < kb:
					return -1
				case ka > kb:
					return 1
				}
				return 0
			})
			for i := range got {
				// Below 256 values an insertion sort keeps -0 and 0 in input
				// order; only their values must agree there.
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) && (n >= 256 || got[i] != want[i]) {
					t.Fatalf("%s, %d values: position %d is %v, want %v", name, n, i, got[i], want[i])
				}
			}
		}
	}
}

func sortKey(x float64) uint64 {
	b := math.Float64bits(x)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// BenchmarkApplyBuiltins1MColdColumns is BenchmarkApplyBuiltins1M with the
// columns the schemes read built inside the timer, as in a run: each
// iteration starts from a freshly computed table (outside the timer).
func BenchmarkApplyBuiltins1MColdColumns(b *testing.B) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	in := metrics.Synthetic(1_000_000, 10_000_000, 1, asOf)
	sc := schema()
	schemes := classify.Builtin()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		tab, err := metrics.Compute(in)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := classify.ApplyAll(schemes, tab, asOf, sc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCountingSortMatchesSort: whole numbers sort as slices.Sort does, bit
// for bit; anything else (fractions, negatives, -0, large values) is
// refused and left to the radix sort.
func TestCountingSortMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 5000)
	for i := range v {
		v[i] = float64(rng.IntN(3000))
	}
	got, ok := classify.CountingSortForTest(v)
	want := slices.Clone(v)
	slices.Sort(want)
	if !ok || !slices.Equal(got, want) {
		t.Fatal("counting sort differs from slices.Sort")
	}
	for _, bad := range []float64{0.5, -1, math.Copysign(0, -1), 1 << 21, math.Inf(1)} {
		w := slices.Clone(v)
		w[1234] = bad
		if _, ok := classify.CountingSortForTest(w); ok {
			t.Errorf("counting sort took %v", bad)
		}
	}
}

// TestCentsSortMatchesSort: whole hundredths (money), negative amounts and
// duplicates included, sort as slices.Sort does, bit for bit, over spans
// that need one, two or three digit passes; anything else (a fraction of a
// cent, -0, NaN, infinities, a span of 2³² cents or more) is refused and
// leaves the values exactly as they were.
func TestCentsSortMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, span := range []int{1, 2000, 3_000_000, 4_000_000_000} {
		for _, n := range []int{256, 5000, 70000} {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(rng.IntN(span)-span/4) / 100
			}
			got, ok := classify.CentsSortForTest(v)
			want := slices.Clone(v)
			slices.Sort(want)
			if !ok {
				t.Fatalf("span %d, n %d: refused", span, n)
			}
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("span %d, n %d: [%d] = %v, want %v", span, n, i, got[i], want[i])
				}
			}
		}
	}
	v := make([]float64, 5000)
	for i := range v {
		v[i] = float64(rng.IntN(1_000_000)) / 100
	}
	for _, bad := range []float64{0.125, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1 << 53, 50_000_000} {
		for _, at := range []int{0, 1234, 4999} {
			w := slices.Clone(v)
			w[at] = bad
			got, ok := classify.CentsSortForTest(w)
			if ok {
				t.Errorf("cents sort took %v", bad)
			}
			for i := range w {
				if math.Float64bits(got[i]) != math.Float64bits(w[i]) {
					t.Fatalf("refusing %v at %d changed [%d]: %v, was %v", bad, at, i, got[i], w[i])
				}
			}
		}
	}
}

// TestSelectQuantileMatchesSorted: the quantile found by selection is the
// one Quantile7 reads from the sorted values, bit for bit, on random,
// sorted, reversed, constant, organ-pipe and few-valued inputs of every
// small size and some large ones.
func TestSelectQuantileMatchesSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	shapes := map[string]func(i, n int) float64{
		"random":     func(i, n int) float64 { return rng.NormFloat64() * 100 },
		"few values": func(i, n int) float64 { return float64(rng.IntN(5)) },
		"sorted":     func(i, n int) float64 { return float64(i) },
		"reversed":   func(i, n int) float64 { return float64(n - i) },
		"constant":   func(i, n int) float64 { return 42 },
		"organ pipe": func(i, n int) float64 { return float64(min(i, n-i)) },
		"days":       func(i, n int) float64 { return float64(rng.IntN(3000)) / float64(1+rng.IntN(9)) },
	}
	sizes := []int{50_000, 100_001}
	for n := 1; n <= 70; n++ {
		sizes = append(sizes, n)
	}
	for name, gen := range shapes {
		for _, n := range sizes {
			v := make([]float64, n)
			for i := range v {
				v[i] = gen(i, n)
			}
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			for _, p := range []float64{0, 0.2, 0.25, 0.5, 0.8, 0.99, 1} {
				got, want := classify.SelectQuantile7ForTest(v, p), classify.Quantile7(sorted, p)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("%s, n %d, p %v: %v, want %v", name, n, p, got, want)
				}
			}
		}
	}
	if got := classify.SelectQuantile7ForTest(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("no values: %v, want NaN", got)
	}
}

// TestBranchFreeRulesEqualTheirSwitches: the lifecycle class and the
// loyalty points, written with selects, equal the first-match switches
// they replaced on every combination of values around their thresholds,
// NaN included.
func TestBranchFreeRulesEqualTheirSwitches(t *testing.T) {
	nan := math.NaN()
	life := func(newDays, atRisk, churn, wonBack, minRhythm, pop, has, rec, sinceFirst, ip, gap float64) int {
		if has != 1 {
			return 0
		}
		if sinceFirst <= newDays {
			return 1
		}
		rh := ip
		if math.IsNaN(ip) || ip < minRhythm {
			rh = pop
		}
		switch {
		case rec <= wonBack && gap > churn*rh:
			return 2
		case rec > churn*rh:
			return 3
		case rec > atRisk*rh:
			return 4
		}
		return 5
	}
	days := []float64{nan, 0, 14, 20, 40, 80, 90, 91, 180, 400}
	n := 0
	for _, has := range []float64{0, 1, nan} {
		for _, rec := range days {
			for _, first := range days {
				for _, ip := range days {
					for _, gap := range days {
						for _, minR := range []float64{14, nan} {
							got := classify.LifeClassForTest(90, 2, 4, 90, minR, 20, has, rec, first, ip, gap)
							if want := life(90, 2, 4, 90, minR, 20, has, rec, first, ip, gap); got != want {
								t.Fatalf("lifecycle(has %v rec %v first %v ip %v gap %v minRhythm %v) = %d, want %d", has, rec, first, ip, gap, minR, got, want)
							}
							n++
						}
					}
				}
			}
		}
	}
	points := func(pd, ten, rec, nps float64) int {
		p := 0
		if pd >= 2 {
			p++
		}
		if pd >= 4 {
			p++
		}
		if ten >= 365 {
			p++
		}
		if rec <= 180 {
			p++
		}
		switch {
		case math.IsNaN(nps):
		case nps >= 9:
			p += 2
		case nps >= 7:
			p++
		default:
			p--
		}
		return p
	}
	for _, pd := range []float64{nan, 0, 1, 2, 3, 4, 9} {
		for _, ten := range []float64{nan, 0, 364, 365, 900} {
			for _, rec := range []float64{nan, 0, 180, 181} {
				for nps := -1.0; nps <= 10; nps++ {
					v := nps
					if nps < 0 {
						v = nan
					}
					if got, want := classify.LoyaltyPoints(pd, ten, rec, v), points(pd, ten, rec, v); got != want {
						t.Fatalf("LoyaltyPoints(%v, %v, %v, %v) = %d, want %d", pd, ten, rec, v, got, want)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no lifecycle case ran")
	}
}

// TestCountClasses: the four-way counter counts as one loop does, for
// every length modulo 4, with customers without a class left out.
// Class counts of 255 and more take the slice counters, fewer the arrays;
// codes from the class count up (NoClass, or 255 with 200 classes, which a
// byte index would wrap onto a class) count for none.
func TestCountClasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, classes := range []int{3, 200, 255, 256, 300} {
		for n := range 23 {
			class := make([]uint16, n)
			want := make([]int, classes)
			for i := range class {
				var c uint16
				switch rng.IntN(4) {
				case 0:
					c = classify.NoClass
				case 1:
					c = uint16(classes) + 55 // out of range, 255 for 200 classes
				default:
					c = uint16(rng.IntN(classes))
					want[c]++
				}
				class[i] = c
			}
			if got := classify.CountClassesForTest(class, classes); !slices.Equal(got, want) {
				t.Fatalf("%d classes, %d customers: %v, want %v", classes, n, got, want)
			}
		}
	}
}

// strOnly hides a table's dictionary encoding (CodedFeatures).
type strOnly struct{ classify.Features }

// TestGroupByCodesEqualStrings: group_by over the table's dictionary codes
// gives what it gives over the plain text columns, classes and order.
func TestGroupByCodesEqualStrings(t *testing.T) {
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	tab, err := metrics.Compute(metrics.Synthetic(20000, 100000, 5, asOf))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := classify.Features(tab).(classify.CodedFeatures); !ok {
		t.Fatal("metrics.Table should offer dictionary codes")
	}
	tested := 0
	for _, s := range classify.Builtin() {
		if s.Method != classify.MethodGroupBy {
			continue
		}
		for _, field := range []string{s.Params.Field, "city", "owner", "nps_category", "preference_stated"} {
			sc := *s
			sc.Params.Field = field
			coded, err := classify.Apply(&sc, tab, asOf, schema())
			if err != nil {
				t.Fatal(err)
			}
			plain, err := classify.Apply(&sc, strOnly{tab}, asOf, schema())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(coded.Class, plain.Class) || !slices.Equal(keys(coded.Used.Classes), keys(plain.Used.Classes)) {
				t.Errorf("%s on %s: codes and strings disagree", s.Name, field)
			}
			tested++
		}
	}
	if tested == 0 {
		t.Fatal("no group_by scheme among the built-ins")
	}
}

// BenchmarkRadixSort1M and BenchmarkCentsSort1M sort the same million
// money-like values (whole cents, log-normal, the shape of monetary): the
// general float sort and the one buyers uses for money.
//
//	go test ./internal/classify -run '^$' -bench 'Sort1M'
func BenchmarkRadixSort1M(b *testing.B) { benchSort(b, classify.RadixSortForTest) }

func BenchmarkCentsSort1M(b *testing.B) {
	benchSort(b, func(v []float64) {
		if !classify.CentsSortInPlaceForTest(v) {
			b.Fatal("refused")
		}
	})
}

func benchSort(b *testing.B, sort func([]float64)) {
	r := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 1_000_000)
	for i := range v {
		v[i] = math.Round(math.Exp(r.NormFloat64()*1.2+7)*100) / 100
	}
	w := make([]float64, len(v))
	for b.Loop() {
		copy(w, v)
		sort(w)
	}
}
