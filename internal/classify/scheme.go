// Package classify turns the per-customer feature table into classes.
// A scheme is data, not code: an ordered list of classes with labels in
// Chinese and English, and either rules in the segment rule language
// (first match wins, then the fallback) or a named method with parameters
// (RFM scores, the Chinese 8-class RFM model, value tiers …). Every
// customer gets exactly one class per scheme, and every assignment can be
// explained from the customer's metric values and the thresholds the run
// used, which the run stores.
//
// The package is pure: features in, class indexes and thresholds out.
package classify

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"strata/internal/model"
	"strata/internal/rules"
)

// Method names how a scheme assigns classes.
type Method string

// The methods.
const (
	MethodRules         Method = "rules"          // user rules, first match, fallback
	MethodRFMScore      Method = "rfm_score"      // RFM cell "RFM" from quintile scores
	MethodRFM8          Method = "rfm8"           // the Chinese 8-class RFM model
	MethodRFMSegments   Method = "rfm_segments"   // named segments on the R×F grid
	MethodValueTier     Method = "value_tier"     // 重要价值/一般价值/低价值
	MethodFrequencyTier Method = "frequency_tier" // 高频/中频/低频
	MethodLifecycle     Method = "lifecycle"      // prospect/new/active/at risk/churned/won back
	MethodLoyalty       Method = "loyalty"        // 忠诚/较忠诚/一般/非忠诚
	MethodNeeds         Method = "needs"          // 功能/品质/价格/服务
	MethodKeyAccount    Method = "key_account"    // 关键/重要/一般
	MethodGroupBy       Method = "group_by"       // one class per value of a field
)

