package metrics

import (
	"math"
	"slices"
)

// A purchase line is premium when its category is marked premium or its
// unit price is above the median unit price of its category (the
// population: every included customer's paid lines of positive amount and
// positive unit price, up to the cutoff). The medians depend on every line,
// the premium spend of a customer on its own lines: done naively that is
// one pass for the medians and another for the customers.
//
// Compute instead decides most lines in its one pass over the customers.
// Before it, a small systematic sample of the lines places a window
// [lo, hi] around each category's median (premiumPlan, samplePlan). In the
// pass, a line priced at or below lo is taken as not premium and one priced
// at or above hi as premium; those priced strictly inside the window (a few
// percent) are kept with their customer's row, and every line of the
// population is counted by where its price falls. After the pass, the
// counts tell whether both middle order statistics fall inside the window
// (settle); if so, the median is selected among the kept prices and the
// kept lines above it are added to their customers' premium spend. When
// both middle values are hi itself, the lines priced exactly hi were taken
// as premium wrongly, and one more pass over the lines takes them back
// (takeBack): data with few distinct prices does that. When a median lies
// outside its window (a sample that misled, which five standard deviations
// of margin make very unlikely, or data arranged against the sample's
// stride), Compute falls back to the exact two-pass method
// (categoryMedians) and folds the lines again. Either way the result is
// exact and the same.

// Sampling parameters of samplePlan.
var (
	sampleTarget = 1 << 16 // lines sampled, about (a variable for the tests); each costs a few cache misses
)

const (
	windowSigmas = 5.0 // half-width of the window, in standard deviations of the sample median's rank
	minSample    = 64  // a category with fewer sampled prices keeps every line of its population
)

// premiumPlan tells the pass how to treat a purchase line of category
// index ci (0 = no category, c+1 = category c) and unit price price:
// premium when price > above[ci] (for counted categories above = hi-1, which
// settle may correct at hi); when counted[ci] is 1 and price > 0, the line
// is in the median population and falls in band b2i(price >= lo) +
// b2i(price > lo) + b2i(price >= hi) + b2i(price > hi): 0 below the window,
// 1 at lo, 2 inside (kept), 3 at hi, 4 above; lo < hi.
type premiumPlan struct {
	above   []int64
	lo, hi  []int64
	counted []int32
	// keep estimates, from the sample, the share of all lines that a
	// category's window keeps: what a chunk reserves for them.
	keep []float64
}

// catPlan is premiumPlan's entry for one category index, together, so
// that the pass finds all of a line's in one place.
type catPlan struct {
	above, lo, hi int64
	counted       int32
}

// cats lays the plan out by category index.
func (p *premiumPlan) cats() []catPlan {
	out := make([]catPlan, len(p.above))
	for ci := range out {
		out[ci] = catPlan{above: p.above[ci], lo: p.lo[ci], hi: p.hi[ci], counted: p.counted[ci]}
	}
	return out
}

// exactPlan applies thresholds from premiumThresholds: nothing is counted
// or kept.
func exactPlan(thr []int64) *premiumPlan {
	n := len(thr)
	p := &premiumPlan{above: thr, lo: make([]int64, n), hi: make([]int64, n), counted: make([]int32, n), keep: make([]float64, n)}
	for ci := range n {
		p.lo[ci], p.hi[ci] = math.MaxInt64-1, math.MaxInt64
	}
	return p
}

