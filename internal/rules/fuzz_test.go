package rules

import (
	"errors"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"testing"
	"time"
)

var placeholder = regexp.MustCompile(`\$(\d+)`)

// fuzzRecord has every testSchema field present except clv, so evaluation
// walks both the value and the missing paths.
var fuzzRecord = testRecord{
	nums:  map[string]float64{"monetary": 1000, "frequency": 3, "recency": math.NaN()},
	strs:  map[string]string{"region": "east", "name": "Acme", "city": "上海"},
	bools: map[string]bool{"vip": true},
	dates: map[string]time.Time{"last_purchase_at": day(2025, 1, 1)},
	tags:  map[string][]string{"tags": {"vip"}},
}

// FuzzCompile checks that Compile never panics, that errors are
// well-formed *Error values, and that every accepted rule round-trips
// through String(), translates to SQL with exactly one placeholder per
// argument (numbered 1..n in order), and evaluates identically in Eval and
// Bind. Seeds live in testdata/fuzz/FuzzCompile.
func FuzzCompile(f *testing.F) {
	f.Add(`monetary > 1000 and last_purchase_at >= ago(90d) and tags has "vip"`)
	cols := toColumns([]testRecord{fuzzRecord}, testSchema)
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Compile(src, testSchema)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is %T", err, err)
			}
			if e.Code == "" || e.Pos < 0 || e.Pos > len(src) || e.Line < 1 || e.Col < 1 {
				t.Fatalf("malformed error %+v", e)
			}
			return
		}
		text := r.String()
		r2, err := Compile(text, testSchema)
		if err != nil {
			t.Fatalf("canonical %q of %q does not compile: %v", text, src, err)
		}
		if !reflect.DeepEqual(r.root, r2.root) || r2.String() != text {
			t.Fatalf("canonical %q of %q does not round-trip", text, src)
		}
		for _, d := range []string{DialectSQLite, DialectPostgres} {
			where, args, err := r.SQL(agreeTarget(d), testAsOf, 1)
			if err != nil {
				t.Fatalf("SQL(%s, %s): %v", text, d, err)
			}
			found := placeholder.FindAllStringSubmatch(where, -1)
			if len(found) != len(args) {
				t.Fatalf("%s: %d placeholders, %d args in %s", d, len(found), len(args), where)
			}
			for i, m := range found {
				if m[1] != strconv.Itoa(i+1) {
					t.Fatalf("%s: placeholder %d is $%s in %s", d, i+1, m[1], where)
				}
			}
		}
		match, err := r.Bind(cols, testAsOf)
		if err != nil {
			t.Fatalf("Bind(%s): %v", text, err)
		}
		if got, want := match(0), r.Eval(fuzzRecord, testAsOf); got != want {
			t.Fatalf("%s: Bind %v, Eval %v", text, got, want)
		}
	})
}
