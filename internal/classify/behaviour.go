package classify

import (
	"math"
	"slices"
	"time"

	"strata/internal/model"
	"strata/internal/rules"
)

// ---- lifecycle ----

// Lifecycle classes.
const (
	LifeNew     = "new"
	LifeActive  = "active"
	LifeAtRisk  = "at_risk"
	LifeChurned = "churned"
	LifeWonBack = "won_back"
)

// Lifecycle rules, in order (first that applies):
//
//	prospect  no purchase up to the as-of date
//	new       first purchase within NewDays (90) of the as-of date
//	won_back  bought within WonBackDays (90) after a gap longer than the
//	          churn threshold (gap_before_last_days > ChurnFactor × rhythm)
//	churned   recency_days > ChurnFactor (4) × rhythm
//	at_risk   recency_days > AtRiskFactor (2) × rhythm
//	active    otherwise
//
// The rhythm is the customer's own mean inter-purchase interval; one-time
// buyers (and customers whose interval is shorter than MinRhythmDays, 14)
// use the population median interval of repeat buyers, floored at
// MinRhythmDays.
type lifecycle struct{}

func init() { methods[MethodLifecycle] = lifecycle{} }

func (lifecycle) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	p := s.Params
	if or(p.AtRiskFactor, 2) >= or(p.ChurnFactor, 4) || p.NewDays < 0 || p.WonBackDays < 0 || p.MinRhythmDays < 0 {
		return &model.ValidationError{Field: "params", Reason: "need at_risk_factor < churn_factor and non-negative day counts"}
	}
	return needKeys(keys, Prospect, LifeNew, LifeActive, LifeAtRisk, LifeChurned, LifeWonBack)
}

func lifeParams(s *Scheme) (newDays, atRisk, churn, wonBack, minRhythm float64) {
	p := s.Params
	return or(p.NewDays, 90), or(p.AtRiskFactor, 2), or(p.ChurnFactor, 4), or(p.WonBackDays, 90), or(p.MinRhythmDays, 14)
}

func (lifecycle) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	cols := map[string][]float64{}
	for _, n := range []string{"has_purchase", "recency_days", "repeat_T_days", "interpurchase_days", "gap_before_last_days"} {
		c, err := col(f, n)
		if err != nil {
			return nil, err
		}
		cols[n] = c
	}
	newDays, atRisk, churn, wonBack, minRhythm := lifeParams(s)
	med, err := cache.quantile(f, "interpurchase_days", 0.5)
	if err != nil {
		return nil, err
	}
	pop := math.Max(med, minRhythm)
	if math.IsNaN(pop) {
		pop = 90 // no repeat buyer at all: a quarter
	}
	u := map[string]float64{"new_days": newDays, "at_risk_factor": atRisk, "churn_factor": churn,
		"won_back_days": wonBack, "min_rhythm_days": minRhythm, "population_rhythm_days": pop}
	idx := indexOf(s.Classes)
	th := lifeThresholds(u)
	byKey := map[string]uint16{}
	for _, k := range []string{Prospect, LifeNew, LifeActive, LifeAtRisk, LifeChurned, LifeWonBack} {
		byKey[k] = idx[k]
	}
	code := [8]uint16{byKey[Prospect], byKey[LifeNew], byKey[LifeWonBack], byKey[LifeChurned], byKey[LifeAtRisk], byKey[LifeActive]}
	out := make([]uint16, f.Len())
	th.classes(out, &code, cols["has_purchase"], cols["recency_days"], cols["repeat_T_days"], cols["interpurchase_days"], cols["gap_before_last_days"])
	return &Result{Used: Used{Values: u, Classes: s.Classes}, Class: out}, nil
}

func rhythm(u map[string]float64, ip float64) float64 {
	return lifeThresholds(u).rhythm(ip)
}

// lifeTh holds the lifecycle thresholds as plain fields for the hot loop.
type lifeTh struct{ newDays, atRisk, churn, wonBack, minRhythm, pop float64 }

