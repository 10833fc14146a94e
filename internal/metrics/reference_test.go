package metrics

import (
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"strata/internal/analytics/clv"
	"strata/internal/model"
)

// reference computes the table the slow, obvious way: time.In for every
// day, sets for distinct counts, sorting for medians, no reliance on the
// input's order. TestAgainstReference holds Compute to it.
func reference(in *Input) (num map[string][]float64, str map[string][]string) {
	loc := in.Loc
	y, m, d := in.AsOf.Date()
	D := clv.CivilDay(y, m, d)
	cutoff := time.Date(y, m, d+1, 0, 0, 0, 0, loc).Unix()
	day := func(u int64) int32 { return clv.DayOf(time.Unix(u, 0), loc) }
	cfg := in.Config.withDefaults()
	W, T := int32(cfg.WindowDays), int32(cfg.TrendDays)
	cs := &in.Customers
	included := func(c int) bool { return cs.RegisteredAt[c] == NoTime || cs.RegisteredAt[c] < cutoff }
	o := &in.Orders
	purchase := func(j int) bool { return o.At[j] < cutoff && o.Status[j] == StatusPaid && o.Amount[j] > 0 }

	prices := map[int32][]int64{}
	for j := range o.Cust {
		if purchase(j) && included(int(o.Cust[j])) && o.UnitPrice[j] > 0 && o.Category[j] >= 0 {
			prices[o.Category[j]] = append(prices[o.Category[j]], o.UnitPrice[j])
		}
	}
	median := map[int32]float64{}
	for c, p := range prices {
		slices.Sort(p)
		median[c] = float64(p[(len(p)-1)/2]+p[len(p)/2]) / 2
	}
	premium := func(j int) bool {
		c := o.Category[j]
		if c < 0 {
			return false
		}
		med, ok := median[c]
		return in.Premium[c] || (ok && o.UnitPrice[j] > 0 && float64(o.UnitPrice[j]) > med)
	}
	byCust := func(cust []int32) map[int32][]int {
		m := map[int32][]int{}
		for j, c := range cust {
			m[c] = append(m[c], j)
		}
		return m
	}
	ordersOf, interOf, survOf, tickOf := byCust(o.Cust), byCust(in.Interactions.Cust), byCust(in.Surveys.Cust), byCust(in.Tickets.Cust)

	num, str = map[string][]float64{}, map[string][]string{}
	put := func(k string, v float64) { num[k] = append(num[k], v) }
	for c := range cs.ID {
		if !included(c) {
			continue
		}
		keys, winKeys, days := map[int32]bool{}, map[int32]bool{}, map[int32]bool{}
		var mon, monWin, last, prev, profit, gross, back, pos, disc, prem int64
		hasProfit := false
		firstAt, lastAt := int64(math.MaxInt64), int64(math.MinInt64)
		for _, j := range ordersOf[int32(c)] {
			if o.At[j] >= cutoff {
				continue
			}
			a, dj := o.Amount[j], day(o.At[j])
			if o.Status[j] == StatusRefunded && a > 0 {
				gross += a
				back += a
			}
			if o.Status[j] != StatusPaid {
				continue
			}
			mon += a
			if dj > D-W {
				monWin += a
			}
			if dj > D-T {
				last += a
			}
			if dj > D-2*T && dj <= D-T {
				prev += a
			}
			if o.HasCost[j] {
				profit += a - o.Cost[j]
				hasProfit = true
			}
			if a < 0 {
				back -= a
			}
			if !purchase(j) {
				continue
			}
			gross += a
			pos += a
			disc += o.Discount[j]
			if premium(j) {
				prem += a
			}
			keys[o.Order[j]], days[dj] = true, true
			if dj > D-W {
				winKeys[o.Order[j]] = true
			}
			firstAt, lastAt = min(firstAt, o.At[j]), max(lastAt, o.At[j])
		}
		div := func(a, b float64) float64 {
			if b == 0 {
				return math.NaN()
			}
			return a / b
		}
		bought := len(days) > 0
		put("has_purchase", map[bool]float64{true: 1, false: 0}[bought])
		put("frequency", float64(len(keys)))
		put("frequency_window", float64(len(winKeys)))
		put("purchase_days", float64(len(days)))
		put("monetary", float64(mon)/100)
		put("monetary_window", float64(monWin)/100)
		put("spend_last_90", float64(last)/100)
		put("spend_prev_90", float64(prev)/100)
		put("aov", div(float64(mon)/100, float64(len(keys))))
		put("profit", map[bool]float64{true: float64(profit) / 100, false: math.NaN()}[hasProfit])
		put("has_profit", map[bool]float64{true: 1, false: 0}[hasProfit])
		L, P := max(last, 0), max(prev, 0)
		put("trend", div(float64(L-P), float64(L+P)))
		put("refund_rate", math.Min(1, div(float64(back), float64(gross))))
		put("discount_share", div(float64(disc), float64(pos+disc)))
		put("premium_share", div(float64(prem), float64(pos)))
		nan := math.NaN()
		start := int32(math.MaxInt32)
		if bought {
			fd, ld := day(firstAt), day(lastAt)
			start = fd
			put("recency_days", float64(D-ld))
			put("first_purchase_at", float64(firstAt))
			put("last_purchase_at", float64(lastAt))
			put("interpurchase_days", div(float64(ld-fd), float64(len(days)-1)))
			put("repeat_x", float64(len(days)-1))
			put("repeat_tx_days", float64(ld-fd))
			put("repeat_T_days", float64(D-fd))
		} else {
			for _, k := range []string{"recency_days", "first_purchase_at", "last_purchase_at", "interpurchase_days",
				"repeat_x", "repeat_tx_days", "repeat_T_days"} {
				put(k, nan)
			}
		}
		put("registered_at", nan)
		if r := cs.RegisteredAt[c]; r != NoTime {
			num["registered_at"][len(num["registered_at"])-1] = float64(r)
			start = min(start, day(r))
		}
		tenure := nan
		if start != math.MaxInt32 {
			tenure = float64(D - start)
		}
		put("tenure_days", tenure)
		age := nan
		if b := cs.BirthDate[c]; b != NoTime {
			bt := time.Unix(b, 0).UTC()
			a := y - bt.Year()
			if m < bt.Month() || (m == bt.Month() && d < bt.Day()) {
				a--
			}
			if a >= 0 {
				age = float64(a)
			}
		}
		if math.IsNaN(age) && cs.Age[c] > 0 {
			age = float64(cs.Age[c])
		}
		put("age", age)
		band := ""
		if !math.IsNaN(age) {
			band = []string{"<25", "<25", "<25", "25-34", "35-44", "45-54", "55-64", "65+"}[min(7, max(0, (int(age)+5)/10))]
		}
		str["age_band"] = append(str["age_band"], band)

		var ch [6]float64
		inter := 0.0
		for _, j := range interOf[int32(c)] {
			if in.Interactions.At[j] < cutoff {
				ch[in.Interactions.Channel[j]]++
				inter++
			}
		}
		put("interactions", inter)
		for i, name := range model.Channels {
			put("interactions_"+name, ch[i])
		}
		var csat, csatN float64
		nps, npsAt, pref, prefAt := -1, int64(math.MinInt64), "", int64(math.MinInt64)
		for _, j := range survOf[int32(c)] {
			s := &in.Surveys
			if s.At[j] >= cutoff {
				continue
			}
			if s.CSAT[j] > 0 {
				csat += float64(s.CSAT[j])
				csatN++
			}
			if s.NPS[j] >= 0 && s.At[j] >= npsAt {
				nps, npsAt = int(s.NPS[j]), s.At[j]
			}
			if s.Preference[j] != "" && s.At[j] >= prefAt {
				pref, prefAt = s.Preference[j], s.At[j]
			}
		}
		put("csat_avg", div(csat, csatN))
		put("csat_count", csatN)
		put("nps_latest", map[bool]float64{true: float64(nps), false: nan}[nps >= 0])
		cat := ""
		switch {
		case nps >= 9:
			cat = "promoter"
		case nps >= 7:
			cat = "passive"
		case nps >= 0:
			cat = "detractor"
		}
		str["nps_category"] = append(str["nps_category"], cat)
		str["preference_stated"] = append(str["preference_stated"], pref)
		var open, closed, complaints float64
		for _, j := range tickOf[int32(c)] {
			k := &in.Tickets
			if k.OpenedAt[j] >= cutoff {
				continue
			}
			if k.Closed[j] && (k.ClosedAt[j] == NoTime || k.ClosedAt[j] < cutoff) {
				closed++
			} else {
				open++
			}
			if c := k.Category[j]; c == "complaint" || c == "Complaint" || c == "投诉" {
				complaints++
			}
		}
		put("tickets_open", open)
		put("tickets_closed", closed)
		put("complaints", complaints)
		put("service_interactions", inter+open+closed)
		put("ticket_rate", (open+closed)/(math.Max(tenure, 30)/365.25))
	}
	return num, str
}

