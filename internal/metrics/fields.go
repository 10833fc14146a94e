package metrics

// Kind is the type of a feature column.
type Kind uint8

// Column kinds. Number, Date and Bool columns are read with Table.Num (dates
// as unix seconds, bools as 0/1, NaN missing); String columns with
// Table.Str ("" missing); the Tags column with Table.Tags.
const (
	KindNumber Kind = iota + 1
	KindDate
	KindString
	KindBool
	KindTags
)

// String names the kind as rules and exports spell it.
func (k Kind) String() string {
	switch k {
	case KindNumber:
		return "number"
	case KindDate:
		return "date"
	case KindString:
		return "string"
	case KindBool:
		return "bool"
	case KindTags:
		return "tags"
	}
	return "unknown"
}

// Field describes one column of the feature table. Name is stable: rules,
// exports and stored snapshots refer to it.
type Field struct {
	Name    string
	Kind    Kind
	LabelEN string
	LabelZH string
	Unit    string // days, years, count, money (major units), ratio (0–1), score, per_year or ""
	Doc     string
}

// Numeric column slots (Table.num), in Fields order.
const (
	nRecency = iota
	nFrequency
	nPurchaseDays
	nMonetary
	nFrequencyWindow
	nMonetaryWindow
	nAOV
	nProfit
	nHasProfit
	nFirstPurchase
	nLastPurchase
	nTenure
	nInterpurchase
	nSpendLast
	nSpendPrev
	nTrend
	nRefundRate
	nDiscountShare
	nPremiumShare
	nInteractions
	nChannel0 // interactions_<channel>, one slot per model.Channels entry
	_
	_
	_
	_
	_
	nServiceInteractions
	nTicketsOpen
	nTicketsClosed
	nComplaints
	nTicketRate
	nCSATAvg
	nCSATCount
	nNPSLatest
	nAge
	nRegisteredAt
	nHasPurchase
	nRepeatX
	nRepeatTx
	nRepeatT
	nGapBeforeLast
	numCols
)

// String column slots (Table.str).
const (
	sNPSCategory = iota
	sPreference
	sAgeBand
	sGender
	sRegion
	sCity
	sOccupation
	sIncomeBand
	sSource
	sOwner
	strCols
)

// column ties a Field to its storage slot.
type column struct {
	Field
	slot int
}

func num(name string, slot int, kind Kind, en, zh, unit, doc string) column {
	return column{Field{name, kind, en, zh, unit, doc}, slot}
}

func str(name string, slot int, en, zh, doc string) column {
	return column{Field{name, KindString, en, zh, "", doc}, slot}
}

