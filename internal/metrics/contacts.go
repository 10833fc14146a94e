package metrics

import (
	"fmt"
	"strconv"

	"strata/internal/model"
)

// The contact tables are folded record by record into the base sums of the
// record's row. Every record is checked for order (the binary searches that
// cut the chunks rely on it) and records at or after the cutoff are skipped.

func (p *pass) interactions(k cursor) error {
	r, b := &p.in.Interactions, p.b
	if j := k.unordered(r.Cust, r.At); j >= 0 {
		return unsorted("interactions", j)
	}
	for j := k.j; j < k.end; j++ {
		row := p.rowOf[r.Cust[j]]
		if row < 0 || r.At[j] >= p.cutoff {
			continue
		}
		ch := r.Channel[j]
		if int(ch) >= len(b.channels) {
			return model.Invalid(fmt.Sprintf("interactions.channel[%d]", j), strconv.Itoa(int(ch)),
				"must be a ChannelCode")
		}
		b.channels[ch][row]++
	}
	return nil
}

// surveys sums CSAT answers and, surveys being in time order, keeps the last
// NPS answer and the last non-empty preference (the later row wins a tie).
func (p *pass) surveys(k cursor) error {
	r, b := &p.in.Surveys, p.b
	if j := k.unordered(r.Cust, r.At); j >= 0 {
		return unsorted("surveys", j)
	}
	for j := k.j; j < k.end; j++ {
		row := p.rowOf[r.Cust[j]]
		if row < 0 || r.At[j] >= p.cutoff {
			continue
		}
		if r.CSAT != nil {
			if v := r.CSAT[j]; v >= 1 && v <= 5 {
				b.csatSum[row] += int32(v)
				b.csatN[row]++
			}
		}
		if r.NPS != nil {
			if v := r.NPS[j]; v >= 0 && v <= 10 {
				b.nps1[row] = v + 1
			}
		}
		if r.Preference != nil && r.Preference[j] != "" {
			b.preference1[row] = int32(j) + 1
		}
	}
	return nil
}

// tickets counts tickets opened up to D as they stood at D.
func (p *pass) tickets(k cursor) error {
	r, b := &p.in.Tickets, p.b
	if j := k.unordered(r.Cust, r.OpenedAt); j >= 0 {
		return unsorted("tickets", j)
	}
	for j := k.j; j < k.end; j++ {
		row := p.rowOf[r.Cust[j]]
		if row < 0 || r.OpenedAt[j] >= p.cutoff {
			continue
		}
		if r.Closed[j] && (r.ClosedAt[j] == NoTime || r.ClosedAt[j] < p.cutoff) {
			b.closed[row]++
		} else {
			b.open[row]++
		}
		if r.Category != nil && IsComplaint(r.Category[j]) {
			b.complaints[row]++
		}
	}
	return nil
}