func lifeThresholds(u map[string]float64) lifeTh {
	return lifeTh{u["new_days"], u["at_risk_factor"], u["churn_factor"], u["won_back_days"], u["min_rhythm_days"], u["population_rhythm_days"]}
}

// rhythm is the customer's own rhythm ip, or the population's when ip is
// unknown (NaN) or below the minimum.
func (t lifeTh) rhythm(ip float64) float64 {
	return rhythmOf(ip, t.minRhythm, math.Float64bits(t.pop))
}

// rhythmOf is rhythm with the population's rhythm as bits: a select of
// bit patterns, since a float select would branch.
func rhythmOf(ip, minRhythm float64, pop uint64) float64 {
	return math.Float64frombits(choose(b2i(ip != ip)|b2i(ip < minRhythm) != 0, pop, math.Float64bits(ip)))
}

// classes sets out[i] to code[c] for customer i's class c (0 prospect, 1
// new, 2 won back, 3 churned, 4 at risk, 5 active), from the customers'
// columns.
//
// The five tests are bits of an index into a table of the class that the
// first test to hold gives (as a switch in class order would), so that
// the loop has no branch: a class per customer is close to random, and
// branches would mispredict. (Selects on constants, choose(x > y, 4, c),
// compiled to branches once inlined into a loop.) The thresholds are
// locals and the columns are cut to one length, so that the loop keeps
// them in registers and checks no bounds: lifeTh has too many fields to
// live in registers.
func (t lifeTh) classes(out []uint16, code *[8]uint16, has, rec, sinceFirst, ip, gap []float64) {
	var table [32]uint16 // by prospect<<4 | new<<3 | wonBack<<2 | churned<<1 | atRisk
	for k := range table {
		c := 5 // active
		switch {
		case k&16 != 0:
			c = 0 // prospect
		case k&8 != 0:
			c = 1 // new
		case k&4 != 0:
			c = 2 // won back
		case k&2 != 0:
			c = 3 // churned
		case k&1 != 0:
			c = 4 // at risk
		}
		table[k] = code[c]
	}
	n := len(out)
	has, rec, sinceFirst, ip, gap = has[:n], rec[:n], sinceFirst[:n], ip[:n], gap[:n]
	newDays, atRisk, churn, wonBack, minRhythm, pop := t.newDays, t.atRisk, t.churn, t.wonBack, t.minRhythm, math.Float64bits(t.pop)
	for i := range out {
		rh, r := rhythmOf(ip[i], minRhythm, pop), rec[i]
		k := b2i(has[i] != 1)<<4 | b2i(sinceFirst[i] <= newDays)<<3 | b2i(r <= wonBack)&b2i(gap[i] > churn*rh)<<2 |
			b2i(r > churn*rh)<<1 | b2i(r > atRisk*rh)
		out[i] = table[k&31]
	}
}

func (lifecycle) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	v := u.Values
	has, rec, first, ip, gap := r.Num("has_purchase"), r.Num("recency_days"), r.Num("repeat_T_days"), r.Num("interpurchase_days"), r.Num("gap_before_last_days")
	in := inputs("recency_days", rec, "repeat_T_days", first, "interpurchase_days", ip, "gap_before_last_days", gap)
	if has != 1 {
		return Reason{Inputs: in, Zh: "尚无购买", En: "no purchase yet"}
	}
	rh := rhythm(v, ip)
	own := "自身购买节奏"
	ownEn := "own rhythm"
	if math.IsNaN(ip) || ip < v["min_rhythm_days"] {
		own, ownEn = "总体购买节奏", "population rhythm"
	}
	in["rhythm_days"] = rh
	switch class {
	case LifeNew:
		return Reason{Inputs: in, Zh: sprintf("首购于 %s 天前（≤ %s 天）", num(first), num(v["new_days"])),
			En: sprintf("first purchase %s d ago (≤ %s d)", num(first), num(v["new_days"]))}
	case LifeWonBack:
		return Reason{Inputs: in, Zh: sprintf("间隔 %s 天（> %s×%s %s 天）后于 %s 天前再次购买", num(gap), num(v["churn_factor"]), own, num(rh), num(rec)),
			En: sprintf("bought %s d ago after a %s d gap (> %s × %s %s d)", num(rec), num(gap), num(v["churn_factor"]), ownEn, num(rh))}
	}
	return Reason{Inputs: in,
		Zh: sprintf("距上次购买 %s 天；%s %s 天（风险线 ×%s，流失线 ×%s）", num(rec), own, num(rh), num(v["at_risk_factor"]), num(v["churn_factor"])),
		En: sprintf("%s d since last purchase; %s %s d (at risk × %s, churned × %s)", num(rec), ownEn, num(rh), num(v["at_risk_factor"]), num(v["churn_factor"]))}
}

