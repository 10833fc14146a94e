package demo

// A name part with its pinyin (for e-mail local parts) and a relative weight
// or era. Surname weights are approximate shares of the population in %.
type surname struct {
	han, pinyin string
	weight      float64
}

var surnames = []surname{
	{"王", "wang", 7.1}, {"李", "li", 7.0}, {"张", "zhang", 6.7}, {"刘", "liu", 5.4}, {"陈", "chen", 4.5},
	{"杨", "yang", 3.1}, {"黄", "huang", 2.2}, {"赵", "zhao", 2.0}, {"吴", "wu", 1.9}, {"周", "zhou", 1.9},
	{"徐", "xu", 1.3}, {"孙", "sun", 1.3}, {"马", "ma", 1.1}, {"朱", "zhu", 1.1}, {"胡", "hu", 1.0},
	{"郭", "guo", 1.0}, {"何", "he", 0.9}, {"林", "lin", 0.9}, {"高", "gao", 0.9}, {"罗", "luo", 0.8},
	{"郑", "zheng", 0.8}, {"梁", "liang", 0.7}, {"谢", "xie", 0.6}, {"宋", "song", 0.6}, {"唐", "tang", 0.6},
	{"许", "xu", 0.5}, {"韩", "han", 0.5}, {"冯", "feng", 0.5}, {"邓", "deng", 0.5}, {"曹", "cao", 0.5},
	{"彭", "peng", 0.5}, {"曾", "zeng", 0.5}, {"肖", "xiao", 0.5}, {"田", "tian", 0.4}, {"董", "dong", 0.4},
	{"袁", "yuan", 0.4}, {"潘", "pan", 0.4}, {"于", "yu", 0.4}, {"蒋", "jiang", 0.4}, {"蔡", "cai", 0.4},
	{"余", "yu", 0.4}, {"杜", "du", 0.4}, {"叶", "ye", 0.4}, {"程", "cheng", 0.4}, {"苏", "su", 0.3},
	{"魏", "wei", 0.3}, {"吕", "lv", 0.3}, {"丁", "ding", 0.3}, {"任", "ren", 0.3}, {"沈", "shen", 0.3},
	{"姚", "yao", 0.3}, {"卢", "lu", 0.3}, {"姜", "jiang", 0.3}, {"崔", "cui", 0.3}, {"钟", "zhong", 0.3},
	{"谭", "tan", 0.3}, {"陆", "lu", 0.3}, {"汪", "wang", 0.3}, {"范", "fan", 0.3}, {"金", "jin", 0.3},
	{"石", "shi", 0.3}, {"廖", "liao", 0.3}, {"贾", "jia", 0.3}, {"夏", "xia", 0.2}, {"韦", "wei", 0.2},
	{"付", "fu", 0.2}, {"方", "fang", 0.2}, {"白", "bai", 0.2}, {"邹", "zou", 0.2}, {"孟", "meng", 0.2},
	{"熊", "xiong", 0.2}, {"秦", "qin", 0.2}, {"邱", "qiu", 0.2}, {"江", "jiang", 0.2}, {"尹", "yin", 0.2},
	{"薛", "xue", 0.2}, {"闫", "yan", 0.2}, {"段", "duan", 0.2}, {"雷", "lei", 0.2}, {"侯", "hou", 0.2},
	{"龙", "long", 0.2}, {"史", "shi", 0.2}, {"陶", "tao", 0.2}, {"黎", "li", 0.2}, {"贺", "he", 0.2},
	{"顾", "gu", 0.2}, {"毛", "mao", 0.2}, {"郝", "hao", 0.2}, {"龚", "gong", 0.2}, {"邵", "shao", 0.2},
	{"万", "wan", 0.2}, {"钱", "qian", 0.2}, {"严", "yan", 0.1}, {"覃", "qin", 0.1}, {"武", "wu", 0.1},
	{"戴", "dai", 0.1}, {"莫", "mo", 0.1}, {"孔", "kong", 0.1}, {"向", "xiang", 0.1}, {"汤", "tang", 0.1},
	{"欧阳", "ouyang", 0.05}, {"司马", "sima", 0.02}, {"诸葛", "zhuge", 0.01}, {"上官", "shangguan", 0.01},
}

