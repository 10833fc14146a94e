package tree

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNiceThreshold(t *testing.T) {
	tests := []struct {
		name string
		a, b float64
		want string
	}{
		{"round thousand between money values", 999.5, 1000.7, "1000"},
		{"integer counts keep the lower value", 5, 6, "5"},
		{"exact boundary value", 1000, 1000.01, "1000"},
		{"hundred", 99, 101, "100"},
		{"negative", -5, -3, "-4"},
		{"straddling zero", -0.5, 0.5, "0"},
		{"small decimals", 0.1, 0.2, "0.1"},
		{"needs many digits", 1.234567, 1.234568, "1.234567"},
		{"large no exponent", 1e6, 1.5e6, "1000000"},
		{"closest to midpoint among equals", 10, 40, "20"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := niceThreshold(tc.a, tc.b)
			if formatNumber(got) != tc.want {
				t.Fatalf("niceThreshold(%v, %v) = %s, want %s", tc.a, tc.b, formatNumber(got), tc.want)
			}
			if !(tc.a <= got && got < tc.b) {
				t.Fatalf("%v not in [%v, %v)", got, tc.a, tc.b)
			}
		})
	}
}

// TestNiceThresholdSeparates checks the invariant on many random pairs,
// including adjacent floats: the threshold always splits a from b.
func TestNiceThresholdSeparates(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		a := (r.Float64() - 0.3) * math.Pow10(r.IntN(14)-6)
		var b float64
		switch r.IntN(3) {
		case 0:
			b = math.Nextafter(a, math.Inf(1))
		case 1:
			b = a + math.Abs(a)*1e-9 + 1e-300
		default:
			b = a + r.Float64()*math.Pow10(r.IntN(10)-5)
		}
		if !(b > a) {
			continue
		}
		got := niceThreshold(a, b)
		if !(a <= got && got < b) {
			t.Fatalf("niceThreshold(%v, %v) = %v outside [a, b)", a, b, got)
		}
	}
}
