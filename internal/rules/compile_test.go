package rules

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"strata/internal/model"
)

// testSchema is the field allow-list every test compiles against.
var testSchema = Schema{
	"monetary":         Number,
	"frequency":        Number,
	"recency":          Number,
	"clv":              Number,
	"region":           String,
	"name":             String,
	"city":             String,
	"vip":              Bool,
	"churned":          Bool,
	"last_purchase_at": Date,
	"registered_at":    Date,
	"tags":             StringSet,
}

func TestCompileCanonical(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"number gt", "monetary > 1000", "monetary > 1000"},
		{"tight spacing", "monetary>1000", "monetary > 1000"},
		{"double equals", "frequency == 3", "frequency = 3"},
		{"sql not equal", "frequency <> 3", "frequency != 3"},
		{"all ops", "clv < 1 and clv <= 2 and clv > 3 and clv >= 4 and clv != 5",
			"clv < 1 and clv <= 2 and clv > 3 and clv >= 4 and clv != 5"},
		{"negative", "clv > -2", "clv > -2"},
		{"negative spaced", "clv > - 2.5", "clv > -2.5"},
		{"decimal", "clv >= 3.50", "clv >= 3.5"},
		{"exponent", "monetary > 1e3", "monetary > 1000"},
		{"big exponent", "monetary > 1E21", "monetary > 1e+21"},
		{"tiny", "monetary > 1e-7", "monetary > 1e-07"},
		{"single quotes", "region = 'east'", `region = "east"`},
		{"escapes", `name = 'it\'s \"x\"\n'`, `name = "it's \"x\"\n"`},
		{"unicode escape", `name = "\u4e2d\u{6587}"`, `name = "中文"`},
		{"control char escaped", `name = "a\u0001"`, `name = "a\u{1}"`},
		{"chinese literal", `city = "上海"`, `city = "上海"`},
		{"keywords case", "vip AND NOT churned Or clv > 1", "vip = true and not (churned = true) or clv > 1"},
		{"bool literal", "vip = TRUE", "vip = true"},
		{"bare bool", "vip", "vip = true"},
		{"bare bool not", "not churned", "not (churned = true)"},
		{"bool ne", "vip != false", "vip != false"},
		{"and or precedence", "vip or monetary > 1 and frequency > 2", "vip = true or monetary > 1 and frequency > 2"},
		{"parens kept when needed", "(vip or churned) and frequency > 2", "(vip = true or churned = true) and frequency > 2"},
		{"parens dropped", "((monetary > 1))", "monetary > 1"},
		{"and flattened", "(clv > 1 and clv > 2) and (clv > 3 and clv > 4)", "clv > 1 and clv > 2 and clv > 3 and clv > 4"},
		{"or flattened", "clv > 1 or (clv > 2 or clv > 3)", "clv > 1 or clv > 2 or clv > 3"},
		{"symbols", "vip && !churned || clv > 1", "vip = true and not (churned = true) or clv > 1"},
		{"chinese operators", "vip 且 非 churned 或 clv > 1", "vip = true and not (churned = true) or clv > 1"},
		{"chinese operators unspaced", "vip且非churned或clv>1", "vip = true and not (churned = true) or clv > 1"},
		{"not not", "not not vip", "not (not (vip = true))"},
		{"not of and", "not (vip and churned)", "not (vip = true and churned = true)"},
		{"in brackets", `region in ["east", "west"]`, `region in ["east", "west"]`},
		{"in parens", `region IN ('east', 'west',)`, `region in ["east", "west"]`},
		{"not in", "frequency not in [1, 2, 3]", "frequency not in [1, 2, 3]"},
		{"in dates", `registered_at in [date("2025-01-01"), ago(1y)]`, `registered_at in [date("2025-01-01"), ago(1y)]`},
		{"in bools", `vip in [true]`, `vip in [true]`},
		{"has", `tags has "vip"`, `tags has "vip"`},
		{"has case keyword", `tags HAS '大客户'`, `tags has "大客户"`},
		{"is null", "monetary is null", "monetary is null"},
		{"is not null", "last_purchase_at IS NOT NULL", "last_purchase_at is not null"},
		{"ago", "last_purchase_at >= ago(90d)", "last_purchase_at >= ago(90d)"},
		{"ago units", "last_purchase_at < ago(12W) or registered_at < ago(6M) or registered_at < ago(2y)",
			"last_purchase_at < ago(12w) or registered_at < ago(6m) or registered_at < ago(2y)"},
		{"ago zero", "last_purchase_at <= ago(0d)", "last_purchase_at <= ago(0d)"},
		{"date", `registered_at < date("2025-01-31")`, `registered_at < date("2025-01-31")`},
		{"date func case", `registered_at < DATE('2024-02-29')`, `registered_at < date("2024-02-29")`},
		{"within", "within(registered_at, 30d)", "within(registered_at, 30d)"},
		{"contains", `contains(name, "Ltd")`, `contains(name, "Ltd")`},
		{"field vs field", "last_purchase_at > registered_at", "last_purchase_at > registered_at"},
		{"number fields", "monetary >= clv", "monetary >= clv"},
		{"const true", "true", "true"},
		{"const false or", "false or vip", "false or vip = true"},
		{"newlines", "vip\n  and\tfrequency > 1\r\n", "vip = true and frequency > 1"},
		{"injection string", `name = "x' OR 1=1 --"`, `name = "x' OR 1=1 --"`},
		{"zero", "clv = 0", "clv = 0"},
		{"negative zero", "clv = -0", "clv = -0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compile(tc.src, testSchema)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tc.src, err)
			}
			if got := r.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			assertRoundTrip(t, r)
		})
	}
}