// Eras of given names: fashions change, and a 70-year-old 梓涵 or a
// 25-year-old 秀英 would look generated.
const (
	eraAny   = iota
	eraOld   // typical for people born before 1975
	eraYoung // typical for people born after 1990
)

type givenName struct {
	han, pinyin string
	era         int
}

var maleGiven = []givenName{
	{"伟", "wei", eraAny}, {"强", "qiang", eraAny}, {"磊", "lei", eraAny}, {"军", "jun", eraOld}, {"勇", "yong", eraAny},
	{"杰", "jie", eraAny}, {"涛", "tao", eraAny}, {"斌", "bin", eraAny}, {"超", "chao", eraAny}, {"明", "ming", eraAny},
	{"刚", "gang", eraOld}, {"平", "ping", eraOld}, {"辉", "hui", eraAny}, {"鹏", "peng", eraAny}, {"华", "hua", eraOld},
	{"飞", "fei", eraAny}, {"鑫", "xin", eraAny}, {"波", "bo", eraAny}, {"宇", "yu", eraYoung}, {"浩", "hao", eraYoung},
	{"凯", "kai", eraAny}, {"健", "jian", eraAny}, {"俊", "jun", eraAny}, {"帆", "fan", eraYoung}, {"帅", "shuai", eraAny},
	{"旭", "xu", eraAny}, {"宁", "ning", eraAny}, {"龙", "long", eraAny}, {"林", "lin", eraAny}, {"阳", "yang", eraAny},
	{"建华", "jianhua", eraOld}, {"建国", "jianguo", eraOld}, {"志强", "zhiqiang", eraOld}, {"志明", "zhiming", eraAny},
	{"文博", "wenbo", eraYoung}, {"子轩", "zixuan", eraYoung}, {"浩然", "haoran", eraYoung}, {"宇轩", "yuxuan", eraYoung},
	{"俊杰", "junjie", eraAny}, {"晓东", "xiaodong", eraAny}, {"海涛", "haitao", eraAny}, {"国强", "guoqiang", eraOld},
	{"家豪", "jiahao", eraYoung}, {"博文", "bowen", eraYoung}, {"天宇", "tianyu", eraYoung}, {"明轩", "mingxuan", eraYoung},
	{"志远", "zhiyuan", eraAny}, {"永刚", "yonggang", eraOld}, {"立新", "lixin", eraOld}, {"振华", "zhenhua", eraOld},
	{"一鸣", "yiming", eraYoung}, {"思远", "siyuan", eraYoung}, {"嘉诚", "jiacheng", eraYoung}, {"梓豪", "zihao", eraYoung},
	{"宏伟", "hongwei", eraOld},
}

var femaleGiven = []givenName{
	{"芳", "fang", eraAny}, {"娜", "na", eraAny}, {"敏", "min", eraAny}, {"静", "jing", eraAny}, {"丽", "li", eraAny},
	{"艳", "yan", eraAny}, {"娟", "juan", eraOld}, {"霞", "xia", eraOld}, {"玲", "ling", eraAny}, {"婷", "ting", eraAny},
	{"雪", "xue", eraAny}, {"琳", "lin", eraAny}, {"倩", "qian", eraAny}, {"颖", "ying", eraAny}, {"慧", "hui", eraAny},
	{"莉", "li", eraAny}, {"佳", "jia", eraYoung}, {"丹", "dan", eraAny}, {"萍", "ping", eraOld}, {"红", "hong", eraOld},
	{"燕", "yan", eraAny}, {"梅", "mei", eraOld}, {"秀英", "xiuying", eraOld}, {"桂英", "guiying", eraOld},
	{"欣怡", "xinyi", eraYoung}, {"梓涵", "zihan", eraYoung}, {"诗涵", "shihan", eraYoung}, {"雨桐", "yutong", eraYoung},
	{"思琪", "siqi", eraYoung}, {"晓燕", "xiaoyan", eraAny}, {"晓丽", "xiaoli", eraAny}, {"雅琪", "yaqi", eraYoung},
	{"佳怡", "jiayi", eraYoung}, {"子涵", "zihan", eraYoung}, {"美玲", "meiling", eraAny}, {"丽华", "lihua", eraOld},
	{"淑珍", "shuzhen", eraOld}, {"玉兰", "yulan", eraOld}, {"海燕", "haiyan", eraAny}, {"文静", "wenjing", eraAny},
	{"婉婷", "wanting", eraYoung}, {"梦瑶", "mengyao", eraYoung}, {"可欣", "kexin", eraYoung}, {"心怡", "xinyi", eraYoung},
	{"雨欣", "yuxin", eraYoung}, {"静怡", "jingyi", eraYoung}, {"春梅", "chunmei", eraOld}, {"秀兰", "xiulan", eraOld},
	{"慧敏", "huimin", eraAny}, {"晓琳", "xiaolin", eraAny},
}

