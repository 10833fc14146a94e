package rules

import (
	"strings"
	"time"
)

// example is a sample condition for a field, used in hints.
func example(f field) string {
	switch f.typ {
	case Number:
		return f.name + " > 0"
	case String:
		return f.name + ` = "…"`
	case Date:
		return f.name + " >= ago(30d)"
	case StringSet:
		return f.name + ` has "…"`
	}
	return f.name + " = true"
}

// parsePredicate parses what follows a field name.
func (p *parser) parsePredicate(f field, fpos int) node {
	t := p.tok
	switch t.kind {
	case tCmp:
		p.advance()
		v, vpos := p.parseOperand(true)
		p.checkCompare(f, t, v, vpos)
		p.count(fpos)
		return &cmpNode{f: f, op: t.op, v: v}
	case tNot:
		p.advance()
		if p.tok.kind != tIn {
			p.fail(p.tok.pos, CodeSyntax, `expected "in" after "%s not", found %s`, f.name, p.tok.describe())
		}
		return p.parseIn(f, fpos, true)
	case tIn:
		return p.parseIn(f, fpos, false)
	case tHas:
		if f.typ != StringSet {
			p.fail(t.pos, CodeTypeMismatch, `"has" needs a StringSet field, but %s is %s; try %s`, f.name, f.typ, example(f))
		}
		p.advance()
		if p.tok.kind != tString {
			p.fail(p.tok.pos, CodeSyntax, `expected a quoted tag after "has", found %s`, p.tok.describe())
		}
		tag := p.tok.str
		p.advance()
		p.count(fpos)
		return &hasNode{f: f, tag: tag}
	case tIs:
		p.advance()
		neg := p.tok.kind == tNot
		if neg {
			p.advance()
		}
		if p.tok.kind != tNull {
			p.fail(p.tok.pos, CodeSyntax, `expected "null" or "not null" after "is", found %s`, p.tok.describe())
		}
		if f.typ == StringSet {
			p.fail(t.pos, CodeTypeMismatch, `"is null" is not defined on StringSet field %s; a tag set is never missing, only empty`, f.name)
		}
		p.advance()
		p.count(fpos)
		return &nullNode{f: f, neg: neg}
	case tEOF, tAnd, tOr, tRParen:
		if f.typ == Bool {
			p.count(fpos)
			return &cmpNode{f: f, op: opEQ, v: value{kind: vBool, b: true}}
		}
		p.fail(fpos, CodeTypeMismatch, "%s is a %s field, not a condition; compare it, e.g. %s", f.name, f.typ, example(f))
	}
	p.fail(t.pos, CodeSyntax, "expected a comparison, in, has or is after %s, found %s", f.name, t.describe())
	return nil
}

// checkCompare type-checks field op value.
func (p *parser) checkCompare(f field, op token, v value, vpos int) {
	if f.typ == StringSet {
		p.fail(op.pos, CodeTypeMismatch, `%s is not defined on StringSet field %s; use %s`, op.text, f.name, example(f))
	}
	if vt := v.typ(); vt != f.typ {
		right := strings.TrimSpace(p.src[vpos:p.prevEnd])
		hint := ""
		if f.typ == Date {
			hint = `; compare dates with date("YYYY-MM-DD"), ago(30d) or another Date field`
		}
		p.fail(vpos, CodeTypeMismatch, "type mismatch: %s is %s but %s is %s%s", f.name, f.typ, right, vt, hint)
	}
	if f.typ == Bool && op.op.ordering() {
		p.fail(op.pos, CodeTypeMismatch, "ordering comparison %s is not defined on Bool field %s; use = or !=", op.text, f.name)
	}
}

// parseIn parses the list after [not] in.
func (p *parser) parseIn(f field, fpos int, neg bool) node {
	inPos := p.tok.pos
	p.advance()
	if f.typ == StringSet {
		p.fail(inPos, CodeTypeMismatch, `"in" is not defined on StringSet field %s; use %s`, f.name, example(f))
	}
	open := p.tok
	closer := tRBrack
	switch open.kind {
	case tLBrack:
	case tLParen:
		closer = tRParen
	default:
		p.fail(open.pos, CodeSyntax, `expected "[" after "in", found %s`, open.describe())
	}
	p.advance()
	if p.tok.kind == closer {
		p.fail(open.pos, CodeEmptyList, "the list after \"in\" is empty")
	}
	var items []value
	for {
		if len(items) == MaxListItems {
			p.fail(p.tok.pos, CodeTooManyItems, "list has more than %d items", MaxListItems)
		}
		v, vpos := p.parseOperand(false)
		if vt := v.typ(); vt != f.typ {
			p.fail(vpos, CodeTypeMismatch, "type mismatch: %s is %s but list item %s is %s",
				f.name, f.typ, strings.TrimSpace(p.src[vpos:p.prevEnd]), vt)
		}
		items = append(items, v)
		if p.tok.kind == tComma {
			p.advance()
			if p.tok.kind != closer {
				continue
			}
		}
		if p.tok.kind == closer {
			break
		}
		if p.tok.kind == tEOF {
			p.fail(open.pos, CodeSyntax, "unclosed list: no matching %q before the end of the rule", closerText(closer))
		}
		p.fail(p.tok.pos, CodeSyntax, "expected \",\" or %q in list, found %s", closerText(closer), p.tok.describe())
	}
	p.advance()
	p.count(fpos)
	return &inNode{f: f, neg: neg, items: items}
}

