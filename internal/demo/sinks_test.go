package demo

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"
	"sync"
	"testing"
	"time"

	"strata/internal/model"
)

// testEnd is the End of every test run: a Monday after 618.
var testEnd = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

// customerRecords is everything emitted for one customer, copied.
type customerRecords struct {
	customer     model.Customer
	orders       []model.Order
	interactions []model.Interaction
	surveys      []model.Survey
	tickets      []model.Ticket
}

// recorder keeps copies of every record, grouped by customer, and checks
// that records arrive grouped behind their customer record.
type recorder struct {
	customers []*customerRecords
	byID      map[string]*customerRecords
	err       error // first grouping violation
}

func newRecorder() *recorder { return &recorder{byID: map[string]*customerRecords{}} }

func (s *recorder) current(id string) *customerRecords {
	if len(s.customers) == 0 || s.customers[len(s.customers)-1].customer.ID != id {
		if s.err == nil {
			s.err = fmt.Errorf("record of %s outside its customer's group", id)
		}
		return &customerRecords{}
	}
	return s.customers[len(s.customers)-1]
}

func (s *recorder) Customer(c *model.Customer) error {
	cr := &customerRecords{customer: *c}
	s.customers = append(s.customers, cr)
	s.byID[c.ID] = cr
	return nil
}
func (s *recorder) Order(o *model.Order) error {
	cr := s.current(o.CustomerID)
	cr.orders = append(cr.orders, *o)
	return nil
}
func (s *recorder) Interaction(i *model.Interaction) error {
	cr := s.current(i.CustomerID)
	cr.interactions = append(cr.interactions, *i)
	return nil
}
func (s *recorder) Survey(v *model.Survey) error {
	cr := s.current(v.CustomerID)
	cr.surveys = append(cr.surveys, *v)
	return nil
}
func (s *recorder) Ticket(t *model.Ticket) error {
	cr := s.current(t.CustomerID)
	cr.tickets = append(cr.tickets, *t)
	return nil
}

// hasher digests the stream, in order, and each customer's part separately.
type hasher struct {
	all  hash.Hash
	cust hash.Hash
	per  map[string][32]byte
	id   string
}

func newHasher() *hasher {
	return &hasher{all: sha256.New(), cust: sha256.New(), per: map[string][32]byte{}}
}

// write digests one record. Fields are listed explicitly, not printed with
// %+v, so that a new field in model does not change the golden hash.
func (h *hasher) write(format string, args ...any) {
	fmt.Fprintf(h.all, format, args...)
	fmt.Fprintf(h.cust, format, args...)
}

func (h *hasher) flush() {
	if h.id != "" {
		h.per[h.id] = [32]byte(h.cust.Sum(nil))
	}
	h.cust.Reset()
}

// sum finishes the digest of the whole stream.
func (h *hasher) sum() string {
	h.flush()
	return fmt.Sprintf("%x", h.all.Sum(nil))
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func (h *hasher) Customer(c *model.Customer) error {
	h.flush()
	h.id = c.ID
	h.write("C|%s|%s|%s|%d|%d|%s|%s|%s|%s|%s|%s|%s|%d|%s|%s|%q\n", c.ID, c.Name, c.Gender, unix(c.BirthDate), c.Age,
		c.Phone, c.Email, c.Occupation, c.IncomeBand, c.Region, c.City, c.Address, unix(c.RegisteredAt), c.Owner, c.Source, c.Tags)
	return nil
}
func (h *hasher) Order(o *model.Order) error {
	h.write("O|%s|%d|%s|%d|%g|%d|%d|%d|%t|%d|%s|%s|%s|%s|%s\n", o.OrderID, o.Line, o.CustomerID, unix(o.OrderedAt), o.Quantity,
		o.UnitPrice, o.Amount, o.Cost, o.HasCost, o.Discount, o.SKU, o.ProductName, o.Category, o.Channel, o.Status)
	return nil
}
func (h *hasher) Interaction(i *model.Interaction) error {
	h.write("I|%s|%s|%d|%s|%s|%s|%s\n", i.ID, i.CustomerID, unix(i.At), i.Channel, i.Staff, i.Outcome, i.Note)
	return nil
}
func (h *hasher) Survey(s *model.Survey) error {
	h.write("S|%s|%s|%d|%d|%d|%s|%s\n", s.ID, s.CustomerID, unix(s.At), s.CSAT, s.NPS, s.Preference, s.Comment)
	return nil
}
func (h *hasher) Ticket(t *model.Ticket) error {
	h.write("T|%s|%s|%d|%d|%s|%s|%s|%d\n", t.ID, t.CustomerID, unix(t.OpenedAt), unix(t.ClosedAt), t.Category, t.Severity, t.Status, t.Satisfaction)
	return nil
}

// tee forwards every record to several sinks.
type tee []Sink

func (t tee) Customer(c *model.Customer) error {
	for _, s := range t {
		if err := s.Customer(c); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) Order(o *model.Order) error {
	for _, s := range t {
		if err := s.Order(o); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) Interaction(i *model.Interaction) error {
	for _, s := range t {
		if err := s.Interaction(i); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) Survey(v *model.Survey) error {
	for _, s := range t {
		if err := s.Survey(v); err != nil {
			return err
		}
	}
	return nil
}
func (t tee) Ticket(k *model.Ticket) error {
	for _, s := range t {
		if err := s.Ticket(k); err != nil {
			return err
		}
	}
	return nil
}

// bigRun is the shared 5,000-customer business that the validity and
// archetype tests inspect; generating it once keeps the suite fast.
var bigRun = sync.OnceValues(func() (*recorder, error) {
	rec := newRecorder()
	err := Generate(Options{Customers: 5000, Seed: 7, End: testEnd}, rec)
	if err == nil {
		err = rec.err
	}
	return rec, err
})

func loadBigRun(t *testing.T) *recorder {
	t.Helper()
	rec, err := bigRun()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// purchases returns the days (local dates as Unix days) of the customer's
// purchase orders (not returns), one per order.
func (cr *customerRecords) purchaseTimes() []time.Time {
	var out []time.Time
	for _, o := range cr.orders {
		if o.Line == 1 && o.Quantity > 0 {
			out = append(out, o.OrderedAt)
		}
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t / float64(len(xs))
}