// assertRoundTrip checks that the canonical text compiles to an identical
// AST and formats to itself.
func assertRoundTrip(t *testing.T, r *Rule) {
	t.Helper()
	text := r.String()
	r2, err := Compile(text, testSchema)
	if err != nil {
		t.Fatalf("recompiling canonical %q: %v", text, err)
	}
	if !reflect.DeepEqual(r.root, r2.root) {
		t.Fatalf("canonical %q compiles to a different AST", text)
	}
	if r2.String() != text {
		t.Fatalf("canonical form not stable: %q -> %q", text, r2.String())
	}
}

func TestCompileErrors(t *testing.T) {
	deep := strings.Repeat("(", 33) + "vip" + strings.Repeat(")", 33)
	deepNot := strings.Repeat("not ", 33) + "vip"
	deepMix := "vip"
	for range 33 {
		deepMix = "vip and (churned or " + deepMix + ")"
	}
	manyNodes := "vip" + strings.Repeat(" or vip", 256) // 257 conditions + 256 ors
	bigList := "frequency in [" + strings.TrimSuffix(strings.Repeat("1,", 1001), ",") + "]"
	tests := []struct {
		name, src string
		code      string
		pos       int
		msg       string // substring of Msg, optional
	}{
		{"empty", "", CodeEmpty, 0, ""},
		{"blank", "  \n ", CodeEmpty, 0, ""},
		{"unknown field", "monetry > 1", CodeUnknownField, 0, `unknown field "monetry" (did you mean "monetary"?)`},
		{"unknown field later", "vip and  frequncy > 1", CodeUnknownField, 9, `did you mean "frequency"`},
		{"unknown field no suggestion", "zzz > 1", CodeUnknownField, 0, `unknown field "zzz"`},
		{"unknown field case", "Monetary > 1", CodeUnknownField, 0, `did you mean "monetary"`},
		{"unknown rhs field", "monetary > clvv", CodeUnknownField, 11, `did you mean "clv"`},
		{"number vs string", `monetary = "abc"`, CodeTypeMismatch, 11, `monetary is Number but "abc" is String`},
		{"string vs number", `region = 5`, CodeTypeMismatch, 9, "region is String but 5 is Number"},
		{"date vs number", `last_purchase_at > 90`, CodeTypeMismatch, 19, "ago(30d)"},
		{"field vs field types", `monetary > region`, CodeTypeMismatch, 11, "region is String"},
		{"bool ordering", "vip > false", CodeTypeMismatch, 4, "ordering comparison"},
		{"has on string", `region has "x"`, CodeTypeMismatch, 7, `"has" needs a StringSet`},
		{"compare tags", `tags = "x"`, CodeTypeMismatch, 5, `use tags has`},
		{"in on tags", `tags in ["x"]`, CodeTypeMismatch, 5, ""},
		{"tags is null", `tags is null`, CodeTypeMismatch, 5, ""},
		{"list item type", `region in ["a", 2]`, CodeTypeMismatch, 16, "list item 2 is Number"},
		{"bare number field", "monetary", CodeTypeMismatch, 0, "monetary > 0"},
		{"bare field before and", "monetary and vip", CodeTypeMismatch, 0, ""},
		{"within on number", "within(monetary, 3d)", CodeTypeMismatch, 7, ""},
		{"contains on number", `contains(clv, "1")`, CodeTypeMismatch, 9, ""},
		{"unclosed paren", "(vip and churned", CodeSyntax, 0, `unclosed "("`},
		{"unclosed inner paren", "vip and (churned or (clv > 1)", CodeSyntax, 8, `unclosed "("`},
		{"unmatched close", "vip)", CodeSyntax, 3, `unmatched ")"`},
		{"trailing garbage", "monetary > 1 frequency", CodeSyntax, 13, "expected and, or or the end of the rule"},
		{"trailing typo and", "monetary > 1 adn vip", CodeSyntax, 13, `did you mean "and"`},
		{"dangling and", "vip and", CodeSyntax, 7, "unexpected end"},
		{"missing value", "monetary >", CodeSyntax, 10, "expected a value"},
		{"missing operator", "monetary 5", CodeSyntax, 9, "expected a comparison"},
		{"starts with number", "5 > monetary", CodeSyntax, 0, "expected a condition"},
		{"equals null", "monetary = null", CodeSyntax, 11, "is null"},
		{"bad char", "monetary > 1 ; drop table", CodeSyntax, 13, "unexpected character ';'"},
		{"lone pipe", "vip | churned", CodeSyntax, 4, ""},
		{"not without in", "frequency not 3", CodeSyntax, 14, `expected "in"`},
		{"in without list", "frequency in 3", CodeSyntax, 13, ""},
		{"list mismatched closer", "frequency in [1, 2)", CodeSyntax, 18, ""},
		{"unclosed list", "frequency in [1, 2", CodeSyntax, 13, "unclosed list"},
		{"field in list", "frequency in [clv]", CodeSyntax, 14, "literal"},
		{"empty list", "frequency in []", CodeEmptyList, 13, ""},
		{"empty paren list", "region not in ()", CodeEmptyList, 14, ""},
		{"too many items", bigList, CodeTooManyItems, 14 + 2*1000, "1000"},
		{"unterminated string", `name = "abc`, CodeBadString, 7, "unterminated"},
		{"bad escape", `name = "a\qb"`, CodeBadString, 9, `unknown escape \q`},
		{"nul escape", `name = "a\u0000"`, CodeBadString, 9, "NUL"},
		{"surrogate escape", `name = "\ud800"`, CodeBadString, 8, ""},
		{"short unicode escape", `name = "\u12"`, CodeBadString, 8, ""},
		{"injection single quotes", `name = 'x'' OR 1=1'`, CodeSyntax, 10, ""},
		{"underscore number", "monetary > 1_000", CodeBadNumber, 11, "digit separators"},
		{"trailing dot", "monetary > 1.", CodeBadNumber, 11, ""},
		{"two dots", "monetary > 1.2.3", CodeBadNumber, 11, ""},
		{"dangling exponent", "monetary > 1e", CodeBadNumber, 11, ""},
		{"hex", "monetary > 0x10", CodeBadNumber, 11, ""},
		{"letters after number", "monetary > 12abc", CodeBadNumber, 11, ""},
		{"overflow", "monetary > 1e999", CodeBadNumber, 11, "out of range"},
		{"bad date", `registered_at > date("2025-02-30")`, CodeBadDate, 21, "YYYY-MM-DD"},
		{"bad date format", `registered_at > date("2025/01/31")`, CodeBadDate, 21, ""},
		{"short date", `registered_at > date("2025-1-31")`, CodeBadDate, 21, ""},
		{"date without string", `registered_at > date(2025)`, CodeBadDate, 21, ""},
		{"bad duration unit", "last_purchase_at > ago(30x)", CodeBadDuration, 23, "units are"},
		{"fractional duration", "last_purchase_at > ago(1.5d)", CodeBadDuration, 23, "whole"},
		{"huge duration", "last_purchase_at > ago(100001d)", CodeBadDuration, 23, ""},
		{"ago without duration", "last_purchase_at > ago(30)", CodeBadDuration, 23, ""},
		{"bare duration", "last_purchase_at > 30d", CodeBadDuration, 19, "ago(30d)"},
		{"within bad duration", "within(registered_at, 5)", CodeBadDuration, 22, ""},
		{"unknown function", `registered_at > dat("2025-01-01")`, CodeUnknownFunction, 16, `did you mean "date"`},
		{"unknown condition function", `startswith(name, "a")`, CodeUnknownFunction, 0, ""},
		{"value function as condition", `ago(3d)`, CodeSyntax, 0, "is a value"},
		{"condition function as value", `vip = contains(name, "x")`, CodeSyntax, 6, "is a condition"},
		{"unclosed call", `registered_at > date("2025-01-01"`, CodeSyntax, 33, `")"`},
		{"too deep parens", deep, CodeTooDeep, 32, "parentheses"},
		{"too deep not", deepNot, CodeTooDeep, 0, "levels"},
		{"too deep mixed", deepMix, CodeTooDeep, -1, ""},
		{"too many nodes", manyNodes, CodeTooManyNodes, -1, "512"},
		{"too long", "vip or " + strings.Repeat(" ", MaxLen), CodeTooLong, MaxLen, "limit is 4096"},
		{"too long once formatted", "clv>1e20" + strings.Repeat("||clv>1e20", 200), CodeTooLong, 0, "once formatted"},
		{"invalid utf8", "name = \"\xff\"", CodeSyntax, 8, "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compile(tc.src, testSchema)
			if err == nil {
				t.Fatalf("Compile(%q) = %q, want error %s", tc.src, r, tc.code)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is %T, want *Error", err, err)
			}
			if e.Code != tc.code {
				t.Errorf("code = %s, want %s (%v)", e.Code, tc.code, err)
			}
			if tc.pos >= 0 && e.Pos != tc.pos {
				t.Errorf("pos = %d, want %d (%v)", e.Pos, tc.pos, err)
			}
			if !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("message %q does not contain %q", e.Msg, tc.msg)
			}
			if !errors.Is(err, model.ErrInvalid) {
				t.Errorf("errors.Is(err, model.ErrInvalid) = false")
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Compile("vip and\n  monetry > 1", testSchema)
	want := `2:3: unknown field "monetry" (did you mean "monetary"?)`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	// Columns count characters, not bytes.
	_, err = Compile(`city = "上海" and zzz`, testSchema)
	var e *Error
	if !errors.As(err, &e) || e.Line != 1 || e.Col != 17 || e.Pos != 20 {
		t.Fatalf("got %+v, want line 1 col 17 pos 20", e)
	}
}

func TestBoundsAtLimit(t *testing.T) {
	tests := []struct{ name, src string }{
		{"32 parens", strings.Repeat("(", 32) + "vip" + strings.Repeat(")", 32)},
		{"32 nots", strings.Repeat("not ", 32) + "vip"},
		{"512 nodes", "vip" + strings.Repeat(" or vip", 255)},
		{"1000 items", "frequency in [" + strings.TrimSuffix(strings.Repeat("1,", 1000), ",") + "]"},
		{"4096 bytes", "vip" + strings.Repeat(" ", MaxLen-3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compile(tc.src, testSchema)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			assertRoundTrip(t, r)
		})
	}
}

func TestFields(t *testing.T) {
	r := MustCompile(`vip and (monetary > clv or tags has "a") and within(registered_at, 3d) and vip`, testSchema)
	want := []string{"clv", "monetary", "registered_at", "tags", "vip"}
	if got := r.Fields(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Fields() = %v, want %v", got, want)
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"monetary", "frequency", "recency", "region"}
	tests := []struct{ word, want string }{
		{"monetry", "monetary"},
		{"mnoetary", "monetary"}, // transposition
		{"REGION", "region"},
		{"recncy", "recency"},
		{"xyz", ""},
		{"r", ""},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := suggest(tc.word, cands); got != tc.want {
				t.Errorf("suggest(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}

func TestCompileBadSchema(t *testing.T) {
	_, err := Compile("x > 1", Schema{"x": Type(9)})
	var e *Error
	if err == nil || errors.As(err, &e) {
		t.Fatalf("err = %v, want a plain schema error", err)
	}
}
