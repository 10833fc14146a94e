package clv

import (
	"errors"
	"math"
	"testing"

	"strata/internal/model"
)

// TestCLVMatchesLifetimes reproduces the CLV example of lifetimes'
// documentation: BG/NBD and Gamma-Gamma fitted to the CDNOW summary with
// monetary values (weeks), time=12, discount_rate=0.01. That example ran
// with lifetimes' daily default, so its "month" is 30 of the data's units
// (weeks): PeriodsPerMonth = LifetimesDaysPerMonth.
func TestCLVMatchesLifetimes(t *testing.T) {
	s := loadCDNOWRef(t, "cdnow_customers_summary_with_transactions.csv").S
	bg, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gg, err := FitGammaGamma(s.X, s.Zbar, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opt := CLVOptions{Months: 12, MonthlyDiscount: 0.01, PeriodsPerMonth: LifetimesDaysPerMonth}
	want := []float64{140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107, 28.109683, 38.180574, 167.418216, 38.180574}
	for i, w := range want {
		got, err := CLV(bg, s.X[i], s.Tx[i], s.T[i], gg.ExpectedSpend(s.X[i], s.Zbar[i]), opt)
		if err != nil {
			t.Fatal(err)
		}
		// The fits agree with lifetimes' to ~1e-7; so must the CLVs.
		if !within(got, w, 1e-6) {
			t.Errorf("customer %d: CLV = %.6f, lifetimes %.6f", i+1, got, w)
		}
	}
}

func TestCLVProperties(t *testing.T) {
	bg := BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	pn := ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	for _, m := range []PurchaseModel{bg, pn} {
		// With no discount the monthly increments telescope to E(H·f).
		undiscounted := CLVOptions{Months: 12, MonthlyDiscount: 0, PeriodsPerMonth: Weeks.PerMonth()}
		got, err := CLV(m, 2, 30.43, 38.86, 10, undiscounted)
		if err != nil {
			t.Fatal(err)
		}
		if want := 10 * m.ExpectedPurchases(12*Weeks.PerMonth(), 2, 30.43, 38.86); !within(got, want, 1e-12) {
			t.Errorf("%T: undiscounted CLV %v, want spend·E(12 months) = %v", m, got, want)
		}
		// Discounting lowers the value; a longer horizon raises it.
		d, _ := CLV(m, 2, 30.43, 38.86, 10, DefaultCLVOptions(Weeks))
		longer := DefaultCLVOptions(Weeks)
		longer.Months = 24
		l, _ := CLV(m, 2, 30.43, 38.86, 10, longer)
		if !(d < got && l > d) {
			t.Errorf("%T: discounted %v, undiscounted %v, 24 months %v", m, d, got, l)
		}
	}
}

func TestCLVOptionsValidate(t *testing.T) {
	cases := []struct {
		name string
		opt  CLVOptions
		ok   bool
	}{
		{"default days", DefaultCLVOptions(Days), true},
		{"default weeks", DefaultCLVOptions(Weeks), true},
		{"zero months", CLVOptions{Months: 0, MonthlyDiscount: 0.01, PeriodsPerMonth: 30}, false},
		{"discount at -100%", CLVOptions{Months: 12, MonthlyDiscount: -1, PeriodsPerMonth: 30}, false},
		{"NaN discount", CLVOptions{Months: 12, MonthlyDiscount: math.NaN(), PeriodsPerMonth: 30}, false},
		{"no month length", CLVOptions{Months: 12, MonthlyDiscount: 0.01}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opt.Validate()
			if tc.ok != (err == nil) {
				t.Fatalf("Validate() = %v", err)
			}
			if err != nil && !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			if _, err := CLV(BGNBD{R: 1, Alpha: 1, A: 1, B: 1}, 1, 1, 2, 10, tc.opt); (err == nil) != tc.ok {
				t.Errorf("CLV err = %v", err)
			}
		})
	}
}

