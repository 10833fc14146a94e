// Package model holds Strata's domain types and their validation. It does no
// I/O; every other package depends on it and it depends on nothing of ours.
package model

import (
	"errors"
	"fmt"
)

// Sentinel error categories. Typed errors unwrap to one of these so that the
// boundary (CLI exit codes, HTTP status) can classify any failure with
// errors.Is.
var (
	// ErrNotFound means the requested object does not exist (or the caller
	// may not know that it exists).
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write collides with the current state.
	ErrConflict = errors.New("conflict")
	// ErrInvalid is the category of every *ValidationError.
	ErrInvalid = errors.New("invalid input")
)

// ValidationError names the field that is wrong and why.
type ValidationError struct {
	Field  string
	Value  string
	Reason string
}

func (e *ValidationError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("%s: %s (value %q)", e.Field, e.Reason, e.Value)
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Invalid is shorthand for a *ValidationError.
func Invalid(field, value, reason string) error {
	return &ValidationError{Field: field, Value: value, Reason: reason}
}
