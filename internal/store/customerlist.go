package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"strata/internal/model"
)

// CustomerFilter narrows a customer list on the customer table itself.
// Every value becomes a parameter; empty fields do not filter.
type CustomerFilter struct {
	Q      string // substring of the name (case-insensitive for ASCII), or a prefix of the customer id
	Region string // exact
	City   string // exact
	Owner  string // exact; "-" selects the pool (no owner)
	Tag    string // the customer has this tag
	// Where, when set, adds a condition on customers c built by trusted
	// code (a segment rule compiled by package rules): it gets the next
	// parameter number and returns SQL with $N placeholders and their
	// values. No user text reaches the SQL.
	Where func(next int) (string, []any, error)
}

// likeEscape escapes LIKE wildcards so that user text matches literally
// (used with ESCAPE '\').
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// where returns the filter as a parameterized condition on customers c,
// numbering parameters from next.
func (f CustomerFilter) where(next int) (string, []any, error) {
	var parts []string
	var args []any
	add := func(cond string, vals ...any) {
		for range vals {
			cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", next), 1)
			next++
		}
		parts, args = append(parts, cond), append(args, vals...)
	}
	if f.Q != "" {
		pat := likeEscape(strings.ToLower(f.Q))
		add(`(LOWER(c.name) LIKE ? ESCAPE '\' OR c.ext_id LIKE ? ESCAPE '\')`, "%"+pat+"%", likeEscape(f.Q)+"%")
	}
	if f.Region != "" {
		add("c.region = ?", f.Region)
	}
	if f.City != "" {
		add("c.city = ?", f.City)
	}
	switch f.Owner {
	case "":
	case "-":
		parts = append(parts, "c.owner = ''")
	default:
		add("c.owner = ?", f.Owner)
	}
	if f.Tag != "" {
		add("c.id IN (SELECT t.customer FROM customer_tags t WHERE t.tag = ?)", f.Tag)
	}
	if f.Where != nil {
		cond, vals, err := f.Where(next)
		if err != nil {
			return "", nil, err
		}
		parts, args = append(parts, "("+cond+")"), append(args, vals...)
	}
	if len(parts) == 0 {
		return "1 = 1", nil, nil
	}
	return strings.Join(parts, " AND "), args, nil
}

// FindCustomers returns up to limit customers in the scope that match f,
// in customer-id order after the cursor (an external id; "" = from the
// start), tags included: one query for the page and one for its tags.
func (s *Store) FindCustomers(ctx context.Context, sc CustomerScope, f CustomerFilter, after string, limit int) ([]model.Customer, error) {
	scope, sargs := sc.where(s.dialect, 3)
	filt, fargs, err := f.where(3 + len(sargs))
	if err != nil {
		return nil, err
	}
	args := append(append([]any{after, limit}, sargs...), fargs...)
	q := `SELECT ` + customerSelect + ` FROM customers c WHERE c.ext_id > $1 AND ` + scope + ` AND ` + filt + ` ORDER BY c.ext_id LIMIT $2`
	query := s.queryCached
	if f.Where != nil {
		query = s.read.QueryContext // a user's rule: not worth a cache slot
	}
	rows, err := query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find customers: %w", err)
	}
	out, _, err := s.scanWithTags(ctx, rows)
	return out, err
}

// CustomersAmong returns the customers among ids (internal ids) that are in
// the scope and match f, in the order of ids; ids outside either are left
// out, exactly as missing ones. len(ids) is bounded by the caller (a few
// hundred).
func (s *Store) CustomersAmong(ctx context.Context, ids []int64, sc CustomerScope, f CustomerFilter) ([]model.Customer, []int64, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	args = padIDs(args)
	next := len(args) + 1
	scope, sargs := sc.where(s.dialect, next)
	filt, fargs, err := f.where(next + len(sargs))
	if err != nil {
		return nil, nil, err
	}
	args = append(append(args, sargs...), fargs...)
	rows, err := s.queryCached(ctx, `SELECT `+customerSelect+` FROM customers c
		WHERE c.id IN (`+placeholders(Postgres, 1, next-1)+`) AND `+scope+` AND `+filt, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("customers among ids: %w", err)
	}
	found, foundIDs, err := s.scanWithTags(ctx, rows)
	if err != nil {
		return nil, nil, err
	}
	pos := make(map[int64]int, len(found))
	for i, id := range foundIDs {
		pos[id] = i
	}
	out := make([]model.Customer, 0, len(found))
	outIDs := make([]int64, 0, len(found))
	for _, id := range ids {
		if i, ok := pos[id]; ok {
			out, outIDs = append(out, found[i]), append(outIDs, id)
		}
	}
	return out, outIDs, nil
}

