package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokKind classifies a token. Keywords are recognised by the lexer, case
// insensitively, so that no keyword can ever be taken for a field.
type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tNumber
	tDuration
	tString
	tLParen
	tRParen
	tLBrack
	tRBrack
	tComma
	tMinus
	tCmp // = == != <> < <= > >=
	tAnd // and && 且
	tOr  // or || 或
	tNot // not ! 非
	tIn
	tIs
	tNull
	tHas
	tTrue
	tFalse
)

// keywords maps lower-case keyword spellings to their kinds.
var keywords = map[string]tokKind{
	"and": tAnd, "or": tOr, "not": tNot, "in": tIn, "is": tIs,
	"null": tNull, "has": tHas, "true": tTrue, "false": tFalse,
}

// token is one lexeme. text is the raw source slice; str, num, dur and op
// hold the decoded value for the kinds that have one.
type token struct {
	kind tokKind
	pos  int
	text string
	str  string
	num  float64
	dur  duration
	op   cmpOp
}

// describe names a token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tIdent:
		return "identifier " + strconv.Quote(t.text)
	case tNumber:
		return "number " + t.text
	case tDuration:
		return "duration " + t.text
	case tString:
		return "string " + t.text
	}
	return strconv.Quote(t.text)
}

// lexer turns source into tokens on demand. It fails through the parser's
// bail-out so errors come in source order.
type lexer struct {
	src string
	pos int
	err func(pos int, code, format string, args ...any)
}

func isIdentStart(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

// next returns the next token.
func (l *lexer) next() token {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		l.pos++
	}
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tEOF, pos: start}
	}
	c := l.src[start]
	one := func(k tokKind) token {
		l.pos++
		return token{kind: k, pos: start, text: l.src[start:l.pos]}
	}
	two := func(k tokKind, op cmpOp) token {
		l.pos += 2
		return token{kind: k, pos: start, text: l.src[start:l.pos], op: op}
	}
	peek := byte(0)
	if start+1 < len(l.src) {
		peek = l.src[start+1]
	}
	switch {
	case isIdentStart(c):
		for l.pos < len(l.src) && isIdentChar(l.src[l.pos]) {
			l.pos++
		}
		text := l.src[start:l.pos]
		if k, ok := keywords[strings.ToLower(text)]; ok {
			return token{kind: k, pos: start, text: text}
		}
		return token{kind: tIdent, pos: start, text: text}
	case isDigit(c):
		return l.number()
	case c == '"' || c == '\'':
		return l.string()
	case c == '(':
		return one(tLParen)
	case c == ')':
		return one(tRParen)
	case c == '[':
		return one(tLBrack)
	case c == ']':
		return one(tRBrack)
	case c == ',':
		return one(tComma)
	case c == '-':
		return one(tMinus)
	case c == '=' && peek == '=':
		return two(tCmp, opEQ)
	case c == '=':
		l.pos++
		return token{kind: tCmp, pos: start, text: "=", op: opEQ}
	case c == '!' && peek == '=':
		return two(tCmp, opNE)
	case c == '!':
		return one(tNot)
	case c == '<' && peek == '>':
		return two(tCmp, opNE)
	case c == '<' && peek == '=':
		return two(tCmp, opLE)
	case c == '<':
		l.pos++
		return token{kind: tCmp, pos: start, text: "<", op: opLT}
	case c == '>' && peek == '=':
		return two(tCmp, opGE)
	case c == '>':
		l.pos++
		return token{kind: tCmp, pos: start, text: ">", op: opGT}
	case c == '&' && peek == '&':
		return two(tAnd, 0)
	case c == '|' && peek == '|':
		return two(tOr, 0)
	}
	r, size := utf8.DecodeRuneInString(l.src[start:])
	switch r {
	case '且':
		l.pos += size
		return token{kind: tAnd, pos: start, text: "且"}
	case '或':
		l.pos += size
		return token{kind: tOr, pos: start, text: "或"}
	case '非':
		l.pos += size
		return token{kind: tNot, pos: start, text: "非"}
	}
	l.err(start, CodeSyntax, "unexpected character %q", r)
	panic("unreachable")
}

