// Package auth is Strata's security core: roles and the one access policy
// (who may do what, and which customers a user may see), masking of
// personal data, password hashing, field encryption with a blind index,
// and the audit hash chain. It is pure: no HTTP, no SQL, no clock reads.
package auth

import "slices"

// Role is a user's role.
type Role string

// The roles.
const (
	Admin   Role = "admin"   // everything
	Manager Role = "manager" // all customers, strategies, exports
	Analyst Role = "analyst" // classification, schemes, aggregates; personal fields masked
	Sales   Role = "sales"   // own customers (私海) and the unowned pool (公海)
	Service Role = "service" // tickets and the customers they concern; contact data partly masked
)

// Roles lists every role.
var Roles = []Role{Admin, Manager, Analyst, Sales, Service}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Action is something a user may be allowed to do.
type Action string

// The actions the policy knows.
const (
	ViewCustomer      Action = "view_customer"
	EditCustomer      Action = "edit_customer"
	DeleteCustomer    Action = "delete_customer"
	ListCustomers     Action = "list_customers"
	Export            Action = "export"
	ViewUnmasked      Action = "view_unmasked"
	ManageUsers       Action = "manage_users"
	ManageSchemes     Action = "manage_schemes"
	RunClassification Action = "run_classification"
	ViewAggregates    Action = "view_aggregates"
	ViewTickets       Action = "view_tickets"
	EditTickets       Action = "edit_tickets"
	ManageStrategies  Action = "manage_strategies"
	PrivacyRequests   Action = "privacy_requests"
	ViewAudit         Action = "view_audit"
)

// Actions lists every action.
var Actions = []Action{ViewCustomer, EditCustomer, DeleteCustomer, ListCustomers, Export, ViewUnmasked,
	ManageUsers, ManageSchemes, RunClassification, ViewAggregates, ViewTickets, EditTickets,
	ManageStrategies, PrivacyRequests, ViewAudit}

// grants is the coarse permission table. Object-level checks (which
// customers) come on top of it, in Scope and CanSee.
var grants = map[Role][]Action{
	Admin: Actions,
	Manager: {ViewCustomer, EditCustomer, DeleteCustomer, ListCustomers, Export, ViewUnmasked, ManageSchemes,
		RunClassification, ViewAggregates, ViewTickets, EditTickets, ManageStrategies, PrivacyRequests},
	Analyst: {ViewCustomer, ListCustomers, ManageSchemes, RunClassification, ViewAggregates},
	Sales:   {ViewCustomer, EditCustomer, ListCustomers, Export, ViewUnmasked, ViewTickets},
	Service: {ViewCustomer, ListCustomers, ViewTickets, EditTickets},
}

// Principal is an authenticated user.
type Principal struct {
	User string
	Role Role
}

// Can reports whether p may perform a (before object-level checks).
func (p Principal) Can(a Action) bool { return slices.Contains(grants[p.Role], a) }

// CustomerRef is what the policy needs to know about a customer to decide
// whether a user may see it.
type CustomerRef struct {
	Owner       string   // staff user owning the customer; "" = the pool (公海)
	TicketStaff []string // staff handling the customer's tickets
}

// Scope describes the customers a user may see, in a form the store turns
// into a parameterized WHERE clause: All, or owner in Owners (IncludePool
// adds owner = ""), or a ticket handled by TicketStaff.
type Scope struct {
	All         bool
	Owners      []string
	IncludePool bool
	TicketStaff string
}

// Scope returns the customers p may see. Admins, managers and analysts see
// every customer (analysts masked); sales see their own customers and the
// pool; service staff see the customers whose tickets they handle.
func (p Principal) Scope() Scope {
	switch p.Role {
	case Admin, Manager, Analyst:
		return Scope{All: true}
	case Sales:
		return Scope{Owners: []string{p.User}, IncludePool: true}
	case Service:
		return Scope{TicketStaff: p.User}
	}
	return Scope{} // unknown role: nothing
}

// CanSee applies Scope to one customer. A customer outside it must be
// answered as "not found", never "forbidden", so that its existence does
// not leak.
func (p Principal) CanSee(c CustomerRef) bool {
	s := p.Scope()
	switch {
	case s.All:
		return true
	case s.TicketStaff != "":
		return slices.Contains(c.TicketStaff, s.TicketStaff)
	case c.Owner == "":
		return s.IncludePool
	}
	return slices.Contains(s.Owners, c.Owner)
}

// CanEdit reports whether p may change customer c: it must see it and be
// allowed to edit; sales may edit their own customers, not the pool's.
func (p Principal) CanEdit(c CustomerRef) bool {
	if !p.Can(EditCustomer) || !p.CanSee(c) {
		return false
	}
	return p.Role != Sales || c.Owner == p.User
}

// Labels gives the roles' names in both languages for the UI.
var Labels = map[Role][2]string{
	Admin:   {"管理员", "Administrator"},
	Manager: {"客户经理主管", "Manager"},
	Analyst: {"分析师", "Analyst"},
	Sales:   {"销售", "Sales"},
	Service: {"客服", "Service"},
}
