package classify

import "slices"

// ShareCutsForTest exposes the radix sort to the tests.
func ShareCutsForTest(v []float64) []float64 {
	out := slices.Clone(v)
	radixSort(out)
	return out
}
