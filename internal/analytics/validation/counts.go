package validation

import (
	"math"

	"strata/internal/model"
)

// CountErrors are holdout error metrics for per-customer count predictions
// (for example expected purchases in the holdout period).
type CountErrors struct {
	N              int
	MAE            float64 // mean absolute error
	RMSE           float64 // root mean squared error
	TotalPredicted float64
	TotalActual    float64
	// TotalRatio is TotalPredicted / TotalActual: the aggregate bias that
	// matters for forecasting volume; NaN when nothing actually happened.
	TotalRatio float64
	// Correlation is Pearson's r between predicted and actual; NaN when
	// either side is constant.
	Correlation float64
}

// MeasureCounts compares predicted with actual counts, one value per
// customer.
func MeasureCounts(predicted, actual []float64) (CountErrors, error) {
	n := len(actual)
	if len(predicted) != n {
		return CountErrors{}, model.Invalid("predicted", "", "must have one value per customer")
	}
	if n == 0 {
		return CountErrors{}, model.Invalid("actual", "", "needs at least one customer")
	}
	e := CountErrors{N: n}
	var abs, sq float64
	for i, a := range actual {
		p := predicted[i]
		abs += math.Abs(p - a)
		sq += (p - a) * (p - a)
		e.TotalPredicted += p
		e.TotalActual += a
	}
	e.MAE = abs / float64(n)
	e.RMSE = math.Sqrt(sq / float64(n))
	e.TotalRatio = ratio(e.TotalPredicted, e.TotalActual)
	e.Correlation = pearson(predicted, actual, e.TotalPredicted/float64(n), e.TotalActual/float64(n))
	return e, nil
}

// pearson is computed from centred sums (two passes) rather than raw
// moments, which lose precision on large, similar values.
func pearson(x, y []float64, mx, my float64) float64 {
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return nan()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// CountComparison sets a model's holdout errors beside a naive baseline's,
// so a report can say whether the model earns its complexity.
type CountComparison struct {
	Model    CountErrors
	Baseline CountErrors
	// MAEImprovement is 1 - Model.MAE / Baseline.MAE: 0.25 means the model's
	// mean absolute error is 25 % lower than the baseline's; negative means
	// the baseline wins. NaN when the baseline is perfect.
	MAEImprovement float64
	// RMSEImprovement is the same for RMSE.
	RMSEImprovement float64
}

// CompareCounts measures model and baseline predictions against the same
// actual holdout counts.
func CompareCounts(modelPred, baselinePred, actual []float64) (CountComparison, error) {
	m, err := MeasureCounts(modelPred, actual)
	if err != nil {
		return CountComparison{}, err
	}
	b, err := MeasureCounts(baselinePred, actual)
	if err != nil {
		return CountComparison{}, model.Invalid("baseline", "", "must have one value per customer")
	}
	return CountComparison{
		Model:           m,
		Baseline:        b,
		MAEImprovement:  1 - ratio(m.MAE, b.MAE),
		RMSEImprovement: 1 - ratio(m.RMSE, b.RMSE),
	}, nil
}

// NaiveBaseline is the "same as last period" forecast: each customer's
// count in the calibration period scaled to the holdout length
// (counts[i] · holdoutLength / calibrationLength). Lengths are in any one
// unit, typically days.
func NaiveBaseline(calibrationCounts []float64, calibrationLength, holdoutLength float64) ([]float64, error) {
	if calibrationLength <= 0 || holdoutLength < 0 {
		return nil, model.Invalid("length", "", "calibration length must be positive and holdout length non-negative")
	}
	f := holdoutLength / calibrationLength
	out := make([]float64, len(calibrationCounts))
	for i, c := range calibrationCounts {
		out[i] = c * f
	}
	return out, nil
}

func nan() float64 { return math.NaN() }
