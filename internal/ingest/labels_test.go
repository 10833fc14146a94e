package ingest

import (
	"reflect"
	"testing"

	"strata/internal/model"
)

// labelCase is one input and the canonical value it must map to; want ""
// with ok false means the input is rejected.
type labelCase struct {
	in   string
	want string
	ok   bool
}

func runLabelCases(t *testing.T, name string, parse func(string) (string, error), cases []labelCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(name+"/"+tc.in, func(t *testing.T) {
			got, err := parse(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("%s(%q) = %q, %v; want %q ok=%v", name, tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParseGender(t *testing.T) {
	runLabelCases(t, "ParseGender", ParseGender, []labelCase{
		{"男", model.GenderMale, true}, {"女", model.GenderFemale, true}, {"男性", model.GenderMale, true},
		{"M", model.GenderMale, true}, {"f", model.GenderFemale, true}, {"Male", model.GenderMale, true},
		{" FEMALE ", model.GenderFemale, true}, {"其他", model.GenderOther, true}, {"other", model.GenderOther, true},
		{"未知", "", true}, {"保密", "", true}, {"unknown", "", true},
		{"robot", "", false},
	})
}

func TestParseChannel(t *testing.T) {
	runLabelCases(t, "ParseChannel", ParseChannel, []labelCase{
		{"面对面", model.ChannelFaceToFace, true}, {"到店", model.ChannelFaceToFace, true}, {"face_to_face", model.ChannelFaceToFace, true},
		{"Face-to-Face", model.ChannelFaceToFace, true}, {"电话", model.ChannelPhone, true}, {"phone", model.ChannelPhone, true},
		{"在线", model.ChannelOnline, true}, {"线上", model.ChannelOnline, true}, {"网站", model.ChannelOnline, true},
		{"微信", model.ChannelSocial, true}, {"社交", model.ChannelSocial, true}, {"WeChat", model.ChannelSocial, true},
		{"邮件", model.ChannelEmail, true}, {"E-mail", model.ChannelEmail, true}, {"email", model.ChannelEmail, true},
		{"其他", model.ChannelOther, true}, {"carrier pigeon", "", false},
	})
}

func TestParsePreference(t *testing.T) {
	runLabelCases(t, "ParsePreference", ParsePreference, []labelCase{
		{"功能", model.PrefFunction, true}, {"品质", model.PrefQuality, true}, {"质量", model.PrefQuality, true},
		{"价格", model.PrefPrice, true}, {"服务", model.PrefService, true}, {"Function", model.PrefFunction, true},
		{"quality", model.PrefQuality, true}, {"PRICE", model.PrefPrice, true}, {"service", model.PrefService, true},
		{"颜色", "", false},
	})
}

func TestParseOrderStatus(t *testing.T) {
	runLabelCases(t, "ParseOrderStatus", ParseOrderStatus, []labelCase{
		{"已支付", model.StatusPaid, true}, {"已付款", model.StatusPaid, true}, {"paid", model.StatusPaid, true},
		{"Completed", model.StatusPaid, true}, {"退款", model.StatusRefunded, true}, {"已退款", model.StatusRefunded, true},
		{"refunded", model.StatusRefunded, true}, {"取消", model.StatusCancelled, true}, {"已取消", model.StatusCancelled, true},
		{"cancelled", model.StatusCancelled, true}, {"canceled", model.StatusCancelled, true}, {"lost", "", false},
	})
}

func TestParseTicketStatus(t *testing.T) {
	runLabelCases(t, "ParseTicketStatus", ParseTicketStatus, []labelCase{
		{"open", model.TicketOpen, true}, {"处理中", model.TicketOpen, true}, {"未解决", model.TicketOpen, true},
		{"In Progress", model.TicketOpen, true}, {"closed", model.TicketClosed, true}, {"已关闭", model.TicketClosed, true},
		{"已解决", model.TicketClosed, true}, {"Resolved", model.TicketClosed, true}, {"maybe", "", false},
	})
}

func TestNormalizePhone(t *testing.T) {
	runLabelCases(t, "NormalizePhone", NormalizePhone, []labelCase{
		{"13800138000", "13800138000", true},
		{"138 0013 8000", "13800138000", true},
		{"138-0013-8000", "13800138000", true},
		{"+86 138 0013 8000", "13800138000", true},
		{"+8613800138000", "13800138000", true},
		{"008613800138000", "13800138000", true},
		{"8613800138000", "13800138000", true},
		{"１３８００１３８０００", "13800138000", true},
		{"(010) 6552-9988", "01065529988", true},
		{"+1 (415) 555-0100", "+14155550100", true},
		{"+86 10 6552 9988", "+861065529988", true}, // a landline keeps its country code
		{"1.38001E+10", "", false},
		{"138abc", "", false},
		{"12", "", false},
		{"1+2", "", false},
		{"ext 12", "", false},
	})
}

func TestNormalizeEmail(t *testing.T) {
	runLabelCases(t, "NormalizeEmail", NormalizeEmail, []labelCase{
		{"Li.Lei@Example.COM", "li.lei@example.com", true},
		{" a@b.cn ", "a@b.cn", true},
		{"mailto:a@b.cn", "a@b.cn", true},
		{"ａ@ｂ.ｃｎ", "a@b.cn", true},
		{"a@b", "", false},
		{"@b.cn", "", false},
		{"a@@b.cn", "", false},
		{"a b@c.cn", "", false},
		{"a@b..cn", "", false},
		{"a@b.cn;c@d.cn", "", false},
		{"not an email", "", false},
	})
}

func TestSplitTags(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"vip", []string{"vip"}},
		{"vip,新客", []string{"vip", "新客"}},
		{"vip; 新客 |老客", []string{"vip", "新客", "老客"}},
		{"高价值，活跃；流失风险｜重点、华东", []string{"高价值", "活跃", "流失风险", "重点", "华东"}},
		{"VIP 客户", []string{"VIP 客户"}},
		{"a,,a, ,b", []string{"a", "b"}},
		{" , ; ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := SplitTags(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("SplitTags(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		ok   bool
	}{
		{"是", true, true}, {"否", false, true}, {"Yes", true, true}, {"n", false, true},
		{"TRUE", true, true}, {"0", false, true}, {"1", true, true}, {"maybe", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseBool(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("ParseBool(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestScores(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (int, error)
		in    string
		want  int
		ok    bool
	}{
		{"csat number", ParseScore5, "4", 4, true},
		{"csat fen", ParseScore5, "5分", 5, true},
		{"csat stars", ParseScore5, "3星", 3, true},
		{"csat out of", ParseScore5, "2/5", 2, true},
		{"csat float", ParseScore5, "4.0", 4, true},
		{"csat likert zh", ParseScore5, "非常满意", 5, true},
		{"csat likert zh neg", ParseScore5, "不满意", 2, true},
		{"csat likert en", ParseScore5, "Very dissatisfied", 1, true},
		{"csat zero", ParseScore5, "0", 0, false},
		{"csat six", ParseScore5, "6", 0, false},
		{"nps", ParseNPS, "9", 9, true},
		{"nps zero", ParseNPS, "0", 0, true},
		{"nps out of", ParseNPS, "10/10", 10, true},
		{"nps eleven", ParseNPS, "11", 0, false},
		{"nps words", ParseNPS, "very likely", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.parse(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("parse(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestNormalizeSeverityAndOrderChannel(t *testing.T) {
	for in, want := range map[string]string{"紧急": "critical", "高": "high", "Minor": "low", "P2": "medium", "自定义": "自定义"} {
		if got := NormalizeSeverity(in); got != want {
			t.Errorf("NormalizeSeverity(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"线上": model.ChannelOnline, "门店": model.ChannelFaceToFace, " 天猫 ": "天猫"} {
		if got := NormalizeOrderChannel(in); got != want {
			t.Errorf("NormalizeOrderChannel(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestEscapeCell(t *testing.T) {
	tests := []struct{ in, escaped string }{
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+1", "'+1"},
		{"-x", "'-x"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=x", "''=x"},
		{"''+x", "'''+x"},
		{"'abc", "'abc"},
		{"plain", "plain"},
		{"", ""},
		{"'", "'"},
		{"a=b", "a=b"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := EscapeCell(tc.in); got != tc.escaped {
				t.Fatalf("EscapeCell(%q) = %q; want %q", tc.in, got, tc.escaped)
			}
			if got := UnescapeCell(tc.escaped); got != tc.in {
				t.Fatalf("UnescapeCell(%q) = %q; want %q", tc.escaped, got, tc.in)
			}
		})
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Customer ID", "customerid"},
		{"customer_id", "customerid"},
		{"\uFEFFCustomerID", "customerid"},
		{" 客户编号 ", "客户编号"},
		{"金额（元）", "金额"},
		{"Amount (USD)", "amount"},
		{"E-mail", "email"},
		{"客户编号*", "客户编号"},
		{"(备注)", "备注"},
		{"number_of_cds", "numberofcds"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := NormalizeHeader(tc.in); got != tc.want {
				t.Fatalf("NormalizeHeader(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestAliasesUnique proves that no normalised alias names two fields of one
// kind (buildAliasIndex would silently keep the last).
func TestAliasesUnique(t *testing.T) {
	for kind, fields := range catalogues {
		seen := map[string]string{}
		for _, f := range fields {
			for _, a := range append([]string{f.Name}, f.Aliases...) {
				n := NormalizeHeader(a)
				if n == "" {
					t.Errorf("%s: alias %q of %s normalises to nothing", kind, a, f.Name)
				}
				if prev, ok := seen[n]; ok && prev != f.Name {
					t.Errorf("%s: alias %q (%s) names both %s and %s", kind, a, n, prev, f.Name)
				}
				seen[n] = f.Name
			}
		}
	}
}
