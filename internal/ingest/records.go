package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"strata/internal/model"
)

func (r *Reader) buildCustomer() *model.Customer {
	c := &model.Customer{
		ID:         r.id(cuID),
		Name:       r.text(cuName),
		Gender:     r.labelField(cuGender, ParseGender),
		BirthDate:  r.dateField(cuBirthDate),
		Occupation: r.text(cuOccupation),
		IncomeBand: r.text(cuIncomeBand),
		Region:     r.text(cuRegion),
		City:       r.text(cuCity),
		Address:    r.text(cuAddress),
		IDNumber:   r.text(cuIDNumber),
		Owner:      r.text(cuOwner),
		Source:     r.text(cuSource),
	}
	if age, st := r.intField(cuAge, ParseInt); st == cellOK {
		if age < 0 || age > 150 {
			r.fail(cuAge, r.get(cuAge), "is outside 0–150")
		} else {
			c.Age = age
		}
	}
	c.Phone = r.labelField(cuPhone, NormalizePhone)
	c.Email = r.labelField(cuEmail, NormalizeEmail)
	c.RegisteredAt = r.timeField(cuRegisteredAt)
	if v := r.text(cuTags); v != "" {
		c.Tags = SplitTags(v)
	}
	return c
}

func (r *Reader) buildOrder() *model.Order {
	if len(r.orders) == 0 {
		// One allocation per 256 orders instead of one per row.
		r.orders = make([]model.Order, 256)
	}
	o := &r.orders[0]
	r.orders = r.orders[1:]
	*o = model.Order{
		OrderID:     r.id(orOrderID),
		CustomerID:  r.id(orCustomerID),
		OrderedAt:   r.timeField(orOrderedAt),
		SKU:         r.text(orSKU),
		ProductName: r.text(orProductName),
		Category:    r.text(orCategory),
		Status:      model.StatusPaid,
	}
	if v := r.text(orChannel); v != "" {
		o.Channel = r.memoLabel(v, NormalizeOrderChannel)
	}
	if v := r.get(orStatus); v != "" {
		if s, err := ParseOrderStatus(v); err != nil {
			r.fail(orStatus, v, err.Error())
		} else {
			o.Status = s
		}
	}

	var qty decimal
	qtyState := cellEmpty
	if v := r.get(orQuantity); v != "" {
		d, err := parseQuantity(v)
		if err != nil {
			r.fail(orQuantity, v, err.Error())
			qtyState = cellBad
		} else {
			qty, qtyState, o.Quantity = d, cellOK, d.float()
		}
	}
	price, priceState := r.moneyField(orUnitPrice)
	o.UnitPrice = price
	amount, amountState := r.moneyField(orAmount)
	switch {
	case amountState == cellOK:
		o.Amount = amount
	case amountState == cellBad:
	case qtyState == cellOK && priceState == cellOK:
		a, err := mulMoney(price, qty)
		if err != nil {
			r.fail(orAmount, "", "quantity × unit_price "+err.Error())
		}
		o.Amount = a
	case qtyState != cellBad && priceState != cellBad:
		r.fail(orAmount, "", "is empty, and quantity × unit_price cannot stand in for it (both are needed)")
	}
	if o.Quantity < 0 && o.Amount > 0 {
		o.Amount = -o.Amount // a return: the amount carries the sign too
	}

	cost, costState := r.moneyField(orCost)
	profit, profitState := r.moneyField(orProfit)
	switch {
	case costState == cellOK:
		o.Cost, o.HasCost = cost, true
		if profitState == cellOK && o.Amount-cost != profit {
			r.fail(orProfit, r.get(orProfit), fmt.Sprintf("disagrees with amount − cost (%s − %s = %s)", o.Amount, cost, o.Amount-cost))
		}
	case profitState == cellOK && amountState != cellBad:
		o.Cost, o.HasCost = o.Amount-profit, true
	}
	if d, st := r.moneyField(orDiscount); st == cellOK {
		// Some systems write a discount as a negative adjustment; the model
		// keeps the amount granted, which is never negative.
		if d < 0 {
			d = -d
		}
		o.Discount = d
	}

	if o.OrderID != "" {
		// Lines count every row of the order, good or bad, so that fixing
		// a bad row and re-importing does not renumber the others.
		idx := r.lastOrder
		if r.lastOrderID != o.OrderID {
			// Lines of one order are usually adjacent: the map is only
			// consulted when the order id changes.
			var seen bool
			if idx, seen = r.orderLines[o.OrderID]; !seen {
				// Clone the key so the map does not pin every row's buffer.
				o.OrderID = strings.Clone(o.OrderID)
				idx = int32(len(r.lineCounts))
				r.orderLines[o.OrderID] = idx
				r.lineCounts = append(r.lineCounts, 0)
			}
			r.lastOrder, r.lastOrderID = idx, o.OrderID
		} else {
			o.OrderID = r.lastOrderID
		}
		r.lineCounts[idx]++
		o.Line = int(r.lineCounts[idx])
	} else if len(r.errs) == 0 && r.requiredPresent() {
		r.hashBuf = append(r.hashBuf[:0], o.CustomerID...)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendInt(r.hashBuf, o.OrderedAt.Unix(), 10)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = append(r.hashBuf, o.SKU...)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendInt(r.hashBuf, int64(o.Amount), 10)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendFloat(r.hashBuf, o.Quantity, 'g', -1, 64)
		o.OrderID, o.Line = r.deriveID(), 1
	}
	return o
}

