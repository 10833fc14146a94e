package metrics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// TestMiddleSum compares the radix selection with sorting on shapes that
// exercise its rounds: ties, wide ranges, two values, big numbers.
func TestMiddleSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	gen := map[string]func(n int) []int64{
		"uniform small": func(n int) []int64 { return fill(n, func() int64 { return 1 + rng.Int64N(100) }) },
		"uniform wide":  func(n int) []int64 { return fill(n, func() int64 { return 1 + rng.Int64N(1<<50) }) },
		"two values":    func(n int) []int64 { return fill(n, func() int64 { return 1000 + 1000*rng.Int64N(2) }) },
		"constant":      func(n int) []int64 { return fill(n, func() int64 { return 4200 }) },
		"prices": func(n int) []int64 {
			return fill(n, func() int64 { return (1 + rng.Int64N(500)) * 100 * (1 + rng.Int64N(3)) })
		},
		"outlier": func(n int) []int64 {
			v := fill(n, func() int64 { return 100 + rng.Int64N(3) })
			v[0] = 1 << 60
			return v
		},
	}
	for name, g := range gen {
		for _, n := range []int{1, 2, 3, 4, 5, 10, 101, 1000, 4097, 100_000} {
			v := g(n)
			s := slices.Clone(v)
			slices.Sort(s)
			want := s[(n-1)/2] + s[n/2]
			if got := middleSum(v); got != want {
				t.Errorf("%s n=%d: middleSum = %d, want %d", name, n, got, want)
			}
		}
	}
}

func fill(n int, f func() int64) []int64 {
	v := make([]int64, n)
	for i := range v {
		v[i] = f()
	}
	return v
}

// TestPriceBuckets checks that buckets are monotone and in range at every
// resolution.
func TestPriceBuckets(t *testing.T) {
	for _, ncat := range []int{1, 24, 600, 5000, 100_000} {
		pb := newPriceBuckets(ncat)
		prev := -1
		check := func(v int64) {
			b := pb.of(v)
			if b < prev || b >= pb.n {
				t.Fatalf("m=%d: of(%d) = %d after %d (n %d)", pb.m, v, b, prev, pb.n)
			}
			prev = b
		}
		for v := int64(1); v < 1<<16; v++ {
			check(v)
		}
		for v := int64(1 << 16); v > 0 && v < math.MaxInt64/3; v = v*3/2 + 1 {
			check(v)
		}
		check(math.MaxInt64)
		for b := 1; b < pb.n; b++ {
			lo, hi := pb.bounds(b)
			if pb.of(lo) != b || pb.of(hi) != b || pb.of(lo-1) != b-1 || lo > hi {
				t.Fatalf("m=%d: bounds(%d) = [%d, %d]: of = %d, %d, of(lo-1) = %d", pb.m, b, lo, hi, pb.of(lo), pb.of(hi), pb.of(lo-1))
			}
		}
	}
}

// TestCategoryMedians compares the two-pass median with sorting, with lines
// that must not count, at fine and coarse bucket resolutions.
func TestCategoryMedians(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ncat := range []int{3, 5000} {
		in := &Input{Categories: make([]string, ncat)}
		const customers, lines = 50, 200_000
		rowOf := make([]int32, customers)
		for c := range rowOf {
			rowOf[c] = int32(c)
			if c%10 == 9 {
				rowOf[c] = -1 // registered after D
			}
		}
		cutoff := int64(1000)
		o := &in.Orders
		want := map[int32][]int64{}
		for j := range lines {
			c := int32(j * customers / lines)
			at := rng.Int64N(1100)
			st := []uint8{StatusPaid, StatusPaid, StatusPaid, StatusRefunded, StatusCancelled}[rng.IntN(5)]
			amount := rng.Int64N(1000) - 50
			price := (1 + rng.Int64N(300)) * 100
			if rng.IntN(50) == 0 {
				price = rng.Int64N(1 << 40)
			}
			cat := int32(rng.IntN(ncat+1)) - 1
			o.Cust, o.At, o.Status = append(o.Cust, c), append(o.At, at), append(o.Status, st)
			o.Amount, o.UnitPrice, o.Category = append(o.Amount, amount), append(o.UnitPrice, price), append(o.Category, cat)
			if rowOf[c] >= 0 && at < cutoff && st == StatusPaid && amount > 0 && price > 0 && cat >= 0 {
				want[cat] = append(want[cat], price)
			}
		}
		for _, w := range []int{1, 2} {
			med, err := categoryMedians(in, rowOf, cutoff, w)
			if err != nil {
				t.Fatal(err)
			}
			for c := range ncat {
				v := want[int32(c)]
				exp := int64(noMedian)
				if len(v) > 0 {
					slices.Sort(v)
					exp = v[(len(v)-1)/2] + v[len(v)/2]
				}
				if med[c] != exp {
					t.Fatalf("ncat %d workers %d: category %d median×2 = %d, want %d", ncat, w, c, med[c], exp)
				}
			}
		}
	}
}

// TestPremiumShareAgainstReference drives premium_share through its harder
// cases — thousands of categories (coarse buckets), wild and unknown
// prices, premium categories, several chunks — against the reference's
// sort-based medians.
func TestPremiumShareAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ncat := range []int{3, 5000} {
		in := Synthetic(2*chunkSize+500, 60000, 4, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
		in.Categories, in.Premium = make([]string, ncat), make([]bool, ncat)
		for c := range ncat {
			in.Premium[c] = c%7 == 3
		}
		o := &in.Orders
		for j := range o.Category {
			o.Category[j] = int32(rng.IntN(ncat+1)) - 1
			switch r := rng.IntN(100); {
			case r < 5:
				o.UnitPrice[j] = 0 // unknown
			case r < 8:
				o.UnitPrice[j] = rng.Int64N(1 << 40)
			default:
				o.UnitPrice[j] = (1 + rng.Int64N(300)) * 100
			}
		}
		want, _ := reference(in)
		for _, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			tab, err := Compute(in)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := tab.Num("premium_share")
			for r := range got {
				if !near(got[r], want["premium_share"][r]) {
					t.Fatalf("ncat %d procs %d row %d: premium_share = %v, reference %v", ncat, procs, r, got[r], want["premium_share"][r])
				}
			}
		}
	}
}
