package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"strata/internal/ingest"
	"strata/internal/model"
	"strata/internal/store"
)

// ErrInvalidRows is returned when a file has invalid rows and the import
// was all-or-nothing: nothing was written. It unwraps to model.ErrInvalid.
var ErrInvalidRows = fmt.Errorf("the file has invalid rows; nothing was imported: %w", model.ErrInvalid)

// errDryRun rolls a dry run's transaction back after a complete import.
var errDryRun = errors.New("dry run")

// ImportOptions controls one import.
type ImportOptions struct {
	Read ingest.Options
	// SkipInvalid imports the valid rows and hands the invalid ones to
	// Rejects; without it any invalid row aborts the whole import.
	SkipInvalid bool
	// DryRun validates and counts everything inside a transaction that is
	// then rolled back: the figures are exact, nothing is kept.
	DryRun bool
	// Rejects receives every invalid row (original cells and a reason);
	// optional.
	Rejects RowSink
	// Report receives every field error; optional.
	Report func(ingest.FieldError) error
	// KeepErrors bounds the errors kept in the result (default 20).
	KeepErrors int
	// Progress is called after every written batch with the rows read.
	Progress func(rows int)
}

// RowSink receives rejected rows.
type RowSink interface {
	Header(cells []string) error
	Row(cells []string, reason string) error
}

// ImportResult summarises an import.
type ImportResult struct {
	Kind             ingest.Kind         `json:"kind"`
	RowsRead         int                 `json:"rows_read"`
	Inserted         int                 `json:"inserted"`
	Updated          int                 `json:"updated"`
	Unchanged        int                 `json:"unchanged"`
	Rejected         int                 `json:"rejected"`
	CustomersCreated int                 `json:"customers_created"`
	ErrorCount       int                 `json:"error_count"`
	Errors           []ingest.FieldError `json:"errors,omitempty"`
	Mapping          map[string]string   `json:"mapping"`
	Unmapped         []string            `json:"unmapped_headers,omitempty"`
	Committed        bool                `json:"committed"`
	DryRun           bool                `json:"dry_run"`
	Seconds          float64             `json:"seconds"`
}

// RowsPerSecond is the read throughput.
func (r *ImportResult) RowsPerSecond() float64 {
	if r.Seconds <= 0 {
		return 0
	}
	return float64(r.RowsRead) / r.Seconds
}

// importBatch is how many valid rows are written per round of store calls.
const importBatch = 4000

type parsed struct {
	rows []ingest.Row
	err  error
}

