package ingest

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"strata/internal/model"
)

// sharedData is the project's reference data, relative to this package.
func sharedData(t testing.TB, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("reference data not available: %v", err)
	}
	return p
}

func TestCDNOWMaster(t *testing.T) {
	path := sharedData(t, "cdnow", "CDNOW_master.txt")
	tests := []struct {
		name string
		m    map[string]string
	}{
		{"aliases", nil},
		{"explicit map", map[string]string{"quantity": "number_of_cds", "amount": "dollar_value"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := NewReader(f, Options{Kind: KindOrders, Map: tc.m})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Format() != FormatWS || r.Encoding() != EncodingUTF8 {
				t.Errorf("format %s/%s; want ws/utf-8", r.Format(), r.Encoding())
			}
			wantMap := map[string]string{"customer_id": "customer_id", "ordered_at": "date", "quantity": "number_of_cds", "amount": "dollar_value"}
			if got := r.Mapping(); !mapsEqual(got, wantMap) {
				t.Errorf("mapping %v; want %v", got, wantMap)
			}
			var rows, cds int
			var total model.Money
			customers := map[string]bool{}
			ids := map[string]bool{}
			first, last := time.Time{}, time.Time{}
			for {
				row, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(row.Errs) > 0 {
					t.Fatalf("line %d: %v", row.Line, row.Errs)
				}
				o := row.Order
				rows++
				total += o.Amount
				cds += int(o.Quantity)
				customers[o.CustomerID] = true
				if ids[o.OrderID] {
					t.Fatalf("line %d: order id %s repeated", row.Line, o.OrderID)
				}
				ids[o.OrderID] = true
				if rows == 1 {
					first = o.OrderedAt
					if row.Line != 2 || o.CustomerID != "00001" || o.Amount != 1177 || o.Quantity != 1 || o.Line != 1 || o.OrderID[0] != '~' {
						t.Errorf("first row = line %d %+v", row.Line, o)
					}
				}
				last = o.OrderedAt
			}
			if rows != 69659 || total != 250031563 || len(customers) != 23570 || cds != 167881 {
				t.Errorf("rows %d, total %s, customers %d, cds %d; want 69659, 2500315.63, 23570, 167881", rows, total, len(customers), cds)
			}
			if want := time.Date(1996, 12, 31, 16, 0, 0, 0, time.UTC); !first.Equal(want) {
				t.Errorf("first date %v; want %v (1997-01-01 in Shanghai)", first, want)
			}
			if last.IsZero() {
				t.Error("no last date")
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
