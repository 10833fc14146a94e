package classify

import (
	"math"
	"slices"
	"time"

	"strata/internal/model"
	"strata/internal/rules"
)

// Tier keys shared by the tier schemes.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

// ---- value_tier: 重要价值/一般价值/低价值 ----

type valueTier struct{}

func init() { methods[MethodValueTier] = valueTier{} }

func valueBasis(s *Scheme) string {
	if s.Params.Basis == "" {
		return "monetary"
	}
	return s.Params.Basis
}

func (valueTier) validate(s *Scheme, keys map[string]bool, schema rules.Schema) error {
	switch s.Params.Basis {
	case "", "monetary", "profit":
	default:
		if t, ok := schema[s.Params.Basis]; !ok || t != rules.Number {
			return &model.ValidationError{Field: "params.basis", Value: s.Params.Basis, Reason: "must be monetary, profit or another numeric field (e.g. clv)"}
		}
	}
	switch s.Params.Mode {
	case "", "share":
		h, m := or(s.Params.HighShare, 0.5), or(s.Params.MediumShare, 0.8)
		if !(0 < h && h < m && m <= 1) {
			return &model.ValidationError{Field: "params", Reason: "need 0 < high_share < medium_share ≤ 1"}
		}
	case "fixed":
		if !(s.Params.HighMin > s.Params.MediumMin) {
			return &model.ValidationError{Field: "params", Reason: "fixed mode needs high_min > medium_min"}
		}
	default:
		return &model.ValidationError{Field: "params.mode", Value: s.Params.Mode, Reason: "must be share or fixed"}
	}
	return needKeys(keys, High, Medium, Low, Prospect)
}

// ShareCuts turns cumulative-value shares into value thresholds. Customers
// are ranked by value, highest first; a customer is high when the value of
// the customers ranked above it is below highShare of the total (so the
// customer that crosses the line is still high), medium likewise with
// mediumShare. Equal values always share a tier: the thresholds are the
// values of the last high and last medium customer, and "value ≥ threshold"
// decides. Only positive values count towards the total.
func ShareCuts(values []float64, highShare, mediumShare float64) (highMin, mediumMin float64) {
	var v []float64
	for _, x := range values {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	radixSort(v)
	return shareCutsSorted(v, highShare, mediumShare)
}

// shareCutsSorted is ShareCuts on ascending values.
func shareCutsSorted(asc []float64, highShare, mediumShare float64) (highMin, mediumMin float64) {
	total := 0.0
	for _, x := range asc {
		if x > 0 {
			total += x
		}
	}
	highMin, mediumMin = math.Inf(1), math.Inf(1)
	cum := 0.0
	for i := len(asc) - 1; i >= 0 && asc[i] > 0; i-- {
		x := asc[i]
		if cum < highShare*total {
			highMin = x
		}
		if cum < mediumShare*total {
			mediumMin = x
		} else {
			break
		}
		cum += x
	}
	return highMin, mediumMin
}

func (valueTier) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	return applyTiers(s, f, valueBasis(s), true, func(asc []float64) (float64, float64) {
		return shareCutsSorted(asc, or(s.Params.HighShare, 0.5), or(s.Params.MediumShare, 0.8))
	}, cache)
}

// applyTiers assigns high/medium/low by "value ≥ threshold" (prospects
// apart); cuts derives the thresholds from the buyers' ascending values
// unless the scheme fixes them. With positiveOnly a value must also be
// above zero to be high or medium.
func applyTiers(s *Scheme, f Features, basis string, positiveOnly bool, cuts func(asc []float64) (float64, float64), cache *sortedCache) (*Result, error) {
	has, err := col(f, "has_purchase")
	if err != nil {
		return nil, err
	}
	v, err := col(f, basis)
	if err != nil {
		return nil, err
	}
	hi, med := s.Params.HighMin, s.Params.MediumMin
	if s.Params.Mode != "fixed" {
		asc, err := cache.buyers(f, basis)
		if err != nil {
			return nil, err
		}
		hi, med = cuts(asc)
	}
	idx := indexOf(s.Classes)
	pros, high, medium, low := idx[Prospect], idx[High], idx[Medium], idx[Low]
	out := make([]uint16, len(v))
	has = has[:len(v)]
	for i, x := range v { // selects, not branches: the classes are mixed at random
		ok := !positiveOnly || x > 0
		c := choose(x >= med && ok, medium, low)
		c = choose(x >= hi && ok, high, c)
		out[i] = choose(has[i] == 1, c, pros)
	}
	return &Result{Used: Used{Values: map[string]float64{"high_min": hi, "medium_min": med}, Classes: s.Classes}, Class: out}, nil
}

