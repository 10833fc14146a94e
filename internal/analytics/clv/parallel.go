package clv

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// chunkRows is the fixed block size of parallel sums. Blocks, not workers,
// define the summation order, so results are bit-identical whatever the
// number of cores.
const chunkRows = 1 << 14

// parallelSums splits [0, n) into fixed blocks, runs fn on each block with a
// zeroed accumulator of width k, and returns the accumulators added in block
// order. Small inputs run on the calling goroutine.
func parallelSums(n, k int, fn func(lo, hi int, acc []float64)) []float64 {
	blocks := (n + chunkRows - 1) / chunkRows
	partial := make([]float64, blocks*k)
	workers := min(runtime.GOMAXPROCS(0), blocks)
	if workers <= 1 {
		for b := range blocks {
			fn(b*chunkRows, min(n, (b+1)*chunkRows), partial[b*k:(b+1)*k])
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					b := int(next.Add(1)) - 1
					if b >= blocks {
						return
					}
					fn(b*chunkRows, min(n, (b+1)*chunkRows), partial[b*k:(b+1)*k])
				}
			})
		}
		wg.Wait()
	}
	out := make([]float64, k)
	for b := range blocks {
		for j := range k {
			out[j] += partial[b*k+j]
		}
	}
	return out
}

// parallelFor runs fn on fixed blocks of [0, n) concurrently; fn must only
// write to indexes in its block.
func parallelFor(n int, fn func(lo, hi int)) {
	parallelSums(n, 0, func(lo, hi int, _ []float64) { fn(lo, hi) })
}
