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

// RadixSortForTest sorts v in place with the radix sort.
func RadixSortForTest(v []float64) { radixSort(v) }

// CentsSortForTest exposes the cents sort to the tests; ok is false when
// it refused the values (then out must equal v).
func CentsSortForTest(v []float64) (out []float64, ok bool) {
	out = slices.Clone(v)
	return out, centsSort(out)
}

// CentsSortInPlaceForTest is centsSort itself.
func CentsSortInPlaceForTest(v []float64) bool { return centsSort(v) }

// SelectQuantile7ForTest exposes the selection quantile to the tests.
func SelectQuantile7ForTest(v []float64, p float64) float64 {
	return selectQuantile7(slices.Clone(v), p)
}

// LifeClassForTest is the lifecycle's class code of one customer under
// the given thresholds.
func LifeClassForTest(newDays, atRisk, churn, wonBack, minRhythm, pop, has, rec, sinceFirst, ip, gap float64) int {
	var out [1]uint16
	identity := [8]uint16{0, 1, 2, 3, 4, 5}
	lifeTh{newDays, atRisk, churn, wonBack, minRhythm, pop}.classes(out[:], &identity,
		[]float64{has}, []float64{rec}, []float64{sinceFirst}, []float64{ip}, []float64{gap})
	return int(out[0])
}

// CountClassesForTest exposes the class counter to the tests.
func CountClassesForTest(class []uint16, n int) []int { return countClasses(class, n) }
