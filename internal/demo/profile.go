package demo

import (
	"math"
	"time"

	"strata/internal/model"
)

// person is the hidden state of the customer being generated: who they are
// and the plan their records follow.
type person struct {
	index int
	arch  Archetype
	b     *behaviour
	id    string

	regTs  int64 // registration instant, Unix seconds
	regDay int
	city   int // index into cities; -1 unknown
	owner  string

	rate       float64 // purchases per seasonally weighted day
	spend      float64 // mean order value, yuan
	tau        float64 // Drifting: decay time of the purchase rate, days
	stop       int     // Churned: last day they may buy
	gapStart   int     // WonBack: last day before the gap
	gapEnd     int     // WonBack: first day after the gap
	primary    int     // primary sales channel
	contract   float64 // KeyAccount: negotiated rebate on every line
	sat        float64 // latent satisfaction, 1–5 scale
	pref       int     // stated preference, index into model.Preferences
	ticketMult float64 // how much more or less than their archetype they call for help

	firstOrderTs  int64 // set by the orders; 0 when none
	firstOrderDay int   // -1 when none
}

// profile draws the customer's archetype, plan and record. The archetype
// must remain the first draw (ArchetypeOf replays it).
func (g *generator) profile(i int) {
	r := g.r
	a := drawArchetype(r)
	b := &behaviours[a]
	g.num = appendPadded(g.num[:0], i+1, customerNumberWidth)
	g.buf = append(append(g.buf[:0], 'C'), g.num...)
	g.p = person{index: i, arch: a, b: b, id: string(g.buf), firstOrderDay: -1}
	p := &g.p

	g.register()
	p.rate = gammaMean(r, max(b.rateShape, 1), max(b.rateMean, 0.1)) / 365.25
	p.spend = max(30, gammaMean(r, b.spendShape, b.spendMean))
	if a == Drifting {
		p.tau = uniform(r, 120, 360)
	}
	p.primary = b.channels.pick(r)
	p.contract = uniform(r, b.discLo, b.discHi)
	p.sat = min(5.2, max(1, b.csat+0.45*r.NormFloat64()))
	p.pref = b.prefs.pick(r)
	p.ticketMult = gammaMean(r, 2, 1)

	g.cust = model.Customer{ID: p.id, RegisteredAt: time.Unix(p.regTs, 0).UTC()}
	g.demographics()
}

// register chooses the registration day and, for churned and won-back
// customers, the shape of their activity. Sign-ups grow over time (the
// square root skews them late), long-standing archetypes often predate the
// history.
func (g *generator) register() {
	r, c, p := g.r, g.cal, &g.p
	span := c.end - c.hist
	pre := func() int { return between(r, 0, c.hist-1) }
	growth := func(lo, hi int) int {
		if hi <= lo {
			return lo
		}
		return min(hi, lo+int(math.Sqrt(r.Float64())*float64(hi-lo+1)))
	}
	var day int
	switch p.arch {
	case Prospect:
		day = between(r, c.end-59, c.end)
	case OneTime:
		day = growth(c.hist, c.end-1)
	case Loyal:
		if chance(r, 0.6) {
			day = pre()
		} else {
			day = between(r, c.hist, c.hist+span*2/5)
		}
	case KeyAccount:
		if chance(r, 0.5) {
			day = pre()
		} else {
			day = between(r, c.hist, c.end-90)
		}
	case Drifting:
		if chance(r, 0.4) {
			day = pre()
		} else {
			day = between(r, c.hist, c.hist+span*3/5)
		}
	case Churned:
		p.stop = c.end - between(r, 183, 548)
		if chance(r, 0.3) || p.stop-60 < c.hist {
			day = min(pre(), p.stop-60)
		} else {
			day = growth(c.hist, p.stop-60)
		}
	case WonBack:
		p.gapEnd = c.end - between(r, 30, 200)
		p.gapStart = p.gapEnd - between(r, 190, 420)
		if chance(r, 0.4) || p.gapStart-60 < c.hist {
			day = min(pre(), p.gapStart-60)
		} else {
			day = between(r, c.hist, p.gapStart-60)
		}
	default:
		if chance(r, 0.3) {
			day = pre()
		} else {
			day = growth(c.hist, c.end-30)
		}
	}
	day = clampInt(day, 0, c.end)
	p.regDay = day
	p.regTs = c.ts(day, int64(hoursOnline.pick(r)*3600+r.IntN(3600)))
}

