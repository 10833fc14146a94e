package demo

import (
	"slices"

	"strata/internal/model"
)

// Product is one item of the demo catalogue.
type Product struct {
	SKU      string
	Name     string
	Category string
	Price    model.Money // list price per unit
	Cost     model.Money // unit cost of goods, so that profit exists
}

// Category indexes; the order is the order of Categories().
const (
	catDigital = iota
	catAppliance
	catPremiumAppliance
	catKitchen
	catPersonal
	catPremiumSkin
	catApparel
	catJewelry
	catHome
	catFood
	nCategories
)

var categoryNames = [nCategories]string{
	"数码电子", "家用电器", "高端家电", "厨房用品", "个护美妆",
	"高端护肤", "服饰鞋包", "珠宝腕表", "家居日用", "食品生鲜",
}

// premiumCategories are the categories quality buyers favour: high unit
// prices, low discounts, high margins on skincare.
var premiumCategories = []int{catPremiumAppliance, catPremiumSkin, catJewelry}

// item is a catalogue row in yuan with a cost ratio, as a merchandiser would
// write it down.
type item struct {
	cat       int
	sku, name string
	yuan      int64
	costRatio float64
}

var items = []item{
	{catDigital, "DE-1001", "无线蓝牙耳机", 399, 0.70},
	{catDigital, "DE-1002", "智能手环", 249, 0.68},
	{catDigital, "DE-1003", "20000mAh充电宝", 149, 0.62},
	{catDigital, "DE-1004", "10英寸平板电脑", 2999, 0.78},
	{catDigital, "DE-1005", "5G智能手机", 3999, 0.80},
	{catDigital, "DE-1006", "机械键盘", 499, 0.60},
	{catAppliance, "HA-2001", "空气净化器", 1599, 0.62},
	{catAppliance, "HA-2002", "扫地机器人", 2299, 0.66},
	{catAppliance, "HA-2003", "落地电风扇", 299, 0.58},
	{catAppliance, "HA-2004", "超声波加湿器", 199, 0.55},
	{catAppliance, "HA-2005", "无线吸尘器", 899, 0.60},
	{catAppliance, "HA-2006", "蒸汽挂烫机", 399, 0.57},
	{catPremiumAppliance, "PA-3001", "嵌入式洗碗机", 6999, 0.58},
	{catPremiumAppliance, "PA-3002", "变频对开门冰箱", 8999, 0.60},
	{catPremiumAppliance, "PA-3003", "滚筒洗烘一体机", 7499, 0.58},
	{catPremiumAppliance, "PA-3004", "全屋新风系统", 12800, 0.52},
	{catPremiumAppliance, "PA-3005", "85英寸激光电视", 15999, 0.62},
	{catPremiumAppliance, "PA-3006", "中央净水系统", 9800, 0.50},
	{catKitchen, "KT-4001", "不粘炒锅", 259, 0.45},
	{catKitchen, "KT-4002", "IH电饭煲", 499, 0.52},
	{catKitchen, "KT-4003", "德式刀具套装", 369, 0.42},
	{catKitchen, "KT-4004", "不锈钢保温杯", 129, 0.40},
	{catKitchen, "KT-4005", "破壁料理机", 899, 0.55},
	{catKitchen, "KT-4006", "空气炸锅", 399, 0.53},
	{catPersonal, "PC-5001", "声波电动牙刷", 299, 0.38},
	{catPersonal, "PC-5002", "高速吹风机", 599, 0.45},
	{catPersonal, "PC-5003", "洗发护发套装", 139, 0.35},
	{catPersonal, "PC-5004", "丝绒口红", 259, 0.30},
	{catPersonal, "PC-5005", "补水面膜10片装", 99, 0.32},
	{catPersonal, "PC-5006", "电动剃须刀", 459, 0.46},
	{catPremiumSkin, "LS-6001", "修护精华液50ml", 1280, 0.25},
	{catPremiumSkin, "LS-6002", "奢润面霜50g", 2380, 0.24},
	{catPremiumSkin, "LS-6003", "紧致眼霜15ml", 980, 0.26},
	{catPremiumSkin, "LS-6004", "臻选护肤礼盒", 3680, 0.28},
	{catPremiumSkin, "LS-6005", "抗老精华套装", 4580, 0.27},
	{catPremiumSkin, "LS-6006", "经典香水100ml", 1450, 0.30},
	{catApparel, "AP-7001", "纯棉短袖T恤", 99, 0.38},
	{catApparel, "AP-7002", "双面羊毛大衣", 1599, 0.42},
	{catApparel, "AP-7003", "缓震跑步鞋", 699, 0.45},
	{catApparel, "AP-7004", "直筒牛仔裤", 329, 0.40},
	{catApparel, "AP-7005", "真皮双肩包", 899, 0.44},
	{catApparel, "AP-7006", "鹅绒羽绒服", 1299, 0.46},
	{catJewelry, "JW-8001", "足金转运珠吊坠", 3280, 0.72},
	{catJewelry, "JW-8002", "18K金钻石戒指", 12800, 0.48},
	{catJewelry, "JW-8003", "自动机械腕表", 18800, 0.58},
	{catJewelry, "JW-8004", "淡水珍珠项链", 4680, 0.45},
	{catJewelry, "JW-8005", "足银手镯", 580, 0.50},
	{catJewelry, "JW-8006", "18K金耳钉", 2150, 0.55},
	{catHome, "HG-9001", "天然乳胶枕", 299, 0.40},
	{catHome, "HG-9002", "全棉四件套", 499, 0.42},
	{catHome, "HG-9003", "收纳箱三件套", 89, 0.45},
	{catHome, "HG-9004", "长绒棉毛巾礼盒", 69, 0.43},
	{catHome, "HG-9005", "香薰蜡烛", 129, 0.35},
	{catHome, "HG-9006", "记忆棉床垫", 3299, 0.48},
	{catFood, "FD-0001", "五常有机大米5kg", 79, 0.68},
	{catFood, "FD-0002", "进口纯牛奶整箱", 109, 0.72},
	{catFood, "FD-0003", "每日坚果礼盒", 168, 0.60},
	{catFood, "FD-0004", "精品咖啡豆", 138, 0.55},
	{catFood, "FD-0005", "明前龙井礼盒", 398, 0.50},
	{catFood, "FD-0006", "智利车厘子2kg", 259, 0.70},
}

