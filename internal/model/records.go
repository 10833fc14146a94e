package model

import "time"

// Order statuses. Negative amounts or quantities on a paid line are returns.
const (
	StatusPaid      = "paid"
	StatusRefunded  = "refunded"
	StatusCancelled = "cancelled"
)

// Order is one order line. OrderID groups lines into an order; when a file
// has no order id, every row is its own order and the importer derives a
// stable id from the row so that re-imports upsert. (OrderID, Line) is unique.
type Order struct {
	OrderID     string    `json:"order_id"`
	Line        int       `json:"line,omitempty"` // 1-based line number within the order
	CustomerID  string    `json:"customer_id"`
	OrderedAt   time.Time `json:"ordered_at,omitzero"`  // UTC
	Quantity    float64   `json:"quantity,omitempty"`   // may be negative for returns; 0 when unknown
	UnitPrice   Money     `json:"unit_price,omitempty"` // 0 when unknown
	Amount      Money     `json:"amount"`               // net line amount paid; negative for returns
	Cost        Money     `json:"cost,omitempty"`       // cost of goods; meaningful only when HasCost
	HasCost     bool      `json:"has_cost,omitempty"`
	Discount    Money     `json:"discount,omitempty"` // discount granted on the line (>= 0)
	SKU         string    `json:"sku,omitempty"`
	ProductName string    `json:"product_name,omitempty"`
	Category    string    `json:"category,omitempty"`
	Channel     string    `json:"channel"`
	Status      string    `json:"status"` // StatusPaid, StatusRefunded, StatusCancelled
}

// Profit is Amount − Cost, or 0 with ok=false when the cost is unknown.
func (o *Order) Profit() (p Money, ok bool) {
	if !o.HasCost {
		return 0, false
	}
	return o.Amount - o.Cost, true
}

// Validate checks the line's invariants.
func (o *Order) Validate() error {
	if o.CustomerID == "" {
		return Invalid("customer_id", "", "is required")
	}
	if err := checkID("customer_id", o.CustomerID); err != nil {
		return err
	}
	if err := checkID("order_id", o.OrderID); err != nil {
		return err
	}
	if o.OrderedAt.IsZero() {
		return Invalid("ordered_at", "", "is required")
	}
	switch o.Status {
	case StatusPaid, StatusRefunded, StatusCancelled:
	default:
		return Invalid("status", o.Status, "must be paid, refunded or cancelled")
	}
	if o.Discount < 0 {
		return Invalid("discount", o.Discount.String(), "must not be negative")
	}
	for f, v := range map[string]string{"sku": o.SKU, "product_name": o.ProductName, "category": o.Category, "channel": o.Channel} {
		if err := checkText(f, v); err != nil {
			return err
		}
	}
	return nil
}

// Interaction channels.
const (
	ChannelFaceToFace = "face_to_face"
	ChannelPhone      = "phone"
	ChannelOnline     = "online"
	ChannelSocial     = "social"
	ChannelEmail      = "email"
	ChannelOther      = "other"
)

// Channels lists the interaction channels in display order.
var Channels = []string{ChannelFaceToFace, ChannelPhone, ChannelOnline, ChannelSocial, ChannelEmail, ChannelOther}

// Interaction is one contact with a customer on a channel.
type Interaction struct {
	ID         string    `json:"id"` // external id; derived from the row when absent
	CustomerID string    `json:"customer_id"`
	At         time.Time `json:"at,omitzero"`
	Channel    string    `json:"channel"`
	Staff      string    `json:"staff,omitempty"`
	Outcome    string    `json:"outcome,omitempty"`
	Note       string    `json:"note,omitempty"`
}