// memoLabel returns norm(v), remembering up to 256 distinct cells: a
// categorical column repeats a handful of values over millions of rows.
// Only functions that depend on nothing but v may be memoised, and the
// memo is per column kind (orders have one such column).
func (r *Reader) memoLabel(v string, norm func(string) string) string {
	if out, ok := r.labels[v]; ok {
		return out
	}
	out := norm(v)
	if r.labels == nil {
		r.labels = make(map[string]string)
	}
	if len(r.labels) < 256 {
		r.labels[strings.Clone(v)] = out
	}
	return out
}

func (r *Reader) buildInteraction() *model.Interaction {
	in := &model.Interaction{
		ID:         r.id(inID),
		CustomerID: r.id(inCustomerID),
		At:         r.timeField(inAt),
		Channel:    model.ChannelOther, // an unstated channel is "other"
		Staff:      r.text(inStaff),
		Outcome:    r.text(inOutcome),
		Note:       r.text(inNote),
	}
	if v := r.get(inChannel); v != "" {
		if ch, err := ParseChannel(v); err != nil {
			r.fail(inChannel, v, err.Error())
		} else {
			in.Channel = ch
		}
	}
	if in.ID == "" && len(r.errs) == 0 && r.requiredPresent() {
		r.hashBuf = append(r.hashBuf[:0], in.CustomerID...)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendInt(r.hashBuf, in.At.Unix(), 10)
		for _, s := range []string{in.Channel, in.Staff, in.Outcome, in.Note} {
			r.hashBuf = append(r.hashBuf, '|')
			r.hashBuf = append(r.hashBuf, s...)
		}
		in.ID = r.deriveID()
	}
	return in
}

func (r *Reader) buildSurvey() *model.Survey {
	s := &model.Survey{
		ID:         r.id(suID),
		CustomerID: r.id(suCustomerID),
		At:         r.timeField(suAt),
		NPS:        -1,
		Preference: r.labelField(suPreference, ParsePreference),
		Comment:    r.text(suComment),
	}
	if v, st := r.intField(suCSAT, ParseScore5); st == cellOK {
		s.CSAT = v
	}
	if v, st := r.intField(suNPS, ParseNPS); st == cellOK {
		s.NPS = v
	}
	if s.ID == "" && len(r.errs) == 0 && r.requiredPresent() {
		r.hashBuf = append(r.hashBuf[:0], s.CustomerID...)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendInt(r.hashBuf, s.At.Unix(), 10)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendInt(r.hashBuf, int64(s.CSAT), 10)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = strconv.AppendInt(r.hashBuf, int64(s.NPS), 10)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = append(r.hashBuf, s.Preference...)
		r.hashBuf = append(r.hashBuf, '|')
		r.hashBuf = append(r.hashBuf, s.Comment...)
		s.ID = r.deriveID()
	}
	return s
}

func (r *Reader) buildTicket() *model.Ticket {
	t := &model.Ticket{
		ID:         r.id(tiID),
		CustomerID: r.id(tiCustomerID),
		OpenedAt:   r.timeField(tiOpenedAt),
		ClosedAt:   r.timeField(tiClosedAt),
		Category:   r.text(tiCategory),
	}
	if v := r.text(tiSeverity); v != "" {
		t.Severity = NormalizeSeverity(v)
	}
	if v, st := r.intField(tiSatisfaction, ParseScore5); st == cellOK {
		t.Satisfaction = v
	}
	switch v := r.get(tiStatus); {
	case v != "":
		if s, err := ParseTicketStatus(v); err != nil {
			r.fail(tiStatus, v, err.Error())
		} else {
			t.Status = s
		}
	case !t.ClosedAt.IsZero():
		t.Status = model.TicketClosed
	default:
		t.Status = model.TicketOpen
	}
	return t
}
