package core

import (
	"context"
	"fmt"
	"math"
	"time"

	"strata/internal/analytics/clv"
	"strata/internal/analytics/validation"
	"strata/internal/model"
	"strata/internal/store"
)

// CLV model names.
const (
	ModelBGNBD      = "bgnbd"
	ModelPareto     = "pareto"
	ModelGammaGamma = "gammagamma"
)

// CLVFitOptions selects the calibration period, the unit and the model.
type CLVFitOptions struct {
	AsOf       time.Time // calibration end (inclusive date)
	HoldoutEnd time.Time // optional inclusive end of a holdout period to validate on
	Unit       clv.Unit
	Model      string
}

// CLVFit is a fitted model with its standard errors and, when a holdout
// period was given, how well it predicted that period against a naive
// baseline.
type CLVFit struct {
	Model     string             `json:"model"`
	Unit      string             `json:"unit"`
	AsOf      string             `json:"as_of"`
	Customers int                `json:"customers"`
	Params    map[string]float64 `json:"params"`
	SE        map[string]float64 `json:"standard_errors"`
	LogLik    float64            `json:"log_likelihood"`
	Holdout   *HoldoutCheck      `json:"holdout,omitempty"`
}

// HoldoutCheck compares predicted with actual holdout purchases, for the
// model and for the naive baseline (each customer's calibration purchase
// rate carried forward).
type HoldoutCheck struct {
	End            string   `json:"end"`
	Periods        float64  `json:"periods"`
	Model          CountFit `json:"model"`
	Baseline       CountFit `json:"baseline"`
	MAEImprovement *float64 `json:"mae_improvement"`
}

// CountFit is validation.CountErrors without NaN (JSON has none): an
// undefined figure is null.
type CountFit struct {
	N              int      `json:"customers"`
	MAE            float64  `json:"mae"`
	RMSE           float64  `json:"rmse"`
	TotalPredicted float64  `json:"total_predicted"`
	TotalActual    float64  `json:"total_actual"`
	TotalRatio     *float64 `json:"total_ratio"`
	Correlation    *float64 `json:"correlation"`
}

func countFit(e validation.CountErrors) CountFit {
	return CountFit{N: e.N, MAE: e.MAE, RMSE: e.RMSE, TotalPredicted: e.TotalPredicted, TotalActual: e.TotalActual,
		TotalRatio: finite(e.TotalRatio), Correlation: finite(e.Correlation)}
}

func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// RepeatSummary builds the repeat-purchase summary (x, t_x, T, zbar, x*)
// from the stored orders: a transaction is a paid line that is not a
// return (amount ≥ 0: a free item is still a visit, as in the BTYD
// literature and its CDNOW data, which has zero-value transactions);
// transactions on one business-zone day are one purchase.
func (s *Service) RepeatSummary(ctx context.Context, asOf, holdoutEnd time.Time, unit clv.Unit) (clv.Summary, error) {
	sum, _, err := s.repeatSummary(ctx, asOf, holdoutEnd, unit)
	return sum, err
}

// repeatSummary also returns each summarised customer's net spend in the
// holdout period (returns included), aligned with the summary rows.
func (s *Service) repeatSummary(ctx context.Context, asOf, holdoutEnd time.Time, unit clv.Unit) (clv.Summary, []float64, error) {
	calCut := Cutoff(asOf, s.loc).Unix()
	var holdRev []float64
	last := asOf
	if holdoutEnd.After(asOf) {
		last = holdoutEnd
	}
	var txns []clv.Txn
	dense := map[int64]int32{}
	err := s.st.ScanOrders(ctx, Cutoff(last, s.loc).Unix(), func(f *store.OrderFact) error {
		if f.Status != 1 {
			return nil
		}
		k, ok := dense[f.Customer]
		if !ok {
			if f.Amount < 0 {
				return nil
			}
			k = int32(len(dense))
			dense[f.Customer] = k
			holdRev = append(holdRev, 0)
		}
		if f.At >= calCut {
			holdRev[k] += model.Money(f.Amount).Float()
		}
		if f.Amount < 0 {
			return nil
		}
		txns = append(txns, clv.Txn{Customer: k, Day: clv.DayOf(time.Unix(f.At, 0), s.loc), Value: model.Money(f.Amount).Float()})
		return nil
	})
	if err != nil {
		return clv.Summary{}, nil, err
	}
	opt := clv.SummaryOptions{CalibrationEnd: civil(asOf), Unit: unit}
	if holdoutEnd.After(asOf) {
		opt.HoldoutEnd = civil(holdoutEnd)
	}
	sum, err := clv.Summarize(txns, opt)
	if err != nil {
		return sum, nil, err
	}
	rev := make([]float64, sum.Len())
	for i, k := range sum.Customer {
		rev[i] = holdRev[k]
	}
	return sum, rev, nil
}

