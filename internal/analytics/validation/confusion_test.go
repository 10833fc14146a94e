package validation

import (
	"errors"
	"math"
	"testing"

	"strata/internal/model"
)

func TestConfusion(t *testing.T) {
	classes := []string{"VIP", "Regular", "Dormant"}
	actual := []int{0, 0, 0, 1, 1, 2, 2, 2, 2, 1}
	pred := []int{0, 0, 1, 1, 1, 2, 2, 1, 2, 1}
	c, err := NewConfusion(actual, pred, classes)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{2, 1, 0}, {0, 3, 0}, {0, 1, 3}}
	for i := range want {
		for j := range want[i] {
			if c.Counts[i][j] != want[i][j] {
				t.Fatalf("Counts = %v, want %v", c.Counts, want)
			}
		}
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"accuracy", c.Accuracy(), 0.8},
		{"recall VIP", c.Recall(0), 2.0 / 3},
		{"precision Regular", c.Precision(1), 3.0 / 5},
		{"recall Dormant", c.Recall(2), 0.75},
	}
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			if math.Abs(ch.got-ch.want) > 1e-12 {
				t.Fatalf("got %v, want %v", ch.got, ch.want)
			}
		})
	}
	wantText := "" +
		"actual\\predicted              VIP          Regular          Dormant\n" +
		"VIP                             2                1                0\n" +
		"Regular                         0                3                0\n" +
		"Dormant                         0                1                3\n"
	if c.String() != wantText {
		t.Fatalf("String() =\n%s\nwant\n%s", c.String(), wantText)
	}
}

func TestConfusionEdges(t *testing.T) {
	t.Run("empty is NaN accuracy", func(t *testing.T) {
		c, err := NewConfusion(nil, nil, []string{"a", "b"})
		if err != nil {
			t.Fatal(err)
		}
		if !math.IsNaN(c.Accuracy()) || !math.IsNaN(c.Recall(0)) || !math.IsNaN(c.Precision(1)) {
			t.Fatal("empty matrix must give NaN metrics")
		}
	})
	bad := []struct {
		name         string
		actual, pred []int
		classes      []string
	}{
		{"length mismatch", []int{0}, []int{0, 1}, []string{"a", "b"}},
		{"out of range", []int{0, 2}, []int{0, 1}, []string{"a", "b"}},
		{"no classes", nil, nil, nil},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewConfusion(tc.actual, tc.pred, tc.classes); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}
