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
	// The range's columns in locals of one length: no bounds checks on them.
	cust := r.Cust[k.j:k.end]
	at, channel := r.At[k.j:k.end][:len(cust)], r.Channel[k.j:k.end][:len(cust)]
	rowOf, cutoff := p.rowOf, p.cutoff
	for i, c := range cust {
		row := rowOf[c]
		if row < 0 || at[i] >= cutoff {
			continue
		}
		ch := channel[i]
		if int(ch) >= len(b.channels) {
			return model.Invalid(fmt.Sprintf("interactions.channel[%d]", k.j+i), strconv.Itoa(int(ch)),
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
	cust := r.Cust[k.j:k.end]
	opened, closed, closedAt := r.OpenedAt[k.j:k.end][:len(cust)], r.Closed[k.j:k.end][:len(cust)], r.ClosedAt[k.j:k.end][:len(cust)]
	rowOf, cutoff := p.rowOf, p.cutoff
	for i, c := range cust {
		row := rowOf[c]
		if row < 0 || opened[i] >= cutoff {
			continue
		}
		if closed[i] && (closedAt[i] == NoTime || closedAt[i] < cutoff) {
			b.closed[row]++
		} else {
			b.open[row]++
		}
		if r.Category != nil && IsComplaint(r.Category[k.j+i]) {
			b.complaints[row]++
		}
	}
	return nil
}
