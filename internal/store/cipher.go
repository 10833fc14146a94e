package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"strata/internal/model"
)

// FieldCipher encrypts personal fields at rest and computes their blind
// indexes. auth.Keyring implements it; the store only sees this interface,
// so that it does not depend on auth.
type FieldCipher interface {
	// Encrypt seals a value ("" stays ""); the result starts with "v1:".
	Encrypt(plaintext string) (string, error)
	// Decrypt opens a value made by Encrypt with any key of the ring.
	Decrypt(ciphertext string) (string, error)
	// BlindIndex is a keyed hash of the normalised value of field.
	BlindIndex(field, value string) string
	// KeyID names the primary key: new values and blind indexes use it.
	KeyID() string
}

// piiColumns are the customer columns stored encrypted.
var piiColumns = []string{"phone", "email", "address", "id_number"}

// bidxColumn names the blind-index column of an encrypted column, or ""
// for address, which is never looked up.
func bidxColumn(col string) string {
	switch col {
	case "phone", "email", "id_number":
		return col + "_bidx"
	}
	return ""
}

func isPII(col string) bool { return contains(piiColumns, col) }

// cipherPrefix marks an encrypted value; a value without it is plain text
// from before encryption (or from a store opened without a cipher).
const cipherPrefix = "v1:"

// ErrNoKey means the database holds encrypted personal data but the store
// was opened without a key.
var ErrNoKey = errors.New("personal data is encrypted but no key was given")

// seal encrypts v for column col and returns the stored value and its blind
// index (nil for an empty value, a column without one, or no cipher).
func (s *Store) seal(col, v string) (string, any, error) {
	if s.cipher == nil || v == "" {
		return v, nil, nil
	}
	ct, err := s.cipher.Encrypt(v)
	if err != nil {
		return "", nil, fmt.Errorf("encrypt %s: %w", col, err)
	}
	return ct, s.bidx(col, v), nil
}

// bidx returns the blind index of v in col, nil when there is none.
func (s *Store) bidx(col, v string) any {
	if s.cipher == nil || v == "" || bidxColumn(col) == "" {
		return nil
	}
	return s.cipher.BlindIndex(col, v)
}

// open decrypts a stored value of column col; plain text (no "v1:" prefix)
// is returned as it is.
func (s *Store) open(col, v string) (string, error) {
	if !strings.HasPrefix(v, cipherPrefix) {
		return v, nil
	}
	if s.cipher == nil {
		return "", fmt.Errorf("customer %s: %w", col, ErrNoKey)
	}
	pt, err := s.cipher.Decrypt(v)
	if err != nil {
		return "", fmt.Errorf("decrypt %s: %w", col, err)
	}
	return pt, nil
}

// openFields decrypts the personal fields of a scanned customer in place.
func (s *Store) openFields(phone, email, address, idNumber *string) error {
	for _, f := range []struct {
		col string
		v   *string
	}{{"phone", phone}, {"email", email}, {"address", address}, {"id_number", idNumber}} {
		pt, err := s.open(f.col, *f.v)
		if err != nil {
			return err
		}
		*f.v = pt
	}
	return nil
}

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

// piiIndex is col's position in piiColumns, -1 when it is not encrypted.
func piiIndex(col string) int {
	for i, c := range piiColumns {
		if c == col {
			return i
		}
	}
	return -1
}

// sealedPII is one customer's stored personal values (by piiColumns
// index) and their blind indexes.
type sealedPII struct {
	val [4]any
	idx [4]any
}

// sealCustomers encrypts the personal fields among cols of every customer.
// A value whose stored ciphertext decrypts to the same plain text keeps
// that ciphertext, so that a re-import changes nothing. Without a cipher it
// returns nil (plain text is written) after recording plain-text writes.
func (tx *Tx) sealCustomers(ctx context.Context, cs []*model.Customer, cols []string) ([]sealedPII, error) {
	var ks []int
	for _, col := range cols {
		if k := piiIndex(col); k >= 0 {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 || len(cs) == 0 {
		return nil, nil
	}
	if tx.cipher == nil {
		return nil, tx.markPlaintext(ctx)
	}
	stored, err := tx.storedPII(ctx, cs)
	if err != nil {
		return nil, err
	}
	out := make([]sealedPII, len(cs))
	for i, c := range cs {
		old, known := stored[c.ID]
		for _, k := range ks {
			col := piiColumns[k]
			v := customerValue(c, col).(string)
			if known && strings.HasPrefix(old.val[k], cipherPrefix) {
				pt, err := tx.st.open(col, old.val[k])
				if err != nil {
					return nil, fmt.Errorf("customer %q: %w", c.ID, err)
				}
				if pt == v {
					out[i].val[k], out[i].idx[k] = old.val[k], old.idx[k]
					continue
				}
			}
			ct, b, err := tx.st.seal(col, v)
			if err != nil {
				return nil, err
			}
			out[i].val[k], out[i].idx[k] = ct, b
		}
	}
	return out, nil
}

// storedRow is one customer's stored personal values and blind indexes
// (nil when none), by piiColumns index.
type storedRow struct {
	val [4]string
	idx [4]any
}

// storedPII returns the stored personal values and blind indexes of those
// of cs that exist. The blind indexes are current: Open recomputes them
// all when the primary key changes.
func (tx *Tx) storedPII(ctx context.Context, cs []*model.Customer) (map[string]storedRow, error) {
	m := map[string]storedRow{}
	const per = 5000
	for start := 0; start < len(cs); start += per {
		part := cs[start:min(start+per, len(cs))]
		args := make([]any, len(part))
		for i, c := range part {
			args[i] = c.ID
		}
		rows, err := tx.tx.QueryContext(ctx, "SELECT ext_id, phone, email, address, id_number, phone_bidx, email_bidx, id_number_bidx FROM customers WHERE ext_id IN ("+
			placeholders(tx.dialect, 1, len(part))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("read stored personal data: %w", err)
		}
		for rows.Next() {
			var ext string
			var v [4]string
			var b [4]sql.NullString // by piiColumns index; address has none
			if err := rows.Scan(&ext, &v[0], &v[1], &v[2], &v[3], &b[0], &b[1], &b[3]); err != nil {
				rows.Close()
				return nil, err
			}
			p := storedRow{val: v}
			for k := range v {
				if b[k].Valid {
					p.idx[k] = b[k].String
				}
			}
			m[ext] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return m, nil
}
