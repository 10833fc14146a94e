package auth

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Key is one 32-byte master key with its id.
type Key struct {
	ID  string
	Key []byte
}

// NewKey returns a random master key; its id is its fingerprint.
func NewKey() (Key, error) {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return Key{}, err
	}
	return Key{ID: KeyFingerprint(k), Key: k}, nil
}

// KeyFingerprint names a master key without revealing it: "k" and the
// first 12 hex digits of its SHA-256.
func KeyFingerprint(key []byte) string {
	h := sha256.Sum256(append([]byte("strata key id\x00"), key...))
	return "k" + hex.EncodeToString(h[:6])
}

// ParseKey decodes a base64 master key (STRATA_KEY).
func ParseKey(b64 string) (Key, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil {
		return Key{}, fmt.Errorf("key is not base64: %w", err)
	}
	if len(k) != 32 {
		return Key{}, fmt.Errorf("key has %d bytes, want 32 (e.g. openssl rand -base64 32)", len(k))
	}
	return Key{ID: KeyFingerprint(k), Key: k}, nil
}

// KeyringOf builds a keyring from keys; the first is primary.
func KeyringOf(keys []Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("auth: no keys")
	}
	m := make(map[string][]byte, len(keys))
	for _, k := range keys {
		if _, dup := m[k.ID]; dup {
			return nil, fmt.Errorf("auth: key id %q appears twice", k.ID)
		}
		m[k.ID] = k.Key
	}
	return NewKeyring(keys[0].ID, m)
}

// A key file holds one key per line, "<key id> <base64 key>", the primary
// key first; blank lines and lines starting with # are ignored. It must be
// readable by its owner only.

// ReadKeyFile reads a key file, refusing one that group or others may read.
func ReadKeyFile(path string) ([]Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("key file %s is accessible by group or others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	var keys []Key
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		id, b64, ok := strings.Cut(t, " ")
		if !ok {
			return nil, fmt.Errorf("key file %s line %d: want \"<key id> <base64 key>\"", path, line)
		}
		k, err := ParseKey(b64)
		if err != nil {
			return nil, fmt.Errorf("key file %s line %d: %w", path, line, err)
		}
		if id == "" || strings.ContainsAny(id, ": \t") {
			return nil, fmt.Errorf("key file %s line %d: bad key id %q", path, line, id)
		}
		k.ID = id
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("key file %s holds no key", path)
	}
	return keys, nil
}

// WriteKeyFile replaces path atomically (a temporary file beside it, mode
// 0600, synced, then renamed) with keys, the first primary.
func WriteKeyFile(path string, keys []Key) error {
	var b bytes.Buffer
	b.WriteString("# strata field-encryption keys: \"<key id> <base64 key>\", the first is primary.\n")
	b.WriteString("# Keep a copy apart from the database backups; without it the personal data cannot be read.\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %s\n", k.ID, base64.StdEncoding.EncodeToString(k.Key))
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// LoadOrCreateKeyFile reads path, or creates it with one new key when it
// does not exist (first run). created reports the latter.
func LoadOrCreateKeyFile(path string) (keys []Key, created bool, err error) {
	keys, err = ReadKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return keys, false, err
	}
	k, err := NewKey()
	if err != nil {
		return nil, false, err
	}
	// O_EXCL: two processes starting at once must not write two keys.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		keys, err = ReadKeyFile(path)
		return keys, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("create key file: %w", err)
	}
	f.Close()
	if err := WriteKeyFile(path, []Key{k}); err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("create key file: %w", err)
	}
	return []Key{k}, true, nil
}
