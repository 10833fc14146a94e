package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Rule is a compiled, type-checked segment rule. It is immutable and safe
// for concurrent use; evaluate it with Eval or Bind, or translate it with SQL.
type Rule struct {
	root   node
	fields []string
}

// Compile parses src and type-checks it against s. Every failure is an
// *Error with a position and a stable Code.
func Compile(src string, s Schema) (rule *Rule, err error) {
	if len(src) > MaxLen {
		return nil, newError(src, MaxLen, CodeTooLong, "rule is %d bytes long; the limit is %d", len(src), MaxLen)
	}
	if !utf8.ValidString(src) {
		pos := 0
		for pos < len(src) {
			r, size := utf8.DecodeRuneInString(src[pos:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			pos += size
		}
		return nil, newError(src, pos, CodeSyntax, "invalid UTF-8")
	}
	if strings.TrimSpace(src) == "" {
		return nil, newError(src, 0, CodeEmpty, "rule is empty")
	}
	if err := checkSchema(s); err != nil {
		return nil, err
	}
	p := &parser{src: src, schema: s}
	p.lx = lexer{src: src, err: p.fail}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			rule, err = nil, b.err
		}
	}()
	p.advance()
	root := p.parseOr()
	if p.tok.kind != tEOF {
		p.failTrailing()
	}
	r := &Rule{root: root, fields: collectFields(root)}
	// The canonical form can be longer than a terse source (&& becomes
	// and, 1e20 is spelled out); refusing it here keeps every compiled
	// rule storable and recompilable as r.String().
	if n := len(r.String()); n > MaxLen {
		return nil, newError(src, 0, CodeTooLong, "rule is %d bytes long once formatted; the limit is %d", n, MaxLen)
	}
	return r, nil
}

// MustCompile is Compile for rules written by programmers (the built-in
// scheme library); it panics on error.
func MustCompile(src string, s Schema) *Rule {
	r, err := Compile(src, s)
	if err != nil {
		panic("rules: " + err.Error() + " in " + src)
	}
	return r
}

// Fields returns the sorted names of the fields the rule references, so a
// caller can load only those columns or check field-level permissions.
func (r *Rule) Fields() []string { return append([]string(nil), r.fields...) }

// collectFields lists the distinct fields of a tree, sorted.
func collectFields(n node) []string {
	seen := map[string]bool{}
	var walk func(node)
	add := func(f field) { seen[f.name] = true }
	walk = func(n node) {
		switch n := n.(type) {
		case *andNode:
			for _, t := range n.terms {
				walk(t)
			}
		case *orNode:
			for _, t := range n.terms {
				walk(t)
			}
		case *notNode:
			walk(n.x)
		case *cmpNode:
			add(n.f)
			if n.v.kind == vField {
				add(n.v.f)
			}
		case *inNode:
			add(n.f)
		case *hasNode:
			add(n.f)
		case *nullNode:
			add(n.f)
		case *containsNode:
			add(n.f)
		case *withinNode:
			add(n.f)
		}
	}
	walk(n)
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sortStrings(out)
	return out
}

// checkSchema rejects a field with an undefined Type: a programmer error,
// so it is a plain error rather than an *Error about the user's rule.
func checkSchema(s Schema) error {
	var bad []string
	for name, typ := range s {
		if typ < Number || typ > StringSet {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		sortStrings(bad)
		return fmt.Errorf("rules: schema field %q has undefined type %d", bad[0], int(s[bad[0]]))
	}
	return nil
}
