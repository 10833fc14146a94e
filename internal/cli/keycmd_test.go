package cli

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"strata/internal/auth"
	"strata/internal/store"
	"strata/internal/store/storetest"
)

func TestKeyFileBackupAndRotateCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	keyFile := db + ".key"
	csv := filepath.Join(dir, "c.csv")
	const phone, idNo = "13955554444", "33010619850505777X"
	if err := os.WriteFile(csv, []byte("客户编号,姓名,手机,邮箱,地址,身份证号\nK1,甲,"+phone+",canary@kk.example,canary路1号,"+idNo+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// First run creates the key file beside the database, owner-only.
	if code, _, e := strata(t, db, "import", "customers", csv); code != exitOK {
		t.Fatalf("import: %d %s", code, e)
	}
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", info, err)
	}
	first, _ := auth.ReadKeyFile(keyFile)

	backup := filepath.Join(dir, "backup.db")
	if code, out, e := strata(t, db, "backup", "--out", backup); code != exitOK || !strings.Contains(out, keyFile) {
		t.Fatalf("backup: %d %s %s", code, out, e)
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{phone, idNo, "canary@kk.example", "canary路"} {
		if bytes.Contains(b, []byte(p)) {
			t.Errorf("backup holds plain text %q", p)
		}
	}

	// A key file others can read is refused, naming the fix.
	os.Chmod(keyFile, 0o644)
	if code, _, e := strata(t, db, "status"); code != exitFailure || !strings.Contains(e, "chmod 600 "+keyFile) {
		t.Errorf("loose key file: %d %s", code, e)
	}
	os.Chmod(keyFile, 0o600)

	code, out, e := strata(t, db, "key", "rotate", "--json")
	if code != exitOK || !strings.Contains(out, `"reencrypted_customers": 1`) {
		t.Fatalf("rotate: %d %s %s", code, out, e)
	}
	keys, err := auth.ReadKeyFile(keyFile)
	if err != nil || len(keys) != 2 || keys[1].ID != first[0].ID {
		t.Fatalf("after rotate: %v, %v", keys, err)
	}
	// The old key can be dropped by hand: everything is under the new one.
	if err := auth.WriteKeyFile(keyFile, keys[:1]); err != nil {
		t.Fatal(err)
	}
	if code, out, e := strata(t, db, "privacy", "export", "K1"); code != exitOK || !strings.Contains(out, idNo) || !strings.Contains(out, phone) {
		t.Fatalf("read after dropping the old key: %d %s %s", code, out, e)
	}
	kr, _ := auth.KeyringOf(keys[:1])
	s, err := store.Open(t.Context(), db, store.Options{Cipher: kr})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := s.CustomerIDsByContact(t.Context(), "phone", "139-5555-4444")
	s.Close()
	if err != nil || len(ids) != 1 {
		t.Errorf("lookup after rotation: %v, %v", ids, err)
	}
	if code, _, e := strata(t, db, "key", "rotate", "--drop-old"); code != exitOK {
		t.Fatalf("rotate --drop-old: %d %s", code, e)
	}
	if keys, _ := auth.ReadKeyFile(keyFile); len(keys) != 1 {
		t.Errorf("--drop-old left %d keys", len(keys))
	}
	if code, out, _ := strata(t, db, "audit", "list", "--json"); code != exitOK || strings.Count(out, "key_rotate") != 2 || !strings.Contains(out, `"backup"`) {
		t.Errorf("audit: %s", out)
	}
}

func TestKeyFromEnvironmentAndPostgresBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))
	env := map[string]string{"STRATA_DB": db, "STRATA_LANG": "en", "STRATA_KEY": key}
	run1 := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(append([]string{"strata"}, args...), strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
		return code, out.String() + errb.String()
	}
	if code, out := run1("status"); code != exitOK {
		t.Fatalf("status: %s", out)
	}
	if _, err := os.Stat(db + ".key"); !os.IsNotExist(err) {
		t.Errorf("STRATA_KEY set, yet a key file was made: %v", err)
	}
	if code, out := run1("key", "rotate"); code == exitOK || !strings.Contains(out, "STRATA_KEY") {
		t.Errorf("rotate with STRATA_KEY: %d %s", code, out)
	}
	env["STRATA_DB"] = storetest.DSN(t, store.Postgres)
	env["STRATA_KEY"] = ""
	env["STRATA_KEY_FILE"] = filepath.Join(dir, "pg.key")
	if code, out := run1("backup", "--out", filepath.Join(dir, "pg.bak")); code == exitOK || !strings.Contains(out, "pg_dump") {
		t.Errorf("postgres backup: %d %s", code, out)
	}
}
