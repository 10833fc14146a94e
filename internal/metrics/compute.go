package metrics

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"time"

	"strata/internal/model"
)

// chunkSize is the number of customers a worker takes at a time: large
// enough to amortise the binary searches, small enough to balance two cores
// that other work also uses.
const chunkSize = 8192

// Compute builds the feature table of in as of in.AsOf. It is parallel over
// customer ranges (GOMAXPROCS workers) and deterministic. It fails with a
// *model.ValidationError when columns have mismatched lengths, records are
// not sorted by (Cust, time), or a code is out of range.
func Compute(in *Input) (*Table, error) {
	if err := validate(in); err != nil {
		return nil, err
	}
	cfg := in.Config.withDefaults()
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := in.AsOf.Date()
	asOf := civilDay(y, m, d)
	cutoff := dayStart(asOf+1, loc)
	rowOf, rows := includedRows(&in.Customers, cutoff)
	clk := newDayClock(loc, cutoff)
	t := &Table{asOf: civilMidnight(asOf), cutoff: time.Unix(cutoff, 0).UTC(), rows: rows,
		cust: in.Customers, pref: in.Surveys.Preference, clk: clk, fast: clk.fastFrom(), day: asOf, y: y, m: m, d: d}
	base := pass{
		in: in, clk: clk, rowOf: rowOf, cutoff: cutoff, fastFrom: clk.fastFrom(),
		winFrom:  asOf - int32(cfg.WindowDays) + 1,
		lastFrom: asOf - int32(cfg.TrendDays) + 1,
		prevFrom: asOf - 2*int32(cfg.TrendDays) + 1,
	}
	plan := samplePlan(in, rowOf, cutoff)
	b, tallies, err := fold(base, plan, len(rows))
	if err != nil {
		return nil, err
	}
	held, takeBack := plan.settle(tallies, b.premium)
	if held && len(takeBack) > 0 {
		plan.takeBack(in, rowOf, cutoff, takeBack, b.premium)
	}
	if !held {
		// A median outside its window: find the medians exactly, then
		// fold again with plain thresholds (see premiumPlan).
		med, err := categoryMedians(in, rowOf, cutoff, workers())
		if err != nil {
			return nil, err
		}
		if b, _, err = fold(base, exactPlan(premiumThresholds(med, in.Premium)), len(rows)); err != nil {
			return nil, err
		}
	}
	t.b = b
	return t, nil
}

// fold runs the pass over every customer into a new base of rows rows,
// in chunks on all cores; tallies are the chunks' median counts (nil
// entries when the plan counts nothing).
func fold(proto pass, plan *premiumPlan, rows int) (*base, []*tally, error) {
	b := newBase(rows)
	counts := slices.Contains(plan.counted, 1)
	cats := plan.cats()
	n := len(proto.rowOf)
	chunks := (n + chunkSize - 1) / chunkSize
	errs := make([]error, chunks)
	tallies := make([]*tally, chunks)
	absent := absentFor(&proto.in.Orders, proto.rowOf)
	parallel(workers(), chunks, func(k int) {
		p := proto // each chunk has its own scratch
		p.b, p.plan, p.cats, p.absent = b, plan, cats, absent
		if counts {
			p.tally = newTally(len(plan.counted) - 1)
			tallies[k] = p.tally
		}
		errs[k] = p.run(int32(k*chunkSize), int32(min(n, (k+1)*chunkSize)))
	})
	for _, err := range errs {
		if err != nil {
			return nil, nil, err // the lowest chunk's error, whatever the scheduling
		}
	}
	return b, tallies, nil
}

// absentFor is the scratch for o's absent optional columns: as long as
// the longest chunk's lines when one is absent, else empty.
func absentFor(o *OrderCols, rowOf []int32) *absentCols {
	if o.HasCost != nil && o.Cost != nil && o.Discount != nil && o.Category != nil && o.UnitPrice != nil {
		return &absentCols{}
	}
	longest, n := 0, len(rowOf)
	for c0 := 0; c0 < n; c0 += chunkSize {
		k := newCursor(o.Cust, int32(c0), int32(min(n, c0+chunkSize))) // the chunk's lines, as its pass finds them
		longest = max(longest, k.end-k.j)
	}
	return newAbsentCols(longest)
}

// Cutoff is the first instant after the as-of date of asOf (its own
// calendar date, as Input.AsOf) in the business zone loc (nil = UTC): a
// record belongs to a run as of that date iff its time is before the
// cutoff. It is the first local instant of the next day, which is not
// always local midnight (some zones skip or repeat midnight); loaders that
// filter records themselves should use it so that they agree with Compute.
func Cutoff(asOf time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := asOf.Date()
	return time.Unix(dayStart(civilDay(y, m, d)+1, loc), 0).In(loc)
}

// workers is the number of goroutines a parallel step uses.
func workers() int { return runtime.GOMAXPROCS(0) }

// withDefaults fills zero windows.
func (c Config) withDefaults() Config {
	if c.WindowDays == 0 {
		c.WindowDays = DefaultWindowDays
	}
	if c.TrendDays == 0 {
		c.TrendDays = DefaultTrendDays
	}
	return c
}

// includedRows decides which customers are in the table: those not
// registered after D. rowOf maps a customer index to its row or -1; rows is
// the inverse.
func includedRows(c *CustomerCols, cutoff int64) (rowOf, rows []int32) {
	rowOf = make([]int32, len(c.ID))
	rows = make([]int32, 0, len(c.ID))
	for i := range rowOf {
		if c.RegisteredAt != nil && c.RegisteredAt[i] >= cutoff {
			rowOf[i] = -1
			continue
		}
		rowOf[i] = int32(len(rows))
		rows = append(rows, int32(i))
	}
	return rowOf, rows
}

