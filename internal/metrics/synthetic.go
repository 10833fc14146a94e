package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"strata/internal/model"
)

// Synthetic builds a plausible Input of the given size for benchmarks and
// load tests: `customers` customers and exactly `orders` order lines, plus
// about three interactions, half a survey and a third of a ticket per
// customer, in Asia/Shanghai, as of asOf's date. The same arguments always
// give the same Input.
//
// Shape: about 15% of customers never buy and the rest buy with a long-tailed
// propensity; orders have 1–3 lines over 24 categories (4 premium) and fall
// between registration and a month after the as-of date, so the cutoff has
// work to do; about 1% of customers register after the as-of date. Lines are
// 93% paid, 3% refunded, 2% cancelled and 2% returns.
func Synthetic(customers, orders int, seed uint64, asOf time.Time) *Input {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600) // no tzdata: the same offsets since 1991
	}
	rng := rand.New(rand.NewPCG(seed, 0x5713a7a))
	y, m, d := asOf.Date()
	cutoff := time.Date(y, m, d+1, 0, 0, 0, 0, loc).Unix()
	const year = 365 * secondsPerDay
	g := synth{rng: rng, cutoff: cutoff, horizon: cutoff + 30*secondsPerDay}
	in := &Input{AsOf: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Loc: loc}
	in.Categories, in.Premium = make([]string, 24), make([]bool, 24)
	for i := range in.Categories {
		in.Categories[i] = fmt.Sprintf("category-%02d", i)
		in.Premium[i] = i%6 == 5
	}
	in.Customers = g.customers(customers, cutoff-5*year)
	counts := g.lineCounts(customers, orders)
	in.Orders = g.orders(in.Customers.RegisteredAt, counts, orders, cutoff-5*year)
	in.Interactions = g.interactions(in.Customers.RegisteredAt, cutoff-5*year)
	in.Surveys = g.surveys(in.Customers.RegisteredAt, cutoff-5*year)
	in.Tickets = g.tickets(in.Customers.RegisteredAt, cutoff-5*year)
	return in
}

type synth struct {
	rng             *rand.Rand
	cutoff, horizon int64
}

var (
	synthRegions     = []string{"华东", "华北", "华南", "华中", "西南", "西北", "东北"}
	synthCities      = []string{"上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "沈阳", "苏州", "重庆"}
	synthOccupations = []string{"", "engineer", "teacher", "manager", "self-employed", "student", "retired"}
	synthIncome      = []string{"", "<5k", "5k-10k", "10k-20k", "20k+"}
	synthSources     = []string{"store", "web", "app", "referral", "event"}
	synthGenders     = []string{"", model.GenderMale, model.GenderFemale, model.GenderOther}
	synthTags        = [][]string{nil, {"vip"}, {"wholesale"}, {"vip", "newsletter"}}
	synthCategories  = []string{"question", "repair", "complaint", "投诉", "Complaint"}
)

func (g *synth) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *synth) customers(n int, from int64) CustomerCols {
	c := CustomerCols{
		ID: make([]string, n), Gender: make([]string, n), Region: make([]string, n), City: make([]string, n),
		Occupation: make([]string, n), IncomeBand: make([]string, n), Source: make([]string, n),
		Owner: make([]string, n), BirthDate: make([]int64, n), Age: make([]int16, n),
		RegisteredAt: make([]int64, n), Tags: make([][]string, n),
	}
	owners := make([]string, 50)
	for i := range owners {
		owners[i] = fmt.Sprintf("staff%02d", i)
	}
	span := g.cutoff + 10*secondsPerDay - from
	for i := range n {
		c.ID[i] = fmt.Sprintf("C%07d", i)
		c.Gender[i], c.Region[i], c.City[i] = g.pick(synthGenders), g.pick(synthRegions), g.pick(synthCities)
		c.Occupation[i], c.IncomeBand[i], c.Source[i] = g.pick(synthOccupations), g.pick(synthIncome), g.pick(synthSources)
		if g.rng.IntN(10) >= 3 {
			c.Owner[i] = g.pick(owners)
		}
		c.BirthDate[i] = NoTime
		switch r := g.rng.IntN(100); {
		case r < 70:
			day := civilDay(1950, 1, 1) + int32(g.rng.IntN(56*365))
			c.BirthDate[i] = int64(day) * secondsPerDay
		case r < 85:
			c.Age[i] = int16(18 + g.rng.IntN(60))
		}
		c.RegisteredAt[i] = from + g.rng.Int64N(span) // the last 10 days: after D
		if g.rng.IntN(50) == 0 {
			c.RegisteredAt[i] = NoTime
		}
		if g.rng.IntN(5) == 0 {
			c.Tags[i] = synthTags[g.rng.IntN(len(synthTags))]
		}
	}
	return c
}

// lineCounts spreads exactly total lines over n customers by a long-tailed
// propensity, 15% of customers getting none.
func (g *synth) lineCounts(n, total int) []int {
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		if g.rng.IntN(100) >= 15 {
			w[i] = math.Pow(g.rng.ExpFloat64(), 1.5)
		}
		sum += w[i]
	}
	counts := make([]int, n)
	acc, prev := 0.0, 0
	for i := range w {
		acc += w[i]
		cum := int(math.Round(float64(total) * acc / sum))
		if i == n-1 {
			cum = total
		}
		counts[i], prev = cum-prev, cum
	}
	return counts
}

