package core

import (
	"context"

	"strata/internal/model"
	"strata/internal/store"
)

// SubjectExport is everything Strata holds about a customer: the records
// and the customer's classes with reasons in the latest run.
type SubjectExport struct {
	*store.CustomerRecords
	Classes []Assignment `json:"classes,omitempty"`
}

// ExportSubject answers a data-subject access request (audited).
func (s *Service) ExportSubject(ctx context.Context, actor, extID string) (*SubjectExport, error) {
	recs, err := s.st.Records(ctx, extID)
	if err != nil {
		return nil, err
	}
	out := &SubjectExport{CustomerRecords: recs}
	if a, err := s.Explain(ctx, 0, extID); err == nil {
		out.Classes = a
	}
	return out, s.Audit(ctx, actor, "subject_export", "customer", extID, "ok")
}

// EraseSubject answers an erasure request: personal data removed, records
// kept anonymous (audited under the new, anonymous id).
func (s *Service) EraseSubject(ctx context.Context, actor, extID string) (string, error) {
	newID, err := s.st.Erase(ctx, extID)
	if err != nil {
		return "", err
	}
	return newID, s.Audit(ctx, actor, "subject_erase", "customer", newID, "ok")
}

// SetConsent records a consent decision (audited).
func (s *Service) SetConsent(ctx context.Context, actor, extID, purpose string, granted bool) error {
	if purpose == "" {
		return model.Invalid("purpose", "", "is required (e.g. marketing)")
	}
	if err := s.st.SetConsent(ctx, extID, purpose, granted, actor); err != nil {
		return err
	}
	outcome := "granted"
	if !granted {
		outcome = "withdrawn"
	}
	return s.Audit(ctx, actor, "consent_"+purpose, "customer", extID, outcome)
}
