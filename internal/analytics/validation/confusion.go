package validation

import (
	"fmt"
	"strconv"
	"strings"

	"strata/internal/model"
)

// Confusion is a confusion matrix: Counts[a][p] is the number of rows whose
// actual class is a and predicted class is p. Rows are actual, columns
// predicted, in the order of Classes.
type Confusion struct {
	Classes []string
	Counts  [][]int
}

// NewConfusion tallies actual against predicted class indices, each in
// [0, len(classes)).
func NewConfusion(actual, predicted []int, classes []string) (Confusion, error) {
	if len(actual) != len(predicted) {
		return Confusion{}, model.Invalid("predicted", "", "must have one prediction per actual label")
	}
	k := len(classes)
	if k == 0 {
		return Confusion{}, model.Invalid("classes", "", "must name at least one class")
	}
	c := Confusion{Classes: append([]string(nil), classes...), Counts: make([][]int, k)}
	for i := range c.Counts {
		c.Counts[i] = make([]int, k)
	}
	for i, a := range actual {
		p := predicted[i]
		if a < 0 || a >= k || p < 0 || p >= k {
			return Confusion{}, model.Invalid("labels", strconv.Itoa(i), "class index out of range")
		}
		c.Counts[a][p]++
	}
	return c, nil
}

// Total is the number of rows tallied.
func (c Confusion) Total() int {
	t := 0
	for _, row := range c.Counts {
		for _, v := range row {
			t += v
		}
	}
	return t
}

// Accuracy is the share of rows on the diagonal; NaN when the matrix is
// empty, so that "no holdout" is never mistaken for 0 % or 100 %.
func (c Confusion) Accuracy() float64 {
	t := c.Total()
	if t == 0 {
		return nan()
	}
	d := 0
	for i := range c.Counts {
		d += c.Counts[i][i]
	}
	return float64(d) / float64(t)
}

// Recall is, for class i, the share of actual-i rows predicted as i; NaN
// when the class never occurs.
func (c Confusion) Recall(i int) float64 {
	s := 0
	for _, v := range c.Counts[i] {
		s += v
	}
	if s == 0 {
		return nan()
	}
	return float64(c.Counts[i][i]) / float64(s)
}

// Precision is, for class i, the share of rows predicted as i that are
// actually i; NaN when i is never predicted.
func (c Confusion) Precision(i int) float64 {
	s := 0
	for _, row := range c.Counts {
		s += row[i]
	}
	if s == 0 {
		return nan()
	}
	return float64(c.Counts[i][i]) / float64(s)
}

// String renders the matrix as an aligned text table with actual classes
// down the side and predicted classes across, for logs and golden files.
func (c Confusion) String() string {
	w := len("actual\\predicted")
	for _, n := range c.Classes {
		w = max(w, len(n))
	}
	for _, row := range c.Counts {
		for _, v := range row {
			w = max(w, len(strconv.Itoa(v)))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", w, "actual\\predicted")
	for _, n := range c.Classes {
		fmt.Fprintf(&b, " %*s", w, n)
	}
	b.WriteByte('\n')
	for i, row := range c.Counts {
		fmt.Fprintf(&b, "%-*s", w, c.Classes[i])
		for _, v := range row {
			fmt.Fprintf(&b, " %*d", w, v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
