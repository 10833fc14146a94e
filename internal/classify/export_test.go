package classify

import "slices"

// ShareCutsForTest exposes the radix sort to the tests.
func ShareCutsForTest(v []float64) []float64 {
	out := slices.Clone(v)
	radixSort(out)
	return out
}

// CountingSortForTest exposes the counting sort to the tests; ok is false
// when it refused the values.
func CountingSortForTest(v []float64) (out []float64, ok bool) {
	out = slices.Clone(v)
	return out, countingSort(out)
}
