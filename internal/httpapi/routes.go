package httpapi

import (
	"net/http"

	"strata/internal/auth"
	"strata/internal/core"
	"strata/internal/model"
)

// handler is an authenticated handler.
type handler func(http.ResponseWriter, *http.Request, auth.Principal)

// route is one entry of the API: the pattern it is served on, the Go types
// it reads and writes (for the OpenAPI document) and its handler.
type route struct {
	Method, Pattern string
	Summary         string
	Tag             string
	Public          bool         // no authentication
	Write           bool         // changes state: cookie sessions must send the CSRF token
	IfMatch         bool         // needs If-Match (optimistic concurrency)
	Body            any          // request body type, nil for none
	Resp            any          // success body type, nil for none
	Status          int          // success status; 0 = 200
	Produces        string       // non-JSON success media types, comma-separated
	Query           []queryParam // documented query parameters
	h               handler
	public          http.HandlerFunc
}

func (rt route) status() int {
	if rt.Status == 0 {
		return http.StatusOK
	}
	return rt.Status
}

type queryParam struct{ Name, Type, Doc string }

var (
	qLimit  = queryParam{"limit", "integer", "page size, 1 to 500 (default 50)"}
	qCursor = queryParam{"cursor", "string", "the next value of the previous page"}
)

// Item lists wrap child records.
type (
	// OrderList is a customer's order lines.
	OrderList struct {
		Items []OrderDTO `json:"items"`
	}
	// InteractionList is a customer's interactions.
	InteractionList struct {
		Items []InteractionDTO `json:"items"`
	}
	// SurveyList is a customer's survey answers.
	SurveyList struct {
		Items []SurveyDTO `json:"items"`
	}
	// TicketList is a customer's tickets.
	TicketList struct {
		Items []TicketDTO `json:"items"`
	}
	// AssignmentList is a customer's classes with the reason for each.
	AssignmentList struct {
		Items []core.Assignment `json:"items"`
	}
)

