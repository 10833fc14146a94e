package kmeans

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"strata/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// blobs returns 3×per points around (0,0), (10,0) and (5,8) with uniform
// noise in ±1, rounded to 2 decimals, and the generating group of each.
// The groups are well separated, so any sane k-means must recover them.
func blobs(per int, seed uint64) ([]float64, []int) {
	r := rand.New(rand.NewPCG(seed, 3))
	centres := [][2]float64{{0, 0}, {10, 0}, {5, 8}}
	x := make([]float64, 0, 3*per*2)
	g := make([]int, 0, 3*per)
	for i := range 3 * per {
		c := i % 3
		for t := range 2 {
			x = append(x, math.Round((centres[c][t]+2*r.Float64()-1)*100)/100)
		}
		g = append(g, c)
	}
	return x, g
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs from golden:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func describe(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "k=%d d=%d standardized=%v restart=%d iterations=%d converged=%v\n",
		r.K, r.D, r.Standardized, r.Restart, r.Iterations, r.Converged)
	fmt.Fprintf(&b, "inertia=%.6f\n", r.Inertia)
	for c := range r.K {
		fmt.Fprintf(&b, "cluster %d size=%d centroid=%.4f z=%.4f\n", c, r.Sizes[c], r.Centroid(c), r.Centroids[c*r.D:(c+1)*r.D])
	}
	b.WriteString("assignments=")
	for _, a := range r.Assignments {
		fmt.Fprintf(&b, "%d", a)
	}
	b.WriteByte('\n')
	return b.String()
}

func TestFitBlobsGolden(t *testing.T) {
	x, groups := blobs(30, 7)
	n := len(groups)
	tests := []struct {
		name        string
		standardize bool
	}{
		{"blobs_raw", false},
		{"blobs_standardized", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Fit(x, n, 2, Options{K: 3, Seed: 1, Standardize: tc.standardize})
			if err != nil {
				t.Fatal(err)
			}
			// Order by x descending: (10,0) first, then (5,8), then (0,0).
			r.SortBy(ByFeature(0))
			want := map[int]int{1: 0, 2: 1, 0: 2}
			for i, g := range groups {
				if r.Assignments[i] != want[g] {
					t.Fatalf("row %d (group %d) assigned %d, want %d", i, g, r.Assignments[i], want[g])
				}
			}
			if !slices.Equal(r.Sizes, []int{30, 30, 30}) {
				t.Fatalf("sizes = %v", r.Sizes)
			}
			checkGolden(t, tc.name, describe(r))
		})
	}
}

