package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
)

// recordTables are the child-record tables whose only foreign key is
// customer -> customers (id), each with an index leading with customer.
var recordTables = map[string]bool{"orders": true, "interactions": true, "surveys": true, "tickets": true}

// WriteRecordLoad is Write for an import into one child-record table
// (orders, interactions, surveys, tickets). On SQLite, when that table is
// empty, SQLite's per-row foreign-key check is switched off for the
// transaction and replaced by one check before the commit that every
// customer the table references exists. The per-row check opens a cursor
// on customers and descends its B-tree for every inserted row (about a
// quarter of the cost of a bulk-loaded row with this driver); the final
// check walks the table's customer index once and looks up each distinct
// customer. A violation fails the whole transaction either way, so the
// outcome is the same: all rows or none.
//
// fn may write only table and customers (which references nothing):
// foreign keys of other tables are not checked in this transaction. On
// PostgreSQL, for a table that is not empty, or for any other table this
// is Write.
func (s *Store) WriteRecordLoad(ctx context.Context, table string, fn func(*Tx) error) (err error) {
	if s.dialect != SQLite || !recordTables[table] {
		return s.Write(ctx, fn)
	}
	// One connection for the pragma, the transaction and the restore: the
	// pool has only one writer, and no other transaction may run on it
	// while foreign keys are off.
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" LIMIT 1)").Scan(&n); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if n > 0 {
		// Checking the whole table at the end would cost more than the
		// per-row checks of an incremental load.
		return s.writeOn(ctx, conn, fn, nil)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); rerr != nil {
			// Never return a connection without foreign keys to the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, fmt.Errorf("restoring foreign keys: %w", rerr))
		}
	}()
	return s.writeOn(ctx, conn, fn, func(tx *Tx) error { return tx.checkCustomerRefs(ctx, table) })
}

// checkCustomerRefs fails when a row of table (a record table) references a
// customer that does not exist.
func (tx *Tx) checkCustomerRefs(ctx context.Context, table string) error {
	if !recordTables[table] {
		return fmt.Errorf("checkCustomerRefs: unknown table %q", table)
	}
	var missing []int64
	rows, err := tx.tx.QueryContext(ctx, "SELECT r.customer FROM (SELECT DISTINCT customer FROM "+table+") r"+
		" WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = r.customer) LIMIT 5")
	if err != nil {
		return fmt.Errorf("foreign key check of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("foreign key check of %s: %w", table, err)
		}
		missing = append(missing, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign key check of %s: %w", table, err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("FOREIGN KEY constraint failed: %s references missing customers %v", table, missing)
	}
	return nil
}
