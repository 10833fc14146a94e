package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMoneyString(t *testing.T) {
	for m, want := range map[Money]string{0: "0.00", 5: "0.05", 1234: "12.34", -1: "-0.01", -123456: "-1234.56"} {
		if got := m.String(); got != want {
			t.Errorf("%d: %q want %q", int64(m), got, want)
		}
	}
}

func TestValidation(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		err   error
		field string
	}{
		{"customer ok", (&Customer{ID: "C1", Name: "张三"}).Validate(), ""},
		{"customer id missing", (&Customer{}).Validate(), "customer_id"},
		{"customer id control char", (&Customer{ID: "C\x01"}).Validate(), "customer_id"},
		{"customer gender", (&Customer{ID: "C", Gender: "x"}).Validate(), "gender"},
		{"customer long name", (&Customer{ID: "C", Name: strings.Repeat("名", 1001)}).Validate(), "name"},
		{"order ok", (&Order{OrderID: "O", CustomerID: "C", OrderedAt: at, Status: StatusPaid}).Validate(), ""},
		{"order no time", (&Order{OrderID: "O", CustomerID: "C", Status: StatusPaid}).Validate(), "ordered_at"},
		{"order status", (&Order{OrderID: "O", CustomerID: "C", OrderedAt: at, Status: "lost"}).Validate(), "status"},
		{"order discount", (&Order{OrderID: "O", CustomerID: "C", OrderedAt: at, Status: StatusPaid, Discount: -1}).Validate(), "discount"},
		{"interaction channel", (&Interaction{CustomerID: "C", At: at, Channel: "pigeon"}).Validate(), "channel"},
		{"survey csat", (&Survey{CustomerID: "C", At: at, CSAT: 6, NPS: -1}).Validate(), "csat"},
		{"survey nps", (&Survey{CustomerID: "C", At: at, NPS: 11}).Validate(), "nps"},
		{"ticket closed before opened", (&Ticket{ID: "T", CustomerID: "C", OpenedAt: at, ClosedAt: at.Add(-time.Hour), Status: TicketClosed}).Validate(), "closed_at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.field == "" {
				if c.err != nil {
					t.Fatalf("unexpected %v", c.err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(c.err, &ve) || ve.Field != c.field || !errors.Is(c.err, ErrInvalid) {
				t.Fatalf("got %v, want a ValidationError on %s", c.err, c.field)
			}
		})
	}
}
