// Package tree learns a CART classification tree (Gini impurity) on numeric
// customer features and exports its leaves as rules in Strata's segment
// rule language, so a learned segmentation can be reviewed, edited and run
// like a hand-written one.
//
// Training is exact (every distinct threshold of every feature is
// considered) and fast: each feature is sorted once, and the tree grows
// level by level with every node's rows kept contiguous and sorted in each
// feature by a stable partition, so a level costs O(rows × features)
// whatever the number of nodes. Features are scanned in parallel; results
// are deterministic (ties go to the lower feature index, then the lower
// threshold) and independent of the number of cores.
//
// Missing values are NaN. At each split the rows missing the split feature
// go to the side that gives the lower impurity at training time; if no
// training row at that node was missing the feature, they follow the
// larger child. Rules carry that choice as "or feature is null".
package tree