// table lists every route of the API.
func (s *Server) table() []route {
	customerQuery := []queryParam{qLimit, qCursor,
		{"q", "string", "part of the name, or a prefix of the customer id"},
		{"phone", "string", "exact phone number (any formatting)"},
		{"email", "string", "exact e-mail address"},
		{"region", "string", "exact region"}, {"city", "string", "exact city"},
		{"owner", "string", "owning staff user; - for the pool (公海)"},
		{"tag", "string", "has this tag"},
		{"scheme", "string", "a scheme of the latest run (with class: its members)"},
		{"class", "string", "a class key or label of scheme"},
		{"rule", "string", "a segment rule over the latest run's metrics, e.g. monetary > 1000 and recency_days <= 90"},
		{"run", "integer", "read this run instead of the latest"},
		{"sort", "string", "customer_id (default) or a metric such as -monetary (descending)"}}
	return []route{
		{Method: "GET", Pattern: "/healthz", Summary: "Liveness", Tag: "ops", Public: true, Resp: map[string]string{}, public: s.health},
		{Method: "GET", Pattern: "/readyz", Summary: "Readiness (database reachable)", Tag: "ops", Public: true, Resp: map[string]string{}, public: s.ready},
		{Method: "GET", Pattern: "/metrics", Summary: "Prometheus metrics", Tag: "ops", Public: true, Produces: "text/plain", public: s.promMetrics},
		{Method: "GET", Pattern: "/api/openapi.json", Summary: "This document", Tag: "ops", Public: true, Resp: map[string]any{}, public: s.serveOpenAPI},

		{Method: "POST", Pattern: "/api/v1/login", Summary: "Sign in (sets the session cookie)", Tag: "session", Public: true, Body: loginRequest{}, Resp: SessionDTO{}, public: s.login},
		{Method: "POST", Pattern: "/api/v1/logout", Summary: "Sign out (ends the session on the server)", Tag: "session", Status: 204, h: s.logout},
		{Method: "GET", Pattern: "/api/v1/session", Summary: "Current user and the CSRF token for writes", Tag: "session", Resp: SessionDTO{}, h: s.session},

		{Method: "GET", Pattern: "/api/v1/customers", Summary: "List customers in your scope, with filters", Tag: "customers", Query: customerQuery, Resp: CustomerList{}, h: s.listCustomers},
		{Method: "POST", Pattern: "/api/v1/customers", Summary: "Create a customer", Tag: "customers", Write: true, Body: CustomerInput{}, Resp: CustomerDTO{}, Status: 201, h: s.createCustomer},
		{Method: "GET", Pattern: "/api/v1/customers/{id}", Summary: "One customer (ETag for updates)", Tag: "customers", Resp: CustomerDTO{}, h: s.getCustomer},
		{Method: "PATCH", Pattern: "/api/v1/customers/{id}", Summary: "Update a customer", Tag: "customers", Write: true, IfMatch: true, Body: core.CustomerPatch{}, Resp: CustomerDTO{}, h: s.patchCustomer},
		{Method: "DELETE", Pattern: "/api/v1/customers/{id}", Summary: "Delete a customer and its records", Tag: "customers", Write: true, Status: 204, h: s.deleteCustomer},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/orders", Summary: "A customer's order lines", Tag: "records", Resp: OrderList{}, h: childList(s, func(r *core.CustomerRecords) []model.Order { return r.Orders }, orderDTO)},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/interactions", Summary: "A customer's interactions", Tag: "records", Resp: InteractionList{}, h: childList(s, func(r *core.CustomerRecords) []model.Interaction { return r.Interactions }, interactionDTO)},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/surveys", Summary: "A customer's survey answers", Tag: "records", Resp: SurveyList{}, h: childList(s, func(r *core.CustomerRecords) []model.Survey { return r.Surveys }, surveyDTO)},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/tickets", Summary: "A customer's tickets", Tag: "records", Resp: TicketList{}, h: childList(s, func(r *core.CustomerRecords) []model.Ticket { return r.Tickets }, ticketDTO)},
		{Method: "POST", Pattern: "/api/v1/customers/{id}/orders", Summary: "Add an order line", Tag: "records", Write: true, Body: OrderInput{}, Resp: OrderDTO{}, Status: 201, h: s.createOrder},
		{Method: "POST", Pattern: "/api/v1/customers/{id}/interactions", Summary: "Log an interaction", Tag: "records", Write: true, Body: InteractionInput{}, Resp: InteractionDTO{}, Status: 201, h: s.createInteraction},
		{Method: "POST", Pattern: "/api/v1/customers/{id}/surveys", Summary: "Record a survey answer", Tag: "records", Write: true, Body: SurveyInput{}, Resp: SurveyDTO{}, Status: 201, h: s.createSurvey},
		{Method: "POST", Pattern: "/api/v1/customers/{id}/tickets", Summary: "Open a ticket", Tag: "records", Write: true, Body: TicketInput{}, Resp: TicketDTO{}, Status: 201, h: s.createTicket},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/classes", Summary: "A customer's classes in a run, each with its reason", Tag: "classification",
			Query: []queryParam{{"run", "integer", "run id (default: latest)"}}, Resp: AssignmentList{}, h: s.customerClasses},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/history", Summary: "A customer's classes over every run", Tag: "classification",
			Query: []queryParam{{"scheme", "string", "only this scheme"}}, Resp: AssignmentList{}, h: s.customerHistory},
		{Method: "PUT", Pattern: "/api/v1/customers/{id}/consents/{purpose}", Summary: "Record a consent decision", Tag: "privacy", Write: true, Body: ConsentInput{}, Status: 204, h: s.putConsent},
		{Method: "GET", Pattern: "/api/v1/customers/{id}/privacy-export", Summary: "Everything held about a customer (data-subject access)", Tag: "privacy", Resp: core.SubjectExport{}, h: s.privacyExport},
		{Method: "POST", Pattern: "/api/v1/customers/{id}/erase", Summary: "Erase a customer's personal data (records kept anonymous)", Tag: "privacy", Write: true, Resp: ErasedDTO{}, h: s.erase},

		{Method: "GET", Pattern: "/api/v1/schemes", Summary: "Active classification schemes", Tag: "classification", Resp: SchemeList{}, h: s.listSchemes},
		{Method: "GET", Pattern: "/api/v1/schemes/{name}", Summary: "A scheme's current definition", Tag: "classification", Resp: SchemeDTO{}, h: s.getScheme},
		{Method: "PUT", Pattern: "/api/v1/schemes/{name}", Summary: "Save a new version of a scheme (If-Match: the version edited; If-None-Match: * to create)", Tag: "classification", Write: true, IfMatch: true, Body: map[string]any{}, Resp: SchemeDTO{}, h: s.putScheme},
		{Method: "GET", Pattern: "/api/v1/runs", Summary: "Classification runs", Tag: "classification", Resp: RunList{}, h: s.listRuns},
		{Method: "POST", Pattern: "/api/v1/runs", Summary: "Start a classification run in the background", Tag: "classification", Write: true, Body: RunRequest{}, Resp: JobDTO{}, Status: 202, h: s.startRun},
		{Method: "GET", Pattern: "/api/v1/runs/{id}", Summary: "A run with its per-class summary", Tag: "classification", Resp: RunDTO{}, h: s.getRun},
		{Method: "GET", Pattern: "/api/v1/runs/{id}/segments/{scheme}/{class}", Summary: "Members of a class in a run (your scope)", Tag: "classification",
			Query: []queryParam{qLimit, qCursor}, Resp: CustomerList{}, h: s.segment},
		{Method: "GET", Pattern: "/api/v1/jobs/{id}", Summary: "Progress of a background job", Tag: "classification", Resp: JobDTO{}, h: s.getJob},
		{Method: "GET", Pattern: "/api/v1/migrations", Summary: "Class-to-class migration matrix between two runs", Tag: "classification",
			Query: []queryParam{{"scheme", "string", "scheme name (required)"}, {"from", "integer", "earlier run"}, {"to", "integer", "later run"}}, Resp: core.MigrationResult{}, h: s.migrations},

		{Method: "GET", Pattern: "/api/v1/exports/{kind}", Summary: "Download records or a run's classes as CSV or XLSX (your scope, masked by role)", Tag: "exports",
			Query: []queryParam{{"format", "string", "csv (default) or xlsx"}, {"run", "integer", "for classes and segment"},
				{"scheme", "string", "for segment"}, {"class", "string", "for segment"}, {"purpose", "string", "leave out customers who withdrew consent for it, e.g. marketing"},
				{"lang", "string", "zh-CN or en labels"}},
			Produces: "text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", h: s.export},

		{Method: "GET", Pattern: "/api/v1/users", Summary: "Users", Tag: "users", Resp: UserList{}, h: s.listUsers},
		{Method: "POST", Pattern: "/api/v1/users", Summary: "Create a user", Tag: "users", Write: true, Body: UserInput{}, Resp: UserDTO{}, Status: 201, h: s.createUser},
		{Method: "GET", Pattern: "/api/v1/users/{name}", Summary: "One user (ETag for updates)", Tag: "users", Resp: UserDTO{}, h: s.getUser},
		{Method: "PATCH", Pattern: "/api/v1/users/{name}", Summary: "Change a user's role, status, display name or password", Tag: "users", Write: true, IfMatch: true, Body: UserPatch{}, Resp: UserDTO{}, h: s.patchUser},
		{Method: "GET", Pattern: "/api/v1/tokens", Summary: "Your API tokens (admins: all)", Tag: "users", Resp: TokenList{}, h: s.listTokens},
		{Method: "POST", Pattern: "/api/v1/tokens", Summary: "Create an API token (shown once)", Tag: "users", Write: true, Body: TokenInput{}, Resp: NewTokenDTO{}, Status: 201, h: s.createToken},
		{Method: "DELETE", Pattern: "/api/v1/tokens/{id}", Summary: "Revoke an API token", Tag: "users", Write: true, Status: 204, h: s.revokeToken},
	}
}
