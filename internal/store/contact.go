package store

import (
	"context"
	"errors"
	"fmt"
)

// CustomerIDsByContact returns the internal ids (customers.id) of the
// customers whose phone, e-mail or ID number equals value, by its blind
// index: field is "phone", "email" or "id_number". Values are normalised
// as the index is (a phone written with spaces or dashes finds the same
// customer, e-mail is case-insensitive). No match is an empty slice.
func (s *Store) CustomerIDsByContact(ctx context.Context, field, value string) ([]int64, error) {
	col := ""
	switch field {
	case "phone", "email", "id_number":
		col = bidxColumn(field)
	default:
		return nil, fmt.Errorf("contact lookup: unknown field %q (want phone, email or id_number)", field)
	}
	if s.cipher == nil {
		return nil, errors.New("contact lookup: the store was opened without a key")
	}
	ids := []int64{}
	if value == "" {
		return ids, nil
	}
	// col is one of three fixed identifiers; the value is a parameter.
	rows, err := s.read.QueryContext(ctx, `SELECT id FROM customers WHERE `+col+` = $1 ORDER BY id`, s.cipher.BlindIndex(field, value))
	if err != nil {
		return nil, fmt.Errorf("contact lookup: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
