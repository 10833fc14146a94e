package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
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
	var f CustomerFact
	err := s.scanValues(ctx, 12, func(v []driver.Value) error {
		err := errors.Join(intOf(v[0], &f.ID), stringOf(v[1], &f.ExtID), stringOf(v[2], &f.Gender), stringOf(v[3], &f.Region),
			stringOf(v[4], &f.City), stringOf(v[5], &f.Occupation), stringOf(v[6], &f.IncomeBand), stringOf(v[7], &f.Source),
			stringOf(v[8], &f.Owner), nullIntOf(v[9], &f.BirthDate.Int64, &f.BirthDate.Valid),
			nullIntOf(v[10], &f.RegisteredAt.Int64, &f.RegisteredAt.Valid), nullIntOf(v[11], &f.Age.Int64, &f.Age.Valid))
		if err != nil {
			return err
		}
		return fn(&f)
	}, `SELECT id, ext_id, gender, region, city, occupation, income_band, source, owner,
		birth_date, registered_at, age FROM customers
		WHERE registered_at IS NULL OR registered_at < $1 ORDER BY id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan customers: %w", err)
	}
	return nil
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
	var f OrderFact
	err := s.scanValues(ctx, 9, func(v []driver.Value) error {
		var cost int64
		var hasCost bool
		err := errors.Join(intOf(v[0], &f.Customer), intOf(v[1], &f.At), bytesOf(v[2], &f.OrderID), intOf(v[3], &f.Status),
			intOf(v[4], &f.Amount), intOf(v[5], &f.Discount), intOf(v[6], &f.UnitPrice), nullIntOf(v[7], &cost, &hasCost),
			bytesOf(v[8], &f.Category))
		if err != nil {
			return err
		}
		f.Cost = sql.NullInt64{Int64: cost, Valid: hasCost}
		return fn(&f)
	}, `SELECT customer, ordered_at, order_id,
		CASE status WHEN 'paid' THEN 1 WHEN 'refunded' THEN 2 ELSE 3 END,
		amount, discount, unit_price, cost, category
		FROM orders WHERE customer >= $2 AND customer < $3 AND ordered_at < $1
		ORDER BY customer, ordered_at, id`, cutoff, from, to)
	if err != nil {
		return fmt.Errorf("scan orders: %w", err)
	}
	return nil
}

// scanValues runs query on a reader connection and calls fn with each
// row's n values, as the driver gives them (int64, float64, string or
// []byte, nil): the fact scans convert them themselves (intOf …). Ten
// million order lines make database/sql's per-row work visible, so on
// SQLite the rows are read from the driver connection directly, skipping
// Rows.Scan's conversion and locking; on PostgreSQL they are scanned into
// *any. A []byte value is valid only until fn returns.
func (s *Store) scanValues(ctx context.Context, n int, fn func(v []driver.Value) error, query string, args ...any) error {
	if s.dialect != SQLite {
		rows, err := s.read.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		v := make([]any, n)
		dest := make([]any, n)
		for i := range v {
			dest[i] = &v[i]
		}
		dv := make([]driver.Value, n)
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			for i, x := range v {
				dv[i] = x
			}
			if err := fn(dv); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("store: the SQLite driver connection (%T) cannot query", dc)
		}
		named := make([]driver.NamedValue, len(args))
		for i, a := range args {
			named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		}
		rows, err := q.QueryContext(ctx, query, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		if got := len(rows.Columns()); got != n {
			return fmt.Errorf("store: %d columns, want %d", got, n)
		}
		v := make([]driver.Value, n)
		for {
			if err := rows.Next(v); err != nil {
				if err == io.EOF {
					return nil
				}
				return err
			}
			if err := fn(v); err != nil {
				return err
			}
		}
	})
}

// intOf converts a scanned value to *dst as database/sql's Scan into an
// *int64 would (NULL is an error), without reflection for int64 values.
func intOf(v any, dst *int64) error {
	if x, ok := v.(int64); ok {
		*dst = x
		return nil
	}
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	if !n.Valid {
		return errors.New("unexpected NULL")
	}
	*dst = n.Int64
	return nil
}

// nullIntOf is intOf for a nullable column.
func nullIntOf(v any, dst *int64, valid *bool) error {
	switch x := v.(type) {
	case int64:
		*dst, *valid = x, true
		return nil
	case nil:
		*dst, *valid = 0, false
		return nil
	}
	var n sql.NullInt64
	err := n.Scan(v)
	*dst, *valid = n.Int64, n.Valid
	return err
}

// stringOf converts a scanned text value as a Scan into *string would
// (NULL is an error).
func stringOf(v any, dst *string) error {
	switch x := v.(type) {
	case string:
		*dst = x
		return nil
	case []byte:
		*dst = string(x)
		return nil
	}
	var n sql.NullString
	if err := n.Scan(v); err != nil {
		return err
	}
	if !n.Valid {
		return errors.New("unexpected NULL")
	}
	*dst = n.String
	return nil
}

// bytesOf copies a scanned text or blob value into *dst's memory, as a
// Scan into *sql.RawBytes does (NULL is empty).
func bytesOf(v any, dst *sql.RawBytes) error {
	switch x := v.(type) {
	case string:
		*dst = append((*dst)[:0], x...)
	case []byte:
		*dst = append((*dst)[:0], x...)
	case nil:
		*dst = (*dst)[:0]
	default:
		return fmt.Errorf("unexpected %T for a text column", v)
	}
	return nil
}

// InteractionFact is one interaction.
type InteractionFact struct {
	Customer, At int64
	Channel      sql.RawBytes
}

// ScanInteractions streams interactions before cutoff in (customer, time)
// order.
func (s *Store) ScanInteractions(ctx context.Context, cutoff int64, fn func(*InteractionFact) error) error {
	var f InteractionFact
	err := s.scanValues(ctx, 3, func(v []driver.Value) error {
		if err := errors.Join(intOf(v[0], &f.Customer), intOf(v[1], &f.At), bytesOf(v[2], &f.Channel)); err != nil {
			return err
		}
		return fn(&f)
	}, `SELECT customer, at, channel FROM interactions WHERE at < $1 ORDER BY customer, at, id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan interactions: %w", err)
	}
	return nil
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
	var f SurveyFact
	err := s.scanValues(ctx, 5, func(v []driver.Value) error {
		if err := errors.Join(intOf(v[0], &f.Customer), intOf(v[1], &f.At), nullIntOf(v[2], &f.CSAT.Int64, &f.CSAT.Valid),
			nullIntOf(v[3], &f.NPS.Int64, &f.NPS.Valid), bytesOf(v[4], &f.Preference)); err != nil {
			return err
		}
		return fn(&f)
	}, `SELECT customer, at, csat, nps, preference FROM surveys WHERE at < $1 ORDER BY customer, at, id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan surveys: %w", err)
	}
	return nil
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
	var f TicketFact
	err := s.scanValues(ctx, 5, func(v []driver.Value) error {
		var closed int64
		if err := errors.Join(intOf(v[0], &f.Customer), intOf(v[1], &f.OpenedAt), nullIntOf(v[2], &f.ClosedAt.Int64, &f.ClosedAt.Valid),
			intOf(v[3], &closed), bytesOf(v[4], &f.Category)); err != nil {
			return err
		}
		f.Closed = closed == 1
		return fn(&f)
	}, `SELECT customer, opened_at, closed_at, CASE status WHEN 'closed' THEN 1 ELSE 0 END, category
		FROM tickets WHERE opened_at < $1 ORDER BY customer, opened_at, id`, cutoff)
	if err != nil {
		return fmt.Errorf("scan tickets: %w", err)
	}
	return nil
}
