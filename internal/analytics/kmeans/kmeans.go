package kmeans

import (
	"math"
	"math/rand/v2"
	"strconv"

	"strata/internal/model"
)

// Result is a fitted clustering. Cluster indices are in a stable order
// (see Fit and SortBy), so the same data gives the same labels whatever the
// seed picked as the winning restart.
type Result struct {
	K, D int
	// Centroids holds K×D centroids in the space clustering ran in: z-scores
	// when Standardized, original units otherwise.
	Centroids []float64
	// CentroidsOriginal holds the same centroids in original units.
	CentroidsOriginal []float64
	// Standardized reports whether Scaler was applied before clustering.
	Standardized bool
	// Scaler holds the population means and standard deviations used to
	// standardise (zero value when not Standardized); new points are scaled
	// with it before assignment.
	Scaler      Scaler
	Assignments []int // cluster of each input row
	Sizes       []int // rows per cluster
	// Inertia is the sum of squared distances of rows to their centroids,
	// in the clustering space.
	Inertia    float64
	Iterations int  // Lloyd updates of the winning restart
	Converged  bool // whether the winning restart met Tol before MaxIter
	Restart    int  // index of the winning restart
}

// Centroid returns cluster c's centroid in original units.
func (r *Result) Centroid(c int) []float64 {
	return r.CentroidsOriginal[c*r.D : (c+1)*r.D]
}

// Assign returns the cluster nearest to row (original units, length D),
// standardising it first when the model was fitted standardised. Ties go to
// the lower cluster index, as in fitting.
func (r *Result) Assign(row []float64) int {
	z := row
	if r.Standardized {
		z = r.Scaler.Transform(row, nil)
	}
	best, bd := 0, math.Inf(1)
	for c := range r.K {
		s := 0.0
		for t, v := range z {
			u := v - r.Centroids[c*r.D+t]
			s += u * u
		}
		if s < bd {
			best, bd = c, s
		}
	}
	return best
}

// Fit clusters the n×d row-major matrix x into opt.K clusters. Rows must be
// finite (impute missing values first). Restarts run one after another,
// each using every worker; the lowest inertia wins (the earliest on ties).
// Clusters are then put in canonical order: larger clusters first, ties by
// the lexicographic order of their centroids; call SortBy for a
// business-meaningful order.
func Fit(x []float64, n, d int, opt Options) (*Result, error) {
	if err := checkMatrix(x, n, d); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	if opt.K < 1 || opt.K > n {
		return nil, model.Invalid("k", strconv.Itoa(opt.K), "must be between 1 and the number of rows")
	}
	work, sc := x, Scaler{}
	if opt.Standardize {
		sc = FitScaler(x, n, d)
		work = sc.transformAll(x, n, d)
	}
	r := fitWorking(work, n, d, opt)
	r.Standardized = opt.Standardize
	r.Scaler = sc
	r.finish()
	return r, nil
}

// fitWorking runs all restarts on an already-scaled matrix and returns the
// best one, canonically ordered, without original-unit centroids.
func fitWorking(x []float64, n, d int, opt Options) *Result {
	f := newFitter(x, n, d, opt.K, opt.Workers)
	tolAbs := opt.Tol * meanVariance(x, n, d)
	best := &Result{K: opt.K, D: d, Inertia: math.Inf(1)}
	var bestAssign []int32
	for rs := range opt.Restarts {
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(rs)+1))
		cent, inertia, iters, conv := f.run(rng, opt.MaxIter, tolAbs)
		if inertia < best.Inertia {
			best.Centroids, best.Inertia = cent, inertia
			best.Iterations, best.Converged, best.Restart = iters, conv, rs
			// Keep the winner's assignment; the fitter reuses its buffer.
			if bestAssign == nil {
				bestAssign = make([]int32, n)
			}
			copy(bestAssign, f.assign)
		}
	}
	best.Assignments = make([]int, n)
	best.Sizes = make([]int, opt.K)
	for i, a := range bestAssign {
		best.Assignments[i] = int(a)
		best.Sizes[a]++
	}
	best.canonicalOrder()
	return best
}

// finish fills the original-unit centroids.
func (r *Result) finish() {
	r.CentroidsOriginal = make([]float64, len(r.Centroids))
	if !r.Standardized {
		copy(r.CentroidsOriginal, r.Centroids)
		return
	}
	for c := range r.K {
		r.Scaler.Inverse(r.Centroids[c*r.D:(c+1)*r.D], r.CentroidsOriginal[c*r.D:(c+1)*r.D])
	}
}

// meanVariance is the mean over features of the population variance; it
// scales Tol so that convergence does not depend on the data's units.
func meanVariance(x []float64, n, d int) float64 {
	s := FitScaler(x, n, d)
	v := 0.0
	for _, sd := range s.Stds {
		v += sd * sd
	}
	return v / float64(d)
}
