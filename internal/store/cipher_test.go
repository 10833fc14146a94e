package store_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"strata/internal/auth"
	"strata/internal/model"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// pii returns customers with every personal field set.
func pii() []*model.Customer {
	return []*model.Customer{
		{ID: "P1", Name: "张三", Phone: "13800138000", Email: "Zhang.San@Example.com", Address: "上海市浦东新区世纪大道100号", IDNumber: "11010519491231002x"},
		{ID: "P2", Name: "李四", Phone: "13900139000", Email: "lisi@example.com", Address: "北京市朝阳区建国路1号", IDNumber: "E12345678"},
		{ID: "P3", Name: "王五"},
	}
}

var piiFields = []string{"name", "phone", "email", "address", "id_number"}

func upsert(t *testing.T, s *store.Store, cs []*model.Customer) store.WriteCounts {
	t.Helper()
	var wc store.WriteCounts
	err := s.Write(context.Background(), func(tx *store.Tx) error {
		max, err := tx.MaxID(context.Background(), "customers")
		if err != nil {
			return err
		}
		wc, err = tx.UpsertCustomers(context.Background(), cs, piiFields, max)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return wc
}

// raw opens the database behind dsn directly, bypassing the store.
func raw(t *testing.T, d store.Dialect, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if d == store.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// stored returns the stored phone, email, address, id_number and phone
// blind index of a customer.
func stored(t *testing.T, db *sql.DB, ext string) [5]string {
	t.Helper()
	var v [5]string
	var idx sql.NullString
	if err := db.QueryRow(`SELECT phone, email, address, id_number, phone_bidx FROM customers WHERE ext_id = $1`, ext).
		Scan(&v[0], &v[1], &v[2], &v[3], &idx); err != nil {
		t.Fatal(err)
	}
	v[4] = idx.String
	return v
}

func eachDSN(t *testing.T, fn func(t *testing.T, d store.Dialect, dsn string)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, d, storetest.DSN(t, d)) })
	}
}