// number scans a number or a duration. A duration is a whole number
// immediately followed by one unit letter (d, w, m, y).
func (l *lexer) number() token {
	start := l.pos
	src := l.src
	i := start
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	whole := true
	if i+1 < len(src) && src[i] == '.' && isDigit(src[i+1]) {
		whole = false
		i++
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			whole = false
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			i = j
		}
	}
	if i < len(src) && (isIdentChar(src[i]) || src[i] == '.') {
		end := i
		for end < len(src) && (isIdentChar(src[end]) || src[end] == '.') {
			end++
		}
		text := src[start:end]
		l.pos = end
		switch {
		case src[i] == '_':
			l.err(start, CodeBadNumber, "bad number %q: digit separators \"_\" are not allowed", text)
		case end == i+1 && strings.IndexByte("dwmyDWMY", src[i]) >= 0:
			if !whole {
				l.err(start, CodeBadDuration, "bad duration %q: the count must be a whole number", text)
			}
			n, err := strconv.Atoi(src[start:i])
			if err != nil || n > maxDurationCount {
				l.err(start, CodeBadDuration, "bad duration %q: the count must be at most %d", text, maxDurationCount)
			}
			return token{kind: tDuration, pos: start, text: text,
				dur: duration{n: n, unit: src[i] | 0x20}}
		case whole && end == i+1 && isIdentStart(src[i]) && src[i]|0x20 != 'e':
			l.err(start, CodeBadDuration, "bad duration %q: units are d (days), w (weeks), m (months), y (years)", text)
		}
		l.err(start, CodeBadNumber, "bad number %q", text)
	}
	l.pos = i
	text := src[start:i]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		l.err(start, CodeBadNumber, "number %s is out of range", text)
	}
	return token{kind: tNumber, pos: start, text: text, num: v}
}

// string scans a quoted string with escapes \\ \" \' \n \r \t \uXXXX
// \u{X…}. NUL is refused because no stored text can contain it.
func (l *lexer) string() token {
	start := l.pos
	quote := l.src[start]
	var sb strings.Builder
	i := start + 1
	for {
		if i >= len(l.src) {
			l.err(start, CodeBadString, "unterminated string")
		}
		c := l.src[i]
		if c == quote {
			i++
			break
		}
		if c == 0 {
			l.err(i, CodeBadString, "strings cannot contain NUL")
		}
		if c != '\\' {
			sb.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(l.src) {
			l.err(start, CodeBadString, "unterminated string")
		}
		esc := l.src[i+1]
		switch esc {
		case '\\', '"', '\'':
			sb.WriteByte(esc)
			i += 2
		case 'n':
			sb.WriteByte('\n')
			i += 2
		case 'r':
			sb.WriteByte('\r')
			i += 2
		case 't':
			sb.WriteByte('\t')
			i += 2
		case 'u':
			r, n := l.unicodeEscape(i)
			sb.WriteRune(r)
			i += n
		default:
			l.err(i, CodeBadString, "unknown escape \\%c", rune(esc))
		}
	}
	l.pos = i
	return token{kind: tString, pos: start, text: l.src[start:i], str: sb.String()}
}

// unicodeEscape decodes \uXXXX or \u{X…} at i and returns the rune and the
// escape's length in bytes.
func (l *lexer) unicodeEscape(i int) (rune, int) {
	src := l.src
	var hex string
	var n int
	if i+2 < len(src) && src[i+2] == '{' {
		end := strings.IndexByte(src[i+3:], '}')
		if end < 1 || end > 6 {
			l.err(i, CodeBadString, "bad escape: \\u{…} takes 1 to 6 hex digits")
		}
		hex, n = src[i+3:i+3+end], end+4
	} else {
		if i+6 > len(src) {
			l.err(i, CodeBadString, "bad escape: \\u takes 4 hex digits")
		}
		hex, n = src[i+2:i+6], 6
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		l.err(i, CodeBadString, "bad escape: %q is not hexadecimal", hex)
	}
	r := rune(v)
	switch {
	case r == 0:
		l.err(i, CodeBadString, "strings cannot contain NUL")
	case !utf8.ValidRune(r):
		l.err(i, CodeBadString, "bad escape: U+%04X is not a valid character", v)
	}
	return r, n
}
