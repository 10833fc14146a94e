package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// SQL dialects accepted by SQLTarget.Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// TagPlaceholder marks where the tag parameter goes in a SQLTarget.Tags
// template.
const TagPlaceholder = "{tag}"

// SQLTarget describes, in trusted SQL written by programmers, where each
// field lives. Nothing a user typed ever appears in the output: fields are
// mapped through this table and every literal becomes a $N parameter.
//
// Storage conventions the generated SQL relies on:
//   - missing values are NULL (never NaN, never an empty-string sentinel);
//   - Number: REAL / double precision or an integer type;
//   - String: TEXT, compared byte-wise (ordering uses COLLATE BINARY on
//     SQLite and COLLATE "C" on PostgreSQL so both agree with Go);
//   - Bool: an integer 0/1 column on both engines;
//   - Date: integer Unix seconds (UTC), as Strata stores every time;
//   - StringSet: a template per field, e.g. for the customer_tags table
//     "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer = c.id AND t.tag = {tag})".
type SQLTarget struct {
	Dialect string            // DialectSQLite or DialectPostgres
	Columns map[string]string // Number/String/Bool/Date field -> SQL expression, e.g. "m.monetary"
	Tags    map[string]string // StringSet field -> boolean SQL with exactly one TagPlaceholder
}

// SQL translates the rule into a boolean SQL expression for a WHERE clause,
// with parameters numbered $firstArg, $firstArg+1, … (modernc.org/sqlite
// accepts $N as well as PostgreSQL does). args holds their values in order:
// float64 for numbers, string for strings and tags, int64 for Bool (0/1)
// and Date (Unix seconds). asOf resolves ago, within and date exactly as
// Eval does, so the expression selects the rows Eval accepts.
//
// SQL's own three-valued logic does the null handling: the expression is
// fully parenthesised and uses no COALESCE, so a NULL makes a comparison
// UNKNOWN and WHERE keeps only TRUE rows, as Eval does.
func (r *Rule) SQL(t SQLTarget, asOf time.Time, firstArg int) (where string, args []any, err error) {
	if t.Dialect != DialectSQLite && t.Dialect != DialectPostgres {
		return "", nil, fmt.Errorf("rules: unknown SQL dialect %q", t.Dialect)
	}
	if firstArg < 1 {
		return "", nil, fmt.Errorf("rules: first placeholder number %d, want >= 1", firstArg)
	}
	g := sqlGen{t: t, asOf: asOf, next: firstArg}
	if err := g.node(r.root); err != nil {
		return "", nil, err
	}
	return g.sb.String(), g.args, nil
}

type sqlGen struct {
	t    SQLTarget
	asOf time.Time
	sb   strings.Builder
	args []any
	next int
}

func (g *sqlGen) pg() bool { return g.t.Dialect == DialectPostgres }

// arg records a parameter and writes its placeholder. Numbers get an
// explicit double-precision cast on PostgreSQL so that comparing an integer
// column with 3.5 neither truncates nor fails to encode.
func (g *sqlGen) arg(v any) {
	g.args = append(g.args, v)
	ph := "$" + strconv.Itoa(g.next)
	g.next++
	if _, isNum := v.(float64); isNum && g.pg() {
		ph = "CAST(" + ph + " AS double precision)"
	}
	g.sb.WriteString(ph)
}

// simpleColumn matches expressions that need no parentheses around them.
var simpleColumn = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// column writes the trusted expression for f.
func (g *sqlGen) column(f field) error {
	expr, ok := g.t.Columns[f.name]
	if !ok || strings.TrimSpace(expr) == "" {
		return fmt.Errorf("rules: no SQL column for field %q", f.name)
	}
	if simpleColumn.MatchString(expr) {
		g.sb.WriteString(expr)
	} else {
		g.sb.WriteString("(" + expr + ")")
	}
	return nil
}

