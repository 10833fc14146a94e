package classify

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unsafe"

	"strata/internal/model"
	"strata/internal/rules"
)

// ---- group_by: one class per observed value of a string field ----

// Unknown is the group of customers with no value.
const Unknown = "unknown"

type groupBy struct{}

func init() { methods[MethodGroupBy] = groupBy{} }

func (groupBy) validate(s *Scheme, keys map[string]bool, schema rules.Schema) error {
	if t, ok := schema[s.Params.Field]; !ok || t != rules.String {
		return &model.ValidationError{Field: "params.field", Value: s.Params.Field, Reason: "must be a text field (e.g. region, gender, age_band)"}
	}
	return nil
}

// apply keeps the scheme's own classes (with their labels and order) and
// appends one class per further value seen, in sorted order, plus
// "unknown"; the effective list is stored with the run.
func (groupBy) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	vals, ok := f.Str(s.Params.Field)
	if !ok {
		return nil, &model.ValidationError{Field: s.Params.Field, Reason: "is not a text field of the feature table"}
	}
	// The scheme's own classes first (unknown last), then new values.
	var classes []Class
	var unknownClass *Class
	for _, c := range s.Classes {
		if c.Key == Unknown {
			unknownClass = &c
			continue
		}
		classes = append(classes, c)
	}
	// One pass assigns provisional indexes (known classes first, new values
	// in order of appearance); a second renumbers the new values into
	// sorted order. Category columns hold few distinct values, usually
	// sharing their bytes (the loader interns them), so a small cache keyed
	// by the string's data pointer answers most rows without hashing.
	idx := indexOf(classes)
	known := len(classes)
	var extra []string
	const unknownMark = NoClass - 1
	out := make([]uint16, len(vals))
	var byPtr [256]struct {
		p   *byte
		n   int
		idx uint16
	}
	for i, v := range vals {
		if v == "" {
			out[i] = unknownMark
			continue
		}
		p := unsafe.StringData(v)
		e := &byPtr[(uintptr(unsafe.Pointer(p))>>3)&255]
		if e.p == p && e.n == len(v) {
			out[i] = e.idx
			continue
		}
		k, ok := idx[v]
		if !ok {
			if known+len(extra) >= unknownMark {
				return nil, &model.ValidationError{Field: s.Params.Field, Reason: "has too many distinct values to group by"}
			}
			k = uint16(known + len(extra))
			idx[v] = k
			extra = append(extra, v)
		}
		e.p, e.n, e.idx = p, len(v), k
		out[i] = k
	}
	order := make([]int, len(extra))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(extra[a], extra[b]) })
	remap := make([]uint16, len(extra))
	for rank, j := range order {
		remap[j] = uint16(known + rank)
		classes = append(classes, Class{Key: extra[j], Zh: extra[j], En: extra[j]})
	}
	if unknownClass != nil {
		classes = append(classes, *unknownClass)
	} else {
		classes = append(classes, Class{Key: Unknown, Zh: "未知", En: "unknown"})
	}
	unknown := uint16(len(classes) - 1)
	for i, k := range out {
		switch {
		case k == unknownMark:
			out[i] = unknown
		case int(k) >= known:
			out[i] = remap[int(k)-known]
		}
	}
	return &Result{Used: Used{Classes: classes}, Class: out}, nil
}

func (groupBy) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	if class == Unknown {
		return Reason{Zh: s.Params.Field + " 未填写", En: s.Params.Field + " not recorded"}
	}
	return Reason{Zh: sprintf("%s = %s", s.Params.Field, class), En: sprintf("%s = %s", s.Params.Field, class)}
}

// ---- rules: ordered first match with a fallback ----

type ruleScheme struct{}

func init() { methods[MethodRules] = ruleScheme{} }

func (ruleScheme) validate(*Scheme, map[string]bool, rules.Schema) error { return nil }

// columns adapts Features to the rule evaluator's column source.
type columns struct {
	f      Features
	schema rules.Schema
}

