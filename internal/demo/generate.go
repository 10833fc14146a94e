package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"

	"strata/internal/model"
)

// Generate streams a whole business into sink, customer by customer in index
// order (see Sink for the order of records and the reuse of pointers). The
// output depends only on opts.
func Generate(opts Options, sink Sink) error {
	o, err := opts.resolved()
	if err != nil {
		return err
	}
	if sink == nil {
		return errors.New("demo: nil sink")
	}
	g := newGenerator(newCalendar(o.End, o.Years, o.Location), o.Seed)
	for i := range o.Customers {
		if err := g.customer(i, sink); err != nil {
			return err
		}
	}
	return nil
}

// parallelChunk is how many consecutive customers a worker takes at a time:
// large enough to make the hand-out negligible, small enough to balance.
const parallelChunk = 512

// GenerateParallel generates the same records as Generate with the given
// number of workers (0 means GOMAXPROCS). newSink is called once per worker,
// before any generation starts, and each sink is used by its worker only.
// Every customer's records still arrive together and in order, and each
// worker sees its customers in increasing index order, but which worker
// receives which customer is not deterministic. The first error stops all
// workers and is returned.
func GenerateParallel(opts Options, workers int, newSink func(worker int) Sink) error {
	o, err := opts.resolved()
	if err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sinks := make([]Sink, workers)
	for w := range sinks {
		if sinks[w] = newSink(w); sinks[w] == nil {
			return errors.New("demo: nil sink")
		}
	}
	cal := newCalendar(o.End, o.Years, o.Location)
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
		errs   = make([]error, workers)
	)
	for w := range workers {
		wg.Go(func() {
			g := newGenerator(cal, o.Seed)
			for !failed.Load() {
				lo := int(next.Add(parallelChunk)) - parallelChunk
				if lo >= o.Customers {
					return
				}
				for i := lo; i < min(lo+parallelChunk, o.Customers); i++ {
					if err := g.customer(i, sinks[w]); err != nil {
						errs[w] = err
						failed.Store(true)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// generator holds one worker's state. Everything is reused from customer to
// customer so that the steady state allocates only the strings it emits.
type generator struct {
	cal  *calendar
	seed uint64
	pcg  rand.PCG
	r    *rand.Rand
	p    person

	num []byte // the customer's number, zero-padded, for ids
	buf []byte // scratch for building strings

	cust  model.Customer
	ord   model.Order
	inter model.Interaction
	surv  model.Survey
	tick  model.Ticket

	orders   []orderEvent
	returns  []returnEvent
	contacts []contactEvent
	tickets  []ticketEvent
}

func newGenerator(cal *calendar, seed uint64) *generator {
	g := &generator{cal: cal, seed: seed}
	g.r = rand.New(&g.pcg)
	return g
}

// stream switches the generator's random source to one stream of customer i.
func (g *generator) stream(i int, s uint64) { seedStream(&g.pcg, g.seed, i, s) }

// customer generates and emits everything about customer i.
func (g *generator) customer(i int, sink Sink) error {
	g.stream(i, streamProfile)
	g.profile(i)
	if err := sink.Customer(&g.cust); err != nil {
		return g.fail(err)
	}
	g.stream(i, streamOrders)
	g.contacts, g.tickets = g.contacts[:0], g.tickets[:0]
	g.planOrders()
	if err := g.emitOrders(sink); err != nil {
		return g.fail(err)
	}
	g.stream(i, streamContacts)
	if err := g.emitContacts(sink); err != nil {
		return g.fail(err)
	}
	if err := g.emitSurveys(sink); err != nil {
		return g.fail(err)
	}
	if err := g.emitTickets(sink); err != nil {
		return g.fail(err)
	}
	return nil
}

func (g *generator) fail(err error) error {
	return fmt.Errorf("demo: customer %s: %w", g.p.id, err)
}

// idString builds prefix + customer number + "-" + seq padded to width.
func (g *generator) idString(prefix string, seq, width int) string {
	b := append(g.buf[:0], prefix...)
	b = append(b, g.num...)
	b = append(b, '-')
	b = appendPadded(b, seq, width)
	g.buf = b
	return string(b)
}
