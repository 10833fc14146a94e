package rules

import (
	"fmt"
	"unicode/utf8"

	"strata/internal/model"
)

// Error codes: stable identifiers a UI can translate. Msg carries the English
// text with the specifics (field names, types, positions).
const (
	CodeSyntax          = "syntax"           // unexpected token, unclosed parenthesis, trailing input, invalid UTF-8
	CodeEmpty           = "empty"            // the rule is empty or only white space
	CodeUnknownField    = "unknown_field"    // identifier not in the Schema
	CodeUnknownFunction = "unknown_function" // name(…) that is not date, ago, within or contains
	CodeTypeMismatch    = "type_mismatch"    // operand types disagree or the operator is not defined on the type
	CodeBadNumber       = "bad_number"       // malformed or out-of-range number
	CodeBadString       = "bad_string"       // unterminated string, bad escape, NUL
	CodeBadDate         = "bad_date"         // date("…") that is not a valid YYYY-MM-DD day
	CodeBadDuration     = "bad_duration"     // malformed duration or one used outside ago/within
	CodeEmptyList       = "empty_list"       // in [] with no items
	CodeTooLong         = "too_long"         // input longer than MaxLen bytes
	CodeTooDeep         = "too_deep"         // nesting deeper than MaxDepth
	CodeTooManyNodes    = "too_many_nodes"   // more than MaxNodes conditions and operators
	CodeTooManyItems    = "too_many_items"   // an in-list longer than MaxListItems
)

// Bounds on a rule. They keep compile, evaluation and the generated SQL
// small whatever a user types.
const (
	MaxLen       = 4096 // bytes of source
	MaxDepth     = 32   // nesting of and/or/not levels, and of parentheses
	MaxNodes     = 512  // conditions plus and/or/not operators
	MaxListItems = 1000 // items in one in-list
)

// Error is a compile error at a position in the rule source.
type Error struct {
	Pos  int    // byte offset into the source
	Line int    // 1-based line
	Col  int    // 1-based column, in characters (code points), so it matches what the user sees
	Code string // one of the Code* constants
	Msg  string // English description, without the position
}

// Error formats the error as "line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Unwrap makes errors.Is(err, model.ErrInvalid) true, so the boundary maps a
// bad rule to "invalid input" like any other validation failure.
func (e *Error) Unwrap() error { return model.ErrInvalid }

// newError builds an *Error, computing line and column from the offset.
func newError(src string, pos int, code, format string, args ...any) *Error {
	if pos > len(src) {
		pos = len(src)
	}
	line, col := 1, 1
	for i := 0; i < pos; {
		r, size := utf8.DecodeRuneInString(src[i:])
		i += size
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &Error{Pos: pos, Line: line, Col: col, Code: code, Msg: fmt.Sprintf(format, args...)}
}
