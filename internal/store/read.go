package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"strata/internal/model"
)

// Counts returns the number of rows per record table.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range []string{"customers", "orders", "interactions", "surveys", "tickets"} {
		var n int64
		if err := s.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

func timeOf(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

// EachCustomer calls fn for every customer in id order, tags included. The
// record passed to fn is reused: copy what you keep.
func (s *Store) EachCustomer(ctx context.Context, fn func(*model.Customer) error) error {
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tags, err := conn.QueryContext(ctx, `SELECT customer, tag FROM customer_tags ORDER BY customer, tag`)
	if err != nil {
		return fmt.Errorf("read tags: %w", err)
	}
	defer tags.Close()
	var tagCust int64 = -1
	var tagVal string
	nextTag := func() error {
		if tags.Next() {
			return tags.Scan(&tagCust, &tagVal)
		}
		tagCust = 1<<63 - 1
		return tags.Err()
	}
	if err := nextTag(); err != nil {
		return err
	}
	// A second connection streams the customers while the first streams
	// tags: SQLite and PostgreSQL both need one connection per open cursor.
	rows, err := s.read.QueryContext(ctx, `SELECT id, ext_id, name, gender, birth_date, age, phone, email, occupation,
		income_band, region, city, address, id_number, registered_at, owner, source FROM customers ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	var c model.Customer
	for rows.Next() {
		var id int64
		var birth, reg, age sql.NullInt64
		c = model.Customer{Tags: c.Tags[:0]}
		if err := rows.Scan(&id, &c.ID, &c.Name, &c.Gender, &birth, &age, &c.Phone, &c.Email, &c.Occupation,
			&c.IncomeBand, &c.Region, &c.City, &c.Address, &c.IDNumber, &reg, &c.Owner, &c.Source); err != nil {
			return err
		}
		if err := s.openFields(&c.Phone, &c.Email, &c.Address, &c.IDNumber); err != nil {
			return fmt.Errorf("customer %q: %w", c.ID, err)
		}
		c.BirthDate, c.RegisteredAt, c.Age = timeOf(birth), timeOf(reg), int(age.Int64)
		for tagCust < id {
			if err := nextTag(); err != nil {
				return err
			}
		}
		for tagCust == id {
			c.Tags = append(c.Tags, tagVal)
			if err := nextTag(); err != nil {
				return err
			}
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachOrder calls fn for every order line in (customer, time) order. The
// record passed to fn is reused.
func (s *Store) EachOrder(ctx context.Context, fn func(*model.Order) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT o.order_id, o.line, c.ext_id, o.ordered_at, o.quantity, o.unit_price,
		o.amount, o.cost, o.discount, o.sku, o.product_name, o.category, o.channel, o.status
		FROM orders o JOIN customers c ON c.id = o.customer ORDER BY o.customer, o.ordered_at, o.id`)
	if err != nil {
		return fmt.Errorf("read orders: %w", err)
	}
	defer rows.Close()
	var o model.Order
	for rows.Next() {
		var at int64
		var cost sql.NullInt64
		var up, amt, disc int64
		if err := rows.Scan(&o.OrderID, &o.Line, &o.CustomerID, &at, &o.Quantity, &up, &amt, &cost, &disc,
			&o.SKU, &o.ProductName, &o.Category, &o.Channel, &o.Status); err != nil {
			return err
		}
		o.OrderedAt = time.Unix(at, 0).UTC()
		o.UnitPrice, o.Amount, o.Discount = model.Money(up), model.Money(amt), model.Money(disc)
		o.Cost, o.HasCost = model.Money(cost.Int64), cost.Valid
		if err := fn(&o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachInteraction calls fn for every interaction in (customer, time) order.
func (s *Store) EachInteraction(ctx context.Context, fn func(*model.Interaction) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT i.ext_id, c.ext_id, i.at, i.channel, i.staff, i.outcome, i.note
		FROM interactions i JOIN customers c ON c.id = i.customer ORDER BY i.customer, i.at, i.id`)
	if err != nil {
		return fmt.Errorf("read interactions: %w", err)
	}
	defer rows.Close()
	var r model.Interaction
	for rows.Next() {
		var at int64
		if err := rows.Scan(&r.ID, &r.CustomerID, &at, &r.Channel, &r.Staff, &r.Outcome, &r.Note); err != nil {
			return err
		}
		r.At = time.Unix(at, 0).UTC()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachSurvey calls fn for every survey answer in (customer, time) order.
func (s *Store) EachSurvey(ctx context.Context, fn func(*model.Survey) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT v.ext_id, c.ext_id, v.at, v.csat, v.nps, v.preference, v.comment
		FROM surveys v JOIN customers c ON c.id = v.customer ORDER BY v.customer, v.at, v.id`)
	if err != nil {
		return fmt.Errorf("read surveys: %w", err)
	}
	defer rows.Close()
	var r model.Survey
	for rows.Next() {
		var at int64
		var csat, nps sql.NullInt64
		if err := rows.Scan(&r.ID, &r.CustomerID, &at, &csat, &nps, &r.Preference, &r.Comment); err != nil {
			return err
		}
		r.At = time.Unix(at, 0).UTC()
		r.CSAT = int(csat.Int64)
		r.NPS = -1
		if nps.Valid {
			r.NPS = int(nps.Int64)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachTicket calls fn for every ticket in (customer, time) order.
func (s *Store) EachTicket(ctx context.Context, fn func(*model.Ticket) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT t.ext_id, c.ext_id, t.opened_at, t.closed_at, t.category, t.severity,
		t.status, t.satisfaction FROM tickets t JOIN customers c ON c.id = t.customer ORDER BY t.customer, t.opened_at, t.id`)
	if err != nil {
		return fmt.Errorf("read tickets: %w", err)
	}
	defer rows.Close()
	var r model.Ticket
	for rows.Next() {
		var opened int64
		var closed, sat sql.NullInt64
		if err := rows.Scan(&r.ID, &r.CustomerID, &opened, &closed, &r.Category, &r.Severity, &r.Status, &sat); err != nil {
			return err
		}
		r.OpenedAt, r.ClosedAt, r.Satisfaction = time.Unix(opened, 0).UTC(), timeOf(closed), int(sat.Int64)
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// customerSelect lists the columns scanCustomer reads (table alias c).
const customerSelect = `c.id, c.ext_id, c.name, c.gender, c.birth_date, c.age, c.phone, c.email, c.occupation,
	c.income_band, c.region, c.city, c.address, c.id_number, c.registered_at, c.owner, c.source`

// scanStoredCustomer reads one row of customerSelect columns as stored:
// the personal fields are still ciphertext. Use Store.scanCustomer, which
// decrypts them.
func scanStoredCustomer(sc interface{ Scan(...any) error }) (int64, *model.Customer, error) {
	var c model.Customer
	var id int64
	var birth, reg, age sql.NullInt64
	if err := sc.Scan(&id, &c.ID, &c.Name, &c.Gender, &birth, &age, &c.Phone, &c.Email, &c.Occupation,
		&c.IncomeBand, &c.Region, &c.City, &c.Address, &c.IDNumber, &reg, &c.Owner, &c.Source); err != nil {
		return 0, nil, err
	}
	c.BirthDate, c.RegisteredAt, c.Age = timeOf(birth), timeOf(reg), int(age.Int64)
	return id, &c, nil
}

// scanCustomer reads one row of customerSelect columns and decrypts the
// personal fields.
func (s *Store) scanCustomer(sc interface{ Scan(...any) error }) (int64, *model.Customer, error) {
	id, c, err := scanStoredCustomer(sc)
	if err != nil {
		return 0, nil, err
	}
	if err := s.openFields(&c.Phone, &c.Email, &c.Address, &c.IDNumber); err != nil {
		return 0, nil, fmt.Errorf("customer %q: %w", c.ID, err)
	}
	return id, c, nil
}

// Customer returns one customer by external id, or model.ErrNotFound.
func (s *Store) Customer(ctx context.Context, extID string) (*model.Customer, error) {
	id, c, err := s.scanCustomer(s.read.QueryRowContext(ctx, `SELECT `+customerSelect+` FROM customers c WHERE c.ext_id = $1`, extID))
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT tag FROM customer_tags WHERE customer = $1 ORDER BY tag`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		c.Tags = append(c.Tags, t)
	}
	return c, rows.Err()
}

// IndexDefinitions returns the user-defined indexes and their definitions,
// for schema checks.
func (s *Store) IndexDefinitions(ctx context.Context) (map[string]string, error) {
	q := `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
	if s.dialect == Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`
	}
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			return nil, err
		}
		out[n] = d
	}
	return out, rows.Err()
}
