package core

import (
	"context"
	"fmt"
	"time"

	"strata/internal/metrics"
	"strata/internal/model"
	"strata/internal/store"
)

// Cutoff is the first instant after the as-of date d in loc: a record
// belongs to a run "as of d" iff its time is before the cutoff. It is
// metrics' own definition (correct where a DST change skips midnight), so
// the store query and the metrics agree on the boundary.
func Cutoff(d time.Time, loc *time.Location) time.Time { return metrics.Cutoff(d, loc) }

// LoadInput reads everything known before the end of asOf into the
// columnar input of package metrics, in a few bulk scans (one query per
// table, rows in customer order), never per customer.
func (s *Service) LoadInput(ctx context.Context, asOf time.Time) (*metrics.Input, []int64, error) {
	cut := Cutoff(asOf, s.loc).Unix()
	in := &metrics.Input{AsOf: time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC), Loc: s.loc}
	c := &in.Customers
	var ids []int64
	var dense []int32 // internal id -> row, -1 when absent
	err := s.st.ScanCustomers(ctx, cut, func(f *store.CustomerFact) error {
		for int64(len(dense)) <= f.ID {
			dense = append(dense, -1)
		}
		dense[f.ID] = int32(len(ids))
		ids = append(ids, f.ID)
		c.ID = append(c.ID, f.ExtID)
		c.Gender = append(c.Gender, f.Gender)
		c.Region = append(c.Region, f.Region)
		c.City = append(c.City, f.City)
		c.Occupation = append(c.Occupation, f.Occupation)
		c.IncomeBand = append(c.IncomeBand, f.IncomeBand)
		c.Source = append(c.Source, f.Source)
		c.Owner = append(c.Owner, f.Owner)
		c.BirthDate = append(c.BirthDate, orNoTime(f.BirthDate.Int64, f.BirthDate.Valid))
		c.RegisteredAt = append(c.RegisteredAt, orNoTime(f.RegisteredAt.Int64, f.RegisteredAt.Valid))
		c.Age = append(c.Age, int16(f.Age.Int64))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	row := func(id int64) (int32, bool) {
		if id < 0 || id >= int64(len(dense)) || dense[id] < 0 {
			return 0, false
		}
		return dense[id], true
	}
	c.Tags = make([][]string, len(ids))
	if err := s.st.ScanTags(ctx, func(cust int64, tag string) error {
		if r, ok := row(cust); ok {
			c.Tags[r] = append(c.Tags[r], tag)
		}
		return nil
	}); err != nil {
		return nil, nil, err
	}

	o := &in.Orders
	cats := map[string]int32{}
	var lastCust int64 = -1
	var lastOrder []byte
	var orderKey int32
	err = s.st.ScanOrders(ctx, cut, func(f *store.OrderFact) error {
		r, ok := row(f.Customer)
		if !ok {
			return nil // customer registered after the as-of date
		}
		// Dense order keys per customer: lines of one order are adjacent in
		// (customer, time, order_id) order unless an order spans times.
		if f.Customer != lastCust || string(f.OrderID) != string(lastOrder) {
			orderKey++
			lastOrder = append(lastOrder[:0], f.OrderID...)
		}
		lastCust = f.Customer
		cat := int32(-1)
		if len(f.Category) > 0 {
			k, ok := cats[string(f.Category)]
			if !ok {
				k = int32(len(in.Categories))
				cats[string(f.Category)] = k
				in.Categories = append(in.Categories, string(f.Category))
			}
			cat = k
		}
		o.Cust = append(o.Cust, r)
		o.At = append(o.At, f.At)
		o.Order = append(o.Order, orderKey)
		o.Status = append(o.Status, uint8(f.Status))
		o.Amount = append(o.Amount, f.Amount)
		o.Cost = append(o.Cost, f.Cost.Int64)
		o.HasCost = append(o.HasCost, f.Cost.Valid)
		o.Discount = append(o.Discount, f.Discount)
		o.UnitPrice = append(o.UnitPrice, f.UnitPrice)
		o.Category = append(o.Category, cat)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}

	it := &in.Interactions
	if err := s.st.ScanInteractions(ctx, cut, func(f *store.InteractionFact) error {
		r, ok := row(f.Customer)
		if !ok {
			return nil
		}
		ch, ok := metrics.ChannelCode(string(f.Channel))
		if !ok {
			ch, _ = metrics.ChannelCode(model.ChannelOther)
		}
		it.Cust, it.At, it.Channel = append(it.Cust, r), append(it.At, f.At), append(it.Channel, ch)
		return nil
	}); err != nil {
		return nil, nil, err
	}

	sv := &in.Surveys
	if err := s.st.ScanSurveys(ctx, cut, func(f *store.SurveyFact) error {
		r, ok := row(f.Customer)
		if !ok {
			return nil
		}
		nps := int8(-1)
		if f.NPS.Valid {
			nps = int8(f.NPS.Int64)
		}
		sv.Cust, sv.At = append(sv.Cust, r), append(sv.At, f.At)
		sv.CSAT, sv.NPS = append(sv.CSAT, int8(f.CSAT.Int64)), append(sv.NPS, nps)
		sv.Preference = append(sv.Preference, string(f.Preference))
		return nil
	}); err != nil {
		return nil, nil, err
	}

	tk := &in.Tickets
	if err := s.st.ScanTickets(ctx, cut, func(f *store.TicketFact) error {
		r, ok := row(f.Customer)
		if !ok {
			return nil
		}
		tk.Cust, tk.OpenedAt, tk.Closed = append(tk.Cust, r), append(tk.OpenedAt, f.OpenedAt), append(tk.Closed, f.Closed)
		tk.ClosedAt = append(tk.ClosedAt, orNoTime(f.ClosedAt.Int64, f.ClosedAt.Valid))
		tk.Category = append(tk.Category, string(f.Category))
		return nil
	}); err != nil {
		return nil, nil, err
	}
	if len(s.premium) > 0 {
		in.Premium = make([]bool, len(in.Categories))
		for i, c := range in.Categories {
			in.Premium[i] = s.premium[c]
		}
	}
	if len(ids) == 0 {
		return nil, nil, fmt.Errorf("no customers registered by %s: %w", asOf.Format("2006-01-02"), model.ErrNotFound)
	}
	return in, ids, nil
}

func orNoTime(v int64, ok bool) int64 {
	if !ok {
		return metrics.NoTime
	}
	return v
}
