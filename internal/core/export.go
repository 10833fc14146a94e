package core

import (
	"context"
	"fmt"
	"io"

	"strata/internal/ingest"
	"strata/internal/model"
)

// Export writes every record of a kind as a table in format (ingest.FormatCSV
// or ingest.FormatXLSX) to w, with the same columns the importer reads, so
// an export re-imports losslessly. It returns the number of data rows.
func (s *Service) Export(ctx context.Context, kind ingest.Kind, format string, w io.Writer) (int, error) {
	return s.export(ctx, kind, format, nil, nil, w)
}

// export is Export keeping only the records of customers (external ids)
// for which keep is true (nil: all), customers passed through mask.
func (s *Service) export(ctx context.Context, kind ingest.Kind, format string, keep func(string) bool, mask func(*model.Customer), w io.Writer) (int, error) {
	if keep == nil {
		keep = func(string) bool { return true }
	}
	if mask == nil {
		mask = func(*model.Customer) {}
	}
	tw, err := ingest.NewWriter(w, format, ingest.Columns(kind))
	if err != nil {
		return 0, err
	}
	n := 0
	write := func(cells []string) error {
		if format == ingest.FormatXLSX && n >= ingest.MaxXLSXRows {
			return fmt.Errorf("more than %d rows do not fit in one XLSX sheet; export as csv: %w", ingest.MaxXLSXRows, model.ErrInvalid)
		}
		n++
		return tw.Write(cells)
	}
	loc := s.loc
	switch kind {
	case ingest.KindCustomers:
		err = s.st.EachCustomer(ctx, func(c *model.Customer) error {
			if !keep(c.ID) {
				return nil
			}
			mask(c)
			return write(ingest.CustomerCells(c, loc))
		})
	case ingest.KindOrders:
		err = s.st.EachOrder(ctx, func(o *model.Order) error {
			if !keep(o.CustomerID) {
				return nil
			}
			return write(ingest.OrderCells(o, loc))
		})
	case ingest.KindInteractions:
		err = s.st.EachInteraction(ctx, func(r *model.Interaction) error {
			if !keep(r.CustomerID) {
				return nil
			}
			return write(ingest.InteractionCells(r, loc))
		})
	case ingest.KindSurveys:
		err = s.st.EachSurvey(ctx, func(r *model.Survey) error {
			if !keep(r.CustomerID) {
				return nil
			}
			return write(ingest.SurveyCells(r, loc))
		})
	case ingest.KindTickets:
		err = s.st.EachTicket(ctx, func(r *model.Ticket) error {
			if !keep(r.CustomerID) {
				return nil
			}
			return write(ingest.TicketCells(r, loc))
		})
	default:
		err = fmt.Errorf("unknown kind %q: %w", kind, model.ErrInvalid)
	}
	if err != nil {
		tw.Close()
		return n, err
	}
	return n, tw.Close()
}
