package ingest

import (
	"strconv"
	"time"

	"strata/internal/model"
)

// numericFields are the fields exported as numbers.
var numericFields = map[string]bool{
	"age": true, "quantity": true, "unit_price": true, "amount": true, "cost": true, "profit": true,
	"discount": true, "csat": true, "nps": true, "satisfaction": true,
}

// Columns returns the export columns of k: every field of its catalogue,
// in catalogue order, headed by the canonical field name (which the reader
// maps back to the same field), numbers flagged. The exporter and the
// importer thus share one column definition.
func Columns(k Kind) []Column {
	fs := catalogues[k]
	cols := make([]Column, len(fs))
	for i, f := range fs {
		cols[i] = Column{Name: f.Name, Numeric: numericFields[f.Name]}
	}
	return cols
}

// exportTimeLayout writes instants in the business zone without an offset,
// as people and spreadsheets read them; fractional seconds appear only when
// present, so a re-import gets the same instant back.
const exportTimeLayout = "2006-01-02 15:04:05.999999999"

// FormatTime formats t for export in loc (nil means DefaultLocation());
// the zero time is "".
func FormatTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = defaultLocation
	}
	return t.In(loc).Format(exportTimeLayout)
}

// FormatDate formats a calendar date (stored at UTC midnight) as
// YYYY-MM-DD; the zero time is "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func moneyOrBlank(m model.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

func intOrBlank(n, blank int) string {
	if n == blank {
		return ""
	}
	return strconv.Itoa(n)
}

// CustomerCells returns c's cells in Columns(KindCustomers) order. Unknown
// values (zero age, zero dates) are blank.
func CustomerCells(c *model.Customer, loc *time.Location) []string {
	return []string{
		cuID: c.ID, cuName: c.Name, cuGender: c.Gender, cuBirthDate: FormatDate(c.BirthDate),
		cuAge: intOrBlank(c.Age, 0), cuPhone: c.Phone, cuEmail: c.Email, cuOccupation: c.Occupation,
		cuIncomeBand: c.IncomeBand, cuRegion: c.Region, cuCity: c.City, cuAddress: c.Address, cuIDNumber: c.IDNumber,
		cuRegisteredAt: FormatTime(c.RegisteredAt, loc), cuOwner: c.Owner, cuSource: c.Source, cuTags: JoinTags(c.Tags),
	}
}

// OrderCells returns o's cells in Columns(KindOrders) order. Cost and
// profit are blank unless o.HasCost; a zero quantity, unit price or
// discount (unknown or none) is blank. Lines of one order must be written
// in Line order: the reader numbers them by occurrence.
func OrderCells(o *model.Order, loc *time.Location) []string {
	cells := []string{
		orOrderID: o.OrderID, orCustomerID: o.CustomerID, orOrderedAt: FormatTime(o.OrderedAt, loc),
		orUnitPrice: moneyOrBlank(o.UnitPrice), orAmount: o.Amount.String(), orDiscount: moneyOrBlank(o.Discount),
		orSKU: o.SKU, orProductName: o.ProductName, orCategory: o.Category, orChannel: o.Channel, orStatus: o.Status,
	}
	if o.Quantity != 0 {
		cells[orQuantity] = strconv.FormatFloat(o.Quantity, 'f', -1, 64)
	}
	if p, ok := o.Profit(); ok {
		cells[orCost], cells[orProfit] = o.Cost.String(), p.String()
	}
	return cells
}

// InteractionCells returns in's cells in Columns(KindInteractions) order.
func InteractionCells(in *model.Interaction, loc *time.Location) []string {
	return []string{
		inID: in.ID, inCustomerID: in.CustomerID, inAt: FormatTime(in.At, loc), inChannel: in.Channel,
		inStaff: in.Staff, inOutcome: in.Outcome, inNote: in.Note,
	}
}

// SurveyCells returns s's cells in Columns(KindSurveys) order; a CSAT of 0
// and an NPS of -1 (not asked) are blank.
func SurveyCells(s *model.Survey, loc *time.Location) []string {
	return []string{
		suID: s.ID, suCustomerID: s.CustomerID, suAt: FormatTime(s.At, loc), suCSAT: intOrBlank(s.CSAT, 0),
		suNPS: intOrBlank(s.NPS, -1), suPreference: s.Preference, suComment: s.Comment,
	}
}

// TicketCells returns t's cells in Columns(KindTickets) order.
func TicketCells(t *model.Ticket, loc *time.Location) []string {
	return []string{
		tiID: t.ID, tiCustomerID: t.CustomerID, tiOpenedAt: FormatTime(t.OpenedAt, loc), tiClosedAt: FormatTime(t.ClosedAt, loc),
		tiCategory: t.Category, tiSeverity: t.Severity, tiStatus: t.Status, tiSatisfaction: intOrBlank(t.Satisfaction, 0),
	}
}
