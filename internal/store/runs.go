package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"strata/internal/model"
)

// Run statuses.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

// Run is one classification run.
type Run struct {
	ID         int64           `json:"id"`
	AsOf       string          `json:"as_of"`
	Status     string          `json:"status"`
	StartedAt  time.Time       `json:"started_at"`
	FinishedAt time.Time       `json:"finished_at,omitzero"`
	Customers  int             `json:"customers"`
	Fields     []string        `json:"fields,omitempty"`
	Summary    json.RawMessage `json:"summary,omitempty"`
	Error      string          `json:"error,omitempty"`
}

// RunScheme is one scheme a run applied: its position in the snapshot's
// class columns, the scheme version, and the parameters (thresholds) and
// per-class statistics the run computed, as JSON.
type RunScheme struct {
	Position int             `json:"position"`
	SchemeID int64           `json:"scheme_id"`
	Params   json.RawMessage `json:"params"`
	Stats    json.RawMessage `json:"stats"`
}

// Chunk is a slice of a run's snapshot: N consecutive customers (ascending
// internal ids), their class per scheme (scheme-major) and their metric
// values (field-major).
type Chunk struct {
	Index     int
	Customers []int64
	Classes   []uint16 // len = schemes × N; NoClass = none
	Metrics   []float64
}

// NoClass marks a customer without a class in a scheme.
const NoClass = math.MaxUint16

// Class returns the class of row i in scheme position p.
func (c *Chunk) Class(p, i int) uint16 { return c.Classes[p*len(c.Customers)+i] }

// Metric returns field f of row i.
func (c *Chunk) Metric(f, i int) float64 { return c.Metrics[f*len(c.Customers)+i] }

// StartRun records a running run and returns its id. owner identifies the
// process (host:pid) so that a stale run can be recognised.
func (s *Store) StartRun(ctx context.Context, asOf, owner string) (int64, error) {
	now := time.Now().Unix()
	var id int64
	err := s.write.QueryRowContext(ctx, `INSERT INTO runs (as_of, status, owner, started_at, heartbeat_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, asOf, RunRunning, owner, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

// Heartbeat tells other processes that the run is alive.
func (s *Store) Heartbeat(ctx context.Context, run int64) error {
	_, err := s.write.ExecContext(ctx, `UPDATE runs SET heartbeat_at = $1 WHERE id = $2 AND status = $3`, time.Now().Unix(), run, RunRunning)
	return err
}

// FailRun marks a run failed with a message.
func (s *Store) FailRun(ctx context.Context, run int64, msg string) error {
	_, err := s.write.ExecContext(context.WithoutCancel(ctx), `UPDATE runs SET status = $1, error = $2, finished_at = $3 WHERE id = $4 AND status = $5`,
		RunFailed, msg, time.Now().Unix(), run, RunRunning)
	return err
}

// RecoverRuns marks failed every running run whose heartbeat is older than
// staleAfter, or whose owner is dead per alive (which may be nil). It
// returns how many it marked.
func (s *Store) RecoverRuns(ctx context.Context, staleAfter time.Duration, alive func(owner string) bool) (int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, owner, heartbeat_at FROM runs WHERE status = $1`, RunRunning)
	if err != nil {
		return 0, err
	}
	type cand struct {
		id    int64
		owner string
		hb    int64
	}
	var cs []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.id, &c.owner, &c.hb); err != nil {
			rows.Close()
			return 0, err
		}
		cs = append(cs, c)
	}
	rows.Close()
	n := 0
	limit := time.Now().Add(-staleAfter).Unix()
	for _, c := range cs {
		if c.hb >= limit && (alive == nil || alive(c.owner)) {
			continue
		}
		res, err := s.write.ExecContext(ctx, `UPDATE runs SET status = $1, error = $2, finished_at = $3 WHERE id = $4 AND status = $5`,
			RunFailed, "interrupted: the process running it stopped", time.Now().Unix(), c.id, RunRunning)
		if err != nil {
			return n, err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n++
		}
	}
	return n, nil
}

