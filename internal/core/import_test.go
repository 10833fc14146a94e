package core_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func newService(s *store.Store) *core.Service { return core.New(s, shanghai, nil) }

// rejects collects rejected rows in memory.
type rejects struct {
	header []string
	rows   [][]string
}

func (r *rejects) Header(c []string) error { r.header = c; return nil }
func (r *rejects) Row(c []string, reason string) error {
	r.rows = append(r.rows, append(append([]string(nil), c...), reason))
	return nil
}

const plantedOrders = "order_id,customer_id,ordered_at,amount,category\n" +
	"O1,C1,2024-01-05 10:00,100.50,茶叶\n" + // line 2 ok
	"O2,C1,2024-02-30,20,茶叶\n" + // line 3 wrong date
	"O3,C2,2024-03-01,abc,茶具\n" + // line 4 non-numeric amount
	"O4,,2024-03-02,30,茶具\n" + // line 5 missing customer id
	"O5,C3,2024-03-03\n" + // line 6 wrong column count
	"O6,C3,2024/3/4 8:26,¥1,234.00,礼盒\n" + // line 7: unquoted thousands separator = extra column
	"O7,C3,2024/3/4 8:26,\"¥1,234.00\",礼盒\n" // line 8 ok

func TestImportAllOrNothingReportsEveryBadRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		var reported []ingest.FieldError
		res, err := svc.Import(ctx, strings.NewReader(plantedOrders), core.ImportOptions{
			Read:   ingest.Options{Kind: ingest.KindOrders},
			Report: func(fe ingest.FieldError) error { reported = append(reported, fe); return nil },
		})
		if !errors.Is(err, core.ErrInvalidRows) || !errors.Is(err, model.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalidRows", err)
		}
		lines := map[int]bool{}
		for _, fe := range reported {
			lines[fe.Line] = true
		}
		for _, l := range []int{3, 4, 5, 6, 7} {
			if !lines[l] {
				t.Errorf("line %d not reported; got %+v", l, reported)
			}
		}
		if lines[2] || lines[8] {
			t.Errorf("valid lines reported: %+v", reported)
		}
		if res.Rejected != 5 || res.RowsRead != 7 || res.Committed {
			t.Errorf("result %+v", res)
		}
		n, _ := s.Counts(ctx)
		if n["orders"] != 0 || n["customers"] != 0 {
			t.Fatalf("all-or-nothing import wrote %v", n)
		}
	})
}

func TestImportSkipInvalidWritesExactlyTheGoodRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		rj := &rejects{}
		res, err := svc.Import(ctx, strings.NewReader(plantedOrders), core.ImportOptions{
			Read: ingest.Options{Kind: ingest.KindOrders}, SkipInvalid: true, Rejects: rj,
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 2 || res.Rejected != 5 || res.CustomersCreated != 2 || !res.Committed {
			t.Fatalf("result %+v", res)
		}
		if len(rj.rows) != 5 {
			t.Fatalf("reject rows %d: %v", len(rj.rows), rj.rows)
		}
		if rj.header[len(rj.header)-1] != "reject_reason" {
			t.Errorf("reject header %v", rj.header)
		}
		var got []model.Order
		s.EachOrder(ctx, func(o *model.Order) error { got = append(got, *o); return nil })
		if len(got) != 2 || got[0].OrderID != "O1" || got[0].Amount != 10050 || got[1].OrderID != "O7" || got[1].Amount != 123400 {
			t.Fatalf("orders %+v", got)
		}
		// 2024-01-05 10:00 in Shanghai is 02:00 UTC.
		if want := time.Date(2024, 1, 5, 2, 0, 0, 0, time.UTC); !got[0].OrderedAt.Equal(want) {
			t.Errorf("ordered_at %v, want %v", got[0].OrderedAt, want)
		}
	})
}

func TestImportTwiceChangesNothingAndDryRunWritesNothing(t *testing.T) {
	const customers = "客户编号,姓名,手机,性别,标签\nA1,张三,13800138000,男,VIP;会员\nA2,李四,,女,\n"
	const orders = "订单号,客户编号,下单时间,实付金额\nS1,A1,2024-05-01,88\nS1,A1,2024-05-01,12\nS2,A3,2024-05-02,5\n"
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		imp := func(kind ingest.Kind, body string, dry bool) *core.ImportResult {
			t.Helper()
			res, err := svc.Import(ctx, strings.NewReader(body), core.ImportOptions{Read: ingest.Options{Kind: kind}, DryRun: dry})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		if r := imp(ingest.KindCustomers, customers, true); r.Inserted != 2 || r.Committed {
			t.Fatalf("dry run %+v", r)
		}
		if n, _ := s.Counts(ctx); n["customers"] != 0 {
			t.Fatalf("dry run wrote %v", n)
		}
		if r := imp(ingest.KindCustomers, customers, false); r.Inserted != 2 {
			t.Fatalf("customers %+v", r)
		}
		if r := imp(ingest.KindOrders, orders, false); r.Inserted != 3 || r.CustomersCreated != 1 {
			t.Fatalf("orders %+v", r)
		}
		if r := imp(ingest.KindCustomers, customers, false); r.Unchanged != 2 || r.Inserted+r.Updated != 0 {
			t.Fatalf("customers again %+v", r)
		}
		if r := imp(ingest.KindOrders, orders, false); r.Unchanged != 3 || r.Inserted+r.Updated+r.CustomersCreated != 0 {
			t.Fatalf("orders again %+v", r)
		}
		c, err := s.Customer(ctx, "A1")
		if err != nil || c.Name != "张三" || c.Gender != model.GenderMale || len(c.Tags) != 2 {
			t.Fatalf("A1 = %+v, %v", c, err)
		}
	})
}

func TestImportCDNOW(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "cdnow", "CDNOW_master.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("CDNOW data not present: %v", err)
	}
	if testing.Short() {
		t.Skip("short")
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		res, err := newService(s).Import(ctx, f, core.ImportOptions{Read: ingest.Options{Kind: ingest.KindOrders,
			Map: map[string]string{"quantity": "number_of_cds", "amount": "dollar_value"}}})
		if err != nil {
			t.Fatal(err)
		}
		n, _ := s.Counts(ctx)
		if n["customers"] != 23570 || n["orders"] != 69659 || res.CustomersCreated != 23570 || res.Inserted != 69659 {
			t.Fatalf("counts %v, result %+v", n, res)
		}
		var total model.Money
		s.EachOrder(ctx, func(o *model.Order) error { total += o.Amount; return nil })
		if total != 250031563 {
			t.Fatalf("total %v, want 2500315.63", total)
		}
	})
}
