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
	idx, ok := bulkIndexes[table]
	if !ok || tx.dialect != SQLite {
		return false, nil
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

// BulkWorthIt reports whether a load of about rows rows should use
// BeginBulk; callers that cannot know the size pass -1 (worth it).
func BulkWorthIt(rows int) bool { return rows < 0 || rows >= bulkMinRows }
