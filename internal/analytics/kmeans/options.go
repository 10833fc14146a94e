package kmeans

import (
	"runtime"
	"strconv"

	"strata/internal/model"
)

// Defaults chosen so that 1,000,000 rows × 6 features with k = 8 fit well
// under five seconds on two cores, restarts included (see BenchmarkKMeans1M).
const (
	DefaultRestarts = 5
	DefaultMaxIter  = 100
	// DefaultTol stops Lloyd iterations when the summed squared centroid
	// shift falls below Tol × the mean per-feature variance of the data
	// (the scikit-learn convention, so Tol is scale free).
	DefaultTol = 1e-4
	// DefaultSilhouetteSample is the silhouette sample size used by ChooseK.
	DefaultSilhouetteSample = 2000
)

// chunkRows is the fixed unit of parallel work. It is a constant, not a
// function of the core count, so that floating-point sums are grouped the
// same way on every machine.
const chunkRows = 8192

// Options configure Fit. Zero values take the defaults above.
type Options struct {
	K        int     // number of clusters, required, >= 1
	Restarts int     // independent k-means++ starts; the lowest inertia wins
	MaxIter  int     // Lloyd iterations per restart
	Tol      float64 // convergence tolerance, relative to the data variance
	Seed     uint64  // seeds every random choice
	// Standardize z-scores each feature before clustering so that features
	// in large units (money) do not drown those in small ones (counts).
	Standardize bool
	// SilhouetteSample is the sample size for silhouette scores (ChooseK).
	SilhouetteSample int
	// Workers bounds the goroutines used per pass; 0 means GOMAXPROCS. It
	// changes speed only, never the result.
	Workers int
}

func (o Options) withDefaults() Options {
	if o.Restarts <= 0 {
		o.Restarts = DefaultRestarts
	}
	if o.MaxIter <= 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Tol <= 0 {
		o.Tol = DefaultTol
	}
	if o.SilhouetteSample <= 0 {
		o.SilhouetteSample = DefaultSilhouetteSample
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// checkMatrix validates a row-major n×d matrix.
func checkMatrix(x []float64, n, d int) error {
	if n <= 0 || d <= 0 {
		return model.Invalid("x", "", "needs at least one row and one feature")
	}
	if len(x) != n*d {
		return model.Invalid("x", strconv.Itoa(len(x)), "must hold n*d values")
	}
	for _, v := range x {
		if v != v || v-v != 0 { // NaN or ±Inf
			return model.Invalid("x", strconv.FormatFloat(v, 'g', -1, 64), "must be finite; impute missing values first")
		}
	}
	return nil
}
