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
