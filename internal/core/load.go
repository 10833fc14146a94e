package core

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"strata/internal/dict"
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
	// Category-like columns are interned: equal values share one string,
	// which saves memory and lets the classifiers compare by pointer. The
	// customers' are dictionary-encoded as they are read, which interns
	// them too (metrics.CustomerCols.Coded), so that grouping by them does
	// not encode a million strings again per run.
	pool := map[string]string{}
	intern := func(v string) string {
		if p, ok := pool[v]; ok {
			return p
		}
		if len(pool) < 1<<16 {
			pool[v] = v
		}
		return v
	}
	var gender, region, city, occupation, income, source, owner dict.Builder
	var ids []int64
	var dense []int32 // internal id -> row, -1 when absent
	err := s.st.ScanCustomers(ctx, cut, func(f *store.CustomerFact) error {
		for int64(len(dense)) <= f.ID {
			dense = append(dense, -1)
		}
		dense[f.ID] = int32(len(ids))
		ids = append(ids, f.ID)
		c.ID = append(c.ID, f.ExtID)
		c.Gender = append(c.Gender, gender.Add(f.Gender))
		c.Region = append(c.Region, region.Add(f.Region))
		c.City = append(c.City, city.Add(f.City))
		c.Occupation = append(c.Occupation, occupation.Add(f.Occupation))
		c.IncomeBand = append(c.IncomeBand, income.Add(f.IncomeBand))
		c.Source = append(c.Source, source.Add(f.Source))
		c.Owner = append(c.Owner, owner.Add(f.Owner))
		c.BirthDate = append(c.BirthDate, orNoTime(f.BirthDate.Int64, f.BirthDate.Valid))
		c.RegisteredAt = append(c.RegisteredAt, orNoTime(f.RegisteredAt.Int64, f.RegisteredAt.Valid))
		c.Age = append(c.Age, int16(f.Age.Int64))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	c.Coded = map[string]dict.Column{"gender": gender.Column(), "region": region.Column(), "city": city.Column(),
		"occupation": occupation.Column(), "income_band": income.Column(), "source": source.Column(), "owner": owner.Column()}
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
		sv.Preference = append(sv.Preference, intern(string(f.Preference)))
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
		tk.Category = append(tk.Category, intern(string(f.Category)))
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
	// The scans leave garbage (driver values, grown columns) next to what
	// was loaded; at a million customers the heap is then close to the soft
	// memory limit, and the collection that must follow would run during
	// metrics.Compute, sharing the cores with it. Collect it here instead,
	// where it is counted with the load that caused it.
	if len(in.Orders.Cust) >= gcAfterLoadMin {
		runtime.GC()
	}
	return in, ids, nil
}

func orNoTime(v int64, ok bool) int64 {
	if !ok {
		return metrics.NoTime
	}
	return v
}

// gcAfterLoadMin is the number of order lines from which LoadInput
// collects its garbage before returning.
const gcAfterLoadMin = 1_000_000

// parallelLoadMin is the customer count from which orders load in
// parallel ranges (a variable so that tests can force the parallel path).
var parallelLoadMin int64 = 10_000

// loadOrders scans the orders in as many disjoint customer-id ranges as
// there are cores, in parallel, each range writing its own segment of
// columns sized by a count query beforehand (each segment is already in
// (customer, time) order), then merges the category dictionaries.
func (s *Service) loadOrders(ctx context.Context, in *metrics.Input, cut int64, dense []int32, row func(int64) (int32, bool)) error {
	workers := runtime.GOMAXPROCS(0)
	maxID := int64(len(dense))
	if maxID < parallelLoadMin || workers < 2 {
		workers = 1
	}
	type span struct{ from, to int64 }
	spans := make([]span, workers)
	for w := range spans {
		spans[w] = span{maxID * int64(w) / int64(workers), maxID * int64(w+1) / int64(workers)}
	}
	spans[workers-1].to = 1 << 62
	// Count first so that every column is allocated once at its final size
	// and each range writes its own segment: no growth, no concatenation
	// copy (the columns of 10M lines are half a gigabyte).
	counts := make([]int, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range spans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[w], errs[w] = s.st.CountOrderRange(ctx, cut, spans[w].from, spans[w].to)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	total := 0
	offs := make([]int, workers)
	for w, c := range counts {
		offs[w] = total
		total += c
	}
	o := &in.Orders
	o.Cust, o.At, o.Order, o.Status = make([]int32, total), make([]int64, total), make([]int32, total), make([]uint8, total)
	o.Amount, o.Cost, o.HasCost, o.Discount = make([]int64, total), make([]int64, total), make([]bool, total), make([]int64, total)
	o.UnitPrice, o.Category = make([]int64, total), make([]int32, total)
	got := make([]int, workers)
	cats := make([][]string, workers)
	for w := range spans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dict := map[string]int32{}
			var lastCust int64 = -1
			var lastOrder []byte
			var orderKey int32
			j, end := offs[w], offs[w]+counts[w]
			errs[w] = s.st.ScanOrderRange(ctx, cut, spans[w].from, spans[w].to, func(f *store.OrderFact) error {
				r, ok := row(f.Customer)
				if !ok {
					return nil // customer registered after the as-of date
				}
				if j == end {
					return errDataChanged
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
					k, ok := dict[string(f.Category)]
					if !ok {
						k = int32(len(cats[w]))
						dict[string(f.Category)] = k
						cats[w] = append(cats[w], string(f.Category))
					}
					cat = k
				}
				o.Cust[j], o.At[j], o.Order[j], o.Status[j] = r, f.At, orderKey, uint8(f.Status)
				o.Amount[j], o.Cost[j], o.HasCost[j] = f.Amount, f.Cost.Int64, f.Cost.Valid
				o.Discount[j], o.UnitPrice[j], o.Category[j] = f.Discount, f.UnitPrice, cat
				j++
				return nil
			})
			got[w] = j - offs[w]
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if errors.Is(err, errDataChanged) {
			return fmt.Errorf("orders were added while the run was loading them; run again: %w", model.ErrConflict)
		}
		return err
	}
	// Merge the category dictionaries and close the gaps left by lines of
	// customers registered after the as-of date.
	global := map[string]int32{}
	n := 0
	for w := range spans {
		remap := make([]int32, len(cats[w]))
		for i, c := range cats[w] {
			k, ok := global[c]
			if !ok {
				k = int32(len(in.Categories))
				global[c] = k
				in.Categories = append(in.Categories, c)
			}
			remap[i] = k
		}
		lo, hi := offs[w], offs[w]+got[w]
		for j := lo; j < hi; j++ {
			if k := o.Category[j]; k >= 0 {
				o.Category[j] = remap[k]
			}
		}
		if lo != n {
			copy(o.Cust[n:], o.Cust[lo:hi])
			copy(o.At[n:], o.At[lo:hi])
			copy(o.Order[n:], o.Order[lo:hi])
			copy(o.Status[n:], o.Status[lo:hi])
			copy(o.Amount[n:], o.Amount[lo:hi])
			copy(o.Cost[n:], o.Cost[lo:hi])
			copy(o.HasCost[n:], o.HasCost[lo:hi])
			copy(o.Discount[n:], o.Discount[lo:hi])
			copy(o.UnitPrice[n:], o.UnitPrice[lo:hi])
			copy(o.Category[n:], o.Category[lo:hi])
		}
		n += got[w]
	}
	o.Cust, o.At, o.Order, o.Status = o.Cust[:n], o.At[:n], o.Order[:n], o.Status[:n]
	o.Amount, o.Cost, o.HasCost, o.Discount = o.Amount[:n], o.Cost[:n], o.HasCost[:n], o.Discount[:n]
	o.UnitPrice, o.Category = o.UnitPrice[:n], o.Category[:n]
	return nil
}

// errDataChanged stops a load that found more rows than it counted.
var errDataChanged = errors.New("data changed during load")
