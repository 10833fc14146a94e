package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"strata/internal/model"
)

// customerColumns maps the importable customer fields to their columns, in
// a fixed order.
var customerColumns = []string{"name", "gender", "birth_date", "age", "phone", "email", "occupation",
	"income_band", "region", "city", "address", "id_number", "registered_at", "owner", "source"}

// CustomerFields lists the customer fields an upsert may set, tags included.
func CustomerFields() []string { return append(append([]string(nil), customerColumns...), "tags") }

func customerValue(c *model.Customer, col string) any {
	switch col {
	case "name":
		return c.Name
	case "gender":
		return c.Gender
	case "birth_date":
		return nullTime(c.BirthDate)
	case "age":
		if c.Age == 0 {
			return nil
		}
		return int64(c.Age)
	case "phone":
		return c.Phone
	case "email":
		return c.Email
	case "occupation":
		return c.Occupation
	case "income_band":
		return c.IncomeBand
	case "region":
		return c.Region
	case "city":
		return c.City
	case "address":
		return c.Address
	case "id_number":
		return c.IDNumber
	case "registered_at":
		return nullTime(c.RegisteredAt)
	case "owner":
		return c.Owner
	case "source":
		return c.Source
	}
	panic("store: unknown customer column " + col)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// UpsertCustomers inserts or updates customers by external id. Only the
// given fields are written on update, so a file without an e-mail column
// never blanks stored e-mails; "tags" replaces the customer's tag set.
// Duplicate ids within cs: the last one wins.
func (tx *Tx) UpsertCustomers(ctx context.Context, cs []*model.Customer, fields []string, maxBefore int64) (WriteCounts, error) {
	cs = dedupeCustomers(cs)
	var cols []string
	tags := false
	for _, f := range fields {
		if f == "tags" {
			tags = true
			continue
		}
		if f == "customer_id" {
			continue
		}
		if !contains(customerColumns, f) {
			return WriteCounts{}, fmt.Errorf("upsert customers: unknown field %q", f)
		}
		cols = append(cols, f)
	}
	// Encrypted columns carry their blind index along; ciphertexts are
	// randomised, so a value whose plain text did not change keeps its
	// stored ciphertext (sealCustomers) and the DO UPDATE … WHERE clause
	// still sees an unchanged row.
	var idx []string
	var idxOf []int // piiColumns index of each idx column
	for _, col := range cols {
		if b := bidxColumn(col); b != "" && tx.cipher != nil {
			idx, idxOf = append(idx, b), append(idxOf, piiIndex(col))
		}
	}
	set := append(append([]string(nil), cols...), idx...)
	spec := &upsertSpec{
		table:    "customers",
		cols:     append(append([]string{"ext_id"}, set...), "created_at", "updated_at"),
		conflict: "ext_id",
		update:   append(set, "updated_at"),
		extra:    "version = customers.version + 1",
	}
	if len(cols) == 0 {
		spec.update = nil
	}
	sealed, err := tx.sealCustomers(ctx, cs, cols)
	if err != nil {
		return WriteCounts{}, err
	}
	args := make([]any, 0, len(cs)*len(spec.cols))
	for i, c := range cs {
		args = append(args, c.ID)
		for _, col := range cols {
			if k := piiIndex(col); k >= 0 && sealed != nil {
				args = append(args, sealed[i].val[k])
				continue
			}
			args = append(args, customerValue(c, col))
		}
		for _, k := range idxOf {
			args = append(args, sealed[i].idx[k])
		}
		args = append(args, tx.now, tx.now)
	}
	wc, err := tx.upsert(ctx, spec, args, maxBefore)
	if err != nil || !tags {
		return wc, err
	}
	return wc, tx.replaceTags(ctx, cs)
}

func (tx *Tx) replaceTags(ctx context.Context, cs []*model.Customer) error {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	m, _, err := tx.ResolveCustomers(ctx, ids, false)
	if err != nil {
		return err
	}
	for start := 0; start < len(cs); start += 500 {
		part := cs[start:min(start+500, len(cs))]
		del := make([]any, 0, len(part))
		var ins []any
		for _, c := range part {
			id := m[c.ID]
			del = append(del, id)
			seen := map[string]bool{}
			for _, t := range c.Tags {
				if t = strings.TrimSpace(t); t != "" && !seen[t] {
					seen[t] = true
					ins = append(ins, id, t)
				}
			}
		}
		if _, err := tx.tx.ExecContext(ctx, "DELETE FROM customer_tags WHERE customer IN ("+placeholders(tx.dialect, 1, len(del))+")", del...); err != nil {
			return fmt.Errorf("replace tags: %w", err)
		}
		spec := &upsertSpec{table: "customer_tags", cols: []string{"customer", "tag"}, conflict: "customer, tag"}
		if len(ins) > 0 {
			if _, err := tx.tx.ExecContext(ctx, strings.TrimSuffix(spec.sql(tx.dialect, len(ins)/2), " RETURNING id"), ins...); err != nil {
				return fmt.Errorf("replace tags: %w", err)
			}
		}
	}
	return nil
}

func dedupeCustomers(cs []*model.Customer) []*model.Customer {
	idx := make(map[string]int, len(cs))
	out := cs[:0:0]
	for _, c := range cs {
		if i, ok := idx[c.ID]; ok {
			out[i] = c
			continue
		}
		idx[c.ID] = len(out)
		out = append(out, c)
	}
	return out
}

// ResolveCustomers maps external customer ids to internal ids. With create,
// unknown ids become new bare customers (orders often arrive before, or
// without, a customer file); created counts them. Without create, unknown
// ids are absent from the map.
func (tx *Tx) ResolveCustomers(ctx context.Context, extIDs []string, create bool) (map[string]int64, int, error) {
	m := make(map[string]int64, len(extIDs))
	uniq := make([]string, 0, len(extIDs))
	seen := make(map[string]bool, len(extIDs))
	for _, id := range extIDs {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	const per = 5000
	for start := 0; start < len(uniq); start += per {
		part := uniq[start:min(start+per, len(uniq))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := tx.tx.QueryContext(ctx, "SELECT id, ext_id FROM customers WHERE ext_id IN ("+placeholders(tx.dialect, 1, len(part))+")", args...)
		if err := scanIDs(rows, err, m); err != nil {
			return nil, 0, fmt.Errorf("resolve customers: %w", err)
		}
	}
	if !create {
		return m, 0, nil
	}
	var missing []string
	for _, id := range uniq {
		if _, ok := m[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return m, 0, nil
	}
	spec := &upsertSpec{table: "customers", cols: []string{"ext_id", "created_at", "updated_at"}, conflict: "ext_id"}
	for start := 0; start < len(missing); start += spec.batchRows() {
		part := missing[start:min(start+spec.batchRows(), len(missing))]
		args := make([]any, 0, 3*len(part))
		for _, id := range part {
			args = append(args, id, tx.now, tx.now)
		}
		q := strings.TrimSuffix(spec.sql(tx.dialect, len(part)), "RETURNING id") + "RETURNING id, ext_id"
		st, err := tx.stmt(ctx, q)
		if err != nil {
			return nil, 0, err
		}
		rows, err := st.QueryContext(ctx, args...)
		if err := scanIDs(rows, err, m); err != nil {
			return nil, 0, fmt.Errorf("create customers: %w", err)
		}
	}
	created := 0
	for _, id := range missing {
		if _, ok := m[id]; ok {
			created++
		}
	}
	if created < len(missing) {
		// Another writer created some of them concurrently (PostgreSQL).
		again, _, err := tx.ResolveCustomers(ctx, missing, false)
		if err != nil {
			return nil, 0, err
		}
		for k, v := range again {
			m[k] = v
		}
	}
	return m, created, nil
}

// scanIDs reads (id, ext_id) rows into m and closes them.
func scanIDs(rows *sql.Rows, qerr error, m map[string]int64) error {
	if qerr != nil {
		return qerr
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ext string
		if err := rows.Scan(&id, &ext); err != nil {
			return err
		}
		m[ext] = id
	}
	return rows.Err()
}

func contains(set []string, v string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
