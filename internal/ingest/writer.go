package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Column is one column of an export: its header and whether its cells are
// numbers. Numeric cells that hold a plain decimal are written as numbers
// (a real number cell in XLSX) and never escaped, so "-12.50" stays a
// number; anything else in a numeric column is written as escaped text.
type Column struct {
	Name    string
	Numeric bool
}

// Writer writes a table as CSV or XLSX with formula-injection protection:
// every text cell goes through EscapeCell.
//
// CSV is UTF-8 with a BOM (so Excel on Windows detects the encoding), comma
// separated, RFC 4180 quoting, and CRLF after each record as RFC 4180 says
// (Excel and every reader here accept LF too). Line breaks inside a cell
// are written as they are, inside quotes.
//
// XLSX is one worksheet named "Sheet1", written with excelize's
// StreamWriter; the whole workbook is produced on Close.
type Writer struct {
	cols   []Column
	format string
	rows   int
	err    error
	closed bool

	// CSV
	bw *bufio.Writer

	// XLSX
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	vals []any
}

// MaxXLSXRows is the most data rows an XLSX export holds (Excel's sheet
// limit less the header row).
const MaxXLSXRows = 1048576 - 1

// NewWriter starts a table with the given columns (written at once as the
// header row) in format FormatCSV or FormatXLSX.
func NewWriter(w io.Writer, format string, cols []Column) (*Writer, error) {
	if len(cols) == 0 {
		return nil, errors.New("ingest: a table needs at least one column")
	}
	wr := &Writer{cols: append([]Column(nil), cols...)}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	switch strings.ToLower(format) {
	case FormatCSV:
		wr.format = FormatCSV
		wr.bw = bufio.NewWriterSize(w, 64<<10)
		if _, err := wr.bw.Write(bomUTF8); err != nil {
			return nil, err
		}
	case FormatXLSX:
		wr.format = FormatXLSX
		wr.w = w
		wr.f = excelize.NewFile()
		sw, err := wr.f.NewStreamWriter("Sheet1")
		if err != nil {
			wr.f.Close()
			return nil, fmt.Errorf("ingest: starting the worksheet: %w", err)
		}
		wr.sw = sw
		wr.vals = make([]any, len(cols))
	default:
		return nil, fmt.Errorf("ingest: cannot write format %q (want csv or xlsx)", format)
	}
	if err := wr.write(header, true); err != nil {
		wr.abort()
		return nil, err
	}
	return wr, nil
}

// Write writes one row; it must have one cell per column.
func (w *Writer) Write(cells []string) error {
	if w.closed {
		return errors.New("ingest: write after Close")
	}
	if w.err != nil {
		return w.err
	}
	if len(cells) != len(w.cols) {
		return fmt.Errorf("ingest: row has %d cells for %d columns", len(cells), len(w.cols))
	}
	if w.format == FormatXLSX && w.rows >= MaxXLSXRows {
		w.err = fmt.Errorf("ingest: an XLSX sheet holds at most %d rows; export CSV instead", MaxXLSXRows)
		return w.err
	}
	w.err = w.write(cells, false)
	return w.err
}

func (w *Writer) write(cells []string, header bool) error {
	if w.format == FormatCSV {
		for i, c := range cells {
			if i > 0 {
				w.bw.WriteByte(',')
			}
			if header || !w.cols[i].Numeric || !isPlainNumber(c) {
				c = EscapeCell(c)
			}
			writeCSVField(w.bw, c)
		}
		_, err := w.bw.WriteString("\r\n")
		if !header {
			w.rows++
		}
		return err
	}
	for i, c := range cells {
		switch {
		case c == "":
			w.vals[i] = nil
		case !header && w.cols[i].Numeric && isPlainNumber(c):
			f, _ := strconv.ParseFloat(c, 64)
			w.vals[i] = f
		default:
			w.vals[i] = EscapeCell(c)
		}
	}
	rowNum := w.rows + 1
	if !header {
		rowNum++
		w.rows++
	}
	cell, err := excelize.CoordinatesToCellName(1, rowNum)
	if err != nil {
		return err
	}
	if err := w.sw.SetRow(cell, w.vals); err != nil {
		return fmt.Errorf("ingest: writing row %d: %w", rowNum, err)
	}
	return nil
}

func writeCSVField(bw *bufio.Writer, c string) {
	if !strings.ContainsAny(c, ",\"\r\n") {
		bw.WriteString(c)
		return
	}
	bw.WriteByte('"')
	for {
		i := strings.IndexByte(c, '"')
		if i < 0 {
			break
		}
		bw.WriteString(c[:i+1])
		bw.WriteByte('"')
		c = c[i+1:]
	}
	bw.WriteString(c)
	bw.WriteByte('"')
}

// isPlainNumber reports whether s is an optional minus, digits and an
// optional fraction: what the cell functions write for numbers.
func isPlainNumber(s string) bool {
	i := 0
	if len(s) > 0 && s[0] == '-' {
		i = 1
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && digits <= 15 // beyond 15 digits a spreadsheet number loses precision
}

// Rows returns the number of data rows written so far.
func (w *Writer) Rows() int { return w.rows }

// Close finishes the table: it flushes CSV, or writes the whole XLSX
// workbook to the underlying writer. It does not close that writer.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if w.format == FormatCSV {
		if err := w.bw.Flush(); w.err == nil {
			w.err = err
		}
		return w.err
	}
	defer w.f.Close()
	if w.err != nil {
		return w.err
	}
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("ingest: finishing the worksheet: %w", err)
	}
	if err := w.f.Write(w.w); err != nil {
		return fmt.Errorf("ingest: writing the workbook: %w", err)
	}
	return nil
}

func (w *Writer) abort() {
	if w.f != nil {
		w.f.Close()
	}
}
