package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FieldSpec describes one canonical field of a Kind: its snake_case name
// (the model field's name), whether a file must have a column for it, and the
// header texts that map to it. Aliases are compared after NormalizeHeader,
// so "Customer ID", "customer_id" and "CUSTOMERID" are one alias.
type FieldSpec struct {
	Name     string
	Required bool
	Aliases  []string
}

// Field indexes per kind. They index the catalogue slices below and the
// reader's column table, so the hot path switches on ints, not names.
const (
	cuID = iota
	cuName
	cuGender
	cuBirthDate
	cuAge
	cuPhone
	cuEmail
	cuOccupation
	cuIncomeBand
	cuRegion
	cuCity
	cuAddress
	cuIDNumber
	cuRegisteredAt
	cuOwner
	cuSource
	cuTags
)

const (
	orOrderID = iota
	orCustomerID
	orOrderedAt
	orQuantity
	orUnitPrice
	orAmount
	orCost
	orProfit
	orDiscount
	orSKU
	orProductName
	orCategory
	orChannel
	orStatus
)

const (
	inID = iota
	inCustomerID
	inAt
	inChannel
	inStaff
	inOutcome
	inNote
)

const (
	suID = iota
	suCustomerID
	suAt
	suCSAT
	suNPS
	suPreference
	suComment
)

const (
	tiID = iota
	tiCustomerID
	tiOpenedAt
	tiClosedAt
	tiCategory
	tiSeverity
	tiStatus
	tiSatisfaction
)

// customerIDAliases are shared by every kind: each record names its customer.
var customerIDAliases = []string{
	"客户编号", "客户ID", "客户号", "客户代码", "客户编码", "客户账号",
	"会员编号", "会员ID", "会员号", "会员卡号", "用户ID", "用户编号",
	"顾客编号", "顾客ID", "customer id", "cust", "cust id", "customer no",
	"customer number", "customer code", "client id", "member id", "user id",
}

