package ingest

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Bounds on an XLSX package, checked before excelize opens it: excelize
// reads every part but worksheets and shared strings into memory.
const (
	maxXLSXPart  = 64 << 20 // any part other than a worksheet or the shared strings
	maxXLSXTotal = 4 << 30  // all parts together, uncompressed
)

// xlsxSource streams the rows of one worksheet.
type xlsxSource struct {
	f     *excelize.File
	rows  *excelize.Rows
	row   int
	spool string // temporary copy of the input to remove on close, if any
}

// openXLSX opens the workbook behind r. A regular *os.File is opened by
// name; any other reader (br holds its first bytes) is spooled to a
// temporary file first, because excelize reads a zip from a file path or
// from memory, and memory is what we must not fill.
func openXLSX(r io.Reader, br *bufio.Reader, sheet, tmpDir string) (*xlsxSource, error) {
	path, spool := "", ""
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			path = f.Name()
		}
	}
	if path == "" {
		tmp, err := os.CreateTemp(tmpDir, "strata-import-*.xlsx")
		if err != nil {
			return nil, fmt.Errorf("ingest: spooling the workbook: %w", err)
		}
		spool, path = tmp.Name(), tmp.Name()
		_, err = io.Copy(tmp, br)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(spool)
			return nil, fmt.Errorf("ingest: spooling the workbook: %w", err)
		}
	}
	src, err := openXLSXPath(path, sheet, tmpDir)
	if err != nil {
		if spool != "" {
			os.Remove(spool)
		}
		return nil, err
	}
	src.spool = spool
	return src, nil
}

func openXLSXPath(path, sheet, tmpDir string) (*xlsxSource, error) {
	if err := checkXLSXParts(path); err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxXLSXTotal, TmpDir: tmpDir})
	if err != nil {
		return nil, fmt.Errorf("ingest: opening the workbook: %w", err)
	}
	if sheet == "" {
		list := f.GetSheetList()
		if len(list) == 0 {
			f.Close()
			return nil, fmt.Errorf("ingest: the workbook has no worksheet")
		}
		sheet = list[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		names := strings.Join(f.GetSheetList(), ", ")
		f.Close()
		return nil, fmt.Errorf("ingest: worksheet %q: %w (the workbook has: %s)", sheet, err, names)
	}
	return &xlsxSource{f: f, rows: rows}, nil
}

// checkXLSXParts refuses packages whose declared sizes would make excelize
// hold too much in memory: zip bombs, corrupt size fields, or not a
// workbook at all. excelize reads every part into a buffer of its declared
// size, except worksheets and shared strings above 16 MiB, which it
// extracts to temporary files — and when that extraction fails it falls
// back to the in-memory read. So every large part is decompressed here
// once (archive/zip checks its size and CRC at the end), and a declared
// size that deflate cannot reach from the compressed size is refused.
func checkXLSXParts(path string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("ingest: the file starts like an XLSX workbook but is not a readable zip: %w", err)
	}
	defer zr.Close()
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxXLSXTotal {
			return fmt.Errorf("ingest: the workbook unpacks to more than the limit of %d MiB", maxXLSXTotal>>20)
		}
		if f.UncompressedSize64 > maxDeflateRatio*f.CompressedSize64+1024 {
			return fmt.Errorf("ingest: the workbook is corrupt: part %s claims %d bytes from %d compressed", f.Name, f.UncompressedSize64, f.CompressedSize64)
		}
		name := strings.ToLower(f.Name)
		streamed := strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
		if !streamed && f.UncompressedSize64 > maxXLSXPart {
			return fmt.Errorf("ingest: workbook part %s is %d MiB, more than the limit of %d MiB", f.Name, f.UncompressedSize64>>20, maxXLSXPart>>20)
		}
		if f.UncompressedSize64 > excelize.StreamChunkSize {
			if err := verifyZipPart(f); err != nil {
				return fmt.Errorf("ingest: the workbook is corrupt: part %s: %w", f.Name, err)
			}
		}
	}
	return nil
}

// maxDeflateRatio is above the most deflate can compress (about 1032:1).
const maxDeflateRatio = 1100

func verifyZipPart(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

func (x *xlsxSource) next() ([]string, int, error) {
	for x.rows.Next() {
		// Rows.Next yields every row number in turn, empty ones included,
		// so counting calls gives the sheet's row number.
		x.row++
		cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, x.row, fmt.Errorf("ingest: reading worksheet row %d: %w", x.row, err)
		}
		if len(cells) == 0 {
			continue
		}
		if len(cells) > MaxColumns {
			return nil, x.row, &recordError{x.row, fmt.Sprintf("has %d cells, more than the limit of %d", len(cells), MaxColumns)}
		}
		for i, c := range cells {
			cells[i] = cleanFloatNoise(c)
		}
		return cells, x.row, nil
	}
	if err := x.rows.Error(); err != nil {
		return nil, x.row, fmt.Errorf("ingest: reading the worksheet: %w", err)
	}
	return nil, 0, io.EOF
}

// validUTF8 is false: excelize decodes XML, whose text is valid by
// construction, but the reader checks cells itself rather than rely on it.
func (x *xlsxSource) validUTF8() bool { return false }

func (x *xlsxSource) close() error {
	err := x.rows.Close()
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	if x.spool != "" {
		if rerr := os.Remove(x.spool); err == nil {
			err = rerr
		}
	}
	return err
}

// cleanFloatNoise rounds a raw numeric cell that carries binary float noise
// ("29.330000000000002", "1.2345678901234567E-2") to the 15 significant
// digits a spreadsheet shows, as excelize itself does when it formats
// numbers. Only text with a decimal point or exponent and more than 15
// significant digits is touched, so long digit-only ids (ID card numbers,
// order numbers stored as text) pass through unchanged.
func cleanFloatNoise(s string) string {
	if len(s) < 17 || len(s) > 32 {
		return s
	}
	sig, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if sig > 0 || c != '0' {
				sig++
			}
		case c == '.' || c == 'E' || c == 'e':
			point = true
			if c != '.' {
				i = len(s) // stop counting at the exponent
			}
		case c == '-' || c == '+':
		default:
			return s
		}
	}
	if !point || sig <= 15 {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}
