package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/model"
)

// CustomerList is a page of customers. Lists over a run's snapshot (scheme,
// class, rule, a metric sort) say which run they read; a page may be
// shorter than limit while next is set — follow next until it is absent.
type CustomerList struct {
	Items []CustomerItem `json:"items"`
	Next  string         `json:"next,omitempty"`
	RunID int64          `json:"run_id,omitempty"`
}

// CustomerItem is a customer in a list, with its class in the asked
// scheme and the value of the sort metric where they apply.
type CustomerItem struct {
	CustomerDTO
	Class string   `json:"class,omitempty"`
	Value *float64 `json:"value,omitempty"`
}

func (s *Server) listCustomers(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v := r.URL.Query()
	q := core.CustomerQuery{CustomerFilter: core.CustomerFilter{Q: v.Get("q"), Region: v.Get("region"), City: v.Get("city"),
		Owner: v.Get("owner"), Tag: v.Get("tag")},
		Phone: v.Get("phone"), Email: v.Get("email"),
		Scheme: v.Get("scheme"), Class: v.Get("class"), Rule: v.Get("rule"), Sort: v.Get("sort"), Cursor: v.Get("cursor")}
	if q.Cursor == "" && v.Get("after") != "" {
		q.Cursor = core.RecordCursor(v.Get("after"))
	}
	var err error
	if q.Limit, err = intParam(v.Get("limit"), 50, "limit"); err != nil {
		s.problem(w, r, err)
		return
	}
	if q.Run, err = int64Param(v.Get("run"), "run"); err != nil {
		s.problem(w, r, err)
		return
	}
	s.writePage(w, r, p, q)
}

func (s *Server) segment(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v := r.URL.Query()
	run, err := int64Param(r.PathValue("id"), "id")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	q := core.CustomerQuery{Run: run, Scheme: r.PathValue("scheme"), Class: r.PathValue("class"), Cursor: v.Get("cursor")}
	if q.Limit, err = intParam(v.Get("limit"), 50, "limit"); err != nil {
		s.problem(w, r, err)
		return
	}
	s.writePage(w, r, p, q)
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, p auth.Principal, q core.CustomerQuery) {
	page, err := s.svc.ListCustomersFor(r.Context(), p, q)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	out := CustomerList{Items: make([]CustomerItem, len(page.Items)), Next: page.Next, RunID: page.RunID}
	for i := range page.Items {
		out.Items[i].CustomerDTO = customerDTO(&page.Items[i])
		if i < len(page.Classes) {
			out.Items[i].Class = page.Classes[i]
		}
		if i < len(page.Values) && !math.IsNaN(page.Values[i]) {
			out.Items[i].Value = &page.Values[i]
		}
	}
	writeJSON(w, 200, out)
}

func intParam(v string, def int, name string) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, model.Invalid(name, v, "is not a whole number")
	}
	return n, nil
}

func int64Param(v, name string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, model.Invalid(name, v, "is not a run id")
	}
	return n, nil
}

// CustomerInput is a new customer.
type CustomerInput struct {
	ID           string   `json:"id"`
	Name         string   `json:"name,omitempty"`
	Gender       string   `json:"gender,omitempty"`
	BirthDate    string   `json:"birth_date,omitempty"` // YYYY-MM-DD
	Phone        string   `json:"phone,omitempty"`
	Email        string   `json:"email,omitempty"`
	Occupation   string   `json:"occupation,omitempty"`
	IncomeBand   string   `json:"income_band,omitempty"`
	Region       string   `json:"region,omitempty"`
	City         string   `json:"city,omitempty"`
	Address      string   `json:"address,omitempty"`
	IDNumber     string   `json:"id_number,omitempty"`
	Owner        string   `json:"owner,omitempty"`
	Source       string   `json:"source,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	RegisteredAt string   `json:"registered_at,omitempty"` // RFC 3339; default now
}

func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in CustomerInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	c := &model.Customer{ID: strings.TrimSpace(in.ID), Name: in.Name, Gender: in.Gender, Phone: in.Phone, Email: in.Email,
		Occupation: in.Occupation, IncomeBand: in.IncomeBand, Region: in.Region, City: in.City, Address: in.Address, IDNumber: in.IDNumber,
		Owner: in.Owner, Source: in.Source, Tags: in.Tags, RegisteredAt: s.now().UTC().Truncate(time.Second)}
	if in.BirthDate != "" {
		d, err := time.Parse(time.DateOnly, in.BirthDate)
		if err != nil {
			s.problem(w, r, model.Invalid("birth_date", in.BirthDate, "must be YYYY-MM-DD"))
			return
		}
		c.BirthDate = d
	}
	if in.RegisteredAt != "" {
		t, err := time.Parse(time.RFC3339, in.RegisteredAt)
		if err != nil {
			s.problem(w, r, model.Invalid("registered_at", in.RegisteredAt, "must be an RFC 3339 time"))
			return
		}
		c.RegisteredAt = t.UTC()
	}
	v, err := s.svc.CreateCustomerFor(r.Context(), p, c)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	got, err := s.svc.CustomerFor(r.Context(), p, c.ID)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(v))
	w.Header().Set("Location", "/api/v1/customers/"+c.ID)
	writeJSON(w, http.StatusCreated, customerDTO(got))
}

func (s *Server) deleteCustomer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if err := s.svc.DeleteCustomerFor(r.Context(), p, r.PathValue("id")); err != nil {
		s.problem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// OrderDTO is an order line; money is a decimal string in the major unit.
type OrderDTO struct {
	OrderID     string    `json:"order_id"`
	Line        int       `json:"line"`
	OrderedAt   time.Time `json:"ordered_at"`
	Quantity    float64   `json:"quantity"`
	UnitPrice   string    `json:"unit_price"`
	Amount      string    `json:"amount"`
	Cost        string    `json:"cost,omitempty"`
	Discount    string    `json:"discount"`
	SKU         string    `json:"sku,omitempty"`
	ProductName string    `json:"product_name,omitempty"`
	Category    string    `json:"category,omitempty"`
	Channel     string    `json:"channel,omitempty"`
	Status      string    `json:"status"`
}

// InteractionDTO is a contact with the customer.
type InteractionDTO struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Channel string    `json:"channel"`
	Staff   string    `json:"staff,omitempty"`
	Outcome string    `json:"outcome,omitempty"`
	Note    string    `json:"note,omitempty"`
}

// SurveyDTO is a survey answer; NPS is absent when not asked.
type SurveyDTO struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	CSAT       int       `json:"csat,omitempty"`
	NPS        *int      `json:"nps,omitempty"`
	Preference string    `json:"preference,omitempty"`
	Comment    string    `json:"comment,omitempty"`
}

// TicketDTO is a complaint or problem ticket.
type TicketDTO struct {
	ID           string     `json:"id"`
	OpenedAt     time.Time  `json:"opened_at"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	Category     string     `json:"category,omitempty"`
	Severity     string     `json:"severity,omitempty"`
	Status       string     `json:"status"`
	Satisfaction int        `json:"satisfaction,omitempty"`
}