// FinishRun writes a run's snapshot and marks it done, all in one
// transaction: a run is either complete or absent. A previous done run with
// the same as-of date is replaced, so re-running an as-of date never leaves
// two answers for it. next yields the chunks in customer order; a chunk is
// written before next is called again, so next may reuse its memory.
func (s *Store) FinishRun(ctx context.Context, run int64, fields []string, summary []byte, schemes []RunScheme, next func() (*Chunk, error)) error {
	fj, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *Tx) error {
		var asOf, status string
		if err := tx.tx.QueryRowContext(ctx, `SELECT as_of, status FROM runs WHERE id = $1`, run).Scan(&asOf, &status); err != nil {
			return fmt.Errorf("finish run %d: %w", run, err)
		}
		if status != RunRunning {
			return fmt.Errorf("finish run %d: it is %s, not running: %w", run, status, model.ErrConflict)
		}
		for _, rs := range schemes {
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO run_schemes (run, position, scheme, params, stats) VALUES ($1, $2, $3, $4, $5)`,
				run, rs.Position, rs.SchemeID, string(rs.Params), string(rs.Stats)); err != nil {
				return fmt.Errorf("finish run: scheme %d: %w", rs.Position, err)
			}
		}
		if err := tx.replaceRuns(ctx, run, asOf); err != nil {
			return err
		}
		total := 0
		var cu, cl, me []byte // encoding buffers, reused from chunk to chunk
		for i := 0; ; i++ {
			c, err := next()
			if err != nil {
				return err
			}
			if c == nil {
				break
			}
			n := len(c.Customers)
			if n == 0 || len(c.Classes) != n*len(schemes) || len(c.Metrics) != n*len(fields) {
				return fmt.Errorf("finish run: chunk %d has %d customers, %d classes, %d metrics for %d schemes and %d fields",
					i, n, len(c.Classes), len(c.Metrics), len(schemes), len(fields))
			}
			cu, cl, me = appendInt64s(cu[:0], c.Customers), appendUint16s(cl[:0], c.Classes), appendFloat64s(me[:0], c.Metrics)
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO run_chunks (run, chunk, first_customer, last_customer, n, customers, classes, metrics)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, run, i, c.Customers[0], c.Customers[n-1], n, cu, cl, me); err != nil {
				return fmt.Errorf("finish run: chunk %d: %w", i, err)
			}
			total += n
		}
		_, err := tx.tx.ExecContext(ctx, `UPDATE runs SET status = $1, finished_at = $2, heartbeat_at = $2, customers = $3, fields = $4, summary = $5 WHERE id = $6`,
			RunDone, time.Now().Unix(), total, string(fj), string(summary), run)
		return err
	})
}

const runColumns = `id, as_of, status, started_at, finished_at, customers, fields, summary, error`

func scanRun(sc interface{ Scan(...any) error }) (*Run, error) {
	var r Run
	var started int64
	var finished sql.NullInt64
	var fields, summary string
	if err := sc.Scan(&r.ID, &r.AsOf, &r.Status, &started, &finished, &r.Customers, &fields, &summary, &r.Error); err != nil {
		return nil, err
	}
	r.StartedAt, r.FinishedAt = time.Unix(started, 0).UTC(), timeOf(finished)
	if err := json.Unmarshal([]byte(fields), &r.Fields); err != nil {
		return nil, fmt.Errorf("run %d fields: %w", r.ID, err)
	}
	r.Summary = json.RawMessage(summary)
	return &r, nil
}

// Runs lists every run, newest as-of first.
func (s *Store) Runs(ctx context.Context) ([]Run, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+runColumns+` FROM runs ORDER BY as_of DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// GetRun returns one run with its schemes, or model.ErrNotFound.
func (s *Store) GetRun(ctx context.Context, id int64) (*Run, []RunScheme, error) {
	r, err := scanRun(s.read.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("run %d: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT position, scheme, params, stats FROM run_schemes WHERE run = $1 ORDER BY position`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var rs []RunScheme
	for rows.Next() {
		var x RunScheme
		var p, st string
		if err := rows.Scan(&x.Position, &x.SchemeID, &p, &st); err != nil {
			return nil, nil, err
		}
		x.Params, x.Stats = json.RawMessage(p), json.RawMessage(st)
		rs = append(rs, x)
	}
	return r, rs, rows.Err()
}

// LatestRun returns the done run with the latest as-of date, or
// model.ErrNotFound.
func (s *Store) LatestRun(ctx context.Context) (*Run, []RunScheme, error) {
	id, err := s.LatestRunID(ctx)
	if err != nil {
		return nil, nil, err
	}
	return s.GetRun(ctx, id)
}

// EachChunk streams a run's snapshot chunks in customer order.
func (s *Store) EachChunk(ctx context.Context, run int64, fn func(*Chunk) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT chunk, customers, classes, metrics FROM run_chunks WHERE run = $1 ORDER BY chunk`, run)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanChunk(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ChunkFor returns the chunk of run holding internal customer id, or
// model.ErrNotFound when the customer is not in the run.
func (s *Store) ChunkFor(ctx context.Context, run, customer int64) (*Chunk, int, error) {
	c, err := scanChunk(s.read.QueryRowContext(ctx, `SELECT chunk, customers, classes, metrics FROM run_chunks
		WHERE run = $1 AND last_customer >= $2 AND first_customer <= $2 ORDER BY last_customer LIMIT 1`, run, customer))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, model.ErrNotFound
	}
	if err != nil {
		return nil, 0, err
	}
	lo, hi := 0, len(c.Customers)
	for lo < hi {
		m := (lo + hi) / 2
		if c.Customers[m] < customer {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(c.Customers) || c.Customers[lo] != customer {
		return nil, 0, model.ErrNotFound
	}
	return c, lo, nil
}

// CustomerRef returns the internal id of a customer by external id.
func (s *Store) CustomerRef(ctx context.Context, extID string) (int64, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, `SELECT id FROM customers WHERE ext_id = $1`, extID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	return id, err
}

// ExtIDs maps internal customer ids to external ids.
func (s *Store) ExtIDs(ctx context.Context) (map[int64]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, ext_id FROM customers`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]string{}
	for rows.Next() {
		var id int64
		var e string
		if err := rows.Scan(&id, &e); err != nil {
			return nil, err
		}
		m[id] = e
	}
	return m, rows.Err()
}

func scanChunk(sc interface{ Scan(...any) error }) (*Chunk, error) {
	var c Chunk
	var cu, cl, me []byte
	if err := sc.Scan(&c.Index, &cu, &cl, &me); err != nil {
		return nil, err
	}
	if len(cu)%8 != 0 || len(cl)%2 != 0 || len(me)%8 != 0 {
		return nil, fmt.Errorf("run chunk %d is corrupt", c.Index)
	}
	c.Customers = make([]int64, len(cu)/8)
	for i := range c.Customers {
		c.Customers[i] = int64(binary.LittleEndian.Uint64(cu[8*i:]))
	}
	c.Classes = make([]uint16, len(cl)/2)
	for i := range c.Classes {
		c.Classes[i] = binary.LittleEndian.Uint16(cl[2*i:])
	}
	c.Metrics = make([]float64, len(me)/8)
	for i := range c.Metrics {
		c.Metrics[i] = math.Float64frombits(binary.LittleEndian.Uint64(me[8*i:]))
	}
	return &c, nil
}

func appendInt64s(b []byte, v []int64) []byte {
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, uint64(x))
	}
	return b
}

func appendUint16s(b []byte, v []uint16) []byte {
	for _, x := range v {
		b = binary.LittleEndian.AppendUint16(b, x)
	}
	return b
}

func appendFloat64s(b []byte, v []float64) []byte {
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// replaceRuns deletes the earlier done runs of the same as-of date that
// applied the same set of schemes (by name): re-running a date replaces
// its answer, while a run of only some schemes leaves a full run alone.
func (tx *Tx) replaceRuns(ctx context.Context, run int64, asOf string) error {
	names := func(id int64) (string, error) {
		rows, err := tx.tx.QueryContext(ctx, `SELECT s.name FROM run_schemes rs JOIN schemes s ON s.id = rs.scheme
			WHERE rs.run = $1 ORDER BY s.name`, id)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return "", err
			}
			out = append(out, n)
		}
		return fmt.Sprint(out), rows.Err()
	}
	mine, err := names(run)
	if err != nil {
		return err
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT id FROM runs WHERE as_of = $1 AND status = $2 AND id <> $3`, asOf, RunDone, run)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		theirs, err := names(id)
		if err != nil {
			return err
		}
		if theirs == mine {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM runs WHERE id = $1`, id); err != nil {
				return err
			}
		}
	}
	return nil
}
