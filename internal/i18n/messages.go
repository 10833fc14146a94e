package i18n

func init() {
	add(map[string]entry{
		"usage": {
			en: `strata — customer classification and tiered management

Usage: strata <command> [arguments] [flags]

Commands:
  demo        generate a realistic demo business, load it and classify it monthly
  import      import customers|orders|interactions|surveys|tickets from CSV/TSV/XLSX
  export      export customers|orders|interactions|surveys|tickets|classes|segment to CSV/XLSX
  classify    classify every customer along every active scheme as of a date (a snapshot run)
  runs        list classification runs; runs show RUN
  migrations  class-to-class migration matrix of a scheme between two runs
  history     a customer's classes over time, with reasons
  scheme      list, show, export and apply classification schemes (YAML/JSON)
  status      show the database, its schema version and record counts
  clv         lifetime value: clv fit (BG/NBD, Pareto/NBD, Gamma-Gamma), clv predict
  validate    check predictions on a holdout period: purchases vs a naive baseline, revenue by CLV decile and value tier
  cluster     k-means segmentation named from profiles; --explain turns clusters into rules
  tree        learn a tag (e.g. VIP) or a k-means segmentation as readable rules; --save-scheme
  serve       serve the REST API (/api/openapi.json); needs an admin user
  user        user accounts: add (with a role), list, disable, enable, passwd
  audit       the tamper-evident audit log: audit verify, audit list
  token       API tokens for integrations: token add NAME --user USER, token list, token revoke ID
  consent     record consent per purpose (withdrawn customers leave marketing exports: --purpose marketing)
  privacy     data-subject requests: privacy export CUSTOMER, privacy erase CUSTOMER --yes
  key         field-encryption keys: key rotate [--drop-old] (new primary key, everything re-encrypted)
  backup      backup --out FILE: a consistent copy of the SQLite database (PostgreSQL: pg_dump)
  bench       benchmarks: bench import, bench classify, bench http (REST API load, open loop)
  version     print the version

Global flags (also as STRATA_* environment variables):
  --db PATH|DSN   SQLite file (default strata.db) or postgres:// DSN   [STRATA_DB]
  --tz ZONE       business time zone (default Asia/Shanghai)           [STRATA_TZ]
  --lang LANG     zh-CN or en                                           [STRATA_LANG]
  --key-file FILE field-encryption keys (default DB.key; STRATA_KEY wins) [STRATA_KEY_FILE]
  --json          machine-readable output

Run 'strata <command> --help' for a command's flags.
`,
			zh: `strata — 客户分类分层管理系统

用法: strata <命令> [参数] [选项]

命令:
  demo        生成逼真的演示业务数据、载入并按月分类
  import      从 CSV/TSV/XLSX 导入 customers|orders|interactions|surveys|tickets（客户/订单/互动/调查/工单）
  export      导出为 CSV/XLSX（含 classes 分类结果、segment 客户群）
  classify    按所有启用的分类方案对客户分类（生成快照）
  runs        列出分类运行；runs show 查看详情
  migrations  两次运行之间某方案的客户迁移矩阵
  history     某客户随时间的分类及原因
  scheme      查看、导出、应用分类方案（YAML/JSON）
  status      显示数据库、结构版本与记录数
  clv         客户终身价值：clv fit（BG/NBD、Pareto/NBD、Gamma-Gamma）、clv predict
  validate    用留出期验证预测：购买次数对比朴素基线，按 CLV 十分位与价值等级的收入
  cluster     k-means 聚类并按画像命名；--explain 用决策树把聚类解释为规则
  tree        用决策树把标签（如 VIP）或聚类学习成可读规则；--save-scheme 保存为方案
  serve       启动 REST API 服务（接口文档 /api/openapi.json）；需要先创建管理员
  user        用户账户：add（指定角色）、list、disable、enable、passwd
  audit       防篡改审计日志：audit verify、audit list
  token       集成用 API 令牌：token add 名称 --user 用户、token list、token revoke 编号
  consent     记录按用途的同意（撤回营销同意的客户不出现在 --purpose marketing 导出中）
  privacy     个人信息请求：privacy export 导出、privacy erase 删除（需 --yes）
  key         字段加密密钥：key rotate [--drop-old]（启用新主密钥并重新加密全部个人信息）
  backup      backup --out 文件：SQLite 数据库的一致性备份（PostgreSQL 请用 pg_dump）
  bench       基准测试：bench import、bench classify、bench http（REST API 压测，开环）
  version     显示版本

全局选项（也可用 STRATA_* 环境变量）:
  --db 路径|DSN   SQLite 文件（默认 strata.db）或 postgres:// DSN     [STRATA_DB]
  --tz 时区       业务时区（默认 Asia/Shanghai）                       [STRATA_TZ]
  --lang 语言     zh-CN 或 en                                          [STRATA_LANG]
  --key-file 文件 字段加密密钥文件（默认 数据库.key；STRATA_KEY 优先）    [STRATA_KEY_FILE]
  --json          输出 JSON

运行 'strata <命令> --help' 查看该命令的选项。
`},
		"unknown_command":    {en: "unknown command %q; run 'strata help'", zh: "未知命令 %q；请运行 'strata help'"},
		"error":              {en: "error: %v", zh: "错误：%v"},
		"missing_args":       {en: "%s: missing arguments; usage: %s", zh: "%s：缺少参数；用法：%s"},
		"import_summary":     {en: "%s: %d rows read, %d inserted, %d updated, %d unchanged, %d rejected, %d customers created in %.2fs (%.0f rows/s)", zh: "%s：读取 %d 行，新增 %d，更新 %d，未变 %d，拒绝 %d，新建客户 %d，用时 %.2f 秒（%.0f 行/秒）"},
		"import_invalid":     {en: "%d invalid rows (%d problems); nothing was imported. First problems:", zh: "有 %d 行无效（%d 处问题），未导入任何数据。前几处问题："},
		"import_more":        {en: "… and %d more; the full list is in the --report file", zh: "……另有 %d 处；完整列表请用 --report 输出到文件"},
		"import_dry":         {en: "dry run: nothing was written", zh: "试运行：未写入任何数据"},
		"import_rejects":     {en: "%d rejected rows written to %s", zh: "%d 行被拒绝，已写入 %s"},
		"import_report":      {en: "all %d problems written to %s", zh: "全部 %d 处问题已写入 %s"},
		"import_unmapped":    {en: "ignored columns: %s", zh: "已忽略的列：%s"},
		"row_error":          {en: "line %d, column %q, value %q: %s", zh: "第 %d 行，列 %q，值 %q：%s"},
		"export_done":        {en: "%d %s exported to %s", zh: "已导出 %d 条 %s 到 %s"},
		"demo_generating":    {en: "generating %d customers (seed %d) into %s …", zh: "正在生成 %d 个客户（种子 %d）到 %s ……"},
		"demo_done":          {en: "demo data loaded in %.1fs: %d customers, %d order lines, %d interactions, %d surveys, %d tickets", zh: "演示数据已载入（%.1f 秒）：客户 %d，订单行 %d，互动 %d，调查 %d，工单 %d"},
		"status_db":          {en: "database: %s (%s), schema version %d", zh: "数据库：%s（%s），结构版本 %d"},
		"status_counts":      {en: "customers %d, order lines %d, interactions %d, surveys %d, tickets %d", zh: "客户 %d，订单行 %d，互动 %d，调查 %d，工单 %d"},
		"demo_classified":    {en: "classified as of %s (run %d, compute %.2fs)", zh: "已按 %s 分类（运行 %d，计算 %.2f 秒）"},
		"demo_users":         {en: "demo users created, all with the password %s (shown once): %s · strata serve, then sign in", zh: "已创建演示用户，密码均为 %s（仅显示这一次）：%s · 运行 strata serve 后登录"},
		"token_created":      {en: "token %s for %s (role %s, expires %s); shown this once, keep it secret:", zh: "已为 %[2]s 创建令牌 %[1]s（角色 %[3]s，%[4]s 到期）；仅显示这一次，请妥善保管："},
		"token_revoked":      {en: "token %s revoked", zh: "令牌 %s 已吊销"},
		"demo_next":          {en: "next: strata runs · strata migrations --scheme value_tier · strata history C000001 · strata export classes --out classes.xlsx   (--db %s)", zh: "接下来：strata runs · strata migrations --scheme value_tier · strata history C000001 · strata export classes --out classes.xlsx（--db %s）"},
		"serve_no_admin":     {en: "no administrator exists: create one first with  strata user add admin --role admin  (password on stdin)", zh: "尚无管理员：请先运行  strata user add admin --role admin  创建（密码从标准输入读取）"},
		"serve_listening":    {en: "serving on http://%s (database %s)", zh: "服务地址 http://%s（数据库 %s）"},
		"erase_confirm":      {en: "erasing %s removes its personal data for good: add --yes", zh: "删除 %s 的个人信息后无法恢复：请加 --yes 确认"},
		"key_rotated":        {en: "new primary key %s; %d customers re-encrypted; key file %s", zh: "新主密钥 %s；已重新加密 %d 位客户；密钥文件 %s"},
		"key_kept":           {en: "old keys %s are still in the key file, for backups made before; nothing in the database uses them now: delete their lines when those backups are gone", zh: "旧密钥 %s 仍保留在密钥文件中，供此前的备份使用；数据库已不再使用它们：这些备份不再需要时可删除对应行"},
		"key_dropped":        {en: "old keys %s removed from the key file", zh: "已从密钥文件移除旧密钥 %s"},
		"backup_done":        {en: "backup written to %s; personal fields in it are encrypted: keep the key file %s too, stored apart", zh: "备份已写入 %s；其中个人信息已加密：请另行妥善保存密钥文件 %s"},
		"backup_pg":          {en: "strata backup copies SQLite databases; for PostgreSQL use pg_dump (e.g. pg_dump -Fc -f strata.dump \"$STRATA_DB\") and keep the key file with it, stored apart", zh: "strata backup 只备份 SQLite 数据库；PostgreSQL 请使用 pg_dump（如 pg_dump -Fc -f strata.dump \"$STRATA_DB\"），并另行保存密钥文件"},
		"erased":             {en: "personal data erased; the records remain as the anonymous customer %s", zh: "个人信息已删除；记录以匿名客户 %s 保留"},
		"consent_done":       {en: "consent of %s for %s: granted=%v", zh: "客户 %s 的 %s 同意：granted=%v"},
		"user_done":          {en: "user %[2]s: %[1]s done", zh: "用户 %[2]s：%[1]s 已完成"},
		"audit_ok":           {en: "audit log intact: %d records, every hash verified", zh: "审计日志完整：%d 条记录，哈希链全部校验通过"},
		"timing":             {en: "timing", zh: "耗时"},
		"run_head":           {en: "run %d as of %s: %d customers", zh: "运行 %d（截至 %s）：%d 个客户"},
		"run_cols":           {en: "class\tcustomers\tshare\trevenue share\tavg spend\tavg orders\tavg recency (d)\t", zh: "类别\t客户数\t占比\t收入占比\t平均消费\t平均单数\t平均最近购买(天)\t"},
		"migrations_head":    {en: "%s: run %d (%s) → run %d (%s)", zh: "%s：运行 %d（%s）→ 运行 %d（%s）"},
		"migrations_counts":  {en: "customers", zh: "客户数"},
		"migrations_revenue": {en: "net spend in the later run", zh: "后一次运行的净消费"},
		"scheme_saved":       {en: "scheme %s saved as version %d (now active)", zh: "方案 %s 已保存为第 %d 版（已启用）"},
		"scheme_same":        {en: "scheme %s is unchanged (version %d)", zh: "方案 %s 未变化（第 %d 版）"},
		"bench_import_head":  {en: "import benchmark: %d order rows", zh: "导入基准：%d 行订单"},
	})
}
