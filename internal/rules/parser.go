package rules

import (
	"maps"
	"slices"
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