// products is the catalogue in SKU-list order; byCategory holds, per
// category, product indexes sorted by ascending price so that a line can be
// matched to a target price by position.
var (
	products   []Product
	byCategory [nCategories][]int
)

func init() {
	products = make([]Product, len(items))
	for i, it := range items {
		price := model.Money(it.yuan * 100)
		products[i] = Product{
			SKU: it.sku, Name: it.name, Category: categoryNames[it.cat],
			Price: price, Cost: model.Money(float64(price)*it.costRatio + 0.5),
		}
		byCategory[it.cat] = append(byCategory[it.cat], i)
	}
	for c := range byCategory {
		slices.SortFunc(byCategory[c], func(a, b int) int { return int(products[a].Price - products[b].Price) })
	}
}

// Catalogue returns a copy of the product catalogue.
func Catalogue() []Product { return slices.Clone(products) }

// Categories returns the product category names in catalogue order.
func Categories() []string { return slices.Clone(categoryNames[:]) }

// PremiumCategories returns the categories that quality buyers favour.
func PremiumCategories() []string {
	out := make([]string, len(premiumCategories))
	for i, c := range premiumCategories {
		out[i] = categoryNames[c]
	}
	return out
}

// Sales channel codes of order lines.
const (
	OrderChannelStore  = "store"  // 门店
	OrderChannelWeb    = "web"    // 官网
	OrderChannelTmall  = "tmall"  // 天猫
	OrderChannelJD     = "jd"     // 京东
	OrderChannelWechat = "wechat" // 微信小程序
)

const (
	chStore = iota
	chWeb
	chTmall
	chJD
	chWechat
	nOrderChannels
)

var orderChannels = [nOrderChannels]string{OrderChannelStore, OrderChannelWeb, OrderChannelTmall, OrderChannelJD, OrderChannelWechat}

// OrderChannels returns the sales channel codes in display order.
func OrderChannels() []string { return slices.Clone(orderChannels[:]) }
