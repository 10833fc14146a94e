package store

import (
	"context"
	"fmt"

	"strata/internal/model"
)

// AddRecord creates one child record (*model.Order, *model.Interaction,
// *model.Survey or *model.Ticket) of an existing customer, named by the
// record's CustomerID. A record whose key exists already is
// model.ErrConflict and nothing is written (the upsert is rolled back); an
// unknown customer is model.ErrNotFound.
func (s *Store) AddRecord(ctx context.Context, rec any) error {
	return s.Write(ctx, func(tx *Tx) error {
		var table, cust string
		switch r := rec.(type) {
		case *model.Order:
			table, cust = "orders", r.CustomerID
		case *model.Interaction:
			table, cust = "interactions", r.CustomerID
		case *model.Survey:
			table, cust = "surveys", r.CustomerID
		case *model.Ticket:
			table, cust = "tickets", r.CustomerID
		default:
			return fmt.Errorf("add record: unsupported type %T", rec)
		}
		m, _, err := tx.ResolveCustomers(ctx, []string{cust}, false)
		if err != nil {
			return err
		}
		id, ok := m[cust]
		if !ok {
			return fmt.Errorf("customer %q: %w", cust, model.ErrNotFound)
		}
		before, err := tx.MaxID(ctx, table)
		if err != nil {
			return err
		}
		ids := []int64{id}
		var wc WriteCounts
		switch r := rec.(type) {
		case *model.Order:
			wc, err = tx.UpsertOrders(ctx, []*model.Order{r}, ids, before)
		case *model.Interaction:
			wc, err = tx.UpsertInteractions(ctx, []*model.Interaction{r}, ids, before)
		case *model.Survey:
			wc, err = tx.UpsertSurveys(ctx, []*model.Survey{r}, ids, before)
		case *model.Ticket:
			wc, err = tx.UpsertTickets(ctx, []*model.Ticket{r}, ids, before)
		}
		if err != nil {
			return err
		}
		if wc.Inserted != 1 {
			return fmt.Errorf("a %s record with this id exists: %w", table[:len(table)-1], model.ErrConflict)
		}
		return nil
	})
}
