package demo

// Seasonality profiles: which day-level intensity curve a process follows.
const (
	profRetail  = iota // consumers: 618, 双11, 双12, Spring Festival dip, weekends up
	profPromo          // bargain hunters: the retail curve with promotions squared and quiet days damped
	profB2B            // corporate buying: working days, quarter and year ends
	profContact        // interactions and tickets: working days, Spring Festival dip
	nProfiles
)

// behaviour holds the parameters of one archetype. Rates are per year of
// seasonally weighted time; money is in yuan; weights are relative.
type behaviour struct {
	share float64

	rateShape, rateMean   float64 // gamma across customers: purchases per year
	spendShape, spendMean float64 // gamma across customers: mean order value
	season                int     // seasonality profile of purchases
	lines                 weights // 1..4 lines per order
	categories            weights // over categoryNames
	channels              weights // primary sales channel, over orderChannels

	discP, discPPromo float64 // probability that a line is discounted, normal and promotion days
	discLo, discHi    float64 // discount rate range when discounted

	pCancel, pRefund, pReturn float64 // per order, per line, per paid line

	contactRate     float64 // interactions per year
	contactChannels weights // over model.Channels
	outcomes        weights // over outcomes; 成交 comes from real orders only, so its weight is 0
	ticketRate      float64 // tickets per year
	ticketKinds     weights // over ticketCategories

	csat     float64 // mean latent satisfaction 1–5
	surveyP  float64 // probability of answering surveys at all
	prefs    weights // over model.Preferences
	pOwned   float64 // probability of an owner (私海)
	sources  weights // over sources
	vipP     float64 // tag VIP
	memberP  float64 // tag 会员
	incomeUp int     // shift of the income band draw
}

// Shared weight tables.
var (
	linesDefault = newWeights(60, 25, 10, 5)
	catsDefault  = newWeights(10, 10, 2, 12, 14, 3, 16, 2, 14, 17)
	chDefault    = newWeights(30, 15, 22, 18, 15)
	cchDefault   = newWeights(15, 30, 25, 20, 5, 5)
	outDefault   = newWeights(30, 5, 33, 0, 14, 10, 4, 4)
	tkDefault    = newWeights(25, 35, 20, 20)
	prefDefault  = newWeights(35, 25, 25, 15)
	srcDefault   = newWeights(15, 25, 25, 3, 10, 10, 10, 2)
)