// ---- loyalty: 忠诚/较忠诚/一般/非忠诚 ----

// Loyalty classes.
const (
	Loyal         = "loyal"
	FairlyLoyal   = "fairly_loyal"
	Ordinary      = "ordinary"
	NotLoyal      = "not_loyal"
	loyalMin      = 5
	fairlyLoyalMn = 3
	ordinaryMin   = 1
)

// LoyaltyPoints is the loyalty points model:
//
//	+1 repeat buyer (≥ 2 purchase days), +1 more with ≥ 4 purchase days
//	+1 tenure ≥ 365 days
//	+1 still buying: recency_days ≤ 180
//	NPS (latest answer, where surveyed): promoter (9–10) +2, passive (7–8)
//	+1, detractor (0–6) −1
//
// Loyal ≥ 5, fairly loyal 3–4, ordinary 1–2, not loyal ≤ 0.
func LoyaltyPoints(purchaseDays, tenure, recency, nps float64) int {
	var out [1]int8
	loyaltyPoints(out[:], []float64{purchaseDays}, []float64{tenure}, []float64{recency}, []float64{nps})
	return int(out[0])
}

// loyaltyPoints sets out[i] to LoyaltyPoints of customer i: one loop, since
// the function is too big to inline into the scheme's.
func loyaltyPoints(out []int8, purchaseDays, tenure, recency, nps []float64) {
	n := len(out)
	purchaseDays, tenure, recency, nps = purchaseDays[:n], tenure[:n], recency[:n], nps[:n]
	for i := range out {
		// Flags, not branches: the inputs vary at random between customers.
		// NPS: 9–10 +2, 7–8 +1, 0–6 −1, not surveyed (NaN) 0.
		pd, v := purchaseDays[i], nps[i]
		out[i] = int8(b2i(pd >= 2) + b2i(pd >= 4) + b2i(tenure[i] >= 365) + b2i(recency[i] <= 180) +
			b2i(v >= 9) + b2i(v >= 7) + b2i(v >= 7) - b2i(v == v))
	}
}

func loyaltyClass(points int) string {
	switch {
	case points >= loyalMin:
		return Loyal
	case points >= fairlyLoyalMn:
		return FairlyLoyal
	case points >= ordinaryMin:
		return Ordinary
	}
	return NotLoyal
}

type loyalty struct{}

func init() { methods[MethodLoyalty] = loyalty{} }

func (loyalty) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	return needKeys(keys, Prospect, Loyal, FairlyLoyal, Ordinary, NotLoyal)
}

