package ingest

import (
	"fmt"
	"sort"
	"strings"
)

// mapHeader decides which column feeds which field. Explicit entries of
// m (field → header) win; a field mapped to "" is switched off. The other
// columns are matched by alias; a column that matches nothing, or a field
// already taken explicitly, is reported as unmapped. It returns the column
// of each field (-1 when absent) and the unmapped headers.
func mapHeader(kind Kind, header []string, m map[string]string) (cols []int, unmapped []string, err error) {
	fields := catalogues[kind]
	cols = make([]int, len(fields))
	for i := range cols {
		cols[i] = -1
	}
	explicit := make([]bool, len(fields))
	claimed := make([]bool, len(header))

	names := make([]string, 0, len(m))
	for f := range m {
		names = append(names, f)
	}
	sort.Strings(names) // deterministic errors
	for _, name := range names {
		fi := fieldIndex(kind, name)
		if fi < 0 {
			return nil, nil, &HeaderError{Problem: fmt.Sprintf("the mapping names field %q, which %s do not have (fields: %s)", name, kind, strings.Join(FieldNames(kind), ", ")), Fields: []string{name}, Headers: header}
		}
		explicit[fi] = true
		want := m[name]
		if strings.TrimSpace(want) == "" {
			continue // switched off
		}
		col, err := findHeader(header, want)
		if err != nil {
			return nil, nil, &HeaderError{Problem: fmt.Sprintf("the mapping for field %s: %v", name, err), Fields: []string{name}, Headers: header}
		}
		if claimed[col] {
			return nil, nil, &HeaderError{Problem: fmt.Sprintf("the mapping uses column %q for two fields", header[col]), Fields: []string{name}, Headers: header}
		}
		cols[fi], claimed[col] = col, true
	}

	idx := aliasIndex[kind]
	for col, h := range header {
		if claimed[col] {
			continue
		}
		n := NormalizeHeader(h)
		if n == "" {
			continue // a blank header cell: an unnamed, ignored column
		}
		fi, ok := idx[n]
		if !ok || explicit[fi] {
			unmapped = append(unmapped, h)
			continue
		}
		if prev := cols[fi]; prev >= 0 {
			return nil, nil, &HeaderError{
				Problem: fmt.Sprintf("columns %q and %q both map to field %s; map one of them explicitly (or map the field to \"\" to ignore both)", header[prev], h, fields[fi].Name),
				Fields:  []string{fields[fi].Name}, Headers: header,
			}
		}
		cols[fi] = col
	}

	var missing []string
	for fi, f := range fields {
		if f.Required && cols[fi] < 0 {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		return nil, nil, &HeaderError{
			Problem: fmt.Sprintf("no column for required field %s (name the column in the mapping if the file calls it something else)", strings.Join(missing, ", ")),
			Fields:  missing, Headers: header,
		}
	}
	if kind == KindOrders && cols[orAmount] < 0 && (cols[orQuantity] < 0 || cols[orUnitPrice] < 0) {
		return nil, nil, &HeaderError{
			Problem: "orders need an amount column, or both quantity and unit_price columns",
			Fields:  []string{"amount", "quantity", "unit_price"}, Headers: header,
		}
	}
	return cols, unmapped, nil
}

// findHeader finds the one column whose header is want: an exact match
// (after trimming) first, then a match after NormalizeHeader.
func findHeader(header []string, want string) (int, error) {
	want = TrimCell(want)
	for i, h := range header {
		if TrimCell(h) == want {
			return i, nil
		}
	}
	n, found := NormalizeHeader(want), -1
	for i, h := range header {
		if n != "" && NormalizeHeader(h) == n {
			if found >= 0 {
				return 0, fmt.Errorf("header %q matches both %q and %q", want, header[found], h)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("header %q is not in the file", want)
	}
	return found, nil
}

func fieldIndex(kind Kind, name string) int {
	for i, f := range catalogues[kind] {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// FieldNames lists the canonical field names of k in column order.
func FieldNames(k Kind) []string {
	fs := catalogues[k]
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}
