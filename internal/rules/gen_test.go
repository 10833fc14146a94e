package rules

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// gen produces seeded random customers and random rules over testSchema,
// for the back-end agreement tests, the fuzz seeds and the benchmarks.
type gen struct {
	rnd    *rand.Rand
	asOf   time.Time
	data   []testRecord
	fields map[Type][]string // sorted, so a seed always means the same thing
}

func newGen(seed uint64, asOf time.Time) *gen {
	g := &gen{rnd: rand.New(rand.NewPCG(seed, 0x5eed)), asOf: asOf, fields: map[Type][]string{}}
	for name, typ := range testSchema {
		g.fields[typ] = append(g.fields[typ], name)
	}
	for _, names := range g.fields {
		slices.Sort(names)
	}
	return g
}

var (
	genRegions = []string{"east", "west", "East", "north", "上海", "x' OR 1=1 --", ""}
	genNames   = []string{"Acme Ltd", "acme", "王五", "Bob's \"shop\"", "Zed", "a%b_c", ""}
	genTags    = []string{"vip", "new", "risk", "大客户", "a,b", "x' OR '1'='1"}
	genNumbers = []float64{0, -1, 0.3, 2.5, 3, 100, 999.99, 1000, 1e6}
)

func (g *gen) missing() bool { return g.rnd.IntN(100) < 15 }

func (g *gen) pick(s []string) string { return s[g.rnd.IntN(len(s))] }

// customers makes n random records. Missing numbers are absent or NaN at
// random; dates are sometimes exact midnights so date("…") can hit them.
func (g *gen) customers(n int) []testRecord {
	recs := make([]testRecord, n)
	for i := range recs {
		r := testRecord{nums: map[string]float64{}, strs: map[string]string{}, bools: map[string]bool{},
			dates: map[string]time.Time{}, tags: map[string][]string{}}
		if !g.missing() {
			r.nums["monetary"] = math.Round(g.rnd.Float64()*500000) / 100
		}
		if !g.missing() {
			r.nums["frequency"] = float64(g.rnd.IntN(12)) // stored in an INTEGER column
		} else if g.rnd.IntN(2) == 0 {
			r.nums["frequency"] = math.NaN()
		}
		if !g.missing() {
			r.nums["recency"] = float64(g.rnd.IntN(400)) + 0.1*float64(g.rnd.IntN(3))
		}
		if !g.missing() {
			r.nums["clv"] = genNumbers[g.rnd.IntN(len(genNumbers))]
		}
		for _, f := range []string{"region", "city"} {
			if !g.missing() {
				r.strs[f] = g.pick(genRegions)
			}
		}
		if !g.missing() {
			r.strs["name"] = g.pick(genNames)
		}
		for _, f := range g.fields[Bool] {
			if !g.missing() {
				r.bools[f] = g.rnd.IntN(2) == 0
			}
		}
		for _, f := range g.fields[Date] {
			if !g.missing() {
				t := g.asOf.AddDate(0, 0, -g.rnd.IntN(800))
				if g.rnd.IntN(3) > 0 {
					t = t.Add(time.Duration(g.rnd.IntN(86400)) * time.Second)
				}
				r.dates[f] = t
			}
		}
		for _, tag := range genTags {
			if g.rnd.IntN(4) == 0 {
				r.tags["tags"] = append(r.tags["tags"], tag)
			}
		}
		recs[i] = r
	}
	g.data = recs
	return recs
}

// rule makes a random tree at most depth levels deep.
func (g *gen) rule(depth int) node {
	if depth > 0 && g.rnd.IntN(3) > 0 {
		switch g.rnd.IntN(5) {
		case 0:
			return &notNode{x: g.rule(depth - 1)}
		case 1, 2:
			var terms []node
			for range 2 + g.rnd.IntN(2) {
				terms = flatAnd(terms, g.rule(depth-1))
			}
			return &andNode{terms: terms}
		default:
			var terms []node
			for range 2 + g.rnd.IntN(2) {
				terms = flatOr(terms, g.rule(depth-1))
			}
			return &orNode{terms: terms}
		}
	}
	return g.condition()
}

var genOps = []cmpOp{opEQ, opNE, opLT, opLE, opGT, opGE}

func (g *gen) condition() node {
	if g.rnd.IntN(40) == 0 {
		return &constNode{v: g.rnd.IntN(2) == 0}
	}
	types := []Type{Number, Number, String, Bool, Date, Date, StringSet}
	typ := types[g.rnd.IntN(len(types))]
	f := field{name: g.pick(g.fields[typ]), typ: typ}
	if typ == StringSet {
		return &hasNode{f: f, tag: g.pick(append(genTags, "absent"))}
	}
	roll := g.rnd.IntN(100)
	switch {
	case roll < 10:
		return &nullNode{f: f, neg: g.rnd.IntN(2) == 0}
	case roll < 25:
		items := make([]value, 1+g.rnd.IntN(4))
		for i := range items {
			items[i] = g.literal(f)
		}
		return &inNode{f: f, neg: g.rnd.IntN(2) == 0, items: items}
	case roll < 35 && typ == String:
		return &containsNode{f: f, sub: g.pick([]string{"a", "Acme", "'", "%", "_", "五", ""})}
	case roll < 35 && typ == Date:
		return &withinNode{f: f, dur: g.duration()}
	}
	op := genOps[g.rnd.IntN(len(genOps))]
	if typ == Bool {
		op = genOps[g.rnd.IntN(2)]
	}
	v := g.literal(f)
	if g.rnd.IntN(8) == 0 {
		v = value{kind: vField, f: field{name: g.pick(g.fields[typ]), typ: typ}}
	}
	return &cmpNode{f: f, op: op, v: v}
}

// literal draws a value for f, half the time one that occurs in the data
// so that equality and boundaries are exercised.
func (g *gen) literal(f field) value {
	var rec testRecord
	if len(g.data) > 0 {
		rec = g.data[g.rnd.IntN(len(g.data))]
	}
	fromData := g.rnd.IntN(2) == 0
	switch f.typ {
	case Number:
		if x, ok := rec.nums[f.name]; fromData && ok && !math.IsNaN(x) {
			return value{kind: vNumber, num: x}
		}
		return value{kind: vNumber, num: genNumbers[g.rnd.IntN(len(genNumbers))]}
	case String:
		if s, ok := rec.strs[f.name]; fromData && ok {
			return value{kind: vString, str: s}
		}
		return value{kind: vString, str: g.pick(append(genRegions, genNames...))}
	case Bool:
		return value{kind: vBool, b: g.rnd.IntN(2) == 0}
	}
	if g.rnd.IntN(2) == 0 {
		d := g.asOf.AddDate(0, 0, -g.rnd.IntN(800))
		if t, ok := rec.dates[f.name]; fromData && ok {
			d = t.In(g.asOf.Location())
		}
		return value{kind: vDate, day: civilDay{y: d.Year(), m: d.Month(), d: d.Day()}}
	}
	return value{kind: vAgo, dur: g.duration()}
}

func (g *gen) duration() duration {
	units := []byte{'d', 'd', 'w', 'm', 'y'}
	return duration{n: g.rnd.IntN(400), unit: units[g.rnd.IntN(len(units))]}
}
