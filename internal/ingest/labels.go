package ingest

import (
	"errors"
	"fmt"
	"strings"

	"strata/internal/model"
)

// labelKey folds a categorical value for lookup: widths folded, lower case,
// spaces, hyphens, underscores and dots removed ("Face-to-face" →
// "facetoface").
func labelKey(s string) string {
	s = strings.ToLower(cleanValue(s))
	if strings.IndexAny(s, " -_.\t") < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '\t':
			return -1
		}
		return r
	}, s)
}

// labelTable maps folded spellings to a canonical value.
type labelTable map[string]string

func newLabelTable(groups map[string][]string) labelTable {
	t := make(labelTable)
	add := func(k, canon string) {
		if prev, ok := t[k]; ok && prev != canon {
			// A spelling claimed by two values is a bug in the tables
			// below; every test run trips over it at once.
			panic(fmt.Sprintf("ingest: label %q maps to both %q and %q", k, prev, canon))
		}
		t[k] = canon
	}
	for canon, spellings := range groups {
		add(labelKey(canon), canon)
		for _, s := range spellings {
			add(labelKey(s), canon)
		}
	}
	return t
}

// lookup tries the value as given first, which is the common case of a
// clean canonical value, and allocates nothing then.
func (t labelTable) lookup(s string) (string, bool) {
	if v, ok := t[s]; ok {
		return v, true
	}
	v, ok := t[labelKey(s)]
	return v, ok
}

var genders = newLabelTable(map[string][]string{
	model.GenderMale:   {"男", "男性", "男士", "先生", "m", "man", "boy", "公"},
	model.GenderFemale: {"女", "女性", "女士", "小姐", "f", "woman", "girl", "w", "母"},
	model.GenderOther:  {"其他", "其它", "o", "x", "nonbinary", "non binary", "diverse"},
	"":                 {"未知", "保密", "不详", "unknown", "u", "n/a", "na", "none", "prefer not to say", "-"},
})

// ParseGender maps 男/女/M/F/male/female/… to model.GenderMale,
// GenderFemale or GenderOther, and 未知/保密/unknown/n/a to "" (unknown).
func ParseGender(s string) (string, error) {
	if v, ok := genders.lookup(s); ok {
		return v, nil
	}
	return "", errors.New("is not a gender (want 男/女/其他 or male/female/other)")
}

var channels = newLabelTable(map[string][]string{
	model.ChannelFaceToFace: {"面对面", "到店", "门店", "线下", "拜访", "上门", "见面", "面谈", "现场", "展会", "in person", "face to face", "f2f", "store", "visit", "offline", "meeting"},
	model.ChannelPhone:      {"电话", "手机", "致电", "来电", "去电", "呼叫中心", "短信", "call", "telephone", "tel", "call center", "sms", "text"},
	model.ChannelOnline:     {"在线", "线上", "网站", "官网", "网店", "电商", "商城", "小程序", "在线客服", "web", "website", "app", "chat", "live chat", "ecommerce", "e commerce", "internet", "shop"},
	model.ChannelSocial:     {"微信", "社交", "社交媒体", "微博", "抖音", "小红书", "快手", "qq", "企业微信", "公众号", "wechat", "weibo", "douyin", "social media", "facebook", "twitter", "instagram", "whatsapp", "line"},
	model.ChannelEmail:      {"邮件", "电子邮件", "邮箱", "e-mail", "mail"},
	model.ChannelOther:      {"其他", "其它"},
})

// ParseChannel maps a contact channel such as 面对面/到店/电话/在线/网站/
// 微信/邮件/email to one of the model.Channel* constants.
func ParseChannel(s string) (string, error) {
	if v, ok := channels.lookup(s); ok {
		return v, nil
	}
	return "", errors.New("is not a channel (want 面对面/电话/在线/社交/邮件/其他 or face_to_face/phone/online/social/email/other)")
}

var preferences = newLabelTable(map[string][]string{
	model.PrefFunction: {"功能", "功能性", "性能", "实用", "functionality", "features", "feature", "performance"},
	model.PrefQuality:  {"品质", "质量", "做工", "品牌", "quality", "brand"},
	model.PrefPrice:    {"价格", "价钱", "性价比", "实惠", "便宜", "优惠", "cost", "value", "cheap", "value for money"},
	model.PrefService:  {"服务", "售后", "售后服务", "体验", "support", "after sales", "customer service"},
})

// ParsePreference maps a stated preference (功能/品质/质量/价格/服务 or the
// English words) to one of the model.Pref* constants.
func ParsePreference(s string) (string, error) {
	if v, ok := preferences.lookup(s); ok {
		return v, nil
	}
	return "", errors.New("is not a preference (want 功能/品质/价格/服务 or function/quality/price/service)")
}

var orderStatuses = newLabelTable(map[string][]string{
	model.StatusPaid: {"已支付", "已付款", "支付成功", "付款成功", "已完成", "完成", "交易成功", "成功", "已发货", "已收货", "已签收", "待发货", "已成交", "正常",
		"completed", "complete", "success", "succeeded", "shipped", "delivered", "fulfilled", "closed won", "ok", "settled"},
	model.StatusRefunded: {"退款", "已退款", "退款成功", "退货", "已退货", "退货退款", "refund", "returned", "return", "chargeback"},
	model.StatusCancelled: {"取消", "已取消", "订单取消", "交易关闭", "已关闭", "关闭", "作废", "已作废", "canceled", "cancel", "void", "voided",
		"closed", "failed", "支付失败"},
})

