package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
)

// Every connection of both pools runs without the connection mutex (see
// multiThread). This also notices a driver upgrade that changes the
// connection's layout: the hook then leaves connections serialised.
func TestConnectionsAreMultiThread(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	for name, db := range map[string]*sql.DB{"reader": s.read, "writer": s.write} {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Raw(func(dc any) error {
			h := connHandle(dc)
			if h == nil {
				return fmt.Errorf("%s: the driver connection has no sqlite3 handle where expected (%T)", name, dc)
			}
			if h.Fmutex != 0 {
				return fmt.Errorf("%s: the connection still has its mutex", name)
			}
			return nil
		})
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Readers and the writer use their connections from many goroutines at
// once (each connection by one at a time, as database/sql guarantees):
// every read sees a consistent count and sum, and nothing fails.
func TestConcurrentUseWithoutConnectionMutex(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE mt (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	const writers, rounds, readers = 4, 50, 8
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	for w := range writers {
		wg.Go(func() {
			for r := range rounds {
				tx, err := s.write.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					return
				}
				// Each transaction adds two rows whose values sum to 0.
				k := int64(w*rounds+r) * 2
				if _, err := tx.ExecContext(ctx, `INSERT INTO mt (k, v) VALUES (?, ?), (?, ?)`, k, r+1, k+1, -(r + 1)); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for range readers {
		wg.Go(func() {
			for range 4 * rounds {
				var n, sum int64
				if err := s.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(v), 0) FROM mt`).Scan(&n, &sum); err != nil {
					errs <- err
					return
				}
				if n%2 != 0 || sum != 0 {
					errs <- fmt.Errorf("read a torn state: %d rows summing to %d", n, sum)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int64
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM mt`).Scan(&n); err != nil || n != 2*writers*rounds {
		t.Fatalf("%d rows, %v; want %d", n, err, 2*writers*rounds)
	}
}