func (valueTier) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	if r.Num("has_purchase") != 1 {
		return Reason{Zh: "无购买记录", En: "no purchase yet"}
	}
	basis := valueBasis(s)
	v := r.Num(basis)
	hi, med := u.Values["high_min"], u.Values["medium_min"]
	label := map[string]string{"monetary": "净消费", "profit": "利润", "clv": "预测终身价值"}[basis]
	if label == "" {
		label = basis
	}
	return Reason{Inputs: inputs(basis, v, "high_min", hi, "medium_min", med),
		Zh: sprintf("%s %s；高价值线 %s，中价值线 %s", label, money(v), money(hi), money(med)),
		En: sprintf("%s %s; high from %s, medium from %s", basis, money(v), money(hi), money(med))}
}

// ---- frequency_tier: 高频/中频/低频 ----

type frequencyTier struct{}

func init() { methods[MethodFrequencyTier] = frequencyTier{} }

func freqBasis(s *Scheme) string {
	if s.Params.Basis == "purchase_days" {
		return "purchase_days"
	}
	return "frequency"
}

func (frequencyTier) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	switch s.Params.Basis {
	case "", "frequency", "purchase_days":
	default:
		return &model.ValidationError{Field: "params.basis", Value: s.Params.Basis, Reason: "must be frequency or purchase_days"}
	}
	switch s.Params.Mode {
	case "", "quantile":
		h, m := or(s.Params.HighShare, 0.8), or(s.Params.MediumShare, 0.4)
		if !(0 < m && m < h && h < 1) {
			return &model.ValidationError{Field: "params", Reason: "need 0 < medium_share < high_share < 1 (quantiles)"}
		}
	case "fixed":
		if !(s.Params.HighMin > s.Params.MediumMin) {
			return &model.ValidationError{Field: "params", Reason: "fixed mode needs high_min > medium_min"}
		}
	default:
		return &model.ValidationError{Field: "params.mode", Value: s.Params.Mode, Reason: "must be quantile or fixed"}
	}
	return needKeys(keys, High, Medium, Low, Prospect)
}

// Frequency tiers: high when the value is at least the high quantile
// (default the 80th percentile, type 7) of the buyers' values, medium when
// at least the medium quantile (40th), else low.
func (frequencyTier) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	return applyTiers(s, f, freqBasis(s), false, func(asc []float64) (float64, float64) {
		return Quantile7(asc, or(s.Params.HighShare, 0.8)), Quantile7(asc, or(s.Params.MediumShare, 0.4))
	}, cache)
}

func (frequencyTier) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	if r.Num("has_purchase") != 1 {
		return Reason{Zh: "无购买记录", En: "no purchase yet"}
	}
	basis := freqBasis(s)
	v := r.Num(basis)
	hi, med := u.Values["high_min"], u.Values["medium_min"]
	return Reason{Inputs: inputs(basis, v, "high_min", hi, "medium_min", med),
		Zh: sprintf("购买 %s 次；高频线 %s，中频线 %s", num(v), num(hi), num(med)),
		En: sprintf("%s %s; high from %s, medium from %s", basis, num(v), num(hi), num(med))}
}

// ---- key_account: 关键/重要/一般 ----

