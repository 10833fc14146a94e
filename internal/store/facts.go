package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The *Fact types carry the columns a classification run reads, in the
// cheapest form to scan: integers, and sql.RawBytes for text, which the
// caller must copy to keep (the buffer is reused for the next row). Rows
// come in (customer, time) order so that the caller can build per-customer
// columns in one pass.

// CustomerFact is one customer's profile columns.
type CustomerFact struct {
	ID                                                          int64
	ExtID, Gender, Region, City, Occupation, IncomeBand, Source string
	Owner                                                       string
	BirthDate, RegisteredAt                                     sql.NullInt64
	Age                                                         sql.NullInt64
}

// ScanCustomers streams the customers registered before cutoff (or with no
// registration date) in id order.
func (s *Store) ScanCustomers(ctx context.Context, cutoff int64, fn func(*CustomerFact) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT id, ext_id, gender, region, city, occupation, income_band, source, owner,
		birth_date, registered_at, age FROM customers
		WHERE registered_at IS NULL OR registered_at < $1 ORDER BY id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan customers: %w", err)
	}
	defer rows.Close()
	var f CustomerFact
	for rows.Next() {
		if err := rows.Scan(&f.ID, &f.ExtID, &f.Gender, &f.Region, &f.City, &f.Occupation, &f.IncomeBand, &f.Source, &f.Owner,
			&f.BirthDate, &f.RegisteredAt, &f.Age); err != nil {
			return err
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ScanTags streams (customer, tag) pairs in customer order.
func (s *Store) ScanTags(ctx context.Context, fn func(customer int64, tag string) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT customer, tag FROM customer_tags ORDER BY customer, tag`)
	if err != nil {
		return fmt.Errorf("scan tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c int64
		var t string
		if err := rows.Scan(&c, &t); err != nil {
			return err
		}
		if err := fn(c, t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// OrderFact is one order line. Status is 1 paid, 2 refunded, 3 cancelled.
type OrderFact struct {
	Customer, At                int64
	OrderID                     sql.RawBytes
	Status                      int64
	Amount, Discount, UnitPrice int64
	Cost                        sql.NullInt64
	Category                    sql.RawBytes
}

// ScanOrders streams the order lines dated before cutoff in (customer,
// time) order.
func (s *Store) ScanOrders(ctx context.Context, cutoff int64, fn func(*OrderFact) error) error {
	return s.ScanOrderRange(ctx, cutoff, 0, 1<<62, fn)
}

// CountOrderRange counts the order lines ScanOrderRange would return
// (before any filtering by the caller), so that the caller can size its
// columns once instead of growing them.
func (s *Store) CountOrderRange(ctx context.Context, cutoff, from, to int64) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE customer >= $2 AND customer < $3 AND ordered_at < $1`,
		cutoff, from, to).Scan(&n)
	return n, err
}

// ScanOrderRange is ScanOrders for the customers with internal ids in
// [from, to): disjoint ranges can be scanned on separate connections at
// the same time, which is how a run uses more than one core for loading.
func (s *Store) ScanOrderRange(ctx context.Context, cutoff, from, to int64, fn func(*OrderFact) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT customer, ordered_at, order_id,
		CASE status WHEN 'paid' THEN 1 WHEN 'refunded' THEN 2 ELSE 3 END,
		amount, discount, unit_price, cost, category
		FROM orders WHERE customer >= $2 AND customer < $3 AND ordered_at < $1
		ORDER BY customer, ordered_at, id`, cutoff, from, to)
	if err != nil {
		return fmt.Errorf("scan orders: %w", err)
	}
	defer rows.Close()
	var f OrderFact
	for rows.Next() {
		if err := rows.Scan(&f.Customer, &f.At, &f.OrderID, &f.Status, &f.Amount, &f.Discount, &f.UnitPrice, &f.Cost, &f.Category); err != nil {
			return err
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// InteractionFact is one interaction.
type InteractionFact struct {
	Customer, At int64
	Channel      sql.RawBytes
}

// ScanInteractions streams interactions before cutoff in (customer, time)
// order.
func (s *Store) ScanInteractions(ctx context.Context, cutoff int64, fn func(*InteractionFact) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT customer, at, channel FROM interactions
		WHERE at < $1 ORDER BY customer, at, id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan interactions: %w", err)
	}
	defer rows.Close()
	var f InteractionFact
	for rows.Next() {
		if err := rows.Scan(&f.Customer, &f.At, &f.Channel); err != nil {
			return err
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SurveyFact is one survey answer.
type SurveyFact struct {
	Customer, At int64
	CSAT, NPS    sql.NullInt64
	Preference   sql.RawBytes
}

// ScanSurveys streams survey answers before cutoff in (customer, time)
// order.
func (s *Store) ScanSurveys(ctx context.Context, cutoff int64, fn func(*SurveyFact) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT customer, at, csat, nps, preference FROM surveys
		WHERE at < $1 ORDER BY customer, at, id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan surveys: %w", err)
	}
	defer rows.Close()
	var f SurveyFact
	for rows.Next() {
		if err := rows.Scan(&f.Customer, &f.At, &f.CSAT, &f.NPS, &f.Preference); err != nil {
			return err
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// TicketFact is one ticket.
type TicketFact struct {
	Customer, OpenedAt int64
	ClosedAt           sql.NullInt64
	Closed             bool
	Category           sql.RawBytes
}

// ScanTickets streams tickets opened before cutoff in (customer, time)
// order.
func (s *Store) ScanTickets(ctx context.Context, cutoff int64, fn func(*TicketFact) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT customer, opened_at, closed_at, CASE status WHEN 'closed' THEN 1 ELSE 0 END, category
		FROM tickets WHERE opened_at < $1 ORDER BY customer, opened_at, id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan tickets: %w", err)
	}
	defer rows.Close()
	var f TicketFact
	for rows.Next() {
		var closed int64
		if err := rows.Scan(&f.Customer, &f.OpenedAt, &f.ClosedAt, &closed, &f.Category); err != nil {
			return err
		}
		f.Closed = closed == 1
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}
