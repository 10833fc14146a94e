package rules

import (
	"math"
	"testing"
	"time"
)

// shanghai is a fixed +08:00 zone, so tests need no tz database.
var shanghai = time.FixedZone("CST", 8*3600)

// testAsOf is the evaluation date of the tests: 2025-03-31 00:00 +08:00.
var testAsOf = time.Date(2025, 3, 31, 0, 0, 0, 0, shanghai)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, shanghai) }

func TestEval(t *testing.T) {
	full := testRecord{
		nums:  map[string]float64{"monetary": 1500, "frequency": 3, "clv": math.NaN()},
		strs:  map[string]string{"region": "east", "name": "Acme Ltd"},
		bools: map[string]bool{"vip": true, "churned": false},
		dates: map[string]time.Time{
			"last_purchase_at": day(2025, 1, 1),
			"registered_at":    day(2024, 2, 29),
		},
		tags: map[string][]string{"tags": {"vip", "大客户"}},
	}
	empty := testRecord{}
	tests := []struct {
		name string
		rule string
		rec  testRecord
		want bool
	}{
		{"gt true", "monetary > 1000", full, true},
		{"gt false", "monetary > 2000", full, false},
		{"eq", "frequency = 3", full, true},
		{"ne", "frequency != 3", full, false},
		{"field vs field", "monetary > frequency", full, true},
		{"field vs missing field", "monetary > clv", full, false},
		{"not field vs missing field", "not (monetary > clv)", full, false},
		// Three-valued logic, with clv missing (NaN) in full.
		{"null cmp", "clv > 1", full, false},
		{"not null cmp", "not (clv > 1)", full, false},
		{"null ne", "clv != 1", full, false},
		{"null or true", "clv > 1 or vip", full, true},
		{"null or false", "clv > 1 or churned", full, false},
		{"not (null or false)", "not (clv > 1 or churned)", full, false},
		{"null and false", "clv > 1 and churned", full, false},
		{"not (null and false)", "not (clv > 1 and churned)", full, true},
		{"not (null and true)", "not (clv > 1 and vip)", full, false},
		{"is null NaN", "clv is null", full, true},
		{"is not null", "monetary is not null", full, true},
		{"absent number is null", "monetary is null", empty, true},
		{"absent string is null", "region is null", empty, true},
		{"absent bool", "vip", empty, false},
		{"absent bool not", "not vip", empty, false},
		{"absent bool ne", "vip != true", empty, false},
		{"null in", "region in ['east']", empty, false},
		{"null not in", "region not in ['east']", empty, false},
		{"not in hit", "region not in ['east', 'west']", full, false},
		{"not in miss", "region not in ['north']", full, true},
		{"in hit", "frequency in [1, 3]", full, true},
		{"has", `tags has "大客户"`, full, true},
		{"has absent", `tags has "x"`, full, false},
		{"not has on empty", `not (tags has "x")`, empty, true},
		{"contains", `contains(name, "Ltd")`, full, true},
		{"contains case sensitive", `contains(name, "ltd")`, full, false},
		{"contains empty", `contains(name, "")`, full, true},
		{"contains null", `not contains(name, "x")`, empty, false},
		{"string order bytewise", `region < "f" and region > "East"`, full, true},
		{"bool eq false", "churned = false", full, true},
		{"bool in", "vip in [false]", full, false},
		{"const", "true", empty, true},
		{"not const", "not false and not (true and false)", empty, true},
		// Dates, as of 2025-03-31 00:00 +08:00.
		{"ago days", "last_purchase_at >= ago(89d)", full, true},
		{"ago days edge", "last_purchase_at >= ago(88d)", full, false}, // 88 days before is 2025-01-02
		{"ago boundary inclusive", "last_purchase_at >= ago(89d) and last_purchase_at <= ago(89d)", full, true},
		{"ago weeks", "last_purchase_at < ago(12w)", full, true},
		{"ago months clamp", `last_purchase_at < ago(3m)`, full, false},
		{"ago year", `registered_at >= ago(1y)`, full, false},
		{"date literal in zone", `last_purchase_at = date("2025-01-01")`, full, true},
		{"date in list", `registered_at in [date("2024-02-29")]`, full, true},
		{"within", "within(last_purchase_at, 90d)", full, true},
		{"within short", "within(last_purchase_at, 30d)", full, false},
		{"within null", "not within(last_purchase_at, 30d)", empty, false},
		{"date vs date field", "last_purchase_at > registered_at", full, true},
		{"missing date", "last_purchase_at is null", empty, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := MustCompile(tc.rule, testSchema)
			if got := r.Eval(tc.rec, testAsOf); got != tc.want {
				t.Errorf("Eval(%s) = %v, want %v", r, got, tc.want)
			}
			match, err := r.Bind(toColumns([]testRecord{tc.rec}, testSchema), testAsOf)
			if err != nil {
				t.Fatalf("Bind: %v", err)
			}
			if got := match(0); got != tc.want {
				t.Errorf("Bind(%s)(0) = %v, want %v", r, got, tc.want)
			}
		})
	}
}

func TestDurationBefore(t *testing.T) {
	tests := []struct {
		name string
		from time.Time
		dur  duration
		want time.Time
	}{
		{"days", day(2025, 3, 31), duration{90, 'd'}, day(2024, 12, 31)},
		{"weeks", day(2025, 3, 31), duration{2, 'w'}, day(2025, 3, 17)},
		{"month clamps to feb", day(2025, 3, 31), duration{1, 'm'}, day(2025, 2, 28)},
		{"month clamps leap", day(2024, 3, 31), duration{1, 'm'}, day(2024, 2, 29)},
		{"month across year", day(2025, 1, 15), duration{2, 'm'}, day(2024, 11, 15)},
		{"many months", day(2025, 5, 31), duration{15, 'm'}, day(2024, 2, 29)},
		{"year from leap day", day(2024, 2, 29), duration{1, 'y'}, day(2023, 2, 28)},
		{"zero", day(2025, 3, 31), duration{0, 'm'}, day(2025, 3, 31)},
		{"keeps clock", time.Date(2025, 3, 31, 13, 5, 0, 0, shanghai), duration{1, 'm'},
			time.Date(2025, 2, 28, 13, 5, 0, 0, shanghai)},
		{"before year 1", day(1, 1, 15), duration{1, 'm'}, day(0, 12, 15)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.dur.before(tc.from); !got.Equal(tc.want) {
				t.Errorf("%v before %v = %v, want %v", tc.dur, tc.from, got, tc.want)
			}
		})
	}
}

func TestBindErrors(t *testing.T) {
	r := MustCompile("monetary > 1 and region = 'x'", testSchema)
	cols := &Columns{N: 2, Numbers: map[string][]float64{"monetary": {2, 3}}}
	if _, err := r.Bind(cols, testAsOf); err == nil {
		t.Error("Bind without a region column succeeded")
	}
	cols.Strings = map[string]StringColumn{"region": {Values: []string{"x"}}}
	if _, err := r.Bind(cols, testAsOf); err == nil {
		t.Error("Bind with a short column succeeded")
	}
	cols.Strings["region"] = StringColumn{Values: []string{"x", "y"}, Valid: []bool{true}}
	if _, err := r.Bind(cols, testAsOf); err == nil {
		t.Error("Bind with a short Valid slice succeeded")
	}
	cols.Strings["region"] = StringColumn{Values: []string{"x", "x"}, Valid: []bool{}}
	got, err := r.Select(cols, testAsOf)
	if err != nil || len(got) != 2 {
		t.Errorf("Select = %v, %v; want [0 1]", got, err)
	}
}
