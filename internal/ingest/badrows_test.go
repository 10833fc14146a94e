package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"strata/internal/model"
)

// wantErr is one expected FieldError, matched on line, column, field and a
// piece of the reason.
type wantErr struct {
	line   int
	column string
	field  string
	reason string
}

func checkRowErrors(t *testing.T, rows []Row, good []int, want map[int][]wantErr) {
	t.Helper()
	seen := map[int]bool{}
	for _, row := range rows {
		seen[row.Line] = true
		exp, bad := want[row.Line]
		if !bad {
			if len(row.Errs) > 0 {
				t.Errorf("line %d: unexpected errors %v", row.Line, row.Errs)
			}
			continue
		}
		if row.Customer != nil || row.Order != nil || row.Interaction != nil || row.Survey != nil || row.Ticket != nil {
			t.Errorf("line %d: a row with errors has a record", row.Line)
		}
		if len(row.Errs) != len(exp) {
			t.Errorf("line %d: errors %v; want %d", row.Line, row.Errs, len(exp))
			continue
		}
		for i, e := range exp {
			got := row.Errs[i]
			if got.Line != e.line || got.Column != e.column || got.Field != e.field || !strings.Contains(got.Reason, e.reason) {
				t.Errorf("line %d error %d = %+v; want %+v", row.Line, i, got, e)
			}
			if !errors.Is(got, model.ErrInvalid) {
				t.Errorf("FieldError does not unwrap to model.ErrInvalid")
			}
		}
	}
	for line := range want {
		if !seen[line] {
			t.Errorf("no row for line %d", line)
		}
	}
	for _, line := range good {
		if !seen[line] {
			t.Errorf("good line %d not read", line)
		}
	}
}

func TestPlantedBadRowsCSV(t *testing.T) {
	data := "订单号,客户编号,下单时间,金额,数量\n" +
		"O1,C1,2024-01-01,12.50,1\n" + // 2
		"O2,C1,2024-13-01,12.50,1\n" + // 3 wrong date
		"O3,C1,2024-01-02,abc,1\n" + // 4 non-numeric amount
		"O4,,2024-01-03,1.00,1\n" + // 5 missing customer id
		"O5,C1,2024-01-04,1.00\n" + // 6 too few cells
		"\n" + // 7 blank
		"O6,C2,2024-01-05,2.00,1,extra\n" + // 8 too many cells
		"O7,C1,bad,xyz,1\n" + // 9 two problems
		"O8,C1,\"2024-01-06\",5\" screen,1\n" + // 10 bare quote
		"\"O9\nmulti\",C1,2024-01-07,3.00,1\n" + // 11-12 newline in an id
		",,,,\n" + // 13 empty cells only: skipped
		"O10,C1,2024-01-08,4.00,1\n" + // 14 good
		"O11,C1,2024-01-09,\"4.00\"x,1\n" + // 15 junk after a closing quote
		"O12,C1,2024-01-10,4.00,\"1\n" // 16 unterminated quote
	for _, eol := range []string{"LF", "CRLF"} {
		t.Run(eol, func(t *testing.T) {
			in := data
			if eol == "CRLF" {
				in = crlf(data)
			}
			rows, _ := readAll(t, []byte(in), Options{Kind: KindOrders})
			checkRowErrors(t, rows, []int{2, 14}, map[int][]wantErr{
				3:  {{3, "下单时间", "ordered_at", "month 13"}},
				4:  {{4, "金额", "amount", "not a number"}},
				5:  {{5, "客户编号", "customer_id", "is required"}},
				6:  {{6, "", "", "has 4 cells but the header has 5"}},
				8:  {{8, "", "", "has 6 cells but the header has 5"}},
				9:  {{9, "下单时间", "ordered_at", "not a recognised date"}, {9, "金额", "amount", "not a number"}},
				10: {{10, "", "", "contains a quote"}},
				11: {{11, "订单号", "order_id", "control character"}},
				15: {{15, "", "", "after a closing quote"}},
				16: {{16, "", "", "not closed before the end of the file"}},
			})
			if len(rows) != 12 {
				t.Errorf("%d rows; want 12 (blank lines skipped)", len(rows))
			}
		})
	}
}

