package demo

import "strata/internal/model"

// Sink receives the generated records. Generate calls it customer by
// customer: the customer record first, then that customer's order lines (in
// time order, lines of one order consecutive and numbered from 1), then
// interactions, surveys and tickets, each in time order.
//
// The pointers are only valid during the call: the generator reuses the
// structs for the next record. Strings and slices inside a record are never
// modified afterwards, so a shallow copy of the struct (c := *rec) is safe to
// keep. A non-nil error stops generation and is returned, wrapped.
type Sink interface {
	Customer(*model.Customer) error
	Order(*model.Order) error
	Interaction(*model.Interaction) error
	Survey(*model.Survey) error
	Ticket(*model.Ticket) error
}

// Summary counts generated records, for progress and the CLI's report.
type Summary struct {
	Customers    int64
	Orders       int64 // distinct orders, return orders included
	Lines        int64 // order lines, return lines included
	Returns      int64 // return lines (negative quantity)
	Interactions int64
	Surveys      int64
	Tickets      int64
	Revenue      model.Money // net amount of paid lines, returns deducted
}

// Add accumulates o into s; use it to merge the counters of parallel workers.
func (s *Summary) Add(o Summary) {
	s.Customers += o.Customers
	s.Orders += o.Orders
	s.Lines += o.Lines
	s.Returns += o.Returns
	s.Interactions += o.Interactions
	s.Surveys += o.Surveys
	s.Tickets += o.Tickets
	s.Revenue += o.Revenue
}

// Counter is a Sink that counts what passes through it and forwards every
// record to Next, when Next is not nil. It is not safe for concurrent use:
// give each worker of GenerateParallel its own and Add the summaries.
type Counter struct {
	Next    Sink
	Summary Summary
}

// Customer counts c and forwards it.
func (k *Counter) Customer(c *model.Customer) error {
	k.Summary.Customers++
	if k.Next != nil {
		return k.Next.Customer(c)
	}
	return nil
}

// Order counts the line (and the order on its first line) and forwards it.
func (k *Counter) Order(o *model.Order) error {
	k.Summary.Lines++
	if o.Line == 1 {
		k.Summary.Orders++
	}
	if o.Quantity < 0 {
		k.Summary.Returns++
	}
	if o.Status == model.StatusPaid {
		k.Summary.Revenue += o.Amount
	}
	if k.Next != nil {
		return k.Next.Order(o)
	}
	return nil
}

// Interaction counts i and forwards it.
func (k *Counter) Interaction(i *model.Interaction) error {
	k.Summary.Interactions++
	if k.Next != nil {
		return k.Next.Interaction(i)
	}
	return nil
}

// Survey counts s and forwards it.
func (k *Counter) Survey(s *model.Survey) error {
	k.Summary.Surveys++
	if k.Next != nil {
		return k.Next.Survey(s)
	}
	return nil
}

// Ticket counts t and forwards it.
func (k *Counter) Ticket(t *model.Ticket) error {
	k.Summary.Tickets++
	if k.Next != nil {
		return k.Next.Ticket(t)
	}
	return nil
}
