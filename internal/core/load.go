package core

import (
	"context"
	"fmt"
	"runtime"
	"sync"
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

	if err := s.loadOrders(ctx, in, cut, dense, row); err != nil {
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

// parallelLoadMin is the customer count from which orders load in
// parallel ranges (a variable so that tests can force the parallel path).
var parallelLoadMin int64 = 10_000

// orderPart is the order columns of one range of customers.
type orderPart struct {
	cols metrics.OrderCols
	cats []string // category dictionary of this part
	err  error
}

// loadOrders scans the orders in as many disjoint customer-id ranges as
// there are cores, in parallel, and concatenates the parts in customer
// order (each part is already in (customer, time) order), merging the
// category dictionaries.
func (s *Service) loadOrders(ctx context.Context, in *metrics.Input, cut int64, dense []int32, row func(int64) (int32, bool)) error {
	workers := runtime.GOMAXPROCS(0)
	maxID := int64(len(dense))
	if maxID < parallelLoadMin || workers < 2 {
		workers = 1
	}
	parts := make([]orderPart, workers)
	var wg sync.WaitGroup
	for w := range parts {
		from, to := maxID*int64(w)/int64(workers), maxID*int64(w+1)/int64(workers)
		if w == workers-1 {
			to = 1 << 62
		}
		wg.Add(1)
		go func(p *orderPart) {
			defer wg.Done()
			cats := map[string]int32{}
			o := &p.cols
			var lastCust int64 = -1
			var lastOrder []byte
			var orderKey int32
			p.err = s.st.ScanOrderRange(ctx, cut, from, to, func(f *store.OrderFact) error {
				r, ok := row(f.Customer)
				if !ok {
					return nil // customer registered after the as-of date
				}
				// Dense order keys: lines of one order are adjacent in
				// (customer, time, id) order unless an order spans times,
				// and keys need only be distinct per customer.
				if f.Customer != lastCust || string(f.OrderID) != string(lastOrder) {
					orderKey++
					lastOrder = append(lastOrder[:0], f.OrderID...)
				}
				lastCust = f.Customer
				cat := int32(-1)
				if len(f.Category) > 0 {
					k, ok := cats[string(f.Category)]
					if !ok {
						k = int32(len(p.cats))
						cats[string(f.Category)] = k
						p.cats = append(p.cats, string(f.Category))
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
		}(&parts[w])
	}
	wg.Wait()
	n := 0
	for _, p := range parts {
		if p.err != nil {
			return p.err
		}
		n += len(p.cols.Cust)
	}
	if workers == 1 {
		in.Orders, in.Categories = parts[0].cols, parts[0].cats
		return nil
	}
	o := &in.Orders
	o.Cust, o.At, o.Order, o.Status = make([]int32, 0, n), make([]int64, 0, n), make([]int32, 0, n), make([]uint8, 0, n)
	o.Amount, o.Cost, o.HasCost, o.Discount = make([]int64, 0, n), make([]int64, 0, n), make([]bool, 0, n), make([]int64, 0, n)
	o.UnitPrice, o.Category = make([]int64, 0, n), make([]int32, 0, n)
	global := map[string]int32{}
	for _, p := range parts {
		remap := make([]int32, len(p.cats))
		for i, c := range p.cats {
			k, ok := global[c]
			if !ok {
				k = int32(len(in.Categories))
				global[c] = k
				in.Categories = append(in.Categories, c)
			}
			remap[i] = k
		}
		c := &p.cols
		o.Cust, o.At, o.Order, o.Status = append(o.Cust, c.Cust...), append(o.At, c.At...), append(o.Order, c.Order...), append(o.Status, c.Status...)
		o.Amount, o.Cost, o.HasCost = append(o.Amount, c.Amount...), append(o.Cost, c.Cost...), append(o.HasCost, c.HasCost...)
		o.Discount, o.UnitPrice = append(o.Discount, c.Discount...), append(o.UnitPrice, c.UnitPrice...)
		for _, k := range c.Category {
			if k >= 0 {
				k = remap[k]
			}
			o.Category = append(o.Category, k)
		}
	}
	return nil
}
