package ingest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"strata/internal/model"
)

// build turns one record's cells into a Row.
func (r *Reader) build(cells []string, line int) Row {
	row := Row{Line: line, Raw: cells}
	r.cells, r.line, r.errs = cells, line, r.errs[:0]
	r.rowUTF8 = r.src.validUTF8()
	if n, want := len(cells), len(r.header); n > want || (r.strict && n < want) {
		row.Errs = []FieldError{{Line: line, Reason: fmt.Sprintf("has %d cells but the header has %d columns", n, want)}}
		return row
	}
	for i, c := range cells {
		if len(c) > MaxCellBytes {
			r.errs = append(r.errs, FieldError{Line: line, Column: r.header[i], Field: r.fieldOfColumn(i),
				Value: truncateForReport(c), Reason: fmt.Sprintf("is longer than the limit of %d KiB", MaxCellBytes>>10)})
		}
	}
	if len(r.errs) > 0 {
		row.Errs = append([]FieldError(nil), r.errs...)
		return row
	}
	switch r.kind {
	case KindCustomers:
		c := r.buildCustomer()
		r.checkRequired()
		r.validate(c.Validate())
		row.Customer = c
	case KindOrders:
		o := r.buildOrder()
		r.checkRequired()
		r.validate(o.Validate())
		row.Order = o
	case KindInteractions:
		in := r.buildInteraction()
		r.checkRequired()
		r.validate(in.Validate())
		row.Interaction = in
	case KindSurveys:
		s := r.buildSurvey()
		r.checkRequired()
		r.validate(s.Validate())
		row.Survey = s
	case KindTickets:
		t := r.buildTicket()
		r.checkRequired()
		r.validate(t.Validate())
		row.Ticket = t
	}
	if len(r.errs) > 0 {
		if len(r.errs) > 1 {
			// Report in column order, as a person reads the row.
			sort.SliceStable(r.errs, func(i, j int) bool { return r.errColumn(r.errs[i]) < r.errColumn(r.errs[j]) })
		}
		row.Errs = append([]FieldError(nil), r.errs...)
		row.Customer, row.Order, row.Interaction, row.Survey, row.Ticket = nil, nil, nil, nil, nil
	}
	return row
}

// checkRequired reports every required field whose cell is empty. The
// model's Validate would report only the first.
func (r *Reader) checkRequired() {
	for fi, f := range r.fields {
		if f.Required && r.get(fi) == "" && !r.hasErr(f.Name) {
			r.fail(fi, "", "is required")
		}
	}
}

// requiredPresent reports whether every required field has a value; ids
// are derived only for such rows.
func (r *Reader) requiredPresent() bool {
	for fi, f := range r.fields {
		if f.Required && r.get(fi) == "" {
			return false
		}
	}
	return true
}

// errColumn is the column index of e's field, or -1 for a row-wide error.
func (r *Reader) errColumn(e FieldError) int {
	if fi := fieldIndex(r.kind, e.Field); fi >= 0 {
		return r.cols[fi]
	}
	return -1
}

func (r *Reader) fieldOfColumn(col int) string {
	for fi, c := range r.cols {
		if c == col {
			return r.fields[fi].Name
		}
	}
	return ""
}

// get returns field fi's cell, trimmed and unescaped, or "" when the file
// has no such column or the row is short.
func (r *Reader) get(fi int) string {
	col := r.cols[fi]
	if col < 0 || col >= len(r.cells) {
		return ""
	}
	return UnescapeCell(TrimCell(r.cells[col]))
}

func (r *Reader) fail(fi int, value, reason string) {
	col := ""
	if c := r.cols[fi]; c >= 0 {
		col = r.header[c]
	}
	r.errs = append(r.errs, FieldError{Line: r.line, Column: col, Field: r.fields[fi].Name, Value: truncateForReport(value), Reason: reason})
}

