package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// premiumBoth folds in with the sampled windows and with the exact medians
// and returns both premium columns, whether the windows held (no fallback
// was needed) and how many categories needed takeBack.
func premiumBoth(t *testing.T, in *Input) (sampled, exact []int64, held bool, tookBack int) {
	t.Helper()
	asOf := in.AsOf
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := asOf.Date()
	day := civilDay(y, m, d)
	cutoff := dayStart(day+1, loc)
	rowOf, rows := includedRows(&in.Customers, cutoff)
	clk := newDayClock(loc, cutoff)
	proto := pass{in: in, clk: clk, rowOf: rowOf, cutoff: cutoff, fastFrom: clk.fastFrom(),
		winFrom: day - 364, lastFrom: day - 89, prevFrom: day - 179}
	plan := samplePlan(in, rowOf, cutoff)
	b, tallies, err := fold(proto, plan, len(rows))
	if err != nil {
		t.Fatal(err)
	}
	held, back := plan.settle(tallies, b.premium)
	if held && len(back) > 0 {
		plan.takeBack(in, rowOf, cutoff, back, b.premium)
		tookBack = len(back)
	}
	med, err := categoryMedians(in, rowOf, cutoff, workers())
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := fold(proto, exactPlan(premiumThresholds(med, in.Premium)), len(rows))
	if err != nil {
		t.Fatal(err)
	}
	return b.premium, e.premium, held, tookBack
}

// TestPremiumWindowsAgreeWithExactMedians: where the sampled windows hold,
// the premium spend they give is the exact medians' one, customer by
// customer; where a window misses its median (prices arranged against the
// sample's stride), settle says so and Compute's fallback gives the exact
// result. The sample is made small so that it really is a sample.
func TestPremiumWindowsAgreeWithExactMedians(t *testing.T) {
	defer func(n int) { sampleTarget = n }(sampleTarget)
	sampleTarget = 2048
	asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	shapes := []struct {
		name  string
		price func(rng *rand.Rand, j, stride int) int64
		held  bool // whether the windows must hold
	}{
		{"catalogue prices", func(rng *rand.Rand, j, _ int) int64 { return (1 + rng.Int64N(300)) * 100 }, true},
		{"continuous prices", func(rng *rand.Rand, j, _ int) int64 { return 1 + rng.Int64N(1<<40) }, true},
		{"two prices", func(rng *rand.Rand, j, _ int) int64 { return 1000 + 1000*rng.Int64N(2) }, true},
		{"one price", func(rng *rand.Rand, j, _ int) int64 { return 4200 }, true},
		{"unknown prices", func(rng *rand.Rand, j, _ int) int64 { return rng.Int64N(3) * 100 }, true},
		{"against the stride", func(rng *rand.Rand, j, stride int) int64 {
			if j%stride == 0 {
				return 1 + rng.Int64N(10) // every sampled line is cheap
			}
			return 1000 + rng.Int64N(1000)
		}, false},
	}
	tookBack := 0
	for _, sh := range shapes {
		for _, ncat := range []int{1, 12, 3000} {
			in := Synthetic(3*chunkSize, 300_000, 9, asOf)
			rng := rand.New(rand.NewPCG(uint64(ncat), 5))
			in.Categories, in.Premium = make([]string, ncat), make([]bool, ncat)
			for c := range ncat {
				in.Premium[c] = ncat > 1 && c%5 == 2
			}
			o := &in.Orders
			stride := max(1, len(o.Cust)/sampleTarget)
			for j := range o.Category {
				o.Category[j] = int32(rng.IntN(ncat+1)) - 1
				o.UnitPrice[j] = sh.price(rng, j, stride)
			}
			sampled, exact, held, back := premiumBoth(t, in)
			tookBack += back
			if held && !slices.Equal(sampled, exact) {
				t.Fatalf("%s, %d categories: the windows held but the premium spend differs from the exact medians'", sh.name, ncat)
			}
			if sh.held && !held && ncat < 3000 {
				t.Errorf("%s, %d categories: a window missed its median", sh.name, ncat)
			}
			if !sh.held && held && ncat < 3000 { // with 3000 categories no category has a sample: every line is kept
				t.Errorf("%s, %d categories: a misleading sample went unnoticed", sh.name, ncat)
			}
			tab, err := Compute(in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(tab.b.premium, exact) {
				t.Fatalf("%s, %d categories: Compute's premium spend differs from the exact medians'", sh.name, ncat)
			}
		}
	}
	if tookBack == 0 {
		t.Error("no category had its median at its window's top: takeBack went untested")
	}
}

// TestPremiumWindowsRandom: many small random inputs with a small sample,
// a quarter of them arranged against the sample's stride, few or many
// distinct prices: whatever path Compute takes (the windows, the
// take-back, the fallback), its premium spend is the exact medians' one.
func TestPremiumWindowsRandom(t *testing.T) {
	defer func(n int) { sampleTarget = n }(sampleTarget)
	sampleTarget = 512
	asOf := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	paths := map[string]int{}
	for seed := range uint64(150) {
		rng := rand.New(rand.NewPCG(seed, 11))
		in := Synthetic(500+rng.IntN(1500), 10000+rng.IntN(20000), seed, asOf)
		ncat := 1 + rng.IntN(6)
		in.Categories, in.Premium = make([]string, ncat), nil
		if rng.IntN(3) == 0 {
			in.Premium = make([]bool, ncat)
			in.Premium[rng.IntN(ncat)] = true
		}
		prices := []int64{0, 100, 200, 300, 400}[:2+rng.IntN(4)]
		o := &in.Orders
		stride := max(1, len(o.Cust)/sampleTarget)
		shape := rng.IntN(4)
		against := shape == 0 // sampled lines cheap, the others dear
		two := shape == 1     // two prices half and half: the median is often the window's top
		for j := range o.Category {
			o.Category[j] = int32(rng.IntN(ncat+1)) - 1
			switch {
			case against && j%stride == 0:
				o.UnitPrice[j] = 1 + rng.Int64N(50)
			case against:
				o.UnitPrice[j] = 100 + rng.Int64N(400)
			case two:
				o.UnitPrice[j] = 100 + 100*rng.Int64N(2)
			case rng.IntN(2) == 0:
				o.UnitPrice[j] = prices[rng.IntN(len(prices))]
			default:
				o.UnitPrice[j] = rng.Int64N(500)
			}
		}
		_, exact, held, back := premiumBoth(t, in)
		switch {
		case !held:
			paths["fallback"]++
		case back > 0:
			paths["take-back"]++
		default:
			paths["windows"]++
		}
		tab, err := Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tab.b.premium, exact) {
			t.Fatalf("seed %d: premium spend differs from the exact medians'", seed)
		}
	}
	for _, p := range []string{"windows", "take-back", "fallback"} {
		if paths[p] == 0 {
			t.Errorf("no input took the %s path (%v)", p, paths)
		}
	}
	t.Logf("paths: %v", paths)
}
