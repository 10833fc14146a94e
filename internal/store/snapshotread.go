package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"strata/internal/model"
)

// EachChunkClasses streams a run's snapshot chunks in customer order with
// only the customer ids and class indexes decoded (the metric blob is not
// read): what list filters on classes need.
func (s *Store) EachChunkClasses(ctx context.Context, run int64, fn func(ids []int64, classes []uint16) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT customers, classes FROM run_chunks WHERE run = $1 ORDER BY chunk`, run)
	if err != nil {
		return fmt.Errorf("read run %d classes: %w", run, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cu, cl []byte
		if err := rows.Scan(&cu, &cl); err != nil {
			return err
		}
		if len(cu)%8 != 0 || len(cl)%2 != 0 {
			return fmt.Errorf("run %d: a snapshot chunk is corrupt", run)
		}
		ids := make([]int64, len(cu)/8)
		for i := range ids {
			ids[i] = int64(binary.LittleEndian.Uint64(cu[8*i:]))
		}
		classes := make([]uint16, len(cl)/2)
		for i := range classes {
			classes[i] = binary.LittleEndian.Uint16(cl[2*i:])
		}
		if err := fn(ids, classes); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachChunkMetric streams one metric column (field position f in the run's
// fields) of a run's snapshot in customer order, cutting the column out of
// each chunk's metric blob in SQL so that only it is transferred.
func (s *Store) EachChunkMetric(ctx context.Context, run int64, f int, fn func(vals []float64) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT substr(metrics, $2 * n * 8 + 1, n * 8) FROM run_chunks WHERE run = $1 ORDER BY chunk`, run, f)
	if err != nil {
		return fmt.Errorf("read run %d metric %d: %w", run, f, err)
	}
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return err
		}
		if len(b)%8 != 0 {
			return fmt.Errorf("run %d: a snapshot chunk is corrupt", run)
		}
		vals := make([]float64, len(b)/8)
		for i := range vals {
			vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// LatestRunID returns the id of the latest finished run (the one
// LatestRun reads), or model.ErrNotFound: one indexed query, for callers
// that only need to know whether the latest run changed.
func (s *Store) LatestRunID(ctx context.Context) (int64, error) {
	var id int64
	err := s.queryRowCached(ctx, `SELECT id FROM runs WHERE status = $1 ORDER BY as_of DESC, id DESC LIMIT 1`, RunDone).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("no finished classification run: %w", model.ErrNotFound)
	}
	return id, err
}
