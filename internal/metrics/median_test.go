package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"
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
