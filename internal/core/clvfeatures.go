package core

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"strata/internal/ingest"
	"strata/internal/model"

	"strata/internal/analytics/clv"
	"strata/internal/classify"
	"strata/internal/metrics"
	"strata/internal/rules"
)

// CLVFields are the model-based fields a run adds to the metric table.
var CLVFields = []string{"p_alive", "expected_purchases_90d", "clv"}

// CLVModel is the lifetime-value model a run fitted (in days), stored with
// the run.
type CLVModel struct {
	R, Alpha, A, B float64
	P, Q, V        float64
	// SE holds the standard errors of R, Alpha, A, B, P, Q, V (JSON null
	// where the Hessian was not definite).
	SE        [7]*float64 `json:"standard_errors"`
	LogLik    float64     `json:"log_likelihood"`
	Customers int         `json:"customers"`
	Error     string      `json:"error,omitempty"`
}

// clvFeatures fits BG/NBD and Gamma-Gamma on the table's repeat-purchase
// columns (days) and scores every buyer: P(alive), expected purchases in
// the next 90 days and the 12-month CLV at 1 % a month. The mean repeat
// value is approximated by net spend per purchase day (the table does not
// separate the first purchase's value). Non-buyers get NaN. When a model
// cannot be fitted (e.g. nobody bought twice) the columns are NaN and the
// reason is in CLVModel.Error.
func clvFeatures(tab *metrics.Table) (map[string][]float64, CLVModel) {
	return clvFeaturesWith(tab, clv.DefaultCLVOptions(clv.Days))
}

// clvFeaturesWith is clvFeatures with a chosen CLV horizon and discount.
func clvFeaturesWith(tab *metrics.Table, co clv.CLVOptions) (map[string][]float64, CLVModel) {
	n := tab.Len()
	out := map[string][]float64{}
	for _, f := range CLVFields {
		c := make([]float64, n)
		for i := range c {
			c[i] = math.NaN()
		}
		out[f] = c
	}
	x, _ := tab.Num("repeat_x")
	tx, _ := tab.Num("repeat_tx_days")
	T, _ := tab.Num("repeat_T_days")
	mon, _ := tab.Num("monetary")
	pd, _ := tab.Num("purchase_days")
	var rows []int
	var bx, btx, bT, bz []float64
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(T[i]) {
			continue
		}
		rows = append(rows, i)
		z := 0.0
		if x[i] > 0 && pd[i] > 0 && mon[i] > 0 {
			z = mon[i] / pd[i]
		}
		bx, btx, bT, bz = append(bx, x[i]), append(btx, tx[i]), append(bT, T[i]), append(bz, z)
	}
	var m CLVModel
	m.Customers = len(rows)
	if len(rows) == 0 {
		m.Error = "no buyers"
		return out, m
	}
	bg, err := clv.FitBGNBD(bx, btx, bT, clv.FitOptions{})
	if err != nil {
		m.Error = err.Error()
		return out, m
	}
	m.R, m.Alpha, m.A, m.B, m.LogLik = bg.R, bg.Alpha, bg.A, bg.B, bg.LogLik
	for k, v := range bg.SE {
		m.SE[k] = finite(v)
	}
	var gg *clv.GammaGamma
	if g, err := clv.FitGammaGamma(bx, bz, clv.FitOptions{}); err == nil {
		gg = &g
		m.P, m.Q, m.V = g.P, g.Q, g.V
		for k, v := range g.SE {
			m.SE[4+k] = finite(v)
		}
	} else {
		m.Error = "gamma-gamma: " + err.Error()
	}
	sc, err := clv.Score(bg, gg, bx, btx, bT, bz, clv.ScoreOptions{Horizon: 90, CLV: co})
	if err != nil {
		m.Error = err.Error()
		return out, m
	}
	for k, i := range rows {
		out["p_alive"][i] = sc.PAlive[k]
		out["expected_purchases_90d"][i] = sc.Expected[k]
		if sc.CLV != nil {
			out["clv"][i] = sc.CLV[k]
		}
	}
	return out, m
}

// withExtra is a feature table plus extra numeric columns.
type withExtra struct {
	*metrics.Table
	extra map[string][]float64
}

func (w withExtra) Num(field string) ([]float64, bool) {
	if c, ok := w.extra[field]; ok {
		return c, true
	}
	return w.Table.Num(field)
}

