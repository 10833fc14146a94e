package tree

import (
	"runtime"
	"strconv"

	"strata/internal/model"
)

// Defaults for Options' zero values.
const (
	DefaultMaxDepth        = 6
	DefaultMinLeaf         = 20
	DefaultHoldoutFraction = 0.3
)

// Options configure Train. Zero values take the defaults.
type Options struct {
	// MaxDepth bounds the number of splits on any path (root is depth 0).
	MaxDepth int
	// MinLeaf is the fewest training rows a child may have; it keeps rules
	// about groups, not individuals.
	MinLeaf int
	// MinSplit is the fewest training rows a node needs to be split;
	// default 2 × MinLeaf.
	MinSplit int
	// HoldoutFraction of the rows (stratified by class) is kept out of
	// training to measure accuracy; default 0.3, negative means none.
	HoldoutFraction float64
	// Seed drives the holdout split, the only random choice.
	Seed uint64
	// Workers bounds goroutines; 0 means GOMAXPROCS. Speed only.
	Workers int
}

func (o Options) withDefaults() Options {
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MinLeaf <= 0 {
		o.MinLeaf = DefaultMinLeaf
	}
	if o.MinSplit <= 0 {
		o.MinSplit = 2 * o.MinLeaf
	}
	if o.HoldoutFraction == 0 {
		o.HoldoutFraction = DefaultHoldoutFraction
	}
	if o.HoldoutFraction < 0 {
		o.HoldoutFraction = 0
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// Dataset is the training input: a row-major Rows×Cols matrix of numeric
// features (NaN = missing), one class index per row in [0, len(Classes)),
// and the names used in rules and reports. Feature names should be field
// names of the segment rule language.
type Dataset struct {
	X          []float64
	Rows, Cols int
	Labels     []int
	Features   []string
	Classes    []string
}

func (ds Dataset) validate() error {
	switch {
	case ds.Rows <= 0 || ds.Cols <= 0:
		return model.Invalid("rows", strconv.Itoa(ds.Rows), "needs at least one row and one feature")
	case len(ds.X) != ds.Rows*ds.Cols:
		return model.Invalid("x", strconv.Itoa(len(ds.X)), "must hold rows*cols values")
	case len(ds.Labels) != ds.Rows:
		return model.Invalid("labels", strconv.Itoa(len(ds.Labels)), "must have one label per row")
	case len(ds.Features) != ds.Cols:
		return model.Invalid("features", strconv.Itoa(len(ds.Features)), "must name every column")
	case len(ds.Classes) < 1 || len(ds.Classes) > 255:
		return model.Invalid("classes", strconv.Itoa(len(ds.Classes)), "must name between 1 and 255 classes")
	}
	for i, l := range ds.Labels {
		if l < 0 || l >= len(ds.Classes) {
			return model.Invalid("labels", strconv.Itoa(i), "class index out of range")
		}
	}
	for _, v := range ds.X {
		if v-v != 0 && v == v { // ±Inf (NaN is allowed: missing)
			return model.Invalid("x", strconv.FormatFloat(v, 'g', -1, 64), "must be finite or NaN")
		}
	}
	return nil
}
