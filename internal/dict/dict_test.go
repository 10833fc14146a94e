package dict

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// Encode round-trips: every row's value is values[codes[r]], the values
// are distinct, each is used, and codes number them in order of first
// appearance, whether or not rows share their strings' bytes.
func TestEncodeRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	interned := []string{"", "华东", "华北", "west", "East", "east"}
	src := make([]string, 20000)
	for i := range src {
		switch rng.IntN(5) {
		case 0:
			src[i] = interned[rng.IntN(len(interned))]
		case 1: // equal text in its own bytes
			src[i] = strings.Clone(interned[rng.IntN(len(interned))])
		case 2: // empty, from the bytes of another string (not the nil data of "")
			w := interned[1+rng.IntN(len(interned)-1)]
			src[i] = w[len(w):]
		case 3: // short strings packed next to each other by the allocator
			src[i] = strconv.Itoa(rng.IntN(50))
		default:
			src[i] = strings.Repeat("x", rng.IntN(400))
		}
	}
	var rows []int32
	for i := range src {
		if i%3 != 1 {
			rows = append(rows, int32(i))
		}
	}
	for _, rs := range [][]int32{nil, rows, {}} {
		codes, values := Encode(src, rs)
		n := len(src)
		if rs != nil {
			n = len(rs)
		}
		if len(codes) != n {
			t.Fatalf("%d codes for %d rows", len(codes), n)
		}
		seen := map[string]bool{}
		for _, v := range values {
			if seen[v] {
				t.Fatalf("value %q twice", v)
			}
			seen[v] = true
		}
		used := make([]bool, len(values))
		next := uint32(0)
		for r, c := range codes {
			want := src[r]
			if rs != nil {
				want = src[rs[r]]
			}
			if values[c] != want {
				t.Fatalf("row %d: %q, want %q", r, values[c], want)
			}
			if c > next {
				t.Fatalf("row %d: code %d before code %d appeared", r, c, next)
			}
			if c == next {
				next++
			}
			used[c] = true
		}
		for c, u := range used {
			if !u {
				t.Fatalf("value %q is used by no row", values[c])
			}
		}
	}
}

// A Builder gives what Encode gives for the same values, interns them, and
// its column passes Check; Check refuses every malformed column.
func TestBuilderEqualsEncodeAndCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"", "华东", "华北", "west", "East", "east", "x\x00y"}
	src := make([]string, 5000)
	var b Builder
	for i := range src {
		src[i] = strings.Clone(words[rng.IntN(len(words))])
		if got := b.Add(src[i]); got != src[i] {
			t.Fatalf("Add(%q) = %q", src[i], got)
		}
	}
	col := b.Column()
	codes, values := Encode(src, nil)
	if !slices.Equal(col.Codes, codes) || !slices.Equal(col.Values, values) {
		t.Fatalf("Builder gives %v / %q, Encode %v / %q", col.Codes[:10], col.Values, codes[:10], values)
	}
	for i, v := range src {
		if again := b.col.Values[col.Codes[i]]; unsafe.StringData(again) != unsafe.StringData(b.Add(v)) {
			t.Fatalf("row %d: %q is not interned", i, v)
		}
	}
	if !col.Check(len(src)) {
		t.Fatal("Check refuses the Builder's column")
	}
	if !(Column{}).Check(0) || !(Column{Codes: []uint32{0, 0}, Values: []string{"a"}}).Check(2) {
		t.Fatal("Check refuses a well-formed column")
	}
	for name, bad := range map[string]Column{
		"rows":         {Codes: []uint32{0}, Values: []string{"a"}},
		"range":        {Codes: []uint32{0, 1, 2}, Values: []string{"a", "b"}},
		"unused value": {Codes: []uint32{0, 0}, Values: []string{"a", "b"}},
		"order":        {Codes: []uint32{1, 0}, Values: []string{"a", "b"}},
		"duplicate":    {Codes: []uint32{0, 1}, Values: []string{"a", "a"}},
	} {
		if bad.Check(2) {
			t.Errorf("Check accepts a column with a bad %s", name)
		}
	}
}

// BenchmarkEncode: a million rows of interned values (as the loaders
// produce them), for a few and for many distinct values.
func BenchmarkEncode(b *testing.B) {
	for _, distinct := range []int{8, 300, 5000} {
		vals := make([]string, distinct)
		for i := range vals {
			vals[i] = strings.Repeat("城", 1+i%4) + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		src := make([]string, 1_000_000)
		for i := range src {
			src[i] = vals[rng.IntN(distinct)]
		}
		b.Run(strconv.Itoa(distinct), func(b *testing.B) {
			for b.Loop() {
				Encode(src, nil)
			}
		})
	}
}