var (
	englishMale = []string{"James", "John", "Robert", "Michael", "David", "William", "Richard", "Thomas", "Daniel",
		"Matthew", "Andrew", "Kevin", "Jason", "Eric", "Steven", "Peter", "Mark", "Paul", "Ryan", "Brian"}
	englishFemale = []string{"Mary", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Emily",
		"Emma", "Olivia", "Sophia", "Grace", "Amy", "Anna", "Laura", "Rachel", "Helen", "Lisa", "Michelle"}
	englishSurnames = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
		"Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis",
		"Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell"}
)

// Corporate names: city + trade name + industry + legal form, e.g.
// 杭州恒信科技有限公司. The trade names are generic words, not real firms.
type namePart struct{ han, pinyin string }

var (
	tradeNames = []namePart{
		{"恒信", "hengxin"}, {"华创", "huachuang"}, {"瑞丰", "ruifeng"}, {"鼎盛", "dingsheng"}, {"远航", "yuanhang"},
		{"天成", "tiancheng"}, {"博瑞", "borui"}, {"嘉禾", "jiahe"}, {"联创", "lianchuang"}, {"海润", "hairun"},
		{"金桥", "jinqiao"}, {"宏达", "hongda"}, {"启明", "qiming"}, {"睿智", "ruizhi"}, {"星河", "xinghe"},
		{"融信", "rongxin"}, {"汇通", "huitong"}, {"明德", "mingde"}, {"卓越", "zhuoyue"}, {"同舟", "tongzhou"},
	}
	industries = []namePart{
		{"科技", "tech"}, {"贸易", "trade"}, {"实业", "industry"}, {"信息技术", "it"}, {"医疗器械", "medical"},
		{"建设工程", "build"}, {"文化传媒", "media"}, {"物流", "logistics"}, {"餐饮管理", "catering"}, {"教育科技", "edu"},
	}
	legalForms = newWeights(80, 12, 8)
	legalNames = []string{"有限公司", "股份有限公司", "集团有限公司"}
)

// E-mail domains by the kind of name, weighted by popularity.
var (
	zhDomains = []string{"qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "outlook.com",
		"hotmail.com", "gmail.com", "icloud.com", "139.com", "aliyun.com", "sohu.com"}
	zhDomainWeights = newWeights(35, 20, 8, 5, 4, 6, 3, 5, 6, 3, 2, 3)
	enDomains       = []string{"gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "qq.com"}
	enDomainWeights = newWeights(30, 25, 15, 10, 10, 10)
)

// Mobile number prefixes of the three carriers (China Mobile, Unicom,
// Telecom); every number is 11 digits.
var mobilePrefixes = []string{
	"134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "178", "182",
	"183", "184", "187", "188", "198", "130", "131", "132", "145", "155", "156", "166", "175", "176", "185",
	"186", "133", "149", "153", "173", "177", "180", "181", "189", "199",
}

// surnameWeights draws surnames; surnameTitles holds their pinyin in title
// case for English given names with a Chinese surname (Kevin Wang).
var (
	surnameWeights weights
	surnameTitles  []string
)

func init() {
	w := make([]float64, len(surnames))
	surnameTitles = make([]string, len(surnames))
	for i, s := range surnames {
		w[i] = s.weight
		surnameTitles[i] = string(s.pinyin[0]-'a'+'A') + s.pinyin[1:]
	}
	surnameWeights = newWeights(w...)
}
