package core

import (
	"context"
	"time"

	"strata/internal/demo"
	"strata/internal/model"
	"strata/internal/store"
)

// DemoResult counts what LoadDemo wrote.
type DemoResult struct {
	Customers    int     `json:"customers"`
	Orders       int     `json:"order_lines"`
	Interactions int     `json:"interactions"`
	Surveys      int     `json:"surveys"`
	Tickets      int     `json:"tickets"`
	Seconds      float64 `json:"seconds"`
}

// demoChunk is how many customers (with all their records) are written per
// transaction: each transaction holds whole customers, so an interrupted
// load leaves complete records only.
const demoChunk = 20000

// LoadDemo generates a synthetic business and writes it through the same
// upsert path as imports, so the demo exercises the real write code.
func (s *Service) LoadDemo(ctx context.Context, opt demo.Options, progress func(customers int)) (*DemoResult, error) {
	start := time.Now()
	if opt.Location == nil {
		opt.Location = s.loc
	}
	b := &demoBuffer{s: s, ctx: ctx, res: &DemoResult{}, progress: progress}
	if err := demo.Generate(opt, b); err != nil {
		return b.res, err
	}
	if err := b.flush(); err != nil {
		return b.res, err
	}
	b.res.Seconds = time.Since(start).Seconds()
	return b.res, nil
}

// demoBuffer is the demo.Sink: it copies the generator's reused records and
// writes them in chunks.
type demoBuffer struct {
	s        *Service
	ctx      context.Context
	res      *DemoResult
	progress func(int)

	customers    []*model.Customer
	orders       []*model.Order
	interactions []*model.Interaction
	surveys      []*model.Survey
	tickets      []*model.Ticket
}

func (b *demoBuffer) Customer(c *model.Customer) error {
	if len(b.customers) >= demoChunk {
		if err := b.flush(); err != nil {
			return err
		}
	}
	cc := *c
	cc.Tags = append([]string(nil), c.Tags...)
	b.customers = append(b.customers, &cc)
	return b.ctx.Err()
}

func (b *demoBuffer) Order(o *model.Order) error {
	oo := *o
	b.orders = append(b.orders, &oo)
	return nil
}

func (b *demoBuffer) Interaction(i *model.Interaction) error {
	ii := *i
	b.interactions = append(b.interactions, &ii)
	return nil
}

func (b *demoBuffer) Survey(v *model.Survey) error {
	vv := *v
	b.surveys = append(b.surveys, &vv)
	return nil
}

func (b *demoBuffer) Ticket(t *model.Ticket) error {
	tt := *t
	b.tickets = append(b.tickets, &tt)
	return nil
}

func (b *demoBuffer) flush() error {
	if len(b.customers) == 0 {
		return nil
	}
	err := b.s.st.Write(b.ctx, func(tx *store.Tx) error {
		if _, err := tx.UpsertCustomers(b.ctx, b.customers, store.CustomerFields(), 0); err != nil {
			return err
		}
		ext := make([]string, len(b.customers))
		for i, c := range b.customers {
			ext[i] = c.ID
		}
		ids, _, err := tx.ResolveCustomers(b.ctx, ext, false)
		if err != nil {
			return err
		}
		if _, err := tx.UpsertOrders(b.ctx, b.orders, custIDs(ids, b.orders, func(o *model.Order) string { return o.CustomerID }), 0); err != nil {
			return err
		}
		if _, err := tx.UpsertInteractions(b.ctx, b.interactions, custIDs(ids, b.interactions, func(r *model.Interaction) string { return r.CustomerID }), 0); err != nil {
			return err
		}
		if _, err := tx.UpsertSurveys(b.ctx, b.surveys, custIDs(ids, b.surveys, func(r *model.Survey) string { return r.CustomerID }), 0); err != nil {
			return err
		}
		_, err = tx.UpsertTickets(b.ctx, b.tickets, custIDs(ids, b.tickets, func(r *model.Ticket) string { return r.CustomerID }), 0)
		return err
	})
	if err != nil {
		return err
	}
	b.res.Customers += len(b.customers)
	b.res.Orders += len(b.orders)
	b.res.Interactions += len(b.interactions)
	b.res.Surveys += len(b.surveys)
	b.res.Tickets += len(b.tickets)
	b.customers, b.orders, b.interactions, b.surveys, b.tickets = b.customers[:0], b.orders[:0], b.interactions[:0], b.surveys[:0], b.tickets[:0]
	if b.progress != nil {
		b.progress(b.res.Customers)
	}
	return nil
}

func custIDs[T any](ids map[string]int64, recs []T, cust func(T) string) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = ids[cust(r)]
	}
	return out
}