func (r *Reader) hasErr(field string) bool {
	for _, e := range r.errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// validate turns a model validation failure into a FieldError, unless the
// field already has one (a date that did not parse is also "required").
func (r *Reader) validate(err error) {
	if err == nil {
		return
	}
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		r.errs = append(r.errs, FieldError{Line: r.line, Reason: err.Error()})
		return
	}
	if r.hasErr(ve.Field) {
		return
	}
	col := ""
	if fi := fieldIndex(r.kind, ve.Field); fi >= 0 && r.cols[fi] >= 0 {
		col = r.header[r.cols[fi]]
	}
	r.errs = append(r.errs, FieldError{Line: r.line, Column: col, Field: ve.Field, Value: truncateForReport(ve.Value), Reason: ve.Reason})
}

// text returns a free-text field, checked against the model's limits here
// so that every bad field of the row is reported (Validate stops at one).
func (r *Reader) text(fi int) string {
	v := r.get(fi)
	if v == "" {
		return v
	}
	switch {
	case !r.rowUTF8 && !utf8.ValidString(v):
		r.fail(fi, "", "is not valid text in the file's encoding (set the encoding?)")
	case len(v) > model.MaxTextLen && utf8.RuneCountInString(v) > model.MaxTextLen:
		r.fail(fi, v, fmt.Sprintf("is longer than %d characters", model.MaxTextLen))
	case strings.IndexByte(v, 0) >= 0:
		r.fail(fi, "", "contains a NUL byte")
	}
	return v
}

// id returns an identifier field, checked like the model checks ids.
func (r *Reader) id(fi int) string {
	v := r.get(fi)
	if v == "" {
		return v
	}
	switch {
	case len(v) > 128:
		r.fail(fi, v, "is longer than 128 bytes")
	case !r.rowUTF8 && !utf8.ValidString(v):
		r.fail(fi, "", "is not valid text in the file's encoding (set the encoding?)")
	default:
		for _, c := range v {
			if c < 0x20 || c == 0x7f {
				r.fail(fi, v, "contains a control character")
				break
			}
		}
	}
	return v
}

func (r *Reader) timeField(fi int) time.Time {
	v := r.get(fi)
	if v == "" {
		return time.Time{}
	}
	if r.dates.Layout != "" {
		t, err := ParseTime(v, r.dates)
		if err != nil {
			r.fail(fi, v, err.Error())
		}
		return t
	}
	c, err := parseCivil(v, r.dates.DayFirst)
	if err != nil {
		r.fail(fi, v, err.Error())
		return time.Time{}
	}
	return r.zones.instant(c)
}

func (r *Reader) dateField(fi int) time.Time {
	v := r.get(fi)
	if v == "" {
		return time.Time{}
	}
	t, err := ParseDate(v, r.dates)
	if err != nil {
		r.fail(fi, v, err.Error())
	}
	return t
}

// cellState says whether an optional cell was empty, parsed, or bad.
type cellState uint8

const (
	cellEmpty cellState = iota
	cellOK
	cellBad
)

func (r *Reader) moneyField(fi int) (model.Money, cellState) {
	v := r.get(fi)
	if v == "" {
		return 0, cellEmpty
	}
	m, err := ParseMoney(v)
	if err != nil {
		r.fail(fi, v, err.Error())
		return 0, cellBad
	}
	return m, cellOK
}

// intField parses an optional whole number in [lo, hi].
func (r *Reader) intField(fi int, parse func(string) (int, error)) (int, cellState) {
	v := r.get(fi)
	if v == "" {
		return 0, cellEmpty
	}
	n, err := parse(v)
	if err != nil {
		r.fail(fi, v, err.Error())
		return 0, cellBad
	}
	return n, cellOK
}

// labelField maps an optional categorical cell; "" when empty or bad.
func (r *Reader) labelField(fi int, parse func(string) (string, error)) string {
	v := r.get(fi)
	if v == "" {
		return ""
	}
	out, err := parse(v)
	if err != nil {
		r.fail(fi, v, err.Error())
	}
	return out
}
