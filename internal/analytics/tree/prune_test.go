package tree

import "testing"

func TestCollapseRedundant(t *testing.T) {
	// #0 splits into #1 (split into two class-1 leaves) and #2 (class 0
	// leaf): #1 must become a leaf, and the tree renumbered to 3 nodes.
	nodes := []Node{
		{Feature: 0, Threshold: 5, Left: 1, Right: 2, Counts: []int{10, 12}, Class: 1},
		{Feature: 1, Threshold: 3, Left: 3, Right: 4, Depth: 1, Counts: []int{2, 12}, Class: 1},
		{Feature: -1, Depth: 1, Counts: []int{8, 0}, Class: 0},
		{Feature: -1, Depth: 2, Counts: []int{2, 5}, Class: 1},
		{Feature: -1, Depth: 2, Counts: []int{0, 7}, Class: 1},
	}
	got := collapseRedundant(nodes)
	if len(got) != 3 || !got[1].IsLeaf() || got[1].Class != 1 || got[1].Counts[1] != 12 {
		t.Fatalf("collapsed = %+v", got)
	}
	if got[0].Left != 1 || got[0].Right != 2 || got[2].Class != 0 {
		t.Fatalf("renumbering wrong: %+v", got)
	}
}
