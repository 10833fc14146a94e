package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// DerivedIDPrefix starts every id the reader makes up for a record that has
// none. External ids rarely start with "~", and the prefix lets anyone
// tell a derived key from a real one.
const DerivedIDPrefix = "~"

// deriveID makes a stable id from r.hashBuf, the record's identifying
// values: "~" + the first 8 bytes of their SHA-256 in hex + "-N", where N
// counts the rows with the same values so far in this file. Re-importing
// the same file therefore yields the same ids, so the import upserts
// instead of duplicating, while identical rows stay distinct records.
func (r *Reader) deriveID() string {
	sum := sha256.Sum256(r.hashBuf)
	var key [8]byte
	copy(key[:], sum[:8])
	n := r.derived[key] + 1
	r.derived[key] = n
	var b [1 + 16 + 1 + 10]byte
	out := append(b[:0], DerivedIDPrefix...)
	out = hex.AppendEncode(out, key[:])
	out = append(out, '-')
	out = strconv.AppendUint(out, uint64(n), 10)
	return string(out)
}
