package rules

import "fmt"

// Type is the type of a schema field. The set is closed on purpose: every
// type has exactly one Go accessor on Record, one column kind on
// ColumnSource and one SQL storage convention (see SQLTarget).
type Type int

// The field types. Number covers money, counts and scores (float64, NaN =
// missing); Date is an instant compared at whole-second precision;
// StringSet is a set of tags, tested only with "has".
const (
	Number Type = iota + 1
	String
	Bool
	Date
	StringSet
)

// String returns the type name used in error messages.
func (t Type) String() string {
	switch t {
	case Number:
		return "Number"
	case String:
		return "String"
	case Bool:
		return "Bool"
	case Date:
		return "Date"
	case StringSet:
		return "StringSet"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Schema is the allow-list of fields a rule may reference, with their types.
// A rule can name nothing outside it, which is what keeps user rules away
// from arbitrary columns. Field names are case-sensitive ASCII identifiers;
// a field named like a keyword (and, in, has, …) cannot be referenced.
type Schema map[string]Type
