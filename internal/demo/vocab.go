package demo

import "slices"

// Income bands are monthly income in yuan, as CRM forms ask for them.
var incomeBands = []string{"<5k", "5k-10k", "10k-20k", "20k-50k", ">50k"}

// IncomeBands returns the income band codes from lowest to highest.
func IncomeBands() []string { return slices.Clone(incomeBands) }

// Acquisition sources (Customer.Source), in the order of behaviour.sources.
var sources = []string{"官网", "门店", "电商平台", "展会", "转介绍", "广告", "社交媒体", "电话营销"}

// Sources returns the acquisition source names.
func Sources() []string { return slices.Clone(sources) }

// Tags the generator assigns.
const (
	TagVIP       = "VIP"
	TagCorporate = "企业客户"
	TagMember    = "会员"
	TagLongTime  = "老客户"
	TagNew       = "新客户"
	TagPrice     = "价格敏感"
	TagWealthy   = "高净值"
	TagWatch     = "重点关注"
	TagGroupBuy  = "团购"
)

// occupations with weights for working-age adults; students and retirees
// are decided by age first.
var (
	occupations = []string{"企业职员", "工程师", "程序员", "销售", "教师", "医生", "护士", "公务员", "个体经营",
		"自由职业", "设计师", "会计", "律师", "企业主", "管理人员", "工人", "服务业"}
	occupationWeights = newWeights(22, 8, 6, 7, 6, 3, 3, 5, 8, 7, 4, 4, 1.5, 3, 6, 6, 5)
	// occupationIncome shifts the income band of an occupation, in the order above.
	occupationIncome = []int{0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 2, 1, -1, -1}
	incomeWeights    = newWeights(15, 30, 30, 18, 7)
)

const (
	occStudent = "学生"
	occRetired = "退休"
)

// Age bands of customers (18–24, 25–34, …, 65–75) and their weights.
var (
	ageLo      = []int{18, 25, 35, 45, 55, 65}
	ageHi      = []int{24, 34, 44, 54, 64, 75}
	ageWeights = newWeights(12, 30, 26, 17, 10, 5)
)

// Interaction outcomes, in the order of behaviour.outcomes.
const (
	outInquiry = iota
	outComplaint
	outFollowUp
	outDeal
	outNoAnswer
	outAfterSales
	outAppointment
	outIntent
	nOutcomes
)

var outcomeNames = [nOutcomes]string{"咨询", "投诉", "回访", "成交", "无应答", "售后", "预约到店", "意向跟进"}

// Outcomes returns the interaction outcome names.
func Outcomes() []string { return slices.Clone(outcomeNames[:]) }

// notes are short interaction notes per outcome.
var notes = [nOutcomes][]string{
	{"咨询产品功能与价格", "询问配送时效", "咨询会员积分规则", "咨询新品上市时间", "询问门店地址与营业时间"},
	{"反映物流延迟", "对售后响应速度不满", "投诉产品质量问题", "投诉客服态度", "反映发票开具问题"},
	{"购买后满意度回访", "节日关怀回访", "新品推荐回访", "会员权益提醒", "沉睡客户唤醒回访"},
	{"门店成交", "线上下单确认", "活动期间下单", "企业采购订单确认"},
	{"电话未接通", "消息未回复", "邮件无回复"},
	{"安装预约", "退换货处理", "维修进度跟进", "配件补发"},
	{"预约到店体验", "预约新品试用", "预约上门测量"},
	{"有购买意向，待跟进", "比价中，下周回复", "需要报价单", "等待预算审批"},
}

// churnedOutcomes replace an archetype's outcomes once a churned customer
// has stopped buying: staff keep calling, customers stop answering.
var churnedOutcomes = newWeights(5, 3, 50, 0, 40, 0, 1, 1)

// Ticket categories and severities.
var (
	ticketCategories = []string{"complaint", "question", "repair", "return"}
	severities       = []string{"low", "medium", "high", "critical"}
	// severityByKind is indexed like ticketCategories.
	severityByKind = []weights{newWeights(25, 40, 25, 10), newWeights(60, 30, 9, 1), newWeights(20, 45, 28, 7), newWeights(40, 45, 13, 2)}
	// resolveHours is the median time to close a ticket, by severity.
	resolveHours = []float64{72, 36, 16, 6}
)

const ticketReturn = 3 // index of "return" in ticketCategories

// TicketCategories returns the ticket category codes.
func TicketCategories() []string { return slices.Clone(ticketCategories) }

// Severities returns the ticket severity codes from lowest to highest.
func Severities() []string { return slices.Clone(severities) }

// Survey comments by satisfaction: low (1–2), middle (3), high (4–5).
var comments = [3][]string{
	{"售后响应太慢", "问题一直没有解决", "客服态度差", "产品和描述不符", "退货流程繁琐"},
	{"整体还可以", "价格偏高", "配送有点慢", "希望有更多优惠"},
	{"服务很好，会推荐给朋友", "产品质量不错", "物流很快", "导购很专业", "会员活动很实惠"},
}
