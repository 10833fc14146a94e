package ingest

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// ordersCSV generates n order lines like a shop export: an order id, a
// customer, an ISO timestamp, quantity, unit price, amount, a SKU, a
// category, a channel and a status.
func ordersCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("order_id,customer_id,ordered_at,quantity,unit_price,amount,sku,category,channel,status\n")
	cats := []string{"服装", "数码", "家居", "食品"}
	chans := []string{"online", "store", "天猫", "微信"}
	for i := 0; i < n; i++ {
		q := i%5 + 1
		price := 1999 + i%300
		fmt.Fprintf(&b, "O%07d,C%06d,2024-%02d-%02d %02d:%02d:%02d,%d,%d.%02d,%d.%02d,SKU-%04d,%s,%s,paid\n",
			i/2, i%50000, i%12+1, i%28+1, i%24, i%60, (i*7)%60, q, price/100, price%100, q*price/100, q*price%100,
			i%5000, cats[i%4], chans[i%4])
	}
	return b.Bytes()
}

// BenchmarkReadOrdersCSV reads a 100k-row orders CSV from memory. It
// reports rows/s; a 1M-row import must stay well above 1M rows/s end to
// end, so this part should be several times faster.
func BenchmarkReadOrdersCSV(b *testing.B) {
	const n = 100_000
	data := ordersCSV(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader(bytes.NewReader(data), Options{Kind: KindOrders})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if len(row.Errs) > 0 {
				b.Fatalf("line %d: %v", row.Line, row.Errs)
			}
			rows++
		}
		if rows != n {
			b.Fatalf("%d rows", rows)
		}
		r.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadOrdersNoID is the same without an order id column, so every
// row pays for a derived id (SHA-256 and a map update).
func BenchmarkReadOrdersNoID(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	buf.WriteString("customer_id,ordered_at,quantity,amount\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "%05d,1997%02d%02d,%d,%d.%02d\n", i%23570, i%12+1, i%28+1, i%4+1, i%100, i%100)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader(bytes.NewReader(data), Options{Kind: KindOrders})
		if err != nil {
			b.Fatal(err)
		}
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil || len(row.Errs) > 0 {
				b.Fatal(err, row.Errs)
			}
		}
		r.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkParseTimeISO(b *testing.B) {
	o := DateOptions{}
	for i := 0; i < b.N; i++ {
		if _, err := ParseTime("2024-03-15 10:20:30", o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMoney(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseMoney("1234.50"); err != nil {
			b.Fatal(err)
		}
	}
}