func orderDTO(o *model.Order) OrderDTO {
	d := OrderDTO{OrderID: o.OrderID, Line: o.Line, OrderedAt: o.OrderedAt, Quantity: o.Quantity, UnitPrice: o.UnitPrice.String(),
		Amount: o.Amount.String(), Discount: o.Discount.String(), SKU: o.SKU, ProductName: o.ProductName,
		Category: o.Category, Channel: o.Channel, Status: o.Status}
	if o.HasCost {
		d.Cost = o.Cost.String()
	}
	return d
}

func interactionDTO(x *model.Interaction) InteractionDTO {
	return InteractionDTO{ID: x.ID, At: x.At, Channel: x.Channel, Staff: x.Staff, Outcome: x.Outcome, Note: x.Note}
}

func surveyDTO(x *model.Survey) SurveyDTO {
	d := SurveyDTO{ID: x.ID, At: x.At, CSAT: x.CSAT, Preference: x.Preference, Comment: x.Comment}
	if x.NPS >= 0 {
		n := x.NPS
		d.NPS = &n
	}
	return d
}

func ticketDTO(x *model.Ticket) TicketDTO {
	d := TicketDTO{ID: x.ID, OpenedAt: x.OpenedAt, Category: x.Category, Severity: x.Severity, Status: x.Status, Satisfaction: x.Satisfaction}
	if !x.ClosedAt.IsZero() {
		c := x.ClosedAt
		d.ClosedAt = &c
	}
	return d
}

// childList answers GET /customers/{id}/<kind>: the visible customer's
// records of one kind, each turned into its DTO.
func childList[T, D any](s *Server, pick func(*core.CustomerRecords) []T, dto func(*T) D) handler {
	return func(w http.ResponseWriter, r *http.Request, p auth.Principal) {
		recs, err := s.svc.RecordsFor(r.Context(), p, r.PathValue("id"))
		if err != nil {
			s.problem(w, r, err)
			return
		}
		items := pick(recs)
		out := struct {
			Items []D `json:"items"`
		}{Items: make([]D, len(items))}
		for i := range items {
			out.Items[i] = dto(&items[i])
		}
		writeJSON(w, 200, out)
	}
}

func (s *Server) customerClasses(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	run, err := int64Param(r.URL.Query().Get("run"), "run")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	as, err := s.svc.ExplainFor(r.Context(), p, run, r.PathValue("id"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, 200, AssignmentList{Items: as})
}

func (s *Server) customerHistory(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	as, err := s.svc.HistoryFor(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("scheme"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if as == nil {
		as = []core.Assignment{}
	}
	writeJSON(w, 200, AssignmentList{Items: as})
}

// ConsentInput is a consent decision for one purpose.
type ConsentInput struct {
	Granted bool `json:"granted"`
}

func (s *Server) putConsent(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var in ConsentInput
	if err := decode(r, &in); err != nil {
		s.problem(w, r, err)
		return
	}
	if err := s.svc.SetConsentFor(r.Context(), p, r.PathValue("id"), r.PathValue("purpose"), in.Granted); err != nil {
		s.problem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) privacyExport(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	out, err := s.svc.ExportSubjectFor(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="subject-export.json"`)
	writeJSON(w, 200, out)
}

// ErasedDTO names the anonymous id an erased customer's records now carry.
type ErasedDTO struct {
	ID string `json:"id"`
}

func (s *Server) erase(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := s.svc.EraseSubjectFor(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	writeJSON(w, 200, ErasedDTO{ID: id})
}
