package demo

import (
	"math"
	"time"

	"strata/internal/model"
)

// orderEvent is a planned purchase: when and on which channel.
type orderEvent struct {
	ts  int64
	day int32
	ch  uint8
}

// returnEvent is a paid line coming back, emitted as its own order.
type returnEvent struct {
	ts           int64
	day          int32
	prod         int16
	ch           uint8
	qty          int32
	unit, amount model.Money // amount and cost are already negative
	cost         model.Money
}

// planOrders lays out the customer's purchase times: a Poisson process with
// the customer's rate over seasonally weighted time, on the segments of
// their life their archetype allows.
func (g *generator) planOrders() {
	p, c := &g.p, g.cal
	g.orders = g.orders[:0]
	first := max(p.regDay, c.hist)
	switch p.arch {
	case Prospect:
		return
	case OneTime:
		day := p.regDay
		if !chance(g.r, 0.7) {
			day += between(g.r, 1, 30)
		}
		g.addOrder(max(min(day, c.end), c.hist))
	case Churned:
		g.segment(first, p.stop)
	case WonBack:
		g.segment(first, p.gapStart)
		g.segment(max(first, p.gapEnd), c.end)
		if recent := c.end - 89; len(g.orders) == 0 || int(g.orders[len(g.orders)-1].day) < recent {
			g.addOrder(between(g.r, max(p.gapEnd, c.end-85), c.end))
		}
	default:
		g.segment(first, c.end)
	}
	// Days come out sorted; only times within a day may be out of order.
	o := g.orders
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].ts < o[j-1].ts; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

// segment draws purchases on days a..b by walking the cumulative seasonal
// weights (time change of a homogeneous process), thinned by the decay of
// drifting customers. A buyer with no purchase in a segment gets one, so
// that every archetype except prospects has bought.
func (g *generator) segment(a, b int) {
	p, r, c := &g.p, g.r, g.cal
	if b < a {
		return
	}
	cum := c.cum[p.b.season]
	u, lim, k, n := cum[a], cum[b+1], a, 0
	for {
		u += r.ExpFloat64() / p.rate
		if u >= lim {
			break
		}
		for cum[k+1] <= u {
			k++
		}
		if p.tau > 0 && !chance(r, math.Exp(-float64(k-a)/p.tau)) {
			continue
		}
		g.addOrder(k)
		n++
	}
	if n == 0 {
		g.addOrder(between(r, a, b))
	}
}

// addOrder schedules a purchase on day k: channel, then a time of day that
// suits the channel, never before registration.
func (g *generator) addOrder(k int) {
	p, r, c := &g.p, g.r, g.cal
	ch := p.primary
	if !chance(r, 0.72) {
		ch = p.b.channels.pick(r)
	}
	hours := hoursOnline
	switch {
	case p.arch == KeyAccount:
		hours = hoursOffice
	case ch == chStore:
		hours = hoursStore
	}
	ts := c.ts(k, int64(hours.pick(r)*3600+r.IntN(3600)))
	if ts < p.regTs {
		ts = p.regTs + r.Int64N(c.start[k+1]-p.regTs)
	}
	g.orders = append(g.orders, orderEvent{ts: ts, day: int32(k), ch: uint8(ch)})
}

// activeEnd is the last day a purchase on day k can still be returned in:
// a churned customer does not come back to return things.
func (g *generator) activeEnd(k int) int {
	switch g.p.arch {
	case Churned:
		return g.p.stop
	case WonBack:
		if k <= g.p.gapStart {
			return g.p.gapStart
		}
	}
	return g.cal.end
}