func (loyalty) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	c := map[string][]float64{}
	for _, n := range []string{"has_purchase", "purchase_days", "tenure_days", "recency_days", "nps_latest"} {
		v, err := col(f, n)
		if err != nil {
			return nil, err
		}
		c[n] = v
	}
	idx := indexOf(s.Classes)
	pros := idx[Prospect]
	// Points range from −1 to 6; the class of each, looked up once.
	const minPoints, maxPoints = -1, 6
	var byPoints [maxPoints - minPoints + 1]uint16
	for p := minPoints; p <= maxPoints; p++ {
		byPoints[p-minPoints] = idx[loyaltyClass(p)]
	}
	n := f.Len()
	out := make([]uint16, n)
	pts := make([]float64, n)
	points := make([]int8, n)
	loyaltyPoints(points, c["purchase_days"], c["tenure_days"], c["recency_days"], c["nps_latest"])
	has, points, pts := c["has_purchase"][:len(out)], points[:len(out)], pts[:len(out)]
	nan := math.Float64bits(math.NaN())
	for i := range out { // LoyaltyPoints is within [minPoints, maxPoints] for any input
		buy, p := has[i] == 1, points[i]
		out[i] = choose(buy, byPoints[(int(p)-minPoints)&7], pros)
		pts[i] = math.Float64frombits(choose(buy, math.Float64bits(float64(p)), nan))
	}
	return &Result{Used: Used{Values: map[string]float64{"loyal_min": loyalMin, "fairly_loyal_min": fairlyLoyalMn, "ordinary_min": ordinaryMin}, Classes: s.Classes},
		Class: out, Extra: map[string][]float64{"loyalty_points": pts}}, nil
}

func (loyalty) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	if r.Num("has_purchase") != 1 {
		return Reason{Zh: "尚无购买", En: "no purchase yet"}
	}
	pd, ten, rec, nps := r.Num("purchase_days"), r.Num("tenure_days"), r.Num("recency_days"), r.Num("nps_latest")
	p := LoyaltyPoints(pd, ten, rec, nps)
	return Reason{Inputs: inputs("purchase_days", pd, "tenure_days", ten, "recency_days", rec, "nps_latest", nps, "loyalty_points", float64(p)),
		Zh: sprintf("忠诚积分 %d（购买天数 %s，客龄 %s 天，距上次购买 %s 天，NPS %s；≥5 忠诚，3–4 较忠诚，1–2 一般）", p, num(pd), num(ten), num(rec), num(nps)),
		En: sprintf("%d loyalty points (%s purchase days, tenure %s d, %s d since last purchase, NPS %s; ≥5 loyal, 3–4 fairly loyal, 1–2 ordinary)", p, num(pd), num(ten), num(rec), num(nps))}
}

// ---- needs: 功能导向/品质导向/价格敏感/服务主导 ----

// Needs: the stated survey preference when present; otherwise inferred,
// first match: service (complaints ≥ ServiceComplaints (2) or ticket_rate ≥
// ServiceTicketRate (3 a year)), price (discount_share ≥ PriceShare 0.15),
// quality (premium_share ≥ QualityShare 0.4), else function (also the
// default for customers with no behaviour to go on).
type needs struct{}

func init() { methods[MethodNeeds] = needs{} }

func (needs) validate(s *Scheme, keys map[string]bool, _ rules.Schema) error {
	return needKeys(keys, model.PrefFunction, model.PrefQuality, model.PrefPrice, model.PrefService)
}

func needsParams(s *Scheme) map[string]float64 {
	p := s.Params
	return map[string]float64{"price_share": or(p.PriceShare, 0.15), "quality_share": or(p.QualityShare, 0.4),
		"service_ticket_rate": or(p.ServiceTicketRate, 3), "service_complaints": or(p.ServiceComplaints, 2)}
}

// inferNeed returns the inferred need and which input decided it.
func inferNeed(u map[string]float64, complaints, ticketRate, discount, premium float64) (string, string) {
	switch {
	case complaints >= u["service_complaints"]:
		return model.PrefService, "complaints"
	case ticketRate >= u["service_ticket_rate"]:
		return model.PrefService, "ticket_rate"
	case discount >= u["price_share"]:
		return model.PrefPrice, "discount_share"
	case premium >= u["quality_share"]:
		return model.PrefQuality, "premium_share"
	}
	return model.PrefFunction, ""
}

