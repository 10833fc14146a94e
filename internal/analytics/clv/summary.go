package clv

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"strata/internal/model"
)

// Txn is one purchase as a columnar caller can produce it cheaply: an
// integer customer key, the purchase's day number (DayOf in the business
// time zone) and its value. Several Txn of a customer on one day are one
// purchase whose value is their sum.
type Txn struct {
	Customer int32
	Day      int32
	Value    float64
}

// Row is one customer's repeat-purchase summary, in the Unit of the options
// that built it.
type Row struct {
	X     float64 // repeat purchase days in the calibration period
	Tx    float64 // first purchase day → last calibration purchase day (0 when X = 0)
	T     float64 // first purchase day → calibration end
	Zbar  float64 // mean summed value of the repeat days (0 when X = 0)
	XStar float64 // purchase days in the holdout period
}

// Summary is the columnar form of many Rows; all slices have one entry per
// customer, Customer ascending when built by Summarize.
type Summary struct {
	Customer []int32
	X        []float64
	Tx       []float64
	T        []float64
	Zbar     []float64
	XStar    []float64
}

// Len is the number of customers.
func (s Summary) Len() int { return len(s.X) }

// Row returns customer i's row.
func (s Summary) Row(i int) Row {
	return Row{X: s.X[i], Tx: s.Tx[i], T: s.T[i], Zbar: s.Zbar[i], XStar: s.XStar[i]}
}

func (s *Summary) append(id int32, r Row) {
	s.Customer = append(s.Customer, id)
	s.X = append(s.X, r.X)
	s.Tx = append(s.Tx, r.Tx)
	s.T = append(s.T, r.T)
	s.Zbar = append(s.Zbar, r.Zbar)
	s.XStar = append(s.XStar, r.XStar)
}

// SummaryOptions fixes the periods and the unit of a summary. Both ends are
// inclusive day numbers (see DayOf). A HoldoutEnd not after CalibrationEnd
// means there is no holdout period (XStar is 0).
type SummaryOptions struct {
	CalibrationEnd int32
	HoldoutEnd     int32
	Unit           Unit
}

func (o SummaryOptions) validate() error {
	if !o.Unit.Valid() {
		return model.Invalid("unit", strconv.Itoa(int(o.Unit)), "must be a positive number of days (Days or Weeks)")
	}
	return nil
}

// lastDay is the last day that counts at all.
func (o SummaryOptions) lastDay() int32 { return max(o.CalibrationEnd, o.HoldoutEnd) }

// Summarize builds the repeat-purchase summary of every customer whose first
// purchase falls on or before the calibration end; customers first seen later
// are not in the calibration cohort and are left out (as in lifetimes'
// calibration_and_holdout_data). Purchases after the last counted day are
// ignored.
//
// Summarize sorts txns in place by (Customer, Day) with a stable sort — the
// order of a day's values is kept so that their sum is reproducible — and
// skips the sort when txns are already in that order. Pass a copy to keep the
// caller's order. A non-finite Value is an error.
func Summarize(txns []Txn, opt SummaryOptions) (Summary, error) {
	if err := opt.validate(); err != nil {
		return Summary{}, err
	}
	for i := range txns {
		if v := txns[i].Value; math.IsNaN(v) || math.IsInf(v, 0) {
			return Summary{}, model.Invalid(fmt.Sprintf("txns[%d].value", i), fmt.Sprint(v), "must be a finite number")
		}
	}
	byCustomerDay := func(a, b Txn) int {
		if c := cmp.Compare(a.Customer, b.Customer); c != 0 {
			return c
		}
		return cmp.Compare(a.Day, b.Day)
	}
	if !slices.IsSortedFunc(txns, byCustomerDay) {
		slices.SortStableFunc(txns, byCustomerDay)
	}
	var s Summary
	for i := 0; i < len(txns); {
		id := txns[i].Customer
		acc := newDayAcc(opt)
		for ; i < len(txns) && txns[i].Customer == id; i++ {
			acc.add(txns[i].Day, txns[i].Value)
		}
		if r, ok := acc.row(); ok {
			s.append(id, r)
		}
	}
	return s, nil
}

// SummarizeDays summarises one customer from day numbers in non-decreasing
// order (repeats are same-day purchases) and their values; values may be nil
// when only counts matter (Zbar is then 0). ok is false when the customer made
// no purchase on or before the calibration end.
func SummarizeDays(days []int32, values []float64, opt SummaryOptions) (r Row, ok bool, err error) {
	if err := opt.validate(); err != nil {
		return Row{}, false, err
	}
	if values != nil && len(values) != len(days) {
		return Row{}, false, model.Invalid("values", strconv.Itoa(len(values)), fmt.Sprintf("must have one value per day (%d days)", len(days)))
	}
	acc := newDayAcc(opt)
	for i, d := range days {
		if i > 0 && d < days[i-1] {
			return Row{}, false, model.Invalid(fmt.Sprintf("days[%d]", i), strconv.Itoa(int(d)), "days must be in non-decreasing order")
		}
		v := 0.0
		if values != nil {
			v = values[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Row{}, false, model.Invalid(fmt.Sprintf("values[%d]", i), fmt.Sprint(v), "must be a finite number")
			}
		}
		acc.add(d, v)
	}
	r, ok = acc.row()
	return r, ok, nil
}

// dayAcc folds one customer's purchases, in day order, into a Row. It merges
// same-day purchases and only ever looks at the current day, so the
// transaction and the per-customer entry points share it.
type dayAcc struct {
	opt       SummaryOptions
	started   bool
	first     int32
	cur       int32
	curVal    float64
	lastCal   int32
	x, xStar  int
	repeatSum float64
}

func newDayAcc(opt SummaryOptions) dayAcc { return dayAcc{opt: opt} }

func (a *dayAcc) add(day int32, v float64) {
	if day > a.opt.lastDay() {
		return
	}
	switch {
	case !a.started:
		a.started, a.first, a.lastCal, a.cur, a.curVal = true, day, day, day, v
	case day == a.cur:
		a.curVal += v
	default:
		a.flush()
		a.cur, a.curVal = day, v
	}
}

// flush books the finished current day.
func (a *dayAcc) flush() {
	switch {
	case a.cur == a.first:
		// The first purchase starts the clock; its value is not a repeat value.
	case a.cur <= a.opt.CalibrationEnd:
		a.x++
		a.repeatSum += a.curVal
		a.lastCal = a.cur
	default:
		a.xStar++
	}
}

func (a *dayAcc) row() (Row, bool) {
	if !a.started || a.first > a.opt.CalibrationEnd {
		return Row{}, false
	}
	a.flush()
	u := a.opt.Unit
	r := Row{
		X:     float64(a.x),
		Tx:    u.FromDays(float64(a.lastCal - a.first)),
		T:     u.FromDays(float64(a.opt.CalibrationEnd - a.first)),
		XStar: float64(a.xStar),
	}
	if a.x > 0 {
		r.Zbar = a.repeatSum / float64(a.x)
	}
	return r, true
}
