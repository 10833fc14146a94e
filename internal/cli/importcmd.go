package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"strata/internal/core"
	"strata/internal/ingest"
)

func runImport(ctx context.Context, e *env, args []string) error {
	const usage = "strata import customers|orders|interactions|surveys|tickets FILE [flags]"
	f := newFlags(e, "import", usage)
	var maps multiFlag
	f.Var(&maps, "map", "map a field to a header: field=Header (repeatable), e.g. --map amount=实付金额")
	format := f.String("format", "auto", "file format: auto, csv, tsv, xlsx, ws (whitespace-separated)")
	encoding := f.String("encoding", "auto", "text encoding: auto, utf-8, gb18030")
	dateFmt := f.String("date-format", "", "date layout overriding detection (Go layout, e.g. 2006-01-02 15:04)")
	dayFirst := f.Bool("day-first", false, "read ambiguous slash dates as day/month/year (default month/day/year)")
	sheet := f.String("sheet", "", "XLSX sheet name (default: the first sheet)")
	skip := f.Bool("skip-invalid", false, "import the valid rows and write the invalid ones to the reject file")
	dry := f.Bool("dry-run", false, "validate and count only; write nothing")
	report := f.String("report", "", "write every problem (line, column, value, reason) to this CSV file")
	rejects := f.String("rejects", "", "reject file for --skip-invalid (default FILE.rejects.csv)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return &usageError{e.p.T("missing_args", "import", usage)}
	}
	kind, err := ingest.ParseKind(pos[0])
	if err != nil {
		return &usageError{err.Error()}
	}
	m := map[string]string{}
	for _, kv := range maps {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" || v == "" {
			return &usageError{fmt.Sprintf("--map %q: want field=Header", kv)}
		}
		m[strings.TrimSpace(k)] = v
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	in, err := os.Open(pos[1])
	if err != nil {
		return err
	}
	defer in.Close()

	opt := core.ImportOptions{
		Read: ingest.Options{Kind: kind, Format: *format, Encoding: *encoding, Map: m, DateFormat: *dateFmt,
			DayFirst: *dayFirst, Sheet: *sheet, Location: a.Config.Location()},
		SkipInvalid: *skip,
		DryRun:      *dry,
	}
	var rep *csvFile
	if *report != "" {
		if rep, err = createCSV(*report, []string{"line", "column", "field", "value", "reason"}); err != nil {
			return err
		}
		defer rep.close()
		opt.Report = func(fe ingest.FieldError) error {
			return rep.w.Write([]string{fmt.Sprint(fe.Line), fe.Column, fe.Field, fe.Value, fe.Reason})
		}
	}
	rejectPath := *rejects
	var rej *rejectFile
	if *skip {
		if rejectPath == "" {
			rejectPath = pos[1] + ".rejects.csv"
		}
		rej = &rejectFile{path: rejectPath}
		defer rej.close()
		opt.Rejects = rej
	}
	pg := newProgress(e.stderr, "import "+string(kind))
	opt.Progress = pg.update
	res, err := a.Core.Import(ctx, in, opt)
	pg.done()
	if !*dry {
		outcome := "ok"
		if err != nil {
			outcome = "failed"
		} else {
			outcome = fmt.Sprintf("ok: %d read, %d inserted, %d updated, %d rejected", res.RowsRead, res.Inserted, res.Updated, res.Rejected)
		}
		if aerr := a.Core.Audit(ctx, e.actor(), "import", string(kind), "", outcome); aerr != nil && err == nil {
			err = aerr
		}
	}
	if rep != nil {
		if cerr := rep.close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if rej != nil {
		if cerr := rej.close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if res == nil {
		return err
	}
	if e.json {
		out := map[string]any{"result": res, "rows_per_second": res.RowsPerSecond()}
		if rej != nil && res.Rejected > 0 {
			out["rejects_file"] = rejectPath
		}
		if err != nil {
			out["error"] = err.Error()
		}
		if perr := e.printJSON(out); perr != nil {
			return perr
		}
		if err != nil {
			return silent{err}
		}
		return nil
	}
	printImport(e, res, err)
	if rej != nil && res.Rejected > 0 {
		fmt.Fprintln(e.stdout, e.p.T("import_rejects", res.Rejected, rejectPath))
	}
	if rep != nil && res.ErrorCount > 0 {
		fmt.Fprintln(e.stdout, e.p.T("import_report", res.ErrorCount, *report))
	}
	return err
}

func printImport(e *env, res *core.ImportResult, err error) {
	if errors.Is(err, core.ErrInvalidRows) || (res.ErrorCount > 0) {
		w := e.stderr
		if res.ErrorCount > 0 && err == nil {
			w = e.stdout
		}
		if err != nil {
			fmt.Fprintln(w, e.p.T("import_invalid", res.Rejected, res.ErrorCount))
		}
		for _, fe := range res.Errors {
			fmt.Fprintln(w, "  "+e.p.T("row_error", fe.Line, fe.Column, fe.Value, fe.Reason))
		}
		if more := res.ErrorCount - len(res.Errors); more > 0 {
			fmt.Fprintln(w, "  "+e.p.T("import_more", more))
		}
	}
	if len(res.Unmapped) > 0 {
		u := append([]string(nil), res.Unmapped...)
		sort.Strings(u)
		fmt.Fprintln(e.stdout, e.p.T("import_unmapped", strings.Join(u, ", ")))
	}
	if res.DryRun {
		fmt.Fprintln(e.stdout, e.p.T("import_dry"))
	}
	fmt.Fprintln(e.stdout, e.p.T("import_summary", res.Kind, res.RowsRead, res.Inserted, res.Updated, res.Unchanged,
		res.Rejected, res.CustomersCreated, res.Seconds, res.RowsPerSecond()))
}

// silent is an error already reported in the JSON output.
type silent struct{ error }

func (s silent) Unwrap() error { return s.error }

// csvFile is a plain UTF-8 CSV output with a BOM so that Excel opens
// Chinese text correctly.
type csvFile struct {
	f  *os.File
	bw *bufio.Writer
	w  *csv.Writer
}

func createCSV(path string, header []string) (*csvFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriter(f)
	bw.WriteString("\uFEFF")
	c := &csvFile{f: f, bw: bw, w: csv.NewWriter(bw)}
	if header != nil {
		if err := c.w.Write(header); err != nil {
			f.Close()
			return nil, err
		}
	}
	return c, nil
}

func (c *csvFile) close() error {
	if c.f == nil {
		return nil
	}
	c.w.Flush()
	err := errors.Join(c.w.Error(), c.bw.Flush(), c.f.Close())
	c.f = nil
	return err
}

// rejectFile writes rejected rows, with the original header plus a reason
// column, so that it can be corrected and imported again. Cells are escaped
// against formula injection exactly as exports are.
type rejectFile struct {
	path   string
	header []string
	out    *csvFile
}

func (r *rejectFile) Header(cells []string) error {
	r.header = cells
	return nil
}

func (r *rejectFile) Row(cells []string, reason string) error {
	if r.out == nil {
		var err error
		if r.out, err = createCSV(r.path, escapeAll(r.header)); err != nil {
			return err
		}
	}
	row := escapeAll(cells)
	return r.out.w.Write(append(row, ingest.EscapeCell(reason)))
}

func (r *rejectFile) close() error {
	if r.out == nil {
		return nil
	}
	return r.out.close()
}

func escapeAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = ingest.EscapeCell(c)
	}
	return out
}