// literal writes a value as a parameter (or a column for field operands).
func (g *sqlGen) literal(v value) error {
	switch v.kind {
	case vNumber:
		g.arg(v.num)
	case vString:
		g.arg(v.str)
	case vBool:
		g.arg(boolInt(v.b))
	case vDate, vAgo:
		g.arg(resolveDate(v, g.asOf))
	case vField:
		return g.column(v.f)
	}
	return nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// collate returns the clause that makes string ordering byte-wise.
func (g *sqlGen) collate() string {
	if g.pg() {
		return ` COLLATE "C"`
	}
	return " COLLATE BINARY"
}

func (g *sqlGen) node(n node) error {
	switch n := n.(type) {
	case *andNode:
		return g.join(n.terms, " AND ")
	case *orNode:
		return g.join(n.terms, " OR ")
	case *notNode:
		g.sb.WriteString("(NOT ")
		if err := g.node(n.x); err != nil {
			return err
		}
		g.sb.WriteByte(')')
	case *constNode:
		if n.v {
			g.sb.WriteString("(1 = 1)")
		} else {
			g.sb.WriteString("(1 = 0)")
		}
	case *cmpNode:
		return g.compare(n)
	case *inNode:
		return g.in(n)
	case *hasNode:
		tmpl, ok := g.t.Tags[n.f.name]
		if !ok || strings.Count(tmpl, TagPlaceholder) != 1 {
			return fmt.Errorf("rules: no SQL tag template with one %s for field %q", TagPlaceholder, n.f.name)
		}
		before, after, _ := strings.Cut(tmpl, TagPlaceholder)
		g.sb.WriteString("(" + before)
		g.arg(n.tag)
		g.sb.WriteString(after + ")")
	case *nullNode:
		g.sb.WriteByte('(')
		if err := g.column(n.f); err != nil {
			return err
		}
		if n.neg {
			g.sb.WriteString(" IS NOT NULL)")
		} else {
			g.sb.WriteString(" IS NULL)")
		}
	case *containsNode:
		if g.pg() {
			g.sb.WriteString("(strpos(")
		} else {
			g.sb.WriteString("(instr(")
		}
		if err := g.column(n.f); err != nil {
			return err
		}
		g.sb.WriteString(", ")
		g.arg(n.sub)
		g.sb.WriteString(") > 0)")
	case *withinNode:
		g.sb.WriteByte('(')
		if err := g.column(n.f); err != nil {
			return err
		}
		g.sb.WriteString(" BETWEEN ")
		g.arg(n.dur.before(g.asOf).Unix())
		g.sb.WriteString(" AND ")
		g.arg(g.asOf.Unix())
		g.sb.WriteByte(')')
	default:
		return fmt.Errorf("rules: unknown node %T", n)
	}
	return nil
}

func (g *sqlGen) join(terms []node, sep string) error {
	g.sb.WriteByte('(')
	for i, t := range terms {
		if i > 0 {
			g.sb.WriteString(sep)
		}
		if err := g.node(t); err != nil {
			return err
		}
	}
	g.sb.WriteByte(')')
	return nil
}

func (g *sqlGen) compare(n *cmpNode) error {
	g.sb.WriteByte('(')
	if err := g.column(n.f); err != nil {
		return err
	}
	if n.f.typ == String && n.op.ordering() {
		g.sb.WriteString(g.collate())
	}
	op := n.op.String()
	if n.op == opNE {
		op = "<>"
	}
	g.sb.WriteString(" " + op + " ")
	if err := g.literal(n.v); err != nil {
		return err
	}
	g.sb.WriteByte(')')
	return nil
}

func (g *sqlGen) in(n *inNode) error {
	g.sb.WriteByte('(')
	if err := g.column(n.f); err != nil {
		return err
	}
	if n.neg {
		g.sb.WriteString(" NOT IN (")
	} else {
		g.sb.WriteString(" IN (")
	}
	for i, it := range n.items {
		if i > 0 {
			g.sb.WriteString(", ")
		}
		if err := g.literal(it); err != nil {
			return err
		}
	}
	g.sb.WriteString("))")
	return nil
}
