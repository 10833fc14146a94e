package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"time"
)

// AuditEntry is one audit record: who did what to which object, when, from
// where, with what outcome. It never holds personal data (object ids are
// internal ids, not names or phone numbers).
type AuditEntry struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Object  string    `json:"object"`
	ID      string    `json:"id"`
	Address string    `json:"address"`
	Outcome string    `json:"outcome"`
}

// ChainHash is SHA-256 over the previous entry's hash and this entry's
// canonical JSON: editing, deleting or reordering any entry changes every
// later hash.
func ChainHash(prev []byte, e AuditEntry) []byte {
	e.At = e.At.UTC()
	b, _ := json.Marshal(e)
	h := sha256.New()
	h.Write(prev)
	h.Write(b)
	return h.Sum(nil)
}

// VerifyChain returns the index of the first entry whose stored hash does
// not match, or -1 when the whole chain is intact.
func VerifyChain(entries []AuditEntry, hashes [][]byte) int {
	var prev []byte
	for i, e := range entries {
		if i >= len(hashes) || !bytes.Equal(ChainHash(prev, e), hashes[i]) {
			return i
		}
		prev = hashes[i]
	}
	if len(hashes) != len(entries) {
		return len(entries)
	}
	return -1
}
