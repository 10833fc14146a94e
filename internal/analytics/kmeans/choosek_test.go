package kmeans

import (
	"errors"
	"math"
	"testing"

	"strata/internal/model"
)

func TestChooseKFindsThreeBlobs(t *testing.T) {
	x, groups := blobs(50, 5)
	n := len(groups)
	for _, std := range []bool{false, true} {
		ch, err := ChooseK(x, n, 2, 2, 6, Options{Seed: 3, Standardize: std})
		if err != nil {
			t.Fatal(err)
		}
		if ch.K != 3 || ch.Result.K != 3 {
			t.Fatalf("standardize=%v: chose k=%d, scores %+v", std, ch.K, ch.Scores)
		}
		if len(ch.Scores) != 5 || ch.Scores[0].K != 2 || ch.Scores[4].K != 6 {
			t.Fatalf("scores = %+v", ch.Scores)
		}
		for i := 1; i < len(ch.Scores); i++ {
			if ch.Scores[i].Inertia > ch.Scores[i-1].Inertia {
				t.Fatalf("inertia should fall as k grows: %+v", ch.Scores)
			}
		}
		// The chosen result must be a usable fit: standardised centroids and
		// its own silhouette equal to the reported one.
		if ch.Result.Standardized != std || len(ch.Result.CentroidsOriginal) != 6 {
			t.Fatalf("result not finished: %+v", ch.Result)
		}
		s, err := ch.Result.Silhouette(x, n, DefaultSilhouetteSample, 3)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s-ch.Scores[1].Silhouette) > 1e-12 {
			t.Fatalf("Result.Silhouette = %v, ChooseK said %v", s, ch.Scores[1].Silhouette)
		}
	}
}

func TestChooseKErrors(t *testing.T) {
	x, groups := blobs(5, 1)
	n := len(groups)
	tests := []struct {
		name       string
		kmin, kmax int
	}{
		{"kmin one", 1, 3},
		{"inverted", 4, 3},
		{"kmax beyond rows", 2, n + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ChooseK(x, n, 2, tc.kmin, tc.kmax, Options{}); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestProfile(t *testing.T) {
	words := []FeatureWords{
		{Zh: "消费", En: "monetary"},
		{Zh: "频", En: "frequency"},
		{Zh: "近度", En: "recency", HighZh: "久未购买", LowZh: "近期活跃", HighEn: "long inactive", LowEn: "recently active"},
		{Zh: "渠道", En: "channel"},
	}
	means := []float64{500, 4, 90, 1}
	stds := []float64{200, 2, 30, 0}
	tests := []struct {
		name     string
		centroid []float64
		top      int
		minZ     float64
		want     string
		features []int
	}{
		{"high monetary and frequency", []float64{1100, 9, 80, 1}, 2, 0.5,
			"高消费·高频 / high monetary · high frequency", []int{0, 1}},
		{"frequency dominates", []float64{700, 12, 90, 1}, 2, 0.5,
			"高频·高消费 / high frequency · high monetary", []int{1, 0}},
		{"recency override words", []float64{480, 4, 180, 1}, 2, 0.5,
			"久未购买 / long inactive", []int{2}},
		{"low recency", []float64{500, 3, 30, 1}, 1, 0.5,
			"近期活跃 / recently active", []int{2}},
		{"ties go to the lower index", []float64{700, 5, 90, 1}, 1, 0.5,
			"高消费 / high monetary", []int{0}},
		{"nothing distinctive", []float64{520, 4.2, 95, 1}, 2, 0.5,
			"均衡 / average", nil},
		{"constant feature never names", []float64{500, 4, 90, 99}, 2, 0,
			"均衡 / average", nil},
		{"three features, |z| tie by index", []float64{100, 1, 150, 1}, 3, 0.5,
			"低消费·久未购买·低频 / low monetary · long inactive · low frequency", []int{0, 2, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Profile(tc.centroid, means, stds, words, tc.top, tc.minZ)
			if err != nil {
				t.Fatal(err)
			}
			if l.String() != tc.want {
				t.Fatalf("label = %q, want %q", l.String(), tc.want)
			}
			if len(l.Features) != len(tc.features) {
				t.Fatalf("features = %v, want %v", l.Features, tc.features)
			}
			for i := range l.Features {
				if l.Features[i] != tc.features[i] {
					t.Fatalf("features = %v, want %v", l.Features, tc.features)
				}
			}
		})
	}
	t.Run("length mismatch", func(t *testing.T) {
		if _, err := Profile([]float64{1}, means, stds, words, 2, 0.5); err == nil {
			t.Fatal("want error")
		}
	})
}

func TestResultProfiles(t *testing.T) {
	x, groups := blobs(30, 7)
	words := []FeatureWords{{Zh: "横", En: "x"}, {Zh: "纵", En: "y"}}
	r, _ := Fit(x, len(groups), 2, Options{K: 3, Seed: 1, Standardize: true})
	r.SortBy(ByFeature(0))
	labels, err := r.Profiles(words, DefaultProfileTop, DefaultProfileMinZ)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"高横·低纵 / high x · low y", // (10, 0)
		"高纵 / high y",            // (5, 8): x is at the mean
		"低横·低纵 / low x · low y",  // (0, 0)
	}
	for c, l := range labels {
		if l.String() != want[c] {
			t.Fatalf("cluster %d: %q, want %q", c, l.String(), want[c])
		}
	}
	raw, _ := Fit(x, len(groups), 2, Options{K: 3, Seed: 1})
	if _, err := raw.Profiles(words, 2, 0.5); err == nil {
		t.Fatal("unstandardised fit must ask for population statistics")
	}
}