// Class is one class of a scheme. Key is stable (it is what snapshots and
// migration matrices refer to); Zh and En are the labels.
type Class struct {
	Key         string `json:"key" yaml:"key"`
	Zh          string `json:"zh" yaml:"zh"`
	En          string `json:"en" yaml:"en"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	Rule        string `json:"rule,omitempty" yaml:"rule,omitempty"`
}

// Label returns the class label in lang ("zh-CN" or "en").
func (c Class) Label(lang string) string {
	if strings.HasPrefix(lang, "zh") && c.Zh != "" {
		return c.Zh
	}
	if c.En != "" {
		return c.En
	}
	return c.Key
}

// Params tunes a method; zero values mean the documented default.
type Params struct {
	// Window restricts F and M to the metric window (frequency_window,
	// monetary_window) in the RFM methods.
	Window bool `json:"window,omitempty" yaml:"window,omitempty"`
	// Cuts fixes RFM cut points instead of population quintiles: four
	// ascending values each for recency days, frequency and monetary.
	Cuts *RFMCuts `json:"cuts,omitempty" yaml:"cuts,omitempty"`
	// Mode selects the threshold rule: rfm8 "mean" (default), "score" or
	// "fixed"; value_tier "share" (default) or "fixed"; frequency_tier
	// "quantile" (default) or "fixed".
	Mode string `json:"mode,omitempty" yaml:"mode,omitempty"`
	// ScoreThreshold is the rfm8 "score" mode cut (default 3: score ≥ 3 is high).
	ScoreThreshold float64 `json:"score_threshold,omitempty" yaml:"score_threshold,omitempty"`
	// RecentDays, HighFrequency, HighMonetary are rfm8 "fixed" business values.
	RecentDays    float64 `json:"recent_days,omitempty" yaml:"recent_days,omitempty"`
	HighFrequency float64 `json:"high_frequency,omitempty" yaml:"high_frequency,omitempty"`
	HighMonetary  float64 `json:"high_monetary,omitempty" yaml:"high_monetary,omitempty"`
	// Basis is the value measured: value_tier "monetary" (default) or
	// "profit"; frequency_tier "frequency" (default) or "purchase_days".
	Basis string `json:"basis,omitempty" yaml:"basis,omitempty"`
	// HighShare and MediumShare: value_tier cumulative value shares
	// (defaults 0.5 and 0.8); frequency_tier quantiles (0.8 and 0.4);
	// key_account head-count shares (0.01 and 0.05).
	HighShare   float64 `json:"high_share,omitempty" yaml:"high_share,omitempty"`
	MediumShare float64 `json:"medium_share,omitempty" yaml:"medium_share,omitempty"`
	// HighMin and MediumMin are "fixed" mode thresholds (value ≥ HighMin is high).
	HighMin   float64 `json:"high_min,omitempty" yaml:"high_min,omitempty"`
	MediumMin float64 `json:"medium_min,omitempty" yaml:"medium_min,omitempty"`
	// Lifecycle: NewDays (90), AtRiskFactor (2), ChurnFactor (4) times the
	// customer's purchase rhythm, WonBackDays (90), MinRhythmDays (14).
	NewDays       float64 `json:"new_days,omitempty" yaml:"new_days,omitempty"`
	AtRiskFactor  float64 `json:"at_risk_factor,omitempty" yaml:"at_risk_factor,omitempty"`
	ChurnFactor   float64 `json:"churn_factor,omitempty" yaml:"churn_factor,omitempty"`
	WonBackDays   float64 `json:"won_back_days,omitempty" yaml:"won_back_days,omitempty"`
	MinRhythmDays float64 `json:"min_rhythm_days,omitempty" yaml:"min_rhythm_days,omitempty"`
	// Needs: PriceShare (0.15 discount share), QualityShare (0.4 premium
	// share), ServiceTicketRate (3 tickets a year), ServiceComplaints (2).
	PriceShare        float64 `json:"price_share,omitempty" yaml:"price_share,omitempty"`
	QualityShare      float64 `json:"quality_share,omitempty" yaml:"quality_share,omitempty"`
	ServiceTicketRate float64 `json:"service_ticket_rate,omitempty" yaml:"service_ticket_rate,omitempty"`
	ServiceComplaints float64 `json:"service_complaints,omitempty" yaml:"service_complaints,omitempty"`
	// Key accounts: tags that make a customer key or important regardless
	// of rank.
	KeyTags       []string `json:"key_tags,omitempty" yaml:"key_tags,omitempty"`
	ImportantTags []string `json:"important_tags,omitempty" yaml:"important_tags,omitempty"`
	// Field is the group_by field (a string metric such as region).
	Field string `json:"field,omitempty" yaml:"field,omitempty"`
}

// RFMCuts are fixed RFM cut points, four ascending values per dimension.
type RFMCuts struct {
	R []float64 `json:"r" yaml:"r"`
	F []float64 `json:"f" yaml:"f"`
	M []float64 `json:"m" yaml:"m"`
}

// Scheme is a classification scheme.
type Scheme struct {
	Name        string  `json:"name" yaml:"name"`
	Zh          string  `json:"zh" yaml:"zh"`
	En          string  `json:"en" yaml:"en"`
	Description string  `json:"description,omitempty" yaml:"description,omitempty"`
	Method      Method  `json:"method" yaml:"method"`
	Params      Params  `json:"params,omitzero" yaml:"params,omitempty"`
	Classes     []Class `json:"classes" yaml:"classes"`
	// Fallback is the class of customers no rule matches (rules method).
	Fallback string `json:"fallback,omitempty" yaml:"fallback,omitempty"`
}

// Class returns the class with key, or false.
func (s *Scheme) Class(key string) (Class, bool) {
	for _, c := range s.Classes {
		if c.Key == key {
			return c, true
		}
	}
	return Class{}, false
}

// MaxRules bounds a rules scheme.
const MaxRules = 200

// Validate checks the scheme; errors name the path of the bad element, e.g.
// `classes[3].rule: 1:5: unknown field "monetry"`.
func (s *Scheme) Validate(schema rules.Schema) error {
	bad := func(path, reason string) error { return &model.ValidationError{Field: path, Reason: reason} }
	if s.Name == "" || len(s.Name) > 64 || strings.ContainsAny(s.Name, " \t\n/\\") {
		return bad("name", "must be 1–64 characters without spaces or slashes")
	}
	m, ok := methods[s.Method]
	if !ok {
		return bad("method", fmt.Sprintf("unknown method %q", s.Method))
	}
	seen := map[string]bool{}
	for i, c := range s.Classes {
		if c.Key == "" {
			return bad(fmt.Sprintf("classes[%d].key", i), "is required")
		}
		if seen[c.Key] {
			return bad(fmt.Sprintf("classes[%d].key", i), fmt.Sprintf("duplicate class %q", c.Key))
		}
		seen[c.Key] = true
		if s.Method != MethodRules && c.Rule != "" {
			return bad(fmt.Sprintf("classes[%d].rule", i), "only rules schemes have rules")
		}
	}
	if len(s.Classes) >= 1<<15 {
		return bad("classes", "too many classes")
	}
	if s.Method == MethodRules {
		if len(s.Classes) > MaxRules {
			return bad("classes", fmt.Sprintf("at most %d rules", MaxRules))
		}
		if !seen[s.Fallback] {
			return bad("fallback", fmt.Sprintf("%q is not one of the classes", s.Fallback))
		}
		for i, c := range s.Classes {
			if c.Key == s.Fallback {
				continue
			}
			if c.Rule == "" {
				return bad(fmt.Sprintf("classes[%d].rule", i), "is required (every class but the fallback needs a rule)")
			}
			if _, err := rules.Compile(c.Rule, schema); err != nil {
				return bad(fmt.Sprintf("classes[%d].rule", i), err.Error())
			}
		}
		return nil
	}
	if s.Fallback != "" {
		return bad("fallback", "only rules schemes have a fallback")
	}
	return m.validate(s, seen, schema)
}

// ParseScheme reads a scheme from JSON or YAML (JSON is YAML, so YAML
// parsing serves both) and validates it.
func ParseScheme(data []byte, schema rules.Schema) (*Scheme, error) {
	if len(data) > 1<<20 {
		return nil, &model.ValidationError{Field: "scheme", Reason: "file larger than 1 MiB"}
	}
	var s Scheme
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, &model.ValidationError{Field: "scheme", Reason: err.Error()}
	}
	if err := s.Validate(schema); err != nil {
		return nil, err
	}
	return &s, nil
}

// JSON is the canonical stored form of the scheme.
func (s *Scheme) JSON() []byte {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // only plain values
	}
	return b
}

// YAML is the editable form of the scheme.
func (s *Scheme) YAML() []byte {
	b, err := yaml.Marshal(s)
	if err != nil {
		panic(err)
	}
	return b
}
