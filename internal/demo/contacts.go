package demo

import (
	"cmp"
	"math"
	"slices"
	"time"

	"strata/internal/model"
)

// contactEvent is a planned interaction.
type contactEvent struct {
	ts      int64
	ch      string
	staff   string
	outcome int8
	note    int8 // index into notes[outcome]
}

// ticketEvent is a planned ticket; kind indexes ticketCategories.
type ticketEvent struct {
	ts   int64
	kind int8
}

// poissonDays draws event days on a..b at rate per weighted day under a
// seasonality profile and calls add for each, in order.
func (g *generator) poissonDays(prof, a, b int, rate float64, add func(k int)) {
	if b < a || rate <= 0 {
		return
	}
	cum := g.cal.cum[prof]
	u, lim, k := cum[a], cum[b+1], a
	for {
		u += g.r.ExpFloat64() / rate
		if u >= lim {
			return
		}
		for cum[k+1] <= u {
			k++
		}
		add(k)
	}
}

// officeTime returns a working-hours instant on day k no earlier than
// notBefore (which may fall on day k).
func (g *generator) officeTime(k int, notBefore int64) int64 {
	c, r := g.cal, g.r
	ts := c.ts(k, int64(hoursOffice.pick(r)*3600+r.IntN(3600)))
	if ts < notBefore {
		ts = notBefore + r.Int64N(max(1, c.start[k+1]-notBefore))
	}
	return ts
}

// emitContacts emits the interactions: contacts at the archetype's rate from
// registration on, plus those noted while emitting orders.
func (g *generator) emitContacts(sink Sink) error {
	p, r, b := &g.p, g.r, g.p.b
	rate := b.contactRate / 365.25
	g.poissonDays(profContact, p.regDay, g.cal.end, rate, func(k int) {
		ts := g.officeTime(k, p.regTs)
		ch := model.Channels[b.contactChannels.pick(r)]
		out := b.outcomes.pick(r)
		if p.arch == Churned && k > p.stop {
			out = churnedOutcomes.pick(r)
		}
		staff := p.owner
		if staff == "" || out == outComplaint || out == outAfterSales || !chance(r, 0.8) {
			staff = agents[r.IntN(len(agents))]
		}
		note := r.IntN(len(notes[out]))
		if out == outFollowUp && p.firstOrderDay < 0 {
			note = between(r, 2, 3) // nothing bought yet: 新品推荐回访, 会员权益提醒
		}
		g.contacts = append(g.contacts, contactEvent{ts: ts, ch: ch, staff: staff, outcome: int8(out), note: int8(note)})
	})
	slices.SortStableFunc(g.contacts, func(x, y contactEvent) int { return cmp.Compare(x.ts, y.ts) })
	in := &g.inter
	for i, ce := range g.contacts {
		*in = model.Interaction{
			ID: g.idString("IN", i+1, 4), CustomerID: p.id, At: time.Unix(ce.ts, 0).UTC(),
			Channel: ce.ch, Staff: ce.staff, Outcome: outcomeNames[ce.outcome], Note: notes[ce.outcome][ce.note],
		}
		if err := sink.Interaction(in); err != nil {
			return err
		}
	}
	return nil
}

// emitSurveys emits 1–3 surveys for the customers who answer them. Scores
// follow the customer's latent satisfaction; the first survey always states
// a preference.
func (g *generator) emitSurveys(sink Sink) error {
	p, r, c := &g.p, g.r, g.cal
	if !chance(r, p.b.surveyP) {
		return nil
	}
	n := 1
	if chance(r, 0.35) {
		n++
		if chance(r, 0.4) {
			n++
		}
	}
	from, notBefore := p.regDay, p.regTs
	if p.firstOrderDay >= 0 {
		from, notBefore = p.firstOrderDay, p.firstOrderTs
	}
	var ts [3]int64
	for i := range n {
		ts[i] = g.officeTime(between(r, from, c.end), notBefore)
	}
	slices.Sort(ts[:n])
	s := &g.surv
	for i := range n {
		csat := clampInt(int(math.Round(p.sat+0.6*r.NormFloat64())), 1, 5)
		nps := -1
		if !chance(r, 0.1) {
			nps = clampInt(int(math.Round(2*p.sat-0.6+1.3*r.NormFloat64())), 0, 10)
		}
		*s = model.Survey{ID: g.idString("SV", i+1, 2), CustomerID: p.id, At: time.Unix(ts[i], 0).UTC(), CSAT: csat, NPS: nps}
		if i == 0 || chance(r, 0.5) {
			s.Preference = model.Preferences[p.pref]
		}
		if chance(r, 0.5) {
			band := 2
			switch {
			case csat <= 2:
				band = 0
			case csat == 3:
				band = 1
			}
			s.Comment = comments[band][r.IntN(len(comments[band]))]
		}
		if err := sink.Survey(s); err != nil {
			return err
		}
	}
	return nil
}

// emitTickets emits the tickets: at the archetype's rate from the first
// purchase (or registration) on, plus those that came with returns.
// Resolution time is log-normal around a median set by severity; a ticket
// not resolved by the end of data is open.
func (g *generator) emitTickets(sink Sink) error {
	p, r, c := &g.p, g.r, g.cal
	from, notBefore := p.regDay, p.regTs
	if p.firstOrderDay >= 0 {
		from, notBefore = p.firstOrderDay, p.firstOrderTs
	}
	g.poissonDays(profContact, from, c.end, p.b.ticketRate*p.ticketMult/365.25, func(k int) {
		g.tickets = append(g.tickets, ticketEvent{ts: g.officeTime(k, notBefore), kind: int8(p.b.ticketKinds.pick(r))})
	})
	slices.SortStableFunc(g.tickets, func(x, y ticketEvent) int { return cmp.Compare(x.ts, y.ts) })
	bound := c.start[c.end+1]
	slow := pick2(p.arch == ServiceHeavy, 1.6, 1)
	t := &g.tick
	for i, te := range g.tickets {
		sev := severityByKind[te.kind].pick(r)
		hours := max(0.25, resolveHours[sev]*slow*math.Exp(0.8*r.NormFloat64()))
		closed := te.ts + int64(hours*3600)
		*t = model.Ticket{
			ID: g.idString("TK", i+1, 3), CustomerID: p.id, OpenedAt: time.Unix(te.ts, 0).UTC(),
			Category: ticketCategories[te.kind], Severity: severities[sev], Status: model.TicketOpen,
		}
		if closed < bound && !chance(r, 0.02) {
			t.Status, t.ClosedAt = model.TicketClosed, time.Unix(closed, 0).UTC()
			if chance(r, 0.65) {
				s := p.sat + 0.3 - 0.35*math.Log(hours/resolveHours[sev]) + 0.7*r.NormFloat64()
				t.Satisfaction = clampInt(int(math.Round(s)), 1, 5)
			}
		}
		if err := sink.Ticket(t); err != nil {
			return err
		}
	}
	return nil
}
