package validation

import (
	"errors"
	"math"
	"testing"

	"strata/internal/model"
)

func TestSilhouette(t *testing.T) {
	tests := []struct {
		name   string
		x      []float64
		d      int
		labels []int
		want   float64
	}{
		{
			// Points 0,1 | 4,5 on a line: a = 1 for all; b = 4.5 for the
			// outer points and 3.5 for the inner ones.
			name:   "two pairs on a line",
			x:      []float64{0, 1, 4, 5},
			d:      1,
			labels: []int{0, 0, 1, 1},
			want:   (3.5/4.5 + 2.5/3.5) / 2,
		},
		{
			// The singleton scores 0; the pair has a = 1, b = 10 and 9.
			name:   "singleton scores zero",
			x:      []float64{0, 1, 10},
			d:      1,
			labels: []int{0, 0, 1},
			want:   (0.9 + 8.0/9.0 + 0) / 3,
		},
		{
			// 2-D: squares around (0,0) and (10,0); label ids need not be dense.
			name:   "2-D with a gap in label ids",
			x:      []float64{0, 0, 0, 1, 10, 0, 10, 1},
			d:      2,
			labels: []int{0, 0, 2, 2},
			want:   silhouetteByHand([][]float64{{0, 0}, {0, 1}, {10, 0}, {10, 1}}, []int{0, 0, 2, 2}),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.x) / tc.d
			got, err := Silhouette(tc.x, n, tc.d, tc.labels, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tc.want) > 1e-12 {
				t.Fatalf("silhouette = %.15f, want %.15f", got, tc.want)
			}
		})
	}
}

// silhouetteByHand is the textbook O(n²) definition, independent of the
// implementation's grouping.
func silhouetteByHand(pts [][]float64, labels []int) float64 {
	total := 0.0
	for i := range pts {
		sum := map[int]float64{}
		cnt := map[int]int{}
		for j := range pts {
			if i == j {
				continue
			}
			sum[labels[j]] += math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1])
			cnt[labels[j]]++
		}
		if cnt[labels[i]] == 0 {
			continue
		}
		a := sum[labels[i]] / float64(cnt[labels[i]])
		b := math.Inf(1)
		for c := range sum {
			if c != labels[i] {
				b = math.Min(b, sum[c]/float64(cnt[c]))
			}
		}
		total += (b - a) / math.Max(a, b)
	}
	return total / float64(len(pts))
}

func TestSilhouetteSample(t *testing.T) {
	// 3,000 points in two tight, distant groups: any sample scores near 1,
	// the same seed gives the same value, a sample >= n equals the full set.
	n := 3000
	x := make([]float64, n)
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % 2
		x[i] = float64(labels[i])*100 + float64(i%7)*0.01
	}
	a, err := Silhouette(x, n, 1, labels, 500, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Silhouette(x, n, 1, labels, 500, 7)
	if a != b {
		t.Fatalf("same seed gave %v and %v", a, b)
	}
	if a < 0.99 {
		t.Fatalf("sampled silhouette = %v, want > 0.99", a)
	}
	c, _ := Silhouette(x, n, 1, labels, 500, 8)
	if c == a {
		t.Logf("different seeds gave identical values %v (possible but unlikely)", a)
	}
	full, _ := Silhouette(x, n, 1, labels, n+10, 0)
	full2, _ := Silhouette(x, n, 1, labels, n, 99)
	if full != full2 {
		t.Fatalf("full-data silhouette depends on seed: %v vs %v", full, full2)
	}
	if idx := SampleRows(n, 500, 7); len(idx) != 500 || !strictlyIncreasing(idx) {
		t.Fatalf("SampleRows: want 500 distinct sorted indices, got %d", len(idx))
	}
}

func strictlyIncreasing(v []int) bool {
	for i := 1; i < len(v); i++ {
		if v[i] <= v[i-1] {
			return false
		}
	}
	return true
}

func TestSilhouetteErrors(t *testing.T) {
	tests := []struct {
		name   string
		x      []float64
		n, d   int
		labels []int
	}{
		{"size mismatch", []float64{1, 2, 3}, 2, 2, []int{0, 1}},
		{"label count", []float64{1, 2}, 2, 1, []int{0}},
		{"negative label", []float64{1, 2}, 2, 1, []int{0, -1}},
		{"one cluster", []float64{1, 2, 3}, 3, 1, []int{0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Silhouette(tc.x, tc.n, tc.d, tc.labels, 0, 0)
			if !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}
