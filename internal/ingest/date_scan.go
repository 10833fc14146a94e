package ingest

import (
	"strings"
	"time"
)

// dateScanner is a cursor over a cleaned date string. The hand-written
// scanner (rather than a list of layouts or a regexp) keeps the hot path of
// an import at one pass with no allocation.
type dateScanner struct {
	s string
	i int
}

// digits reads up to max ASCII digits and returns the value and the count.
func (p *dateScanner) digits(max int) (v, n int) {
	for p.i < len(p.s) && n < max {
		c := p.s[p.i]
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int(c-'0')
		n++
		p.i++
	}
	return v, n
}

func (p *dateScanner) eat(tok string) bool {
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

// eatFold is eat for ASCII tokens, case-insensitively.
func (p *dateScanner) eatFold(tok string) bool {
	if len(p.s)-p.i >= len(tok) && strings.EqualFold(p.s[p.i:p.i+len(tok)], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *dateScanner) spaces() int {
	n := 0
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
		n++
	}
	return n
}

func (p *dateScanner) done() bool { return p.i == len(p.s) }

// scanDate reads the date forms ParseTime documents (all but the numeric
// and month-name ones). It returns errDate when the text is not one of its
// shapes, so that the caller can try the month-name layouts.
func scanDate(s string, dayFirst bool) (civil, error) {
	var c civil
	p := dateScanner{s: s}
	a, na := p.digits(9)
	if na == 0 {
		return c, errDate
	}
	chinese := false
	if p.eat("年") {
		if na != 4 {
			return c, errDate
		}
		m, nm := p.digits(2)
		if nm == 0 || !p.eat("月") {
			return c, errDate
		}
		d, nd := p.digits(2)
		if nd == 0 {
			return c, errDate
		}
		if !p.eat("日") {
			p.eat("号")
		}
		c.year, c.month, c.day = a, m, d
		chinese = true
	} else {
		if p.done() {
			return c, errDate
		}
		sep := p.s[p.i]
		if sep != '-' && sep != '/' && sep != '.' {
			return c, errDate
		}
		p.i++
		b, nb := p.digits(9)
		if nb == 0 || nb > 2 || p.done() || p.s[p.i] != sep {
			return c, errDate
		}
		p.i++
		d, nd := p.digits(9)
		switch {
		case na == 4 && nd >= 1 && nd <= 2:
			c.year, c.month, c.day = a, b, d
		case nd == 4 && na <= 2:
			c.year = d
			switch {
			case a > 12 && b <= 12:
				c.day, c.month = a, b
			case b > 12 && a <= 12:
				c.month, c.day = a, b
			case dayFirst:
				c.day, c.month = a, b
			default:
				c.month, c.day = a, b
			}
		case nd == 2 && na <= 2, na == 2 && nd <= 2:
			return c, errTwoDigitYear
		default:
			return c, errDate
		}
	}
	if p.done() {
		return c, nil
	}
	if !p.eat("T") && p.spaces() == 0 && !chinese {
		return c, errDate
	}
	if err := scanClock(&p, &c); err != nil {
		return c, err
	}
	return c, nil
}

// scanClock reads the time of day and zone after a date.
func scanClock(p *dateScanner, c *civil) error {
	pm, ampm := false, false
	switch {
	case p.eat("上午"), p.eat("凌晨"), p.eat("早上"):
		ampm = true
	case p.eat("下午"), p.eat("晚上"), p.eat("中午"):
		ampm, pm = true, true
	}
	p.spaces()
	h, nh := p.digits(2)
	if nh == 0 {
		return errDate
	}
	c.hour = h
	switch {
	case p.eat(":"):
		m, nm := p.digits(2)
		if nm == 0 {
			return errDate
		}
		c.min = m
		if p.eat(":") {
			sec, ns := p.digits(2)
			if ns != 2 {
				return errDate
			}
			c.sec = sec
			if p.eat(".") || p.eat(",") {
				f, nf := p.digits(9)
				if nf == 0 {
					return errDate
				}
				for ; nf < 9; nf++ {
					f *= 10
				}
				c.nsec = f
				// Ignore digits beyond nanoseconds.
				for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
					p.i++
				}
			}
		}
	case p.eat("时"), p.eat("点"):
		if m, nm := p.digits(2); nm > 0 {
			if !p.eat("分") {
				return errDate
			}
			c.min = m
			if sec, ns := p.digits(2); ns > 0 {
				if !p.eat("秒") {
					return errDate
				}
				c.sec = sec
			}
		} else {
			p.eat("整")
		}
	default:
		return errDate
	}
	p.spaces()
	if !ampm {
		switch {
		case p.eatFold("AM"), p.eatFold("a.m."):
			ampm = true
		case p.eatFold("PM"), p.eatFold("p.m."):
			ampm, pm = true, true
		}
		p.spaces()
	}
	if ampm {
		if c.hour < 1 || c.hour > 12 {
			return errDate
		}
		if pm && c.hour < 12 {
			c.hour += 12
		} else if !pm && c.hour == 12 {
			c.hour = 0
		}
	}
	if p.done() {
		return nil
	}
	if p.eatFold("Z") {
		c.hasZone = true
		return endOrErr(p)
	}
	if p.eatFold("UTC") || p.eatFold("GMT") {
		c.hasZone = true
		if p.done() {
			return nil
		}
	}
	if p.done() {
		return errDate
	}
	sign := 0
	switch p.s[p.i] {
	case '+':
		sign = 1
	case '-':
		sign = -1
	default:
		return errDate
	}
	p.i++
	oh, noh := p.digits(2)
	if noh != 2 {
		return errDate
	}
	om := 0
	p.eat(":")
	if m, nm := p.digits(2); nm == 2 {
		om = m
	} else if nm != 0 {
		return errDate
	}
	if oh > 14 || om > 59 {
		return errDate
	}
	c.hasZone = true
	c.offset = sign * (oh*3600 + om*60)
	return endOrErr(p)
}

