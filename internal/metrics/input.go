package metrics

import (
	"math"
	"strings"
	"time"

	"strata/internal/dict"
	"strata/internal/model"
)

// NoTime marks an unknown instant in the int64 time columns. Zero is not
// used for that because 1970-01-01 is a real birth date.
const NoTime int64 = math.MinInt64

// Order line statuses in OrderCols.Status. Zero is deliberately not a status
// so that a column the loader forgot to fill is an error, not "all paid".
const (
	StatusPaid      uint8 = 1 + iota // counts as spend; a negative amount is a return
	StatusRefunded                   // paid then refunded: not spend, counts in refund_rate
	StatusCancelled                  // never paid: ignored everywhere
)

// StatusCode maps a model status (model.StatusPaid …) to its code; ok is
// false for anything else.
func StatusCode(s string) (code uint8, ok bool) {
	switch s {
	case model.StatusPaid:
		return StatusPaid, true
	case model.StatusRefunded:
		return StatusRefunded, true
	case model.StatusCancelled:
		return StatusCancelled, true
	}
	return 0, false
}

// ChannelCode maps an interaction channel to its code, the index in
// model.Channels; ok is false for anything else.
func ChannelCode(s string) (code uint8, ok bool) {
	for i, c := range model.Channels {
		if c == s {
			return uint8(i), true
		}
	}
	return 0, false
}

// IsComplaint reports whether a ticket category counts as a complaint:
// "complaint" or "投诉", ignoring case and surrounding spaces. The store's SQL
// must use the same test where it counts complaints itself.
func IsComplaint(category string) bool {
	switch category {
	case "complaint", "投诉":
		return true // the usual spellings, without the slower general test
	}
	if n := len(category); n > 0 && graphicASCII(category[0]) && graphicASCII(category[n-1]) {
		// Nothing to trim (every space TrimSpace removes is ASCII or
		// starts and ends with bytes of 0x80 and up), and not 投诉: only
		// "complaint" in other letter cases remains.
		return n == len("complaint") && strings.EqualFold(category, "complaint")
	}
	c := strings.TrimSpace(category)
	return c == "投诉" || strings.EqualFold(c, "complaint")
}

// graphicASCII reports whether b is a printable ASCII byte other than space.
func graphicASCII(b byte) bool { return b > ' ' && b < 0x7f }

// Input is everything known about the customers, in columns, as the store
// loads it. Cust columns are dense indexes into Customers (0..N-1). Record
// columns are sorted by (Cust, time) — Compute checks this as it goes and
// fails rather than miscount. Times are unix seconds (UTC instants); money
// is int64 minor units (fen). Records may extend past the as-of date; they
// are ignored, so one load serves runs as of several dates.
type Input struct {
	// AsOf names the as-of date D by its own calendar fields, AsOf.Date()
	// in AsOf's location: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC) and
	// any instant of March 31 in Loc both mean 2024-03-31. Day boundaries
	// are then taken in Loc.
	AsOf time.Time
	// Loc is the business time zone for day boundaries; nil means UTC.
	Loc          *time.Location
	Customers    CustomerCols
	Orders       OrderCols
	Interactions InteractionCols
	Surveys      SurveyCols
	Tickets      TicketCols
	// Categories is the dictionary OrderCols.Category indexes into; only
	// its length matters here (names are for display).
	Categories []string
	// Premium marks premium categories by index; nil means none.
	Premium []bool
	Config  Config
}

// Config holds the windows of the windowed metrics. Zero values mean the
// defaults.
type Config struct {
	// WindowDays is the length of the window of frequency_window and
	// monetary_window, ending with D inclusive. Default 365.
	WindowDays int
	// TrendDays is the length of each of the two trend periods
	// (spend_last_90 and spend_prev_90 keep their names whatever it is).
	// Default 90.
	TrendDays int
}

// Default window lengths, in days.
const (
	DefaultWindowDays = 365
	DefaultTrendDays  = 90
)

// CustomerCols are the customers, one entry per customer in every non-nil
// column. Only ID is required; a nil column means "unknown for everyone".
type CustomerCols struct {
	ID         []string
	Gender     []string
	Region     []string
	City       []string
	Occupation []string
	IncomeBand []string
	Source     []string
	Owner      []string
	// BirthDate is the birth date as the unix time of its UTC midnight
	// (model.Customer.BirthDate), NoTime when unknown. It is a date, not an
	// instant: it is never shifted into the business zone.
	BirthDate []int64
	// Age is the stated age, used when the birth date is unknown; 0 unknown.
	Age []int16
	// RegisteredAt is the registration instant, NoTime when unknown.
	// Customers registered after D are left out of the table.
	RegisteredAt []int64
	Tags         [][]string
	// Coded optionally holds text columns above already dictionary-encoded
	// by the loader (dict.Builder), by field name: gender, region, city,
	// occupation, income_band, source, owner. Each must agree with its
	// string column; Table.Codes then hands it out instead of encoding the
	// strings again (a malformed one, see dict.Column.Check, is ignored).
	Coded map[string]dict.Column
}

// OrderCols are order lines sorted by (Cust, At).
type OrderCols struct {
	Cust []int32
	At   []int64
	// Order identifies the order a line belongs to: lines of one customer
	// with equal keys are one order. Keys that never decrease along a
	// customer's lines (a dense key assigned in (Cust, At) order) take the
	// fast path; any other order is counted exactly but more slowly.
	Order  []int32
	Status []uint8 // StatusPaid, StatusRefunded or StatusCancelled
	// Amount is the net line amount paid, after discount; negative on a
	// paid line means a return.
	Amount []int64
	// Cost is the cost of goods of the line, meaningful where HasCost is
	// true. Nil Cost or HasCost means no cost is known.
	Cost    []int64
	HasCost []bool
	// Discount is the discount granted on the line (>= 0); nil means none.
	Discount []int64
	// UnitPrice is the unit price, 0 when unknown; nil means unknown.
	UnitPrice []int64
	// Category indexes Input.Categories, -1 for none; nil means none.
	Category []int32
}

// InteractionCols are contacts sorted by (Cust, At).
type InteractionCols struct {
	Cust    []int32
	At      []int64
	Channel []uint8 // ChannelCode: index in model.Channels
}

// SurveyCols are survey answers sorted by (Cust, At).
type SurveyCols struct {
	Cust []int32
	At   []int64
	CSAT []int8 // 1–5, 0 not asked; nil means never asked
	NPS  []int8 // 0–10, -1 not asked; nil means never asked
	// Preference is the stated preference (one of model.Preferences) or
	// ""; nil means never asked.
	Preference []string
}

// TicketCols are tickets sorted by (Cust, OpenedAt).
type TicketCols struct {
	Cust     []int32
	OpenedAt []int64
	// Closed is the ticket's current status (true = closed). A closed
	// ticket counts as closed at D only when ClosedAt is before the cutoff
	// or unknown (NoTime); a ticket closed after D was open at D.
	Closed   []bool
	ClosedAt []int64
	Category []string // IsComplaint decides complaints; nil means none
}