var catalogues = map[Kind][]FieldSpec{
	KindCustomers: {
		cuID:         {"customer_id", true, append([]string{"id", "编号"}, customerIDAliases...)},
		cuName:       {"name", false, []string{"姓名", "客户名称", "客户姓名", "名称", "名字", "会员名称", "会员姓名", "顾客姓名", "联系人", "customer name", "full name", "client name"}},
		cuGender:     {"gender", false, []string{"性别", "sex"}},
		cuBirthDate:  {"birth_date", false, []string{"出生日期", "生日", "出生年月日", "birthdate", "birthday", "date of birth", "dob"}},
		cuAge:        {"age", false, []string{"年龄", "岁数"}},
		cuPhone:      {"phone", false, []string{"手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "移动电话", "联系手机", "mobile", "telephone", "tel", "phone number", "mobile phone", "cell phone"}},
		cuEmail:      {"email", false, []string{"邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址", "e-mail", "mail", "email address"}},
		cuOccupation: {"occupation", false, []string{"职业", "职务", "工作", "job", "profession", "job title"}},
		cuIncomeBand: {"income_band", false, []string{"收入", "收入水平", "收入区间", "收入档次", "收入等级", "月收入", "年收入", "income", "income level"}},
		cuRegion:     {"region", false, []string{"地区", "区域", "省份", "省", "大区", "所在地区", "所在省份", "province", "state", "area"}},
		cuCity:       {"city", false, []string{"城市", "所在城市", "市"}},
		cuAddress:    {"address", false, []string{"地址", "联系地址", "通讯地址", "收货地址", "详细地址", "住址", "家庭住址", "street address"}},
		cuIDNumber: {"id_number", false, []string{"身份证号", "身份证", "身份证号码", "证件号码", "证件号", "证件编号", "身份证件号码", "护照号", "护照号码",
			"id number", "id no", "id card", "id card number", "identity number", "national id", "passport number", "passport no"}},
		cuRegisteredAt: {"registered_at", false, []string{"注册时间", "注册日期", "入会时间", "入会日期", "开户日期", "开户时间", "建档日期", "建档时间",
			"加入时间", "加入日期", "创建时间", "创建日期", "registered", "registration date", "signup date", "sign up date", "join date", "joined", "created at", "created"}},
		cuOwner:  {"owner", false, []string{"负责人", "客户经理", "销售", "销售代表", "销售员", "业务员", "归属人", "跟进人", "专属顾问", "account manager", "sales rep", "salesperson", "account owner"}},
		cuSource: {"source", false, []string{"来源", "客户来源", "获客渠道", "来源渠道", "渠道来源", "lead source", "acquisition channel", "channel"}},
		cuTags:   {"tags", false, []string{"标签", "客户标签", "tag", "labels", "label"}},
	},
	KindOrders: {
		orOrderID:    {"order_id", false, []string{"订单号", "订单编号", "订单ID", "单号", "交易号", "交易编号", "交易单号", "流水号", "发票号", "order id", "order no", "order number", "invoice no", "invoice", "invoice id", "invoice number", "transaction id"}},
		orCustomerID: {"customer_id", true, customerIDAliases},
		orOrderedAt: {"ordered_at", true, []string{"下单时间", "下单日期", "订单日期", "订单时间", "日期", "时间", "交易时间", "交易日期", "购买时间", "购买日期",
			"成交时间", "成交日期", "付款时间", "付款日期", "支付时间", "支付日期", "消费时间", "消费日期", "创建时间",
			"date", "order date", "invoice date", "purchase date", "transaction date", "datetime", "timestamp", "time", "order time"}},
		orQuantity:  {"quantity", false, []string{"数量", "购买数量", "件数", "销量", "销售数量", "qty", "number of cds", "cds", "units"}},
		orUnitPrice: {"unit_price", false, []string{"单价", "价格", "售价", "商品单价", "成交单价", "销售单价", "unit price", "price", "sale price"}},
		orAmount: {"amount", false, []string{"金额", "实付金额", "订单金额", "销售额", "销售金额", "实收金额", "成交金额", "支付金额", "付款金额", "交易金额",
			"消费金额", "总金额", "总价", "合计", "小计", "实付", "实收", "sales", "revenue", "dollar value", "total", "total amount", "line total", "net amount", "sales amount", "value"}},
		orCost:        {"cost", false, []string{"成本", "成本价", "进价", "采购成本", "商品成本", "cogs", "cost of goods"}},
		orProfit:      {"profit", false, []string{"利润", "毛利", "毛利润", "gross profit", "margin"}},
		orDiscount:    {"discount", false, []string{"折扣", "优惠金额", "优惠", "折扣金额", "减免", "减免金额", "抵扣", "抵扣金额", "discount amount"}},
		orSKU:         {"sku", false, []string{"商品编号", "商品编码", "商品ID", "产品编号", "产品编码", "产品ID", "货号", "stock code", "product id", "item id", "item code", "product code"}},
		orProductName: {"product_name", false, []string{"商品名称", "产品名称", "商品", "产品", "品名", "商品名", "产品名", "description", "product", "item", "item name"}},
		orCategory:    {"category", false, []string{"品类", "类别", "商品类别", "产品类别", "分类", "类目", "商品分类", "产品分类", "product category"}},
		orChannel:     {"channel", false, []string{"渠道", "销售渠道", "下单渠道", "购买渠道", "订单来源", "sales channel"}},
		orStatus:      {"status", false, []string{"状态", "订单状态", "交易状态", "支付状态", "order status"}},
	},
	KindInteractions: {
		inID:         {"interaction_id", false, []string{"互动编号", "互动ID", "记录编号", "记录ID", "联系记录编号", "跟进记录编号", "跟进记录ID", "interaction", "contact id", "activity id"}},
		inCustomerID: {"customer_id", true, customerIDAliases},
		inAt:         {"at", true, []string{"时间", "日期", "互动时间", "联系时间", "跟进时间", "拜访时间", "沟通时间", "接触时间", "date", "time", "datetime", "timestamp", "contact date", "contact time"}},
		inChannel:    {"channel", false, []string{"渠道", "方式", "互动渠道", "沟通方式", "跟进方式", "联系方式", "互动方式", "接触渠道", "medium", "via"}},
		inStaff:      {"staff", false, []string{"员工", "负责人", "跟进人", "客服", "销售", "经办人", "处理人", "agent", "employee", "rep", "owner", "handled by"}},
		inOutcome:    {"outcome", false, []string{"结果", "跟进结果", "沟通结果", "互动结果", "result"}},
		inNote:       {"note", false, []string{"备注", "内容", "记录", "说明", "沟通内容", "跟进内容", "互动内容", "notes", "comment", "comments", "remark", "remarks", "memo", "description"}},
	},
	KindSurveys: {
		suID:         {"survey_id", false, []string{"问卷编号", "调查编号", "问卷ID", "答卷编号", "答卷ID", "survey", "response id"}},
		suCustomerID: {"customer_id", true, customerIDAliases},
		suAt:         {"at", true, []string{"时间", "日期", "调查时间", "调查日期", "填写时间", "提交时间", "答卷时间", "date", "time", "datetime", "timestamp", "submitted at", "submitted"}},
		suCSAT:       {"csat", false, []string{"满意度", "满意度评分", "满意程度", "总体满意度", "满意度得分", "satisfaction", "satisfaction score"}},
		suNPS:        {"nps", false, []string{"推荐意愿", "推荐度", "推荐指数", "净推荐值", "推荐可能性", "推荐意愿评分", "likelihood to recommend", "recommend"}},
		suPreference: {"preference", false, []string{"偏好", "需求偏好", "购买偏好", "关注点", "最看重", "最关注", "priority"}},
		suComment:    {"comment", false, []string{"意见", "建议", "评论", "备注", "留言", "意见建议", "意见和建议", "comments", "feedback", "remark", "remarks"}},
	},
	KindTickets: {
		tiID:           {"ticket_id", true, []string{"工单号", "工单编号", "工单ID", "投诉编号", "投诉单号", "问题编号", "ticket", "ticket no", "ticket number", "case id", "issue id"}},
		tiCustomerID:   {"customer_id", true, customerIDAliases},
		tiOpenedAt:     {"opened_at", true, []string{"创建时间", "创建日期", "提交时间", "开单时间", "受理时间", "投诉时间", "报修时间", "日期", "时间", "opened", "created", "created at", "open date", "date"}},
		tiClosedAt:     {"closed_at", false, []string{"关闭时间", "关闭日期", "解决时间", "结案时间", "完成时间", "closed", "resolved at", "resolved", "close date"}},
		tiCategory:     {"category", false, []string{"类别", "类型", "问题类型", "工单类型", "投诉类型", "分类", "type"}},
		tiSeverity:     {"severity", false, []string{"严重程度", "优先级", "紧急程度", "级别", "priority", "level"}},
		tiStatus:       {"status", false, []string{"状态", "工单状态", "处理状态"}},
		tiSatisfaction: {"satisfaction", false, []string{"满意度", "评价", "满意度评分", "客户评价", "rating", "csat"}},
	},
}

// aliasIndex maps a normalised header to a field index, per kind. It is
// built once from catalogues; TestAliasesUnique proves no alias names two
// fields of one kind.
var aliasIndex = buildAliasIndex()

func buildAliasIndex() map[Kind]map[string]int {
	idx := make(map[Kind]map[string]int, len(catalogues))
	for k, fields := range catalogues {
		m := make(map[string]int)
		for i, f := range fields {
			m[NormalizeHeader(f.Name)] = i
			for _, a := range f.Aliases {
				m[NormalizeHeader(a)] = i
			}
		}
		idx[k] = m
	}
	return idx
}

// Fields returns the field catalogue of k, in canonical column order, or nil
// for an unknown kind. The slice is shared: do not modify it.
func Fields(k Kind) []FieldSpec { return catalogues[k] }

// NormalizeHeader folds a header cell for alias matching: it drops a BOM,
// text in brackets of either width ("金额（元）" → "金额", "Amount (USD)" →
// "amount"), and every character that is not a letter or a digit (spaces,
// underscores, hyphens, punctuation), and lower-cases the rest. A header that
// is nothing but a bracketed text keeps that text.
func NormalizeHeader(h string) string {
	if n := foldHeader(h, true); n != "" {
		return n
	}
	return foldHeader(h, false)
}

func foldHeader(h string, dropBrackets bool) string {
	var b strings.Builder
	b.Grow(len(h))
	depth := 0
	for _, r := range h {
		if dropBrackets {
			switch r {
			case '(', '（', '[', '【', '{':
				depth++
				continue
			case ')', '）', ']', '】', '}':
				if depth > 0 {
					depth--
				}
				continue
			}
			if depth > 0 {
				continue
			}
		}
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
