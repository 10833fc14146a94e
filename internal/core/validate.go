package core

import (
	"context"
	"fmt"
	"math"
	"time"

	"strata/internal/analytics/clv"
	"strata/internal/analytics/validation"
	"strata/internal/classify"
	"strata/internal/metrics"
	"strata/internal/model"
	"strata/internal/store"
)

// ValidateOptions sets the calibration and holdout periods.
type ValidateOptions struct {
	AsOf       time.Time // calibration end, inclusive
	HoldoutEnd time.Time // holdout end, inclusive
	Unit       clv.Unit
}

// ValidateResult reports how well the models predicted a holdout period
// they did not see: purchase counts against a naive baseline, and the
// holdout revenue captured by each decile of predicted lifetime value.
type ValidateResult struct {
	AsOf       string     `json:"as_of"`
	HoldoutEnd string     `json:"holdout_end"`
	Customers  int        `json:"customers"`
	Purchases  *CLVFit    `json:"purchases"`
	CLVDeciles []GainsBin `json:"clv_deciles"`
	// ValueTiers is the holdout revenue captured by each value tier
	// assigned as of the calibration end (分类验证).
	ValueTiers []GainsBin `json:"value_tiers"`
	TopDecile  float64    `json:"top_decile_revenue_share"`
	Months     int        `json:"horizon_months"`
}

// GainsBin is one row of a lift table, NaN-free for JSON.
type GainsBin struct {
	Bin                string   `json:"bin"`
	Customers          int      `json:"customers"`
	Revenue            float64  `json:"revenue"`
	RevenueShare       float64  `json:"revenue_share"`
	CumRevenueShare    float64  `json:"cumulative_revenue_share"`
	Lift               *float64 `json:"lift"`
	RevenuePerCustomer *float64 `json:"revenue_per_customer"`
}

// GainsBins converts a gains table.
func GainsBins(t validation.GainsTable) []GainsBin {
	out := make([]GainsBin, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = GainsBin{Bin: r.Bin, Customers: r.Customers, Revenue: r.Revenue, RevenueShare: r.RevenueShare,
			CumRevenueShare: r.CumRevenueShare, Lift: finite(r.Lift), RevenuePerCustomer: finite(r.RevenuePerCustomer)}
	}
	return out
}

// Validate fits BG/NBD and Gamma-Gamma on the calibration period and checks
// them against the holdout period (分类验证).
func (s *Service) Validate(ctx context.Context, opt ValidateOptions) (*ValidateResult, error) {
	if !opt.HoldoutEnd.After(opt.AsOf) {
		return nil, model.Invalid("holdout_end", opt.HoldoutEnd.Format("2006-01-02"), "must be after the calibration end")
	}
	fit, err := s.FitCLV(ctx, CLVFitOptions{AsOf: opt.AsOf, HoldoutEnd: opt.HoldoutEnd, Unit: opt.Unit, Model: ModelBGNBD})
	if err != nil {
		return nil, err
	}
	sum, rev, err := s.repeatSummary(ctx, opt.AsOf, opt.HoldoutEnd, opt.Unit)
	if err != nil {
		return nil, err
	}
	bg, err := clv.FitBGNBD(sum.X, sum.Tx, sum.T, clv.FitOptions{})
	if err != nil {
		return nil, err
	}
	gg, err := clv.FitGammaGamma(sum.X, sum.Zbar, clv.FitOptions{})
	if err != nil {
		return nil, err
	}
	periods := float64(civil(opt.HoldoutEnd)-civil(opt.AsOf)) / float64(opt.Unit)
	months := max(1, int(math.Round(periods/opt.Unit.PerMonth())))
	co := clv.DefaultCLVOptions(opt.Unit)
	co.Months, co.MonthlyDiscount = months, 0 // undiscounted: compared with revenue actually earned
	sc, err := clv.Score(bg, &gg, sum.X, sum.Tx, sum.T, sum.Zbar, clv.ScoreOptions{Horizon: periods, CLV: co})
	if err != nil {
		return nil, err
	}
	score := make([]float64, len(sc.CLV))
	for i, v := range sc.CLV {
		if math.IsNaN(v) {
			v = 0
		}
		score[i] = v
	}
	g, err := validation.GainsByScore(score, rev, 10)
	if err != nil {
		return nil, fmt.Errorf("lift table: %w", err)
	}
	out := &ValidateResult{AsOf: opt.AsOf.Format("2006-01-02"), HoldoutEnd: opt.HoldoutEnd.Format("2006-01-02"),
		Customers: sum.Len(), Purchases: fit, CLVDeciles: GainsBins(g), Months: months}
	if len(g.Rows) > 0 {
		out.TopDecile = g.Rows[0].RevenueShare
	}
	if out.ValueTiers, err = s.tierLift(ctx, opt); err != nil {
		return nil, err
	}
	return out, nil
}

// tierLift classifies the customers by the active value_tier scheme as of
// the calibration end and reports the share of the holdout period's net
// spend each tier captured: does the classification predict business
// outcomes?
func (s *Service) tierLift(ctx context.Context, opt ValidateOptions) ([]GainsBin, error) {
	schemes, _, err := s.ActiveSchemes(ctx)
	if err != nil {
		return nil, err
	}
	var vt *classify.Scheme
	for _, sc := range schemes {
		if sc.Name == "value_tier" {
			vt = sc
		}
	}
	if vt == nil {
		return nil, nil // the user disabled it
	}
	in, ids, err := s.LoadInput(ctx, opt.AsOf)
	if err != nil {
		return nil, err
	}
	tab, err := metrics.Compute(in)
	if err != nil {
		return nil, err
	}
	res, err := classify.Apply(vt, tab, opt.AsOf, RuleSchema())
	if err != nil {
		return nil, err
	}
	calCut, holdCut := Cutoff(opt.AsOf, s.loc).Unix(), Cutoff(opt.HoldoutEnd, s.loc).Unix()
	rev := map[int64]float64{}
	err = s.st.ScanOrders(ctx, holdCut, func(f *store.OrderFact) error {
		if f.At >= calCut && f.Status == 1 {
			rev[f.Customer] += model.Money(f.Amount).Float()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows := tab.InputRows()
	tiers := make([]string, tab.Len())
	revenue := make([]float64, tab.Len())
	for i := range tiers {
		c, _ := res.ClassOf(i)
		tiers[i] = c.Label("en")
		revenue[i] = rev[ids[rows[i]]]
	}
	order := make([]string, len(res.Used.Classes))
	for i, c := range res.Used.Classes {
		order[i] = c.Label("en")
	}
	g, err := validation.GainsByTier(tiers, revenue, order)
	if err != nil {
		return nil, err
	}
	return GainsBins(g), nil
}
