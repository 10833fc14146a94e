package rules

import (
	"reflect"
	"strings"
	"testing"
)

func TestSQL(t *testing.T) {
	asOfUnix := testAsOf.Unix() // 2025-03-30T16:00:00Z
	tests := []struct {
		name    string
		rule    string
		dialect string
		where   string
		args    []any
	}{
		{"number", "monetary > 1000", DialectSQLite, "(c.monetary > $1)", []any{1000.0}},
		{"number pg casts", "monetary > 1000", DialectPostgres, "(c.monetary > CAST($1 AS double precision))", []any{1000.0}},
		{"not equal", "frequency != 3", DialectSQLite, "(c.frequency <> $1)", []any{3.0}},
		{"string eq", `region = "east"`, DialectPostgres, "(c.region = $1)", []any{"east"}},
		{"string order sqlite", `region < "m"`, DialectSQLite, "(c.region COLLATE BINARY < $1)", []any{"m"}},
		{"string order pg", `region < "m"`, DialectPostgres, `(c.region COLLATE "C" < $1)`, []any{"m"}},
		{"injection is a parameter", `name = "x' OR 1=1 --"`, DialectSQLite, "(c.name = $1)", []any{"x' OR 1=1 --"}},
		{"bool", "vip", DialectSQLite, "(c.vip = $1)", []any{int64(1)}},
		{"bool false", "churned = false", DialectPostgres, "(c.churned = $1)", []any{int64(0)}},
		{"and or not", "vip and (churned or not clv > 1)", DialectSQLite,
			"((c.vip = $1) AND ((c.churned = $2) OR (NOT (c.clv > $3))))", []any{int64(1), int64(1), 1.0}},
		{"in", `region in ["a", "b"]`, DialectSQLite, "(c.region IN ($1, $2))", []any{"a", "b"}},
		{"not in pg", `frequency not in [1, 2]`, DialectPostgres,
			"(c.frequency NOT IN (CAST($1 AS double precision), CAST($2 AS double precision)))", []any{1.0, 2.0}},
		{"has", `tags has "vip"`, DialectSQLite,
			"(EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer = c.id AND t.tag = $1))", []any{"vip"}},
		{"is null", "clv is null or region is not null", DialectSQLite, "((c.clv IS NULL) OR (c.region IS NOT NULL))", nil},
		{"contains sqlite", `contains(name, "%_")`, DialectSQLite, "(instr(c.name, $1) > 0)", []any{"%_"}},
		{"contains pg", `contains(name, "x")`, DialectPostgres, "(strpos(c.name, $1) > 0)", []any{"x"}},
		{"ago", "last_purchase_at >= ago(1d)", DialectSQLite, "(c.last_purchase_at >= $1)", []any{asOfUnix - 86400}},
		{"ago month", "last_purchase_at >= ago(1m)", DialectSQLite, "(c.last_purchase_at >= $1)",
			[]any{day(2025, 2, 28).Unix()}},
		{"date in zone", `registered_at < date("2025-01-01")`, DialectPostgres, "(c.registered_at < $1)",
			[]any{int64(1735660800)}}, // 2024-12-31T16:00:00Z
		{"within", "within(registered_at, 1w)", DialectSQLite, "(c.registered_at BETWEEN $1 AND $2)",
			[]any{asOfUnix - 7*86400, asOfUnix}},
		{"field vs field", "last_purchase_at > registered_at", DialectSQLite, "(c.last_purchase_at > c.registered_at)", nil},
		{"const", "true and not false", DialectSQLite, "((1 = 1) AND (NOT (1 = 0)))", nil},
		{"expression column parenthesised", "recency < 30", DialectSQLite, "((julianday('now') - c.recency) < $1)", []any{30.0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := agreeTarget(tc.dialect)
			target.Columns["recency"] = "julianday('now') - c.recency"
			r := MustCompile(tc.rule, testSchema)
			where, args, err := r.SQL(target, testAsOf, 1)
			if err != nil {
				t.Fatalf("SQL: %v", err)
			}
			if where != tc.where {
				t.Errorf("where = %s\nwant    %s", where, tc.where)
			}
			if !reflect.DeepEqual(args, tc.args) {
				t.Errorf("args = %#v, want %#v", args, tc.args)
			}
		})
	}
}

func TestSQLFirstArg(t *testing.T) {
	r := MustCompile(`vip and region in ["a", "b"]`, testSchema)
	where, args, err := r.SQL(agreeTarget(DialectPostgres), testAsOf, 7)
	if err != nil {
		t.Fatal(err)
	}
	if want := "((c.vip = $7) AND (c.region IN ($8, $9)))"; where != want {
		t.Errorf("where = %s, want %s", where, want)
	}
	if len(args) != 3 {
		t.Errorf("args = %v", args)
	}
}

// TestSQLNoUserText checks that nothing typed in a literal reaches the SQL
// text, whatever it contains.
func TestSQLNoUserText(t *testing.T) {
	evil := []string{`x' OR 1=1 --`, `"; DROP TABLE customers; --`, `$1`, `?`, `\`, `')) OR ((1=1`, "a\nb"}
	double := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	single := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	for _, s := range evil {
		src := `name = "` + double.Replace(s) + `" or tags has "` + double.Replace(s) +
			`" or contains(city, '` + single.Replace(s) + `')`
		t.Run(s, func(t *testing.T) {
			r, err := Compile(src, testSchema)
			if err != nil {
				t.Fatalf("Compile(%s): %v", src, err)
			}
			for _, d := range []string{DialectSQLite, DialectPostgres} {
				where, args, err := r.SQL(agreeTarget(d), testAsOf, 1)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(where, s) && s != "$1" {
					t.Errorf("%s: user text %q in SQL %s", d, s, where)
				}
				if !reflect.DeepEqual(args, []any{s, s, s}) {
					t.Errorf("%s: args = %q, want the string three times", d, args)
				}
			}
		})
	}
}

func TestSQLErrors(t *testing.T) {
	r := MustCompile(`monetary > 1 and tags has "a"`, testSchema)
	tests := []struct {
		name     string
		target   func(*SQLTarget)
		firstArg int
	}{
		{"unknown dialect", func(t *SQLTarget) { t.Dialect = "mysql" }, 1},
		{"first arg zero", func(*SQLTarget) {}, 0},
		{"missing column", func(t *SQLTarget) { delete(t.Columns, "monetary") }, 1},
		{"missing tag template", func(t *SQLTarget) { t.Tags = nil }, 1},
		{"template without placeholder", func(t *SQLTarget) { t.Tags["tags"] = "EXISTS (SELECT 1)" }, 1},
		{"template with two placeholders", func(t *SQLTarget) { t.Tags["tags"] = "{tag} = {tag}" }, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := agreeTarget(DialectSQLite)
			tc.target(&target)
			if where, _, err := r.SQL(target, testAsOf, tc.firstArg); err == nil {
				t.Errorf("SQL succeeded: %s", where)
			}
		})
	}
}
