package core_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"strata/internal/core"
	"strata/internal/ingest"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

// A customer file with every personal column under its Chinese header.
const piiCustomers = "客户编号,姓名,手机,邮箱,地址,身份证号\n" +
	"E1,赵六,139-1234-5678,Zhao.Liu@Example.COM,杭州市西湖区文三路478号,330106198001011234\n" +
	"E2,钱七,,,,\n"

func TestPersonalDataRoundTripsThroughImportReadExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(s)
		imp := func() *core.ImportResult {
			t.Helper()
			res, err := svc.Import(ctx, strings.NewReader(piiCustomers), core.ImportOptions{Read: ingest.Options{Kind: ingest.KindCustomers}})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		if r := imp(); r.Inserted != 2 {
			t.Fatalf("import %+v", r)
		}
		c, err := s.Customer(ctx, "E1")
		if err != nil {
			t.Fatal(err)
		}
		if c.Phone != "13912345678" || c.Email != "zhao.liu@example.com" || c.Address != "杭州市西湖区文三路478号" || c.IDNumber != "330106198001011234" {
			t.Fatalf("read back %+v", c)
		}
		var out bytes.Buffer
		if _, err := svc.Export(ctx, ingest.KindCustomers, ingest.FormatCSV, &out); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimPrefix(out.String(), "\ufeff"), "\n")
		if !strings.Contains(lines[0], "id_number") {
			t.Errorf("export header %q has no id_number", lines[0])
		}
		for _, want := range []string{"13912345678", "zhao.liu@example.com", "杭州市西湖区文三路478号", "330106198001011234"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("export lacks %q:\n%s", want, out.String())
			}
		}
		// The export imports again and changes nothing; so does the file.
		res, err := svc.Import(ctx, bytes.NewReader(out.Bytes()), core.ImportOptions{Read: ingest.Options{Kind: ingest.KindCustomers}})
		if err != nil || res.Unchanged != 2 || res.Inserted+res.Updated != 0 {
			t.Fatalf("re-import of the export %+v, %v", res, err)
		}
		if r := imp(); r.Unchanged != 2 {
			t.Fatalf("re-import %+v", r)
		}
		if ids, err := s.CustomerIDsByContact(ctx, "phone", "139 1234 5678"); err != nil || len(ids) != 1 {
			t.Errorf("lookup %v, %v", ids, err)
		}
		// The subject export decrypts; erasure removes the ID number too.
		x, err := svc.ExportSubject(ctx, "test", "E1")
		if err != nil || x.Customer.IDNumber != "330106198001011234" {
			t.Fatalf("subject export %+v, %v", x, err)
		}
		newID, err := svc.EraseSubject(ctx, "test", "E1")
		if err != nil {
			t.Fatal(err)
		}
		if c, err := s.Customer(ctx, newID); err != nil || c.IDNumber != "" || c.Phone != "" || c.Address != "" {
			t.Fatalf("after erase %+v, %v", c, err)
		}
	})
}

// TestNoPlaintextOnDisk is the acceptance test: distinctive personal values
// written through an import and through an edit appear nowhere in the
// SQLite file, its WAL or a backup, yet read back correctly.
func TestNoPlaintextOnDisk(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, store.SQLite)
	s, err := store.Open(ctx, dsn, store.Options{Cipher: storetest.Keyring(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	svc := newService(s)
	const (
		phone   = "13987654321"
		email   = "zyxwvu.plaintext@canary.example"
		address = "canary-address 燕子矶路9527号"
		idNo    = "110105199912319527"
		phone2  = "13712349527"
		email2  = "second.canary@canary.example"
		addr2   = "edited-canary 望京街8848号"
		idNo2   = "G95279527"
	)
	file := "客户编号,姓名,手机,邮箱,地址,证件号码\nX1,甲," + phone + "," + email + "," + address + "," + idNo + "\nX2,乙,,,,\n"
	if _, err := svc.Import(ctx, strings.NewReader(file), core.ImportOptions{Read: ingest.Options{Kind: ingest.KindCustomers}}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Customer(ctx, "X2")
	if err != nil {
		t.Fatal(err)
	}
	c.Phone, c.Email, c.Address, c.IDNumber = phone2, email2, addr2, idNo2
	if _, err := s.UpdateCustomerFields(ctx, c, []string{"phone", "email", "address", "id_number"}, 1); err != nil {
		t.Fatal(err)
	}
	canaries := []string{phone, email, address, idNo, phone2, email2, addr2, idNo2, "燕子矶路", "望京街"}
	scan := func(path string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatalf("%s is empty: nothing was scanned", path)
		}
		for _, p := range canaries {
			if bytes.Contains(b, []byte(p)) {
				t.Errorf("%s (%d bytes) contains the plain text %q", filepath.Base(path), len(b), p)
			}
		}
	}
	scan(dsn + "-wal") // before the checkpoint: every page written is here
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	scan(dsn)
	scan(dsn + "-wal")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	scan(backup)
	if info, err := os.Stat(backup); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, %v", info.Mode(), err)
	}
	for _, tc := range []struct{ id, phone, email, address, idNo string }{
		{"X1", phone, email, address, idNo}, {"X2", phone2, email2, addr2, idNo2},
	} {
		c, err := s.Customer(ctx, tc.id)
		if err != nil || c.Phone != tc.phone || c.Email != tc.email || c.Address != tc.address || c.IDNumber != tc.idNo {
			t.Errorf("%s read back %+v, %v", tc.id, c, err)
		}
	}
	// The backup is a working database with the same key.
	b, err := store.Open(ctx, backup, store.Options{Cipher: storetest.Keyring(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if c, err := b.Customer(ctx, "X1"); err != nil || c.IDNumber != idNo {
		t.Errorf("backup X1 %+v, %v", c, err)
	}
}