// Import reads one file and writes its records in one transaction. Parsing
// runs in its own goroutine so that it overlaps with the database writes.
func (s *Service) Import(ctx context.Context, r io.Reader, opt ImportOptions) (*ImportResult, error) {
	start := time.Now()
	if opt.Read.Location == nil {
		opt.Read.Location = s.loc
	}
	if opt.KeepErrors == 0 {
		opt.KeepErrors = 20
	}
	rd, err := ingest.NewReader(r, opt.Read)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	res := &ImportResult{Kind: opt.Read.Kind, Mapping: rd.Mapping(), Unmapped: rd.Unmapped(), DryRun: opt.DryRun}
	if opt.Rejects != nil {
		if err := opt.Rejects.Header(append(append([]string(nil), rd.Header()...), "reject_reason")); err != nil {
			return nil, fmt.Errorf("reject file: %w", err)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan parsed, 4)
	go func() {
		defer close(ch)
		batch := make([]ingest.Row, 0, importBatch)
		for {
			row, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				select {
				case ch <- parsed{err: err}:
				case <-ctx.Done():
				}
				return
			}
			// Raw is reused by the reader; only rejected rows need it.
			if len(row.Errs) > 0 {
				row.Raw = append([]string(nil), row.Raw...)
			} else {
				row.Raw = nil
			}
			batch = append(batch, row)
			if len(batch) == importBatch {
				select {
				case ch <- parsed{rows: batch}:
				case <-ctx.Done():
					return
				}
				batch = make([]ingest.Row, 0, importBatch)
			}
		}
		if len(batch) > 0 {
			select {
			case ch <- parsed{rows: batch}:
			case <-ctx.Done():
			}
		}
	}()

	w := &importWriter{opt: &opt, res: res, fields: mappedFields(rd.Mapping())}
	// A load of child records checks their customer references once at the
	// end instead of row by row when it can (store.WriteRecordLoad); the
	// transaction writes only that table and customers.
	write := s.st.Write
	if t := tableOf(opt.Read.Kind); t != "" && t != "customers" {
		write = func(ctx context.Context, fn func(*store.Tx) error) error { return s.st.WriteRecordLoad(ctx, t, fn) }
	}
	err = write(ctx, func(tx *store.Tx) error {
		if err := w.begin(ctx, tx); err != nil {
			return err
		}
		for p := range ch {
			if p.err != nil {
				return p.err
			}
			if err := w.batch(ctx, tx, p.rows); err != nil {
				return err
			}
			if opt.Progress != nil {
				opt.Progress(res.RowsRead)
			}
		}
		if res.ErrorCount > 0 && !opt.SkipInvalid {
			return ErrInvalidRows
		}
		if err := w.end(ctx, tx); err != nil {
			return err
		}
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	res.Seconds = time.Since(start).Seconds()
	switch {
	case err == nil:
		res.Committed = true
		return res, nil
	case errors.Is(err, errDryRun):
		return res, nil
	case errors.Is(err, ErrInvalidRows):
		return res, err
	default:
		return res, err
	}
}

func mappedFields(m map[string]string) []string {
	fs := make([]string, 0, len(m))
	for f := range m {
		fs = append(fs, f)
	}
	return fs
}

// importWriter accumulates one import's writes inside its transaction.
type importWriter struct {
	opt       *ImportOptions
	res       *ImportResult
	fields    []string
	maxBefore int64
	table     string
	customers map[string]int64 // external -> internal ids resolved so far
	fresh     bool             // the customers table was empty: unknown ids are new
	nextID    int64            // next customer id when fresh
}

func tableOf(k ingest.Kind) string {
	switch k {
	case ingest.KindCustomers:
		return "customers"
	case ingest.KindOrders:
		return "orders"
	case ingest.KindInteractions:
		return "interactions"
	case ingest.KindSurveys:
		return "surveys"
	case ingest.KindTickets:
		return "tickets"
	}
	return ""
}

func (w *importWriter) begin(ctx context.Context, tx *store.Tx) error {
	t := tableOf(w.opt.Read.Kind)
	if t == "" {
		return fmt.Errorf("unknown import kind %q", w.opt.Read.Kind)
	}
	var err error
	if w.maxBefore, err = tx.MaxID(ctx, t); err != nil {
		return err
	}
	w.table = t
	w.customers = map[string]int64{}
	if err := tx.LargeCache(ctx); err != nil {
		return err
	}
	if t != "customers" {
		if w.fresh, w.nextID, err = tx.FreshCustomers(ctx); err != nil {
			return err
		}
	}
	_, err = tx.BeginBulk(ctx, t)
	return err
}

// end finishes a bulk load (rebuilding indexes) before the commit.
func (w *importWriter) end(ctx context.Context, tx *store.Tx) error {
	return tx.EndBulk(ctx, w.table)
}

// batch writes the valid rows of one batch and reports the invalid ones.
// After the first invalid row of an all-or-nothing import nothing more is
// written (the transaction will roll back), but every row is still read so
// that the report lists every problem.
func (w *importWriter) batch(ctx context.Context, tx *store.Tx, rows []ingest.Row) error {
	res := w.res
	valid := rows[:0:0]
	for i := range rows {
		row := &rows[i]
		res.RowsRead++
		if len(row.Errs) == 0 {
			valid = append(valid, *row)
			continue
		}
		res.Rejected++
		reason := ""
		for j, fe := range row.Errs {
			res.ErrorCount++
			if len(res.Errors) < w.opt.KeepErrors {
				res.Errors = append(res.Errors, fe)
			}
			if w.opt.Report != nil {
				if err := w.opt.Report(fe); err != nil {
					return fmt.Errorf("error report: %w", err)
				}
			}
			if j > 0 {
				reason += "; "
			}
			reason += fe.Error()
		}
		if w.opt.Rejects != nil {
			if err := w.opt.Rejects.Row(row.Raw, reason); err != nil {
				return fmt.Errorf("reject file: %w", err)
			}
		}
	}
	if len(valid) == 0 || (res.ErrorCount > 0 && !w.opt.SkipInvalid) {
		return nil
	}
	var wc store.WriteCounts
	var err error
	if w.opt.Read.Kind == ingest.KindCustomers {
		cs := pick(valid, func(r *ingest.Row) *model.Customer { return r.Customer })
		wc, err = tx.UpsertCustomers(ctx, cs, w.fields, w.maxBefore)
	} else {
		wc, err = w.children(ctx, tx, valid)
	}
	if err != nil {
		return err
	}
	res.Inserted += wc.Inserted
	res.Updated += wc.Updated
	res.Unchanged += wc.Unchanged
	return nil
}

func customerOf(r *ingest.Row) string {
	switch {
	case r.Order != nil:
		return r.Order.CustomerID
	case r.Interaction != nil:
		return r.Interaction.CustomerID
	case r.Survey != nil:
		return r.Survey.CustomerID
	case r.Ticket != nil:
		return r.Ticket.CustomerID
	}
	return ""
}

// children writes records that hang off a customer, creating customers that
// the file names but the store does not know yet.
func (w *importWriter) children(ctx context.Context, tx *store.Tx, rows []ingest.Row) (store.WriteCounts, error) {
	ext := make([]string, len(rows))
	var unknown []string
	for i := range rows {
		ext[i] = customerOf(&rows[i])
		if _, ok := w.customers[ext[i]]; !ok {
			unknown = append(unknown, ext[i])
		}
	}
	if len(unknown) > 0 && w.fresh {
		uniq := unknown[:0]
		for _, e := range unknown {
			if _, ok := w.customers[e]; !ok {
				w.customers[e] = w.nextID + int64(len(uniq))
				uniq = append(uniq, e)
			}
		}
		if err := tx.CreateCustomersAt(ctx, uniq, w.nextID); err != nil {
			return store.WriteCounts{}, err
		}
		w.nextID += int64(len(uniq))
		w.res.CustomersCreated += len(uniq)
	} else if len(unknown) > 0 {
		ids, created, err := tx.ResolveCustomers(ctx, unknown, true)
		if err != nil {
			return store.WriteCounts{}, err
		}
		w.res.CustomersCreated += created
		for k, v := range ids {
			w.customers[k] = v
		}
	}
	cust := make([]int64, len(rows))
	for i, e := range ext {
		cust[i] = w.customers[e]
	}
	switch w.opt.Read.Kind {
	case ingest.KindOrders:
		return tx.UpsertOrders(ctx, pick(rows, func(r *ingest.Row) *model.Order { return r.Order }), cust, w.maxBefore)
	case ingest.KindInteractions:
		return tx.UpsertInteractions(ctx, pick(rows, func(r *ingest.Row) *model.Interaction { return r.Interaction }), cust, w.maxBefore)
	case ingest.KindSurveys:
		return tx.UpsertSurveys(ctx, pick(rows, func(r *ingest.Row) *model.Survey { return r.Survey }), cust, w.maxBefore)
	case ingest.KindTickets:
		return tx.UpsertTickets(ctx, pick(rows, func(r *ingest.Row) *model.Ticket { return r.Ticket }), cust, w.maxBefore)
	}
	return store.WriteCounts{}, fmt.Errorf("unknown import kind %q", w.opt.Read.Kind)
}

// pick collects one record pointer per row.
func pick[T any](rows []ingest.Row, get func(*ingest.Row) T) []T {
	out := make([]T, len(rows))
	for i := range rows {
		out[i] = get(&rows[i])
	}
	return out
}
