package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// The field_crypto row (migration 0007) records whether plain-text
// personal data may be stored (an older database, or writes by a store
// without a cipher) and which key made the blind indexes. Open compares it
// with the cipher and, when they disagree, reseals: that is both the
// upgrade of an older database and the second half of a key rotation.

// cryptoState is the field_crypto row.
type cryptoState struct {
	indexKey  string
	plaintext bool
}

func readCryptoState(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (cryptoState, error) {
	var st cryptoState
	var pt int64
	if err := q.QueryRowContext(ctx, `SELECT index_key, plaintext FROM field_crypto WHERE id = 1`).Scan(&st.indexKey, &pt); err != nil {
		return st, fmt.Errorf("read field_crypto: %w", err)
	}
	st.plaintext = pt != 0
	return st, nil
}

// markPlaintext records, once per transaction, that a store without a
// cipher wrote personal fields in plain text, so that the next open with a
// key encrypts them.
func (tx *Tx) markPlaintext(ctx context.Context) error {
	if tx.cipher != nil || tx.markedPlain {
		return nil
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE field_crypto SET plaintext = 1 WHERE id = 1 AND plaintext = 0`); err != nil {
		return fmt.Errorf("mark plaintext: %w", err)
	}
	tx.markedPlain = true
	return nil
}

// needsReseal reports whether the stored personal data must be encrypted
// or re-encrypted for the current cipher.
func (s *Store) needsReseal(ctx context.Context) (bool, error) {
	if s.cipher == nil {
		return false, nil
	}
	st, err := readCryptoState(ctx, s.write)
	if err != nil {
		return false, err
	}
	return st.plaintext || st.indexKey != s.cipher.KeyID(), nil
}

// Resealed reports how many customers Open encrypted or re-encrypted
// (plain text from an older database, or values under a key that is no
// longer primary after a rotation).
func (s *Store) Resealed() int { return s.resealed }

// Reseal brings every personal field up to the current cipher in one
// transaction: plain text is encrypted, values under another key than the
// primary are re-encrypted with it, and every blind index is recomputed
// when the primary key changed. It is idempotent; Open runs it when the
// field_crypto row says it is needed. It returns the number of customers
// rewritten.
func (s *Store) Reseal(ctx context.Context) (int, error) {
	if s.cipher == nil {
		return 0, errors.New("reseal: the store was opened without a key")
	}
	n := 0
	err := s.Write(ctx, func(tx *Tx) error {
		// Take the row lock first (PostgreSQL): a concurrent replica waits
		// here and then finds nothing left to do.
		if _, err := tx.tx.ExecContext(ctx, `UPDATE field_crypto SET plaintext = plaintext WHERE id = 1`); err != nil {
			return fmt.Errorf("reseal: %w", err)
		}
		st, err := readCryptoState(ctx, tx.tx)
		if err != nil {
			return err
		}
		primary := s.cipher.KeyID()
		if !st.plaintext && st.indexKey == primary {
			return nil
		}
		if tx.dialect == SQLite {
			// Overwrite freed cells, so that replaced plain text does not
			// linger in free pages of the file.
			if _, err := tx.tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
				return fmt.Errorf("reseal: %w", err)
			}
			defer tx.tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`)
		}
		reindex := st.indexKey != primary
		if n, err = tx.reseal(ctx, s, reindex); err != nil {
			return err
		}
		_, err = tx.tx.ExecContext(ctx, `UPDATE field_crypto SET index_key = $1, plaintext = 0 WHERE id = 1`, primary)
		return err
	})
	return n, err
}

// reseal rewrites, in id order and in chunks, every customer whose personal
// fields are not all encrypted with the primary key (or all of them with
// personal data when reindex).
func (tx *Tx) reseal(ctx context.Context, s *Store, reindex bool) (int, error) {
	primary := cipherPrefix + s.cipher.KeyID() + ":"
	upd, err := tx.stmt(ctx, `UPDATE customers SET phone = $1, email = $2, address = $3, id_number = $4,
		phone_bidx = $5, email_bidx = $6, id_number_bidx = $7 WHERE id = $8`)
	if err != nil {
		return 0, err
	}
	type row struct {
		id   int64
		vals [4]string
	}
	n := 0
	var after int64
	for {
		rows, err := tx.tx.QueryContext(ctx, `SELECT id, phone, email, address, id_number FROM customers
			WHERE id > $1 AND (phone <> '' OR email <> '' OR address <> '' OR id_number <> '') ORDER BY id LIMIT 2000`, after)
		if err != nil {
			return n, fmt.Errorf("reseal: %w", err)
		}
		var chunk []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.vals[0], &r.vals[1], &r.vals[2], &r.vals[3]); err != nil {
				rows.Close()
				return n, err
			}
			chunk = append(chunk, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
		if len(chunk) == 0 {
			return n, nil
		}
		for _, r := range chunk {
			after = r.id
			stale := reindex
			for _, v := range r.vals {
				if v != "" && !strings.HasPrefix(v, primary) {
					stale = true
				}
			}
			if !stale {
				continue
			}
			args := make([]any, 0, 8)
			var idx []any
			for i, col := range piiColumns {
				pt, err := s.open(col, r.vals[i])
				if err != nil {
					return n, fmt.Errorf("reseal customer %d: %w", r.id, err)
				}
				ct := r.vals[i]
				if !strings.HasPrefix(ct, primary) {
					if ct, _, err = s.seal(col, pt); err != nil {
						return n, err
					}
				}
				args = append(args, ct)
				if bidxColumn(col) != "" {
					idx = append(idx, s.bidx(col, pt))
				}
			}
			args = append(append(args, idx...), r.id)
			if _, err := upd.ExecContext(ctx, args...); err != nil {
				return n, fmt.Errorf("reseal customer %d: %w", r.id, err)
			}
			n++
		}
	}
}