func (needs) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	c := map[string][]float64{}
	for _, n := range []string{"complaints", "ticket_rate", "discount_share", "premium_share"} {
		v, err := col(f, n)
		if err != nil {
			return nil, err
		}
		c[n] = v
	}
	// The stated preference by dictionary code: k+1 for model.Preferences[k], 0 none.
	stated, values, _ := textCodes(f, "preference_stated")
	statedPref := make([]int, len(values))
	for c, v := range values {
		if v != "" {
			statedPref[c] = slices.Index(model.Preferences, v) + 1
		}
	}
	u := needsParams(s)
	idx := indexOf(s.Classes)
	out := make([]uint16, f.Len())
	code := make([]float64, f.Len())                    // 1 + index in model.Preferences of the stated preference, 0 none
	prefIdx := make([]uint16, len(model.Preferences)+1) // by statedPref code; 0 (none) is never selected
	for k, p := range model.Preferences {
		prefIdx[k+1] = idx[p]
	}
	service, price, quality, function := idx[model.PrefService], idx[model.PrefPrice], idx[model.PrefQuality], idx[model.PrefFunction]
	n := len(out)
	comp, tr, disc, prem := c["complaints"][:n], c["ticket_rate"][:n], c["discount_share"][:n], c["premium_share"][:n]
	sc, st, ps, qs := u["service_complaints"], u["service_ticket_rate"], u["price_share"], u["quality_share"]
	code = code[:n]
	for i := range out {
		// First match wins: a stated preference, then the inferred tests in
		// reverse, each overriding (selects, not branches: who stated a
		// preference and what the behaviour says are close to random).
		c := choose(prem[i] >= qs, quality, function)
		c = choose(disc[i] >= ps, price, c)
		c = choose(b2i(comp[i] >= sc)|b2i(tr[i] >= st) != 0, service, c)
		if stated != nil {
			k := statedPref[stated[i]]
			out[i], code[i] = choose(k > 0, prefIdx[k], c), float64(k)
			continue
		}
		out[i] = c
	}
	return &Result{Used: Used{Values: u, Classes: s.Classes}, Class: out, Extra: map[string][]float64{"preference_stated_code": code}}, nil
}

var prefZh = map[string]string{model.PrefFunction: "功能", model.PrefQuality: "品质", model.PrefPrice: "价格", model.PrefService: "服务"}

func (needs) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	if k := int(r.Num("preference_stated_code")); k >= 1 && k <= len(model.Preferences) {
		p := model.Preferences[k-1]
		return Reason{Inputs: inputs("preference_stated_code", float64(k)),
			Zh: sprintf("调查中表示偏好%s", prefZh[p]), En: sprintf("stated preference in a survey: %s", p)}
	}
	c, t, d, p := r.Num("complaints"), r.Num("ticket_rate"), r.Num("discount_share"), r.Num("premium_share")
	_, by := inferNeed(u.Values, c, t, d, p)
	in := inputs("complaints", c, "ticket_rate", t, "discount_share", d, "premium_share", p)
	switch by {
	case "complaints":
		return Reason{Inputs: in, Zh: sprintf("按行为推断：投诉 %s 次（≥ %s）", num(c), num(u.Values["service_complaints"])),
			En: sprintf("inferred: %s complaints (≥ %s)", num(c), num(u.Values["service_complaints"]))}
	case "ticket_rate":
		return Reason{Inputs: in, Zh: sprintf("按行为推断：每年工单 %s 个（≥ %s）", num(t), num(u.Values["service_ticket_rate"])),
			En: sprintf("inferred: %s tickets a year (≥ %s)", num(t), num(u.Values["service_ticket_rate"]))}
	case "discount_share":
		return Reason{Inputs: in, Zh: sprintf("按行为推断：折扣占消费 %s（≥ %s）", num(d), num(u.Values["price_share"])),
			En: sprintf("inferred: discount share %s (≥ %s)", num(d), num(u.Values["price_share"]))}
	case "premium_share":
		return Reason{Inputs: in, Zh: sprintf("按行为推断：高端品占消费 %s（≥ %s）", num(p), num(u.Values["quality_share"])),
			En: sprintf("inferred: premium share %s (≥ %s)", num(p), num(u.Values["quality_share"]))}
	}
	return Reason{Inputs: in, Zh: "无明显价格、品质或服务倾向，默认功能导向", En: "no price, quality or service signal: function by default"}
}