// Validate checks the interaction's invariants.
func (i *Interaction) Validate() error {
	if i.CustomerID == "" {
		return Invalid("customer_id", "", "is required")
	}
	if err := checkID("customer_id", i.CustomerID); err != nil {
		return err
	}
	if i.At.IsZero() {
		return Invalid("at", "", "is required")
	}
	if !oneOf(i.Channel, Channels) {
		return Invalid("channel", i.Channel, "must be one of face_to_face, phone, online, social, email, other")
	}
	for f, v := range map[string]string{"staff": i.Staff, "outcome": i.Outcome, "note": i.Note} {
		if err := checkText(f, v); err != nil {
			return err
		}
	}
	return nil
}

// Stated needs preferences (survey answer and inferred class basis).
const (
	PrefFunction = "function"
	PrefQuality  = "quality"
	PrefPrice    = "price"
	PrefService  = "service"
)

// Preferences lists the stated preferences.
var Preferences = []string{PrefFunction, PrefQuality, PrefPrice, PrefService}

// Survey is one satisfaction survey answer. CSAT is 1–5 (0 = not asked);
// NPS is the 0–10 likelihood to recommend (-1 = not asked).
type Survey struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	At         time.Time `json:"at,omitzero"`
	CSAT       int       `json:"csat,omitempty"`
	NPS        int       `json:"nps,omitempty"`
	Preference string    `json:"preference,omitempty"` // one of Preferences or ""
	Comment    string    `json:"comment,omitempty"`
}

// Validate checks the survey's invariants.
func (s *Survey) Validate() error {
	if s.CustomerID == "" {
		return Invalid("customer_id", "", "is required")
	}
	if err := checkID("customer_id", s.CustomerID); err != nil {
		return err
	}
	if s.At.IsZero() {
		return Invalid("at", "", "is required")
	}
	if s.CSAT < 0 || s.CSAT > 5 {
		return Invalid("csat", "", "must be between 1 and 5")
	}
	if s.NPS < -1 || s.NPS > 10 {
		return Invalid("nps", "", "must be between 0 and 10")
	}
	if s.Preference != "" && !oneOf(s.Preference, Preferences) {
		return Invalid("preference", s.Preference, "must be function, quality, price or service")
	}
	return checkText("comment", s.Comment)
}

// Ticket statuses.
const (
	TicketOpen   = "open"
	TicketClosed = "closed"
)

// Ticket is a complaint or problem ticket (问题跟踪).
type Ticket struct {
	ID           string    `json:"id"` // external ticket id, required
	CustomerID   string    `json:"customer_id"`
	OpenedAt     time.Time `json:"opened_at,omitzero"`
	ClosedAt     time.Time `json:"closed_at,omitzero"`     // zero while open
	Category     string    `json:"category,omitempty"`     // e.g. complaint, question, repair
	Severity     string    `json:"severity,omitempty"`     // low, medium, high, critical
	Status       string    `json:"status"`                 // TicketOpen or TicketClosed
	Satisfaction int       `json:"satisfaction,omitempty"` // 1–5, 0 = not rated
}

// Validate checks the ticket's invariants.
func (t *Ticket) Validate() error {
	if t.ID == "" {
		return Invalid("ticket_id", "", "is required")
	}
	if err := checkID("ticket_id", t.ID); err != nil {
		return err
	}
	if t.CustomerID == "" {
		return Invalid("customer_id", "", "is required")
	}
	if err := checkID("customer_id", t.CustomerID); err != nil {
		return err
	}
	if t.OpenedAt.IsZero() {
		return Invalid("opened_at", "", "is required")
	}
	if !t.ClosedAt.IsZero() && t.ClosedAt.Before(t.OpenedAt) {
		return Invalid("closed_at", "", "is before opened_at")
	}
	if t.Status != TicketOpen && t.Status != TicketClosed {
		return Invalid("status", t.Status, "must be open or closed")
	}
	if t.Satisfaction < 0 || t.Satisfaction > 5 {
		return Invalid("satisfaction", "", "must be between 1 and 5")
	}
	for f, v := range map[string]string{"category": t.Category, "severity": t.Severity} {
		if err := checkText(f, v); err != nil {
			return err
		}
	}
	return nil
}

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}
