package core

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"strata/internal/auth"
	"strata/internal/classify"
	"strata/internal/model"
	"strata/internal/rules"
	"strata/internal/store"
)

// CustomerQuery is a customer list request. Filters on the customer record
// (CustomerFilter) run in SQL; filters on classes and metrics (Scheme and
// Class, Rule, a metric Sort) run over a finished run's snapshot — the
// latest one unless Run names another.
type CustomerQuery struct {
	store.CustomerFilter
	Phone  string // exact lookup by phone (blind index; any formatting)
	Email  string // exact lookup by e-mail (blind index; any case)
	Scheme string // scheme name; with Class, members of that class
	Class  string // class key, or its zh or en label
	Rule   string // a segment rule over the run's metrics, e.g. `monetary > 1000 and tags has "VIP"`
	Run    int64  // the run the snapshot filters read; 0 = latest
	// Sort is "customer_id" (the default) or a numeric or date metric of
	// the run, e.g. "-monetary" (descending; missing values last, ties in
	// customer-id order).
	Sort   string
	Cursor string // the Next of the previous page
	Limit  int
}

// snapshot reports whether the query needs a run's snapshot.
func (q *CustomerQuery) snapshot() bool {
	s := strings.TrimPrefix(q.Sort, "-")
	return q.Scheme != "" || q.Class != "" || q.Rule != "" || q.Run != 0 || (s != "" && s != "customer_id")
}

// CustomerPage is one page of a customer list.
type CustomerPage struct {
	Items []model.Customer
	// Classes holds each item's class key in Scheme (snapshot lists with
	// a scheme only); Values each item's Sort metric (NaN: missing).
	Classes []string
	Values  []float64
	Next    string // cursor of the next page; "" on the last page
	RunID   int64  // the run a snapshot list read
}

// maxScan bounds the candidates one page request examines; a page may
// therefore hold fewer than Limit items while Next is still set.
const maxScan = 20000

// ListCustomersFor answers a customer list request for p: only customers
// in p's scope, masked for p's role.
func (s *Service) ListCustomersFor(ctx context.Context, p auth.Principal, q CustomerQuery) (*CustomerPage, error) {
	if q.Limit < 1 || q.Limit > 500 {
		return nil, model.Invalid("limit", strconv.Itoa(q.Limit), "must be 1 to 500")
	}
	if !p.Can(auth.ListCustomers) {
		return &CustomerPage{}, nil
	}
	if err := s.ruleToSQL(&q); err != nil {
		return nil, err
	}
	var page *CustomerPage
	var err error
	switch {
	case q.Phone != "" || q.Email != "":
		page, err = s.listContacts(ctx, scopeOf(p), q)
	case q.snapshot():
		page, err = s.listSnapshot(ctx, scopeOf(p), q)
	default:
		page, err = s.listRecords(ctx, scopeOf(p), q)
	}
	if err != nil {
		return nil, err
	}
	if p.Can(auth.ViewUnmasked) && len(page.Items) > 0 {
		// A page of unmasked contact data is a view of personal data too;
		// the audit names how many customers it showed, not who.
		if err := s.Audit(ctx, p.User, "view_unmasked", "customer_list", strconv.Itoa(len(page.Items)), "ok"); err != nil {
			return nil, err
		}
	}
	for i := range page.Items {
		p.MaskCustomer(&page.Items[i])
	}
	return page, nil
}

// ruleToSQL turns a rule that reads only the customer record (gender,
// region, city, occupation, income band, source, owner, tags) into a SQL
// condition on the customers table, when nothing else in q needs a run:
// such a list works without any classification run and reads current
// values. Rules on metrics stay for the snapshot. One AST, two back ends:
// rules.Rule.SQL here, rules.Rule.Bind over the snapshot (tested to agree).
func (s *Service) ruleToSQL(q *CustomerQuery) error {
	if q.Rule == "" || q.Scheme != "" || q.Class != "" || q.Run != 0 {
		return nil
	}
	if f := strings.TrimPrefix(q.Sort, "-"); f != "" && f != "customer_id" {
		return nil
	}
	r, err := rules.Compile(q.Rule, RuleSchema())
	if err != nil {
		return model.Invalid("rule", q.Rule, err.Error())
	}
	for _, f := range r.Fields() {
		if f != "tags" && recordFields[f] == nil {
			return nil
		}
	}
	target := rules.SQLTarget{Dialect: rules.DialectSQLite, Columns: map[string]string{},
		Tags: map[string]string{"tags": "c.id IN (SELECT t.customer FROM customer_tags t WHERE t.tag = {tag})"}}
	if s.st.Dialect() == store.Postgres {
		target.Dialect = rules.DialectPostgres
	}
	for f := range recordFields {
		// The store keeps "" for an unknown value; rules expect NULL.
		target.Columns[f] = "NULLIF(c." + f + ", '')"
	}
	now := time.Now()
	q.Where = func(next int) (string, []any, error) { return r.SQL(target, now, next) }
	q.Rule = ""
	return nil
}

