package demo

// Staff roles in the demo business.
const (
	RoleSales      = "sales"       // regional sales rep; owns customers of a region
	RoleKeyAccount = "key_account" // key account manager; owns corporate customers
	RoleService    = "service"     // customer service agent; handles contacts and tickets
)

// StaffMember is one employee who owns customers or appears on interactions.
type StaffMember struct {
	User   string // login name, used as Customer.Owner and Interaction.Staff
	Name   string // display name
	Role   string // RoleSales, RoleKeyAccount or RoleService
	Region string // region a sales rep covers; "" otherwise
}

// staff is fixed: two reps per region, two key account managers and six
// service agents. reps[r] are the indexes of region r's reps.
var staff = []StaffMember{
	{"chen.jing", "陈静", RoleSales, "华东"}, {"zhou.hao", "周浩", RoleSales, "华东"},
	{"huang.min", "黄敏", RoleSales, "华南"}, {"liang.wei", "梁伟", RoleSales, "华南"},
	{"zhao.lei", "赵磊", RoleSales, "华北"}, {"sun.li", "孙丽", RoleSales, "华北"},
	{"hu.jun", "胡军", RoleSales, "华中"}, {"xu.yan", "徐艳", RoleSales, "华中"},
	{"yang.fan", "杨帆", RoleSales, "西南"}, {"he.xue", "何雪", RoleSales, "西南"},
	{"ma.qiang", "马强", RoleSales, "西北"}, {"gao.ting", "高婷", RoleSales, "西北"},
	{"liu.bo", "刘波", RoleSales, "东北"}, {"yu.na", "于娜", RoleSales, "东北"},
	{"wang.jian", "王健", RoleKeyAccount, ""}, {"lin.yue", "林悦", RoleKeyAccount, ""},
	{"wu.fang", "吴芳", RoleService, ""}, {"zheng.lin", "郑琳", RoleService, ""},
	{"song.yu", "宋宇", RoleService, ""}, {"tang.hui", "唐慧", RoleService, ""},
	{"feng.tao", "冯涛", RoleService, ""}, {"deng.ping", "邓萍", RoleService, ""},
}

var (
	regionReps  [nRegions][]string
	keyAccounts []string
	agents      []string
	allReps     []string
)

func init() {
	for _, s := range staff {
		switch s.Role {
		case RoleSales:
			for r, name := range regionNames {
				if name == s.Region {
					regionReps[r] = append(regionReps[r], s.User)
				}
			}
			allReps = append(allReps, s.User)
		case RoleKeyAccount:
			keyAccounts = append(keyAccounts, s.User)
		case RoleService:
			agents = append(agents, s.User)
		}
	}
}

// Staff returns the login names of every staff member who owns customers or
// handles contacts, so that the caller can create the users before or after
// importing the generated data.
func Staff() []string {
	out := make([]string, len(staff))
	for i, s := range staff {
		out[i] = s.User
	}
	return out
}

// StaffMembers returns the staff with display names, roles and regions.
func StaffMembers() []StaffMember {
	out := make([]StaffMember, len(staff))
	copy(out, staff)
	return out
}