func endOrErr(p *dateScanner) error {
	if p.done() {
		return nil
	}
	return errDate
}

// monthNameLayouts are tried, slowly, only when the scanner does not
// recognise a value: they cover exports that spell the month.
var monthNameLayouts = []string{
	"2 Jan 2006", "2-Jan-2006", "Jan 2, 2006", "Jan 2 2006", "January 2, 2006", "2 January 2006",
	"2 Jan 2006 15:04", "2-Jan-2006 15:04", "Jan 2, 2006 15:04", "2 Jan 2006 15:04:05", "2-Jan-2006 15:04:05", "Jan 2, 2006 15:04:05",
	"Jan 2, 2006 3:04 PM", "Jan 2, 2006 3:04:05 PM",
	time.RFC1123, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon Jan 2 15:04:05 2006", "Mon Jan 2 15:04:05 MST 2006",
	"2006-01-02 15:04:05.999999999 -0700 MST",
}

func layoutDate(s string) (civil, bool) {
	hasLetter := false
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			hasLetter = true
			break
		}
	}
	if !hasLetter {
		return civil{}, false
	}
	for _, l := range monthNameLayouts {
		t, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		c := civil{year: t.Year(), month: int(t.Month()), day: t.Day(), hour: t.Hour(), min: t.Minute(), sec: t.Second(), nsec: t.Nanosecond()}
		if strings.Contains(l, "-0700") {
			_, c.offset = t.Zone()
			c.hasZone = true
		} else if strings.Contains(l, "MST") {
			// time.Parse resolves zone abbreviations against the machine's
			// local zone, so only UTC and GMT mean the same everywhere.
			if !isUTCName(t) {
				return civil{}, false
			}
			c.hasZone = true
		}
		if c.check() != nil {
			return civil{}, false
		}
		return c, true
	}
	return civil{}, false
}

func isUTCName(t time.Time) bool {
	name, _ := t.Zone()
	return name == "UTC" || name == "GMT" || name == "Z"
}