// listContacts answers an exact lookup by phone and/or e-mail: one page of
// the (few) customers whose blind index matches, in the scope.
func (s *Service) listContacts(ctx context.Context, sc store.CustomerScope, q CustomerQuery) (*CustomerPage, error) {
	if q.snapshot() || q.Cursor != "" {
		return nil, model.Invalid("phone", q.Phone+q.Email, "an exact phone or e-mail lookup combines only with record filters, not with scheme, rule, sort or cursor")
	}
	var ids []int64
	for i, c := range [][2]string{{"phone", q.Phone}, {"email", q.Email}} {
		if c[1] == "" {
			continue
		}
		got, err := s.st.CustomerIDsByContact(ctx, c[0], c[1])
		if err != nil {
			return nil, err
		}
		if i == 0 || q.Phone == "" {
			ids = got
		} else {
			ids = slices.DeleteFunc(ids, func(id int64) bool { return !slices.Contains(got, id) })
		}
	}
	ids = ids[:min(len(ids), q.Limit)]
	cs, _, err := s.st.CustomersAmong(ctx, ids, sc, q.CustomerFilter)
	if err != nil {
		return nil, err
	}
	return &CustomerPage{Items: cs}, nil
}

func (s *Service) listRecords(ctx context.Context, sc store.CustomerScope, q CustomerQuery) (*CustomerPage, error) {
	after := ""
	if q.Cursor != "" {
		kind, rest, err := decodeCursor(q.Cursor)
		if err != nil || kind != "c" {
			return nil, model.Invalid("cursor", q.Cursor, "is not a cursor of this list")
		}
		after = rest
	}
	cs, err := s.st.FindCustomers(ctx, sc, q.CustomerFilter, after, q.Limit)
	if err != nil {
		return nil, err
	}
	page := &CustomerPage{Items: cs}
	if len(cs) == q.Limit {
		page.Next = encodeCursor("c", cs[len(cs)-1].ID)
	}
	return page, nil
}

func encodeCursor(kind, rest string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + rest))
}

func decodeCursor(c string) (kind, rest string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", err
	}
	kind, rest, ok := strings.Cut(string(b), ":")
	if !ok {
		return "", "", fmt.Errorf("bad cursor")
	}
	return kind, rest, nil
}

func (s *Service) listSnapshot(ctx context.Context, sc store.CustomerScope, q CustomerQuery) (*CustomerPage, error) {
	ix, err := s.runIndex(ctx, q.Run)
	if err != nil {
		return nil, err
	}
	sel, err := ix.selection(ctx, s, q)
	if err != nil {
		return nil, err
	}
	pos := 0
	if q.Cursor != "" {
		kind, rest, err := decodeCursor(q.Cursor)
		run, p, ok := strings.Cut(rest, ":")
		n, err2 := strconv.Atoi(p)
		if err != nil || err2 != nil || !ok || kind != "s" || n < 0 {
			return nil, model.Invalid("cursor", q.Cursor, "is not a cursor of this list")
		}
		if run != strconv.FormatInt(ix.view.Run.ID, 10) {
			return nil, model.Invalid("cursor", q.Cursor, fmt.Sprintf("belongs to run %s, the list now reads run %d: start again", run, ix.view.Run.ID))
		}
		pos = min(n, len(sel.rows))
	}
	page := &CustomerPage{RunID: ix.view.Run.ID}
	// The first batch asks for as many candidates as the page holds (a
	// scope that sees everyone needs no more); later ones grow when the
	// scope or the record filters leave most candidates out.
	batch := q.Limit
	scanned := 0
	for pos < len(sel.rows) && len(page.Items) < q.Limit && scanned < maxScan {
		end := min(pos+batch, len(sel.rows))
		batch = min(batch*4, 500)
		start := pos
		ids := make([]int64, end-pos)
		for i, r := range sel.rows[pos:end] {
			ids[i] = ix.ids[r]
		}
		cs, got, err := s.st.CustomersAmong(ctx, ids, sc, q.CustomerFilter)
		if err != nil {
			return nil, err
		}
		// Walk the batch in order, taking found customers until the page
		// is full; pos ends just after the last candidate looked at.
		j := 0
		for i := pos; i < end && len(page.Items) < q.Limit; i++ {
			pos = i + 1
			if j < len(got) && got[j] == ix.ids[sel.rows[i]] {
				page.Items = append(page.Items, cs[j])
				if sel.scheme >= 0 {
					page.Classes = append(page.Classes, ix.classKey(sel.scheme, sel.rows[i]))
				}
				if sel.values != nil {
					page.Values = append(page.Values, sel.values[sel.rows[i]])
				}
				j++
			}
		}
		scanned += end - start
	}
	if pos < len(sel.rows) {
		page.Next = encodeCursor("s", strconv.FormatInt(ix.view.Run.ID, 10)+":"+strconv.Itoa(pos))
	}
	return page, nil
}

