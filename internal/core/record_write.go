package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"strata/internal/auth"
	"strata/internal/model"
)

// AddRecordFor creates a child record (*model.Order, *model.Interaction,
// *model.Survey or *model.Ticket) for a customer p can see. Who may:
// interactions — every role that works with customers (not analysts);
// tickets — roles that edit tickets (service, managers, admins); orders
// and surveys — the customer's editors. Interactions and surveys without
// an id get a random one; the staff of an interaction defaults to p.
func (s *Service) AddRecordFor(ctx context.Context, p auth.Principal, extID string, rec any) error {
	c, err := s.visible(ctx, p, extID)
	if err != nil {
		return err
	}
	editor := p.CanEdit(auth.CustomerRef{Owner: c.Owner})
	var kind string
	var allowed bool
	var validate func() error
	switch r := rec.(type) {
	case *model.Interaction:
		kind, allowed = "interaction", editor || p.Can(auth.EditTickets) || (p.Role == auth.Sales && c.Owner == "")
		r.CustomerID = extID
		if r.ID == "" {
			r.ID = randomID("i")
		}
		if r.Staff == "" {
			r.Staff = p.User
		}
		validate = r.Validate
	case *model.Ticket:
		kind, allowed = "ticket", p.Can(auth.EditTickets)
		r.CustomerID = extID
		if r.Status == "" {
			r.Status = model.TicketOpen
		}
		validate = r.Validate
	case *model.Survey:
		kind, allowed = "survey", editor
		r.CustomerID = extID
		if r.ID == "" {
			r.ID = randomID("s")
		}
		validate = r.Validate
	case *model.Order:
		kind, allowed = "order", editor
		r.CustomerID = extID
		if r.OrderID == "" {
			r.OrderID = randomID("o")
		}
		if r.Line == 0 {
			r.Line = 1
		}
		if r.Status == "" {
			r.Status = model.StatusPaid
		}
		validate = r.Validate
	default:
		return fmt.Errorf("add record: unsupported type %T", rec)
	}
	if !allowed {
		return fmt.Errorf("adding %ss for customer %q: %w", kind, extID, ErrForbidden)
	}
	if err := validate(); err != nil {
		return err
	}
	if err := s.st.AddRecord(ctx, rec); err != nil {
		return err
	}
	return s.Audit(ctx, p.User, "create_"+kind, "customer", extID, "ok")
}

func randomID(prefix string) string {
	b := make([]byte, 8)
	rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}
