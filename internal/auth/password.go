package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"

	"strata/internal/model"
)

// Argon2id parameters: OWASP's recommendation (19 MiB, 2 passes, 1 lane),
// about 20–40 ms per hash on this class of machine.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

var b64 = base64.RawStdEncoding

// HashPassword returns the PHC string of an argon2id hash of password:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(password string) (string, error) { return hashPassword(password, rand.Reader) }

func hashPassword(password string, rnd io.Reader) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrBadHash means a stored hash is not a PHC argon2id string.
var ErrBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches the PHC hash, comparing
// in constant time; needsRehash is true when the hash used other
// parameters than today's.
func CheckPassword(hash, password string) (ok, needsRehash bool, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, ErrBadHash
	}
	var v int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, false, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<22 || t == 0 || t > 20 || p == 0 {
		return false, false, ErrBadHash
	}
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false, false, ErrBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, m != argonMemory || t != argonTime || p != argonThreads || len(want) != argonKeyLen, nil
}

// CheckPolicy validates a new password: at least 10 characters, not one
// repeated character, not the user name.
func CheckPolicy(user, password string) error {
	n := len([]rune(password))
	switch {
	case n < 10:
		return &model.ValidationError{Field: "password", Reason: "must have at least 10 characters"}
	case n > 256:
		return &model.ValidationError{Field: "password", Reason: "must have at most 256 characters"}
	case strings.Count(password, string([]rune(password)[0])) == n:
		return &model.ValidationError{Field: "password", Reason: "must not repeat one character"}
	case strings.EqualFold(password, user):
		return &model.ValidationError{Field: "password", Reason: "must not be the user name"}
	}
	return nil
}