func civil(d time.Time) int32 { return clv.CivilDay(d.Year(), d.Month(), d.Day()) }

// FitCLV fits a lifetime-value model on the orders up to opt.AsOf.
func (s *Service) FitCLV(ctx context.Context, opt CLVFitOptions) (*CLVFit, error) {
	sum, err := s.RepeatSummary(ctx, opt.AsOf, opt.HoldoutEnd, opt.Unit)
	if err != nil {
		return nil, err
	}
	if sum.Len() == 0 {
		return nil, fmt.Errorf("no purchases up to %s: %w", opt.AsOf.Format("2006-01-02"), model.ErrNotFound)
	}
	out := &CLVFit{Model: opt.Model, Unit: unitName(opt.Unit), AsOf: opt.AsOf.Format("2006-01-02"), Customers: sum.Len()}
	var predict func(t, x, tx, T float64) float64
	switch opt.Model {
	case ModelBGNBD:
		m, err := clv.FitBGNBD(sum.X, sum.Tx, sum.T, clv.FitOptions{})
		if err != nil {
			return nil, err
		}
		out.Params = map[string]float64{"r": m.R, "alpha": m.Alpha, "a": m.A, "b": m.B}
		out.SE = map[string]float64{"r": m.SE[0], "alpha": m.SE[1], "a": m.SE[2], "b": m.SE[3]}
		out.LogLik, predict = m.LogLik, m.ExpectedPurchases
	case ModelPareto:
		m, err := clv.FitParetoNBD(sum.X, sum.Tx, sum.T, clv.FitOptions{})
		if err != nil {
			return nil, err
		}
		out.Params = map[string]float64{"r": m.R, "alpha": m.Alpha, "s": m.S, "beta": m.Beta}
		out.SE = map[string]float64{"r": m.SE[0], "alpha": m.SE[1], "s": m.SE[2], "beta": m.SE[3]}
		out.LogLik, predict = m.LogLik, m.ExpectedPurchases
	case ModelGammaGamma:
		m, err := clv.FitGammaGamma(sum.X, sum.Zbar, clv.FitOptions{})
		if err != nil {
			return nil, err
		}
		out.Params = map[string]float64{"p": m.P, "q": m.Q, "v": m.V}
		out.SE = map[string]float64{"p": m.SE[0], "q": m.SE[1], "v": m.SE[2]}
		out.LogLik = m.LogLik
		out.Customers = m.N
	default:
		return nil, model.Invalid("model", opt.Model, "must be bgnbd, pareto or gammagamma")
	}
	for k, v := range out.SE {
		if math.IsNaN(v) {
			delete(out.SE, k) // JSON has no NaN; a missing SE means the Hessian was not definite
		}
	}
	if predict != nil && opt.HoldoutEnd.After(opt.AsOf) {
		periods := float64(civil(opt.HoldoutEnd)-civil(opt.AsOf)) / float64(opt.Unit)
		pred := make([]float64, sum.Len())
		for i := range pred {
			pred[i] = predict(periods, sum.X[i], sum.Tx[i], sum.T[i])
		}
		// Naive baseline: the customer's calibration purchase rate (repeat
		// purchases per period since the first purchase) carried forward.
		base := make([]float64, sum.Len())
		for i := range base {
			if sum.T[i] > 0 {
				base[i] = sum.X[i] / sum.T[i] * periods
			}
		}
		cmp, err := validation.CompareCounts(pred, base, sum.XStar)
		if err != nil {
			return nil, err
		}
		out.Holdout = &HoldoutCheck{End: opt.HoldoutEnd.Format("2006-01-02"), Periods: periods,
			Model: countFit(cmp.Model), Baseline: countFit(cmp.Baseline), MAEImprovement: finite(cmp.MAEImprovement)}
	}
	return out, nil
}

func unitName(u clv.Unit) string {
	switch u {
	case clv.Days:
		return "days"
	case clv.Weeks:
		return "weeks"
	}
	return fmt.Sprintf("%d days", int(u))
}