// behaviours is indexed by Archetype. Shares sum to 1.
var behaviours = [nArchetypes]behaviour{
	Regular: {
		share: 0.14, rateShape: 2, rateMean: 3, spendShape: 2, spendMean: 450, season: profRetail,
		lines: linesDefault, categories: catsDefault, channels: chDefault,
		discP: 0.15, discPPromo: 0.5, discLo: 0.05, discHi: 0.2, pCancel: 0.02, pRefund: 0.025, pReturn: 0.02,
		contactRate: 2, contactChannels: cchDefault, outcomes: outDefault, ticketRate: 0.25, ticketKinds: tkDefault,
		csat: 4.0, surveyP: 0.42, prefs: prefDefault, pOwned: 0.7, sources: srcDefault, vipP: 0.02, memberP: 0.4,
	},
	Loyal: {
		share: 0.07, rateShape: 3, rateMean: 14, spendShape: 2.5, spendMean: 1100, season: profRetail,
		lines: newWeights(35, 35, 20, 10), categories: newWeights(12, 12, 6, 10, 12, 8, 14, 6, 10, 10),
		channels: newWeights(40, 20, 15, 10, 15),
		discP:    0.2, discPPromo: 0.5, discLo: 0.05, discHi: 0.15, pCancel: 0.015, pRefund: 0.02, pReturn: 0.015,
		contactRate: 6, contactChannels: newWeights(30, 30, 15, 15, 5, 5), outcomes: newWeights(20, 3, 42, 0, 6, 8, 12, 9),
		ticketRate: 0.3, ticketKinds: tkDefault,
		csat: 4.6, surveyP: 0.6, prefs: newWeights(25, 35, 10, 30), pOwned: 0.92,
		sources: newWeights(12, 38, 15, 3, 20, 5, 5, 2), vipP: 0.7, memberP: 0.9, incomeUp: 1,
	},
	Frequent: {
		share: 0.12, rateShape: 3, rateMean: 28, spendShape: 3, spendMean: 160, season: profRetail,
		lines: newWeights(50, 30, 13, 7), categories: newWeights(5, 4, 0.5, 10, 18, 1, 10, 0.5, 16, 35),
		channels: newWeights(15, 10, 20, 20, 35),
		discP:    0.2, discPPromo: 0.5, discLo: 0.05, discHi: 0.15, pCancel: 0.02, pRefund: 0.02, pReturn: 0.015,
		contactRate: 3, contactChannels: newWeights(8, 20, 35, 30, 2, 5), outcomes: newWeights(35, 5, 28, 0, 15, 12, 2, 3),
		ticketRate: 0.3, ticketKinds: tkDefault,
		csat: 4.2, surveyP: 0.45, prefs: newWeights(30, 15, 40, 15), pOwned: 0.7,
		sources: newWeights(12, 18, 35, 1, 10, 8, 15, 1), vipP: 0.1, memberP: 0.7,
	},
	OneTime: {
		share: 0.16, spendShape: 1.5, spendMean: 500, season: profRetail,
		lines: newWeights(70, 20, 7, 3), categories: newWeights(14, 12, 2, 12, 12, 3, 16, 3, 12, 14),
		channels: newWeights(25, 15, 25, 20, 15),
		discP:    0.2, discPPromo: 0.5, discLo: 0.05, discHi: 0.2, pCancel: 0.03, pRefund: 0.04, pReturn: 0.04,
		contactRate: 0.6, contactChannels: cchDefault, outcomes: outDefault, ticketRate: 0.15, ticketKinds: tkDefault,
		csat: 3.6, surveyP: 0.25, prefs: prefDefault, pOwned: 0.55, sources: srcDefault, vipP: 0.01, memberP: 0.2,
	},
	BargainHunter: {
		share: 0.11, rateShape: 2, rateMean: 5, spendShape: 2, spendMean: 380, season: profPromo,
		lines: newWeights(40, 30, 20, 10), categories: newWeights(14, 12, 1, 14, 16, 2, 18, 1, 12, 10),
		channels: newWeights(8, 10, 40, 32, 10),
		discP:    0.55, discPPromo: 0.9, discLo: 0.15, discHi: 0.4, pCancel: 0.05, pRefund: 0.06, pReturn: 0.05,
		contactRate: 1.5, contactChannels: newWeights(5, 20, 40, 30, 2, 3), outcomes: outDefault,
		ticketRate: 0.3, ticketKinds: newWeights(25, 30, 10, 35),
		csat: 3.7, surveyP: 0.4, prefs: newWeights(10, 8, 72, 10), pOwned: 0.6,
		sources: newWeights(10, 10, 45, 2, 5, 15, 12, 1), vipP: 0.01, memberP: 0.6, incomeUp: -1,
	},
	QualityBuyer: {
		share: 0.07, rateShape: 2, rateMean: 4, spendShape: 2.5, spendMean: 3800, season: profRetail,
		lines: newWeights(62, 26, 9, 3), categories: newWeights(8, 6, 22, 4, 6, 24, 10, 18, 2, 2),
		channels: newWeights(50, 25, 10, 10, 5),
		discP:    0.04, discPPromo: 0.2, discLo: 0.05, discHi: 0.1, pCancel: 0.01, pRefund: 0.015, pReturn: 0.015,
		contactRate: 3, contactChannels: newWeights(35, 30, 12, 10, 8, 5), outcomes: newWeights(25, 3, 35, 0, 6, 8, 15, 8),
		ticketRate: 0.2, ticketKinds: tkDefault,
		csat: 4.2, surveyP: 0.45, prefs: newWeights(12, 70, 6, 12), pOwned: 0.8,
		sources: newWeights(15, 35, 10, 8, 20, 5, 5, 2), vipP: 0.35, memberP: 0.5, incomeUp: 2,
	},
	ServiceHeavy: {
		share: 0.06, rateShape: 2, rateMean: 4.5, spendShape: 2, spendMean: 700, season: profRetail,
		lines: linesDefault, categories: newWeights(18, 24, 8, 14, 8, 3, 8, 2, 8, 7), channels: newWeights(35, 15, 20, 20, 10),
		discP: 0.15, discPPromo: 0.5, discLo: 0.05, discHi: 0.2, pCancel: 0.03, pRefund: 0.05, pReturn: 0.06,
		contactRate: 12, contactChannels: newWeights(8, 55, 20, 10, 4, 3), outcomes: newWeights(22, 25, 13, 0, 8, 28, 2, 2),
		ticketRate: 4, ticketKinds: newWeights(38, 20, 32, 10),
		csat: 2.5, surveyP: 0.6, prefs: newWeights(12, 10, 10, 68), pOwned: 0.7, sources: srcDefault, vipP: 0.03, memberP: 0.4,
	},
	Drifting: {
		share: 0.09, rateShape: 2, rateMean: 12, spendShape: 2, spendMean: 500, season: profRetail,
		lines: linesDefault, categories: catsDefault, channels: chDefault,
		discP: 0.15, discPPromo: 0.5, discLo: 0.05, discHi: 0.2, pCancel: 0.02, pRefund: 0.03, pReturn: 0.025,
		contactRate: 1.5, contactChannels: cchDefault, outcomes: outDefault, ticketRate: 0.3, ticketKinds: tkDefault,
		csat: 3.4, surveyP: 0.38, prefs: prefDefault, pOwned: 0.7, sources: srcDefault, vipP: 0.03, memberP: 0.4,
	},
	Churned: {
		share: 0.09, rateShape: 2, rateMean: 6, spendShape: 2, spendMean: 450, season: profRetail,
		lines: linesDefault, categories: catsDefault, channels: chDefault,
		discP: 0.15, discPPromo: 0.5, discLo: 0.05, discHi: 0.2, pCancel: 0.025, pRefund: 0.035, pReturn: 0.03,
		contactRate: 1.2, contactChannels: cchDefault, outcomes: outDefault, ticketRate: 0.35, ticketKinds: tkDefault,
		csat: 3.0, surveyP: 0.35, prefs: prefDefault, pOwned: 0.65, sources: srcDefault, vipP: 0.02, memberP: 0.3,
	},
	WonBack: {
		share: 0.035, rateShape: 2, rateMean: 5, spendShape: 2, spendMean: 500, season: profRetail,
		lines: linesDefault, categories: catsDefault, channels: chDefault,
		discP: 0.25, discPPromo: 0.55, discLo: 0.05, discHi: 0.25, pCancel: 0.02, pRefund: 0.025, pReturn: 0.02,
		contactRate: 3, contactChannels: cchDefault, outcomes: newWeights(20, 4, 50, 0, 12, 6, 4, 4),
		ticketRate: 0.3, ticketKinds: tkDefault,
		csat: 3.8, surveyP: 0.45, prefs: prefDefault, pOwned: 0.75, sources: srcDefault, vipP: 0.03, memberP: 0.45,
	},
	Prospect: {
		share: 0.05, spendShape: 2, spendMean: 400, season: profRetail,
		lines: linesDefault, categories: catsDefault, channels: chDefault,
		contactRate: 12, contactChannels: newWeights(20, 35, 25, 15, 3, 2), outcomes: newWeights(40, 0, 11, 0, 14, 0, 15, 15),
		ticketRate: 0.5, ticketKinds: newWeights(5, 95, 0, 0),
		csat: 3.9, surveyP: 0.12, prefs: prefDefault, pOwned: 0.4,
		sources: newWeights(22, 10, 10, 8, 10, 20, 18, 2), vipP: 0, memberP: 0.15,
	},
	KeyAccount: {
		share: 0.005, rateShape: 3, rateMean: 18, spendShape: 2, spendMean: 25000, season: profB2B,
		lines: newWeights(20, 30, 25, 25), categories: newWeights(30, 18, 6, 4, 4, 2, 6, 2, 8, 20),
		channels: newWeights(55, 45, 0, 0, 0),
		discLo:   0.08, discHi: 0.15, pCancel: 0.01, pRefund: 0.01, pReturn: 0.01,
		contactRate: 20, contactChannels: newWeights(35, 30, 5, 5, 22, 3), outcomes: newWeights(15, 4, 45, 0, 4, 8, 6, 18),
		ticketRate: 1.5, ticketKinds: tkDefault,
		csat: 4.3, surveyP: 0.6, prefs: newWeights(40, 25, 15, 20), pOwned: 1,
		sources: newWeights(10, 5, 0, 35, 30, 5, 0, 15), vipP: 0.8, memberP: 0,
	},
}
