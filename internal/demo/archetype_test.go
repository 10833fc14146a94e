package demo

import (
	"math"
	"slices"
	"testing"
	"time"

	"strata/internal/model"
)

func TestArchetypeShares(t *testing.T) {
	total := 0.0
	for _, a := range Archetypes {
		total += a.Share()
		if a.String() == "unknown" || a.Label() == "未知" {
			t.Fatalf("archetype %d has no name", a)
		}
	}
	if math.Abs(total-1) > 1e-9 {
		t.Fatalf("shares sum to %v", total)
	}
	const n = 200_000
	counts := make([]int, nArchetypes)
	for i := range n {
		counts[ArchetypeOf(11, i)]++
	}
	for _, a := range Archetypes {
		t.Run(a.String(), func(t *testing.T) {
			got := float64(counts[a]) / n
			if math.Abs(got-a.Share()) > 0.004 {
				t.Fatalf("share %.4f, want %.4f", got, a.Share())
			}
		})
	}
}

// stats are per-customer figures the archetype checks compare.
type stats struct {
	arch          Archetype
	purchases     []time.Time // purchase orders (not returns)
	lastLine      time.Time
	revenue       float64 // paid, returns deducted
	discountShare float64 // discount / gross over paid purchase lines; NaN without
	premiumShare  float64 // premium categories' share of gross; NaN without
	tickets       int
	csat, nps     []float64
	preference    string
	surveyed      bool
	corporate     bool
}

func collectStats(rec *recorder, seed uint64) []stats {
	premium := PremiumCategories()
	out := make([]stats, len(rec.customers))
	for i, cr := range rec.customers {
		s := stats{arch: ArchetypeOf(seed, i), purchases: cr.purchaseTimes(), tickets: len(cr.tickets),
			corporate: slices.Contains(cr.customer.Tags, TagCorporate), surveyed: len(cr.surveys) > 0}
		var disc, gross, prem float64
		for _, o := range cr.orders {
			if o.OrderedAt.After(s.lastLine) {
				s.lastLine = o.OrderedAt
			}
			if o.Status != model.StatusPaid {
				continue
			}
			s.revenue += o.Amount.Float()
			if o.Quantity > 0 {
				g := o.UnitPrice.Float() * o.Quantity
				gross += g
				disc += o.Discount.Float()
				if slices.Contains(premium, o.Category) {
					prem += g
				}
			}
		}
		s.discountShare, s.premiumShare = math.NaN(), math.NaN()
		if gross > 0 {
			s.discountShare, s.premiumShare = disc/gross, prem/gross
		}
		for _, v := range cr.surveys {
			s.csat = append(s.csat, float64(v.CSAT))
			if v.NPS >= 0 {
				s.nps = append(s.nps, float64(v.NPS))
			}
			if s.preference == "" {
				s.preference = v.Preference
			}
		}
		out[i] = s
	}
	return out
}

