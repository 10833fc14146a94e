package tree

import "math"

// openNode is a node still growing: its index in the tree and its rows'
// segment [lo, hi) in every presorted column.
type openNode struct {
	node, lo, hi int
}

// split is the best split found for one node in one feature.
type split struct {
	ok          bool
	score       float64 // Σ left² / nLeft + Σ right² / nRight over class counts; higher is purer
	feature     int
	pos         int // non-missing rows going left (a prefix of the sorted segment)
	nonMissing  int
	missingLeft bool
	missingSeen bool
}

// grower holds the training state shared by all levels.
type grower struct {
	opt     Options
	k       int
	lab     []uint8   // class of each training row
	cols    [][]entry // presorted columns, partitioned node by node
	side    []uint8   // 0 = left, 1 = right, for rows of nodes being split
	scratch [][]entry // per worker, for stable partitioning
	counts  [][]int64 // per worker: 4×k class counters for scans
	nodes   []Node
}

// grow builds the tree level by level.
func (g *grower) grow(nt int) {
	rootCounts := make([]int, g.k)
	for _, c := range g.lab {
		rootCounts[c]++
	}
	g.nodes = []Node{newNode(rootCounts, 0)}
	level := []openNode{{0, 0, nt}}
	for len(level) > 0 {
		var cand []openNode
		for _, o := range level {
			nd := &g.nodes[o.node]
			if nd.Depth < g.opt.MaxDepth && o.hi-o.lo >= g.opt.MinSplit && !pure(nd.Counts) {
				cand = append(cand, o)
			}
		}
		if len(cand) == 0 {
			return
		}
		best := g.bestSplits(cand)
		var splitting []openNode
		var next []openNode
		for i, o := range cand {
			if !best[i].ok {
				continue
			}
			l, r := g.apply(o, best[i])
			splitting = append(splitting, o)
			next = append(next, l, r)
		}
		g.partition(splitting)
		level = next
	}
}

// bestSplits scans every feature (in parallel) for every candidate node and
// keeps, per node, the best split; ties go to the lower feature index.
func (g *grower) bestSplits(cand []openNode) []split {
	d := len(g.cols)
	perFeature := make([][]split, d)
	parallelFor(d, g.opt.Workers, func(w, f int) {
		out := make([]split, len(cand))
		for i, o := range cand {
			out[i] = g.scan(w, f, o)
		}
		perFeature[f] = out
	})
	best := make([]split, len(cand))
	for i, o := range cand {
		parent := parentScore(g.nodes[o.node].Counts)
		for f := range d {
			s := perFeature[f][i]
			// A split must strictly reduce impurity (beyond rounding).
			if s.ok && s.score > parent*(1+1e-12) && (!best[i].ok || s.score > best[i].score) {
				best[i] = s
			}
		}
	}
	return best
}

// scan finds the best threshold of feature f for node o. Class-count sums
// of squares are kept as exact integers and updated in O(1) per row, so a
// scan is one sequential pass over the node's segment.
func (g *grower) scan(w, f int, o openNode) split {
	seg := g.cols[f][o.lo:o.hi]
	m := len(seg)
	for m > 0 && math.IsNaN(seg[m-1].v) {
		m--
	}
	nmiss := len(seg) - m
	if m < 2 {
		return split{}
	}
	k := g.k
	buf := g.counts[w]
	L, R, M := buf[:k], buf[k:2*k], buf[2*k:3*k]
	clear(L)
	clear(M)
	for _, e := range seg[m:] {
		M[g.lab[e.r]]++
	}
	var sqL, sqR, sqLM, sqRM int64
	for c, t := range g.nodes[o.node].Counts {
		R[c] = int64(t) - M[c]
		sqR += R[c] * R[c]
		sqLM += M[c] * M[c]
		sqRM += int64(t) * int64(t)
	}
	minLeaf, miss := g.opt.MinLeaf, int64(nmiss)
	best := split{feature: f, nonMissing: m, missingSeen: nmiss > 0}
	for i := 0; i < m-1; i++ {
		c := g.lab[seg[i].r]
		sqL += 2*L[c] + 1
		sqR -= 2*R[c] - 1
		sqLM += 2*(L[c]+M[c]) + 1 // equal to sqL / sqR when nothing is missing
		sqRM -= 2*(R[c]+M[c]) - 1
		L[c]++
		R[c]--
		if seg[i].v == seg[i+1].v {
			continue
		}
		nL, nR := int64(i+1), int64(m-i-1)
		if nL+miss < int64(minLeaf) {
			continue
		}
		if nR+miss < int64(minLeaf) {
			break
		}
		if nL >= int64(minLeaf) && nR+miss >= int64(minLeaf) {
			s := float64(sqL)/float64(nL) + float64(sqRM)/float64(nR+miss)
			if !best.ok || s > best.score {
				best.ok, best.score, best.pos, best.missingLeft = true, s, i+1, false
			}
		}
		if nmiss > 0 && nR >= int64(minLeaf) {
			s := float64(sqLM)/float64(nL+miss) + float64(sqR)/float64(nR)
			if !best.ok || s > best.score {
				best.ok, best.score, best.pos, best.missingLeft = true, s, i+1, true
			}
		}
	}
	return best
}

