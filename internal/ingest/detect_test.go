package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"strata/internal/model"
)

const zhCustomers = "客户编号,姓名,性别,手机,城市\n" +
	"C001,张三,男,138-0013-8000,上海\n" +
	"C002,李四,女,+86 139 0013 9000,北京\n"

func encodeGBK(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encodeUTF16LE(t *testing.T, s string) []byte {
	t.Helper()
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDetection(t *testing.T) {
	tsv := strings.ReplaceAll(zhCustomers, ",", "\t")
	ws := "客户编号   姓名  性别   手机          城市\n" +
		"  C001    张三  男     13800138000   上海\n" +
		"  C002    李四  女     13900139000   北京\n"
	semi := strings.ReplaceAll(zhCustomers, ",", ";")
	xlsx := makeXLSX(t, "", [][]any{
		{"客户编号", "姓名", "性别", "手机", "城市"},
		{"C001", "张三", "男", "138-0013-8000", "上海"},
		{"C002", "李四", "女", 13900139000, "北京"},
	})
	tests := []struct {
		name     string
		data     []byte
		opts     Options
		format   string
		encoding string
	}{
		{"utf-8", []byte(zhCustomers), Options{}, FormatCSV, EncodingUTF8},
		{"utf-8 BOM", append([]byte("\uFEFF"), zhCustomers...), Options{}, FormatCSV, EncodingUTF8},
		{"utf-8 BOM CRLF", append([]byte("\uFEFF"), crlf(zhCustomers)...), Options{}, FormatCSV, EncodingUTF8},
		{"GBK", encodeGBK(t, zhCustomers), Options{}, FormatCSV, EncodingGB18030},
		{"GBK CRLF", encodeGBK(t, crlf(zhCustomers)), Options{}, FormatCSV, EncodingGB18030},
		{"GBK forced", encodeGBK(t, zhCustomers), Options{Encoding: "gbk"}, FormatCSV, EncodingGB18030},
		{"UTF-16LE BOM tab (Excel Unicode text)", encodeUTF16LE(t, crlf(tsv)), Options{}, FormatTSV, EncodingUTF16LE},
		{"TSV", []byte(tsv), Options{}, FormatTSV, EncodingUTF8},
		{"TSV forced", []byte(tsv), Options{Format: "tsv"}, FormatTSV, EncodingUTF8},
		{"whitespace", []byte(ws), Options{}, FormatWS, EncodingUTF8},
		{"whitespace CRLF GBK", encodeGBK(t, crlf(ws)), Options{}, FormatWS, EncodingGB18030},
		{"semicolon", []byte(semi), Options{}, FormatCSV, EncodingUTF8},
		{"xlsx", xlsx, Options{}, FormatXLSX, ""},
		{"xlsx forced", xlsx, Options{Format: "xlsx"}, FormatXLSX, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Kind = KindCustomers
			rows, r := readAll(t, tc.data, tc.opts)
			if r.Format() != tc.format || r.Encoding() != tc.encoding {
				t.Errorf("format %q encoding %q; want %q %q", r.Format(), r.Encoding(), tc.format, tc.encoding)
			}
			if len(rows) != 2 {
				t.Fatalf("%d rows; want 2", len(rows))
			}
			want := []model.Customer{
				{ID: "C001", Name: "张三", Gender: model.GenderMale, Phone: "13800138000", City: "上海"},
				{ID: "C002", Name: "李四", Gender: model.GenderFemale, Phone: "13900139000", City: "北京"},
			}
			for i, row := range rows {
				if len(row.Errs) > 0 {
					t.Fatalf("line %d: %v", row.Line, row.Errs)
				}
				if row.Line != i+2 {
					t.Errorf("row %d on line %d", i, row.Line)
				}
				if got := *row.Customer; got.ID != want[i].ID || got.Name != want[i].Name || got.Gender != want[i].Gender ||
					got.Phone != want[i].Phone || got.City != want[i].City {
					t.Errorf("row %d = %+v; want %+v", i, got, want[i])
				}
			}
		})
	}
}

func TestDetectionErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		opts Options
		want string
	}{
		{"legacy xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), Options{}, ".xls"},
		{"broken zip", []byte("PK\x03\x04garbage"), Options{}, "zip"},
		{"xlsx forced on csv", []byte(zhCustomers), Options{Format: "xlsx"}, "not an XLSX"},
		{"unknown format", []byte(zhCustomers), Options{Format: "pdf"}, "unknown format"},
		{"unknown encoding", []byte(zhCustomers), Options{Encoding: "latin-9"}, "unknown encoding"},
		{"empty", nil, Options{}, "empty"},
		{"blank lines only", []byte("\n \r\n\t\n"), Options{}, "empty"},
		{"unknown kind", []byte(zhCustomers), Options{Kind: "pets"}, "unknown kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.Kind == "" {
				tc.opts.Kind = KindCustomers
			}
			_, err := NewReader(bytes.NewReader(tc.data), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want it to mention %q", err, tc.want)
			}
		})
	}
}

// TestXLSXFromFile reads a workbook through *os.File (opened by name, no
// spool) and through a plain io.Reader (spooled), and checks the spool is
// removed on Close.
func TestXLSXFromFile(t *testing.T) {
	data := makeXLSX(t, "", [][]any{{"customer_id", "name"}, {"C1", "a"}})
	dir := t.TempDir()
	path := filepath.Join(dir, "c.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := NewReader(f, Options{Kind: KindCustomers})
	if err != nil {
		t.Fatal(err)
	}
	if row, err := r.Next(); err != nil || row.Customer == nil || row.Customer.ID != "C1" {
		t.Fatalf("row = %+v, %v", row, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	spoolDir := t.TempDir()
	r, err = NewReader(struct{ *bytes.Reader }{bytes.NewReader(data)}, Options{Kind: KindCustomers, TempDir: spoolDir})
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(spoolDir); len(entries) != 1 {
		t.Errorf("spool dir has %d entries while reading; want 1", len(entries))
	}
	if row, err := r.Next(); err != nil || row.Customer == nil || row.Customer.Name != "a" {
		t.Fatalf("row = %+v, %v", row, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(spoolDir); len(entries) != 0 {
		t.Errorf("spool dir has %d entries after Close; want 0", len(entries))
	}
}

// TestXLSXCorruptSize plants a shared-strings part that claims 3.9 GB: a
// fuzzer found that excelize then allocates the declared size. The reader
// must refuse it before excelize sees it.
func TestXLSXCorruptSize(t *testing.T) {
	data := makeXLSX(t, "", [][]any{{"customer_id", "name"}, {"C1", "a"}})
	name := []byte("xl/sharedStrings.xml")
	patched := false
	for i := 0; i+46 < len(data); i++ {
		if bytes.Equal(data[i:i+4], []byte{0x50, 0x4b, 0x01, 0x02}) && bytes.HasPrefix(data[i+46:], name) {
			copy(data[i+24:i+28], []byte{0x22, 0x22, 0x00, 0xEA}) // uncompressed size ≈ 3.9e9
			patched = true
		}
	}
	if !patched {
		t.Fatal("no central directory entry for shared strings")
	}
	_, err := NewReader(bytes.NewReader(data), Options{Kind: KindCustomers, TempDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("err = %v; want a corrupt-workbook error", err)
	}
}
