package ingest

import (
	"strings"
	"testing"

	"strata/internal/model"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want model.Money
		err  string // substring of the error; "" means success
	}{
		{"plain", "1234.5", 123450, ""},
		{"two decimals", "1234.50", 123450, ""},
		{"integer", "7", 700, ""},
		{"leading dot", ".5", 50, ""},
		{"trailing dot", "5.", 500, ""},
		{"zero", "0", 0, ""},
		{"negative zero", "-0.00", 0, ""},
		{"thousands", "1,234.50", 123450, ""},
		{"millions", "12,345,678.9", 1234567890, ""},
		{"yen sign", "¥1,234.50", 123450, ""},
		{"full-width yen", "￥1,234.50", 123450, ""},
		{"dollar", "$12", 1200, ""},
		{"RMB prefix", "RMB 12.30", 1230, ""},
		{"rmb lower", "rmb12.30", 1230, ""},
		{"CNY suffix", "12.30 CNY", 1230, ""},
		{"yuan suffix", "12.30元", 1230, ""},
		{"yuan suffix spaced", "1,000 元", 100000, ""},
		{"renminbi", "人民币100", 10000, ""},
		{"negative", "-12.3", -1230, ""},
		{"plus", "+12.3", 1230, ""},
		{"negative before sign", "-¥12.30", -1230, ""},
		{"negative after sign", "¥-12.30", -1230, ""},
		{"accounting", "(12.30)", -1230, ""},
		{"accounting with sign", "(¥12.30)", -1230, ""},
		{"sign then accounting", "¥(1,234.00)", -123400, ""},
		{"full-width digits", "１２３．４５", 12345, ""},
		{"full-width comma", "１，２３４", 123400, ""},
		{"spaces around", "  12.30 ", 1230, ""},
		{"ideographic space", "\u300012.30", 1230, ""},
		{"three decimals half even down", "0.125", 12, ""},
		{"three decimals half even up", "0.135", 14, ""},
		{"three decimals above half", "0.1251", 13, ""},
		{"four decimals", "1.2349", 123, ""},
		{"negative half even", "-0.125", -12, ""},
		{"trailing zeros beyond limit", "12.500000", 1250, ""},
		{"max", "92233720368547758.07", 9223372036854775807, ""},
		{"five decimals", "1.23456", 0, "decimal places"},
		{"float noise", "29.330000000000002", 0, "decimal places"},
		{"two dots", "1.2.3", 0, "not a number"},
		{"letters", "abc", 0, "not a number"},
		{"NaN", "NaN", 0, "not a number"},
		{"Inf", "Inf", 0, "not a number"},
		{"exponent", "1e3", 0, "not a number"},
		{"empty", "", 0, "empty"},
		{"blank", "   ", 0, "empty"},
		{"sign only", "-", 0, "not a number"},
		{"currency only", "¥", 0, "not a number"},
		{"double sign", "--12", 0, "not a number"},
		{"sign both sides of currency", "-¥-12", 0, "not a number"},
		{"negative in parens", "(-12)", 0, "not a number"},
		{"bad grouping", "1,23", 0, "thousands"},
		{"bad grouping 2", "1,2345.00", 0, "thousands"},
		{"leading comma", ",123", 0, "thousands"},
		{"overflow", "92233720368547758.08", 0, "too large"},
		{"huge", "999999999999999999999999", 0, "too large"},
		{"comma decimal", "12,5", 0, "thousands"},
		{"percent", "12%", 0, "not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseMoney(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseMoney(%q) = %v, %v; want error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseMoney(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
		ok   bool
	}{
		{"int", "3", 3, true},
		{"negative", "-1", -1, true},
		{"fraction", "2.5", 2.5, true},
		{"thousands", "1,200", 1200, true},
		{"full width", "１２", 12, true},
		{"six decimals", "0.123456", 0.123456, true},
		{"seven decimals", "0.1234567", 0, false},
		{"exponent", "1e2", 0, false},
		{"NaN", "NaN", 0, false},
		{"empty", "", 0, false},
		{"letters", "3件", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseQuantity(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("ParseQuantity(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
		ok   bool
	}{
		{"plain", "42", 42, true},
		{"negative", "-3", -3, true},
		{"zero fraction", "5.0", 5, true},
		{"thousands", "1,000", 1000, true},
		{"full width", "３５", 35, true},
		{"fraction", "5.5", 0, false},
		{"too big", "3000000000", 0, false},
		{"letters", "x", 0, false},
		{"empty", "", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseInt(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("ParseInt(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestMulMoney(t *testing.T) {
	tests := []struct {
		name  string
		price model.Money
		qty   string
		want  model.Money
	}{
		{"whole", 1250, "3", 3750},
		{"fraction exact", 1000, "2.5", 2500},
		{"half even down", 1, "0.5", 0}, // 0.005 → 0.00
		{"half even up", 3, "0.5", 2},   // 0.015 → 0.02
		{"above half", 3, "0.51", 2},    // 0.0153 → 0.02
		{"negative quantity", 1250, "-2", -2500},
		{"negative price", -1250, "2", -2500},
		{"weights", 1999, "1.255", 2509}, // 25.08745 → 25.09
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := parseQuantity(tc.qty)
			if err != nil {
				t.Fatal(err)
			}
			got, err := mulMoney(tc.price, q)
			if err != nil || got != tc.want {
				t.Fatalf("mulMoney(%v, %s) = %v, %v; want %v", tc.price, tc.qty, got, err, tc.want)
			}
		})
	}
	if _, err := mulMoney(model.Money(1<<62), decimal{mant: 1000}); err == nil {
		t.Fatal("mulMoney overflow: want error")
	}
}
