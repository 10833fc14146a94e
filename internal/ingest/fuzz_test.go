package ingest

import (
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
	"time"
)

// The fuzz targets check the package's promises on arbitrary input: no
// panics; parsed values are valid and survive a format → parse round
// trip; every row problem is a FieldError with a line, and a row without
// errors holds a record its model accepts.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2010-12-01", "2010-12-01 08:26:07", "2010-12-01T08:26:07.5+08:00", "20101201", "20101201082607",
		"2010/12/1 8:26", "12/1/2010 8:26 PM", "1/12/2010", "2010年12月1日 下午3时04分", "40513.35138888889",
		"2958465", "1 Dec 2010", "Wed, 01 Dec 2010 08:26:00 GMT", "２０１０－１２－０１", "0.5", "-1", "2010-02-29",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirst bool) {
		loc := DefaultLocation()
		o := DateOptions{DayFirst: dayFirst, Location: loc}
		if tm, err := ParseTime(s, o); err == nil {
			if tm.Location() != time.UTC {
				t.Fatalf("ParseTime(%q) not in UTC: %v", s, tm)
			}
			back, err := ParseTime(FormatTime(tm, loc), o)
			if err != nil || !back.Equal(tm) {
				t.Fatalf("ParseTime(%q) = %v; reformatted %q parses to %v, %v", s, tm, FormatTime(tm, loc), back, err)
			}
		}
		if d, err := ParseDate(s, o); err == nil {
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("ParseDate(%q) = %v; want UTC midnight", s, d)
			}
			back, err := ParseDate(FormatDate(d), o)
			if err != nil || !back.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v; reformatted parses to %v, %v", s, d, back, err)
			}
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"1234.5", "1,234.50", "¥1,234.50", "￥-3", "$12", "RMB 12.30", "12.30元", "-12.3", "(12.30)", "１２３．４５",
		"0.125", "1.2349", "92233720368547758.07", "92233720368547758.08", "1.2.3", "abc", "NaN", "1e3", "-¥(1)", ",", ".",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Fatalf("ParseMoney(%q) = %v; its String %q parses to %v, %v", s, m, m.String(), back, err)
		}
		if q, err := ParseQuantity(s); err == nil && (math.IsNaN(q) || math.IsInf(q, 0)) {
			t.Fatalf("ParseQuantity(%q) = %v", s, q)
		}
	})
}

func FuzzValueParsers(f *testing.F) {
	for _, s := range []string{"+86 138 0013 8000", "a@b.cn", "vip，老客|x", "男", "线上", "已退款", "处理中", "非常满意", "9/10", "'=x", "''-y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := NormalizePhone(s); err == nil {
			if again, err := NormalizePhone(p); err != nil || again != p {
				t.Fatalf("NormalizePhone not idempotent: %q → %q → %q, %v", s, p, again, err)
			}
		}
		if e, err := NormalizeEmail(s); err == nil {
			if again, err := NormalizeEmail(e); err != nil || again != e {
				t.Fatalf("NormalizeEmail not idempotent: %q → %q → %q, %v", s, e, again, err)
			}
		}
		tags := SplitTags(s)
		if again := SplitTags(JoinTags(tags)); len(again) != len(tags) {
			t.Fatalf("SplitTags(JoinTags(%q)) = %q", tags, again)
		}
		for _, p := range []func(string) (string, error){ParseGender, ParseChannel, ParsePreference, ParseOrderStatus, ParseTicketStatus} {
			if v, err := p(s); err == nil {
				if again, err := p(v); err != nil || again != v {
					t.Fatalf("label %q → %q is not canonical (%q, %v)", s, v, again, err)
				}
			}
		}
		if n, err := ParseScore5(s); err == nil && (n < 1 || n > 5) {
			t.Fatalf("ParseScore5(%q) = %d", s, n)
		}
		if n, err := ParseNPS(s); err == nil && (n < 0 || n > 10) {
			t.Fatalf("ParseNPS(%q) = %d", s, n)
		}
		esc := EscapeCell(s)
		if UnescapeCell(esc) != s {
			t.Fatalf("UnescapeCell(EscapeCell(%q)) = %q", s, UnescapeCell(esc))
		}
		if esc != "" && isEscapeTrigger(esc[0]) {
			t.Fatalf("EscapeCell(%q) = %q starts with a formula trigger", s, esc)
		}
	})
}

// checkReader reads data as every kind and checks the reader's contract.
func checkReader(t *testing.T, data []byte, opts Options) {
	for _, kind := range Kinds {
		opts.Kind = kind
		if opts.TempDir == "" && bytes.HasPrefix(data, zipMagic) {
			opts.TempDir = t.TempDir()
		}
		r, err := NewReader(bytes.NewReader(data), opts)
		if err != nil {
			continue // a fatal header or format error is a legal outcome
		}
		for n := 0; ; n++ {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var re *recordError
				if errors.As(err, &re) {
					t.Fatalf("recordError leaked as fatal: %v", err)
				}
				break
			}
			if row.Line < 1 {
				t.Fatalf("row with line %d", row.Line)
			}
			rec := rowRecord(row)
			if len(row.Errs) > 0 {
				if rec != nil {
					t.Fatalf("line %d: errors %v and a record", row.Line, row.Errs)
				}
				for _, e := range row.Errs {
					if e.Line != row.Line || e.Reason == "" {
						t.Fatalf("line %d: bad FieldError %+v", row.Line, e)
					}
				}
				continue
			}
			if rec == nil {
				t.Fatalf("line %d: neither record nor errors", row.Line)
			}
			if err := rec.(interface{ Validate() error }).Validate(); err != nil {
				t.Fatalf("line %d: record fails its own validation: %v", row.Line, err)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	seeds := []string{
		zhCustomers,
		"订单号,客户编号,下单时间,金额,数量\nO1,C1,2024-01-01,12.50,1\nO2,C1,2024-13-01,x,1\n",
		"customer_id,date,amount\r\n\"C1\",\"2024-01-01\",\"1,234.00\"\r\n\"C\"\"2\",20240101,(5)\r\n",
		" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1  11.77\r\n",
		"客户编号\t时间\t渠道\nC1\t2024-03-01\t微信\n",
		"工单号;客户编号;创建时间;状态\nT1;C1;2024-05-01;处理中\n",
		"a,\"b\nc\",d\n\"unterminated",
		"customer_id,x\nC1,5\" bad\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReader(t, data, Options{})
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(makeXLSX(f, "", [][]any{{"customer_id", "date", "amount"}, {"C1", 45292.5, 12.5}, {"C2", "2024-01-01", "x"}}))
	f.Add(makeXLSX(f, "", [][]any{{"工单号", "客户编号", "创建时间"}, {"T1", "C1", 45292}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, zipMagic) {
			return // not a workbook: FuzzReadCSV covers text
		}
		checkReader(t, data, Options{TempDir: t.TempDir()})
	})
}
