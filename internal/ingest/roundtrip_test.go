package ingest

import (
	"bytes"
	"io"
	"reflect"
	"testing"
	"time"

	"strata/internal/model"
)

// hostile are cell texts that a spreadsheet would run as formulas, or that
// stress quoting; each must survive export → import unchanged.
var hostile = []string{
	"=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1:A9)", "\tTAB", "'=already quoted", "''+twice",
	"中文名字", `He said "hi", then left`, "line one\nline two", "crlf\r\ninside", "semi;colon|pipe",
}

func utc(y, mo, d, h, mi, s, ns int) time.Time {
	return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC)
}

func roundTripRecords() map[Kind][]any {
	customers := []any{
		&model.Customer{ID: "C001", Name: hostile[0], Gender: model.GenderMale, BirthDate: utc(1990, 5, 1, 0, 0, 0, 0), Age: 34,
			Phone: "13800138000", Email: "li@example.com", Occupation: hostile[1], IncomeBand: hostile[2], Region: hostile[3],
			City: hostile[7], Address: hostile[8] + "\n" + hostile[9], RegisteredAt: utc(2023, 3, 1, 2, 20, 30, 123456789),
			Owner: hostile[5], Source: hostile[10], Tags: []string{"=vip", "+1", "老客"}},
		&model.Customer{ID: "-C002", Name: hostile[4], Gender: model.GenderFemale, Occupation: hostile[6], Region: hostile[11]},
		&model.Customer{ID: "=C003"},
	}
	orders := []any{
		&model.Order{OrderID: "O-1", Line: 1, CustomerID: "C001", OrderedAt: utc(2024, 1, 2, 3, 4, 5, 0), Quantity: 2.5, UnitPrice: 1999,
			Amount: 4998, Cost: 3000, HasCost: true, Discount: 100, SKU: hostile[1], ProductName: hostile[0], Category: hostile[7],
			Channel: "天猫", Status: model.StatusPaid},
		&model.Order{OrderID: "O-1", Line: 2, CustomerID: "C001", OrderedAt: utc(2024, 1, 2, 3, 4, 5, 0), Amount: 0,
			ProductName: hostile[8], Status: model.StatusCancelled, Channel: model.ChannelOnline},
		&model.Order{OrderID: "R-9", Line: 1, CustomerID: "-C002", OrderedAt: utc(2024, 2, 29, 23, 59, 59, 0), Quantity: -1,
			UnitPrice: 1250, Amount: -1250, Cost: -800, HasCost: true, SKU: hostile[2], Status: model.StatusRefunded},
		&model.Order{OrderID: "~0123456789abcdef-2", Line: 1, CustomerID: "=C003", OrderedAt: utc(1997, 1, 1, 0, 0, 0, 0),
			Quantity: 1, Amount: 1177, Status: model.StatusPaid, Category: hostile[9]},
	}
	interactions := []any{
		&model.Interaction{ID: "I1", CustomerID: "C001", At: utc(2024, 3, 1, 1, 0, 0, 0), Channel: model.ChannelFaceToFace,
			Staff: hostile[3], Outcome: hostile[1], Note: hostile[9]},
		&model.Interaction{ID: "@I2", CustomerID: "C001", At: utc(2024, 3, 2, 1, 0, 0, 500000000), Channel: model.ChannelSocial, Note: hostile[8]},
		&model.Interaction{ID: "I3", CustomerID: "-C002", At: utc(2024, 3, 3, 1, 0, 0, 0), Channel: model.ChannelOther},
	}
	surveys := []any{
		&model.Survey{ID: "S1", CustomerID: "C001", At: utc(2024, 4, 1, 8, 0, 0, 0), CSAT: 5, NPS: 10, Preference: model.PrefQuality, Comment: hostile[0]},
		&model.Survey{ID: "S2", CustomerID: "C001", At: utc(2024, 4, 2, 8, 0, 0, 0), CSAT: 0, NPS: -1, Comment: hostile[10]},
		&model.Survey{ID: "+S3", CustomerID: "-C002", At: utc(2024, 4, 3, 8, 0, 0, 0), CSAT: 1, NPS: 0, Preference: model.PrefPrice},
	}
	tickets := []any{
		&model.Ticket{ID: "T1", CustomerID: "C001", OpenedAt: utc(2024, 5, 1, 0, 0, 0, 0), ClosedAt: utc(2024, 5, 2, 0, 0, 0, 0),
			Category: hostile[2], Severity: "high", Status: model.TicketClosed, Satisfaction: 4},
		&model.Ticket{ID: "-T2", CustomerID: "-C002", OpenedAt: utc(2024, 5, 3, 0, 0, 0, 0), Category: hostile[8],
			Severity: hostile[3], Status: model.TicketOpen},
	}
	return map[Kind][]any{KindCustomers: customers, KindOrders: orders, KindInteractions: interactions, KindSurveys: surveys, KindTickets: tickets}
}

