package clv_test

import (
	"fmt"

	"strata/internal/analytics/clv"
)

// A typical run: summarise transactions in the business time zone, fit the
// purchase and spend models, score every customer.
func Example() {
	// Synthetic cohort (the real caller builds Txn from its orders and
	// calls clv.Summarize).
	truth := clv.BGNBD{R: 0.25, Alpha: 40, A: 0.8, B: 2.5}
	s, err := clv.SimulateBGNBD(truth, clv.GammaGamma{P: 6, Q: 4, V: 15}, clv.SimulationOptions{Customers: 50000, Days: 730, Seed: 1})
	if err != nil {
		panic(err)
	}
	bg, err := clv.FitBGNBD(s.X, s.Tx, s.T, clv.FitOptions{})
	if err != nil {
		panic(err)
	}
	gg, err := clv.FitGammaGamma(s.X, s.Zbar, clv.FitOptions{})
	if err != nil {
		panic(err)
	}
	sc, err := clv.ScoreSummary(bg, &gg, s, clv.ScoreOptions{Horizon: 90, CLV: clv.DefaultCLVOptions(clv.Days)})
	if err != nil {
		panic(err)
	}
	// Cutting simulated purchase times to whole days (as real data is)
	// nudges α up from the true 40.
	fmt.Printf("BG/NBD r=%.2f alpha=%.0f a=%.1f b=%.1f\n", bg.R, bg.Alpha, bg.A, bg.B)
	fmt.Printf("Gamma-Gamma p=%.0f q=%.0f v=%.0f\n", gg.P, gg.Q, gg.V)
	fmt.Printf("customer 0: x=%v P(alive)=%.2f next 90 days=%.2f CLV=%.2f\n", s.X[0], sc.PAlive[0], sc.Expected[0], sc.CLV[0])
	// Output:
	// BG/NBD r=0.26 alpha=43 a=0.8 b=2.6
	// Gamma-Gamma p=6 q=4 v=16
	// customer 0: x=0 P(alive)=1.00 next 90 days=0.06 CLV=6.02
}
