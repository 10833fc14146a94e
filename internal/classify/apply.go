package classify

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"strata/internal/model"
	"strata/internal/rules"
)

// Features is the per-customer feature table (metrics.Table satisfies it):
// numeric, date (unix seconds) and bool (0/1) columns with NaN for missing,
// string columns with "" for missing, and tags.
type Features interface {
	Len() int
	IDs() []string
	Num(field string) ([]float64, bool)
	Str(field string) ([]string, bool)
	Tags() [][]string
}

// NoClass marks a customer without a class (never produced by the built-in
// schemes, which are total).
const NoClass = math.MaxUint16

// Used records what a run used to assign a scheme's classes: the thresholds
// (every number a reason quotes) and the effective class list, which for
// group_by schemes depends on the data. A run stores it so that reasons can
// be re-derived from the snapshot.
type Used struct {
	Values  map[string]float64 `json:"values,omitempty"`
	Classes []Class            `json:"classes"`
}

// Result is one scheme applied to every customer.
type Result struct {
	Scheme *Scheme
	Used   Used
	Class  []uint16 // index into Used.Classes per customer
	Counts []int    // customers per class
	// Extra holds derived per-customer columns worth keeping in a snapshot
	// (r_score, f_score, m_score …); NaN where not defined.
	Extra map[string][]float64
}

// ClassOf returns the class of customer i.
func (r *Result) ClassOf(i int) (Class, bool) {
	c := r.Class[i]
	if c == NoClass {
		return Class{}, false
	}
	return r.Used.Classes[c], true
}

// method is one way of assigning classes.
type method interface {
	validate(s *Scheme, keys map[string]bool, schema rules.Schema) error
	apply(s *Scheme, f Features, asOf time.Time, schema rules.Schema, cache *sortedCache) (*Result, error)
	explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason
}

var methods = map[Method]method{}

// Apply assigns every customer of f a class of s as of asOf. schema is the
// rule field allow-list (for rules schemes).
func Apply(s *Scheme, f Features, asOf time.Time, schema rules.Schema) (*Result, error) {
	return apply(s, f, asOf, schema, newSortedCache())
}

// ApplyAll applies every scheme, sharing the ranked columns between them
// and running them on all cores. Results are in the order of schemes.
func ApplyAll(schemes []*Scheme, f Features, asOf time.Time, schema rules.Schema) ([]*Result, error) {
	cache := newSortedCache()
	out := make([]*Result, len(schemes))
	errs := make([]error, len(schemes))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = apply(schemes[i], f, asOf, schema, cache)
			}
		}()
	}
	for _, i := range dispatchOrder(schemes) {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// dispatchOrder is the order ApplyAll starts the schemes in: the group_by
// schemes (a lookup per customer, a few milliseconds each) last, the others
// in their own order, so that the cores finish together rather than one
// running a long scheme alone at the end.
func dispatchOrder(schemes []*Scheme) []int {
	order := make([]int, 0, len(schemes))
	for _, last := range []bool{false, true} {
		for i, s := range schemes {
			if (s.Method == MethodGroupBy) == last {
				order = append(order, i)
			}
		}
	}
	return order
}

func apply(s *Scheme, f Features, asOf time.Time, schema rules.Schema, cache *sortedCache) (*Result, error) {
	m, ok := methods[s.Method]
	if !ok {
		return nil, &model.ValidationError{Field: "method", Value: string(s.Method), Reason: "unknown method"}
	}
	res, err := m.apply(s, f, asOf, schema, cache)
	if err != nil {
		return nil, fmt.Errorf("scheme %s: %w", s.Name, err)
	}
	res.Scheme = s
	res.Counts = countClasses(res.Class, len(res.Used.Classes))
	return res, nil
}

// countClasses counts the customers of each of n classes (NoClass apart).
// Four sets of counters, one per position modulo 4, take turns: neighbours
// are often in the same class, and one counter would have each increment
// wait for the one before. Up to 255 classes (all but the largest rule
// schemes), the counters are arrays indexed by a byte, so that no
// increment checks bounds.
func countClasses(class []uint16, n int) []int {
	out := make([]int, n)
	if n < 256 {
		var part [4][256]int32 // slot n counts NoClass and anything else out of range
		top := uint16(n)
		rest := class
		for ; len(rest) >= 4; rest = rest[4:] {
			part[0][uint8(min(rest[0], top))]++
			part[1][uint8(min(rest[1], top))]++
			part[2][uint8(min(rest[2], top))]++
			part[3][uint8(min(rest[3], top))]++
		}
		for _, c := range rest {
			part[0][uint8(min(c, top))]++
		}
		for c := range out {
			out[c] = int(part[0][c]) + int(part[1][c]) + int(part[2][c]) + int(part[3][c])
		}
		return out
	}
	var part [4][]int32
	for k := range part {
		part[k] = make([]int32, n+1) // the last counts NoClass and anything else out of range
	}
	p0, p1, p2, p3 := part[0], part[1], part[2], part[3]
	slot := func(c uint16) int { return min(int(c), n) }
	i := 0
	for ; i+4 <= len(class); i += 4 {
		p0[slot(class[i])]++
		p1[slot(class[i+1])]++
		p2[slot(class[i+2])]++
		p3[slot(class[i+3])]++
	}
	for ; i < len(class); i++ {
		p0[slot(class[i])]++
	}
	for c := range out {
		out[c] = int(p0[c]) + int(p1[c]) + int(p2[c]) + int(p3[c])
	}
	return out
}

// Row gives one customer's metric values (NaN when missing).
type Row interface {
	Num(field string) float64
}

// Explain re-derives why a customer is in class from its metric values and
// the thresholds a run used.
func Explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	m, ok := methods[s.Method]
	if !ok {
		return Reason{Class: class}
	}
	rs := m.explain(s, u, r, class, schema)
	rs.Class = class
	for _, c := range u.Classes {
		if c.Key == class {
			rs.Zh += " ⇒ " + c.Label("zh-CN")
			rs.En += " ⇒ " + c.Label("en")
		}
	}
	return rs
}

