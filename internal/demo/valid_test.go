package demo

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"strata/internal/model"
)

// TestRecordsValid checks every record of the 5,000-customer run against its
// model validation and the generator's own conventions.
func TestRecordsValid(t *testing.T) {
	rec := loadBigRun(t)
	if len(rec.customers) != 5000 {
		t.Fatalf("%d customers, want 5000", len(rec.customers))
	}
	shanghai := shanghai()
	bound := time.Date(2025, 7, 1, 0, 0, 0, 0, shanghai) // the local midnight after End
	earliest := bound.AddDate(-7, 0, 0)

	staffSet := map[string]bool{}
	for _, s := range Staff() {
		staffSet[s] = true
	}
	skus := map[string]Product{}
	for _, p := range Catalogue() {
		skus[p.SKU] = p
	}
	regionOf := map[string]string{}
	for _, c := range cities {
		regionOf[c.name] = regionNames[c.region]
	}
	tagSet := map[string]bool{}
	for _, tg := range []string{TagVIP, TagCorporate, TagMember, TagLongTime, TagNew, TagPrice, TagWealthy, TagWatch, TagGroupBuy} {
		tagSet[tg] = true
	}
	ids := map[string]bool{}
	unique := func(t *testing.T, id string) {
		t.Helper()
		if ids[id] {
			t.Fatalf("duplicate id %s", id)
		}
		ids[id] = true
	}
	inRange := func(t *testing.T, what string, at time.Time, reg time.Time) {
		t.Helper()
		if !at.Before(bound) || at.Before(earliest) {
			t.Fatalf("%s at %v outside the data window (bound %v)", what, at, bound)
		}
		if at.Before(reg) {
			t.Fatalf("%s at %v before registration %v", what, at, reg)
		}
		if at.Location() != time.UTC {
			t.Fatalf("%s at %v not in UTC", what, at)
		}
	}
	var revenue, cost model.Money

	for i, cr := range rec.customers {
		c := &cr.customer
		if err := c.Validate(); err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		if c.ID != CustomerID(i) {
			t.Fatalf("customer %d has id %s", i, c.ID)
		}
		unique(t, c.ID)
		inRange(t, c.ID+" registration", c.RegisteredAt, time.Time{})
		checkCustomer(t, c, regionOf, staffSet, tagSet)

		var prev time.Time
		lines := 0
		for j, o := range cr.orders {
			if err := o.Validate(); err != nil {
				t.Fatalf("%s/%d: %v", o.OrderID, o.Line, err)
			}
			unique(t, o.OrderID+"#"+string(rune('0'+o.Line)))
			inRange(t, o.OrderID, o.OrderedAt, c.RegisteredAt)
			if o.OrderedAt.Before(prev) {
				t.Fatalf("%s: orders out of time order", o.OrderID)
			}
			prev = o.OrderedAt
			if o.Line == 1 {
				lines = 0
			} else if cr.orders[j-1].OrderID != o.OrderID || cr.orders[j-1].Line != o.Line-1 ||
				!cr.orders[j-1].OrderedAt.Equal(o.OrderedAt) || cr.orders[j-1].Channel != o.Channel {
				t.Fatalf("%s: line %d does not follow its order's previous line", o.OrderID, o.Line)
			}
			lines++
			if lines > 4 {
				t.Fatalf("%s: more than 4 lines", o.OrderID)
			}
			local := o.OrderedAt.In(shanghai).Format("20060102")
			p, ok := skus[o.SKU]
			switch {
			case !ok || p.Name != o.ProductName || p.Category != o.Category || p.Price != o.UnitPrice:
				t.Fatalf("%s: line does not match the catalogue: %+v", o.OrderID, o)
			case !slices.Contains(OrderChannels(), o.Channel):
				t.Fatalf("%s: channel %q", o.OrderID, o.Channel)
			case !o.HasCost || o.Cost == 0:
				t.Fatalf("%s: no cost", o.OrderID)
			case !strings.HasPrefix(o.OrderID, "SO"+local+"-") && !strings.HasPrefix(o.OrderID, "RT"+local+"-"):
				t.Fatalf("%s: id does not carry the local order date %s", o.OrderID, local)
			}
			if o.Quantity < 0 {
				if !strings.HasPrefix(o.OrderID, "RT") || o.Line != 1 || o.Amount >= 0 || o.Cost >= 0 ||
					o.Discount != 0 || o.Status != model.StatusPaid {
					t.Fatalf("%s: malformed return %+v", o.OrderID, o)
				}
			} else {
				gross := o.UnitPrice * model.Money(o.Quantity)
				if !strings.HasPrefix(o.OrderID, "SO") || o.Quantity < 1 || o.Amount != gross-o.Discount || o.Discount >= gross {
					t.Fatalf("%s: amount %s != %v × %s − %s", o.OrderID, o.Amount, o.Quantity, o.UnitPrice, o.Discount)
				}
			}
			if o.Status == model.StatusPaid {
				revenue += o.Amount
				cost += o.Cost
			}
		}

		prev = time.Time{}
		for _, in := range cr.interactions {
			if err := in.Validate(); err != nil {
				t.Fatalf("%s: %v", in.ID, err)
			}
			unique(t, in.ID)
			inRange(t, in.ID, in.At, c.RegisteredAt)
			if in.At.Before(prev) || !staffSet[in.Staff] || !slices.Contains(Outcomes(), in.Outcome) || in.Note == "" {
				t.Fatalf("%s: bad interaction %+v", in.ID, in)
			}
			prev = in.At
		}
		for _, s := range cr.surveys {
			if err := s.Validate(); err != nil {
				t.Fatalf("%s: %v", s.ID, err)
			}
			unique(t, s.ID)
			inRange(t, s.ID, s.At, c.RegisteredAt)
			if s.CSAT < 1 {
				t.Fatalf("%s: CSAT %d not asked", s.ID, s.CSAT)
			}
		}
		if len(cr.surveys) > 0 && cr.surveys[0].Preference == "" {
			t.Fatalf("%s: first survey states no preference", c.ID)
		}
		for _, k := range cr.tickets {
			if err := k.Validate(); err != nil {
				t.Fatalf("%s: %v", k.ID, err)
			}
			unique(t, k.ID)
			inRange(t, k.ID, k.OpenedAt, c.RegisteredAt)
			switch k.Status {
			case model.TicketClosed:
				if k.ClosedAt.Before(k.OpenedAt) || !k.ClosedAt.Before(bound) {
					t.Fatalf("%s: closed at %v", k.ID, k.ClosedAt)
				}
			case model.TicketOpen:
				if !k.ClosedAt.IsZero() || k.Satisfaction != 0 {
					t.Fatalf("%s: open ticket with close data %+v", k.ID, k)
				}
			}
			if !slices.Contains(TicketCategories(), k.Category) || !slices.Contains(Severities(), k.Severity) {
				t.Fatalf("%s: category %q severity %q", k.ID, k.Category, k.Severity)
			}
		}
	}
	if revenue <= cost {
		t.Fatalf("the business makes no profit: revenue %s, cost %s", revenue, cost)
	}
}

