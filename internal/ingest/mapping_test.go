package ingest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"strata/internal/model"
)

func TestHeaderAliases(t *testing.T) {
	tests := []struct {
		name   string
		kind   Kind
		header string
		want   map[string]string
	}{
		{"customers zh", KindCustomers, "客户编号,姓名,手机号,邮箱,出生日期,注册时间,客户经理,标签",
			map[string]string{"customer_id": "客户编号", "name": "姓名", "phone": "手机号", "email": "邮箱", "birth_date": "出生日期",
				"registered_at": "注册时间", "owner": "客户经理", "tags": "标签"}},
		{"customers en variants", KindCustomers, "CustomerID,Customer Name,Mobile,E-mail,Date of Birth,Income,Province,City",
			map[string]string{"customer_id": "CustomerID", "name": "Customer Name", "phone": "Mobile", "email": "E-mail",
				"birth_date": "Date of Birth", "income_band": "Income", "region": "Province", "city": "City"}},
		{"customers lower id", KindCustomers, "客户id,客户名称,联系电话,年龄,职业,收入水平,区域,地址,来源",
			map[string]string{"customer_id": "客户id", "name": "客户名称", "phone": "联系电话", "age": "年龄", "occupation": "职业",
				"income_band": "收入水平", "region": "区域", "address": "地址", "source": "来源"}},
		{"customers id number zh", KindCustomers, "客户编号,身份证号", map[string]string{"customer_id": "客户编号", "id_number": "身份证号"}},
		{"customers id number 证件号码", KindCustomers, "客户编号,证件号码", map[string]string{"customer_id": "客户编号", "id_number": "证件号码"}},
		{"customers id number snake", KindCustomers, "customer_id,id_number", map[string]string{"customer_id": "customer_id", "id_number": "id_number"}},
		{"customers id number en", KindCustomers, "Customer ID,ID Number", map[string]string{"customer_id": "Customer ID", "id_number": "ID Number"}},
		{"orders online retail", KindOrders, "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
			map[string]string{"order_id": "InvoiceNo", "sku": "StockCode", "product_name": "Description", "quantity": "Quantity",
				"ordered_at": "InvoiceDate", "unit_price": "UnitPrice", "customer_id": "CustomerID"}},
		{"orders zh", KindOrders, "订单号,会员编号,下单时间,数量,单价,实付金额,成本,优惠金额,品类,商品名称,商品编号,渠道,状态",
			map[string]string{"order_id": "订单号", "customer_id": "会员编号", "ordered_at": "下单时间", "quantity": "数量",
				"unit_price": "单价", "amount": "实付金额", "cost": "成本", "discount": "优惠金额", "category": "品类",
				"product_name": "商品名称", "sku": "商品编号", "channel": "渠道", "status": "状态"}},
		{"orders units and brackets", KindOrders, "客户ID,订单日期,销售额（元）,利润 (元),Qty",
			map[string]string{"customer_id": "客户ID", "ordered_at": "订单日期", "amount": "销售额（元）", "profit": "利润 (元)", "quantity": "Qty"}},
		{"orders cdnow", KindOrders, "customer_id,date,number_of_cds,dollar_value",
			map[string]string{"customer_id": "customer_id", "ordered_at": "date", "quantity": "number_of_cds", "amount": "dollar_value"}},
		{"interactions zh", KindInteractions, "客户编号,联系时间,沟通方式,客服,跟进结果,备注",
			map[string]string{"customer_id": "客户编号", "at": "联系时间", "channel": "沟通方式", "staff": "客服", "outcome": "跟进结果", "note": "备注"}},
		{"surveys zh", KindSurveys, "问卷编号,客户编号,提交时间,满意度,推荐意愿,需求偏好,意见建议",
			map[string]string{"survey_id": "问卷编号", "customer_id": "客户编号", "at": "提交时间", "csat": "满意度", "nps": "推荐意愿",
				"preference": "需求偏好", "comment": "意见建议"}},
		{"surveys en", KindSurveys, "Customer ID,Date,CSAT,NPS,Preference",
			map[string]string{"customer_id": "Customer ID", "at": "Date", "csat": "CSAT", "nps": "NPS", "preference": "Preference"}},
		{"tickets zh", KindTickets, "工单号,客户编号,创建时间,关闭时间,问题类型,严重程度,状态,满意度",
			map[string]string{"ticket_id": "工单号", "customer_id": "客户编号", "opened_at": "创建时间", "closed_at": "关闭时间",
				"category": "问题类型", "severity": "严重程度", "status": "状态", "satisfaction": "满意度"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header := strings.Split(tc.header, ",")
			cols, _, err := mapHeader(tc.kind, header, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for fi, c := range cols {
				if c >= 0 {
					got[catalogues[tc.kind][fi].Name] = header[c]
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("mapping\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestHeaderMappingOptions(t *testing.T) {
	data := "会员号,日期,金额,备注,Country\nC1,2024-01-01,12.50,x,CN\n"
	rows, r := readAll(t, []byte(data), Options{Kind: KindOrders})
	if got := r.Unmapped(); !reflect.DeepEqual(got, []string{"备注", "Country"}) {
		t.Errorf("Unmapped = %q", got)
	}
	if got := r.Header(); !reflect.DeepEqual(got, []string{"会员号", "日期", "金额", "备注", "Country"}) {
		t.Errorf("Header = %q", got)
	}
	if rows[0].Order.Amount != 1250 {
		t.Errorf("amount %v", rows[0].Order.Amount)
	}

	// An explicit mapping wins over the aliases, and the alias column it
	// displaces becomes unmapped.
	data = "客户编号,日期,付款时间,金额\nC1,2024-01-01,2024-01-02 10:00,1\n"
	rows, r = readAll(t, []byte(data), Options{Kind: KindOrders, Map: map[string]string{"ordered_at": "付款时间"}})
	if got := rows[0].Order.OrderedAt; !got.Equal(utc(2024, 1, 2, 2, 0, 0, 0)) {
		t.Errorf("ordered_at %v", got)
	}
	if got := r.Unmapped(); !reflect.DeepEqual(got, []string{"日期"}) {
		t.Errorf("Unmapped = %q", got)
	}
	// Mapping matches headers after normalisation too.
	_, r = readAll(t, []byte("Member No,Date,Total\nC1,2024-01-01,1\n"), Options{Kind: KindOrders, Map: map[string]string{"customer_id": "member_no"}})
	if got := r.Mapping()["customer_id"]; got != "Member No" {
		t.Errorf("customer_id mapped to %q", got)
	}
	// A field mapped to "" is switched off.
	rows, _ = readAll(t, []byte("客户编号,日期,金额,状态\nC1,2024-01-01,1,weird\n"), Options{Kind: KindOrders, Map: map[string]string{"status": ""}})
	if len(rows[0].Errs) != 0 || rows[0].Order.Status != model.StatusPaid {
		t.Errorf("status switched off: %+v", rows[0])
	}
}

func TestHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		data    string
		m       map[string]string
		fields  []string
		mention []string
	}{
		{"missing required", KindOrders, "客户编号,金额\nC1,1\n", nil, []string{"ordered_at"}, []string{"ordered_at", `"客户编号"`, `"金额"`}},
		{"missing two required", KindTickets, "工单号,备注\nT1,x\n", nil, []string{"customer_id", "opened_at"}, []string{"customer_id, opened_at"}},
		{"orders without amount", KindOrders, "客户编号,日期,数量\nC1,2024-01-01,1\n", nil, []string{"amount", "quantity", "unit_price"}, []string{"amount"}},
		{"duplicate alias", KindOrders, "客户编号,日期,下单时间,金额\nC1,2024-01-01,2024-01-01,1\n", nil, []string{"ordered_at"}, []string{`"日期"`, `"下单时间"`, "ordered_at"}},
		{"duplicate header", KindCustomers, "客户编号,姓名,姓名\nC1,a,b\n", nil, []string{"name"}, []string{"name"}},
		{"map unknown field", KindCustomers, "客户编号\nC1\n", map[string]string{"shoe_size": "x"}, []string{"shoe_size"}, []string{"shoe_size", "customer_id"}},
		{"map unknown header", KindCustomers, "客户编号\nC1\n", map[string]string{"name": "Nom"}, []string{"name"}, []string{`"Nom"`, `"客户编号"`}},
		{"map one column twice", KindCustomers, "客户编号,x\nC1,a\n", map[string]string{"name": "x", "city": "x"}, []string{"name"}, []string{`"x"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tc.data), Options{Kind: tc.kind, Map: tc.m})
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("err = %v; want *HeaderError", err)
			}
			if !errors.Is(err, model.ErrInvalid) {
				t.Error("HeaderError does not unwrap to model.ErrInvalid")
			}
			if !reflect.DeepEqual(he.Fields, tc.fields) {
				t.Errorf("Fields = %q; want %q", he.Fields, tc.fields)
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %s", err, m)
				}
			}
		})
	}
}
