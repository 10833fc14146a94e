package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TrimCell removes leading and trailing white space from a cell, including
// the full-width space U+3000, no-break spaces and a stray BOM, which
// spreadsheets copied from web pages and Chinese IMEs often carry.
func TrimCell(s string) string {
	// Fast path: nothing to trim at either end in ASCII.
	if s == "" {
		return s
	}
	if c0, c1 := s[0], s[len(s)-1]; c0 > ' ' && c0 < utf8.RuneSelf && c1 > ' ' && c1 < utf8.RuneSelf {
		return s
	}
	// Chinese text: decode just the end runes before paying for TrimFunc.
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if first > ' ' && last > ' ' && !isCellSpace(first) && !isCellSpace(last) {
		return s
	}
	return strings.TrimFunc(s, isCellSpace)
}

func isCellSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}

// isASCII reports whether s has only 7-bit bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FoldWidth maps full-width ASCII variants (Ｕ+FF01–FF5E, such as "１２３",
// "，", "．", "－") to their ASCII forms and the ideographic space to a
// space, leaving everything else alone. Chinese input methods produce these
// in numbers and dates.
func FoldWidth(s string) string {
	if isASCII(s) {
		return s
	}
	needs := false
	for _, r := range s {
		if (r >= 0xFF01 && r <= 0xFF5E) || r == 0x3000 {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + 0x21
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// cleanValue folds widths and trims: the common first step of the
// numeric parsers.
func cleanValue(s string) string {
	return TrimCell(FoldWidth(s))
}

// escapeTriggers are the first characters that make a spreadsheet treat a
// text cell as a formula (or mangle it): = + - @, tab and carriage return.
func isEscapeTrigger(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// EscapeCell neutralises formula injection in a text cell: a value whose
// first character after any leading single quotes is = + - @, a tab or a
// carriage return gets one more leading single quote. Spreadsheets show the
// value as text, and UnescapeCell removes exactly that quote, so
// UnescapeCell(EscapeCell(s)) == s for every s (the quotes already present
// are counted, which keeps the mapping reversible).
func EscapeCell(s string) string {
	if needsEscape(s) {
		return "'" + s
	}
	return s
}

// UnescapeCell undoes EscapeCell: a value of one or more single quotes
// followed by = + - @, a tab or a carriage return loses its first quote.
// Any other value is returned unchanged.
func UnescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && needsEscape(s[1:]) {
		return s[1:]
	}
	return s
}

func needsEscape(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i < len(s) && isEscapeTrigger(s[i])
}

// truncateForReport shortens a cell for an error message so that a 64 KiB
// cell does not become a 64 KiB report line.
func truncateForReport(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