// Key-account tiers: key = top key share (1 %) of buyers by net spend or a
// key tag (企业客户); important = top important share (5 %) or an important
// tag (VIP); everyone else, prospects included, general. Ranks use the
// spend threshold of the last customer inside the share, so equal spend
// shares a tier.
const (
	KeyAccount       = "key"
	ImportantAccount = "important"
	GeneralAccount   = "general"
)

type keyAccount struct{}

func init() { methods[MethodKeyAccount] = keyAccount{} }

func (keyAccount) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	k, i := or(s.Params.HighShare, 0.01), or(s.Params.MediumShare, 0.05)
	if !(0 < k && k < i && i < 1) {
		return &model.ValidationError{Field: "params", Reason: "need 0 < high_share < medium_share < 1 (head-count shares)"}
	}
	return needKeys(keys, KeyAccount, ImportantAccount, GeneralAccount)
}

// topCut is the value of the last customer inside the top share of buyers
// with a positive value (asc is ascending).
func topCut(asc []float64, share float64) float64 {
	lo, _ := slices.BinarySearch(asc, math.SmallestNonzeroFloat64)
	b := asc[lo:]
	if len(b) == 0 {
		return math.Inf(1)
	}
	n := int(math.Ceil(share * float64(len(b))))
	return b[len(b)-max(n, 1)]
}

func hasAny(tags []string, set []string) bool {
	for _, t := range tags {
		if slices.Contains(set, t) {
			return true
		}
	}
	return false
}

func keyTags(s *Scheme) (key, imp []string) {
	key, imp = s.Params.KeyTags, s.Params.ImportantTags
	if key == nil {
		key = []string{"企业客户", "key_account"}
	}
	if imp == nil {
		imp = []string{"VIP", "vip"}
	}
	return key, imp
}

func (keyAccount) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	has, err := col(f, "has_purchase")
	if err != nil {
		return nil, err
	}
	m, err := col(f, "monetary")
	if err != nil {
		return nil, err
	}
	asc, err := cache.buyers(f, "monetary")
	if err != nil {
		return nil, err
	}
	kc, ic := topCut(asc, or(s.Params.HighShare, 0.01)), topCut(asc, or(s.Params.MediumShare, 0.05))
	kt, it := keyTags(s)
	tags := f.Tags()
	idx := indexOf(s.Classes)
	key, important, general := idx[KeyAccount], idx[ImportantAccount], idx[GeneralAccount]
	out := make([]uint16, len(m))
	has = has[:len(m)]
	if tags != nil {
		tags = tags[:len(m)]
	}
	for i, v := range m {
		// Key when a buyer's spend reaches the key cut or a key tag is
		// set, else important likewise, else general: flags and selects,
		// since who reaches which cut is close to random; the tags are
		// looked at only for customers that have some.
		buyer := b2i(has[i] == 1) & b2i(v > 0)
		isKey, isImportant := buyer&b2i(v >= kc), buyer&b2i(v >= ic)
		if tags != nil && len(tags[i]) > 0 {
			isKey |= b2i(hasAny(tags[i], kt))
			isImportant |= b2i(hasAny(tags[i], it))
		}
		out[i] = choose(isKey != 0, key, choose(isImportant != 0, important, general))
	}
	return &Result{Used: Used{Values: map[string]float64{"key_min": kc, "important_min": ic}, Classes: s.Classes}, Class: out}, nil
}

func (keyAccount) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	m := r.Num("monetary")
	kc, ic := u.Values["key_min"], u.Values["important_min"]
	rs := Reason{Inputs: inputs("monetary", m, "key_min", kc, "important_min", ic),
		Zh: sprintf("净消费 %s；关键客户线 %s，重要客户线 %s", money(m), money(kc), money(ic)),
		En: sprintf("net spend %s; key from %s, important from %s", money(m), money(kc), money(ic))}
	if (class == KeyAccount && !(m >= kc)) || (class == ImportantAccount && !(m >= ic)) {
		rs.Zh += "（按标签）"
		rs.En += " (by tag)"
	}
	return rs
}
