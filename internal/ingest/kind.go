package ingest

import (
	"fmt"
	"strings"
)

// Kind names what a file holds. Its string value is the canonical English
// name used by the CLI and the HTTP API.
type Kind string

// The kinds of data a file can hold.
const (
	KindCustomers    Kind = "customers"
	KindOrders       Kind = "orders"
	KindInteractions Kind = "interactions"
	KindSurveys      Kind = "surveys"
	KindTickets      Kind = "tickets"
)

// Kinds lists every Kind in the order the import wizard shows them.
var Kinds = []Kind{KindCustomers, KindOrders, KindInteractions, KindSurveys, KindTickets}

// ParseKind accepts a Kind's canonical name, its singular, or its Chinese
// name (客户, 订单, 互动, 问卷, 工单), case-insensitively.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "customers", "customer", "客户", "客户档案":
		return KindCustomers, nil
	case "orders", "order", "订单", "交易":
		return KindOrders, nil
	case "interactions", "interaction", "互动", "联系记录", "跟进记录":
		return KindInteractions, nil
	case "surveys", "survey", "问卷", "调查", "满意度调查":
		return KindSurveys, nil
	case "tickets", "ticket", "工单", "投诉":
		return KindTickets, nil
	}
	return "", fmt.Errorf("unknown kind %q (want customers, orders, interactions, surveys or tickets)", s)
}