func recordCells(rec any, loc *time.Location) []string {
	switch v := rec.(type) {
	case *model.Customer:
		return CustomerCells(v, loc)
	case *model.Order:
		return OrderCells(v, loc)
	case *model.Interaction:
		return InteractionCells(v, loc)
	case *model.Survey:
		return SurveyCells(v, loc)
	case *model.Ticket:
		return TicketCells(v, loc)
	}
	panic("unknown record")
}

func rowRecord(row Row) any {
	switch {
	case row.Customer != nil:
		return row.Customer
	case row.Order != nil:
		return row.Order
	case row.Interaction != nil:
		return row.Interaction
	case row.Survey != nil:
		return row.Survey
	case row.Ticket != nil:
		return row.Ticket
	}
	return nil
}

// TestExportImportRoundTrip writes every kind with hostile text through
// Writer in both formats and reads it back: the records must come back
// exactly, and no text cell may start with a formula trigger.
func TestExportImportRoundTrip(t *testing.T) {
	loc := DefaultLocation()
	for kind, recs := range roundTripRecords() {
		for _, format := range []string{FormatCSV, FormatXLSX} {
			t.Run(string(kind)+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				w, err := NewWriter(&buf, format, Columns(kind))
				if err != nil {
					t.Fatal(err)
				}
				for _, rec := range recs {
					if err := w.Write(recordCells(rec, loc)); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				r, err := NewReader(bytes.NewReader(buf.Bytes()), Options{Kind: kind, Location: loc})
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				if r.Format() != format {
					t.Errorf("read back as %s", r.Format())
				}
				if len(r.Unmapped()) != 0 {
					t.Errorf("unmapped headers %q", r.Unmapped())
				}
				prevLine := 1
				for i := 0; ; i++ {
					row, err := r.Next()
					if err == io.EOF {
						if i != len(recs) {
							t.Fatalf("read %d records; wrote %d", i, len(recs))
						}
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					if len(row.Errs) > 0 {
						t.Fatalf("record %d: %v", i, row.Errs)
					}
					// XLSX rows are sheet rows; CSV lines are physical, so
					// a cell with line breaks moves the records after it.
					if format == FormatXLSX && row.Line != i+2 || row.Line <= prevLine {
						t.Errorf("record %d on line %d (previous %d)", i, row.Line, prevLine)
					}
					prevLine = row.Line
					if got := rowRecord(row); !reflect.DeepEqual(got, recs[i]) {
						t.Errorf("record %d:\n got %+v\nwant %+v", i, got, recs[i])
					}
					for j, c := range row.Raw {
						if c != "" && isEscapeTrigger(c[0]) && !Columns(kind)[j].Numeric {
							t.Errorf("record %d column %d: unescaped text cell %q", i, j, c)
						}
					}
				}
			})
		}
	}
}

func TestWriterCSVBytes(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, FormatCSV, []Column{{Name: "name"}, {Name: "amount", Numeric: true}})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"=1+1", "-12.50"}, {`a "b", c`, "-x"}, {"two\nlines", ""}}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write([]string{"short"}); err == nil {
		t.Error("short row: want error")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFname,amount\r\n'=1+1,-12.50\r\n\"a \"\"b\"\", c\",'-x\r\n\"two\nlines\",\r\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV =\n%q\nwant\n%q", got, want)
	}
	if w.Rows() != 3 {
		t.Errorf("Rows() = %d", w.Rows())
	}
}
