package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readAll reads every row of data, copying Raw (which the reader reuses).
func readAll(t testing.TB, data []byte, opts Options) ([]Row, *Reader) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	defer r.Close()
	var rows []Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return rows, r
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		row.Raw = append([]string(nil), row.Raw...)
		rows = append(rows, row)
	}
}

// goodRows fails the test on any row error and returns the rows.
func goodRows(t testing.TB, data []byte, opts Options) []Row {
	t.Helper()
	rows, _ := readAll(t, data, opts)
	for _, row := range rows {
		if len(row.Errs) > 0 {
			t.Fatalf("line %d: %v", row.Line, row.Errs)
		}
	}
	return rows
}

// makeXLSX builds a one-sheet workbook from rows of cell values (string,
// float64, int, nil) with excelize, as a user's spreadsheet would be.
func makeXLSX(t testing.TB, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "" && sheet != "Sheet1" {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
	}
	name := sheet
	if name == "" {
		name = "Sheet1"
	}
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue(name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func utcLoc() *time.Location { return time.UTC }