// validate checks what the passes rely on and cannot check cheaply
// themselves: column lengths, configuration and the customer keys' range.
func validate(in *Input) error {
	if in.Config.WindowDays < 0 || in.Config.TrendDays < 0 {
		return model.Invalid("config", fmt.Sprintf("%d/%d", in.Config.WindowDays, in.Config.TrendDays),
			"window and trend days must not be negative")
	}
	if in.AsOf.IsZero() {
		return model.Invalid("as_of", "", "is required")
	}
	n := len(in.Customers.ID)
	c := &in.Customers
	for _, col := range []struct {
		name string
		len  int
		set  bool
	}{
		{"customers.gender", len(c.Gender), c.Gender != nil},
		{"customers.region", len(c.Region), c.Region != nil},
		{"customers.city", len(c.City), c.City != nil},
		{"customers.occupation", len(c.Occupation), c.Occupation != nil},
		{"customers.income_band", len(c.IncomeBand), c.IncomeBand != nil},
		{"customers.source", len(c.Source), c.Source != nil},
		{"customers.owner", len(c.Owner), c.Owner != nil},
		{"customers.birth_date", len(c.BirthDate), c.BirthDate != nil},
		{"customers.age", len(c.Age), c.Age != nil},
		{"customers.registered_at", len(c.RegisteredAt), c.RegisteredAt != nil},
		{"customers.tags", len(c.Tags), c.Tags != nil},
	} {
		if col.set && col.len != n {
			return lengthError(col.name, col.len, n)
		}
	}
	o := &in.Orders
	if err := sameLen("orders", len(o.Cust), map[string]int{"at": len(o.At), "order": len(o.Order),
		"status": len(o.Status), "amount": len(o.Amount)}, map[string]int{"cost": len(o.Cost),
		"has_cost": len(o.HasCost), "discount": len(o.Discount), "unit_price": len(o.UnitPrice),
		"category": len(o.Category)}); err != nil {
		return err
	}
	if (o.Cost == nil) != (o.HasCost == nil) {
		return model.Invalid("orders.cost", "", "cost and has_cost go together")
	}
	if in.Premium != nil && len(in.Premium) != len(in.Categories) {
		return lengthError("premium", len(in.Premium), len(in.Categories))
	}
	ic := &in.Interactions
	if err := sameLen("interactions", len(ic.Cust), map[string]int{"at": len(ic.At), "channel": len(ic.Channel)}, nil); err != nil {
		return err
	}
	s := &in.Surveys
	if err := sameLen("surveys", len(s.Cust), map[string]int{"at": len(s.At)}, map[string]int{"csat": len(s.CSAT),
		"nps": len(s.NPS), "preference": len(s.Preference)}); err != nil {
		return err
	}
	tk := &in.Tickets
	if err := sameLen("tickets", len(tk.Cust), map[string]int{"opened_at": len(tk.OpenedAt), "closed": len(tk.Closed),
		"closed_at": len(tk.ClosedAt)}, map[string]int{"category": len(tk.Category)}); err != nil {
		return err
	}
	for _, tab := range []struct {
		name string
		cust []int32
	}{{"orders", o.Cust}, {"interactions", ic.Cust}, {"surveys", s.Cust}, {"tickets", tk.Cust}} {
		if err := covered(tab.name, tab.cust, int32(n)); err != nil {
			return err
		}
	}
	return nil
}

// covered checks that the chunks' ranges of a record table, found by
// binary searches on its customer column (newCursor), tile the whole
// table: then the passes see every record and report any out of order or
// out of range. Chunk k's last search is chunk k+1's first, so the ranges
// are contiguous, and only the ends need a check. In a sorted column of
// indexes in 0..n-1 they hold; in any other, a search can land past
// records that no chunk would then see (a -1 in the middle of
// [0, -1, 0, 1] moves the first range to start at the third record).
func covered(table string, cust []int32, n int32) error {
	k := len(cust)
	if k == 0 {
		return nil
	}
	if cust[0] >= 0 && cust[k-1] < n && lowerBound(cust, 0) == 0 && lowerBound(cust, n) == k {
		return nil
	}
	j := 0 // the first record out of range or out of order, to name it
	for j < k-1 && cust[j] >= 0 && cust[j] < n && cust[j+1] >= cust[j] {
		j++
	}
	if j < k-1 && cust[j] >= 0 && cust[j] < n {
		j++ // cust[j+1] < cust[j]: the later record is the one out of place
	}
	return model.Invalid(fmt.Sprintf("%s.cust[%d]", table, j), strconv.Itoa(int(cust[j])),
		fmt.Sprintf("must be a customer index below %d, sorted", n))
}

// sameLen checks that required columns have length n and optional ones
// (length 0 = absent) too.
func sameLen(table string, n int, required, optional map[string]int) error {
	for name, l := range required {
		if l != n {
			return lengthError(table+"."+name, l, n)
		}
	}
	for name, l := range optional {
		if l != 0 && l != n {
			return lengthError(table+"."+name, l, n)
		}
	}
	return nil
}

func lengthError(name string, got, want int) error {
	return model.Invalid(name, strconv.Itoa(got), fmt.Sprintf("must have %d entries", want))
}

// lowerBound is the first index whose customer is >= c.
func lowerBound(cust []int32, c int32) int {
	return sort.Search(len(cust), func(i int) bool { return cust[i] >= c })
}

// civilMidnight is day n as UTC midnight, the package's way to hand a date
// back as a time.Time.
func civilMidnight(n int32) time.Time {
	return time.Unix(int64(n)*secondsPerDay, 0).UTC()
}
