package tree

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// entry is one training row's value of one feature; r is the row's index
// among the training rows. Keeping the value beside the index makes the
// split scans sequential in memory.
type entry struct {
	v float64
	r int32
}

// presort builds, for every feature, the training rows ordered by value
// (ties by row), with missing (NaN) values after all numbers. Features are
// sorted in parallel; each is independent, so the result is deterministic.
func presort(ds Dataset, train []int, workers int) [][]entry {
	cols := make([][]entry, ds.Cols)
	parallelFor(ds.Cols, workers, func(_, f int) {
		col := make([]entry, 0, len(train))
		var missing []entry
		for i, row := range train {
			v := ds.X[row*ds.Cols+f]
			if math.IsNaN(v) {
				missing = append(missing, entry{v, int32(i)})
				continue
			}
			col = append(col, entry{v, int32(i)})
		}
		slices.SortFunc(col, func(a, b entry) int {
			if c := cmp.Compare(a.v, b.v); c != 0 {
				return c
			}
			return cmp.Compare(a.r, b.r)
		})
		cols[f] = append(col, missing...)
	})
	return cols
}

// parallelFor runs fn(worker, i) for i in [0, n) on up to workers
// goroutines; fn must only write state owned by i (or by worker).
func parallelFor(n, workers int, fn func(worker, i int)) {
	workers = max(1, min(workers, n))
	if workers == 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(w, i)
			}
		}()
	}
	wg.Wait()
}
