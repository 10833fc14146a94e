package kmeans

import (
	"math"
	"strconv"

	"strata/internal/analytics/validation"
	"strata/internal/model"
)

// Silhouette scores the clustering r of x (the same n×d matrix it was
// fitted on, original units) on a seeded sample of sampleSize rows (0 means
// DefaultSilhouetteSample). Distances are measured in the clustering space,
// so only the sampled rows are standardised.
func (r *Result) Silhouette(x []float64, n int, sampleSize int, seed uint64) (float64, error) {
	if len(x) != n*r.D || len(r.Assignments) != n {
		return 0, model.Invalid("x", "", "must be the matrix the clustering was fitted on")
	}
	idx := validation.SampleRows(n, sampleSize, seed)
	sub, labels := gatherSample(x, r.D, idx, r.Assignments)
	if r.Standardized {
		for i := range idx {
			r.Scaler.Transform(sub[i*r.D:(i+1)*r.D], sub[i*r.D:(i+1)*r.D])
		}
	}
	return validation.Silhouette(sub, len(idx), r.D, labels, len(idx), 0)
}

func gatherSample(x []float64, d int, idx, assign []int) ([]float64, []int) {
	sub := make([]float64, len(idx)*d)
	labels := make([]int, len(idx))
	for i, row := range idx {
		copy(sub[i*d:(i+1)*d], x[row*d:(row+1)*d])
		labels[i] = assign[row]
	}
	return sub, labels
}

// KScore is one candidate k in ChooseK.
type KScore struct {
	K          int
	Silhouette float64
	Inertia    float64
}

// Choice is ChooseK's answer: the chosen K, every candidate's scores in
// increasing k, and the fitted clustering for the chosen K.
type Choice struct {
	K      int
	Scores []KScore
	Result *Result
}

// ChooseK fits k = kmin..kmax (kmin >= 2, since silhouette needs two
// clusters) with the same options and picks the highest silhouette on one
// seeded sample of opt.SilhouetteSample rows shared by all candidates; ties
// go to the smaller k, the simpler model. Cost is one Fit per candidate.
func ChooseK(x []float64, n, d, kmin, kmax int, opt Options) (*Choice, error) {
	if err := checkMatrix(x, n, d); err != nil {
		return nil, err
	}
	if kmin < 2 || kmax < kmin || kmax > n {
		return nil, model.Invalid("k", strconv.Itoa(kmin)+".."+strconv.Itoa(kmax), "needs 2 <= kmin <= kmax <= rows")
	}
	opt = opt.withDefaults()
	work, sc := x, Scaler{}
	if opt.Standardize {
		sc = FitScaler(x, n, d)
		work = sc.transformAll(x, n, d)
	}
	idx := validation.SampleRows(n, opt.SilhouetteSample, opt.Seed)
	ch := &Choice{}
	bestS := math.Inf(-1)
	for k := kmin; k <= kmax; k++ {
		o := opt
		o.K = k
		r := fitWorking(work, n, d, o)
		sub, labels := gatherSample(work, d, idx, r.Assignments)
		s, err := validation.Silhouette(sub, len(idx), d, labels, len(idx), 0)
		if err != nil {
			// Fewer than two clusters in the sample (degenerate data): this k
			// cannot be judged, so it cannot win.
			s = math.NaN()
		}
		ch.Scores = append(ch.Scores, KScore{K: k, Silhouette: s, Inertia: r.Inertia})
		if s > bestS {
			bestS, ch.K, ch.Result = s, k, r
		}
	}
	if ch.Result == nil {
		return nil, model.Invalid("x", "", "no k in range gives two distinct clusters")
	}
	ch.Result.Standardized = opt.Standardize
	ch.Result.Scaler = sc
	ch.Result.finish()
	return ch, nil
}