// runIndex is a finished run's snapshot held in memory for list filters:
// the customers and their classes, with metric, record and tag columns
// loaded when a rule or sort first needs them, and the selections of
// recent queries. Indexes are kept for the two most recently used runs.
type runIndex struct {
	view    *RunView
	ids     []int64    // internal customer ids, ascending
	classes [][]uint16 // per scheme position, per row

	mu      sync.Mutex
	nums    map[string][]float64
	strs    map[string][]string // record fields ("" = missing)
	tags    [][]string
	ranks   []int32 // per row: position in customer-id order
	results map[string]*selection
	recent  []string
}

// selection is the ordered rows of a query and what a page shows of them.
type selection struct {
	rows   []int32
	scheme int       // scheme position for page classes, -1 none
	values []float64 // sort column per row, nil for customer-id order
}

type indexCache struct {
	mu    sync.Mutex
	byRun map[int64]*runIndex
	order []int64
}

// runIndex returns the index of a run (0 = the latest finished run),
// building it on first use.
func (s *Service) runIndex(ctx context.Context, run int64) (*runIndex, error) {
	if run == 0 {
		id, err := s.st.LatestRunID(ctx)
		if err != nil {
			return nil, fmt.Errorf("no finished classification run yet (run strata classify): %w", err)
		}
		run = id
	}
	c := &s.indexes
	c.mu.Lock()
	defer c.mu.Unlock()
	if ix, ok := c.byRun[run]; ok {
		return ix, nil
	}
	v, err := s.Run(ctx, run)
	if err != nil {
		return nil, err
	}
	ix := &runIndex{view: v, classes: make([][]uint16, len(v.Schemes)), nums: map[string][]float64{},
		strs: map[string][]string{}, results: map[string]*selection{}}
	k := len(v.Schemes)
	err = s.st.EachChunkClasses(ctx, run, func(ids []int64, cl []uint16) error {
		n := len(ids)
		if len(cl) != n*k {
			return fmt.Errorf("run %d: a chunk has %d class values for %d customers and %d schemes", run, len(cl), n, k)
		}
		ix.ids = append(ix.ids, ids...)
		for p := range k {
			ix.classes[p] = append(ix.classes[p], cl[p*n:(p+1)*n]...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.byRun == nil {
		c.byRun = map[int64]*runIndex{}
	}
	c.byRun[run] = ix
	c.order = append(c.order, run)
	if len(c.order) > 2 {
		delete(c.byRun, c.order[0])
		c.order = c.order[1:]
	}
	return ix, nil
}

// WarmIndex builds the latest run's list index ahead of the first request.
func (s *Service) WarmIndex(ctx context.Context) error {
	ix, err := s.runIndex(ctx, 0)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_, err = ix.rankColumn(ctx, s)
	return err
}

func (ix *runIndex) classKey(p int, row int32) string {
	k := ix.classes[p][row]
	if used := ix.view.Used[p].Classes; int(k) < len(used) {
		return used[k].Key
	}
	return ""
}

// recordFields are the rule fields read from the customer record (current
// values) rather than the snapshot.
var recordFields = map[string]func(*store.CustomerFact) string{
	"gender": func(f *store.CustomerFact) string { return f.Gender }, "region": func(f *store.CustomerFact) string { return f.Region },
	"city": func(f *store.CustomerFact) string { return f.City }, "occupation": func(f *store.CustomerFact) string { return f.Occupation },
	"income_band": func(f *store.CustomerFact) string { return f.IncomeBand }, "source": func(f *store.CustomerFact) string { return f.Source },
	"owner": func(f *store.CustomerFact) string { return f.Owner },
}

// selection returns the ordered rows matching q's snapshot filters (cached
// per query).
func (ix *runIndex) selection(ctx context.Context, s *Service, q CustomerQuery) (*selection, error) {
	key := q.Scheme + "\x00" + q.Class + "\x00" + q.Rule + "\x00" + q.Sort
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if sel, ok := ix.results[key]; ok {
		return sel, nil
	}
	sel := &selection{scheme: -1}
	n := len(ix.ids)
	keep := make([]bool, n)
	for i := range keep {
		keep[i] = true
	}
	if q.Class != "" && q.Scheme == "" {
		return nil, model.Invalid("class", q.Class, "needs scheme")
	}
	if q.Scheme != "" {
		p, ok := ix.view.SchemePos(q.Scheme)
		if !ok {
			names := make([]string, len(ix.view.Schemes))
			for i, sc := range ix.view.Schemes {
				names[i] = sc.Name
			}
			return nil, model.Invalid("scheme", q.Scheme, fmt.Sprintf("is not in run %d (schemes: %s)", ix.view.Run.ID, strings.Join(names, ", ")))
		}
		sel.scheme = p
		if q.Class != "" {
			k := -1
			var keys []string
			for i, c := range ix.view.Used[p].Classes {
				keys = append(keys, c.Key)
				if c.Key == q.Class || c.Zh == q.Class || c.En == q.Class {
					k = i
				}
			}
			if k < 0 {
				return nil, model.Invalid("class", q.Class, fmt.Sprintf("is not a class of %s (classes: %s)", q.Scheme, strings.Join(keys, ", ")))
			}
			for i, c := range ix.classes[p] {
				keep[i] = keep[i] && int(c) == k
			}
		}
	}
	if q.Rule != "" {
		r, err := rules.Compile(q.Rule, RuleSchema())
		if err != nil {
			return nil, model.Invalid("rule", q.Rule, err.Error())
		}
		if err := ix.loadRuleColumns(ctx, s, r.Fields()); err != nil {
			return nil, err
		}
		src := classify.ColumnSource(indexFeatures{ix}, RuleSchema())
		asOf, err := time.Parse(time.DateOnly, ix.view.Run.AsOf)
		if err != nil {
			return nil, fmt.Errorf("run %d as-of %q: %w", ix.view.Run.ID, ix.view.Run.AsOf, err)
		}
		match, err := r.Bind(src, asOf)
		if err != nil {
			return nil, model.Invalid("rule", q.Rule, err.Error())
		}
		for i := range keep {
			keep[i] = keep[i] && match(i)
		}
	}
	for i, k := range keep {
		if k {
			sel.rows = append(sel.rows, int32(i))
		}
	}
	ranks, err := ix.rankColumn(ctx, s)
	if err != nil {
		return nil, err
	}
	field, desc := strings.CutPrefix(q.Sort, "-")
	if field == "" || field == "customer_id" {
		slices.SortFunc(sel.rows, func(a, b int32) int {
			if desc {
				return cmp.Compare(ranks[b], ranks[a])
			}
			return cmp.Compare(ranks[a], ranks[b])
		})
	} else {
		vals, err := ix.numColumn(ctx, s, field)
		if err != nil {
			return nil, model.Invalid("sort", q.Sort, err.Error())
		}
		sel.values = vals
		slices.SortFunc(sel.rows, func(a, b int32) int {
			va, vb := vals[a], vals[b]
			switch na, nb := math.IsNaN(va), math.IsNaN(vb); {
			case na && nb:
			case na:
				return 1
			case nb:
				return -1
			case va != vb:
				if desc {
					return cmp.Compare(vb, va)
				}
				return cmp.Compare(va, vb)
			}
			return cmp.Compare(ranks[a], ranks[b])
		})
	}
	ix.results[key] = sel
	ix.recent = append(ix.recent, key)
	if len(ix.recent) > 16 {
		delete(ix.results, ix.recent[0])
		ix.recent = ix.recent[1:]
	}
	return sel, nil
}

// rankColumn returns each row's position in customer-id order (customers
// created after the run sort last). Callers hold ix.mu.
func (ix *runIndex) rankColumn(ctx context.Context, s *Service) ([]int32, error) {
	if ix.ranks != nil {
		return ix.ranks, nil
	}
	byID, err := s.st.CustomerRanks(ctx)
	if err != nil {
		return nil, err
	}
	ranks := make([]int32, len(ix.ids))
	for i, id := range ix.ids {
		ranks[i] = math.MaxInt32
		if id < int64(len(byID)) && byID[id] >= 0 {
			ranks[i] = byID[id]
		}
	}
	ix.ranks = ranks
	return ranks, nil
}

// numColumn returns a numeric, date or bool snapshot column. Callers hold
// ix.mu.
func (ix *runIndex) numColumn(ctx context.Context, s *Service, field string) ([]float64, error) {
	if v, ok := ix.nums[field]; ok {
		return v, nil
	}
	f, ok := ix.view.Field(field)
	if !ok {
		return nil, fmt.Errorf("%q is not a numeric field of run %d's snapshot", field, ix.view.Run.ID)
	}
	vals := make([]float64, 0, len(ix.ids))
	if err := s.st.EachChunkMetric(ctx, ix.view.Run.ID, f, func(v []float64) error {
		vals = append(vals, v...)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(vals) != len(ix.ids) {
		return nil, fmt.Errorf("run %d: metric %s has %d values for %d customers", ix.view.Run.ID, field, len(vals), len(ix.ids))
	}
	ix.nums[field] = vals
	return vals, nil
}

// loadRuleColumns fetches the columns a rule reads before it is bound:
// tags and record fields from the store (current values), metrics from
// the snapshot. Callers hold ix.mu.
func (ix *runIndex) loadRuleColumns(ctx context.Context, s *Service, fields []string) error {
	for _, field := range fields {
		if err := ix.loadColumn(ctx, s, field); err != nil {
			return err
		}
	}
	return nil
}

func (ix *runIndex) loadColumn(ctx context.Context, s *Service, field string) error {
	switch {
	case field == "tags":
		if ix.tags != nil {
			return nil
		}
		tags := make([][]string, len(ix.ids))
		i := 0
		err := s.st.ScanTags(ctx, func(cust int64, tag string) error {
			for i < len(ix.ids) && ix.ids[i] < cust {
				i++
			}
			if i < len(ix.ids) && ix.ids[i] == cust {
				tags[i] = append(tags[i], tag)
			}
			return nil
		})
		ix.tags = tags
		return err
	case recordFields[field] != nil:
		if _, ok := ix.strs[field]; ok {
			return nil
		}
		col := make([]string, len(ix.ids))
		get := recordFields[field]
		i := 0
		err := s.st.ScanCustomers(ctx, math.MaxInt64, func(f *store.CustomerFact) error {
			for i < len(ix.ids) && ix.ids[i] < f.ID {
				i++
			}
			if i < len(ix.ids) && ix.ids[i] == f.ID {
				col[i] = get(f)
			}
			return nil
		})
		ix.strs[field] = col
		return err
	}
	if _, ok := ix.view.Field(field); ok {
		_, err := ix.numColumn(ctx, s, field)
		return err
	}
	return model.Invalid("rule", field, "this field is derived during a run and not kept in the snapshot, so lists cannot filter on it")
}

// indexFeatures presents a run index's loaded columns as classify.Features,
// so that rules bind to it exactly as they do in a run (classify.ColumnSource).
type indexFeatures struct{ ix *runIndex }

func (f indexFeatures) Len() int         { return len(f.ix.ids) }
func (f indexFeatures) IDs() []string    { return nil }
func (f indexFeatures) Tags() [][]string { return f.ix.tags }

func (f indexFeatures) Num(field string) ([]float64, bool) {
	v, ok := f.ix.nums[field]
	return v, ok
}

func (f indexFeatures) Str(field string) ([]string, bool) {
	v, ok := f.ix.strs[field]
	return v, ok
}