// BuiltinSchemes is the classify library plus the schemes on model-based
// fields: churn risk on P(alive) and CLV tiers.
func BuiltinSchemes() []*classify.Scheme {
	prospect := classify.Class{Key: classify.Prospect, Zh: "潜在客户", En: "Prospect", Description: "No purchase: no model score."}
	return append(classify.Builtin(),
		&classify.Scheme{Name: "churn_risk", Zh: "流失风险", En: "Churn risk", Method: classify.MethodRules, Fallback: classify.Prospect,
			Description: "BG/NBD probability that the customer is still active (p_alive).",
			Classes: []classify.Class{
				{Key: "high", Zh: "高流失风险", En: "High risk", Rule: "p_alive < 0.3"},
				{Key: "medium", Zh: "中流失风险", En: "Medium risk", Rule: "p_alive < 0.7"},
				{Key: "low", Zh: "低流失风险", En: "Low risk", Rule: "p_alive >= 0.7"},
				prospect,
			}},
		&classify.Scheme{Name: "clv_tier", Zh: "终身价值等级", En: "CLV tier", Method: classify.MethodValueTier,
			Params:      classify.Params{Basis: "clv"},
			Description: "By cumulative share of predicted 12-month CLV (BG/NBD + Gamma-Gamma): top 50 % high, next 30 % medium.",
			Classes: []classify.Class{
				{Key: classify.High, Zh: "高终身价值", En: "High CLV"},
				{Key: classify.Medium, Zh: "中终身价值", En: "Medium CLV"},
				{Key: classify.Low, Zh: "低终身价值", En: "Low CLV"},
				prospect,
			}})
}

func addCLVSchema(s rules.Schema) rules.Schema {
	for _, f := range CLVFields {
		s[f] = rules.Number
	}
	return s
}

// Predictions are every buyer's lifetime-value predictions as of a date.
type Predictions struct {
	Model CLVModel
	Rows  []Prediction
}

// Prediction is one customer's model scores.
type Prediction struct {
	CustomerID string  `json:"customer_id"`
	PAlive     float64 `json:"p_alive"`
	Expected90 float64 `json:"expected_purchases_90d"`
	CLV        float64 `json:"clv"`
}

// PredictCLV fits the models on everything known by asOf and scores every
// buyer, highest CLV first.
func (s *Service) PredictCLV(ctx context.Context, asOf time.Time, months int, monthlyDiscount float64) (*Predictions, error) {
	co := clv.DefaultCLVOptions(clv.Days)
	co.Months, co.MonthlyDiscount = months, monthlyDiscount
	if err := co.Validate(); err != nil {
		return nil, err
	}
	tab, _, _, err := s.features(ctx, asOf)
	if err != nil {
		return nil, err
	}
	cols, m := clvFeaturesWith(tab, co)
	if m.Error != "" && m.R == 0 {
		return nil, fmt.Errorf("lifetime-value model: %s: %w", m.Error, model.ErrInvalid)
	}
	p := &Predictions{Model: m}
	ids := tab.IDs()
	for i, v := range cols["p_alive"] {
		if math.IsNaN(v) {
			continue
		}
		c := cols["clv"][i]
		if math.IsNaN(c) {
			c = 0
		}
		p.Rows = append(p.Rows, Prediction{CustomerID: ids[i], PAlive: v, Expected90: cols["expected_purchases_90d"][i], CLV: c})
	}
	sort.SliceStable(p.Rows, func(a, b int) bool { return p.Rows[a].CLV > p.Rows[b].CLV })
	return p, nil
}

// Top returns the first n predictions.
func (p *Predictions) Top(n int) []Prediction { return p.Rows[:min(n, len(p.Rows))] }

// Write writes every prediction as a table.
func (p *Predictions) Write(w io.Writer, format string) (int, error) {
	tw, err := ingest.NewWriter(w, format, []ingest.Column{{Name: "customer_id"}, {Name: "p_alive", Numeric: true},
		{Name: "expected_purchases_90d", Numeric: true}, {Name: "clv", Numeric: true}})
	if err != nil {
		return 0, err
	}
	for _, r := range p.Rows {
		if err := tw.Write([]string{r.CustomerID, formatMetric(r.PAlive), formatMetric(r.Expected90), formatMetric(r.CLV)}); err != nil {
			tw.Close()
			return 0, err
		}
	}
	return len(p.Rows), tw.Close()
}
