package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"

	"strata/internal/model"
)

// Options tells a Reader what the file holds and how to read it. The zero
// value of every field but Kind means "detect" or the documented default.
type Options struct {
	// Kind is what the file holds; required.
	Kind Kind
	// Format is FormatAuto (or ""), FormatCSV, FormatTSV, FormatWS or
	// FormatXLSX. Auto looks at the content, not the file name: the zip
	// magic means XLSX; otherwise the first lines decide (see
	// sniffDelimiter). Forcing CSV still tells comma from semicolon.
	Format string
	// Encoding is EncodingAuto (or ""), EncodingUTF8, EncodingGB18030 ("gbk"
	// is accepted), EncodingUTF16LE or EncodingUTF16BE. Ignored for XLSX.
	Encoding string
	// Map overrides header matching, field name → header text as in the
	// file (matched exactly, else after NormalizeHeader). A field mapped to
	// "" is ignored even if a column matches one of its aliases.
	Map map[string]string
	// DateFormat, when set, is the Go layout used for every date and time
	// column instead of detection (see DateOptions.Layout).
	DateFormat string
	// DayFirst reads ambiguous dates such as 1/12/2010 as day/month/year.
	DayFirst bool
	// Location is the business time zone for times without one; nil means
	// DefaultLocation() (Asia/Shanghai).
	Location *time.Location
	// Sheet is the XLSX worksheet to read; "" means the first one.
	Sheet string
	// TempDir is where an XLSX stream is spooled; "" means os.TempDir().
	TempDir string
}

// Row is one record read from the file. Exactly one record pointer (the
// one for the Reader's Kind) is set when Errs is empty; when Errs is not
// empty it lists every problem found in the row and all record pointers
// are nil.
type Row struct {
	// Line is the 1-based physical line (sheet row for XLSX) the record
	// starts on; the header is on line 1 unless blank lines precede it.
	Line int
	// Raw holds the row's cells as read (before trimming and unescaping),
	// for reject files. It is reused by the next call to Next: copy it to
	// keep it.
	Raw         []string
	Customer    *model.Customer
	Order       *model.Order
	Interaction *model.Interaction
	Survey      *model.Survey
	Ticket      *model.Ticket
	Errs        []FieldError
}

// Reader reads the records of one file of one Kind. It is not safe for
// concurrent use.
type Reader struct {
	kind     Kind
	fields   []FieldSpec
	src      source
	strict   bool // text formats: a row must have exactly as many cells as the header
	format   string
	encoding string
	header   []string
	cols     []int
	unmapped []string
	dates    DateOptions
	zones    *zoneCache
	labels   map[string]string // memo of recent categorical cells → canonical values
	orders   []model.Order     // slab the next Order records are carved from

	// The row being built.
	cells   []string
	line    int
	errs    []FieldError
	rowUTF8 bool // the whole row is known to be valid UTF-8

	// Stable keys for records without an id.
	hashBuf     []byte
	derived     map[[8]byte]uint32
	orderLines  map[string]int32 // order id → index into lineCounts
	lineCounts  []uint32
	lastOrder   int32  // lineCounts index of lastOrderID
	lastOrderID string // order id of the previous row with one
}

