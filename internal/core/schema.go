package core

import (
	"strata/internal/metrics"
	"strata/internal/rules"
)

// RuleSchema is the allow-list of fields the segment rule language may use:
// every metric field with its type.
func RuleSchema() rules.Schema {
	s := rules.Schema{}
	for _, f := range metrics.Fields() {
		switch f.Kind {
		case metrics.KindNumber:
			s[f.Name] = rules.Number
		case metrics.KindDate:
			s[f.Name] = rules.Date
		case metrics.KindString:
			s[f.Name] = rules.String
		case metrics.KindBool:
			s[f.Name] = rules.Bool
		case metrics.KindTags:
			s[f.Name] = rules.StringSet
		}
	}
	return addCLVSchema(s)
}
