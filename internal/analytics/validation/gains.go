package validation

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"strata/internal/model"
)

// GainsRow is one bin (tier or decile) of a gains table. Shares are
// fractions in [0, 1]; Lift is RevenueShare / CustomerShare, so 1 means the
// bin captures revenue in proportion to its head count (what a random
// selection would) and 3 means three times that.
type GainsRow struct {
	Bin                string
	Customers          int
	Revenue            float64
	CustomerShare      float64
	RevenueShare       float64
	CumCustomerShare   float64
	CumRevenueShare    float64
	Lift               float64 // RevenueShare / CustomerShare; NaN for an empty bin
	CumLift            float64 // CumRevenueShare / CumCustomerShare
	RevenuePerCustomer float64 // mean holdout revenue per customer in the bin; NaN when empty
}

// GainsTable is a gains/lift table in bin order (best bin first), with the
// totals it was normalised by.
type GainsTable struct {
	Rows           []GainsRow
	TotalCustomers int
	TotalRevenue   float64
}

// GainsByTier builds a gains table from tier labels: tiers[i] is customer
// i's tier and revenue[i] its actual holdout revenue. order lists the tiers
// best first (for example VIP, Key, Regular, Dormant); every tier in tiers
// must appear in order, and tiers in order with no customers get an empty
// row so the table shape is fixed.
func GainsByTier(tiers []string, revenue []float64, order []string) (GainsTable, error) {
	if len(tiers) != len(revenue) {
		return GainsTable{}, model.Invalid("revenue", "", "must have one value per customer")
	}
	pos := make(map[string]int, len(order))
	for i, t := range order {
		if _, dup := pos[t]; dup {
			return GainsTable{}, model.Invalid("order", t, "lists a tier twice")
		}
		pos[t] = i
	}
	counts := make([]int, len(order))
	sums := make([]float64, len(order))
	for i, t := range tiers {
		p, ok := pos[t]
		if !ok {
			return GainsTable{}, model.Invalid("tiers", t, "tier is not in order")
		}
		counts[p]++
		sums[p] += revenue[i]
	}
	return buildGains(order, counts, sums), nil
}

// GainsByScore ranks customers by score (highest first) and cuts them into
// bins equal-count bins (10 gives deciles), then tabulates each bin's share
// of the actual holdout revenue. Bin sizes differ by at most one: bin b
// holds ranks [b·n/bins, (b+1)·n/bins). Ties in score are broken by input
// order, so equal scores may straddle a bin edge; callers that want ties
// kept together should bin with GainsByTier instead.
func GainsByScore(scores, revenue []float64, bins int) (GainsTable, error) {
	n := len(scores)
	if len(revenue) != n {
		return GainsTable{}, model.Invalid("revenue", "", "must have one value per customer")
	}
	if bins <= 0 {
		return GainsTable{}, model.Invalid("bins", strconv.Itoa(bins), "must be positive")
	}
	rank := make([]int, n)
	for i := range rank {
		rank[i] = i
	}
	slices.SortStableFunc(rank, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	names := make([]string, bins)
	counts := make([]int, bins)
	sums := make([]float64, bins)
	for b := range bins {
		names[b] = strconv.Itoa(b + 1)
		lo, hi := b*n/bins, (b+1)*n/bins
		counts[b] = hi - lo
		for _, i := range rank[lo:hi] {
			sums[b] += revenue[i]
		}
	}
	return buildGains(names, counts, sums), nil
}

func buildGains(names []string, counts []int, sums []float64) GainsTable {
	t := GainsTable{Rows: make([]GainsRow, len(names))}
	for i := range names {
		t.TotalCustomers += counts[i]
		t.TotalRevenue += sums[i]
	}
	var cumC int
	var cumR float64
	for i, name := range names {
		cumC += counts[i]
		cumR += sums[i]
		r := GainsRow{Bin: name, Customers: counts[i], Revenue: sums[i]}
		r.CustomerShare = ratio(float64(counts[i]), float64(t.TotalCustomers))
		r.RevenueShare = ratio(sums[i], t.TotalRevenue)
		r.CumCustomerShare = ratio(float64(cumC), float64(t.TotalCustomers))
		r.CumRevenueShare = ratio(cumR, t.TotalRevenue)
		r.Lift = ratio(r.RevenueShare, r.CustomerShare)
		r.CumLift = ratio(r.CumRevenueShare, r.CumCustomerShare)
		r.RevenuePerCustomer = ratio(sums[i], float64(counts[i]))
		t.Rows[i] = r
	}
	return t
}

// ratio is a/b, NaN when b is zero: an empty bin has no lift, not zero lift.
func ratio(a, b float64) float64 {
	if b == 0 {
		return nan()
	}
	return a / b
}

// String renders the table as aligned text (shares as percentages), for
// logs and golden files.
func (t GainsTable) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %9s %14s %8s %8s %8s %8s %7s %7s\n",
		"bin", "customers", "revenue", "cust%", "rev%", "cumcust%", "cumrev%", "lift", "cumlift")
	for _, r := range t.Rows {
		fmt.Fprintf(&b, "%-8s %9d %14.2f %7.2f%% %7.2f%% %7.2f%% %7.2f%% %7.3f %7.3f\n",
			r.Bin, r.Customers, r.Revenue, 100*r.CustomerShare, 100*r.RevenueShare,
			100*r.CumCustomerShare, 100*r.CumRevenueShare, r.Lift, r.CumLift)
	}
	fmt.Fprintf(&b, "%-8s %9d %14.2f\n", "total", t.TotalCustomers, t.TotalRevenue)
	return b.String()
}