// FeatureRow adapts row i of a Features table (plus a result's extra
// columns) to Row.
type FeatureRow struct {
	F     Features
	Extra map[string][]float64
	I     int
}

// Num returns the value of field, NaN when missing.
func (r FeatureRow) Num(field string) float64 {
	if col, ok := r.Extra[field]; ok {
		return col[r.I]
	}
	col, ok := r.F.Num(field)
	if !ok {
		return math.NaN()
	}
	return col[r.I]
}

// col returns a numeric column or an error naming it.
func col(f Features, name string) ([]float64, error) {
	c, ok := f.Num(name)
	if !ok {
		return nil, &model.ValidationError{Field: name, Reason: "is not a numeric field of the feature table"}
	}
	return c, nil
}

// indexOf maps class keys to indexes.
func indexOf(classes []Class) map[string]uint16 {
	m := make(map[string]uint16, len(classes))
	for i, c := range classes {
		m[c.Key] = uint16(i)
	}
	return m
}

// needKeys checks that every key a method can produce is a class.
func needKeys(keys map[string]bool, want ...string) error {
	for _, k := range want {
		if !keys[k] {
			return &model.ValidationError{Field: "classes", Reason: fmt.Sprintf("class %q is missing (the method assigns it)", k)}
		}
	}
	return nil
}

func or(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// usedJSON is Used on the wire: JSON has no NaN or infinities, which
// thresholds can be (no buyer at all gives +Inf cuts), so non-finite
// values travel as the strings "NaN", "+Inf" and "-Inf".
type usedJSON struct {
	Values  map[string]any `json:"values,omitempty"`
	Classes []Class        `json:"classes"`
}

// MarshalJSON encodes u with non-finite values as strings.
func (u Used) MarshalJSON() ([]byte, error) {
	w := usedJSON{Classes: u.Classes}
	if len(u.Values) > 0 {
		w.Values = make(map[string]any, len(u.Values))
		for k, v := range u.Values {
			switch {
			case math.IsNaN(v):
				w.Values[k] = "NaN"
			case math.IsInf(v, 1):
				w.Values[k] = "+Inf"
			case math.IsInf(v, -1):
				w.Values[k] = "-Inf"
			default:
				w.Values[k] = v
			}
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (u *Used) UnmarshalJSON(b []byte) error {
	var w usedJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	u.Classes = w.Classes
	u.Values = nil
	if len(w.Values) > 0 {
		u.Values = make(map[string]float64, len(w.Values))
	}
	for k, v := range w.Values {
		switch x := v.(type) {
		case float64:
			u.Values[k] = x
		case string:
			switch x {
			case "NaN":
				u.Values[k] = math.NaN()
			case "+Inf":
				u.Values[k] = math.Inf(1)
			case "-Inf":
				u.Values[k] = math.Inf(-1)
			default:
				return fmt.Errorf("threshold %s: bad value %q", k, x)
			}
		default:
			return fmt.Errorf("threshold %s: bad value %v", k, v)
		}
	}
	return nil
}