// columns is the schema, in display order. The docs pin the conventions;
// keep them and /work/notes/table.md in agreement.
var columns = []column{
	num("recency_days", nRecency, KindNumber, "Recency", "最近购买间隔", "days",
		"Business-zone calendar days from the last purchase day to D; 0 = bought on D. Missing without purchase."),
	num("frequency", nFrequency, KindNumber, "Frequency (orders)", "购买次数（订单数）", "count",
		"Distinct orders with at least one paid line of positive amount; refunded-only, cancelled and pure-return orders do not count."),
	num("purchase_days", nPurchaseDays, KindNumber, "Purchase days", "购买天数", "count",
		"Distinct business-zone days with a purchase (paid line of positive amount)."),
	num("monetary", nMonetary, KindNumber, "Monetary (net)", "消费金额（净额）", "money",
		"Sum of amounts of paid lines, returns (negative paid lines) included; refunded and cancelled lines are not spend. May be negative."),
	num("frequency_window", nFrequencyWindow, KindNumber, "Orders in window", "窗口期订单数", "count",
		"frequency counted over the window of Config.WindowDays days ending with D (default 365)."),
	num("monetary_window", nMonetaryWindow, KindNumber, "Spend in window", "窗口期消费金额", "money",
		"monetary over the window of Config.WindowDays days ending with D."),
	num("aov", nAOV, KindNumber, "Average order value", "客单价", "money",
		"monetary / frequency. Missing when frequency is 0."),
	num("profit", nProfit, KindNumber, "Profit", "利润", "money",
		"Sum of amount − cost over paid lines whose cost is known. Missing when no line has a cost."),
	num("has_profit", nHasProfit, KindBool, "Has cost data", "有成本数据", "",
		"Whether at least one paid line has a known cost, i.e. profit is defined."),
	num("first_purchase_at", nFirstPurchase, KindDate, "First purchase", "首次购买时间", "",
		"Instant of the first purchase (unix seconds). Missing without purchase."),
	num("last_purchase_at", nLastPurchase, KindDate, "Last purchase", "最近购买时间", "",
		"Instant of the last purchase up to D (unix seconds). Missing without purchase."),
	num("tenure_days", nTenure, KindNumber, "Tenure", "客户关系时长", "days",
		"Days from the start of the relationship (the earlier of registration day and first purchase day) to D. Missing when both are unknown."),
	num("gap_before_last_days", nGapBeforeLast, KindNumber, "Gap before the last purchase", "末次购买前间隔", "days",
		"Days between the last purchase day and the purchase day before it (a long gap then a purchase = won back). Missing with fewer than 2 purchase days."),
	num("interpurchase_days", nInterpurchase, KindNumber, "Mean inter-purchase interval", "平均购买间隔", "days",
		"(last purchase day − first purchase day) / (purchase_days − 1). Missing with fewer than two purchase days."),
	num("spend_last_90", nSpendLast, KindNumber, "Spend, last 90 days", "近90天消费", "money",
		"Net spend in the Config.TrendDays days ending with D (default 90)."),
	num("spend_prev_90", nSpendPrev, KindNumber, "Spend, previous 90 days", "前90天消费", "money",
		"Net spend in the Config.TrendDays days before those."),
	num("trend", nTrend, KindNumber, "Spend trend", "消费趋势", "ratio",
		"(L − P) / (L + P) with L, P = spend_last_90, spend_prev_90 floored at 0: −1 stopped, 0 flat, +1 new; L/P = (1+trend)/(1−trend). Missing when L + P = 0."),
	num("refund_rate", nRefundRate, KindNumber, "Refund and return rate", "退款退货率", "ratio",
		"(refunded line amounts + returned amounts) / (positive paid + refunded line amounts), capped at 1. Missing when nothing was bought."),
	num("discount_share", nDiscountShare, KindNumber, "Discount share", "折扣占比", "ratio",
		"Discount / (amount + discount) over paid lines of positive amount: the share of list value given away. Missing when nothing was bought."),
	num("premium_share", nPremiumShare, KindNumber, "Premium share", "高端消费占比", "ratio",
		"Share of positive paid spend on lines in a premium category or priced above their category's median unit price (over every included customer's paid positive lines with a unit price, up to D). Missing when nothing was bought."),
	num("interactions", nInteractions, KindNumber, "Interactions", "互动次数", "count",
		"Interactions on every channel up to D."),
	num("interactions_face_to_face", nChannel0+0, KindNumber, "Face-to-face interactions", "面对面互动", "count", "Interactions on channel face_to_face."),
	num("interactions_phone", nChannel0+1, KindNumber, "Phone interactions", "电话互动", "count", "Interactions on channel phone."),
	num("interactions_online", nChannel0+2, KindNumber, "Online interactions", "在线互动", "count", "Interactions on channel online."),
	num("interactions_social", nChannel0+3, KindNumber, "Social media interactions", "社交媒体互动", "count", "Interactions on channel social."),
	num("interactions_email", nChannel0+4, KindNumber, "E-mail interactions", "邮件互动", "count", "Interactions on channel email."),
	num("interactions_other", nChannel0+5, KindNumber, "Other interactions", "其他互动", "count", "Interactions on channel other."),
	num("service_interactions", nServiceInteractions, KindNumber, "Service contacts", "服务接触次数", "count",
		"Every service contact up to D: interactions plus tickets opened."),
	num("tickets_open", nTicketsOpen, KindNumber, "Open tickets", "未结工单", "count",
		"Tickets opened up to D and not closed by then (a ticket closed after D was open at D)."),
	num("tickets_closed", nTicketsClosed, KindNumber, "Closed tickets", "已结工单", "count",
		"Tickets opened and closed up to D (closed with unknown close time counts as closed)."),
	num("complaints", nComplaints, KindNumber, "Complaints", "投诉次数", "count",
		"Tickets opened up to D whose category is complaint or 投诉 (case-insensitive), open or closed."),
	num("ticket_rate", nTicketRate, KindNumber, "Tickets per year", "年均工单数", "per_year",
		"Tickets opened up to D per year of tenure, tenure floored at 30 days. Missing when tenure is."),
	num("csat_avg", nCSATAvg, KindNumber, "Average CSAT", "平均满意度", "score",
		"Mean of the CSAT answers (1–5) up to D. Missing without answer."),
	num("csat_count", nCSATCount, KindNumber, "CSAT answers", "满意度评价次数", "count",
		"Number of CSAT answers up to D."),
	num("nps_latest", nNPSLatest, KindNumber, "Latest NPS answer", "最近NPS评分", "score",
		"The latest 0–10 likelihood-to-recommend answer up to D. Missing without answer."),
	str("nps_category", sNPSCategory, "NPS category", "NPS类别",
		"promoter (9–10), passive (7–8), detractor (0–6) from nps_latest; \"\" without answer."),
	str("preference_stated", sPreference, "Stated preference", "自述偏好",
		"The latest non-empty stated preference up to D (function, quality, price, service)."),
	num("age", nAge, KindNumber, "Age", "年龄", "years",
		"Completed years at D from the birth date (a 29 February birthday falls on 1 March in other years), else the stated age. Missing when unknown."),
	str("age_band", sAgeBand, "Age band", "年龄段",
		"<25, 25-34, 35-44, 45-54, 55-64, 65+ from age; \"\" when unknown."),
	str("gender", sGender, "Gender", "性别", "male, female, other or \"\"."),
	str("region", sRegion, "Region", "地区", "As recorded."),
	str("city", sCity, "City", "城市", "As recorded."),
	str("occupation", sOccupation, "Occupation", "职业", "As recorded."),
	str("income_band", sIncomeBand, "Income band", "收入段", "As recorded."),
	str("source", sSource, "Acquisition source", "来源渠道", "As recorded."),
	str("owner", sOwner, "Owner", "负责人", "Staff user owning the customer; \"\" = pool (公海)."),
	num("registered_at", nRegisteredAt, KindDate, "Registered", "注册时间", "",
		"Registration instant (unix seconds). Missing when unknown."),
	num("has_purchase", nHasPurchase, KindBool, "Has purchased", "有购买", "",
		"Whether the customer made at least one purchase up to D."),
	num("repeat_x", nRepeatX, KindNumber, "Repeat purchase days (x)", "重复购买天数", "count",
		"Lifetime-value convention: purchase days after the first (purchase_days − 1). Missing without purchase."),
	num("repeat_tx_days", nRepeatTx, KindNumber, "First to last purchase (t_x)", "首末购买间隔", "days",
		"Lifetime-value convention: last purchase day − first purchase day. Missing without purchase."),
	num("repeat_T_days", nRepeatT, KindNumber, "First purchase to as-of (T)", "首购至今", "days",
		"Lifetime-value convention: D − first purchase day. Missing without purchase."),
	{Field{"tags", KindTags, "Tags", "标签", "", "The customer's tags as recorded."}, 0},
}

// byName indexes columns by field name.
var byName = func() map[string]int {
	m := make(map[string]int, len(columns))
	for i, c := range columns {
		m[c.Name] = i
	}
	return m
}()

// Fields lists the feature table's columns in display order. The slice is
// a copy; callers may keep it.
func Fields() []Field {
	out := make([]Field, len(columns))
	for i, c := range columns {
		out[i] = c.Field
	}
	return out
}

// FieldByName returns the field called name.
func FieldByName(name string) (Field, bool) {
	i, ok := byName[name]
	if !ok {
		return Field{}, false
	}
	return columns[i].Field, true
}