func checkCustomer(t *testing.T, c *model.Customer, regionOf map[string]string, staffSet, tagSet map[string]bool) {
	t.Helper()
	if utf8.RuneCountInString(c.Name) < 2 {
		t.Fatalf("%s: name %q", c.ID, c.Name)
	}
	if c.City != "" && regionOf[c.City] != c.Region {
		t.Fatalf("%s: city %s is not in region %s", c.ID, c.City, c.Region)
	}
	if c.Address != "" && !strings.Contains(c.Address, c.City+"市") {
		t.Fatalf("%s: address %q is not in %s", c.ID, c.Address, c.City)
	}
	if c.Phone != "" && (len(c.Phone) != 11 || !slices.Contains(mobilePrefixes, c.Phone[:3]) || strings.Trim(c.Phone, "0123456789") != "") {
		t.Fatalf("%s: phone %q", c.ID, c.Phone)
	}
	if c.Email != "" {
		local, domain, ok := strings.Cut(c.Email, "@")
		if !ok || local == "" || !strings.Contains(domain, ".") || strings.ToLower(c.Email) != c.Email {
			t.Fatalf("%s: email %q", c.ID, c.Email)
		}
	}
	if c.Owner != "" && !staffSet[c.Owner] {
		t.Fatalf("%s: owner %q is not staff", c.ID, c.Owner)
	}
	for _, tg := range c.Tags {
		if !tagSet[tg] {
			t.Fatalf("%s: tag %q", c.ID, tg)
		}
	}
	if c.IncomeBand != "" && !slices.Contains(incomeBands, c.IncomeBand) {
		t.Fatalf("%s: income band %q", c.ID, c.IncomeBand)
	}
	if !slices.Contains(sources, c.Source) {
		t.Fatalf("%s: source %q", c.ID, c.Source)
	}
	age := c.Age
	if !c.BirthDate.IsZero() {
		if c.Age != 0 || c.BirthDate.Location() != time.UTC || c.BirthDate.Hour() != 0 {
			t.Fatalf("%s: birth date %v with age %d", c.ID, c.BirthDate, c.Age)
		}
		age = testEnd.Year() - c.BirthDate.Year()
		if testEnd.Month() < c.BirthDate.Month() || testEnd.Month() == c.BirthDate.Month() && testEnd.Day() < c.BirthDate.Day() {
			age--
		}
	}
	if age != 0 && (age < 18 || age > 75) {
		t.Fatalf("%s: age %d", c.ID, age)
	}
}
