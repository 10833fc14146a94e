package metrics

import (
	"testing"
	"time"
)

// shanghai is the default business zone.
func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skipf("no tzdata: %v", err)
	}
	return loc
}

// ts parses "2006-01-02 15:04:05" in loc to unix seconds.
func ts(t testing.TB, loc *time.Location, s string) int64 {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.Unix()
}

// date is a birth date as CustomerCols.BirthDate wants it.
func date(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
}

// line is one order line of a hand-made fixture.
type line struct {
	cust     int32
	at       string
	key      int32
	status   uint8
	amount   int64
	price    int64
	cat      int32
	discount int64
	cost     int64 // with hasCost
	hasCost  bool
}

func (l line) add(t testing.TB, loc *time.Location, o *OrderCols) {
	o.Cust = append(o.Cust, l.cust)
	o.At = append(o.At, ts(t, loc, l.at))
	o.Order = append(o.Order, l.key)
	o.Status = append(o.Status, l.status)
	o.Amount = append(o.Amount, l.amount)
	o.UnitPrice = append(o.UnitPrice, l.price)
	o.Category = append(o.Category, l.cat)
	o.Discount = append(o.Discount, l.discount)
	o.Cost = append(o.Cost, l.cost)
	o.HasCost = append(o.HasCost, l.hasCost)
}

// fixture is the hand-made input of the golden test, as of 2024-03-31 in
// Asia/Shanghai. Every number in TestGolden is derived from it by hand.
//
//	0 C001 rich buyer: premium category, refund, cancellation, return,
//	       same-day orders, a purchase at 23:59:59 on D and one at 00:00
//	       on D+1, contacts before and after D.
//	1 C002 registered a month ago, never bought, stated age, contacts.
//	2 C003 registered after D: not in the table; its big order before D
//	       must not move the category median either.
//	3 C004 no registration date, 29 February birthday, bought only before
//	       the window, order keys out of line order.
func fixture(t testing.TB) *Input {
	loc := shanghai(t)
	in := &Input{
		AsOf:       time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC),
		Loc:        loc,
		Categories: []string{"luxury", "daily", "gadgets"},
		Premium:    []bool{true, false, false},
		Customers: CustomerCols{
			ID:           []string{"C001", "C002", "C003", "C004"},
			Gender:       []string{"female", "", "male", ""},
			Region:       []string{"华东", "", "", "North"},
			City:         []string{"上海", "", "", ""},
			IncomeBand:   []string{"10k-20k", "", "20k+", ""},
			Source:       []string{"web", "", "app", "store"},
			Owner:        []string{"", "staff01", "staff02", ""},
			BirthDate:    []int64{date(1990, 4, 1), NoTime, NoTime, date(2000, 2, 29)},
			Age:          []int16{0, 70, 30, 0},
			RegisteredAt: []int64{ts(t, loc, "2023-01-10 09:00:00"), ts(t, loc, "2024-03-01 10:00:00"), ts(t, loc, "2024-04-02 00:00:00"), NoTime},
			Tags:         [][]string{{"vip"}, nil, nil, nil},
		},
	}
	P, R, X := StatusPaid, StatusRefunded, StatusCancelled
	for _, l := range []line{
		{0, "2023-03-01 10:00:00", 1, P, 50000, 50000, 0, 0, 30000, true},
		{0, "2023-03-01 10:00:00", 1, P, 2000, 1000, 1, 500, 1200, true},
		{0, "2023-07-01 12:00:00", 2, R, 4000, 4000, 1, 0, 0, false},
		{0, "2023-08-01 12:00:00", 3, X, 7000, 7000, 1, 0, 0, false},
		{0, "2023-11-11 11:11:00", 4, P, 2000, 2000, 1, 0, 0, false},
		{0, "2024-01-15 09:00:00", 5, P, 3000, 3000, 1, 0, 0, false},
		{0, "2024-01-15 20:00:00", 6, P, 1000, 1000, 1, 200, 0, false},
		{0, "2024-02-01 11:00:00", 7, P, -1000, 1000, 1, 0, -600, true},
		{0, "2024-03-31 23:59:59", 8, P, 1500, 1500, 1, 0, 0, false},
		{0, "2024-04-01 00:00:00", 9, P, 99999, 99999, 1, 0, 0, false},
		{2, "2024-03-01 10:00:00", 10, P, 100000, 100000, 1, 0, 0, false},
		{3, "2023-01-01 10:00:00", 20, P, 2500, 2500, 1, 0, 0, false},
		{3, "2023-01-01 10:00:00", 20, P, 1000, 1000, 2, 0, 0, false},
		{3, "2023-02-01 10:00:00", 11, P, 2000, 2000, 2, 500, 0, false},
	} {
		l.add(t, loc, &in.Orders)
	}
	for _, i := range []struct {
		cust int32
		at   string
		ch   string
	}{
		{0, "2024-01-01 10:00:00", "phone"},
		{0, "2024-02-01 10:00:00", "online"},
		{0, "2024-04-01 08:00:00", "email"},
		{1, "2024-03-02 10:00:00", "face_to_face"},
		{1, "2024-03-03 10:00:00", "face_to_face"},
		{1, "2024-03-04 10:00:00", "social"},
	} {
		code, ok := ChannelCode(i.ch)
		if !ok {
			t.Fatalf("channel %q", i.ch)
		}
		in.Interactions.Cust = append(in.Interactions.Cust, i.cust)
		in.Interactions.At = append(in.Interactions.At, ts(t, loc, i.at))
		in.Interactions.Channel = append(in.Interactions.Channel, code)
	}
	for _, s := range []struct {
		cust      int32
		at        string
		csat, nps int8
		pref      string
	}{
		{0, "2023-12-01 10:00:00", 4, 9, "quality"},
		{0, "2024-03-15 10:00:00", 2, 6, ""},
		{0, "2024-04-02 10:00:00", 5, 10, "price"},
		{1, "2024-03-05 10:00:00", 0, 8, "service"},
	} {
		in.Surveys.Cust = append(in.Surveys.Cust, s.cust)
		in.Surveys.At = append(in.Surveys.At, ts(t, loc, s.at))
		in.Surveys.CSAT = append(in.Surveys.CSAT, s.csat)
		in.Surveys.NPS = append(in.Surveys.NPS, s.nps)
		in.Surveys.Preference = append(in.Surveys.Preference, s.pref)
	}
	for _, k := range []struct {
		cust     int32
		opened   string
		closed   string // "" = open
		category string
	}{
		{0, "2024-01-05 10:00:00", "2024-01-06 10:00:00", "Complaint"},
		{0, "2024-03-20 10:00:00", "2024-04-03 10:00:00", "question"},
		{0, "2024-03-25 10:00:00", "", "投诉"},
		{0, "2024-04-05 10:00:00", "", "complaint"},
	} {
		closedAt := NoTime
		if k.closed != "" {
			closedAt = ts(t, loc, k.closed)
		}
		in.Tickets.Cust = append(in.Tickets.Cust, k.cust)
		in.Tickets.OpenedAt = append(in.Tickets.OpenedAt, ts(t, loc, k.opened))
		in.Tickets.Closed = append(in.Tickets.Closed, k.closed != "")
		in.Tickets.ClosedAt = append(in.Tickets.ClosedAt, closedAt)
		in.Tickets.Category = append(in.Tickets.Category, k.category)
	}
	return in
}
