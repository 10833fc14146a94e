package auth

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFileFirstRunCreatesOwnerOnlyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "strata.db.key")
	keys, created, err := LoadOrCreateKeyFile(path)
	if err != nil || !created || len(keys) != 1 || len(keys[0].Key) != 32 {
		t.Fatalf("first run: %v, %v, %v", keys, created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", info.Mode(), err)
	}
	again, created, err := LoadOrCreateKeyFile(path)
	if err != nil || created || len(again) != 1 || again[0].ID != keys[0].ID || string(again[0].Key) != string(keys[0].Key) {
		t.Fatalf("second run: %v, %v, %v", again, created, err)
	}
	kr, err := KeyringOf(keys)
	if err != nil || kr.KeyID() != keys[0].ID {
		t.Fatalf("keyring %v", err)
	}
}

func TestKeyFileRefusesLoosePermissions(t *testing.T) {
	for _, mode := range []os.FileMode{0o640, 0o604, 0o644, 0o660} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "k.key")
			k, _ := NewKey()
			if err := WriteKeyFile(path, []Key{k}); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			_, err := ReadKeyFile(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "chmod 600 "+path) {
				t.Fatalf("got %v, want an error naming the file and the chmod", err)
			}
			if _, _, err := LoadOrCreateKeyFile(path); err == nil {
				t.Fatal("LoadOrCreateKeyFile accepted a loose key file")
			}
		})
	}
}

func TestKeyFileHoldsSeveralKeysPrimaryFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.key")
	a, _ := NewKey()
	b, _ := NewKey()
	if err := WriteKeyFile(path, []Key{b, a}); err != nil {
		t.Fatal(err)
	}
	keys, err := ReadKeyFile(path)
	if err != nil || len(keys) != 2 || keys[0].ID != b.ID || keys[1].ID != a.ID {
		t.Fatalf("%v, %v", keys, err)
	}
	old, _ := KeyringOf([]Key{a})
	ct, _ := old.Encrypt("13800138000")
	both, _ := KeyringOf(keys)
	if pt, err := both.Decrypt(ct); err != nil || pt != "13800138000" {
		t.Fatalf("old ciphertext with the rotated ring: %q, %v", pt, err)
	}
	if ct2, _ := both.Encrypt("x"); !strings.HasPrefix(ct2, "v1:"+b.ID+":") {
		t.Errorf("new ciphertext %q does not use the primary key", ct2)
	}
}

func TestKeyFileRejectsBadContent(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(make([]byte, 32))
	for name, body := range map[string]string{
		"empty":        "# nothing\n",
		"no id":        good + "\n",
		"short key":    "k1 " + base64.StdEncoding.EncodeToString(make([]byte, 16)) + "\n",
		"not base64":   "k1 !!!\n",
		"colon in id":  "k:1 " + good + "\n",
		"duplicate id": "k1 " + good + "\nk1 " + good + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "k.key")
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			keys, err := ReadKeyFile(path)
			if err == nil {
				_, err = KeyringOf(keys)
			}
			if err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestParseKey(t *testing.T) {
	k := make([]byte, 32)
	k[0] = 7
	got, err := ParseKey(base64.StdEncoding.EncodeToString(k))
	if err != nil || got.ID != KeyFingerprint(k) || !strings.HasPrefix(got.ID, "k") {
		t.Fatalf("%v, %v", got, err)
	}
	if _, err := ParseKey("c2hvcnQ="); err == nil {
		t.Error("short key accepted")
	}
}

func TestBlindIndexNormalisesIDNumbers(t *testing.T) {
	kr, _ := NewKeyring("a", map[string][]byte{"a": make([]byte, 32)})
	if kr.BlindIndex(FieldIDNo, "11010519491231002x") != kr.BlindIndex(FieldIDNo, " 110105-19491231-002X ") {
		t.Error("ID numbers differing in case and separators index differently")
	}
	if kr.BlindIndex(FieldIDNo, "1") == kr.BlindIndex(FieldPhone, "1") {
		t.Error("fields share an index space")
	}
}
