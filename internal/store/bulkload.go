package store

import (
	"context"
	"fmt"
)

// bulkIndexes lists, per table, the secondary indexes a bulk load may drop
// and rebuild. They must match the migrations exactly; a test compares them
// with the schema.
var bulkIndexes = map[string][]struct{ name, create string }{
	"orders": {
		{"orders_key", "CREATE UNIQUE INDEX orders_key ON orders (order_id, line)"},
		{"orders_customer", "CREATE INDEX orders_customer ON orders (customer, ordered_at)"},
	},
	"interactions": {
		{"interactions_key", "CREATE UNIQUE INDEX interactions_key ON interactions (ext_id)"},
		{"interactions_customer", "CREATE INDEX interactions_customer ON interactions (customer, at)"},
	},
}

// bidxIndexes are the blind-index indexes of customers (migration 0007).
// A load into an empty customers table drops and rebuilds them: blind
// indexes are random keys, and maintaining them row by row touches a
// random page per row and index (it made a 100k-customer import 3-4 times
// slower).
var bidxIndexes = []struct{ name, create string }{
	{"customers_phone_bidx", "CREATE INDEX customers_phone_bidx ON customers (phone_bidx) WHERE phone_bidx IS NOT NULL"},
	{"customers_email_bidx", "CREATE INDEX customers_email_bidx ON customers (email_bidx) WHERE email_bidx IS NOT NULL"},
	{"customers_id_number_bidx", "CREATE INDEX customers_id_number_bidx ON customers (id_number_bidx) WHERE id_number_bidx IS NOT NULL"},
}

// bulkMinRows is the smallest expected load worth dropping indexes for:
// rebuilding an index costs a sort of the whole table.
const bulkMinRows = 50_000

// BeginBulk switches table into bulk-load mode when that is safe and pays:
// on SQLite, for a table that is empty at the start of this transaction.
// Its secondary indexes are dropped and rows are appended with plain
// INSERTs (no conflict check, no RETURNING); EndBulk rebuilds the indexes,
// which also re-checks uniqueness, so a duplicate key still fails the whole
// transaction. Building an index by one sort is several times cheaper than
// maintaining it row by row in random key order. On PostgreSQL dropping an
// index would lock readers out for the whole load, so it stays off there.
func (tx *Tx) BeginBulk(ctx context.Context, table string) (bool, error) {
	if table == "customers" {
		return false, tx.dropBlindIndexes(ctx)
	}
	idx, ok := bulkIndexes[table]
	if !ok || tx.dialect != SQLite {
		return false, nil
	}
	if err := tx.LargeCache(ctx); err != nil {
		return false, err
	}
	var any int
	err := tx.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" LIMIT 1)").Scan(&any)
	if err != nil || any > 0 {
		return false, err
	}
	for _, ix := range idx {
		if _, err := tx.tx.ExecContext(ctx, "DROP INDEX IF EXISTS "+ix.name); err != nil {
			return false, fmt.Errorf("bulk load %s: %w", table, err)
		}
	}
	if tx.bulk == nil {
		tx.bulk = map[string]bool{}
	}
	tx.bulk[table] = true
	return true, nil
}

// EndBulk rebuilds the indexes BeginBulk dropped. A duplicate key is
// reported as model.ErrConflict-free plain error naming the index.
func (tx *Tx) EndBulk(ctx context.Context, table string) error {
	if table == "customers" && tx.bidxDropped {
		tx.bidxDropped = false
		for _, ix := range bidxIndexes {
			if _, err := tx.tx.ExecContext(ctx, ix.create); err != nil {
				return fmt.Errorf("customer load: rebuilding index %s: %w", ix.name, err)
			}
		}
		return nil
	}
	if !tx.bulk[table] {
		return nil
	}
	delete(tx.bulk, table)
	for _, ix := range bulkIndexes[table] {
		if _, err := tx.tx.ExecContext(ctx, ix.create); err != nil {
			return fmt.Errorf("bulk load %s: rebuilding index %s: %w", table, ix.name, err)
		}
	}
	return nil
}

// dropBlindIndexes drops the blind-index indexes for a load into an empty
// customers table on SQLite (EndBulk rebuilds them). Customers are still
// upserted (not appended): the ext_id key stays and keeps its semantics.
func (tx *Tx) dropBlindIndexes(ctx context.Context) error {
	if tx.dialect != SQLite || tx.cipher == nil || tx.bidxDropped {
		return nil
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM customers LIMIT 1)").Scan(&n); err != nil || n > 0 {
		return err
	}
	for _, ix := range bidxIndexes {
		if _, err := tx.tx.ExecContext(ctx, "DROP INDEX IF EXISTS "+ix.name); err != nil {
			return fmt.Errorf("customer load: %w", err)
		}
	}
	tx.bidxDropped = true
	return nil
}

// BulkWorthIt reports whether a load of about rows rows should use
// BeginBulk; callers that cannot know the size pass -1 (worth it).
func BulkWorthIt(rows int) bool { return rows < 0 || rows >= bulkMinRows }

// FreshCustomers reports whether this transaction may create customers by
// CreateCustomersAt: on SQLite (single writer) with an empty customers
// table. It returns the first id to use.
func (tx *Tx) FreshCustomers(ctx context.Context) (bool, int64, error) {
	if tx.dialect != SQLite {
		return false, 0, nil
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM customers LIMIT 1)").Scan(&n); err != nil || n > 0 {
		return false, 0, err
	}
	return true, 1, nil
}

var bareCustomerSpec = &upsertSpec{table: "customers", cols: []string{"id", "ext_id", "created_at", "updated_at"}}

// CreateCustomersAt inserts bare customers with ids first, first+1, … in
// the order of extIDs, which must all be new: a load into an empty table
// knows that every id it has not created yet is new, so it needs neither a
// lookup nor RETURNING. A duplicate still fails on the unique index.
func (tx *Tx) CreateCustomersAt(ctx context.Context, extIDs []string, first int64) error {
	if len(extIDs) == 0 {
		return nil
	}
	args := make([]any, 0, 4*len(extIDs))
	for i, e := range extIDs {
		args = append(args, first+int64(i), e, tx.now, tx.now)
	}
	if tx.dialect == SQLite {
		if _, err := tx.appendBatch(ctx, bareCustomerSpec, args); err != nil {
			return fmt.Errorf("create customers: %w", err)
		}
		return nil
	}
	per := bareCustomerSpec.batchRows()
	for start := 0; start < len(extIDs); start += per {
		rows := min(per, len(extIDs)-start)
		st, err := tx.stmt(ctx, bareCustomerSpec.insertSQL(tx.dialect, rows))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args[start*4:(start+rows)*4]...); err != nil {
			return fmt.Errorf("create customers: %w", err)
		}
	}
	return nil
}

// LargeCache gives a SQLite write transaction a 256 MB page cache until it
// ends (Store.Write resets it): a big import stays in memory until it
// commits instead of spilling pages to the WAL. Other processes keep the
// default 2 MB, so a classification run's memory is not inflated. A no-op
// on PostgreSQL.
func (tx *Tx) LargeCache(ctx context.Context) error {
	if tx.dialect != SQLite || tx.bigCache {
		return nil
	}
	if _, err := tx.tx.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
		return err
	}
	tx.bigCache = true
	return nil
}
