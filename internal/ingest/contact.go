package ingest

import (
	"errors"
	"strings"
	"unicode"
)

// NormalizePhone keeps the digits of a phone number and a leading "+",
// dropping spaces, dashes, dots, slashes and brackets. A Chinese mobile
// number written with the country code (+86, 0086 or 86 followed by 11
// digits starting with 1) loses the code, so "+86 138-0013-8000" and
// "13800138000" are one number. Letters (including the "E+10" of a number
// that a spreadsheet turned into a float) and extensions are rejected, as
// are numbers with fewer than 3 or more than 20 digits.
func NormalizePhone(s string) (string, error) {
	s = cleanValue(s)
	var b strings.Builder
	b.Grow(len(s))
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			digits++
		case r == '+' && b.Len() == 0 && strings.TrimSpace(s[:i]) == "":
			b.WriteByte('+')
		case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')' || r == '（' || r == '）' || r == '\u00a0':
		case unicode.IsLetter(r):
			return "", errors.New("contains letters; a phone number has digits only")
		default:
			return "", errors.New("contains a character that does not belong in a phone number")
		}
	}
	if digits < 3 || digits > 20 {
		return "", errors.New("does not have 3 to 20 digits")
	}
	p := b.String()
	for _, cc := range []string{"+86", "0086", "86"} {
		if rest, ok := strings.CutPrefix(p, cc); ok && len(rest) == 11 && rest[0] == '1' {
			return rest, nil
		}
	}
	return p, nil
}

// NormalizeEmail lower-cases an e-mail address (drops a "mailto:" prefix)
// and checks its basic shape: one "@", a non-empty local part, a domain
// with a dot and no empty labels, no spaces, at most 254 bytes.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(cleanValue(s))
	s = strings.TrimPrefix(s, "mailto:")
	if len(s) > 254 {
		return "", errors.New("is longer than 254 characters")
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return "", errors.New("is not an e-mail address (want name@example.com)")
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' || r == ';' }) >= 0 {
		return "", errors.New("contains spaces or separators; give one e-mail address")
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", errors.New("has no valid domain (want name@example.com)")
	}
	return s, nil
}

// SplitTags splits a tag list on commas, semicolons, vertical bars (ASCII or
// full-width), the Chinese enumeration comma 、 and line breaks, trims each
// tag, and drops empty and repeated ones, keeping first-seen order. Spaces do
// not separate tags, so "VIP 客户" is one tag. It returns nil for no tags.
func SplitTags(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, isTagSeparator)
	out := parts[:0]
	for _, p := range parts {
		p = TrimCell(p)
		if p == "" {
			continue
		}
		dup := false
		for _, q := range out {
			if q == p {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func isTagSeparator(r rune) bool {
	switch r {
	case ',', ';', '|', '，', '；', '｜', '、', '\n', '\r':
		return true
	}
	return false
}

// JoinTags is the inverse of SplitTags for export: tags joined by commas.
func JoinTags(tags []string) string { return strings.Join(tags, ",") }
