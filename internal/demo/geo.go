package demo

import "slices"

// Regions (大区) in display order.
const (
	regionEast      = iota // 华东
	regionSouth            // 华南
	regionNorth            // 华北
	regionCentral          // 华中
	regionSouthwest        // 西南
	regionNorthwest        // 西北
	regionNortheast        // 东北
	nRegions
)

var regionNames = [nRegions]string{"华东", "华南", "华北", "华中", "西南", "西北", "东北"}

// Regions returns the sales region names in display order.
func Regions() []string { return slices.Clone(regionNames[:]) }

// city is a real city with its province (full official name, as written in
// an address) and region; weight is roughly its urban population in
// millions, so customers concentrate where people live.
type city struct {
	name, province string
	region         int
	weight         float64
}

var cities = []city{
	{"上海", "上海市", regionEast, 24}, {"南京", "江苏省", regionEast, 9}, {"苏州", "江苏省", regionEast, 12},
	{"无锡", "江苏省", regionEast, 7}, {"常州", "江苏省", regionEast, 5}, {"南通", "江苏省", regionEast, 7},
	{"杭州", "浙江省", regionEast, 12}, {"宁波", "浙江省", regionEast, 9}, {"温州", "浙江省", regionEast, 9},
	{"绍兴", "浙江省", regionEast, 5}, {"嘉兴", "浙江省", regionEast, 5}, {"金华", "浙江省", regionEast, 7},
	{"合肥", "安徽省", regionEast, 9}, {"芜湖", "安徽省", regionEast, 3.6}, {"福州", "福建省", regionEast, 8},
	{"厦门", "福建省", regionEast, 5}, {"泉州", "福建省", regionEast, 8}, {"南昌", "江西省", regionEast, 6},
	{"济南", "山东省", regionEast, 9}, {"青岛", "山东省", regionEast, 10}, {"烟台", "山东省", regionEast, 7},
	{"潍坊", "山东省", regionEast, 9},
	{"广州", "广东省", regionSouth, 18}, {"深圳", "广东省", regionSouth, 17}, {"东莞", "广东省", regionSouth, 10},
	{"佛山", "广东省", regionSouth, 9}, {"珠海", "广东省", regionSouth, 2.4}, {"惠州", "广东省", regionSouth, 6},
	{"中山", "广东省", regionSouth, 4.4}, {"南宁", "广西壮族自治区", regionSouth, 8.7}, {"柳州", "广西壮族自治区", regionSouth, 4},
	{"桂林", "广西壮族自治区", regionSouth, 4.9}, {"海口", "海南省", regionSouth, 2.9}, {"三亚", "海南省", regionSouth, 1},
	{"北京", "北京市", regionNorth, 21.8}, {"天津", "天津市", regionNorth, 13.7}, {"石家庄", "河北省", regionNorth, 11},
	{"唐山", "河北省", regionNorth, 7.7}, {"保定", "河北省", regionNorth, 11.5}, {"太原", "山西省", regionNorth, 5.4},
	{"呼和浩特", "内蒙古自治区", regionNorth, 3.5}, {"包头", "内蒙古自治区", regionNorth, 2.7},
	{"郑州", "河南省", regionCentral, 12.6}, {"洛阳", "河南省", regionCentral, 7}, {"武汉", "湖北省", regionCentral, 13.6},
	{"宜昌", "湖北省", regionCentral, 4}, {"襄阳", "湖北省", regionCentral, 5.3}, {"长沙", "湖南省", regionCentral, 10},
	{"株洲", "湖南省", regionCentral, 3.9},
	{"重庆", "重庆市", regionSouthwest, 20}, {"成都", "四川省", regionSouthwest, 21}, {"绵阳", "四川省", regionSouthwest, 4.9},
	{"贵阳", "贵州省", regionSouthwest, 6}, {"昆明", "云南省", regionSouthwest, 8.5}, {"拉萨", "西藏自治区", regionSouthwest, 0.9},
	{"西安", "陕西省", regionNorthwest, 13}, {"兰州", "甘肃省", regionNorthwest, 4.4}, {"西宁", "青海省", regionNorthwest, 2.5},
	{"银川", "宁夏回族自治区", regionNorthwest, 2.9}, {"乌鲁木齐", "新疆维吾尔自治区", regionNorthwest, 4},
	{"沈阳", "辽宁省", regionNortheast, 9}, {"大连", "辽宁省", regionNortheast, 7.5}, {"长春", "吉林省", regionNortheast, 9},
	{"吉林", "吉林省", regionNortheast, 3.6}, {"哈尔滨", "黑龙江省", regionNortheast, 10}, {"大庆", "黑龙江省", regionNortheast, 2.8},
}

// Street names common to most Chinese cities, so any of them is plausible
// anywhere; districts are left out because they are city-specific.
var streets = []string{
	"人民路", "中山路", "解放路", "建设路", "和平路", "新华路", "文化路", "长江路", "黄河路", "朝阳路",
	"胜利路", "青年路", "光明路", "友谊路", "滨江路", "东风路", "迎宾大道", "世纪大道", "科技路", "学府路",
	"花园路", "工业大道", "北京路", "南京路", "湖滨路", "幸福路", "振兴路", "新城大道", "创业路", "金融街",
}

var buildings = []string{"国际大厦", "科技园", "商务中心", "金融中心", "创业大厦", "广场"}

var cityWeights weights

func init() {
	w := make([]float64, len(cities))
	for i, c := range cities {
		w[i] = c.weight
	}
	cityWeights = newWeights(w...)
}

// municipality reports whether a province is a directly governed city,
// whose addresses do not repeat the city name.
func municipality(province string) bool {
	switch province {
	case "北京市", "上海市", "天津市", "重庆市":
		return true
	}
	return false
}
