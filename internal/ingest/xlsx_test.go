package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestXLSXSheets(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"说明"})
	f.NewSheet("客户")
	f.SetSheetRow("客户", "A3", &[]any{"客户编号", "姓名"}) // header below two empty rows
	f.SetSheetRow("客户", "A4", &[]any{"C1", "张三"})
	f.SetSheetRow("客户", "A6", &[]any{"C2", "李四"}) // an empty row between
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()

	rows, _ := readAll(t, buf.Bytes(), Options{Kind: KindCustomers, Sheet: "客户"})
	if len(rows) != 2 || rows[0].Line != 4 || rows[1].Line != 6 || rows[1].Customer.Name != "李四" {
		t.Fatalf("rows = %+v", rows)
	}
	// The first sheet has no customer id column: a header error naming it.
	if _, err := NewReader(bytes.NewReader(buf.Bytes()), Options{Kind: KindCustomers, TempDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), `"说明"`) {
		t.Errorf("first sheet: %v", err)
	}
	_, err := NewReader(bytes.NewReader(buf.Bytes()), Options{Kind: KindCustomers, Sheet: "Orders", TempDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "Sheet1, 客户") {
		t.Errorf("unknown sheet: %v", err)
	}
}

func TestCleanFloatNoise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"29.330000000000002", "29.33"},
		{"0.30000000000000004", "0.3"},
		{"1.2345678901234567E-2", "0.0123456789012346"},
		{"12.5", "12.5"},
		{"110101199003077777", "110101199003077777"}, // an ID card number stored as text
		{"12345678901234567890", "12345678901234567890"},
		{"ABC.12345678901234567", "ABC.12345678901234567"},
	}
	for _, tc := range tests {
		if got := cleanFloatNoise(tc.in); got != tc.want {
			t.Errorf("cleanFloatNoise(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	// In a workbook, float noise from a formula-like value reads as money.
	data := makeXLSX(t, "", [][]any{{"客户编号", "日期", "金额"}, {"C1", "2024-01-01", 0.1 + 0.2}})
	rows := goodRows(t, data, Options{Kind: KindOrders})
	if rows[0].Order.Amount != 30 {
		t.Errorf("amount %v; want 0.30", rows[0].Order.Amount)
	}
}

func TestCSVLeniencyAndLines(t *testing.T) {
	data := "\n\n客户编号, 姓名 ,城市\r\n" + // header on line 3, spaces around a header
		`C1, "张, 三" ,上海` + "\r\n" + // spaces around a quoted cell
		"\r\n" +
		`"C2","李""四",` + "\r\n" + // doubled quote, empty last cell
		"C3,王五,\"北\r\n京\"\r\n" + // CRLF inside a quoted cell is kept
		"C4,赵六,广州" // no final newline
	rows := goodRows(t, []byte(data), Options{Kind: KindCustomers})
	want := []struct {
		line       int
		name, city string
	}{{4, "张, 三", "上海"}, {6, "李\"四", ""}, {7, "王五", "北\r\n京"}, {9, "赵六", "广州"}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, w := range want {
		c := rows[i].Customer
		if rows[i].Line != w.line || c.Name != w.name || c.City != w.city {
			t.Errorf("row %d = line %d %q %q; want %+v", i, rows[i].Line, c.Name, c.City, w)
		}
	}
}