func closerText(k tokKind) string {
	if k == tRParen {
		return ")"
	}
	return "]"
}

// parseOperand parses a comparison's right-hand side or a list item and
// returns it with its start offset.
func (p *parser) parseOperand(allowField bool) (value, int) {
	t := p.tok
	switch t.kind {
	case tNumber:
		p.advance()
		return value{kind: vNumber, num: t.num}, t.pos
	case tMinus:
		p.advance()
		if p.tok.kind != tNumber {
			p.fail(p.tok.pos, CodeSyntax, `expected a number after "-", found %s`, p.tok.describe())
		}
		v := -p.tok.num
		p.advance()
		return value{kind: vNumber, num: v}, t.pos
	case tString:
		p.advance()
		return value{kind: vString, str: t.str}, t.pos
	case tTrue, tFalse:
		p.advance()
		return value{kind: vBool, b: t.kind == tTrue}, t.pos
	case tNull:
		p.fail(t.pos, CodeSyntax, `compare with null using "is null" or "is not null"`)
	case tDuration:
		p.fail(t.pos, CodeBadDuration, "a duration is not a value by itself; write ago(%s)", t.text)
	case tIdent:
		if p.peek().kind == tLParen {
			return p.parseValueCall(), t.pos
		}
		if !allowField {
			p.fail(t.pos, CodeSyntax, "list items must be literal values, found %s", t.describe())
		}
		return value{kind: vField, f: p.parseField()}, t.pos
	case tEOF:
		p.fail(t.pos, CodeSyntax, "unexpected end of rule; expected a value")
	}
	p.fail(t.pos, CodeSyntax, "expected a value, found %s", t.describe())
	return value{}, 0
}

// functions lists the function names, for suggestions.
var functions = []string{"ago", "contains", "date", "within"}

// parseValueCall parses date("…") or ago(dur).
func (p *parser) parseValueCall() value {
	name := p.tok
	p.advance()
	p.advance() // (
	switch strings.ToLower(name.text) {
	case "date":
		t := p.tok
		if t.kind != tString {
			p.fail(t.pos, CodeBadDate, `date needs a quoted day such as "2025-01-31", found %s`, t.describe())
		}
		d, err := time.Parse("2006-01-02", t.str)
		if err != nil || d.Year() < 1 || len(t.str) != 10 {
			p.fail(t.pos, CodeBadDate, "bad date %s: want a real day as YYYY-MM-DD", t.text)
		}
		p.advance()
		p.expectClose(name)
		return value{kind: vDate, day: civilDay{y: d.Year(), m: d.Month(), d: d.Day()}}
	case "ago":
		t := p.tok
		if t.kind != tDuration {
			p.fail(t.pos, CodeBadDuration, "ago needs a duration such as 30d, 12w, 6m or 1y, found %s", t.describe())
		}
		p.advance()
		p.expectClose(name)
		return value{kind: vAgo, dur: t.dur}
	case "within", "contains":
		p.fail(name.pos, CodeSyntax, "%s(…) is a condition, not a value", name.text)
	}
	p.fail(name.pos, CodeUnknownFunction, "unknown function %q%s", name.text, didYouMean(name.text, functions))
	return value{}
}

// parseCondCall parses within(field, dur) or contains(field, "sub").
func (p *parser) parseCondCall() node {
	name := p.tok
	p.advance()
	p.advance() // (
	switch strings.ToLower(name.text) {
	case "within":
		fpos := p.tok.pos
		f := p.parseField()
		if f.typ != Date {
			p.fail(fpos, CodeTypeMismatch, "within needs a Date field, but %s is %s", f.name, f.typ)
		}
		p.expectComma(name)
		t := p.tok
		if t.kind != tDuration {
			p.fail(t.pos, CodeBadDuration, "within needs a duration such as 30d, 12w, 6m or 1y, found %s", t.describe())
		}
		p.advance()
		p.expectClose(name)
		p.count(name.pos)
		return &withinNode{f: f, dur: t.dur}
	case "contains":
		fpos := p.tok.pos
		f := p.parseField()
		if f.typ != String {
			p.fail(fpos, CodeTypeMismatch, "contains needs a String field, but %s is %s", f.name, f.typ)
		}
		p.expectComma(name)
		t := p.tok
		if t.kind != tString {
			p.fail(t.pos, CodeTypeMismatch, "contains needs a quoted string, found %s", t.describe())
		}
		p.advance()
		p.expectClose(name)
		p.count(name.pos)
		return &containsNode{f: f, sub: t.str}
	case "date", "ago":
		p.fail(name.pos, CodeSyntax, "%s(…) is a value, not a condition; compare a field with it, e.g. last_order_at >= %s(…)",
			name.text, strings.ToLower(name.text))
	}
	p.fail(name.pos, CodeUnknownFunction, "unknown function %q%s", name.text, didYouMean(name.text, functions))
	return nil
}

func (p *parser) expectComma(fn token) {
	if p.tok.kind != tComma {
		p.fail(p.tok.pos, CodeSyntax, `expected "," in %s(…), found %s`, fn.text, p.tok.describe())
	}
	p.advance()
}

func (p *parser) expectClose(fn token) {
	if p.tok.kind != tRParen {
		p.fail(p.tok.pos, CodeSyntax, `expected ")" to close %s(, found %s`, fn.text, p.tok.describe())
	}
	p.advance()
}