// scanWithTags reads customer rows (customerSelect columns), closes them
// and adds every customer's tags with one more query.
func (s *Store) scanWithTags(ctx context.Context, rows *sql.Rows) ([]model.Customer, []int64, error) {
	var out []model.Customer
	var ids []int64
	for rows.Next() {
		id, c, err := s.scanCustomer(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		out, ids = append(out, *c), append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, ids, err
	}
	args := make([]any, len(ids))
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		args[i], pos[id] = id, i
	}
	args = padIDs(args)
	trows, err := s.queryCached(ctx, `SELECT customer, tag FROM customer_tags WHERE customer IN (`+placeholders(Postgres, 1, len(args))+`) ORDER BY customer, tag`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id int64
		var t string
		if err := trows.Scan(&id, &t); err != nil {
			return nil, nil, err
		}
		out[pos[id]].Tags = append(out[pos[id]].Tags, t)
	}
	return out, ids, trows.Err()
}

// CustomerRanks returns, for every customer, its position in customer-id
// order, indexed by internal id (-1 for ids that do not exist): the order
// in which lists over a snapshot are paged.
func (s *Store) CustomerRanks(ctx context.Context) ([]int32, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM customers ORDER BY ext_id`)
	if err != nil {
		return nil, fmt.Errorf("customer ranks: %w", err)
	}
	defer rows.Close()
	var ranks []int32
	var n int32
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		for int64(len(ranks)) <= id {
			ranks = append(ranks, -1)
		}
		ranks[id] = n
		n++
	}
	return ranks, rows.Err()
}

// InsertCustomer creates one customer with its tags; an existing
// external id is model.ErrConflict (the unique index decides, so two
// concurrent creations cannot both succeed). It returns the version.
func (s *Store) InsertCustomer(ctx context.Context, c *model.Customer) (int64, error) {
	var v int64
	err := s.Write(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO customers (ext_id, created_at, updated_at) VALUES ($1, $2, $2)`, c.ID, tx.now); err != nil {
			if isUnique(err) {
				return fmt.Errorf("customer %q exists: %w", c.ID, model.ErrConflict)
			}
			return fmt.Errorf("insert customer: %w", err)
		}
		if _, err := tx.UpsertCustomers(ctx, []*model.Customer{c}, CustomerFields(), 1<<62); err != nil {
			return err
		}
		return tx.tx.QueryRowContext(ctx, `SELECT version FROM customers WHERE ext_id = $1`, c.ID).Scan(&v)
	})
	return v, err
}

// DeleteCustomer removes a customer in the scope and every record that
// belongs to it (orders, interactions, surveys, tickets, tags, consents);
// outside the scope it is model.ErrNotFound. Snapshots of earlier runs keep
// only the internal id, which no longer resolves.
func (s *Store) DeleteCustomer(ctx context.Context, extID string, sc CustomerScope) error {
	scope, args := sc.where(s.dialect, 2)
	res, err := s.write.ExecContext(ctx, `DELETE FROM customers WHERE id IN (SELECT c.id FROM customers c WHERE c.ext_id = $1 AND `+scope+`)`,
		append([]any{extID}, args...)...)
	if err != nil {
		return fmt.Errorf("delete customer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	return nil
}

// CustomersInScope returns the internal and external ids of every customer
// in a restricted scope (for exports); nil for a scope that sees everyone.
func (s *Store) CustomersInScope(ctx context.Context, sc CustomerScope) (map[int64]string, error) {
	if sc.All {
		return nil, nil
	}
	scope, args := sc.where(s.dialect, 1)
	rows, err := s.read.QueryContext(ctx, `SELECT c.id, c.ext_id FROM customers c WHERE `+scope, args...)
	if err != nil {
		return nil, fmt.Errorf("customers in scope: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var ext string
		if err := rows.Scan(&id, &ext); err != nil {
			return nil, err
		}
		out[id] = ext
	}
	return out, rows.Err()
}

// Owners returns the distinct staff users owning customers, sorted.
func (s *Store) Owners(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT owner FROM customers WHERE owner <> '' ORDER BY owner`)
	if err != nil {
		return nil, fmt.Errorf("owners: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
