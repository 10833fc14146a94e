package ingest

import (
	"reflect"
	"strings"
	"testing"

	"strata/internal/model"
)

func TestOrderAmounts(t *testing.T) {
	data := "客户编号,日期,数量,单价,金额,成本,利润,折扣,状态\n" +
		"C1,2024-01-01,3,12.50,,,,,\n" + // 2 amount = 3 × 12.50
		"C1,2024-01-01,2.5,0.01,,,,,\n" + // 3 0.025 → 0.02 (half even)
		"C1,2024-01-01,1,,9.99,6.00,,,\n" + // 4 amount given, cost
		"C1,2024-01-01,1,,9.99,,3.99,,\n" + // 5 profit → cost 6.00
		"C1,2024-01-01,-2,5.00,10.00,,,,\n" + // 6 return: amount takes the sign
		"C1,2024-01-01,,,-10.00,,,-1.50,已退款\n" + // 7 negative amount kept; discount made positive
		"C1,2024-01-01,1,,,,,,\n" + // 8 neither amount nor price
		"C1,2024-01-01,1,,9.99,6.00,1.00,,\n" + // 9 cost and profit disagree
		"C1,2024-01-01,x,2.00,,,,,\n" + // 10 bad quantity: only that error
		"C1,2024-01-01,1,,1.00,,,,lost\n" // 11 bad status
	rows, _ := readAll(t, []byte(data), Options{Kind: KindOrders})
	checkRowErrors(t, rows, []int{2, 3, 4, 5, 6, 7}, map[int][]wantErr{
		8:  {{8, "金额", "amount", "quantity × unit_price cannot stand in"}},
		9:  {{9, "利润", "profit", "disagrees with amount − cost"}},
		10: {{10, "数量", "quantity", "not a number"}},
		11: {{11, "状态", "status", "not an order status"}},
	})
	type want struct {
		amount, cost, discount model.Money
		hasCost                bool
		qty                    float64
		status                 string
	}
	wants := map[int]want{
		2: {3750, 0, 0, false, 3, model.StatusPaid},
		3: {2, 0, 0, false, 2.5, model.StatusPaid},
		4: {999, 600, 0, true, 1, model.StatusPaid},
		5: {999, 600, 0, true, 1, model.StatusPaid},
		6: {-1000, 0, 0, false, -2, model.StatusPaid},
		7: {-1000, 0, 150, false, 0, model.StatusRefunded},
	}
	for _, row := range rows {
		w, ok := wants[row.Line]
		if !ok {
			continue
		}
		o := row.Order
		got := want{o.Amount, o.Cost, o.Discount, o.HasCost, o.Quantity, o.Status}
		if got != w {
			t.Errorf("line %d = %+v; want %+v", row.Line, got, w)
		}
	}
}

