package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"testing"
)

// FuzzCSVAgainstStdlib checks the hand-written CSV scanner against
// encoding/csv on inputs where the two are meant to agree: no carriage
// returns (encoding/csv rewrites \r\n inside quotes) and no spaces or tabs
// (we tolerate spaces around quotes and skip white-space-only lines). Both
// must produce the same records with the same start lines, and fail on
// the same records.
func FuzzCSVAgainstStdlib(f *testing.F) {
	for _, s := range []string{"a,b\nc,d\n", "\"a\nb\",c\n\n\nd", "a\"b,c\n", "\"a\"b\",c\nd,e", "\"unterminated\na,b", ",,\n,\n", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.ContainsAny(data, "\r \t") || len(data) > 4096 {
			return
		}
		std := csv.NewReader(bytes.NewReader(data))
		std.FieldsPerRecord = -1
		ours := newTextSource(bufio.NewReaderSize(bytes.NewReader(data), 16), ',')
		for i := 0; i < 1000; i++ {
			want, werr := std.Read()
			got, line, gerr := ours.next()
			if werr == io.EOF || gerr == io.EOF {
				if werr != gerr {
					t.Fatalf("record %d: stdlib %v %q, ours %v %q", i, werr, want, gerr, got)
				}
				return
			}
			var pe *csv.ParseError
			var re *recordError
			isPE, isRE := errors.As(werr, &pe), errors.As(gerr, &re)
			if isPE || isRE {
				if pe == nil || re == nil || pe.StartLine != re.line {
					t.Fatalf("record %d: stdlib error %v, ours %v", i, werr, gerr)
				}
				return // after an error the two resynchronise differently
			}
			if werr != nil || gerr != nil {
				t.Fatalf("record %d: stdlib %v, ours %v", i, werr, gerr)
			}
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("record %d: stdlib %q, ours %q", i, want, got)
			}
			if start, _ := std.FieldPos(0); start != line {
				t.Fatalf("record %d: stdlib line %d, ours %d", i, start, line)
			}
		}
	})
}