// TestAgainstReference holds Compute to the reference on synthetic data, in
// the fixed-offset and the DST paths, with some customers' order keys out
// of line order, and with shorter windows.
func TestAgainstReference(t *testing.T) {
	base := Synthetic(3000, 30000, 42, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	cases := []struct {
		name string
		edit func(in *Input)
	}{
		{"Shanghai", func(in *Input) {}},
		{"Berlin", func(in *Input) { in.Loc = berlin }},
		{"keys out of order", func(in *Input) {
			for j := range in.Orders.Order {
				if in.Orders.Cust[j]%7 == 0 {
					in.Orders.Order[j] = -in.Orders.Order[j] // reverses each such customer's key order
				}
			}
		}},
		{"windows 30/7", func(in *Input) { in.Config = Config{WindowDays: 30, TrendDays: 7} }},
		{"as of an earlier date", func(in *Input) { in.AsOf = time.Date(2022, 2, 28, 0, 0, 0, 0, time.UTC) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := *base
			in.Orders.Order = slices.Clone(base.Orders.Order)
			tc.edit(&in)
			tab, err := Compute(&in)
			if err != nil {
				t.Fatal(err)
			}
			num, str := reference(&in)
			if tab.Len() == len(in.Customers.ID) || tab.Len() != len(num["frequency"]) {
				t.Fatalf("Len = %d, reference %d of %d customers", tab.Len(), len(num["frequency"]), len(in.Customers.ID))
			}
			for _, f := range Fields() {
				switch f.Kind {
				case KindNumber, KindDate, KindBool:
					got, _ := tab.Num(f.Name)
					want := num[f.Name]
					for r := range want {
						if !near(got[r], want[r]) {
							t.Errorf("%s row %d (%s) = %v, reference %v", f.Name, r, tab.IDs()[r], got[r], want[r])
							break
						}
					}
				case KindString:
					if want, ok := str[f.Name]; ok {
						got, _ := tab.Str(f.Name)
						if !slices.Equal(got, want) {
							t.Errorf("%s differs from the reference", f.Name)
						}
					}
				}
			}
		})
	}
}

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b))
}

