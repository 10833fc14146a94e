package core_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"strata/internal/analytics/clv"
	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// TestFitCLVFromStoredCDNOW imports the CDNOW 1/10 sample through the
// normal import path and fits every model on the stored orders; the
// published parameters must come back within 1 %.
func TestFitCLVFromStoredCDNOW(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "cdnow", "cdnowElog.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("CDNOW data not present: %v", err)
	}
	defer f.Close()
	s := storetest.Open(t, store.SQLite)
	svc := newService(s)
	ctx := context.Background()
	if _, err := svc.Import(ctx, f, core.ImportOptions{Read: ingest.Options{Kind: ingest.KindOrders,
		Map: map[string]string{"customer_id": "masterid", "quantity": "cds", "amount": "sales"}}}); err != nil {
		t.Fatal(err)
	}
	calEnd := time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	want := map[string]map[string]float64{
		core.ModelBGNBD:      {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
		core.ModelPareto:     {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669},
		core.ModelGammaGamma: {"p": 6.25, "q": 3.74, "v": 15.44},
	}
	for m, ps := range want {
		t.Run(m, func(t *testing.T) {
			fit, err := svc.FitCLV(ctx, core.CLVFitOptions{AsOf: calEnd, HoldoutEnd: time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC), Unit: clv.Weeks, Model: m})
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range ps {
				if got := fit.Params[k]; math.Abs(got-v)/v > 0.01 {
					t.Errorf("%s = %.5f, published %.3f", k, got, v)
				}
				if se, ok := fit.SE[k]; !ok || !(se > 0) {
					t.Errorf("%s: standard error %v", k, se)
				}
			}
			if m == core.ModelGammaGamma {
				if fit.Customers != 946 {
					t.Errorf("gamma-gamma fitted on %d customers, want 946", fit.Customers)
				}
				return
			}
			if fit.Customers != 2357 || fit.Holdout == nil || fit.Holdout.Model.TotalActual != 1882 {
				t.Fatalf("fit %+v", fit)
			}
			if fit.Holdout.Model.MAE >= fit.Holdout.Baseline.MAE {
				t.Errorf("model MAE %.3f does not beat the naive baseline %.3f", fit.Holdout.Model.MAE, fit.Holdout.Baseline.MAE)
			}
		})
	}
}

func TestValidateOnCDNOW(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "cdnow", "cdnowElog.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("CDNOW data not present: %v", err)
	}
	defer f.Close()
	svc := newService(storetest.Open(t, store.SQLite))
	ctx := context.Background()
	if _, err := svc.Import(ctx, f, core.ImportOptions{Read: ingest.Options{Kind: ingest.KindOrders,
		Map: map[string]string{"customer_id": "masterid", "quantity": "cds", "amount": "sales"}}}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Validate(ctx, core.ValidateOptions{AsOf: time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC),
		HoldoutEnd: time.Date(1998, 6, 30, 0, 0, 0, 0, time.UTC), Unit: clv.Weeks})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.CLVDeciles) != 10 || res.Customers != 2357 || res.Months != 9 {
		t.Fatalf("result %+v", res)
	}
	total, customers := 0.0, 0
	for _, b := range res.CLVDeciles {
		total += b.RevenueShare
		customers += b.Customers
	}
	if math.Abs(total-1) > 1e-9 || customers != 2357 {
		t.Fatalf("deciles do not add up: share %v customers %d", total, customers)
	}
	// The top predicted decile must capture far more than its tenth.
	if res.TopDecile < 0.3 || *res.CLVDeciles[0].Lift < 3 {
		t.Errorf("top decile captures %.1f%% of holdout revenue (lift %.2f)", 100*res.TopDecile, *res.CLVDeciles[0].Lift)
	}
	t.Logf("top CLV decile: %.1f%% of holdout revenue, lift %.2f", 100*res.TopDecile, *res.CLVDeciles[0].Lift)
	// The value tiers as of the calibration end predict the holdout too:
	// the high tier earns more per customer than the low tier.
	if len(res.ValueTiers) != 4 || res.ValueTiers[0].RevenuePerCustomer == nil || res.ValueTiers[2].RevenuePerCustomer == nil ||
		*res.ValueTiers[0].RevenuePerCustomer <= *res.ValueTiers[2].RevenuePerCustomer {
		t.Fatalf("value tier lift %+v", res.ValueTiers)
	}
	share := 0.0
	for _, b := range res.ValueTiers {
		share += b.RevenueShare
	}
	if math.Abs(share-1) > 1e-9 {
		t.Fatalf("tiers hold %.3f of the holdout revenue", share)
	}
	t.Logf("high value tier: %.1f%% of customers, %.1f%% of holdout revenue", 100*float64(res.ValueTiers[0].Customers)/2357, 100*res.ValueTiers[0].RevenueShare)
}