// ParseOrderStatus maps an order status (已支付/已付款/paid/completed,
// 退款/已退款/refunded, 取消/已取消/cancelled/canceled, …) to one of the
// model.Status* constants.
func ParseOrderStatus(s string) (string, error) {
	switch s {
	case model.StatusPaid, model.StatusRefunded, model.StatusCancelled:
		return s, nil // the canonical values, without a map lookup
	}
	if v, ok := orderStatuses.lookup(s); ok {
		return v, nil
	}
	return "", errors.New("is not an order status (want 已支付/已退款/已取消 or paid/refunded/cancelled)")
}

var ticketStatuses = newLabelTable(map[string][]string{
	model.TicketOpen: {"处理中", "未解决", "待处理", "未处理", "新建", "打开", "进行中", "待回复", "已受理", "受理中", "挂起", "开启",
		"opened", "new", "pending", "in progress", "on hold", "waiting", "reopened", "active", "unresolved"},
	model.TicketClosed: {"已关闭", "已解决", "关闭", "解决", "已完成", "完成", "已结案", "结案", "已处理",
		"resolved", "done", "solved", "completed", "complete", "fixed"},
})

// ParseTicketStatus maps a ticket status (open/处理中/未解决,
// closed/已关闭/已解决, …) to model.TicketOpen or model.TicketClosed.
func ParseTicketStatus(s string) (string, error) {
	if v, ok := ticketStatuses.lookup(s); ok {
		return v, nil
	}
	return "", errors.New("is not a ticket status (want 处理中/已关闭 or open/closed)")
}

var severities = newLabelTable(map[string][]string{
	"low":      {"低", "轻微", "一般", "次要", "minor", "p3", "p4"},
	"medium":   {"中", "中等", "普通", "normal", "moderate", "p2"},
	"high":     {"高", "严重", "重要", "major", "p1"},
	"critical": {"紧急", "非常严重", "致命", "urgent", "blocker", "p0"},
})

// NormalizeSeverity maps a recognised ticket severity (低/中/高/紧急,
// minor/major/urgent, P0–P4) to low, medium, high or critical and returns
// anything else trimmed but unchanged: the model keeps severity as text.
func NormalizeSeverity(s string) string {
	if v, ok := severities.lookup(s); ok {
		return v
	}
	return TrimCell(s)
}

// NormalizeOrderChannel maps a recognised sales channel to a model.Channel*
// constant and returns anything else (a shop name, "天猫") trimmed but
// unchanged: an order's channel is free text.
func NormalizeOrderChannel(s string) string {
	if v, ok := channels.lookup(s); ok {
		return v
	}
	return TrimCell(s)
}

var booleans = newLabelTable(map[string][]string{
	"true":  {"是", "对", "有", "真", "yes", "y", "t", "1", "✓", "√"},
	"false": {"否", "错", "无", "假", "no", "n", "f", "0", "✗", "×"},
})

// ParseBool reads 是/否, yes/no, y/n, true/false, 1/0 and check marks.
func ParseBool(s string) (bool, error) {
	if v, ok := booleans.lookup(s); ok {
		return v == "true", nil
	}
	return false, errors.New("is not yes or no (want 是/否 or true/false)")
}

var satisfactionWords = newLabelTable(map[string][]string{
	"5": {"非常满意", "很满意", "极其满意", "very satisfied", "excellent", "五星"},
	"4": {"满意", "比较满意", "satisfied", "good", "四星"},
	"3": {"一般", "中立", "还行", "neutral", "average", "ok", "三星"},
	"2": {"不满意", "不太满意", "dissatisfied", "poor", "二星", "两星"},
	"1": {"非常不满意", "很不满意", "极不满意", "very dissatisfied", "very poor", "terrible", "一星"},
})

// ParseScore5 reads a 1–5 satisfaction score: a number ("4", "4.0", "4分",
// "4星", "4/5") or a Likert phrase (非常满意 … 非常不满意, very satisfied …
// very dissatisfied).
func ParseScore5(s string) (int, error) {
	if v, ok := satisfactionWords.lookup(s); ok {
		return int(v[0] - '0'), nil
	}
	n, err := ParseInt(trimScoreUnit(s, "/5"))
	if err != nil {
		return 0, errors.New("is not a score from 1 to 5")
	}
	if n < 1 || n > 5 {
		return 0, fmt.Errorf("is %d, outside 1–5", n)
	}
	return n, nil
}

// ParseNPS reads a 0–10 likelihood-to-recommend answer ("9", "9分", "9/10").
func ParseNPS(s string) (int, error) {
	n, err := ParseInt(trimScoreUnit(s, "/10"))
	if err != nil {
		return 0, errors.New("is not a score from 0 to 10")
	}
	if n < 0 || n > 10 {
		return 0, fmt.Errorf("is %d, outside 0–10", n)
	}
	return n, nil
}

func trimScoreUnit(s, outOf string) string {
	s = cleanValue(s)
	for _, suf := range []string{"分", "星", outOf} {
		if strings.HasSuffix(s, suf) {
			return TrimCell(strings.TrimSuffix(s, suf))
		}
	}
	return s
}
