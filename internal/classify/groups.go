package classify

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"strata/internal/dict"
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
// "unknown"; the effective list is stored with the run. It works on the
// column dictionary-encoded (CodedFeatures, else encoded here): a class
// per distinct value, then one lookup per row.
func (groupBy) apply(s *Scheme, f Features, _ time.Time, _ rules.Schema, cache *sortedCache) (*Result, error) {
	codes, values, ok := textCodes(f, s.Params.Field)
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
	idx := indexOf(classes)
	classOf := make([]uint16, len(values))
	var extra []int // indexes into values of the values without a class of the scheme
	for k, v := range values {
		if v == "" {
			continue // unknown, numbered below
		}
		if c, ok := idx[v]; ok {
			classOf[k] = c
			continue
		}
		extra = append(extra, k)
	}
	if len(classes)+len(extra)+1 >= NoClass {
		return nil, &model.ValidationError{Field: s.Params.Field, Reason: "has too many distinct values to group by"}
	}
	slices.SortFunc(extra, func(a, b int) int { return strings.Compare(values[a], values[b]) })
	for _, k := range extra {
		classOf[k] = uint16(len(classes))
		classes = append(classes, Class{Key: values[k], Zh: values[k], En: values[k]})
	}
	if unknownClass != nil {
		classes = append(classes, *unknownClass)
	} else {
		classes = append(classes, Class{Key: Unknown, Zh: "未知", En: "unknown"})
	}
	for k, v := range values {
		if v == "" {
			classOf[k] = uint16(len(classes) - 1)
		}
	}
	out := make([]uint16, len(codes))
	for i, c := range codes {
		out[i] = classOf[c]
	}
	return &Result{Used: Used{Classes: classes}, Class: out}, nil
}

// CodedFeatures is implemented by feature tables that hand out a text
// field dictionary-encoded (metrics.Table does): values[codes[i]] is
// Str(field)[i], the values are distinct and each is used by some row.
type CodedFeatures interface {
	Codes(field string) (codes []uint32, values []string, ok bool)
}

// textCodes is field dictionary-encoded, from the table when it can.
func textCodes(f Features, field string) ([]uint32, []string, bool) {
	if cf, ok := f.(CodedFeatures); ok {
		if codes, values, ok := cf.Codes(field); ok {
			return codes, values, true
		}
	}
	vals, ok := f.Str(field)
	if !ok {
		return nil, nil, false
	}
	codes, values := dict.Encode(vals, nil)
	return codes, values, true
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
	fb := idx[s.Fallback]
	src := columns{f, schema}
	type bound struct {
		class uint16
		match func(lo int, out []bool)
	}
	var bs []bound
	for ci, c := range s.Classes {
		if c.Key == s.Fallback {
			continue
		}
		r, err := rules.Compile(c.Rule, schema)
		if err != nil {
			return nil, fmt.Errorf("classes[%d].rule: %w", ci, err)
		}
		match, err := r.BindBlock(src, asOf)
		if err != nil {
			return nil, fmt.Errorf("classes[%d].rule: %w", ci, err)
		}
		bs = append(bs, bound{uint16(ci), match})
	}
	// A block of customers at a time, the rules in order: a customer takes
	// the first class whose rule holds (by selects: which rule holds is
	// close to random), and the rules left are skipped once every customer
	// of the block has a class.
	out := make([]uint16, n)
	m := make([]bool, rules.BlockSize)
	for lo := 0; lo < n; lo += rules.BlockSize {
		blk := out[lo:min(n, lo+rules.BlockSize)]
		for i := range blk {
			blk[i] = NoClass
		}
		for _, b := range bs {
			mm := m[:len(blk)]
			b.match(lo, mm)
			open := 0
			for i, ok := range mm {
				c := choose(b2i(blk[i] == NoClass)&b2i(ok) != 0, b.class, blk[i])
				blk[i] = c
				open += b2i(c == NoClass)
			}
			if open == 0 {
				break
			}
		}
		for i, c := range blk {
			blk[i] = choose(c == NoClass, fb, c)
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