// emitOrders turns the plan into order lines, interleaving returns in time
// order and noting the contacts and tickets that orders cause.
func (g *generator) emitOrders(sink Sink) error {
	g.returns = g.returns[:0]
	rseq := 0
	for i, ev := range g.orders {
		for len(g.returns) > 0 && g.returns[0].ts <= ev.ts {
			rseq++
			if err := g.emitReturn(sink, rseq); err != nil {
				return err
			}
		}
		if i == 0 {
			g.p.firstOrderTs, g.p.firstOrderDay = ev.ts, int(ev.day)
		}
		if err := g.emitOrder(sink, ev, i+1); err != nil {
			return err
		}
	}
	for len(g.returns) > 0 {
		rseq++
		if err := g.emitReturn(sink, rseq); err != nil {
			return err
		}
	}
	return nil
}

// orderID builds prefix + local date + "-" + customer number + "-" + seq.
func (g *generator) orderID(prefix string, day int32, seq int) string {
	b := append(g.buf[:0], prefix...)
	b = appendPadded(b, int(g.cal.ymd[day]), 8)
	b = append(b, '-')
	b = append(b, g.num...)
	b = append(b, '-')
	b = appendPadded(b, seq, 3)
	g.buf = b
	return string(b)
}

// emitOrder emits the lines of one order.
func (g *generator) emitOrder(sink Sink, ev orderEvent, seq int) error {
	p, r, b := &g.p, g.r, g.p.b
	n := b.lines.pick(r) + 1
	cancelled := chance(r, b.pCancel)
	per := gammaMean(r, 3, p.spend) * 100 / float64(n) // target line value in fen
	promo := g.cal.promo[ev.day]
	o := &g.ord
	*o = model.Order{
		OrderID: g.orderID("SO", ev.day, seq), CustomerID: p.id, OrderedAt: time.Unix(ev.ts, 0).UTC(),
		Channel: orderChannels[ev.ch], HasCost: true,
	}
	var used [4]int
	for l := range n {
		pi := g.pickProduct(per, used[:l])
		used[l] = pi
		pr := &products[pi]
		q := g.quantity(per, pr.Price)
		gross := pr.Price * model.Money(q)
		disc := g.discount(gross, promo)
		o.Line, o.Quantity, o.UnitPrice = l+1, float64(q), pr.Price
		o.Discount, o.Amount, o.Cost = disc, gross-disc, pr.Cost*model.Money(q)
		o.SKU, o.ProductName, o.Category = pr.SKU, pr.Name, pr.Category
		switch {
		case cancelled:
			o.Status = model.StatusCancelled
		case chance(r, b.pRefund):
			o.Status = model.StatusRefunded
		default:
			o.Status = model.StatusPaid
			if chance(r, b.pReturn) {
				g.scheduleReturn(ev, pi, q, o.Amount, o.Cost)
			}
		}
		if err := sink.Order(o); err != nil {
			return err
		}
	}
	if !cancelled {
		g.dealContact(ev, promo)
	}
	return nil
}

