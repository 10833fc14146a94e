package tree

import (
	"fmt"
	"strings"
)

// Condition is what a rule requires of one feature: the merged bounds of
// every split on that feature along the path (a later "monetary > 1000"
// subsumes an earlier "monetary > 500").
type Condition struct {
	Feature string
	HasLow  bool
	Low     float64 // feature > Low
	HasHigh bool
	High    float64 // feature <= High
	// OrMissing admits rows where the feature is missing, because every
	// split on it along the path sent missing values this way.
	OrMissing bool
}

// String renders the condition in the segment rule language, e.g.
// "monetary > 1000", "recency > 30 and recency <= 90", or with missing
// values admitted "(monetary <= 1000 or monetary is null)".
func (c Condition) String() string {
	var parts []string
	if c.HasLow {
		parts = append(parts, c.Feature+" > "+formatNumber(c.Low))
	}
	if c.HasHigh {
		parts = append(parts, c.Feature+" <= "+formatNumber(c.High))
	}
	s := strings.Join(parts, " and ")
	if !c.OrMissing {
		return s
	}
	if len(parts) > 1 {
		s = "(" + s + ")"
	}
	return "(" + s + " or " + c.Feature + " is null)"
}

// Rule is one leaf as a segment rule: the conjunction of its conditions
// selects exactly the rows the tree sends to the leaf (for rows whose
// missing values were seen in training; see the package comment).
type Rule struct {
	Leaf       int
	Class      int
	ClassName  string
	Conditions []Condition // in order of first use on the path
	Support    int         // training rows in the leaf
	Purity     float64     // share of the predicted class among them
}

// Expr is the rule's condition text: conditions joined with " and ". The
// root of a tree that never split has no conditions and Expr "" (every
// row).
func (r Rule) Expr() string {
	parts := make([]string, len(r.Conditions))
	for i, c := range r.Conditions {
		parts[i] = c.String()
	}
	return strings.Join(parts, " and ")
}

// String is the expression with its outcome, for reports:
// "monetary > 1000 and frequency > 5 => VIP (support 420, purity 98.8%)".
func (r Rule) String() string {
	return fmt.Sprintf("%s => %s (support %d, purity %.1f%%)", r.Expr(), r.ClassName, r.Support, 100*r.Purity)
}

// Rules exports every leaf as a rule, depth first, left to right.
func (m *Model) Rules() []Rule {
	var out []Rule
	m.walk(0, nil, func(leaf int, path []step) {
		nd := m.Nodes[leaf]
		r := Rule{Leaf: leaf, Class: nd.Class, ClassName: m.Classes[nd.Class], Conditions: m.conditions(path)}
		for _, v := range nd.Counts {
			r.Support += v
		}
		if r.Support > 0 {
			r.Purity = float64(nd.Counts[nd.Class]) / float64(r.Support)
		}
		out = append(out, r)
	})
	return out
}

// conditions merges a path's splits per feature.
func (m *Model) conditions(path []step) []Condition {
	var conds []Condition
	at := map[int]int{} // feature -> index in conds
	for _, s := range path {
		nd := m.Nodes[s.node]
		missingHere := nd.MissingSeen && nd.MissingLeft == s.left
		i, seen := at[nd.Feature]
		if !seen {
			i = len(conds)
			at[nd.Feature] = i
			conds = append(conds, Condition{Feature: m.Features[nd.Feature], OrMissing: missingHere})
		}
		c := &conds[i]
		c.OrMissing = c.OrMissing && missingHere
		if s.left {
			if !c.HasHigh || nd.Threshold < c.High {
				c.HasHigh, c.High = true, nd.Threshold
			}
		} else if !c.HasLow || nd.Threshold > c.Low {
			c.HasLow, c.Low = true, nd.Threshold
		}
	}
	return conds
}

// ClassRule gathers the leaves predicting one class into one rule.
type ClassRule struct {
	Class     int
	ClassName string
	Leaves    []Rule
	Support   int     // training rows in those leaves
	Purity    float64 // share of the class among them
}

// Expr joins the leaves' conjunctions with " or ", each parenthesised when
// there is more than one leaf.
func (c ClassRule) Expr() string {
	if len(c.Leaves) == 1 {
		return c.Leaves[0].Expr()
	}
	parts := make([]string, len(c.Leaves))
	for i, r := range c.Leaves {
		parts[i] = "(" + r.Expr() + ")"
	}
	return strings.Join(parts, " or ")
}

// String is the merged expression with its outcome.
func (c ClassRule) String() string {
	return fmt.Sprintf("%s => %s (support %d, purity %.1f%%)", c.Expr(), c.ClassName, c.Support, 100*c.Purity)
}

// ClassRules merges Rules by predicted class, in class order; classes no
// leaf predicts are omitted.
func (m *Model) ClassRules() []ClassRule {
	by := make([]*ClassRule, len(m.Classes))
	var correct = make([]int, len(m.Classes))
	for _, r := range m.Rules() {
		if by[r.Class] == nil {
			by[r.Class] = &ClassRule{Class: r.Class, ClassName: r.ClassName}
		}
		cr := by[r.Class]
		cr.Leaves = append(cr.Leaves, r)
		cr.Support += r.Support
		correct[r.Class] += m.Nodes[r.Leaf].Counts[r.Class]
	}
	var out []ClassRule
	for c, cr := range by {
		if cr == nil {
			continue
		}
		if cr.Support > 0 {
			cr.Purity = float64(correct[c]) / float64(cr.Support)
		}
		out = append(out, *cr)
	}
	return out
}
