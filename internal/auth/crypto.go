package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"sync"

	"golang.org/x/crypto/hkdf"
)

// Keyring encrypts personal fields at rest with AES-256-GCM. Ciphertexts
// name the key that made them ("v1:<key id>:<base64 nonce|ciphertext>"), so
// keys can be rotated: new values use the primary key, old ones still
// decrypt with theirs. Blind indexes (for exact lookup of encrypted phone
// numbers and e-mails) use an HMAC key derived from the primary master key
// with HKDF, separate from the encryption key.
type Keyring struct {
	primary string
	aeads   map[string]cipher.AEAD
	index   []byte
	rnd     io.Reader
	// macs pools HMAC states keyed with index: setting one up costs more
	// than hashing a phone number (imports compute one per value).
	macs sync.Pool
}

// NewKeyring builds a keyring from 32-byte master keys by id; primary
// names the key used for new values and for the blind index.
func NewKeyring(primary string, keys map[string][]byte) (*Keyring, error) {
	k := &Keyring{primary: primary, aeads: map[string]cipher.AEAD{}, rnd: rand.Reader}
	for id, key := range keys {
		if len(key) != 32 {
			return nil, fmt.Errorf("auth: key %q has %d bytes, want 32", id, len(key))
		}
		if id == "" || strings.ContainsRune(id, ':') {
			return nil, fmt.Errorf("auth: bad key id %q", id)
		}
		encKey := derive(key, "strata field encryption")
		block, err := aes.NewCipher(encKey)
		if err != nil {
			return nil, err
		}
		if k.aeads[id], err = cipher.NewGCM(block); err != nil {
			return nil, err
		}
		if id == primary {
			k.index = derive(key, "strata blind index")
		}
	}
	if k.index == nil {
		return nil, fmt.Errorf("auth: primary key %q is not in the keyring", primary)
	}
	k.macs.New = func() any { return hmac.New(sha256.New, k.index) }
	return k, nil
}

func derive(master []byte, info string) []byte {
	out := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, master, nil, []byte(info)), out); err != nil {
		panic(err) // HKDF-SHA256 yields 8 KiB before failing
	}
	return out
}

// Encrypt seals plaintext with the primary key; "" stays "".
func (k *Keyring) Encrypt(plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	a := k.aeads[k.primary]
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plaintext)+a.Overhead())
	if _, err := io.ReadFull(k.rnd, nonce); err != nil {
		return "", err
	}
	sealed := a.Seal(nonce, nonce, []byte(plaintext), []byte(k.primary))
	return "v1:" + k.primary + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// KeyID names the primary key, which new ciphertexts and the blind index
// use.
func (k *Keyring) KeyID() string { return k.primary }

// ErrDecrypt means a ciphertext is malformed, was made with an unknown
// key, or was tampered with.
var ErrDecrypt = errors.New("auth: cannot decrypt field: the ciphertext is malformed or was tampered with")

// Decrypt opens a value made by Encrypt with any key of the ring.
func (k *Keyring) Decrypt(ciphertext string) (string, error) {
	if ciphertext == "" {
		return "", nil
	}
	parts := strings.SplitN(ciphertext, ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return "", ErrDecrypt
	}
	a, ok := k.aeads[parts[1]]
	if !ok {
		return "", fmt.Errorf("%w: unknown key %q", ErrDecrypt, parts[1])
	}
	raw, err := base64.RawStdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) < a.NonceSize()+a.Overhead() {
		return "", ErrDecrypt
	}
	pt, err := a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], []byte(parts[1]))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(pt), nil
}

// BlindIndex is a keyed HMAC-SHA256 of a normalised value (phone digits,
// lowercased e-mail, upper-case ID number without separators), truncated
// to 128 bits and base64url-encoded (22 characters), for exact lookup
// without storing the plaintext.
func (k *Keyring) BlindIndex(field, value string) string {
	m := k.macs.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(field))
	m.Write([]byte{0})
	m.Write([]byte(normalise(field, value)))
	var sum [sha256.Size]byte
	// 128 bits: collisions stay out of reach, and the index (stored per
	// value and again in a database index) is a third of 64 hex digits.
	out := base64.RawURLEncoding.EncodeToString(m.Sum(sum[:0])[:16])
	k.macs.Put(m)
	return out
}

func normalise(field, v string) string {
	switch field {
	case FieldPhone:
		var b strings.Builder
		for _, r := range v {
			if r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		return b.String()
	case FieldEmail:
		return strings.ToLower(strings.TrimSpace(v))
	case FieldIDNo:
		// 身份证 check digits are written X or x; separators vary.
		var b strings.Builder
		for _, r := range strings.ToUpper(v) {
			if r != ' ' && r != '-' {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	return strings.TrimSpace(v)
}
