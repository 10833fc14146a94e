package core

// SetParallelLoadMin lets tests force the parallel order load.
func SetParallelLoadMin(n int64) (restore func()) {
	old := parallelLoadMin
	parallelLoadMin = n
	return func() { parallelLoadMin = old }
}