// NewReader detects the format and encoding of r, reads the header row
// (the first row that is not blank) and maps it to the fields of
// opts.Kind. Problems with the header or mapping are *HeaderError values
// that name the fields concerned and list the headers seen. Call Close when
// done: an XLSX stream may have been spooled to a temporary file.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	fields := catalogues[opts.Kind]
	if fields == nil {
		return nil, fmt.Errorf("ingest: unknown kind %q", opts.Kind)
	}
	format, err := normalizeFormat(opts.Format)
	if err != nil {
		return nil, err
	}
	enc, err := normalizeEncoding(opts.Encoding)
	if err != nil {
		return nil, err
	}
	rd := &Reader{
		kind: opts.Kind, fields: fields,
		dates:   DateOptions{Layout: opts.DateFormat, DayFirst: opts.DayFirst, Location: opts.Location},
		derived: make(map[[8]byte]uint32), orderLines: make(map[string]int32),
	}
	if rd.dates.Location == nil {
		rd.dates.Location = DefaultLocation()
	}
	rd.zones = newZoneCache(rd.dates.Location)

	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("ingest: reading the start of the file: %w", err)
	}
	if format == FormatAuto || format == FormatXLSX {
		sniffed, err := sniffFormat(head)
		if err != nil {
			return nil, err
		}
		if format == FormatXLSX && sniffed != FormatXLSX {
			return nil, fmt.Errorf("ingest: the file is not an XLSX workbook (no zip signature); is it CSV?")
		}
		format = sniffed
	}
	if format == FormatXLSX {
		x, err := openXLSX(r, br, opts.Sheet, opts.TempDir)
		if err != nil {
			return nil, err
		}
		rd.src, rd.format, rd.encoding = x, FormatXLSX, ""
	} else {
		tb, enc, err := decodeText(br, enc)
		if err != nil {
			return nil, err
		}
		th, _ := tb.Peek(sniffSize)
		var delim byte
		rd.format, delim = sniffDelimiter(th, format)
		rd.src, rd.encoding, rd.strict = newTextSource(tb, delim), enc, true
	}
	if err := rd.readHeader(opts.Map); err != nil {
		rd.src.close()
		return nil, err
	}
	return rd, nil
}

func (r *Reader) readHeader(m map[string]string) error {
	for {
		cells, line, err := r.src.next()
		var re *recordError
		switch {
		case err == io.EOF:
			return &HeaderError{Problem: "the file is empty: there is no header row"}
		case errors.As(err, &re):
			return &HeaderError{Problem: fmt.Sprintf("the header row (line %d) %s", line, re.reason)}
		case err != nil:
			return err
		}
		if allBlank(cells) {
			continue
		}
		r.header = make([]string, len(cells))
		for i, c := range cells {
			r.header[i] = TrimCell(c)
		}
		cols, unmapped, err := mapHeader(r.kind, r.header, m)
		if err != nil {
			return err
		}
		r.cols, r.unmapped = cols, unmapped
		return nil
	}
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if TrimCell(c) != "" {
			return false
		}
	}
	return true
}

// Next returns the next record. It skips blank rows, returns io.EOF after
// the last row, and any other error is fatal (I/O, a broken workbook, a
// record longer than MaxRecordBytes). Problems with the row itself are in
// Row.Errs, not in the error.
func (r *Reader) Next() (Row, error) {
	for {
		cells, line, err := r.src.next()
		if err != nil {
			var re *recordError
			if errors.As(err, &re) {
				return Row{Line: re.line, Errs: []FieldError{{Line: re.line, Reason: re.reason}}}, nil
			}
			return Row{}, err
		}
		if allBlank(cells) {
			continue
		}
		return r.build(cells, line), nil
	}
}

// Close releases the file's resources (the XLSX spool and excelize's
// temporary files). It does not close the io.Reader given to NewReader.
func (r *Reader) Close() error { return r.src.close() }

// Header returns the header row as read (cells trimmed).
func (r *Reader) Header() []string { return append([]string(nil), r.header...) }

// Mapping returns which header feeds each mapped field, field → header.
func (r *Reader) Mapping() map[string]string {
	m := make(map[string]string)
	for fi, col := range r.cols {
		if col >= 0 {
			m[r.fields[fi].Name] = r.header[col]
		}
	}
	return m
}

// Unmapped returns the non-blank headers that feed no field, in file order.
func (r *Reader) Unmapped() []string { return append([]string(nil), r.unmapped...) }

// Format returns the format read: FormatCSV, FormatTSV, FormatWS or FormatXLSX.
func (r *Reader) Format() string { return r.format }

// Encoding returns the text encoding read, or "" for XLSX.
func (r *Reader) Encoding() string { return r.encoding }

// Kind returns the kind of records the Reader yields.
func (r *Reader) Kind() Kind { return r.kind }