// samplePlan places the windows from a systematic sample of the lines
// (every stride-th line), so that it needs no pass over all of them.
func samplePlan(in *Input, rowOf []int32, cutoff int64) *premiumPlan {
	ncat := len(in.Categories)
	o := &in.Orders
	thr := premiumThresholds(make([]int64, ncat), in.Premium) // premium categories: always; others: set below
	p := exactPlan(thr)
	if ncat == 0 || o.UnitPrice == nil || o.Category == nil {
		for c := range ncat {
			if in.Premium == nil || !in.Premium[c] {
				p.above[c+1] = math.MaxInt64 // no prices: no median
			}
		}
		return p
	}
	// Every stride-th line, in parts on all cores.
	n := len(o.Cust)
	stride := max(1, n/sampleTarget)
	sampled := (n + stride - 1) / stride
	parts := min(workers(), max(1, sampled/4096))
	partSamples := make([][][]int64, parts)
	parallel(parts, parts, func(w int) {
		mine := make([][]int64, ncat)
		for i := w * sampled / parts; i < (w+1)*sampled/parts; i++ {
			j := i * stride
			c := o.Cust[j]
			if uint32(c) >= uint32(len(rowOf)) || rowOf[c] < 0 || o.At[j] >= cutoff || o.Status[j] != StatusPaid || o.Amount[j] <= 0 {
				continue
			}
			v, cat := o.UnitPrice[j], int(o.Category[j])
			if v > 0 && cat >= 0 && cat < ncat { // a category out of range is the pass's to report
				mine[cat] = append(mine[cat], v)
			}
		}
		partSamples[w] = mine
	})
	samples := make([][]int64, ncat)
	parallel(workers(), ncat, func(c int) {
		var s []int64
		for _, mine := range partSamples {
			s = append(s, mine[c]...)
		}
		slices.Sort(s)
		samples[c] = s
	})
	for c := range ncat {
		ci := c + 1
		if in.Premium != nil && in.Premium[c] {
			continue // always premium: no median needed
		}
		p.counted[ci] = 1
		lo, hi := int64(0), int64(math.MaxInt64) // no bounds: every line of the population is kept
		if s := samples[c]; len(s) >= minSample {
			mid, half := float64(len(s)-1)/2, windowSigmas*math.Sqrt(float64(len(s)))/2
			if a := int(math.Floor(mid - half)); a > 0 {
				lo = s[a]
			}
			if b := int(math.Ceil(mid + half)); b < len(s)-1 {
				hi = s[b]
				// A price repeated from the middle of the sample up to b is
				// most likely the median itself: were it hi, its lines would
				// be taken as premium and, if both middle prices are that
				// price, taken back by another pass. Keep them instead: hi
				// is the next price of the sample.
				if v := s[int(mid)]; hi == v && lo < v {
					hi = math.MaxInt64
					if k, _ := slices.BinarySearch(s, v+1); k < len(s) {
						hi = s[k]
					}
				}
			}
			if hi <= lo {
				hi = lo + 1 // one price fills the window: nothing lies strictly inside
			}
			inside := 0
			for _, v := range s {
				inside += int(b2i(v > lo && v < hi))
			}
			p.keep[ci] = float64(inside) / float64(sampled)
		} else {
			p.keep[ci] = float64(len(s)) / float64(max(1, sampled))
		}
		p.lo[ci], p.hi[ci], p.above[ci] = lo, hi, hi-1
	}
	return p
}

// bands is the number of price bands of a category (see premiumPlan).
const bands = 5

// tally is one chunk's share of the median search: the population counted
// by band (per category index; eight slots so that a band needs no bounds
// check) and the lines kept inside the windows.
type tally struct {
	bands [][8]int32
	kept  []keptLines // by category index
}

// keptLines are purchase lines priced inside their category's window.
type keptLines struct {
	rows    []int32
	prices  []int64
	amounts []int64
}

func newTally(ncat int) *tally {
	return &tally{bands: make([][8]int32, ncat+1), kept: make([]keptLines, ncat+1)}
}

// reserve makes room for the lines a chunk of lines order lines is
// expected to keep, with a margin, so that appending rarely grows them.
func (t *tally) reserve(p *premiumPlan, lines int) {
	for ci, share := range p.keep {
		if p.counted[ci] == 0 || share == 0 {
			continue
		}
		n := int(share*float64(lines)*1.2) + 16
		k := &t.kept[ci]
		k.rows, k.prices, k.amounts = make([]int32, 0, n), make([]int64, 0, n), make([]int64, 0, n)
	}
}