func TestPlantedBadRowsXLSX(t *testing.T) {
	data := makeXLSX(t, "", [][]any{
		{"客户编号", "日期", "金额", "数量"},
		{"C1", "2024-01-01", 12.5, 1},  // 2
		{"C1", "2024-02-30", 1, 1},     // 3 wrong date
		{"C1", "2024-01-02", "abc", 1}, // 4 non-numeric amount
		{nil, "2024-01-03", 1, 1},      // 5 missing customer id
		{},                             // 6 blank row
		{"C1", 45292, 3, 1, nil, "x"},  // 7 extra cell (a serial date is fine)
		{"C1", 45292.75, 3},            // 8 short row is fine in XLSX
	})
	rows, _ := readAll(t, data, Options{Kind: KindOrders})
	checkRowErrors(t, rows, []int{2, 8}, map[int][]wantErr{
		3: {{3, "日期", "ordered_at", "day 30"}},
		4: {{4, "金额", "amount", "not a number"}},
		5: {{5, "客户编号", "customer_id", "is required"}},
		7: {{7, "", "", "has 6 cells but the header has 4"}},
	})
	for _, row := range rows {
		if row.Line == 8 {
			o := row.Order
			if want := utc(2024, 1, 1, 10, 0, 0, 0); !o.OrderedAt.Equal(want) || o.Amount != 300 {
				t.Errorf("line 8 = %v %v; want %v 3.00", o.OrderedAt, o.Amount, want)
			}
		}
	}
}

func TestRowLimits(t *testing.T) {
	big := strings.Repeat("x", MaxCellBytes+1)
	rows, _ := readAll(t, []byte("客户编号,姓名\nC1,"+big+"\nC2,ok\n"), Options{Kind: KindCustomers})
	checkRowErrors(t, rows, []int{3}, map[int][]wantErr{2: {{2, "姓名", "name", "64 KiB"}}})

	wide := "客户编号\nC1" + strings.Repeat(",", MaxColumns) + "\nC2\n"
	rows, _ = readAll(t, []byte(wide), Options{Kind: KindCustomers})
	checkRowErrors(t, rows, []int{3}, map[int][]wantErr{2: {{2, "", "", fmt.Sprintf("more than the limit of %d", MaxColumns)}}})

	_, err := NewReader(strings.NewReader("a"+strings.Repeat(",a", MaxColumns)+"\n"), Options{Kind: KindCustomers})
	if err == nil || !strings.Contains(err.Error(), "header row") {
		t.Errorf("wide header: %v", err)
	}

	// An unclosed quote near the top cannot swallow the file: the record
	// is bounded and the error is fatal with the line it started on.
	long := "客户编号,姓名\nC1,\"" + strings.Repeat("line\n", MaxRecordBytes/5+10)
	r, err := NewReader(strings.NewReader(long), Options{Kind: KindCustomers})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "starting on line 2") {
		t.Errorf("runaway quote: %v", err)
	}
}

func TestFieldErrorString(t *testing.T) {
	tests := []struct {
		e    FieldError
		want string
	}{
		{FieldError{Line: 3, Column: "下单时间", Field: "ordered_at", Value: "x", Reason: "is bad"}, `line 3, column "下单时间" (ordered_at): "x" is bad`},
		{FieldError{Line: 3, Column: "amount", Field: "amount", Reason: "is required"}, `line 3, column "amount" is required`},
		{FieldError{Line: 4, Reason: "has 2 cells but the header has 3 columns"}, `line 4 has 2 cells but the header has 3 columns`},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q; want %q", got, tc.want)
		}
	}
}
