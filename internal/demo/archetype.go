package demo

import "math/rand/v2"

// Archetype is a customer's hidden behaviour pattern. The generator draws it
// first and derives everything else from it; it is ground truth for
// benchmarks and is never emitted in a record.
type Archetype uint8

// Archetypes and their shares of the customer base.
const (
	Regular       Archetype = iota // 14 %: occasional buyers, a few orders a year, mid spend
	Loyal                          // 7 %: big loyal spenders, long tenure, many mid-to-large orders, high CSAT
	Frequent                       // 12 %: frequent small baskets (food, personal care), ~28 orders a year
	OneTime                        // 16 %: exactly one purchase (possibly returned)
	BargainHunter                  // 11 %: buy in promotion periods, deep discounts, more refunds
	QualityBuyer                   // 7 %: premium categories, high unit prices, few discounts
	ServiceHeavy                   // 6 %: many tickets and phone contacts, low CSAT
	Drifting                       // 9 %: purchase rate decays exponentially since they started
	Churned                        // 9 %: bought, then stopped 6–18 months before End
	WonBack                        // 3.5 %: a gap of 6–14 months, then buying again in the last 90 days
	Prospect                       // 5 %: registered in the last 60 days, no purchases yet
	KeyAccount                     // 0.5 %: corporate key accounts, very high value, tag 企业客户
	nArchetypes
)

// Archetypes lists every archetype in declaration order.
var Archetypes = []Archetype{Regular, Loyal, Frequent, OneTime, BargainHunter, QualityBuyer,
	ServiceHeavy, Drifting, Churned, WonBack, Prospect, KeyAccount}

var archetypeCodes = [nArchetypes]string{"regular", "loyal", "frequent", "one_time", "bargain_hunter",
	"quality_buyer", "service_heavy", "drifting", "churned", "won_back", "prospect", "key_account"}

var archetypeLabels = [nArchetypes]string{"普通客户", "忠诚大客户", "高频小额客户", "一次性客户", "价格敏感客户",
	"品质型客户", "服务依赖客户", "流失风险客户", "已流失客户", "召回客户", "潜在客户", "企业大客户"}

// String returns the archetype's snake_case code.
func (a Archetype) String() string {
	if a < nArchetypes {
		return archetypeCodes[a]
	}
	return "unknown"
}

// Label returns the archetype's Chinese name.
func (a Archetype) Label() string {
	if a < nArchetypes {
		return archetypeLabels[a]
	}
	return "未知"
}

// Share returns the expected fraction of customers with archetype a.
func (a Archetype) Share() float64 {
	if a < nArchetypes {
		return behaviours[a].share
	}
	return 0
}

var archetypeWeights weights

func init() {
	w := make([]float64, nArchetypes)
	for i := range w {
		w[i] = behaviours[i].share
	}
	archetypeWeights = newWeights(w...)
}

// ArchetypeOf returns the archetype of the customer with 0-based index i in
// the business generated from seed. It replays only the first draw of the
// customer's profile stream, so it is cheap and does not depend on
// Customers, End or Years.
func ArchetypeOf(seed uint64, i int) Archetype {
	var pcg rand.PCG
	seedStream(&pcg, seed, i, streamProfile)
	return drawArchetype(rand.New(&pcg))
}

// drawArchetype must stay the first draw of the profile stream.
func drawArchetype(r *rand.Rand) Archetype { return Archetype(archetypeWeights.pick(r)) }
