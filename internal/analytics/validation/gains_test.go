package validation

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestGainsByTier(t *testing.T) {
	tiers := []string{"VIP", "Regular", "VIP", "Regular", "Regular", "Dormant", "Dormant", "Regular", "Regular", "Dormant"}
	revenue := []float64{500, 50, 300, 40, 60, 0, 10, 30, 20, 0}
	g, err := GainsByTier(tiers, revenue, []string{"VIP", "Regular", "Dormant", "Lost"})
	if err != nil {
		t.Fatal(err)
	}
	if g.TotalCustomers != 10 || !near(g.TotalRevenue, 1010) {
		t.Fatalf("totals = %d, %v", g.TotalCustomers, g.TotalRevenue)
	}
	want := []struct {
		bin               string
		customers         int
		revShare, lift    float64
		cumRev, cumLift   float64
		perCustomerRevNaN bool
	}{
		{"VIP", 2, 800.0 / 1010, (800.0 / 1010) / 0.2, 800.0 / 1010, (800.0 / 1010) / 0.2, false},
		{"Regular", 5, 200.0 / 1010, (200.0 / 1010) / 0.5, 1000.0 / 1010, (1000.0 / 1010) / 0.7, false},
		{"Dormant", 3, 10.0 / 1010, (10.0 / 1010) / 0.3, 1, 1, false},
		{"Lost", 0, 0, math.NaN(), 1, 1, true},
	}
	for i, w := range want {
		t.Run(w.bin, func(t *testing.T) {
			r := g.Rows[i]
			if r.Bin != w.bin || r.Customers != w.customers || !near(r.RevenueShare, w.revShare) ||
				!near(r.CumRevenueShare, w.cumRev) || !near(r.CumLift, w.cumLift) {
				t.Fatalf("row = %+v", r)
			}
			if math.IsNaN(w.lift) != math.IsNaN(r.Lift) || (!math.IsNaN(w.lift) && !near(r.Lift, w.lift)) {
				t.Fatalf("lift = %v, want %v", r.Lift, w.lift)
			}
			if math.IsNaN(r.RevenuePerCustomer) != w.perCustomerRevNaN {
				t.Fatalf("revenue per customer = %v", r.RevenuePerCustomer)
			}
		})
	}
	t.Run("unknown tier", func(t *testing.T) {
		if _, err := GainsByTier([]string{"X"}, []float64{1}, []string{"VIP"}); err == nil {
			t.Fatal("want error for a tier missing from order")
		}
	})
	t.Run("duplicate in order", func(t *testing.T) {
		if _, err := GainsByTier(nil, nil, []string{"VIP", "VIP"}); err == nil {
			t.Fatal("want error for duplicate order")
		}
	})
}

func TestGainsByScore(t *testing.T) {
	// Scores rank customers 9..0; revenue equals the score, so the top bin
	// captures the most. Five customers in two bins: sizes 2 and 3.
	scores := []float64{0.1, 0.9, 0.5, 0.7, 0.3}
	revenue := []float64{1, 9, 5, 7, 3}
	g, err := GainsByScore(scores, revenue, 2)
	if err != nil {
		t.Fatal(err)
	}
	if g.Rows[0].Bin != "1" || g.Rows[0].Customers != 2 || !near(g.Rows[0].Revenue, 16) {
		t.Fatalf("bin 1 = %+v", g.Rows[0])
	}
	if g.Rows[1].Customers != 3 || !near(g.Rows[1].Revenue, 9) {
		t.Fatalf("bin 2 = %+v", g.Rows[1])
	}
	if !near(g.Rows[0].Lift, (16.0/25)/(2.0/5)) {
		t.Fatalf("lift = %v", g.Rows[0].Lift)
	}
	t.Run("ties break by input order", func(t *testing.T) {
		g, _ := GainsByScore([]float64{1, 1, 1, 1}, []float64{10, 0, 0, 0}, 2)
		if g.Rows[0].Revenue != 10 {
			t.Fatalf("first bin revenue = %v, want 10 (stable order)", g.Rows[0].Revenue)
		}
	})
	t.Run("deciles of 1000 random-order customers", func(t *testing.T) {
		n := 1000
		s := make([]float64, n)
		r := make([]float64, n)
		for i := range n {
			s[i] = float64((i * 7919) % n) // a permutation of 0..n-1
			r[i] = 1
		}
		g, _ := GainsByScore(s, r, 10)
		for _, row := range g.Rows {
			if row.Customers != 100 || !near(row.Lift, 1) {
				t.Fatalf("uniform revenue must give lift 1 in every decile: %+v", row)
			}
		}
	})
	t.Run("bad bins", func(t *testing.T) {
		if _, err := GainsByScore(nil, nil, 0); err == nil {
			t.Fatal("want error")
		}
	})
}

func TestGainsString(t *testing.T) {
	g, _ := GainsByTier([]string{"A", "B"}, []float64{3, 1}, []string{"A", "B"})
	want := "" +
		"bin      customers        revenue    cust%     rev% cumcust%  cumrev%    lift cumlift\n" +
		"A                1           3.00   50.00%   75.00%   50.00%   75.00%   1.500   1.500\n" +
		"B                1           1.00   50.00%   25.00%  100.00%  100.00%   0.500   1.000\n" +
		"total            2           4.00\n"
	if g.String() != want {
		t.Fatalf("String() =\n%s\nwant\n%s", g.String(), want)
	}
}