// times returns k sorted instants between start (or from when unknown) and
// the horizon.
func (g *synth) times(buf []int64, k int, start, from int64) []int64 {
	if start == NoTime || start < from {
		start = from
	}
	buf = buf[:0]
	for range k {
		buf = append(buf, start+g.rng.Int64N(max(1, g.horizon-start)))
	}
	slices.Sort(buf)
	return buf
}

func (g *synth) orders(reg []int64, counts []int, total int, from int64) OrderCols {
	o := OrderCols{
		Cust: make([]int32, 0, total), At: make([]int64, 0, total), Order: make([]int32, 0, total),
		Status: make([]uint8, 0, total), Amount: make([]int64, 0, total), Cost: make([]int64, 0, total),
		HasCost: make([]bool, 0, total), Discount: make([]int64, 0, total), UnitPrice: make([]int64, 0, total),
		Category: make([]int32, 0, total),
	}
	var base [24]int64
	for i := range base {
		base[i] = int64(1000 + 1500*i) // 10–355 yuan
	}
	var key int32
	var ts []int64
	for c, k := range counts {
		ts = g.times(ts, (k+1)/2, reg[c], from) // one order per two lines, on average
		for line, oi := 0, 0; line < k; oi++ {
			lines := min(k-line, 1+g.rng.IntN(3))
			if oi >= len(ts)-1 {
				lines = k - line // the last order takes the rest
			}
			key++
			for range lines {
				cat := int32(24 * g.rng.Float64() * g.rng.Float64())
				price := base[cat] * int64(50+g.rng.IntN(100)) / 100 / 100 * 100
				qty := int64(1 + g.rng.IntN(3))
				gross := price * qty
				disc := int64(0)
				if g.rng.IntN(10) < 3 {
					disc = gross * int64(5+g.rng.IntN(16)) / 100
				}
				amount, status := gross-disc, StatusPaid
				switch r := g.rng.IntN(100); {
				case r < 3:
					status = StatusRefunded
				case r < 5:
					status = StatusCancelled
				case r < 7:
					amount = -price
				}
				hasCost := g.rng.IntN(5) != 0
				o.Cust = append(o.Cust, int32(c))
				o.At = append(o.At, ts[min(oi, len(ts)-1)])
				o.Order = append(o.Order, key)
				o.Status = append(o.Status, status)
				o.Amount = append(o.Amount, amount)
				o.Cost = append(o.Cost, amount*6/10)
				o.HasCost = append(o.HasCost, hasCost)
				o.Discount = append(o.Discount, disc)
				o.UnitPrice = append(o.UnitPrice, price)
				o.Category = append(o.Category, cat)
				line++
			}
		}
	}
	return o
}

func (g *synth) interactions(reg []int64, from int64) InteractionCols {
	n := len(reg)
	r := InteractionCols{Cust: make([]int32, 0, 3*n), At: make([]int64, 0, 3*n), Channel: make([]uint8, 0, 3*n)}
	var ts []int64
	for c := range reg {
		ts = g.times(ts, g.rng.IntN(7), reg[c], from)
		for _, t := range ts {
			r.Cust = append(r.Cust, int32(c))
			r.At = append(r.At, t)
			r.Channel = append(r.Channel, uint8(g.rng.IntN(len(model.Channels))))
		}
	}
	return r
}

func (g *synth) surveys(reg []int64, from int64) SurveyCols {
	n := len(reg)
	s := SurveyCols{Cust: make([]int32, 0, n), At: make([]int64, 0, n), CSAT: make([]int8, 0, n),
		NPS: make([]int8, 0, n), Preference: make([]string, 0, n)}
	prefs := append([]string{""}, model.Preferences...)
	var ts []int64
	for c := range reg {
		ts = g.times(ts, g.rng.IntN(2), reg[c], from)
		for _, t := range ts {
			s.Cust = append(s.Cust, int32(c))
			s.At = append(s.At, t)
			s.CSAT = append(s.CSAT, int8(g.rng.IntN(6)))
			s.NPS = append(s.NPS, int8(g.rng.IntN(12)-1))
			s.Preference = append(s.Preference, g.pick(prefs))
		}
	}
	return s
}

func (g *synth) tickets(reg []int64, from int64) TicketCols {
	n := len(reg)
	k := TicketCols{Cust: make([]int32, 0, n/2), OpenedAt: make([]int64, 0, n/2), Closed: make([]bool, 0, n/2),
		ClosedAt: make([]int64, 0, n/2), Category: make([]string, 0, n/2)}
	var ts []int64
	for c := range reg {
		m := 0
		if g.rng.IntN(4) == 0 {
			m = 1 + g.rng.IntN(2)
		}
		ts = g.times(ts, m, reg[c], from)
		for _, t := range ts {
			closed := g.rng.IntN(10) < 7
			closedAt := NoTime
			if closed {
				closedAt = t + g.rng.Int64N(20*secondsPerDay)
			}
			k.Cust = append(k.Cust, int32(c))
			k.OpenedAt = append(k.OpenedAt, t)
			k.Closed = append(k.Closed, closed)
			k.ClosedAt = append(k.ClosedAt, closedAt)
			k.Category = append(k.Category, g.pick(synthCategories))
		}
	}
	return k
}