// settle finds each counted category's median from the chunks' tallies
// and adds the kept lines above it to their rows' premium spend. held is
// false, and nothing is changed, when some median lies outside its window.
// takeBack lists the category indexes whose median is hi: their lines
// priced hi are not premium (see premiumPlan.takeBack).
func (p *premiumPlan) settle(tallies []*tally, premium []int64) (held bool, takeBack []int) {
	// Categories are settled on all cores, each on its own; the kept lines
	// are then corrected a chunk's tally at a time (chunks own disjoint
	// customers, categories do not).
	n := len(p.counted)
	thr := make([]int64, n)
	missed := make([]bool, n)
	parallel(workers(), n, func(ci int) { thr[ci], missed[ci] = p.settleCategory(ci, tallies) })
	for ci := range n {
		if missed[ci] {
			return false, nil
		}
		if p.counted[ci] != 0 && thr[ci] >= p.hi[ci] {
			takeBack = append(takeBack, ci)
		}
	}
	parallel(workers(), len(tallies), func(k int) {
		t := tallies[k]
		if t == nil {
			return
		}
		for ci, counted := range p.counted {
			if counted == 0 {
				continue
			}
			kl := &t.kept[ci]
			for i, v := range kl.prices {
				premium[kl.rows[i]] += sel(v > thr[ci], kl.amounts[i])
			}
		}
	})
	return true, takeBack
}

// settleCategory finds category ci's premium threshold from the tallies
// (0 when it has no price or counts nothing); missed reports a median
// outside the window.
func (p *premiumPlan) settleCategory(ci int, tallies []*tally) (thr int64, missed bool) {
	if p.counted[ci] == 0 {
		return 0, false
	}
	var band [bands]int
	var blocks [][]int64
	for _, t := range tallies {
		if t == nil {
			continue
		}
		for b := range band {
			band[b] += int(t.bands[ci][b])
		}
		if k := t.kept[ci].prices; len(k) > 0 {
			blocks = append(blocks, k)
		}
	}
	total := 0
	for _, n := range band {
		total += n
	}
	if total == 0 {
		return 0, false // no price in this category: nothing was kept or taken as premium
	}
	k1, k2 := (total-1)/2, total/2
	lo, hi := p.lo[ci], p.hi[ci]
	atLo, inside, atHi := band[0]+band[1], band[0]+band[1]+band[2], band[0]+band[1]+band[2]+band[3]
	if k1 < band[0] || k2 >= atHi {
		return 0, true
	}
	// The order statistics from band[0] on: lo, then the kept prices (in
	// (lo, hi)), then hi.
	stat := func(k int) int64 {
		switch {
		case k < atLo:
			return lo
		case k < inside:
			j := k - atLo
			return selectPair(blocks, lo+1, hi-1, j, j) / 2
		}
		return hi
	}
	var m int64
	if k1 >= atLo && k2 < inside { // both kept: one selection
		m = selectPair(blocks, lo+1, hi-1, k1-atLo, k2-atLo)
	} else {
		m = stat(k1) + stat(k2)
	}
	return m >> 1, false // as premiumThresholds: 2·price > m ⇔ price > ⌊m/2⌋
}

// takeBack subtracts from the premium spend the lines of the categories
// cis priced exactly at their window's hi, which the pass took as premium
// and settle found are not (both middle prices are hi): a pass over the
// order lines, by chunks of customers so that each row has one writer.
func (p *premiumPlan) takeBack(in *Input, rowOf []int32, cutoff int64, cis []int, premium []int64) {
	o := &in.Orders
	hi := make([]int64, len(p.hi)) // hi of the categories to correct, else 0 (no positive price matches)
	for _, ci := range cis {
		hi[ci] = p.hi[ci]
	}
	n := len(rowOf)
	chunks := (n + chunkSize - 1) / chunkSize
	parallel(workers(), chunks, func(k int) {
		for j, end := lowerBound(o.Cust, int32(k*chunkSize)), lowerBound(o.Cust, int32(min(n, (k+1)*chunkSize))); j < end; j++ {
			ci := int(o.Category[j]) + 1
			if v := o.UnitPrice[j]; v <= 0 || v != hi[ci] || o.Amount[j] <= 0 || o.Status[j] != StatusPaid || o.At[j] >= cutoff {
				continue
			}
			if r := rowOf[o.Cust[j]]; r >= 0 {
				premium[r] -= o.Amount[j]
			}
		}
	})
}
