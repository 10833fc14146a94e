package metrics

import (
	"fmt"
	"math"
	"strconv"

	"strata/internal/model"
)

// contactStats is one customer's interactions, surveys and tickets up to D.
type contactStats struct {
	channels       [6]int32 // by ChannelCode
	interactions   int32
	csatSum, csatN int32
	nps            int8 // latest answer, -1 none
	preference     string
	open, closed   int32
	complaints     int32
}

// contacts folds customer c's interactions, surveys and tickets and moves
// the cursors past them.
func (p *pass) contacts(c int32, ic, sc, tc *cursor) (contactStats, error) {
	s := contactStats{nps: -1}
	if err := p.interactions(c, ic, &s); err != nil {
		return s, err
	}
	if err := p.surveys(c, sc, &s); err != nil {
		return s, err
	}
	return s, p.tickets(c, tc, &s)
}

func (p *pass) interactions(c int32, k *cursor, s *contactStats) error {
	r := &p.in.Interactions
	prevT := int64(math.MinInt64)
	for ; k.j < k.end && r.Cust[k.j] == c; k.j++ {
		t := r.At[k.j]
		if t >= p.cutoff {
			break
		}
		if t < prevT {
			return unsorted("interactions", k.j)
		}
		prevT = t
		ch := r.Channel[k.j]
		if int(ch) >= len(s.channels) {
			return model.Invalid(fmt.Sprintf("interactions.channel[%d]", k.j), strconv.Itoa(int(ch)),
				"must be a ChannelCode")
		}
		s.channels[ch]++
		s.interactions++
	}
	k.skip(r.Cust, c)
	return nil
}

// surveys keeps the mean CSAT and, surveys being in time order, the last
// NPS answer and the last non-empty preference (the later row wins a tie).
func (p *pass) surveys(c int32, k *cursor, s *contactStats) error {
	r := &p.in.Surveys
	prevT := int64(math.MinInt64)
	for ; k.j < k.end && r.Cust[k.j] == c; k.j++ {
		t := r.At[k.j]
		if t >= p.cutoff {
			break
		}
		if t < prevT {
			return unsorted("surveys", k.j)
		}
		prevT = t
		if r.CSAT != nil {
			if v := r.CSAT[k.j]; v >= 1 && v <= 5 {
				s.csatSum += int32(v)
				s.csatN++
			}
		}
		if r.NPS != nil {
			if v := r.NPS[k.j]; v >= 0 && v <= 10 {
				s.nps = v
			}
		}
		if r.Preference != nil && r.Preference[k.j] != "" {
			s.preference = r.Preference[k.j]
		}
	}
	k.skip(r.Cust, c)
	return nil
}

// tickets counts tickets opened up to D as they stood at D.
func (p *pass) tickets(c int32, k *cursor, s *contactStats) error {
	r := &p.in.Tickets
	prevT := int64(math.MinInt64)
	for ; k.j < k.end && r.Cust[k.j] == c; k.j++ {
		t := r.OpenedAt[k.j]
		if t >= p.cutoff {
			break
		}
		if t < prevT {
			return unsorted("tickets", k.j)
		}
		prevT = t
		if r.Closed[k.j] && (r.ClosedAt[k.j] == NoTime || r.ClosedAt[k.j] < p.cutoff) {
			s.closed++
		} else {
			s.open++
		}
		if r.Category != nil && IsComplaint(r.Category[k.j]) {
			s.complaints++
		}
	}
	k.skip(r.Cust, c)
	return nil
}
