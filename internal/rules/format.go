package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// String returns the rule in canonical form: lower-case keywords, single
// spaces, double-quoted strings, "[…]" lists, and parentheses only where
// precedence needs them (plus around the operand of not, for readability).
// Compile(r.String()) yields an identical rule.
func (r *Rule) String() string {
	var sb strings.Builder
	formatNode(&sb, r.root)
	return sb.String()
}

func formatNode(sb *strings.Builder, n node) {
	switch n := n.(type) {
	case *andNode:
		for i, t := range n.terms {
			if i > 0 {
				sb.WriteString(" and ")
			}
			if _, isOr := t.(*orNode); isOr {
				sb.WriteByte('(')
				formatNode(sb, t)
				sb.WriteByte(')')
			} else {
				formatNode(sb, t)
			}
		}
	case *orNode:
		for i, t := range n.terms {
			if i > 0 {
				sb.WriteString(" or ")
			}
			formatNode(sb, t)
		}
	case *notNode:
		sb.WriteString("not (")
		formatNode(sb, n.x)
		sb.WriteByte(')')
	case *constNode:
		sb.WriteString(strconv.FormatBool(n.v))
	case *cmpNode:
		sb.WriteString(n.f.name)
		sb.WriteByte(' ')
		sb.WriteString(n.op.String())
		sb.WriteByte(' ')
		formatValue(sb, n.v)
	case *inNode:
		sb.WriteString(n.f.name)
		if n.neg {
			sb.WriteString(" not")
		}
		sb.WriteString(" in [")
		for i, v := range n.items {
			if i > 0 {
				sb.WriteString(", ")
			}
			formatValue(sb, v)
		}
		sb.WriteByte(']')
	case *hasNode:
		sb.WriteString(n.f.name)
		sb.WriteString(" has ")
		quote(sb, n.tag)
	case *nullNode:
		sb.WriteString(n.f.name)
		if n.neg {
			sb.WriteString(" is not null")
		} else {
			sb.WriteString(" is null")
		}
	case *containsNode:
		sb.WriteString("contains(")
		sb.WriteString(n.f.name)
		sb.WriteString(", ")
		quote(sb, n.sub)
		sb.WriteByte(')')
	case *withinNode:
		fmt.Fprintf(sb, "within(%s, %s)", n.f.name, n.dur)
	}
}

func formatValue(sb *strings.Builder, v value) {
	switch v.kind {
	case vNumber:
		sb.WriteString(formatNumber(v.num))
	case vString:
		quote(sb, v.str)
	case vBool:
		sb.WriteString(strconv.FormatBool(v.b))
	case vDate:
		fmt.Fprintf(sb, `date("%04d-%02d-%02d")`, v.day.y, int(v.day.m), v.day.d)
	case vAgo:
		fmt.Fprintf(sb, "ago(%s)", v.dur)
	case vField:
		sb.WriteString(v.f.name)
	}
}

// formatNumber prints the shortest text that parses back to the same
// float64: plain decimals in the everyday range, exponent form outside it.
func formatNumber(f float64) string {
	if a := math.Abs(f); a == 0 || (a >= 1e-4 && a < 1e21) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// String returns the duration as written, e.g. "30d".
func (d duration) String() string { return strconv.Itoa(d.n) + string(rune(d.unit)) }

// quote writes s double-quoted. Printable characters (Chinese included) are
// written as they are; quotes, backslashes and invisible characters are
// escaped in a form the lexer reads back.
func quote(sb *strings.Builder, s string) {
	sb.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		default:
			if unicode.IsPrint(r) {
				sb.WriteRune(r)
			} else {
				fmt.Fprintf(sb, `\u{%x}`, r)
			}
		}
	}
	sb.WriteByte('"')
}
