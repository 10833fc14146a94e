package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"strata/internal/model"
)

// CustomerRecords is everything stored about one customer.
type CustomerRecords struct {
	Customer     *model.Customer     `json:"customer"`
	Orders       []model.Order       `json:"orders"`
	Interactions []model.Interaction `json:"interactions"`
	Surveys      []model.Survey      `json:"surveys"`
	Tickets      []model.Ticket      `json:"tickets"`
}

// Records returns everything stored about a customer (for a data-subject
// access request), or model.ErrNotFound.
func (s *Store) Records(ctx context.Context, extID string) (*CustomerRecords, error) {
	c, err := s.Customer(ctx, extID)
	if err != nil {
		return nil, err
	}
	id, err := s.CustomerRef(ctx, extID)
	if err != nil {
		return nil, err
	}
	out := &CustomerRecords{Customer: c}
	rows, err := s.read.QueryContext(ctx, `SELECT order_id, line, ordered_at, quantity, unit_price, amount, cost, discount, sku,
		product_name, category, channel, status FROM orders WHERE customer = $1 ORDER BY ordered_at, order_id, line`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		o := model.Order{CustomerID: extID}
		var at, up, amt, disc int64
		var cost sql.NullInt64
		if err := rows.Scan(&o.OrderID, &o.Line, &at, &o.Quantity, &up, &amt, &cost, &disc, &o.SKU, &o.ProductName, &o.Category, &o.Channel, &o.Status); err != nil {
			rows.Close()
			return nil, err
		}
		o.OrderedAt, o.UnitPrice, o.Amount, o.Discount = time.Unix(at, 0).UTC(), model.Money(up), model.Money(amt), model.Money(disc)
		o.Cost, o.HasCost = model.Money(cost.Int64), cost.Valid
		out.Orders = append(out.Orders, o)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, `SELECT ext_id, at, channel, staff, outcome, note FROM interactions WHERE customer = $1 ORDER BY at`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		r := model.Interaction{CustomerID: extID}
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Channel, &r.Staff, &r.Outcome, &r.Note); err != nil {
			rows.Close()
			return nil, err
		}
		r.At = time.Unix(at, 0).UTC()
		out.Interactions = append(out.Interactions, r)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, `SELECT ext_id, at, csat, nps, preference, comment FROM surveys WHERE customer = $1 ORDER BY at`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		r := model.Survey{CustomerID: extID, NPS: -1}
		var at int64
		var csat, nps sql.NullInt64
		if err := rows.Scan(&r.ID, &at, &csat, &nps, &r.Preference, &r.Comment); err != nil {
			rows.Close()
			return nil, err
		}
		r.At, r.CSAT = time.Unix(at, 0).UTC(), int(csat.Int64)
		if nps.Valid {
			r.NPS = int(nps.Int64)
		}
		out.Surveys = append(out.Surveys, r)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, `SELECT ext_id, opened_at, closed_at, category, severity, status, satisfaction FROM tickets WHERE customer = $1 ORDER BY opened_at`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := model.Ticket{CustomerID: extID}
		var opened int64
		var closed, sat sql.NullInt64
		if err := rows.Scan(&r.ID, &opened, &closed, &r.Category, &r.Severity, &r.Status, &sat); err != nil {
			return nil, err
		}
		r.OpenedAt, r.ClosedAt, r.Satisfaction = time.Unix(opened, 0).UTC(), timeOf(closed), int(sat.Int64)
		out.Tickets = append(out.Tickets, r)
	}
	return out, rows.Err()
}

// Erase removes a customer's personal data in one transaction: profile
// fields, tags and free-text notes and comments are cleared and the
// external id is replaced by "erased-<internal id>"; orders, interactions,
// surveys and tickets stay as anonymous records so that aggregates and
// past snapshots (which hold no personal data) remain consistent. It
// returns the new external id.
func (s *Store) Erase(ctx context.Context, extID string) (string, error) {
	var newID string
	err := s.Write(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE ext_id = $1`, extID).Scan(&id); err != nil {
			if err == sql.ErrNoRows {
				return fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
			}
			return err
		}
		newID = fmt.Sprintf("erased-%d", id)
		stmts := []string{
			`UPDATE customers SET ext_id = $2, name = '', gender = '', birth_date = NULL, age = NULL, phone = '', email = '',
				occupation = '', income_band = '', address = '', id_number = '', phone_bidx = NULL, email_bidx = NULL,
				id_number_bidx = NULL, source = '', updated_at = $3, version = version + 1 WHERE id = $1`,
			`DELETE FROM customer_tags WHERE customer = $1`,
			`UPDATE interactions SET note = '', outcome = '' WHERE customer = $1`,
			`UPDATE surveys SET comment = '' WHERE customer = $1`,
		}
		for i, q := range stmts {
			args := []any{id}
			if i == 0 {
				args = append(args, newID, tx.now)
			}
			if _, err := tx.tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("erase: %w", err)
			}
		}
		return nil
	})
	return newID, err
}
