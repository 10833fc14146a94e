package kmeans

import (
	"sync"
	"sync/atomic"
)

// numChunks is the number of fixed-size row chunks covering n rows.
func numChunks(n int) int { return (n + chunkRows - 1) / chunkRows }

// forChunks calls fn(c, lo, hi) for every chunk c of rows [lo, hi), using up
// to workers goroutines. fn must write only chunk-indexed state; callers
// reduce that state in chunk order afterwards, which is what keeps results
// independent of scheduling.
func forChunks(n, workers int, fn func(c, lo, hi int)) {
	nc := numChunks(n)
	if workers > nc {
		workers = nc
	}
	if workers <= 1 {
		for c := range nc {
			fn(c, c*chunkRows, min(n, (c+1)*chunkRows))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= nc {
					return
				}
				fn(c, c*chunkRows, min(n, (c+1)*chunkRows))
			}
		}()
	}
	wg.Wait()
}
