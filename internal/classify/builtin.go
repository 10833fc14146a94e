package classify

import (
	"fmt"

	"strata/internal/model"
)

func cls(key, zh, en, desc string) Class { return Class{Key: key, Zh: zh, En: en, Description: desc} }

var prospectClass = cls(Prospect, "潜在客户", "Prospect", "No purchase up to the as-of date.")

// Builtin returns the built-in scheme library, seeded on first run. The
// thresholds are the defaults of a customer-classification policy and are
// editable like any scheme (strata scheme export / apply).
func Builtin() []*Scheme {
	cells := []Class{}
	for r := 5; r >= 1; r-- {
		for f := 5; f >= 1; f-- {
			for m := 5; m >= 1; m-- {
				cells = append(cells, cls(CellKey(r, f, m), fmt.Sprintf("R%dF%dM%d", r, f, m), fmt.Sprintf("R%d F%d M%d", r, f, m), ""))
			}
		}
	}
	cells = append(cells, prospectClass)
	return []*Scheme{
		{Name: "rfm_score", Zh: "RFM 评分", En: "RFM scores", Method: MethodRFMScore,
			Description: "R, F and M scored 1–5 on population quintiles (type 7); the class is the RFM cell.",
			Classes:     cells},
		{Name: "rfm8", Zh: "RFM 八类客户", En: "8-class RFM model", Method: MethodRFM8,
			Description: "M high ⇒ 重要, low ⇒ 一般; recent & frequent ⇒ 价值, recent ⇒ 发展, frequent ⇒ 保持, else 挽留; thresholds are population means.",
			Classes: []Class{
				cls(ImportantValue, "重要价值客户", "Important value", "Recent, frequent, high spend."),
				cls(ImportantDevelop, "重要发展客户", "Important to develop", "Recent, high spend, infrequent."),
				cls(ImportantRetain, "重要保持客户", "Important to retain", "Frequent and high spend, but not recent."),
				cls(ImportantWinBack, "重要挽留客户", "Important to win back", "High spend, neither recent nor frequent."),
				cls(GeneralValue, "一般价值客户", "General value", "Recent and frequent, low spend."),
				cls(GeneralDevelop, "一般发展客户", "General to develop", "Recent, infrequent, low spend."),
				cls(GeneralRetain, "一般保持客户", "General to retain", "Frequent, not recent, low spend."),
				cls(GeneralWinBack, "一般挽留客户", "General to win back", "Not recent, infrequent, low spend."),
				prospectClass,
			}},
		{Name: "rfm_segments", Zh: "RFM 客户细分", En: "RFM segments", Method: MethodRFMSegments,
			Description: "Named segments on the R×F score grid.",
			Classes: []Class{
				cls("champions", "冠军客户", "Champions", "Bought recently, buy often."),
				cls("loyal", "忠实客户", "Loyal", "Buy often, fairly recently."),
				cls("potential_loyalist", "潜力客户", "Potential loyalists", "Recent, bought a few times."),
				cls("new", "新客户", "New customers", "Bought very recently, once."),
				cls("promising", "有望客户", "Promising", "Recent, bought once."),
				cls("need_attention", "需关注", "Need attention", "Average recency and frequency."),
				cls("about_to_sleep", "即将沉睡", "About to sleep", "Below average recency and frequency."),
				cls("at_risk", "流失风险", "At risk", "Bought often, but long ago."),
				cls("cant_lose", "不能失去", "Can't lose them", "Bought most often, but long ago."),
				cls("hibernating", "沉睡客户", "Hibernating", "Long ago, rarely."),
				prospectClass,
			}},
		{Name: "value_tier", Zh: "客户价值等级", En: "Value tier", Method: MethodValueTier,
			Description: "By cumulative share of net spend: the customers making the top 50 % are high, the next 30 % medium.",
			Classes: []Class{
				cls(High, "重要价值客户", "High value", ""),
				cls(Medium, "一般价值客户", "Medium value", ""),
				cls(Low, "低价值客户", "Low value", ""),
				prospectClass,
			}},
		{Name: "frequency_tier", Zh: "购买频率", En: "Purchase frequency", Method: MethodFrequencyTier,
			Description: "Orders at or above the buyers' 80th percentile are high, at or above the 40th medium.",
			Classes: []Class{
				cls(High, "高频客户", "High frequency", ""),
				cls(Medium, "中频客户", "Medium frequency", ""),
				cls(Low, "低频客户", "Low frequency", ""),
				prospectClass,
			}},
		{Name: "lifecycle", Zh: "生命周期", En: "Lifecycle", Method: MethodLifecycle,
			Description: "Relative to each customer's own purchase rhythm (population median for one-time buyers).",
			Classes: []Class{
				cls(Prospect, "潜在客户", "Prospect", "No purchase yet."),
				cls(LifeNew, "新客户", "New", "First purchase within 90 days."),
				cls(LifeActive, "活跃客户", "Active", "Buying in rhythm."),
				cls(LifeAtRisk, "流失风险客户", "At risk", "Overdue by more than twice the rhythm."),
				cls(LifeChurned, "流失客户", "Churned", "Overdue by more than four times the rhythm."),
				cls(LifeWonBack, "回流客户", "Won back", "Bought again recently after a churn-length gap."),
			}},
		{Name: "loyalty", Zh: "客户忠诚度", En: "Loyalty", Method: MethodLoyalty,
			Description: "Points for repeat purchases, tenure, recent activity and recommendation intent (NPS).",
			Classes: []Class{
				cls(Loyal, "忠诚客户", "Loyal", "5 points or more."),
				cls(FairlyLoyal, "较忠诚客户", "Fairly loyal", "3–4 points."),
				cls(Ordinary, "一般客户", "Ordinary", "1–2 points."),
				cls(NotLoyal, "非忠诚客户", "Not loyal", "0 points or fewer."),
				prospectClass,
			}},
		{Name: "needs", Zh: "需求偏好", En: "Needs preference", Method: MethodNeeds,
			Description: "Stated survey preference, otherwise inferred from complaints, tickets, discounts and premium purchases.",
			Classes: []Class{
				cls(model.PrefFunction, "功能导向型", "Function-oriented", ""),
				cls(model.PrefQuality, "品质导向型", "Quality-oriented", ""),
				cls(model.PrefPrice, "价格敏感型", "Price-sensitive", ""),
				cls(model.PrefService, "服务主导型", "Service-led", ""),
			}},
		{Name: "key_account", Zh: "关键客户等级", En: "Key-account tier", Method: MethodKeyAccount,
			Description: "Top 1 % by net spend or tagged 企业客户 are key; top 5 % or tagged VIP important.",
			Classes: []Class{
				cls(KeyAccount, "关键客户", "Key", ""),
				cls(ImportantAccount, "重要客户", "Important", ""),
				cls(GeneralAccount, "一般客户", "General", ""),
			}},
		groupScheme("age_band", "年龄段", "Age band", "age_band"),
		groupScheme("gender", "性别", "Gender", "gender", cls("male", "男", "Male", ""), cls("female", "女", "Female", ""), cls("other", "其他", "Other", "")),
		groupScheme("region", "地区", "Region", "region"),
		groupScheme("occupation", "职业", "Occupation", "occupation"),
		groupScheme("income_band", "收入水平", "Income band", "income_band"),
	}
}

func groupScheme(name, zh, en, field string, classes ...Class) *Scheme {
	return &Scheme{Name: name, Zh: zh, En: en, Method: MethodGroupBy, Params: Params{Field: field},
		Description: "One class per recorded " + field + ", plus unknown.", Classes: append(classes, cls(Unknown, "未知", "Unknown", ""))}
}