func (c columns) Len() int { return c.f.Len() }

func (c columns) NumberColumn(field string) ([]float64, bool) {
	if c.schema[field] != rules.Number {
		return nil, false
	}
	return c.f.Num(field)
}

func (c columns) StringColumn(field string) (rules.StringColumn, bool) {
	v, ok := c.f.Str(field)
	if !ok {
		return rules.StringColumn{}, false
	}
	valid := make([]bool, len(v))
	for i, s := range v {
		valid[i] = s != ""
	}
	return rules.StringColumn{Values: v, Valid: valid}, true
}

func (c columns) BoolColumn(field string) (rules.BoolColumn, bool) {
	v, ok := c.f.Num(field)
	if !ok || c.schema[field] != rules.Bool {
		return rules.BoolColumn{}, false
	}
	out := rules.BoolColumn{Values: make([]bool, len(v)), Valid: make([]bool, len(v))}
	for i, x := range v {
		out.Values[i], out.Valid[i] = x == 1, !math.IsNaN(x)
	}
	return out, true
}

func (c columns) DateColumn(field string) (rules.DateColumn, bool) {
	v, ok := c.f.Num(field)
	if !ok || c.schema[field] != rules.Date {
		return rules.DateColumn{}, false
	}
	out := rules.DateColumn{Unix: make([]int64, len(v)), Valid: make([]bool, len(v))}
	for i, x := range v {
		if !math.IsNaN(x) {
			out.Unix[i], out.Valid[i] = int64(x), true
		}
	}
	return out, true
}

func (c columns) TagColumn(field string) ([][]string, bool) {
	if c.schema[field] != rules.StringSet {
		return nil, false
	}
	return c.f.Tags(), true
}

// ColumnSource exposes features to the rule evaluator (for list filters).
func ColumnSource(f Features, schema rules.Schema) rules.ColumnSource { return columns{f, schema} }

func (ruleScheme) apply(s *Scheme, f Features, asOf time.Time, schema rules.Schema, cache *sortedCache) (*Result, error) {
	n := f.Len()
	idx := indexOf(s.Classes)
	out := make([]uint16, n)
	fb := idx[s.Fallback]
	for i := range out {
		out[i] = NoClass
	}
	src := columns{f, schema}
	for ci, c := range s.Classes {
		if c.Key == s.Fallback {
			continue
		}
		r, err := rules.Compile(c.Rule, schema)
		if err != nil {
			return nil, fmt.Errorf("classes[%d].rule: %w", ci, err)
		}
		match, err := r.Bind(src, asOf)
		if err != nil {
			return nil, fmt.Errorf("classes[%d].rule: %w", ci, err)
		}
		for i := range out {
			if out[i] == NoClass && match(i) {
				out[i] = uint16(ci)
			}
		}
	}
	for i := range out {
		if out[i] == NoClass {
			out[i] = fb
		}
	}
	return &Result{Used: Used{Classes: s.Classes}, Class: out}, nil
}

func (ruleScheme) explain(s *Scheme, u Used, r Row, class string, schema rules.Schema) Reason {
	c, ok := s.Class(class)
	if !ok {
		return Reason{}
	}
	if class == s.Fallback {
		return Reason{Zh: "未匹配任何规则（默认分类）", En: "matched no rule (fallback)"}
	}
	in := map[string]float64{}
	if rule, err := rules.Compile(c.Rule, schema); err == nil {
		for _, f := range rule.Fields() {
			if v := r.Num(f); !math.IsNaN(v) {
				in[f] = v
			}
		}
	}
	vals := make([]string, 0, len(in))
	for _, k := range sortedKeys(in) {
		vals = append(vals, k+"="+num(in[k]))
	}
	return Reason{Inputs: in, Zh: sprintf("符合规则 %s（%s）", c.Rule, strings.Join(vals, ", ")),
		En: sprintf("matched rule %s (%s)", c.Rule, strings.Join(vals, ", "))}
}

func sortedKeys(m map[string]float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
