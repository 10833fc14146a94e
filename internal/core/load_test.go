package core_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/metrics"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestLoadInputIsPointInTime(t *testing.T) {
	const customers = "customer_id,registered_at,tags\nA,2024-01-01,VIP\nB,2024-06-01,\nLATE,2024-12-31,\n"
	const orders = "order_id,customer_id,ordered_at,amount,status\n" +
		"1,A,2024-03-01 10:00,100,paid\n" +
		"1,A,2024-03-01 10:00,50,paid\n" + // second line of order 1
		"2,A,2024-06-30 23:59,30,refunded\n" + // last second of the as-of day in Shanghai
		"3,A,2024-07-01 00:00,999,paid\n" + // first second after: ignored
		"4,B,2024-06-15,20,paid\n"
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		for kind, body := range map[ingest.Kind]string{ingest.KindCustomers: customers} {
			if _, err := svc.Import(ctx, strings.NewReader(body), core.ImportOptions{Read: ingest.Options{Kind: kind}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Import(ctx, strings.NewReader(orders), core.ImportOptions{Read: ingest.Options{Kind: ingest.KindOrders}}); err != nil {
			t.Fatal(err)
		}
		asOf := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
		in, ids, err := svc.LoadInput(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 2 || strings.Join(in.Customers.ID, ",") != "A,B" {
			t.Fatalf("customers %v (LATE registered after the as-of date must be absent)", in.Customers.ID)
		}
		if len(in.Orders.Cust) != 4 || in.Orders.Order[0] != in.Orders.Order[1] || in.Orders.Order[1] == in.Orders.Order[2] {
			t.Fatalf("orders %+v", in.Orders)
		}
		if len(in.Customers.Tags[0]) != 1 || in.Customers.Tags[0][0] != "VIP" {
			t.Fatalf("tags %v", in.Customers.Tags)
		}
		tab, err := metrics.Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		freq, _ := tab.Num("frequency")
		mon, _ := tab.Num("monetary")
		rec, _ := tab.Num("recency_days")
		if freq[0] != 1 || mon[0] != 150 || rec[0] != float64(asOf.Sub(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))/(24*time.Hour)) {
			t.Fatalf("A: frequency %v monetary %v recency %v", freq[0], mon[0], rec[0])
		}
		if freq[1] != 1 || mon[1] != 20 || rec[1] != 15 || math.IsNaN(rec[1]) {
			t.Fatalf("B: frequency %v monetary %v recency %v", freq[1], mon[1], rec[1])
		}
	})
}

// TestLoadInputEncodesCategories: the customers' category columns come
// dictionary-encoded as well, agreeing with the strings row by row, and
// the feature table hands those codes out as they are.
func TestLoadInputEncodesCategories(t *testing.T) {
	const customers = "customer_id,gender,region,city,occupation,income_band,source,owner\n" +
		"A,女,华东,上海,engineer,high,web,张三\n" +
		"B,,华北,,teacher,,web,\n" +
		"C,male,华东,上海,engineer,low,门店,李四\n" +
		"D,女,\"West, US\",,,high,,张三\n"
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		if _, err := svc.Import(ctx, strings.NewReader(customers), core.ImportOptions{Read: ingest.Options{Kind: ingest.KindCustomers}}); err != nil {
			t.Fatal(err)
		}
		in, _, err := svc.LoadInput(ctx, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		c := &in.Customers
		cols := map[string][]string{"gender": c.Gender, "region": c.Region, "city": c.City, "occupation": c.Occupation,
			"income_band": c.IncomeBand, "source": c.Source, "owner": c.Owner}
		tab, err := metrics.Compute(in)
		if err != nil {
			t.Fatal(err)
		}
		for name, str := range cols {
			coded, ok := c.Coded[name]
			if !ok || !coded.Check(len(str)) {
				t.Fatalf("%s: no well-formed codes (%v)", name, ok)
			}
			for i, v := range str {
				if coded.Values[coded.Codes[i]] != v {
					t.Fatalf("%s row %d: code gives %q, want %q", name, i, coded.Values[coded.Codes[i]], v)
				}
			}
			if codes, _, _ := tab.Codes(name); &codes[0] != &coded.Codes[0] {
				t.Errorf("%s: the table encoded the strings again", name)
			}
		}
		if got := strings.Join(c.Coded["region"].Values, "|"); got != "华东|华北|West, US" {
			t.Errorf("region values %q", got)
		}
	})
}
