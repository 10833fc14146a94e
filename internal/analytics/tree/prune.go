package tree

// collapseRedundant turns every split whose two children are leaves
// predicting the same class back into a leaf, bottom up, and renumbers the
// surviving nodes breadth first. Such splits lower Gini impurity but never
// change a prediction; removing them gives fewer, shorter rules. The
// collapsed node's Counts already equal the sum of its children's.
func collapseRedundant(nodes []Node) []Node {
	var visit func(i int)
	visit = func(i int) {
		nd := &nodes[i]
		if nd.IsLeaf() {
			return
		}
		visit(nd.Left)
		visit(nd.Right)
		l, r := nodes[nd.Left], nodes[nd.Right]
		if l.IsLeaf() && r.IsLeaf() && l.Class == r.Class {
			*nd = Node{Feature: -1, Depth: nd.Depth, Counts: nd.Counts, Class: nd.Class}
		}
	}
	visit(0)
	// Breadth-first renumbering keeps children after parents, like growth.
	out := []Node{nodes[0]}
	for i := 0; i < len(out); i++ {
		nd := &out[i]
		if nd.IsLeaf() {
			continue
		}
		l, r := nodes[nd.Left], nodes[nd.Right]
		nd.Left, nd.Right = len(out), len(out)+1
		out = append(out, l, r)
	}
	return out
}
