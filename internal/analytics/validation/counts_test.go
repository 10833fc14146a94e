package validation

import (
	"math"
	"testing"
)

func TestMeasureCounts(t *testing.T) {
	tests := []struct {
		name            string
		pred, actual    []float64
		mae, rmse, corr float64
		ratio           float64
	}{
		{
			name: "perfect", pred: []float64{1, 2, 3}, actual: []float64{1, 2, 3},
			mae: 0, rmse: 0, corr: 1, ratio: 1,
		},
		{
			// errors 1, -1, 2: MAE 4/3, RMSE sqrt(6/3).
			name: "mixed", pred: []float64{2, 1, 5}, actual: []float64{1, 2, 3},
			mae: 4.0 / 3, rmse: math.Sqrt(2), corr: pearsonByHand([]float64{2, 1, 5}, []float64{1, 2, 3}), ratio: 8.0 / 6,
		},
		{
			name: "constant prediction", pred: []float64{2, 2, 2}, actual: []float64{1, 2, 3},
			mae: 2.0 / 3, rmse: math.Sqrt(2.0 / 3), corr: math.NaN(), ratio: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := MeasureCounts(tc.pred, tc.actual)
			if err != nil {
				t.Fatal(err)
			}
			if !near(e.MAE, tc.mae) || !near(e.RMSE, tc.rmse) || !near(e.TotalRatio, tc.ratio) {
				t.Fatalf("got %+v", e)
			}
			if math.IsNaN(tc.corr) != math.IsNaN(e.Correlation) || (!math.IsNaN(tc.corr) && !near(e.Correlation, tc.corr)) {
				t.Fatalf("correlation = %v, want %v", e.Correlation, tc.corr)
			}
		})
	}
	t.Run("errors", func(t *testing.T) {
		if _, err := MeasureCounts([]float64{1}, []float64{1, 2}); err == nil {
			t.Fatal("want length error")
		}
		if _, err := MeasureCounts(nil, nil); err == nil {
			t.Fatal("want empty error")
		}
	})
}

func pearsonByHand(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy, sxy, sxx, syy float64
	for i := range x {
		sx += x[i]
		sy += y[i]
		sxy += x[i] * y[i]
		sxx += x[i] * x[i]
		syy += y[i] * y[i]
	}
	return (n*sxy - sx*sy) / math.Sqrt((n*sxx-sx*sx)*(n*syy-sy*sy))
}

func TestCompareCountsWithNaiveBaseline(t *testing.T) {
	// Calibration 180 days, holdout 90: the naive forecast halves last
	// period's counts.
	calib := []float64{4, 0, 10, 2}
	base, err := NaiveBaseline(calib, 180, 90)
	if err != nil {
		t.Fatal(err)
	}
	wantBase := []float64{2, 0, 5, 1}
	for i := range base {
		if base[i] != wantBase[i] {
			t.Fatalf("baseline = %v, want %v", base, wantBase)
		}
	}
	actual := []float64{3, 1, 4, 1}
	modelPred := []float64{3, 0.5, 4.5, 1}
	c, err := CompareCounts(modelPred, base, actual)
	if err != nil {
		t.Fatal(err)
	}
	// model MAE = (0+0.5+0.5+0)/4 = 0.25; baseline MAE = (1+1+1+0)/4 = 0.75.
	if !near(c.Model.MAE, 0.25) || !near(c.Baseline.MAE, 0.75) || !near(c.MAEImprovement, 1-0.25/0.75) {
		t.Fatalf("comparison = %+v", c)
	}
	if c.RMSEImprovement <= 0 {
		t.Fatalf("RMSE improvement = %v, want > 0", c.RMSEImprovement)
	}
	t.Run("bad lengths", func(t *testing.T) {
		if _, err := NaiveBaseline(calib, 0, 90); err == nil {
			t.Fatal("want error for zero calibration length")
		}
		if _, err := CompareCounts(modelPred, base[:2], actual); err == nil {
			t.Fatal("want error for short baseline")
		}
	})
}
