package core

import (
	"context"
	"fmt"
	"io"

	"strata/internal/auth"
	"strata/internal/ingest"
	"strata/internal/model"
)

// ExportRequest is an export over the API.
type ExportRequest struct {
	Kind    string // customers, orders, interactions, surveys, tickets, classes, segment
	Format  string // ingest.FormatCSV or ingest.FormatXLSX
	Run     int64  // classes and segment: the run (0 = latest)
	Scheme  string // segment
	Class   string // segment
	Purpose string // leave out customers who withdrew consent for it
	Lang    string // labels of classes
}

// ExportFor writes an export for p: only customers in p's scope (another
// user's customer never appears), personal fields masked for p's role,
// audited. Exports need the export permission.
func (s *Service) ExportFor(ctx context.Context, p auth.Principal, req ExportRequest, w io.Writer) (int, error) {
	if !p.Can(auth.Export) {
		return 0, fmt.Errorf("exports: %w", ErrForbidden)
	}
	if req.Format != ingest.FormatCSV && req.Format != ingest.FormatXLSX {
		return 0, model.Invalid("format", req.Format, "must be csv or xlsx")
	}
	visible, err := s.st.CustomersInScope(ctx, scopeOf(p))
	if err != nil {
		return 0, err
	}
	var n int
	switch req.Kind {
	case "classes", "segment":
		var keep func(int64) bool
		if visible != nil {
			keep = func(id int64) bool { _, ok := visible[id]; return ok }
		}
		if req.Kind == "segment" && (req.Scheme == "" || req.Class == "") {
			return 0, model.Invalid("scheme", req.Scheme, "a segment export needs scheme and class")
		}
		if req.Kind == "classes" {
			req.Scheme, req.Class = "", ""
		}
		n, err = s.exportClasses(ctx, req.Run, req.Format, req.Lang, req.Scheme, req.Class, req.Purpose, keep, w)
	case string(ingest.KindCustomers), string(ingest.KindOrders), string(ingest.KindInteractions), string(ingest.KindSurveys), string(ingest.KindTickets):
		if req.Purpose != "" {
			return 0, model.Invalid("purpose", req.Purpose, "applies to classes and segment exports")
		}
		var keep func(string) bool
		if visible != nil {
			ext := make(map[string]bool, len(visible))
			for _, e := range visible {
				ext[e] = true
			}
			keep = func(id string) bool { return ext[id] }
		}
		n, err = s.export(ctx, ingest.Kind(req.Kind), req.Format, keep, p.MaskCustomer, w)
	default:
		return 0, model.Invalid("kind", req.Kind, "must be customers, orders, interactions, surveys, tickets, classes or segment")
	}
	if err != nil {
		return n, err
	}
	return n, s.Audit(ctx, p.User, "export_"+req.Kind, "export", fmt.Sprint(n), "ok")
}
