package store

import (
	"context"

	"strata/internal/model"
)

var orderSpec = &upsertSpec{
	table: "orders",
	cols: []string{"order_id", "line", "customer", "ordered_at", "quantity", "unit_price", "amount", "cost",
		"discount", "sku", "product_name", "category", "channel", "status"},
	conflict: "order_id, line",
	update: []string{"customer", "ordered_at", "quantity", "unit_price", "amount", "cost",
		"discount", "sku", "product_name", "category", "channel", "status"},
	defaults: map[string]any{"quantity": float64(0), "unit_price": int64(0), "cost": sqlNull{}, "discount": int64(0),
		"sku": "", "product_name": "", "category": "", "channel": "", "status": "paid"},
}

// UpsertOrders writes order lines keyed by (order_id, line); cust[i] is the
// internal customer id of os[i].
func (tx *Tx) UpsertOrders(ctx context.Context, os []*model.Order, cust []int64, maxBefore int64) (WriteCounts, error) {
	args := make([]any, 0, len(os)*len(orderSpec.cols))
	for i, o := range os {
		var cost any
		if o.HasCost {
			cost = int64(o.Cost)
		}
		args = append(args, o.OrderID, int64(o.Line), cust[i], o.OrderedAt.Unix(), o.Quantity, int64(o.UnitPrice),
			int64(o.Amount), cost, int64(o.Discount), o.SKU, o.ProductName, o.Category, o.Channel, o.Status)
	}
	return tx.upsert(ctx, orderSpec, args, maxBefore)
}

var interactionSpec = &upsertSpec{
	table:    "interactions",
	cols:     []string{"ext_id", "customer", "at", "channel", "staff", "outcome", "note"},
	conflict: "ext_id",
	update:   []string{"customer", "at", "channel", "staff", "outcome", "note"},
	defaults: map[string]any{"staff": "", "outcome": "", "note": ""},
}

// UpsertInteractions writes interactions keyed by external id.
func (tx *Tx) UpsertInteractions(ctx context.Context, is []*model.Interaction, cust []int64, maxBefore int64) (WriteCounts, error) {
	args := make([]any, 0, len(is)*len(interactionSpec.cols))
	for i, r := range is {
		args = append(args, r.ID, cust[i], r.At.Unix(), r.Channel, r.Staff, r.Outcome, r.Note)
	}
	return tx.upsert(ctx, interactionSpec, args, maxBefore)
}

var surveySpec = &upsertSpec{
	table:    "surveys",
	cols:     []string{"ext_id", "customer", "at", "csat", "nps", "preference", "comment"},
	conflict: "ext_id",
	update:   []string{"customer", "at", "csat", "nps", "preference", "comment"},
}

// UpsertSurveys writes survey answers keyed by external id.
func (tx *Tx) UpsertSurveys(ctx context.Context, ss []*model.Survey, cust []int64, maxBefore int64) (WriteCounts, error) {
	args := make([]any, 0, len(ss)*len(surveySpec.cols))
	for i, s := range ss {
		var csat, nps any
		if s.CSAT > 0 {
			csat = int64(s.CSAT)
		}
		if s.NPS >= 0 {
			nps = int64(s.NPS)
		}
		args = append(args, s.ID, cust[i], s.At.Unix(), csat, nps, s.Preference, s.Comment)
	}
	return tx.upsert(ctx, surveySpec, args, maxBefore)
}

var ticketSpec = &upsertSpec{
	table:    "tickets",
	cols:     []string{"ext_id", "customer", "opened_at", "closed_at", "category", "severity", "status", "satisfaction"},
	conflict: "ext_id",
	update:   []string{"customer", "opened_at", "closed_at", "category", "severity", "status", "satisfaction"},
}

// UpsertTickets writes tickets keyed by external id.
func (tx *Tx) UpsertTickets(ctx context.Context, ts []*model.Ticket, cust []int64, maxBefore int64) (WriteCounts, error) {
	args := make([]any, 0, len(ts)*len(ticketSpec.cols))
	for i, t := range ts {
		var sat any
		if t.Satisfaction > 0 {
			sat = int64(t.Satisfaction)
		}
		args = append(args, t.ID, cust[i], t.OpenedAt.Unix(), nullTime(t.ClosedAt), t.Category, t.Severity, t.Status, sat)
	}
	return tx.upsert(ctx, ticketSpec, args, maxBefore)
}
