package cli

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"time"

	"strata/internal/app"
	"strata/internal/config"
	"strata/internal/core"
	"strata/internal/ingest"
)

func runBench(ctx context.Context, e *env, args []string) error {
	const usage = "strata bench import [--rows N] [--customers N] [--dir DIR] [--sqlite3 PATH]"
	if len(args) > 0 && args[0] == "classify" {
		return runBenchClassify(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "http" {
		return runBenchHTTP(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "import" {
		return &usageError{"usage: " + usage + " | strata bench classify [--customers N] [--orders N] | strata bench http [--customers N] [--rate R] [--duration D]"}
	}
	f := newFlags(e, "bench import", usage)
	rows := f.Int("rows", 1_000_000, "order rows in the generated CSV")
	customers := f.Int("customers", 100_000, "distinct customers in the generated CSV")
	dir := f.String("dir", "", "working directory (default: a temporary directory, removed afterwards)")
	sqlite3 := f.String("sqlite3", "sqlite3", "sqlite3 CLI used as the reference ('' to skip)")
	cpuprofile := f.String("cpuprofile", "", "write a CPU profile of the strata import to this file")
	if _, err := f.parse(args[1:]); err != nil {
		return err
	}
	if *rows < 1 || *customers < 1 {
		return &usageError{"--rows and --customers must be positive"}
	}
	work, cleanup, err := workDir(*dir)
	if err != nil {
		return err
	}
	defer cleanup()
	csvPath := filepath.Join(work, "orders.csv")
	if err := writeBenchOrders(csvPath, *rows, *customers); err != nil {
		return err
	}
	st, _ := os.Stat(csvPath)
	out := map[string]any{"rows": *rows, "customers": *customers, "file_bytes": st.Size()}
	if !e.json {
		fmt.Fprintln(e.stdout, e.p.T("bench_import_head", *rows))
		fmt.Fprintf(e.stdout, "  file: %s (%.1f MB)\n", csvPath, float64(st.Size())/1e6)
	}

	var refRate float64
	if *sqlite3 != "" {
		if bin, err := exec.LookPath(*sqlite3); err == nil {
			refDB := filepath.Join(work, "reference.db")
			t0 := time.Now()
			cmd := exec.CommandContext(ctx, bin, refDB, ".import --csv "+csvPath+" orders")
			if msg, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("sqlite3 .import: %v: %s", err, msg)
			}
			secs := time.Since(t0).Seconds()
			refRate = float64(*rows) / secs
			refCPU := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
			out["sqlite3_seconds"] = secs
			out["sqlite3_cpu_seconds"] = refCPU
			out["sqlite3_rows_per_second"] = refRate
			if !e.json {
				fmt.Fprintf(e.stdout, "  sqlite3 CLI .import (untyped text, no index, no validation): %.2fs (CPU %.2fs)  %.0f rows/s\n", secs, refCPU, refRate)
			}
		} else if !e.json {
			fmt.Fprintf(e.stdout, "  sqlite3 CLI not found (%s): reference skipped\n", *sqlite3)
		}
	}

	cfg, err := f.config()
	if err != nil {
		return err
	}
	freshDB(&cfg, work, "strata.db")
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
	}
	cpu0 := core.ProcessCPU()
	res, err := benchImport(ctx, a, csvPath)
	cpu := (core.ProcessCPU() - cpu0).Seconds()
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	rate := res.RowsPerSecond()
	out["strata_seconds"] = res.Seconds
	out["strata_cpu_seconds"] = cpu
	out["strata_rows_per_second"] = rate
	out["strata_result"] = res
	if refRate > 0 {
		out["ratio_vs_sqlite3"] = rate / refRate
	}
	// Re-import of the same file: every row must come back unchanged.
	cpu0 = core.ProcessCPU()
	again, err := benchImport(ctx, a, csvPath)
	againCPU := (core.ProcessCPU() - cpu0).Seconds()
	if err != nil {
		return err
	}
	out["reimport_seconds"] = again.Seconds
	out["reimport_cpu_seconds"] = againCPU
	out["reimport_unchanged"] = again.Unchanged
	if e.json {
		return e.printJSON(out)
	}
	fmt.Fprintf(e.stdout, "  strata import (typed, validated, upsert with unique index, synchronous=%s): %.2fs (CPU %.2fs)  %.0f rows/s\n",
		syncName(cfg), res.Seconds, cpu, rate)
	if refRate > 0 {
		fmt.Fprintf(e.stdout, "  ratio strata / sqlite3: %.2f\n", rate/refRate)
	}
	fmt.Fprintf(e.stdout, "  re-import of the same file: %.2fs (CPU %.2fs), %d unchanged, %d inserted, %d updated\n",
		again.Seconds, againCPU, again.Unchanged, again.Inserted, again.Updated)
	return nil
}

func syncName(c config.Config) string {
	if c.SyncNormal {
		return "NORMAL"
	}
	return "FULL"
}

func benchImport(ctx context.Context, a *app.App, path string) (*core.ImportResult, error) {
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return a.Core.Import(ctx, in, core.ImportOptions{Read: ingest.Options{Kind: ingest.KindOrders}})
}

// writeBenchOrders writes a deterministic order-lines CSV with the columns a
// typical shop export has.
func writeBenchOrders(path string, rows, customers int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("order_id,customer_id,ordered_at,sku,category,quantity,unit_price,amount,channel\n")
	r := rand.New(rand.NewPCG(42, 7))
	cats := []string{"茶叶", "茶具", "零食", "礼盒", "饮品", "器皿"}
	chans := []string{"store", "web", "tmall", "jd", "wechat"}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	var b []byte
	order := 0
	for i := 0; i < rows; {
		order++
		lines := 1 + r.IntN(3)
		cust := 1 + r.IntN(customers)
		at := time.Unix(start+r.Int64N(3*365*86400), 0).UTC()
		for l := 0; l < lines && i < rows; l++ {
			qty := 1 + r.IntN(4)
			price := 500 + r.IntN(50000)
			b = b[:0]
			b = append(b, "SO"...)
			b = strconv.AppendInt(b, int64(order), 10)
			b = append(b, ",C"...)
			b = strconv.AppendInt(b, int64(cust), 10)
			b = append(b, ',')
			b = at.AppendFormat(b, "2006-01-02 15:04:05")
			b = append(b, ",SKU"...)
			b = strconv.AppendInt(b, int64(r.IntN(500)), 10)
			b = append(b, ',')
			b = append(b, cats[r.IntN(len(cats))]...)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(qty), 10)
			b = append(b, ',')
			b = appendCents(b, int64(price))
			b = append(b, ',')
			b = appendCents(b, int64(price*qty))
			b = append(b, ',')
			b = append(b, chans[r.IntN(len(chans))]...)
			b = append(b, '\n')
			w.Write(b)
			i++
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func appendCents(b []byte, c int64) []byte {
	b = strconv.AppendInt(b, c/100, 10)
	b = append(b, '.')
	if c%100 < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, c%100, 10)
}

// workDir returns dir (created when missing), or a new temporary
// directory removed by cleanup.
func workDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o755)
	}
	d, err := os.MkdirTemp("", "strata-bench-")
	if err != nil {
		return "", nil, err
	}
	return d, func() { os.RemoveAll(d) }, nil
}

// freshDB points cfg at a new SQLite file in dir, removing an old one.
func freshDB(cfg *config.Config, dir, name string) {
	cfg.DB = filepath.Join(dir, name)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(cfg.DB + suffix)
	}
}