// TestScoreAgreesWithPerCustomer checks the memoised batch scorer against
// the per-customer methods for both purchase models.
func TestScoreAgreesWithPerCustomer(t *testing.T) {
	s := cdnowSummary(t)
	bg, err := FitBGNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pn, err := FitParetoNBD(s.X, s.Tx, s.T, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gg, err := FitGammaGamma(s.X, s.Zbar, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opt := ScoreOptions{Horizon: 39, CLV: DefaultCLVOptions(Weeks)}
	for _, m := range []PurchaseModel{bg, pn} {
		sc, err := ScoreSummary(m, &gg, s, opt)
		if err != nil {
			t.Fatal(err)
		}
		totalCLV := 0.0
		for i := range s.Len() {
			x, tx, tt := s.X[i], s.Tx[i], s.T[i]
			spend := gg.ExpectedSpend(x, s.Zbar[i])
			clv, err := CLV(m, x, tx, tt, spend, opt.CLV)
			if err != nil {
				t.Fatal(err)
			}
			totalCLV += clv
			checks := []struct {
				name      string
				got, want float64
			}{
				{"PAlive", sc.PAlive[i], m.PAlive(x, tx, tt)},
				{"Expected", sc.Expected[i], m.ExpectedPurchases(opt.Horizon, x, tx, tt)},
				{"Spend", sc.Spend[i], spend},
				{"CLV", sc.CLV[i], clv},
			}
			for _, c := range checks {
				if !within(c.got, c.want, 1e-12) {
					t.Fatalf("%T customer %d %s: Score %v, per customer %v", m, s.Customer[i], c.name, c.got, c.want)
				}
			}
		}
		t.Logf("%T: total 12-month CLV of the 2,357 customers %.2f", m, totalCLV)
	}
}

func TestScoreInputs(t *testing.T) {
	bg := BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}
	gg := GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	x, tx, tt, zbar := []float64{0, 2}, []float64{0, 30}, []float64{38, 38}, []float64{0, 20}
	t.Run("no spend model", func(t *testing.T) {
		sc, err := Score(bg, nil, x, tx, tt, nil, ScoreOptions{Horizon: 39})
		if err != nil {
			t.Fatal(err)
		}
		if sc.Spend != nil || sc.CLV != nil || len(sc.PAlive) != 2 || sc.PAlive[0] != 1 {
			t.Errorf("scores = %+v", sc)
		}
	})
	bad := []struct {
		name string
		run  func() error
	}{
		{"zbar length", func() error {
			_, err := Score(bg, &gg, x, tx, tt, []float64{1}, ScoreOptions{Horizon: 39, CLV: DefaultCLVOptions(Weeks)})
			return err
		}},
		{"NaN zbar", func() error {
			_, err := Score(bg, &gg, x, tx, tt, []float64{0, math.NaN()}, ScoreOptions{Horizon: 39, CLV: DefaultCLVOptions(Weeks)})
			return err
		}},
		{"missing CLV options", func() error {
			_, err := Score(bg, &gg, x, tx, tt, zbar, ScoreOptions{Horizon: 39})
			return err
		}},
		{"negative horizon", func() error {
			_, err := Score(bg, nil, x, tx, tt, nil, ScoreOptions{Horizon: -1})
			return err
		}},
		{"t_x beyond T", func() error {
			_, err := Score(bg, nil, x, []float64{0, 40}, tt, nil, ScoreOptions{Horizon: 39})
			return err
		}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err = %v, want a validation error", err)
			}
		})
	}
}

func TestFitReportsNonConvergence(t *testing.T) {
	// Five customers with nearly equal spend: the spread across customers
	// is explained by within-customer noise alone, so q and v run off to
	// infinity together and there is no finite maximum.
	_, err := FitGammaGamma([]float64{0, 1, 2, 3, 1, 2, 4}, []float64{5, 0, 20, 35, 12, 18, 30}, FitOptions{})
	if !errors.Is(err, ErrNoConvergence) {
		t.Fatalf("err = %v, want ErrNoConvergence", err)
	}
	t.Log(err)
}
