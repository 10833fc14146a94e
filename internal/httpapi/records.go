package httpapi

import (
	"net/http"
	"time"

	"strata/internal/auth"
	"strata/internal/ingest"
	"strata/internal/model"
)

// OrderInput is a new order line; money is a decimal string ("1299.00").
type OrderInput struct {
	OrderID     string    `json:"order_id,omitempty"` // default: generated
	Line        int       `json:"line,omitempty"`     // default 1
	OrderedAt   time.Time `json:"ordered_at"`
	Quantity    float64   `json:"quantity,omitempty"`
	UnitPrice   string    `json:"unit_price,omitempty"`
	Amount      string    `json:"amount"`
	Cost        string    `json:"cost,omitempty"`
	Discount    string    `json:"discount,omitempty"`
	SKU         string    `json:"sku,omitempty"`
	ProductName string    `json:"product_name,omitempty"`
	Category    string    `json:"category,omitempty"`
	Channel     string    `json:"channel,omitempty"`
	Status      string    `json:"status,omitempty"` // paid (default), refunded, cancelled
}

// InteractionInput is a new contact with the customer.
type InteractionInput struct {
	ID      string    `json:"id,omitempty"`
	At      time.Time `json:"at"`
	Channel string    `json:"channel"`
	Staff   string    `json:"staff,omitempty"` // default: you
	Outcome string    `json:"outcome,omitempty"`
	Note    string    `json:"note,omitempty"`
}

// SurveyInput is a survey answer; NPS absent when not asked.
type SurveyInput struct {
	ID         string    `json:"id,omitempty"`
	At         time.Time `json:"at"`
	CSAT       int       `json:"csat,omitempty"`
	NPS        *int      `json:"nps,omitempty"`
	Preference string    `json:"preference,omitempty"`
	Comment    string    `json:"comment,omitempty"`
}

// TicketInput is a new complaint or problem ticket.
type TicketInput struct {
	ID           string     `json:"id"`
	OpenedAt     time.Time  `json:"opened_at"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	Category     string     `json:"category,omitempty"`
	Severity     string     `json:"severity,omitempty"`
	Status       string     `json:"status,omitempty"` // open (default) or closed
	Satisfaction int        `json:"satisfaction,omitempty"`
}

func money(field, v string) (model.Money, error) {
	if v == "" {
		return 0, nil
	}
	m, err := ingest.ParseMoney(v)
	if err != nil {
		return 0, model.Invalid(field, v, "is not an amount")
	}
	return m, nil
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in OrderInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	o := &model.Order{OrderID: in.OrderID, Line: in.Line, OrderedAt: in.OrderedAt.UTC(), Quantity: in.Quantity, SKU: in.SKU,
		ProductName: in.ProductName, Category: in.Category, Channel: in.Channel, Status: in.Status}
	var err error
	for _, m := range []struct {
		field, v string
		dst      *model.Money
	}{{"amount", in.Amount, &o.Amount}, {"unit_price", in.UnitPrice, &o.UnitPrice}, {"discount", in.Discount, &o.Discount}, {"cost", in.Cost, &o.Cost}} {
		if *m.dst, err = money(m.field, m.v); err != nil {
			s.problem(w, r, err)
			return
		}
	}
	if in.Amount == "" {
		s.problem(w, r, model.Invalid("amount", "", "is required"))
		return
	}
	o.HasCost = in.Cost != ""
	if err := s.svc.AddRecordFor(r.Context(), p, r.PathValue("id"), o); err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, orderDTO(o))
}

func (s *Server) createInteraction(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in InteractionInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	x := &model.Interaction{ID: in.ID, At: in.At.UTC(), Channel: in.Channel, Staff: in.Staff, Outcome: in.Outcome, Note: in.Note}
	if err := s.svc.AddRecordFor(r.Context(), p, r.PathValue("id"), x); err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, interactionDTO(x))
}

func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in SurveyInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	x := &model.Survey{ID: in.ID, At: in.At.UTC(), CSAT: in.CSAT, NPS: -1, Preference: in.Preference, Comment: in.Comment}
	if in.NPS != nil {
		x.NPS = *in.NPS
	}
	if err := s.svc.AddRecordFor(r.Context(), p, r.PathValue("id"), x); err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, surveyDTO(x))
}

func (s *Server) createTicket(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in TicketInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	x := &model.Ticket{ID: in.ID, OpenedAt: in.OpenedAt.UTC(), Category: in.Category, Severity: in.Severity, Status: in.Status, Satisfaction: in.Satisfaction}
	if in.ClosedAt != nil {
		x.ClosedAt = in.ClosedAt.UTC()
	}
	if err := s.svc.AddRecordFor(r.Context(), p, r.PathValue("id"), x); err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, ticketDTO(x))
}
