package core

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"strata/internal/metrics"
	"strata/internal/model"
	"strata/internal/store"
)

// StoreSynthetic writes a metrics.Synthetic input into an empty store, so
// that benchmarks measure the real load path (store scans) on data of an
// exact shape. It uses the bulk-load paths and one transaction per table.
func (s *Service) StoreSynthetic(ctx context.Context, in *metrics.Input) error {
	n, err := s.st.Counts(ctx)
	if err != nil {
		return err
	}
	if n["customers"] > 0 {
		return fmt.Errorf("the database already holds %d customers; synthetic data needs an empty one: %w", n["customers"], model.ErrConflict)
	}
	c := &in.Customers
	cs := make([]*model.Customer, len(c.ID))
	for i := range cs {
		cs[i] = &model.Customer{ID: c.ID[i], Gender: c.Gender[i], Region: c.Region[i], City: c.City[i], Occupation: c.Occupation[i],
			IncomeBand: c.IncomeBand[i], Source: c.Source[i], Owner: c.Owner[i], Age: int(c.Age[i]), Tags: c.Tags[i],
			BirthDate: unixOrZero(c.BirthDate[i]), RegisteredAt: unixOrZero(c.RegisteredAt[i])}
	}
	err = s.st.Write(ctx, func(tx *store.Tx) error {
		for start := 0; start < len(cs); start += 50_000 {
			if _, err := tx.UpsertCustomers(ctx, cs[start:min(start+50_000, len(cs))], store.CustomerFields(), 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Customers were inserted in order into an empty table: row i has id i+1.
	id := func(row int32) int64 { return int64(row) + 1 }
	statuses := [...]string{metrics.StatusPaid: model.StatusPaid, metrics.StatusRefunded: model.StatusRefunded, metrics.StatusCancelled: model.StatusCancelled}
	o := &in.Orders
	err = s.st.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.BeginBulk(ctx, "orders"); err != nil {
			return err
		}
		const per = 100_000
		lines := make([]*model.Order, 0, per)
		custs := make([]int64, 0, per)
		lineNo := 0
		for i := range o.Cust {
			if i > 0 && o.Order[i] == o.Order[i-1] && o.Cust[i] == o.Cust[i-1] {
				lineNo++
			} else {
				lineNo = 1
			}
			ord := &model.Order{OrderID: "S" + strconv.Itoa(int(o.Cust[i])) + "-" + strconv.Itoa(int(o.Order[i])), Line: lineNo,
				OrderedAt: time.Unix(o.At[i], 0), Amount: model.Money(o.Amount[i]), Discount: model.Money(o.Discount[i]),
				UnitPrice: model.Money(o.UnitPrice[i]), Status: statuses[o.Status[i]]}
			if o.HasCost[i] {
				ord.Cost, ord.HasCost = model.Money(o.Cost[i]), true
			}
			if o.Category[i] >= 0 {
				ord.Category = in.Categories[o.Category[i]]
			}
			lines = append(lines, ord)
			custs = append(custs, id(o.Cust[i]))
			if len(lines) == per || i == len(o.Cust)-1 {
				if _, err := tx.UpsertOrders(ctx, lines, custs, 0); err != nil {
					return err
				}
				lines, custs = lines[:0], custs[:0]
			}
		}
		return tx.EndBulk(ctx, "orders")
	})
	if err != nil {
		return err
	}
	return s.st.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.BeginBulk(ctx, "interactions"); err != nil {
			return err
		}
		it := &in.Interactions
		is := make([]*model.Interaction, len(it.Cust))
		ic := make([]int64, len(it.Cust))
		for i := range is {
			is[i] = &model.Interaction{ID: "I" + strconv.Itoa(i), At: time.Unix(it.At[i], 0), Channel: model.Channels[it.Channel[i]]}
			ic[i] = id(it.Cust[i])
		}
		if _, err := tx.UpsertInteractions(ctx, is, ic, 0); err != nil {
			return err
		}
		if err := tx.EndBulk(ctx, "interactions"); err != nil {
			return err
		}
		sv := &in.Surveys
		ss := make([]*model.Survey, len(sv.Cust))
		sc := make([]int64, len(sv.Cust))
		for i := range ss {
			ss[i] = &model.Survey{ID: "V" + strconv.Itoa(i), At: time.Unix(sv.At[i], 0), CSAT: int(sv.CSAT[i]), NPS: int(sv.NPS[i]), Preference: sv.Preference[i]}
			sc[i] = id(sv.Cust[i])
		}
		if _, err := tx.UpsertSurveys(ctx, ss, sc, 0); err != nil {
			return err
		}
		tk := &in.Tickets
		ts := make([]*model.Ticket, len(tk.Cust))
		tc := make([]int64, len(tk.Cust))
		for i := range ts {
			st := model.TicketOpen
			if tk.Closed[i] {
				st = model.TicketClosed
			}
			ts[i] = &model.Ticket{ID: "T" + strconv.Itoa(i), OpenedAt: time.Unix(tk.OpenedAt[i], 0), ClosedAt: unixOrZero(tk.ClosedAt[i]),
				Category: tk.Category[i], Status: st}
			tc[i] = id(tk.Cust[i])
		}
		_, err := tx.UpsertTickets(ctx, ts, tc, 0)
		return err
	})
}

func unixOrZero(v int64) time.Time {
	if v == metrics.NoTime {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}
