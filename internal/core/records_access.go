package core

import (
	"context"
	"fmt"

	"strata/internal/auth"
	"strata/internal/model"
	"strata/internal/store"
)

// addressKey carries the client address of a request into audit records.
type addressKey struct{}

// WithAddress returns ctx carrying the client's network address, which
// Audit records as "from where".
func WithAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addressKey{}, addr)
}

func addressFrom(ctx context.Context) string {
	a, _ := ctx.Value(addressKey{}).(string)
	return a
}

// RecordCursor turns a customer id into a list cursor (for clients that
// page with after=ID).
func RecordCursor(after string) string { return encodeCursor("c", after) }

// visible returns the customer if p may see it (model.ErrNotFound
// otherwise, exactly like a missing one).
func (s *Service) visible(ctx context.Context, p auth.Principal, extID string) (*model.Customer, error) {
	if !p.Can(auth.ViewCustomer) {
		return nil, fmt.Errorf("customer %q: %w", extID, model.ErrNotFound)
	}
	return s.st.CustomerInScope(ctx, extID, scopeOf(p))
}

// CreateCustomerFor creates a customer for p. Sales create customers they
// own (an owner other than themselves is refused); roles that may not edit
// customers may not create them. It returns the version (ETag).
func (s *Service) CreateCustomerFor(ctx context.Context, p auth.Principal, c *model.Customer) (int64, error) {
	if !p.Can(auth.EditCustomer) {
		return 0, fmt.Errorf("creating customers: %w", ErrForbidden)
	}
	if p.Role == auth.Sales {
		if c.Owner != "" && c.Owner != p.User {
			return 0, fmt.Errorf("sales create customers they own: %w", ErrForbidden)
		}
		c.Owner = p.User
	}
	if err := c.Validate(); err != nil {
		return 0, err
	}
	v, err := s.st.InsertCustomer(ctx, c)
	if err != nil {
		return 0, err
	}
	return v, s.Audit(ctx, p.User, "create", "customer", c.ID, "ok")
}

// DeleteCustomerFor deletes a customer and its records: only roles allowed
// to delete, and only customers in their scope (404 otherwise).
func (s *Service) DeleteCustomerFor(ctx context.Context, p auth.Principal, extID string) error {
	if _, err := s.visible(ctx, p, extID); err != nil {
		return err
	}
	if !p.Can(auth.DeleteCustomer) {
		return fmt.Errorf("deleting customers: %w", ErrForbidden)
	}
	if err := s.st.DeleteCustomer(ctx, extID, scopeOf(p)); err != nil {
		return err
	}
	s.dropIndexes()
	return s.Audit(ctx, p.User, "delete", "customer", extID, "ok")
}

// dropIndexes forgets the list indexes (after a deletion or a new run).
func (s *Service) dropIndexes() {
	s.indexes.mu.Lock()
	s.indexes.byRun, s.indexes.order = nil, nil
	s.indexes.mu.Unlock()
}

// RecordsFor returns a visible customer's child records. Free text that may
// hold personal data (interaction notes, survey comments) is masked for
// roles that may not see personal data unmasked.
func (s *Service) RecordsFor(ctx context.Context, p auth.Principal, extID string) (*store.CustomerRecords, error) {
	if _, err := s.visible(ctx, p, extID); err != nil {
		return nil, err
	}
	recs, err := s.st.Records(ctx, extID)
	if err != nil {
		return nil, err
	}
	p.MaskCustomer(recs.Customer)
	if p.Can(auth.ViewUnmasked) {
		if err := s.Audit(ctx, p.User, "view_unmasked", "customer_records", extID, "ok"); err != nil {
			return nil, err
		}
	} else {
		for i := range recs.Interactions {
			recs.Interactions[i].Note = maskText(recs.Interactions[i].Note)
		}
		for i := range recs.Surveys {
			recs.Surveys[i].Comment = maskText(recs.Surveys[i].Comment)
		}
	}
	return recs, nil
}

func maskText(s string) string {
	if s == "" {
		return ""
	}
	return "***"
}

// ExplainFor returns a visible customer's classes in a run (0 = latest)
// with the reason for each: the explanation of an automated decision that
// the customer, and staff, are entitled to.
func (s *Service) ExplainFor(ctx context.Context, p auth.Principal, run int64, extID string) ([]Assignment, error) {
	if _, err := s.visible(ctx, p, extID); err != nil {
		return nil, err
	}
	return s.Explain(ctx, run, extID)
}

// HistoryFor returns a visible customer's classes over every run.
func (s *Service) HistoryFor(ctx context.Context, p auth.Principal, extID, scheme string) ([]Assignment, error) {
	if _, err := s.visible(ctx, p, extID); err != nil {
		return nil, err
	}
	return s.History(ctx, extID, scheme)
}

// SetConsentFor records a consent decision for a visible customer: by the
// customer's editors or by those who handle privacy requests.
func (s *Service) SetConsentFor(ctx context.Context, p auth.Principal, extID, purpose string, granted bool) error {
	c, err := s.visible(ctx, p, extID)
	if err != nil {
		return err
	}
	if !p.CanEdit(auth.CustomerRef{Owner: c.Owner}) && !p.Can(auth.PrivacyRequests) {
		return fmt.Errorf("consent of customer %q: %w", extID, ErrForbidden)
	}
	return s.SetConsent(ctx, p.User, extID, purpose, granted)
}

// ExportSubjectFor answers a data-subject access request, for roles that
// handle privacy requests.
func (s *Service) ExportSubjectFor(ctx context.Context, p auth.Principal, extID string) (*SubjectExport, error) {
	if _, err := s.visible(ctx, p, extID); err != nil {
		return nil, err
	}
	if !p.Can(auth.PrivacyRequests) {
		return nil, fmt.Errorf("data-subject requests: %w", ErrForbidden)
	}
	return s.ExportSubject(ctx, p.User, extID)
}

// EraseSubjectFor answers an erasure request, for roles that handle privacy
// requests; it returns the anonymous id the records now carry.
func (s *Service) EraseSubjectFor(ctx context.Context, p auth.Principal, extID string) (string, error) {
	if _, err := s.visible(ctx, p, extID); err != nil {
		return "", err
	}
	if !p.Can(auth.PrivacyRequests) {
		return "", fmt.Errorf("data-subject requests: %w", ErrForbidden)
	}
	return s.EraseSubject(ctx, p.User, extID)
}