func TestOrderIDs(t *testing.T) {
	data := "订单号,客户编号,日期,金额,商品编号\n" +
		"A,C1,2024-01-01,1,s1\n" +
		"B,C1,2024-01-01,1,s1\n" +
		"A,C1,2024-01-01,2,s2\n" +
		"A,C1,2024-01-01,3,s3\n"
	rows := goodRows(t, []byte(data), Options{Kind: KindOrders})
	var got []string
	for _, r := range rows {
		got = append(got, r.Order.OrderID+"/"+string(rune('0'+r.Order.Line)))
	}
	if want := []string{"A/1", "B/1", "A/2", "A/3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ids %v; want %v", got, want)
	}

	// Without an order id, every row is its own order with a derived id:
	// identical rows are told apart by -N, and re-reading gives the same ids.
	noID := "客户编号,日期,金额,数量,商品编号\n" +
		"C1,2024-01-01,1.00,1,s1\n" +
		"C1,2024-01-01,1.00,1,s1\n" +
		"C1,2024-01-01,1.00,1,s2\n" +
		"C2,2024-01-01,1.00,1,s1\n"
	read := func(data string) []string {
		var ids []string
		for _, r := range goodRows(t, []byte(data), Options{Kind: KindOrders}) {
			if r.Order.Line != 1 {
				t.Errorf("derived order line %d", r.Order.Line)
			}
			ids = append(ids, r.Order.OrderID)
		}
		return ids
	}
	ids := read(noID)
	for _, id := range ids {
		if !strings.HasPrefix(id, "~") || len(id) != len("~0123456789abcdef-1") {
			t.Errorf("derived id %q has the wrong shape", id)
		}
	}
	if ids[0][:17] != ids[1][:17] || ids[0] == ids[1] || !strings.HasSuffix(ids[0], "-1") || !strings.HasSuffix(ids[1], "-2") {
		t.Errorf("identical rows: %q %q", ids[0], ids[1])
	}
	if ids[2][:17] == ids[0][:17] || ids[3][:17] == ids[0][:17] {
		t.Errorf("different rows share a hash: %q", ids)
	}
	if again := read(crlf(noID)); !reflect.DeepEqual(again, ids) {
		t.Errorf("re-read ids %q; want %q", again, ids)
	}
	// The same values in another format and layout give the same ids.
	xlsx := makeXLSX(t, "", [][]any{{"customer_id", "amount", "ordered_at", "quantity", "sku"},
		{"C1", "1", "2024/1/1", 1, "s1"}, {"C1", 1.0, 45292, "1", "s1"}, {"C1", "¥1.00", "20240101", 1, "s2"}, {"C2", 1, "2024-01-01 00:00", 1, "s1"}})
	var xids []string
	for _, r := range goodRows(t, xlsx, Options{Kind: KindOrders}) {
		xids = append(xids, r.Order.OrderID)
	}
	if !reflect.DeepEqual(xids, ids) {
		t.Errorf("xlsx ids %q; want %q", xids, ids)
	}
}

func TestCustomerRecord(t *testing.T) {
	data := "客户编号,姓名,性别,出生日期,年龄,手机,邮箱,注册时间,标签,负责人\n" +
		"C1,张三,男,1990年5月1日,34,+86 138 0013 8000,ZS@Example.com,2023-03-01 10:20,vip，老客；华东,王经理\n" +
		"C2,李四,外星,1990-02-30,200,138abc,not-mail,yesterday,,\n" +
		"'=C3,'+王五,,,,,,,,\n"
	rows, _ := readAll(t, []byte(data), Options{Kind: KindCustomers})
	checkRowErrors(t, rows, []int{2, 4}, map[int][]wantErr{3: {
		{3, "性别", "gender", "not a gender"},
		{3, "出生日期", "birth_date", "day 30"},
		{3, "年龄", "age", "outside 0–150"},
		{3, "手机", "phone", "letters"},
		{3, "邮箱", "email", "not an e-mail"},
		{3, "注册时间", "registered_at", "not a recognised date"},
	}})
	want := &model.Customer{ID: "C1", Name: "张三", Gender: model.GenderMale, BirthDate: utc(1990, 5, 1, 0, 0, 0, 0), Age: 34,
		Phone: "13800138000", Email: "zs@example.com", RegisteredAt: utc(2023, 3, 1, 2, 20, 0, 0),
		Tags: []string{"vip", "老客", "华东"}, Owner: "王经理"}
	if !reflect.DeepEqual(rows[0].Customer, want) {
		t.Errorf("C1 = %+v\nwant %+v", rows[0].Customer, want)
	}
	if c := rows[2].Customer; c.ID != "=C3" || c.Name != "+王五" {
		t.Errorf("escaped cells not unescaped: %+v", c)
	}
}

