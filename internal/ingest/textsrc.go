package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// Bounds on what one record may hold. They keep memory bounded on hostile or
// broken input (an unclosed quote would otherwise swallow the whole file).
const (
	// MaxCellBytes is the largest cell accepted; a larger one is a row error.
	MaxCellBytes = 64 << 10
	// MaxColumns is the widest row accepted; a wider row is a row error and
	// a wider header a fatal one.
	MaxColumns = 1000
	// MaxRecordBytes bounds one text record (one physical line, or several
	// when a quoted cell holds line breaks); a longer one is fatal, since the
	// reader cannot tell where the next record starts.
	MaxRecordBytes = 4 << 20
)

// recordError is a problem with one record that does not stop reading:
// the reader reports it as a row error and goes on with the next record.
type recordError struct {
	line   int
	reason string
}

func (e *recordError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.reason) }

// source yields the records of a file. next returns the cells of the next
// record that is not physically empty and the 1-based line (or sheet row)
// it starts on; io.EOF at the end, a *recordError for a recoverable problem,
// anything else is fatal. The cells slice is reused by the next call.
// validUTF8 reports whether the last record is known to be valid UTF-8.
type source interface {
	next() (cells []string, line int, err error)
	validUTF8() bool
	close() error
}

// textSource reads CSV, TSV and whitespace-separated text. It is a small
// RFC 4180 scanner rather than encoding/csv so that it can bound records,
// keep physical line numbers, recover after a bad quote, keep line breaks
// inside quoted cells byte for byte, and cost one allocation per record.
type textSource struct {
	br    *bufio.Reader
	delim byte // ',', ';' or '\t'; 0 for runs of white space
	line  int  // physical lines consumed
	long  []byte
	buf   []byte
	ends  []int
	cells []string
	plain bool // buf holds the line as is, delimiters included
	valid bool // the last record is valid UTF-8
}

func newTextSource(br *bufio.Reader, delim byte) *textSource {
	return &textSource{br: br, delim: delim}
}

func (t *textSource) close() error { return nil }

// readLine returns the next physical line without its '\n' (a '\r' before it
// stays), valid until the next call.
func (t *textSource) readLine() ([]byte, error) {
	line, err := t.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		t.long = append(t.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(t.long) > MaxRecordBytes {
				return nil, fmt.Errorf("ingest: line %d is longer than %d MiB", t.line+1, MaxRecordBytes>>20)
			}
			line, err = t.br.ReadSlice('\n')
			t.long = append(t.long, line...)
		}
		line = t.long
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("ingest: reading line %d: %w", t.line+1, err)
	}
	if len(line) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	t.line++
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	return line, nil
}

func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

func (t *textSource) next() ([]string, int, error) {
	for {
		line, err := t.readLine()
		if err != nil {
			return nil, 0, err
		}
		if isBlank(line) {
			continue
		}
		start := t.line
		t.buf, t.ends, t.plain = t.buf[:0], t.ends[:0], false
		if t.delim == 0 {
			t.splitWhitespace(line)
		} else if err := t.parseCSV(line, start); err != nil {
			return nil, start, err
		}
		return t.strings(), start, nil
	}
}

// strings turns the record buffer into cells with one allocation, and
// notes whether the record is valid UTF-8 so that the reader can skip
// per-cell checks.
func (t *textSource) strings() []string {
	s := string(t.buf)
	t.valid = utf8.ValidString(s)
	t.cells = t.cells[:0]
	prev := 0
	for _, end := range t.ends {
		t.cells = append(t.cells, s[prev:end])
		prev = end
		if t.plain {
			prev++ // skip the delimiter kept in buf
		}
	}
	return t.cells
}

func (t *textSource) validUTF8() bool { return t.valid }

func (t *textSource) splitWhitespace(line []byte) {
	i := 0
	for {
		for i < len(line) && isWS(line[i]) {
			i++
		}
		if i == len(line) {
			return
		}
		j := i
		for j < len(line) && !isWS(line[j]) {
			j++
		}
		t.buf = append(t.buf, line[i:j]...)
		t.ends = append(t.ends, len(t.buf))
		i = j
	}
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// parseCSV parses one record that starts with line, reading more lines
// while a quoted cell is open.
func (t *textSource) parseCSV(line []byte, start int) error {
	if bytes.IndexByte(line, '"') < 0 {
		return t.splitPlain(line, start)
	}
	pos := 0
	for {
		if j := skipSpaces(line, pos); j < len(line) && line[j] == '"' && t.delim != ' ' {
			// Tolerate spaces before an opening quote: a, "b".
			pos = j
		}
		if pos < len(line) && line[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// The quoted cell goes on past this line: keep the line
					// break as it was and read on.
					t.buf = append(t.buf, line[pos:]...)
					t.buf = append(t.buf, '\n')
					if len(t.buf) > MaxRecordBytes {
						return fmt.Errorf("ingest: the record starting on line %d is longer than %d MiB (is a quote not closed?)", start, MaxRecordBytes>>20)
					}
					var err error
					if line, err = t.readLine(); err == io.EOF {
						return &recordError{start, "a quoted cell is not closed before the end of the file"}
					} else if err != nil {
						return err
					}
					pos = 0
					continue
				}
				t.buf = append(t.buf, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					t.buf = append(t.buf, '"')
					pos++
					continue
				}
				break
			}
			t.ends = append(t.ends, len(t.buf))
			if t.delim != ' ' {
				pos = skipSpaces(line, pos) // and after a closing one: "a" , b
			}
			switch {
			case pos == len(line) || (pos == len(line)-1 && line[pos] == '\r'):
				return t.checkWidth(start)
			case line[pos] == t.delim:
				pos++
			default:
				return &recordError{start, fmt.Sprintf(`unexpected %q after a closing quote (quotes inside a quoted cell must be doubled: "")`, rune(line[pos]))}
			}
			continue
		}
		i := bytes.IndexByte(line[pos:], t.delim)
		last := i < 0
		var field []byte
		if last {
			field = line[pos:]
			if n := len(field); n > 0 && field[n-1] == '\r' {
				field = field[:n-1]
			}
		} else {
			field = line[pos : pos+i]
		}
		if bytes.IndexByte(field, '"') >= 0 {
			return &recordError{start, `a cell that does not start with a quote contains a quote (quote the whole cell and double the inner quotes: "5"" screen")`}
		}
		t.buf = append(t.buf, field...)
		t.ends = append(t.ends, len(t.buf))
		if last {
			return t.checkWidth(start)
		}
		pos += i + 1
	}
}

// splitPlain splits a line without quotes: the common case, one search
// per cell.
func (t *textSource) splitPlain(line []byte, start int) error {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	t.buf = append(t.buf, line...)
	for i, c := range line {
		if c == t.delim {
			t.ends = append(t.ends, i)
		}
	}
	t.ends = append(t.ends, len(line))
	// The delimiters are in buf too: cell i is buf[ends[i-1]+1 : ends[i]].
	t.plain = true
	return t.checkWidth(start)
}

func skipSpaces(line []byte, pos int) int {
	for pos < len(line) && line[pos] == ' ' {
		pos++
	}
	return pos
}

func (t *textSource) checkWidth(start int) error {
	if len(t.ends) > MaxColumns {
		return &recordError{start, fmt.Sprintf("has %d cells, more than the limit of %d", len(t.ends), MaxColumns)}
	}
	return nil
}
