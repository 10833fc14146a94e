package store

import (
	"context"
	"time"
)

// SetConsent records a customer's consent decision for a purpose.
func (s *Store) SetConsent(ctx context.Context, extID, purpose string, granted bool, source string) error {
	id, err := s.CustomerRef(ctx, extID)
	if err != nil {
		return err
	}
	g := int64(0)
	if granted {
		g = 1
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO consents (customer, purpose, granted, at, source) VALUES ($1, $2, $3, $4, $5)`,
		id, purpose, g, time.Now().Unix(), source)
	return err
}

// Withdrawn returns the internal ids of the customers whose latest
// decision for purpose is a withdrawal.
func (s *Store) Withdrawn(ctx context.Context, purpose string) (map[int64]bool, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT c.customer FROM consents c
		WHERE c.purpose = $1 AND c.granted = 0
		  AND c.id = (SELECT MAX(x.id) FROM consents x WHERE x.customer = c.customer AND x.purpose = $1)`, purpose)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