// values gathers f over the customers of archetype a (or all others when
// others is true), skipping NaN.
func values(st []stats, a Archetype, others bool, f func(*stats) float64) []float64 {
	var out []float64
	for i := range st {
		if (st[i].arch == a) != others {
			if v := f(&st[i]); !math.IsNaN(v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestArchetypeBehaviour checks that each archetype's records show the
// behaviour the archetype promises.
func TestArchetypeBehaviour(t *testing.T) {
	rec := loadBigRun(t)
	st := collectStats(rec, 7)
	end := time.Date(2025, 7, 1, 0, 0, 0, 0, shanghai())
	daysBefore := func(x time.Time) float64 { return end.Sub(x).Hours() / 24 }
	each := func(t *testing.T, a Archetype, check func(i int, s *stats)) {
		t.Helper()
		n := 0
		for i := range st {
			if st[i].arch == a {
				n++
				check(i, &st[i])
			}
		}
		if n < 10 {
			t.Fatalf("only %d %s customers in the run", n, a)
		}
	}
	id := func(i int) string { return rec.customers[i].customer.ID }

	t.Run("prospects registered recently and never bought", func(t *testing.T) {
		each(t, Prospect, func(i int, s *stats) {
			if len(rec.customers[i].orders) > 0 || daysBefore(rec.customers[i].customer.RegisteredAt) > 61 {
				t.Fatalf("%s: %d order lines, registered %v", id(i), len(rec.customers[i].orders), rec.customers[i].customer.RegisteredAt)
			}
		})
	})
	t.Run("every other archetype bought", func(t *testing.T) {
		for i := range st {
			if st[i].arch != Prospect && len(st[i].purchases) == 0 {
				t.Fatalf("%s (%s) never bought", id(i), st[i].arch)
			}
		}
	})
	t.Run("one-time buyers bought once", func(t *testing.T) {
		each(t, OneTime, func(i int, s *stats) {
			if len(s.purchases) != 1 {
				t.Fatalf("%s: %d purchases", id(i), len(s.purchases))
			}
		})
	})
	t.Run("churned have nothing in the last 6 months", func(t *testing.T) {
		each(t, Churned, func(i int, s *stats) {
			if daysBefore(s.lastLine) < 180 {
				t.Fatalf("%s: order line %v", id(i), s.lastLine)
			}
		})
	})
	t.Run("won back after a 6-month gap", func(t *testing.T) {
		each(t, WonBack, func(i int, s *stats) {
			gap := 0.0
			for j := 1; j < len(s.purchases); j++ {
				gap = max(gap, s.purchases[j].Sub(s.purchases[j-1]).Hours()/24)
			}
			last := s.purchases[len(s.purchases)-1]
			if gap < 180 || daysBefore(last) > 90 {
				t.Fatalf("%s: longest gap %.0f days, last purchase %.0f days ago", id(i), gap, daysBefore(last))
			}
		})
	})
	t.Run("drifting customers buy less and less", func(t *testing.T) {
		early, late := 0, 0
		each(t, Drifting, func(i int, s *stats) {
			first := s.purchases[0]
			mid := first.Add(end.Sub(first) / 2)
			for _, p := range s.purchases {
				if p.Before(mid) {
					early++
				} else {
					late++
				}
			}
		})
		if float64(late) > 0.5*float64(early) {
			t.Fatalf("first half %d purchases, second half %d", early, late)
		}
	})
	t.Run("bargain hunters take discounts", func(t *testing.T) {
		share := func(s *stats) float64 { return s.discountShare }
		own, others := median(values(st, BargainHunter, false, share)), median(values(st, BargainHunter, true, share))
		if own <= 2*others || own < 0.1 {
			t.Fatalf("median discount share %.3f, others' %.3f", own, others)
		}
	})
	t.Run("quality buyers buy premium", func(t *testing.T) {
		share := func(s *stats) float64 { return s.premiumShare }
		own, others := median(values(st, QualityBuyer, false, share)), median(values(st, QualityBuyer, true, share))
		if own < 0.4 || own <= 3*others {
			t.Fatalf("median premium share %.3f, others' %.3f", own, others)
		}
	})
	t.Run("service-heavy customers need service and are less satisfied", func(t *testing.T) {
		tickets := func(s *stats) float64 { return float64(s.tickets) }
		own, others := mean(values(st, ServiceHeavy, false, tickets)), mean(values(st, ServiceHeavy, true, tickets))
		if own < 4*others {
			t.Fatalf("mean tickets %.2f, others' %.2f", own, others)
		}
		csat := func(s *stats) float64 { return meanOrNaN(s.csat) }
		if sh, loyal := mean(values(st, ServiceHeavy, false, csat)), mean(values(st, Loyal, false, csat)); sh > loyal-1.2 {
			t.Fatalf("mean CSAT service-heavy %.2f, loyal %.2f", sh, loyal)
		}
	})
	t.Run("loyal customers recommend", func(t *testing.T) {
		nps := func(s *stats) float64 { return meanOrNaN(s.nps) }
		loyal, sh, all := mean(values(st, Loyal, false, nps)), mean(values(st, ServiceHeavy, false, nps)), mean(values(st, Loyal, true, nps))
		if loyal < 8 || loyal < all+1 || sh > all-1.5 {
			t.Fatalf("mean NPS loyal %.2f, service-heavy %.2f, others %.2f", loyal, sh, all)
		}
	})
	t.Run("key accounts are companies worth a lot", func(t *testing.T) {
		rev := func(s *stats) float64 { return s.revenue }
		own, regular := mean(values(st, KeyAccount, false, rev)), mean(values(st, Regular, false, rev))
		if own < 20*regular {
			t.Fatalf("mean revenue %.0f, regular customers' %.0f", own, regular)
		}
		for i := range st {
			if st[i].corporate != (st[i].arch == KeyAccount) {
				t.Fatalf("%s: tag 企业客户 %v for %s", id(i), st[i].corporate, st[i].arch)
			}
		}
	})
	t.Run("stated preferences follow the archetype", func(t *testing.T) {
		cases := []struct {
			a    Archetype
			pref string
		}{{BargainHunter, model.PrefPrice}, {QualityBuyer, model.PrefQuality}, {ServiceHeavy, model.PrefService}}
		for _, tc := range cases {
			n, hit := 0, 0
			for i := range st {
				if st[i].arch == tc.a && st[i].preference != "" {
					n++
					if st[i].preference == tc.pref {
						hit++
					}
				}
			}
			if n == 0 || float64(hit)/float64(n) < 0.5 {
				t.Fatalf("%s: %d of %d state %s", tc.a, hit, n, tc.pref)
			}
		}
	})
	t.Run("shares of the whole base", func(t *testing.T) {
		surveyed, owned, english, people := 0, 0, 0, 0
		for i, cr := range rec.customers {
			if st[i].surveyed {
				surveyed++
			}
			if cr.customer.Owner != "" {
				owned++
			}
			if !st[i].corporate {
				people++
				if cr.customer.Name[0] < 0x80 {
					english++
				}
			}
		}
		n := float64(len(rec.customers))
		checks := []struct {
			name   string
			got    float64
			lo, hi float64
		}{
			{"surveyed", float64(surveyed) / n, 0.35, 0.45},
			{"owned", float64(owned) / n, 0.64, 0.76},
			{"english names", float64(english) / float64(people), 0.12, 0.18},
		}
		for _, c := range checks {
			if c.got < c.lo || c.got > c.hi {
				t.Errorf("%s: %.3f not in [%.2f, %.2f]", c.name, c.got, c.lo, c.hi)
			}
		}
	})
}

func meanOrNaN(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return mean(xs)
}

// TestSeasonalityInOrders checks that the generated purchases peak in the
// campaign months and dip at the Spring Festival.
func TestSeasonalityInOrders(t *testing.T) {
	rec := loadBigRun(t)
	loc := shanghai()
	var byMonth [13]float64
	for _, cr := range rec.customers {
		for _, p := range cr.purchaseTimes() {
			local := p.In(loc)
			if !local.Before(time.Date(2023, 7, 1, 0, 0, 0, 0, loc)) { // two whole years
				byMonth[local.Month()]++
			}
		}
	}
	avg := 0.0
	for m := 1; m <= 12; m++ {
		avg += byMonth[m] / 12
	}
	cases := []struct {
		month  time.Month
		lo, hi float64
	}{
		{time.November, 1.3, 2.2},
		{time.June, 1.2, 2.0},
		{time.December, 1.05, 1.6},
		{time.February, 0.4, 0.95},
		{time.July, 0.6, 1.0},
	}
	for _, tc := range cases {
		t.Run(tc.month.String(), func(t *testing.T) {
			if r := byMonth[tc.month] / avg; r < tc.lo || r > tc.hi {
				t.Fatalf("purchases %.2f × the monthly average, want [%.2f, %.2f]", r, tc.lo, tc.hi)
			}
		})
	}
}
