package tree

import (
	"fmt"
	"math"
	"strings"

	"strata/internal/analytics/validation"
	"strata/internal/model"
)

// Node is one node of a fitted tree. Nodes[0] is the root; children always
// have larger indices than their parent (breadth-first order).
type Node struct {
	Feature     int     // split feature index; -1 at a leaf
	Threshold   float64 // rows with value <= Threshold go Left
	MissingLeft bool    // where rows missing Feature (NaN) go
	// MissingSeen reports whether training rows at this node lacked
	// Feature, i.e. whether MissingLeft was learned (otherwise missing
	// values follow the larger child).
	MissingSeen bool
	Left, Right int // child indices; 0 at a leaf
	Depth       int
	Counts      []int // training rows per class
	Class       int   // predicted (majority) class, lowest index on ties
}

// IsLeaf reports whether the node has no children.
func (n Node) IsLeaf() bool { return n.Feature < 0 }

// Model is a trained tree with its holdout evaluation.
type Model struct {
	Features []string
	Classes  []string
	Nodes    []Node
	// TrainRows and HoldoutRows count the rows used to grow and to test.
	TrainRows, HoldoutRows int
	// TrainAccuracy is the share of training rows in their leaf's class.
	TrainAccuracy float64
	// HoldoutAccuracy is the share of holdout rows predicted correctly;
	// NaN when there is no holdout.
	HoldoutAccuracy float64
	// Confusion is the holdout confusion matrix (actual × predicted).
	Confusion validation.Confusion
}

// Train grows a tree on ds (minus a stratified, seeded holdout), removes
// splits that do not change any prediction, and evaluates it on the
// holdout.
func Train(ds Dataset, opt Options) (*Model, error) {
	if err := ds.validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	k := len(ds.Classes)
	train, hold := splitHoldout(ds.Labels, k, opt.HoldoutFraction, opt.Seed)
	if len(train) == 0 {
		return nil, model.Invalid("holdout_fraction", fmt.Sprint(opt.HoldoutFraction), "leaves no training rows")
	}
	g := &grower{opt: opt, k: k, lab: make([]uint8, len(train)), side: make([]uint8, len(train))}
	for i, row := range train {
		g.lab[i] = uint8(ds.Labels[row])
	}
	workers := max(1, min(opt.Workers, ds.Cols))
	for range workers {
		g.scratch = append(g.scratch, make([]entry, len(train)))
		g.counts = append(g.counts, make([]int64, 3*k))
	}
	g.opt.Workers = workers
	g.cols = presort(ds, train, workers)
	g.grow(len(train))

	m := &Model{
		Features:  append([]string(nil), ds.Features...),
		Classes:   append([]string(nil), ds.Classes...),
		Nodes:     collapseRedundant(g.nodes),
		TrainRows: len(train), HoldoutRows: len(hold),
	}
	correct := 0
	for _, nd := range m.Nodes {
		if nd.IsLeaf() {
			correct += nd.Counts[nd.Class]
		}
	}
	m.TrainAccuracy = float64(correct) / float64(len(train))
	actual, pred := make([]int, len(hold)), make([]int, len(hold))
	for i, row := range hold {
		actual[i] = ds.Labels[row]
		pred[i] = m.Predict(ds.X[row*ds.Cols : (row+1)*ds.Cols])
	}
	conf, err := validation.NewConfusion(actual, pred, ds.Classes)
	if err != nil {
		return nil, err
	}
	m.Confusion = conf
	m.HoldoutAccuracy = conf.Accuracy()
	return m, nil
}

// Predict returns the class index for one row of features (NaN = missing).
func (m *Model) Predict(row []float64) int {
	return m.Nodes[m.leafOf(row)].Class
}

// PredictName returns the class name for one row.
func (m *Model) PredictName(row []float64) string { return m.Classes[m.Predict(row)] }

func (m *Model) leafOf(row []float64) int {
	i := 0
	for {
		nd := &m.Nodes[i]
		if nd.IsLeaf() {
			return i
		}
		v := row[nd.Feature]
		switch {
		case math.IsNaN(v):
			if nd.MissingLeft {
				i = nd.Left
			} else {
				i = nd.Right
			}
		case v <= nd.Threshold:
			i = nd.Left
		default:
			i = nd.Right
		}
	}
}

// Leaf is a leaf's training class distribution.
type Leaf struct {
	Node    int
	Class   int
	Counts  []int   // training rows per class
	Support int     // training rows in the leaf
	Purity  float64 // share of Class among them
}

// Leaves lists the leaves in depth-first, left-to-right order (the order
// of Rules).
func (m *Model) Leaves() []Leaf {
	var out []Leaf
	m.walk(0, nil, func(i int, _ []step) {
		nd := m.Nodes[i]
		l := Leaf{Node: i, Class: nd.Class, Counts: nd.Counts}
		for _, v := range nd.Counts {
			l.Support += v
		}
		if l.Support > 0 {
			l.Purity = float64(nd.Counts[nd.Class]) / float64(l.Support)
		}
		out = append(out, l)
	})
	return out
}

// step is one decision on the path from the root to a node.
type step struct {
	node int
	left bool
}

// walk visits leaves depth first, left before right, with the path to each.
func (m *Model) walk(i int, path []step, visit func(leaf int, path []step)) {
	nd := m.Nodes[i]
	if nd.IsLeaf() {
		visit(i, path)
		return
	}
	m.walk(nd.Left, append(path, step{i, true}), visit)
	m.walk(nd.Right, append(path[:len(path):len(path)], step{i, false}), visit)
}

// String renders the tree as indented text, for logs and golden files.
func (m *Model) String() string {
	var b strings.Builder
	var rec func(i int, indent string)
	rec = func(i int, indent string) {
		nd := m.Nodes[i]
		if nd.IsLeaf() {
			fmt.Fprintf(&b, "%sleaf #%d -> %s counts=%v\n", indent, i, m.Classes[nd.Class], nd.Counts)
			return
		}
		miss := "right"
		if nd.MissingLeft {
			miss = "left"
		}
		if !nd.MissingSeen {
			miss += " (unseen)"
		}
		fmt.Fprintf(&b, "%s#%d %s <= %s counts=%v missing->%s\n", indent, i,
			m.Features[nd.Feature], formatNumber(nd.Threshold), nd.Counts, miss)
		rec(nd.Left, indent+"  ")
		rec(nd.Right, indent+"  ")
	}
	rec(0, "")
	return b.String()
}
