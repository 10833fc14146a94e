package rules

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// bailout carries a compile error up the recursive descent; Compile recovers
// it and nothing else.
type bailout struct{ err *Error }

// parser is a recursive-descent parser that type-checks as it goes, while
// token positions are at hand.
type parser struct {
	src     string
	schema  Schema
	lx      lexer
	tok     token // current token
	prevEnd int   // end offset of the last consumed token
	parens  int   // current parenthesis nesting
	nodes   int   // conditions and operators so far
}

func (p *parser) fail(pos int, code, format string, args ...any) {
	panic(bailout{newError(p.src, pos, code, format, args...)})
}

func (p *parser) advance() {
	p.prevEnd = p.tok.pos + len(p.tok.text)
	p.tok = p.lx.next()
}

// peek returns the token after the current one without consuming it.
func (p *parser) peek() token {
	save := p.lx.pos
	t := p.lx.next()
	p.lx.pos = save
	return t
}

// count charges one node against MaxNodes.
func (p *parser) count(pos int) {
	p.nodes++
	if p.nodes > MaxNodes {
		p.fail(pos, CodeTooManyNodes, "rule has more than %d conditions and operators", MaxNodes)
	}
}

// checkDepth enforces MaxDepth on a freshly built and/or/not node.
func (p *parser) checkDepth(pos int, n node) {
	if depth(n) > MaxDepth {
		p.fail(pos, CodeTooDeep, "conditions are nested more than %d levels deep", MaxDepth)
	}
}

// depth is the number of and/or/not levels above the deepest condition.
func depth(n node) int {
	d := 0
	switch n := n.(type) {
	case *andNode:
		for _, t := range n.terms {
			d = max(d, depth(t))
		}
		return d + 1
	case *orNode:
		for _, t := range n.terms {
			d = max(d, depth(t))
		}
		return d + 1
	case *notNode:
		return depth(n.x) + 1
	}
	return 0
}

// parseOr parses and-expressions joined by or.
func (p *parser) parseOr() node {
	x := p.parseAnd()
	if p.tok.kind != tOr {
		return x
	}
	pos := p.tok.pos
	terms := flatOr(nil, x)
	for p.tok.kind == tOr {
		p.count(p.tok.pos)
		p.advance()
		terms = flatOr(terms, p.parseAnd())
	}
	n := &orNode{terms: terms}
	p.checkDepth(pos, n)
	return n
}

// parseAnd parses not-expressions joined by and.
func (p *parser) parseAnd() node {
	x := p.parseNot()
	if p.tok.kind != tAnd {
		return x
	}
	pos := p.tok.pos
	terms := flatAnd(nil, x)
	for p.tok.kind == tAnd {
		p.count(p.tok.pos)
		p.advance()
		terms = flatAnd(terms, p.parseNot())
	}
	n := &andNode{terms: terms}
	p.checkDepth(pos, n)
	return n
}

func flatOr(terms []node, x node) []node {
	if o, ok := x.(*orNode); ok {
		return append(terms, o.terms...)
	}
	return append(terms, x)
}

func flatAnd(terms []node, x node) []node {
	if a, ok := x.(*andNode); ok {
		return append(terms, a.terms...)
	}
	return append(terms, x)
}

// parseNot parses a prefix not. count runs before the recursion, so a long
// chain of nots stops at MaxNodes rather than growing the stack.
func (p *parser) parseNot() node {
	if p.tok.kind != tNot {
		return p.parsePrimary()
	}
	pos := p.tok.pos
	p.count(pos)
	p.advance()
	n := &notNode{x: p.parseNot()}
	p.checkDepth(pos, n)
	return n
}

// parsePrimary parses a parenthesised expression, a constant or a condition.
func (p *parser) parsePrimary() node {
	t := p.tok
	switch t.kind {
	case tLParen:
		p.parens++
		if p.parens > MaxDepth {
			p.fail(t.pos, CodeTooDeep, "parentheses are nested more than %d deep", MaxDepth)
		}
		p.advance()
		x := p.parseOr()
		if p.tok.kind != tRParen {
			if p.tok.kind == tEOF {
				p.fail(t.pos, CodeSyntax, `unclosed "(": no matching ")" before the end of the rule`)
			}
			p.failExpected(`")"`)
		}
		p.parens--
		p.advance()
		return x
	case tTrue, tFalse:
		p.count(t.pos)
		p.advance()
		return &constNode{v: t.kind == tTrue}
	case tIdent:
		if p.peek().kind == tLParen {
			return p.parseCondCall()
		}
		f := p.parseField()
		return p.parsePredicate(f, t.pos)
	case tEOF:
		p.fail(t.pos, CodeSyntax, "unexpected end of rule; expected a condition")
	case tRParen:
		p.fail(t.pos, CodeSyntax, `unexpected ")"; expected a condition`)
	}
	p.fail(t.pos, CodeSyntax, "expected a condition (a field name), found %s", t.describe())
	return nil
}

// failExpected reports a token that cannot continue a complete condition.
func (p *parser) failExpected(alts string) {
	t := p.tok
	hint := ""
	if t.kind == tIdent {
		hint = didYouMean(t.text, []string{"and", "or"})
	}
	p.fail(t.pos, CodeSyntax, "expected and, or or %s, found %s%s", alts, t.describe(), hint)
}

// failTrailing reports input left after a complete rule.
func (p *parser) failTrailing() {
	if p.tok.kind == tRParen {
		p.fail(p.tok.pos, CodeSyntax, `unmatched ")"`)
	}
	p.failExpected("the end of the rule")
}

// parseField consumes an identifier that must name a schema field.
func (p *parser) parseField() field {
	t := p.tok
	if t.kind != tIdent {
		p.fail(t.pos, CodeSyntax, "expected a field name, found %s", t.describe())
	}
	typ, ok := p.schema[t.text]
	if !ok {
		p.fail(t.pos, CodeUnknownField, "unknown field %q%s", t.text, didYouMean(t.text, slices.Collect(maps.Keys(p.schema))))
	}
	p.advance()
	return field{name: t.text, typ: typ}
}

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