// apply turns node o into a split node, marks each of its rows' side and
// creates the two children.
func (g *grower) apply(o openNode, s split) (left, right openNode) {
	seg := g.cols[s.feature][o.lo:o.hi]
	lc, rc := make([]int, g.k), make([]int, g.k)
	missingLeft := s.missingLeft
	if !s.missingSeen {
		// No training evidence: unseen missing values follow the majority.
		missingLeft = s.pos >= len(seg)-s.pos
	}
	nLeft := 0
	for i, e := range seg {
		goLeft := i < s.pos || (i >= s.nonMissing && missingLeft)
		if goLeft {
			g.side[e.r] = 0
			lc[g.lab[e.r]]++
			nLeft++
		} else {
			g.side[e.r] = 1
			rc[g.lab[e.r]]++
		}
	}
	nd := &g.nodes[o.node]
	nd.Feature = s.feature
	nd.Threshold = niceThreshold(seg[s.pos-1].v, seg[s.pos].v)
	nd.MissingLeft, nd.MissingSeen = missingLeft, s.missingSeen
	depth := nd.Depth + 1
	nd.Left = len(g.nodes)
	nd.Right = len(g.nodes) + 1
	g.nodes = append(g.nodes, newNode(lc, depth), newNode(rc, depth))
	left = openNode{node: len(g.nodes) - 2, lo: o.lo, hi: o.lo + nLeft}
	right = openNode{node: len(g.nodes) - 1, lo: o.lo + nLeft, hi: o.hi}
	return left, right
}

// partition stably reorders each split node's segment in every column so
// the left child's rows come first, keeping each child sorted by value.
func (g *grower) partition(nodes []openNode) {
	if len(nodes) == 0 {
		return
	}
	parallelFor(len(g.cols), g.opt.Workers, func(w, f int) {
		tmp := g.scratch[w]
		for _, o := range nodes {
			seg := g.cols[f][o.lo:o.hi]
			nl, nr := 0, 0
			for _, e := range seg {
				if g.side[e.r] == 0 {
					seg[nl] = e
					nl++
				} else {
					tmp[nr] = e
					nr++
				}
			}
			copy(seg[nl:], tmp[:nr])
		}
	})
}

func newNode(counts []int, depth int) Node {
	return Node{Feature: -1, Depth: depth, Counts: counts, Class: argmax(counts)}
}

// argmax is the majority class, the lowest index on ties.
func argmax(counts []int) int {
	best := 0
	for c, v := range counts {
		if v > counts[best] {
			best = c
		}
	}
	return best
}

func pure(counts []int) bool {
	nonzero := 0
	for _, v := range counts {
		if v > 0 {
			nonzero++
		}
	}
	return nonzero <= 1
}

// parentScore is Σ count² / n, the score of not splitting.
func parentScore(counts []int) float64 {
	var sq, n int64
	for _, v := range counts {
		sq += int64(v) * int64(v)
		n += int64(v)
	}
	return float64(sq) / float64(n)
}