func TestInteractionSurveyTicketRecords(t *testing.T) {
	in := goodRows(t, []byte("客户编号,时间,渠道,备注\nC1,2024-03-01 09:00,微信,聊了\nC1,2024-03-01 09:00,,\nC1,2024-03-01 09:00,微信,聊了\n"),
		Options{Kind: KindInteractions})
	if in[0].Interaction.Channel != model.ChannelSocial || in[1].Interaction.Channel != model.ChannelOther {
		t.Errorf("channels %q %q", in[0].Interaction.Channel, in[1].Interaction.Channel)
	}
	if id0, id2 := in[0].Interaction.ID, in[2].Interaction.ID; id0[:17] != id2[:17] || id0 == id2 || !strings.HasPrefix(id0, "~") {
		t.Errorf("derived interaction ids %q %q", id0, id2)
	}
	rows, _ := readAll(t, []byte("客户编号,时间,渠道\nC1,2024-03-01,飞鸽传书\n"), Options{Kind: KindInteractions})
	checkRowErrors(t, rows, nil, map[int][]wantErr{2: {{2, "渠道", "channel", "not a channel"}}})

	su := goodRows(t, []byte("客户编号,提交时间,满意度,推荐意愿,偏好\nC1,2024-04-01,非常满意,9,价格\nC1,2024-04-02,,,\n"), Options{Kind: KindSurveys})
	if s := su[0].Survey; s.CSAT != 5 || s.NPS != 9 || s.Preference != model.PrefPrice || s.ID == "" {
		t.Errorf("survey = %+v", s)
	}
	if s := su[1].Survey; s.CSAT != 0 || s.NPS != -1 {
		t.Errorf("unanswered survey = %+v", s)
	}
	rows, _ = readAll(t, []byte("客户编号,提交时间,满意度,推荐意愿\nC1,2024-04-01,6,11\n"), Options{Kind: KindSurveys})
	checkRowErrors(t, rows, nil, map[int][]wantErr{2: {{2, "满意度", "csat", "outside 1–5"}, {2, "推荐意愿", "nps", "outside 0–10"}}})

	ti := goodRows(t, []byte("工单号,客户编号,创建时间,关闭时间,严重程度,状态\nT1,C1,2024-05-01,2024-05-02,紧急,\nT2,C1,2024-05-01,,,\nT3,C1,2024-05-01,,,已解决\n"), Options{Kind: KindTickets})
	if got := []string{ti[0].Ticket.Status, ti[1].Ticket.Status, ti[2].Ticket.Status, ti[0].Ticket.Severity}; !reflect.DeepEqual(got, []string{"closed", "open", "closed", "critical"}) {
		t.Errorf("ticket statuses %q", got)
	}
	rows, _ = readAll(t, []byte("工单号,客户编号,创建时间,关闭时间\nT1,C1,2024-05-02,2024-05-01\n,,2024-05-01,\n"), Options{Kind: KindTickets})
	checkRowErrors(t, rows, nil, map[int][]wantErr{
		2: {{2, "关闭时间", "closed_at", "before opened_at"}},
		3: {{3, "工单号", "ticket_id", "is required"}, {3, "客户编号", "customer_id", "is required"}},
	})
}

func TestDateOptionsReachFields(t *testing.T) {
	data := "客户编号,日期,金额\nC1,01/02/2024 10:00,1\n"
	rows := goodRows(t, []byte(data), Options{Kind: KindOrders})
	if got := rows[0].Order.OrderedAt; !got.Equal(utc(2024, 1, 2, 2, 0, 0, 0)) {
		t.Errorf("month first: %v", got)
	}
	rows = goodRows(t, []byte(data), Options{Kind: KindOrders, DayFirst: true})
	if got := rows[0].Order.OrderedAt; !got.Equal(utc(2024, 2, 1, 2, 0, 0, 0)) {
		t.Errorf("day first: %v", got)
	}
	rows = goodRows(t, []byte(data), Options{Kind: KindOrders, Location: utcLoc()})
	if got := rows[0].Order.OrderedAt; !got.Equal(utc(2024, 1, 2, 10, 0, 0, 0)) {
		t.Errorf("UTC location: %v", got)
	}
	rows = goodRows(t, []byte("客户编号,日期,金额\nC1,2.1.24,1\n"), Options{Kind: KindOrders, DateFormat: "2.1.06"})
	if got := rows[0].Order.OrderedAt; !got.Equal(utc(2024, 1, 1, 16, 0, 0, 0)) {
		t.Errorf("layout: %v", got)
	}
}