func open(t *testing.T, dsn string, c store.FieldCipher) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{Cipher: c})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPersonalFieldsAreStoredEncrypted(t *testing.T) {
	eachDSN(t, func(t *testing.T, d store.Dialect, dsn string) {
		ctx := context.Background()
		s := open(t, dsn, storetest.Keyring(t))
		if wc := upsert(t, s, pii()); wc.Inserted != 3 {
			t.Fatalf("first write %+v", wc)
		}
		db := raw(t, d, dsn)
		before := stored(t, db, "P1")
		for i, v := range before[:4] {
			if !strings.HasPrefix(v, "v1:test1:") {
				t.Errorf("column %d stored as %q, want a v1:test1: ciphertext", i, v)
			}
		}
		if p3 := stored(t, db, "P3"); p3 != [5]string{} {
			t.Errorf("empty fields stored as %q", p3)
		}
		for _, want := range pii() {
			got, err := s.Customer(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Phone != want.Phone || got.Email != want.Email || got.Address != want.Address || got.IDNumber != want.IDNumber {
				t.Errorf("%s read back as %+v", want.ID, got)
			}
		}
		// The same values again: nothing changes, not even the ciphertexts.
		if wc := upsert(t, s, pii()); wc.Unchanged != 3 || wc.Updated+wc.Inserted != 0 {
			t.Fatalf("rewrite of the same values %+v", wc)
		}
		if after := stored(t, db, "P1"); after != before {
			t.Errorf("unchanged values were re-encrypted: %q -> %q", before, after)
		}
		changed := pii()
		changed[1].Email = "li.si@example.com"
		if wc := upsert(t, s, changed); wc.Updated != 1 || wc.Unchanged != 2 {
			t.Fatalf("one changed e-mail %+v", wc)
		}
		var n int
		if err := s.EachCustomer(ctx, func(c *model.Customer) error {
			if c.ID == "P2" && c.Email != "li.si@example.com" {
				t.Errorf("EachCustomer P2 email %q", c.Email)
			}
			n++
			return nil
		}); err != nil || n != 3 {
			t.Fatalf("EachCustomer: %d, %v", n, err)
		}
	})
}

func TestCustomerIDsByContact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		upsert(t, s, pii())
		ids := map[string]int64{}
		for _, c := range pii() {
			id, err := s.CustomerRef(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			ids[c.ID] = id
		}
		for _, tc := range []struct {
			name, field, value string
			want               []string
		}{
			{"phone as stored", "phone", "13800138000", []string{"P1"}},
			{"phone with spaces and dashes", "phone", "138 0013-8000", []string{"P1"}},
			{"email any case", "email", "zhang.san@EXAMPLE.com", []string{"P1"}},
			{"email with spaces", "email", "  LISI@example.com ", []string{"P2"}},
			{"id number upper-case X", "id_number", "11010519491231002X", []string{"P1"}},
			{"passport", "id_number", "E12345678", []string{"P2"}},
			{"no match", "phone", "13700137000", nil},
			{"empty", "email", "", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.CustomerIDsByContact(ctx, tc.field, tc.value)
				if err != nil {
					t.Fatal(err)
				}
				if got == nil {
					t.Fatal("nil slice, want empty")
				}
				var want []int64
				for _, e := range tc.want {
					want = append(want, ids[e])
				}
				if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
		if _, err := s.CustomerIDsByContact(ctx, "address", "x"); err == nil {
			t.Error("address lookup: want an error")
		}
		// An update recomputes the index; erasure removes it.
		c, _ := s.Customer(ctx, "P1")
		c.Phone = "13600136000"
		v, err := s.CustomerVersion(ctx, "P1", store.CustomerScope{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateCustomerFields(ctx, c, []string{"phone"}, v); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CustomerIDsByContact(ctx, "phone", "136-0013-6000"); len(got) != 1 || got[0] != ids["P1"] {
			t.Errorf("after update: %v", got)
		}
		if got, _ := s.CustomerIDsByContact(ctx, "phone", "13800138000"); len(got) != 0 {
			t.Errorf("old phone still found: %v", got)
		}
		if _, err := s.Erase(ctx, "P2"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CustomerIDsByContact(ctx, "email", "lisi@example.com"); len(got) != 0 {
			t.Errorf("erased customer still found: %v", got)
		}
	})
}

func TestKeyRotation(t *testing.T) {
	eachDSN(t, func(t *testing.T, d store.Dialect, dsn string) {
		ctx := context.Background()
		s := open(t, dsn, storetest.Keyring(t, "old"))
		upsert(t, s, pii())
		s.Close()

		// The new key first (primary), the old one still there.
		s = open(t, dsn, storetest.Keyring(t, "new", "old"))
		if n := s.Resealed(); n != 2 {
			t.Errorf("re-encrypted %d customers, want 2", n)
		}
		db := raw(t, d, dsn)
		p2 := stored(t, db, "P2")
		for _, v := range p2[:4] {
			if !strings.HasPrefix(v, "v1:new:") {
				t.Errorf("after rotation stored %q, want the new key id", v)
			}
		}
		s.Close()

		// The old key can go now.
		s = open(t, dsn, storetest.Keyring(t, "new"))
		if n := s.Resealed(); n != 0 {
			t.Errorf("second open re-encrypted %d", n)
		}
		c, err := s.Customer(ctx, "P1")
		if err != nil || c.Phone != "13800138000" || c.IDNumber != "11010519491231002x" {
			t.Fatalf("after rotation: %+v, %v", c, err)
		}
		if got, err := s.CustomerIDsByContact(ctx, "email", "zhang.san@example.com"); err != nil || len(got) != 1 {
			t.Errorf("lookup after rotation: %v, %v", got, err)
		}
		if wc := upsert(t, s, pii()); wc.Unchanged != 3 {
			t.Errorf("re-import after rotation %+v", wc)
		}
		s.Close()

		// Without the key that made the data nothing opens.
		if _, err := store.Open(ctx, dsn, store.Options{Cipher: storetest.Keyring(t, "other")}); !errors.Is(err, auth.ErrDecrypt) {
			t.Errorf("open with an unrelated key: %v, want ErrDecrypt", err)
		}
	})
}

func TestPlaintextFromAnOlderDatabaseIsEncryptedOnOpen(t *testing.T) {
	eachDSN(t, func(t *testing.T, d store.Dialect, dsn string) {
		ctx := context.Background()
		s := open(t, dsn, nil) // as written before encryption
		upsert(t, s, pii())
		s.Close()
		db := raw(t, d, dsn)
		if v := stored(t, db, "P1"); v[0] != "13800138000" {
			t.Fatalf("plain store wrote %q", v[0])
		}
		s = open(t, dsn, storetest.Keyring(t))
		if n := s.Resealed(); n != 2 {
			t.Errorf("encrypted %d customers, want 2", n)
		}
		v := stored(t, db, "P1")
		for _, f := range v[:4] {
			if !strings.HasPrefix(f, "v1:") {
				t.Errorf("still plain: %q", f)
			}
		}
		if v[4] == "" {
			t.Error("no blind index after the upgrade")
		}
		c, err := s.Customer(ctx, "P1")
		if err != nil || c.Email != "Zhang.San@Example.com" {
			t.Fatalf("%+v, %v", c, err)
		}
		if got, _ := s.CustomerIDsByContact(ctx, "phone", "138-0013-8000"); len(got) != 1 {
			t.Errorf("lookup after upgrade: %v", got)
		}
		s.Close()
		if s = open(t, dsn, storetest.Keyring(t)); s.Resealed() != 0 {
			t.Errorf("upgrade is not idempotent: %d", s.Resealed())
		}
		s.Close()
		// A store without a key refuses to hand out ciphertext.
		s = open(t, dsn, nil)
		if _, err := s.Customer(ctx, "P1"); !errors.Is(err, store.ErrNoKey) {
			t.Errorf("read without a key: %v", err)
		}
		// The classification load never reads personal fields: it needs
		// no key at all.
		n := 0
		if err := s.ScanCustomers(ctx, 1<<62, func(*store.CustomerFact) error { n++; return nil }); err != nil || n != 3 {
			t.Errorf("ScanCustomers without a key: %d, %v", n, err)
		}
	})
}

func TestTamperedCiphertextIsAClearError(t *testing.T) {
	eachDSN(t, func(t *testing.T, d store.Dialect, dsn string) {
		ctx := context.Background()
		s := open(t, dsn, storetest.Keyring(t))
		upsert(t, s, pii())
		db := raw(t, d, dsn)
		ct := stored(t, db, "P1")[1]
		flip := []byte(ct)
		i := len(flip) - 5
		if flip[i] == 'A' {
			flip[i] = 'B'
		} else {
			flip[i] = 'A'
		}
		for _, tc := range []struct{ name, value string }{
			{"flipped byte", string(flip)},
			{"truncated", ct[:len(ct)-10]},
			{"unknown key", strings.Replace(ct, "v1:test1:", "v1:gone:", 1)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.Exec(`UPDATE customers SET email = $1 WHERE ext_id = 'P1'`, tc.value); err != nil {
					t.Fatal(err)
				}
				_, err := s.Customer(ctx, "P1")
				if !errors.Is(err, auth.ErrDecrypt) || !strings.Contains(err.Error(), `customer "P1"`) || !strings.Contains(err.Error(), "email") {
					t.Errorf("got %v, want ErrDecrypt naming the customer and field", err)
				}
				if err := s.EachCustomer(ctx, func(*model.Customer) error { return nil }); !errors.Is(err, auth.ErrDecrypt) {
					t.Errorf("EachCustomer: %v", err)
				}
			})
		}
	})
}

func TestCustomerLoadRebuildsTheBlindIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		before, err := s.IndexDefinitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		load := func(fail bool) error {
			return s.Write(ctx, func(tx *store.Tx) error {
				if _, err := tx.BeginBulk(ctx, "customers"); err != nil {
					return err
				}
				if _, err := tx.UpsertCustomers(ctx, pii(), piiFields, 0); err != nil {
					return err
				}
				if fail {
					return errors.New("abort")
				}
				return tx.EndBulk(ctx, "customers")
			})
		}
		for _, fail := range []bool{true, false} {
			if err := load(fail); (err != nil) != fail {
				t.Fatalf("load (fail=%v): %v", fail, err)
			}
			after, err := s.IndexDefinitions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(before) {
				t.Fatalf("fail=%v: indexes before %v after %v", fail, before, after)
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("fail=%v: index %s: before %q after %q", fail, k, v, after[k])
				}
			}
		}
		if _, ok := before["customers_email_bidx"]; !ok {
			t.Errorf("no customers_email_bidx in %v", before)
		}
		if got, err := s.CustomerIDsByContact(ctx, "email", "LISI@example.com"); err != nil || len(got) != 1 {
			t.Errorf("lookup after a load: %v, %v", got, err)
		}
	})
}