// demographics fills the customer record.
func (g *generator) demographics() {
	r, p, c := g.r, &g.p, &g.cust
	p.city = -1
	if !chance(r, 0.015) {
		p.city = cityWeights.pick(r)
		ct := &cities[p.city]
		c.Region, c.City = regionNames[ct.region], ct.name
	}
	if p.arch == KeyAccount {
		g.corporate()
		return
	}
	male := chance(r, 0.5)
	switch u := r.Float64(); {
	case u < 0.97:
		c.Gender = model.GenderFemale
		if male {
			c.Gender = model.GenderMale
		}
	case u < 0.975:
		c.Gender = model.GenderOther
	}
	band := ageWeights.pick(r)
	if (p.arch == Loyal || p.arch == QualityBuyer) && band < 3 && chance(r, 0.3) {
		band++ // money comes with age
	}
	age := between(r, ageLo[band], ageHi[band])
	end := g.cal.endDate
	switch u := r.Float64(); {
	case u < 0.70:
		c.BirthDate = time.Date(end.Year()-age, end.Month(), end.Day()-1-r.IntN(363), 0, 0, 0, 0, time.UTC)
	case u < 0.82:
		c.Age = age
	}
	birthYear := end.Year() - age

	english := chance(r, 0.15)
	si := surnameWeights.pick(r)
	sn := &surnames[si]
	var first, given string
	var gn *givenName
	if english {
		if male {
			first = englishMale[r.IntN(len(englishMale))]
		} else {
			first = englishFemale[r.IntN(len(englishFemale))]
		}
		last := surnameTitles[si]
		if !chance(r, 0.4) {
			last = englishSurnames[r.IntN(len(englishSurnames))]
		}
		c.Name = first + " " + last
		given = last
	} else {
		gn = g.givenName(male, birthYear)
		c.Name = sn.han + gn.han
	}
	if chance(r, 0.94) {
		c.Phone = g.mobile()
	}
	if chance(r, 0.78) {
		if english {
			c.Email = g.englishEmail(first, given)
		} else {
			c.Email = g.chineseEmail(sn.pinyin, gn.pinyin, birthYear)
		}
	}
	occ := -1
	if chance(r, 0.85) {
		switch {
		case age <= 23 && chance(r, 0.6):
			c.Occupation = occStudent
		case age >= 60 && chance(r, 0.7):
			c.Occupation = occRetired
		default:
			occ = occupationWeights.pick(r)
			c.Occupation = occupations[occ]
		}
	}
	if chance(r, 0.75) {
		c.IncomeBand = incomeBands[g.income(c.Occupation, occ)]
	}
	if p.city >= 0 && chance(r, 0.8) {
		c.Address = g.address(false)
	}
	g.assign()
}

// givenName draws a given name fitting the birth year; a few redraws are
// enough because most names are timeless.
func (g *generator) givenName(male bool, birthYear int) *givenName {
	list := femaleGiven
	if male {
		list = maleGiven
	}
	var gn *givenName
	for range 4 {
		gn = &list[g.r.IntN(len(list))]
		switch {
		case gn.era == eraOld && birthYear > 1975, gn.era == eraYoung && birthYear < 1990:
			continue
		}
		break
	}
	return gn
}

// income draws an income band shifted by occupation and archetype.
func (g *generator) income(occupation string, occ int) int {
	r := g.r
	switch occupation {
	case occStudent:
		if chance(r, 0.85) {
			return 0
		}
		return 1
	case occRetired:
		return min(incomeWeights.pick(r), 2)
	}
	band := incomeWeights.pick(r)
	shift := g.p.b.incomeUp
	if occ >= 0 {
		shift += occupationIncome[occ]
	}
	if shift != 0 && chance(r, 0.5) {
		band += shift
	}
	return clampInt(band, 0, len(incomeBands)-1)
}

// assign sets owner, source and tags, common to people and companies.
func (g *generator) assign() {
	r, p, c := g.r, &g.p, &g.cust
	b := p.b
	if chance(r, b.pOwned) {
		switch {
		case p.arch == KeyAccount:
			p.owner = keyAccounts[r.IntN(len(keyAccounts))]
		case p.city >= 0:
			reps := regionReps[cities[p.city].region]
			p.owner = reps[r.IntN(len(reps))]
		default:
			p.owner = allReps[r.IntN(len(allReps))]
		}
	}
	c.Owner = p.owner
	c.Source = sources[b.sources.pick(r)]

	var tags []string
	add := func(ok bool, t string) {
		if ok {
			tags = append(tags, t)
		}
	}
	end := g.cal.end
	add(p.arch == KeyAccount, TagCorporate)
	add(chance(r, b.vipP), TagVIP)
	add(chance(r, b.memberP), TagMember)
	add(p.regDay <= end-730 && chance(r, 0.85), TagLongTime)
	add(p.regDay >= end-90 && chance(r, 0.8), TagNew)
	add(chance(r, pick2(p.arch == BargainHunter, 0.5, 0.04)), TagPrice)
	add((c.IncomeBand == ">50k" && chance(r, 0.6)) || (p.arch == QualityBuyer && chance(r, 0.2)), TagWealthy)
	add(chance(r, pick2(p.arch == ServiceHeavy, 0.3, 0.01)), TagWatch)
	add(p.arch == KeyAccount && chance(r, 0.3), TagGroupBuy)
	c.Tags = tags
}

// corporate fills the record of a key account: a company, no person data.
func (g *generator) corporate() {
	r, p, c := g.r, &g.p, &g.cust
	tn := &tradeNames[r.IntN(len(tradeNames))]
	ind := &industries[r.IntN(len(industries))]
	cityName := "上海"
	if p.city >= 0 {
		cityName = cities[p.city].name
	}
	c.Name = cityName + tn.han + ind.han + legalNames[legalForms.pick(r)]
	c.Phone = g.mobile()
	if chance(r, 0.85) {
		b := append(g.buf[:0], [...]string{"purchase", "caigou", "admin", "service"}[r.IntN(4)]...)
		b = append(b, '@')
		b = append(b, tn.pinyin...)
		b = append(b, '-')
		b = append(b, ind.pinyin...)
		b = append(b, ".com.cn"...)
		g.buf = b
		c.Email = string(b)
	}
	if p.city >= 0 {
		c.Address = g.address(true)
	}
	g.assign()
}