func TestSeedsAgreeUpToStableOrder(t *testing.T) {
	x, groups := blobs(40, 11)
	n := len(groups)
	var first *Result
	for seed := range uint64(8) {
		r, err := Fit(x, n, 2, Options{K: 3, Seed: seed, Restarts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			continue
		}
		if !slices.Equal(r.Assignments, first.Assignments) {
			t.Fatalf("seed %d gives a different labelling", seed)
		}
		if !slices.Equal(r.Centroids, first.Centroids) {
			t.Fatalf("seed %d gives centroids %v, want %v", seed, r.Centroids, first.Centroids)
		}
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	// More rows than several chunks, so the parallel reduction matters.
	const n, d, k = 5 * chunkRows / 2, 6, 5
	x := customerLike(n, k, 3)
	var ref *Result
	for _, w := range []int{1, 2, 3, 7} {
		r, err := Fit(x, n, d, Options{K: k, Seed: 9, Restarts: 2, Standardize: true, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = r
			continue
		}
		if r.Inertia != ref.Inertia || !slices.Equal(r.Centroids, ref.Centroids) || !slices.Equal(r.Assignments, ref.Assignments) {
			t.Fatalf("workers=%d: inertia %v vs %v; results must be bit-identical", w, r.Inertia, ref.Inertia)
		}
	}
}

// TestMatchesPlainLloyd checks that Hamerly's bounds change speed only: a
// textbook Lloyd loop from the same seeding reaches the same partition.
func TestMatchesPlainLloyd(t *testing.T) {
	const n, d, k = 20000, 6, 6
	x := customerLike(n, k, 5)
	z := FitScaler(x, n, d).transformAll(x, n, d)
	f := newFitter(z, n, d, k, 2)
	cent, inertia, iters, conv := f.run(rand.New(rand.NewPCG(4, 1)), 300, 0)
	if !conv {
		t.Fatal("did not converge in 300 iterations")
	}
	ref := newFitter(z, n, d, k, 1).seedPlusPlus(rand.New(rand.NewPCG(4, 1)))
	assign := make([]int, n)
	for it := 0; ; it++ {
		changed := 0
		for i := range n {
			best, bd := 0, math.Inf(1)
			for j := range k {
				if s := sqDist(z[i*d:i*d+d], ref[j*d:j*d+d]); s < bd {
					best, bd = j, s
				}
			}
			if assign[i] != best || it == 0 {
				changed++
			}
			assign[i] = best
		}
		if changed == 0 {
			break
		}
		sums := make([]float64, k*d)
		counts := make([]int, k)
		for i, a := range assign {
			counts[a]++
			for t := range d {
				sums[a*d+t] += z[i*d+t]
			}
		}
		for j := range k {
			for t := range d {
				ref[j*d+t] = sums[j*d+t] / float64(counts[j])
			}
		}
	}
	for i := range n {
		if int(f.assign[i]) != assign[i] {
			t.Fatalf("row %d: hamerly %d, lloyd %d (after %d iterations)", i, f.assign[i], assign[i], iters)
		}
	}
	want := 0.0
	for i, a := range assign {
		want += sqDist(z[i*d:i*d+d], ref[a*d:a*d+d])
	}
	if math.Abs(inertia-want) > 1e-9*want {
		t.Fatalf("inertia %v, want %v", inertia, want)
	}
	for j := range cent {
		if math.Abs(cent[j]-ref[j]) > 1e-9 {
			t.Fatalf("centroid coordinate %d: %v vs %v", j, cent[j], ref[j])
		}
	}
}

func TestEmptyClusterReseed(t *testing.T) {
	// Two tight groups; a third centroid far from everything gets no rows
	// and must move onto the farthest row (lowest index on ties).
	x := []float64{0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 13, 10}
	n := 6
	f := newFitter(x, n, 2, 3, 1)
	cent := []float64{0, 0, 10, 10, 100, 100}
	for i := range f.assign {
		f.assign[i] = -1
	}
	f.fullPass(cent)
	if !f.updateStep(cent) {
		t.Fatal("expected a reseed")
	}
	// The second centroid moves to (11.033, 10); (13, 10) is then the row
	// farthest from its own centroid (1.967 away).
	if cent[4] != 13 || cent[5] != 10 {
		t.Fatalf("reseeded centroid = (%v, %v), want (13, 10)", cent[4], cent[5])
	}
	r, err := Fit(x, n, 2, Options{K: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for c, s := range r.Sizes {
		if s == 0 {
			t.Fatalf("cluster %d empty after Fit: %v", c, r.Sizes)
		}
	}
}

func TestFewerDistinctRowsThanK(t *testing.T) {
	x := []float64{1, 1, 1, 2, 2, 2, 3, 3}
	r, err := Fit(x, 8, 1, Options{K: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.Inertia != 0 {
		t.Fatalf("inertia = %v, want 0 (every row on a centroid)", r.Inertia)
	}
	total := 0
	for _, s := range r.Sizes {
		total += s
	}
	if total != 8 {
		t.Fatalf("sizes %v do not cover all rows", r.Sizes)
	}
}

func TestScaler(t *testing.T) {
	// Column 0 is 1,2,3 (mean 2, population std sqrt(2/3)); column 1 is constant.
	x := []float64{1, 5, 2, 5, 3, 5}
	s := FitScaler(x, 3, 2)
	if s.Means[0] != 2 || s.Means[1] != 5 || math.Abs(s.Stds[0]-math.Sqrt(2.0/3)) > 1e-15 || s.Stds[1] != 0 {
		t.Fatalf("scaler = %+v", s)
	}
	z := s.Transform([]float64{3, 7}, nil)
	if math.Abs(z[0]-1/math.Sqrt(2.0/3)) > 1e-12 || z[1] != 0 {
		t.Fatalf("z = %v", z)
	}
	back := s.Inverse(s.Transform([]float64{2.5, 5}, nil), nil)
	if math.Abs(back[0]-2.5) > 1e-12 || back[1] != 5 {
		t.Fatalf("round trip = %v", back)
	}
}

func TestAssignNewPoints(t *testing.T) {
	x, groups := blobs(30, 7)
	r, err := Fit(x, len(groups), 2, Options{K: 3, Seed: 2, Standardize: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range groups {
		if got := r.Assign(x[i*2 : i*2+2]); got != r.Assignments[i] {
			t.Fatalf("Assign(row %d) = %d, fit said %d", i, got, r.Assignments[i])
		}
	}
	near := r.Assign([]float64{9.5, 0.5})
	if math.Abs(r.Centroid(near)[0]-10) > 1 {
		t.Fatalf("(9.5, 0.5) went to centroid %v", r.Centroid(near))
	}
}

func TestSortBy(t *testing.T) {
	x, groups := blobs(30, 7)
	r, _ := Fit(x, len(groups), 2, Options{K: 3, Seed: 2})
	r.SortBy(ByFeature(1)) // by y descending: (5,8) first
	if r.Centroid(0)[1] < 7 {
		t.Fatalf("cluster 0 centroid %v, want the (5,8) blob", r.Centroid(0))
	}
	if r.Centroid(1)[1] < r.Centroid(2)[1] {
		t.Fatal("clusters not in descending y")
	}
	for i := range groups {
		if r.Assign(x[i*2:i*2+2]) != r.Assignments[i] {
			t.Fatal("assignments not remapped with the centroids")
		}
	}
}

func TestFitErrors(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		n, d int
		k    int
	}{
		{"k too large", []float64{1, 2}, 2, 1, 3},
		{"k zero", []float64{1, 2}, 2, 1, 0},
		{"shape", []float64{1, 2, 3}, 2, 2, 1},
		{"NaN", []float64{1, math.NaN()}, 2, 1, 1},
		{"Inf", []float64{1, math.Inf(1)}, 2, 1, 1},
		{"empty", nil, 0, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Fit(tc.x, tc.n, tc.d, Options{K: tc.k}); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}
