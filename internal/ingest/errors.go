package ingest

import (
	"fmt"
	"strings"

	"strata/internal/model"
)

// FieldError is one problem with one cell (or, with Column and Field
// empty, with a whole row). Line is the 1-based physical line or sheet row
// where the record starts; Column is the header text as it appears in the
// file; Field is the canonical field name; Value is the offending cell,
// shortened to 200 bytes.
type FieldError struct {
	Line   int
	Column string
	Field  string
	Value  string
	Reason string
}

func (e FieldError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d", e.Line)
	switch {
	case e.Column != "" && e.Field != "" && NormalizeHeader(e.Column) != NormalizeHeader(e.Field):
		fmt.Fprintf(&b, ", column %q (%s)", e.Column, e.Field)
	case e.Column != "":
		fmt.Fprintf(&b, ", column %q", e.Column)
	case e.Field != "":
		fmt.Fprintf(&b, ", field %s", e.Field)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": %q", e.Value)
	}
	b.WriteString(" ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap makes errors.Is(fieldErr, model.ErrInvalid) true.
func (e FieldError) Unwrap() error { return model.ErrInvalid }

// HeaderError is a fatal problem with the header row or the column
// mapping: a required field without a column, two columns for one field,
// a mapping that names an unknown field or header. Headers lists the header
// row as read, so the message tells the user what the file actually has.
type HeaderError struct {
	Problem string
	Fields  []string
	Headers []string
}

func (e *HeaderError) Error() string {
	msg := "ingest: " + e.Problem
	if len(e.Headers) > 0 {
		msg += "; the file's headers are: " + strings.Join(quoteAll(e.Headers), ", ")
	}
	return msg
}

// Unwrap makes errors.Is(headerErr, model.ErrInvalid) true: the input, not
// the system, is at fault.
func (e *HeaderError) Unwrap() error { return model.ErrInvalid }

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