// pickProduct chooses a category by the archetype's taste, then the product
// whose price is nearest the target, with some jitter; it avoids repeating a
// product within an order.
func (g *generator) pickProduct(target float64, used []int) int {
	r := g.r
	var pi int
	for range 4 {
		list := byCategory[g.p.b.categories.pick(r)]
		j := 0
		for j < len(list) && float64(products[list[j]].Price) < target {
			j++
		}
		switch {
		case j == len(list):
			j--
		case j > 0 && target/float64(products[list[j-1]].Price) < float64(products[list[j]].Price)/target:
			j--
		}
		switch u := r.Float64(); {
		case u < 0.25 && j > 0:
			j--
		case u < 0.45 && j < len(list)-1:
			j++
		}
		pi = list[j]
		if !containsInt(used, pi) {
			break
		}
	}
	return pi
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// quantity of a line: companies buy to budget, people mostly one piece,
// several of cheap things.
func (g *generator) quantity(target float64, price model.Money) int {
	r := g.r
	ratio := target / float64(price)
	if g.p.arch == KeyAccount {
		return clampInt(int(ratio*uniform(r, 0.7, 1.3)+0.5), 1, 500)
	}
	switch {
	case ratio >= 1.8 && chance(r, 0.55):
		return min(int(ratio+0.5), 4)
	case chance(r, 0.05):
		return 2
	}
	return 1
}

// discount of a line in whole yuan (contract rebates are exact to the fen).
// Promotion days make discounts far more likely.
func (g *generator) discount(gross model.Money, promo uint8) model.Money {
	p, r, b := &g.p, g.r, g.p.b
	if p.arch == KeyAccount {
		return model.Money(float64(gross)*p.contract + 0.5)
	}
	pd := b.discP
	if promo > 0 {
		pd = b.discPPromo
	}
	if !chance(r, pd) {
		return 0
	}
	return model.Money(float64(gross)*uniform(r, b.discLo, b.discHi)/100+0.5) * 100
}

// scheduleReturn queues the return of a paid line 3–14 days later, if the
// customer is still around then; some returns come with a ticket.
func (g *generator) scheduleReturn(ev orderEvent, pi, q int, amount, cost model.Money) {
	r, c := g.r, g.cal
	day := int(ev.day) + between(r, 3, 14)
	if day > g.activeEnd(int(ev.day)) {
		return
	}
	rq := q
	if q > 1 && chance(r, 0.5) {
		rq = between(r, 1, q-1)
	}
	ts := c.ts(day, int64(hoursOffice.pick(r)*3600+r.IntN(3600)))
	re := returnEvent{
		ts: ts, day: int32(day), prod: int16(pi), ch: ev.ch, qty: int32(rq),
		unit: products[pi].Price, amount: -amount * model.Money(rq) / model.Money(q), cost: -cost * model.Money(rq) / model.Money(q),
	}
	g.returns = append(g.returns, re)
	for j := len(g.returns) - 1; j > 0 && g.returns[j].ts < g.returns[j-1].ts; j-- {
		g.returns[j], g.returns[j-1] = g.returns[j-1], g.returns[j]
	}
	if chance(r, 0.4) {
		g.tickets = append(g.tickets, ticketEvent{ts: max(ev.ts, ts-r.Int64N(2*86400)), kind: ticketReturn})
	}
}

// emitReturn emits the earliest queued return as a one-line order.
func (g *generator) emitReturn(sink Sink, seq int) error {
	re := g.returns[0]
	g.returns = g.returns[:copy(g.returns, g.returns[1:])]
	pr := &products[re.prod]
	g.ord = model.Order{
		OrderID: g.orderID("RT", re.day, seq), Line: 1, CustomerID: g.p.id, OrderedAt: time.Unix(re.ts, 0).UTC(),
		Quantity: -float64(re.qty), UnitPrice: re.unit, Amount: re.amount, Cost: re.cost, HasCost: true,
		SKU: pr.SKU, ProductName: pr.Name, Category: pr.Category, Channel: orderChannels[re.ch], Status: model.StatusPaid,
	}
	return sink.Order(&g.ord)
}

// dealContact records the sales contact behind some orders: most store
// sales of key accounts and a third of store purchases are logged as a
// face-to-face 成交 by staff, a few online ones too.
func (g *generator) dealContact(ev orderEvent, promo uint8) {
	p, r := &g.p, g.r
	var ch string
	note := 1 // 线上下单确认
	switch {
	case p.arch == KeyAccount && chance(r, 0.6):
		ch, note = model.ChannelFaceToFace, 3
		if chance(r, 0.3) {
			ch = model.ChannelEmail
		}
	case ev.ch == chStore && chance(r, 0.35):
		ch, note = model.ChannelFaceToFace, 0
	case ev.ch == chWechat && chance(r, 0.1):
		ch = model.ChannelSocial
	case ev.ch != chStore && chance(r, 0.04):
		ch = model.ChannelOnline
	default:
		return
	}
	if promo > 0 && note == 1 {
		note = 2 // 活动期间下单
	}
	staff := p.owner
	if staff == "" {
		staff = agents[r.IntN(len(agents))]
	}
	g.contacts = append(g.contacts, contactEvent{ts: ev.ts, ch: ch, outcome: outDeal, note: int8(note), staff: staff})
}