// TestDeterministicAcrossWorkers checks that the number of workers does not
// change a single bit, with several chunks and excluded customers.
func TestDeterministicAcrossWorkers(t *testing.T) {
	in := Synthetic(3*chunkSize+100, 60000, 3, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	var tabs []*Table
	for _, procs := range []int{1, 3} {
		prev := runtime.GOMAXPROCS(procs)
		tab, err := Compute(in)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, tab)
	}
	a, b := tabs[0], tabs[1]
	if !slices.Equal(a.IDs(), b.IDs()) {
		t.Fatal("IDs differ")
	}
	for _, f := range Fields() {
		if x, ok := a.Num(f.Name); ok {
			y, _ := b.Num(f.Name)
			for r := range x {
				if math.Float64bits(x[r]) != math.Float64bits(y[r]) {
					t.Fatalf("%s row %d: %v vs %v", f.Name, r, x[r], y[r])
				}
			}
		}
		if x, ok := a.Str(f.Name); ok {
			y, _ := b.Str(f.Name)
			if !slices.Equal(x, y) {
				t.Fatalf("%s differs", f.Name)
			}
		}
	}
}

// TestConcurrentColumns reads every column from several goroutines at once
// (run with -race): the lazy columns must be built once and agree.
func TestConcurrentColumns(t *testing.T) {
	in := Synthetic(2*chunkSize, 20000, 11, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))
	tab, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	const readers = 4
	got := make([][][]float64, readers)
	done := make(chan int)
	for g := range readers {
		go func() {
			for _, f := range Fields() {
				v, _ := tab.Num(f.Name)
				got[g] = append(got[g], v)
				tab.Str(f.Name)
			}
			tab.IDs()
			tab.Tags()
			done <- g
		}()
	}
	for range readers {
		<-done
	}
	for g := 1; g < readers; g++ {
		for i := range got[0] {
			if len(got[g][i]) > 0 && &got[g][i][0] != &got[0][i][0] {
				t.Fatalf("reader %d got a different copy of column %d", g, i)
			}
		}
	}
}
