package cli

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"strata/internal/app"
	"strata/internal/auth"
	"strata/internal/config"
	"strata/internal/core"
	"strata/internal/httpapi"
	"strata/internal/metrics"
	"strata/internal/model"
	"strata/internal/store"
)

// bench http: an open-loop load benchmark of the REST API on a SQLite
// database of N synthetic customers, served in this process on loopback.

const (
	benchHTTPAdmin  = "bench-admin"
	benchHTTPSales  = "staff07" // one of the 50 owners metrics.Synthetic assigns (staff00…staff49)
	benchHTTPDB     = "http.db"
	benchHTTPMaxDur = 60 * time.Second
)

// httpScenario is one load scenario: a request builder per worker.
type httpScenario struct {
	Name string
	Desc string
	Goal time.Duration
	Rate float64 // requests per second
	// newWorker returns the request function of one worker (workers keep
	// state, e.g. a page cursor, and their own random source).
	newWorker func(seed uint64) func(ctx context.Context) (int, error)
}

// ScenarioResult is what one scenario measured. Latencies are from the
// scheduled send time (open loop), over every scheduled request, errors
// included.
type ScenarioResult struct {
	Name        string         `json:"name"`
	Request     string         `json:"request"`
	TargetRate  float64        `json:"target_rps"`
	Requests    int            `json:"requests"`
	Answered    int            `json:"answered"` // requests that got an HTTP answer before the hard stop
	AchievedRPS float64        `json:"achieved_rps"`
	Errors      int            `json:"errors"`
	ErrorsBy    map[string]int `json:"errors_by,omitempty"`
	P50ms       float64        `json:"p50_ms"`
	P90ms       float64        `json:"p90_ms"`
	P99ms       float64        `json:"p99_ms"`
	P999ms      float64        `json:"p999_ms"`
	Maxms       float64        `json:"max_ms"`
	GoalP99ms   float64        `json:"goal_p99_ms"`
	Pass        bool           `json:"pass"`
	Seconds     float64        `json:"seconds"`
	// Server-side handler time (from the handler's start to its return,
	// no queueing in the client or the kernel), for telling the server's
	// cost from the wait for a CPU.
	ServerP50ms float64 `json:"server_p50_ms"`
	ServerP99ms float64 `json:"server_p99_ms"`
	// CPU time of the whole process (server and load generator) during the
	// scenario, and per request: on a shared machine the rate the process
	// can sustain is about the CPUs it gets / CPU per request.
	CPUSeconds      float64 `json:"cpu_seconds"`
	CPUmsPerRequest float64 `json:"cpu_ms_per_request"`
}

// serverTimer records how long the handler takes per request.
type serverTimer struct {
	h   http.Handler
	mu  sync.Mutex
	lat []time.Duration
}

func (t *serverTimer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	t.h.ServeHTTP(w, r)
	d := time.Since(t0)
	t.mu.Lock()
	t.lat = append(t.lat, d)
	t.mu.Unlock()
}

func (t *serverTimer) reset() {
	t.mu.Lock()
	t.lat = t.lat[:0]
	t.mu.Unlock()
}

func (t *serverTimer) quantiles() (p50, p99 float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	slices.Sort(t.lat)
	return quantileMS(t.lat, 0.50), quantileMS(t.lat, 0.99)
}

// quantileMS is the p-quantile (nearest rank) of sorted durations, in ms.
func quantileMS(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return float64(sorted[min(max(i, 0), len(sorted)-1)]) / 1e6
}

// loadAvg is the machine's 1-minute load average ("" where unknown): the
// benchmark shares the CPUs with whatever else runs.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func runBenchHTTP(ctx context.Context, e *env, args []string) error {
	const usage = "strata bench http [--customers N] [--dir DIR] [--rate R] [--page-rate R] [--duration D] [--workers N] [--pages N] [--warmup D] [--grace D] [--scenario NAME] [--cpuprofile FILE]"
	f := newFlags(e, "bench http", usage)
	customers := f.Int("customers", 1_000_000, "customers in the SQLite database")
	linesPer := f.Int("lines-per-customer", 5, "order lines per customer in the generated data")
	dir := f.String("dir", "", "working directory; a database of the right size there is reused (default: a temporary directory)")
	rate := f.Float64("rate", 1000, "requests per second per scenario (open loop: fixed schedule)")
	pageRate := f.Float64("page-rate", 0, "requests per second of the filtered-page scenario (default: --rate)")
	duration := f.Duration("duration", 10*time.Second, "measured time per scenario (at most 60s)")
	warmup := f.Duration("warmup", time.Second, "unmeasured warm-up per scenario at the same rate")
	grace := f.Duration("grace", 2*time.Second, "after the schedule ends, outstanding requests get this long, then count as errors (at most 60s)")
	workers := f.Int("workers", 64, "concurrent requests = keep-alive connections")
	pages := f.Int("pages", 3, "pages followed by the next cursor per filtered browse")
	cpuprofile := f.String("cpuprofile", "", "write a CPU profile of the measured scenarios to this file")
	only := f.String("scenario", "", "run only the scenarios whose names contain this text")
	if _, err := f.parse(args); err != nil {
		return err
	}
	switch {
	case *customers < 1 || *linesPer < 0:
		return &usageError{"--customers must be positive and --lines-per-customer not negative"}
	case *rate <= 0 || *rate > 100_000 || *pageRate < 0 || *pageRate > 100_000:
		return &usageError{"--rate and --page-rate must be in (0, 100000]"}
	case *duration <= 0 || *warmup < 0 || *grace < 0:
		return &usageError{"--duration must be positive, --warmup and --grace not negative"}
	case *workers < 1 || *workers > 1024 || *pages < 1:
		return &usageError{"--workers must be 1 to 1024 and --pages positive"}
	}
	if *duration > benchHTTPMaxDur {
		fmt.Fprintf(e.stderr, "--duration %s capped at %s\n", *duration, benchHTTPMaxDur)
		*duration = benchHTTPMaxDur
	}
	*warmup, *grace = min(*warmup, benchHTTPMaxDur), min(*grace, benchHTTPMaxDur)
	say := func(format string, a ...any) {
		if !e.json {
			fmt.Fprintf(e.stdout, format, a...)
		}
	}
	work, cleanup, err := workDir(*dir)
	if err != nil {
		return err
	}
	defer cleanup()
	cfg, err := f.config()
	if err != nil {
		return err
	}
	cfg.DB = filepath.Join(work, benchHTTPDB)
	out := map[string]any{"customers": *customers, "database": cfg.DB, "rate": *rate, "duration_seconds": duration.Seconds(),
		"warmup_seconds": warmup.Seconds(), "grace_seconds": grace.Seconds(), "workers": *workers, "pages_per_browse": *pages, "cpus": runtime.NumCPU(),
		"latency_from": "scheduled send time (open loop), every scheduled request counted"}

	// ---- setup: data, a run, users ----
	t0 := time.Now()
	a, reused, err := benchHTTPData(ctx, cfg, *customers, *linesPer, say)
	if err != nil {
		return err
	}
	defer a.Close()
	out["setup_reused"] = reused
	out["setup_data_seconds"] = time.Since(t0).Seconds()
	adminPw, salesPw := benchPassword(), benchPassword()
	if err := benchUser(ctx, a, benchHTTPAdmin, auth.Admin, adminPw); err != nil {
		return err
	}
	if err := benchUser(ctx, a, benchHTTPSales, auth.Sales, salesPw); err != nil {
		return err
	}
	owned, err := ownedCustomers(ctx, a.Store, benchHTTPSales)
	if err != nil {
		return err
	}
	if len(owned) == 0 {
		return fmt.Errorf("sales user %s owns no customers in %s", benchHTTPSales, cfg.DB)
	}
	classes, err := schemeClasses(ctx, a.Core, "value_tier")
	if err != nil {
		return err
	}
	out["sales_user"], out["sales_customers"] = benchHTTPSales, len(owned)
	out["setup_seconds"] = time.Since(t0).Seconds()
	say("setup: %d customers in %s (%s) in %.1fs; sales user %s owns %d of them\n", *customers, cfg.DB,
		map[bool]string{true: "reused", false: "generated"}[reused], time.Since(t0).Seconds(), benchHTTPSales, len(owned))

	// ---- the real handler on loopback ----
	// The request log is formatted as strata serve formats it, then dropped.
	reqLog := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	api := httpapi.New(a.Core, reqLog)
	defer api.Close()
	// Like strata serve, build the latest run's list index before serving
	// (serve does it in the background; here it is part of the setup).
	t1 := time.Now()
	if err := a.Core.WarmIndex(ctx); err != nil {
		return err
	}
	out["list_index_seconds"] = time.Since(t1).Seconds()
	timed := &serverTimer{h: api.Handler()}
	srv := &http.Server{Handler: timed, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: *workers, MaxIdleConnsPerHost: *workers, MaxConnsPerHost: *workers,
		IdleConnTimeout: time.Minute, DisableCompression: true, ForceAttemptHTTP2: false,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}}
	defer client.CloseIdleConnections()
	adminCookie, err := benchLogin(ctx, client, base, benchHTTPAdmin, adminPw)
	if err != nil {
		return err
	}
	salesCookie, err := benchLogin(ctx, client, base, benchHTTPSales, salesPw)
	if err != nil {
		return err
	}
	probe, err := probeListContract(ctx, client, base, adminCookie, classes)
	if err != nil {
		return err
	}
	out["list_contract"] = probe
	if !probe.FilterApplied || !probe.CursorFollowed {
		say("note: the server ignores part of the list contract (filter applied: %v, cursor followed: %v); the page scenario measures what it serves\n",
			probe.FilterApplied, probe.CursorFollowed)
	}

	n := *customers
	scenarios := []httpScenario{
		{Name: "get_customer_admin", Desc: "GET /api/v1/customers/{id}, uniform random id, admin", Goal: 25 * time.Millisecond, Rate: *rate,
			newWorker: func(seed uint64) func(context.Context) (int, error) {
				r := mrand.New(mrand.NewPCG(seed, 1))
				return func(ctx context.Context) (int, error) {
					return benchGet(ctx, client, base+"/api/v1/customers/"+syntheticCustomerID(r.IntN(n)), adminCookie, nil)
				}
			}},
		{Name: "get_customer_sales", Desc: "GET /api/v1/customers/{id}, random own customer, sales", Goal: 25 * time.Millisecond, Rate: *rate,
			newWorker: func(seed uint64) func(context.Context) (int, error) {
				r := mrand.New(mrand.NewPCG(seed, 2))
				return func(ctx context.Context) (int, error) {
					return benchGet(ctx, client, base+"/api/v1/customers/"+url.PathEscape(owned[r.IntN(len(owned))]), salesCookie, nil)
				}
			}},
		{Name: "list_page_filtered", Desc: fmt.Sprintf("GET /api/v1/customers?limit=50&scheme=value_tier&class=…, random class, %d pages by cursor, admin", *pages),
			Goal: 100 * time.Millisecond, Rate: cmp.Or(*pageRate, *rate),
			newWorker: func(seed uint64) func(context.Context) (int, error) {
				r := mrand.New(mrand.NewPCG(seed, 3))
				var class, cursor string
				left := 0
				return func(ctx context.Context) (int, error) {
					if left == 0 || cursor == "" {
						class, cursor, left = classes[r.IntN(len(classes))], "", *pages
					}
					q := url.Values{"limit": {"50"}, "scheme": {"value_tier"}, "class": {class}}
					if cursor != "" {
						q.Set("cursor", cursor)
					}
					var page nextOnly
					st, err := benchGet(ctx, client, base+"/api/v1/customers?"+q.Encode(), adminCookie, &page)
					left--
					cursor = string(page)
					if err != nil || st/100 != 2 {
						left = 0
					}
					return st, err
				}
			}},
	}

	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var results []ScenarioResult
	allPass := true
	load0 := loadAvg()
	for _, sc := range scenarios {
		if *only != "" && !strings.Contains(sc.Name, *only) {
			continue
		}
		if *warmup > 0 {
			openLoop(ctx, sc.Rate, *warmup, *grace, *workers, sc.newWorker)
		}
		runtime.GC()
		say("%s: %s at %.0f req/s for %s …\n", sc.Name, sc.Desc, sc.Rate, *duration)
		timed.reset()
		cpu0 := core.ProcessCPU()
		lr := openLoop(ctx, sc.Rate, *duration, *grace, *workers, sc.newWorker)
		if err := ctx.Err(); err != nil {
			return err
		}
		res := lr.result(sc)
		res.CPUSeconds = (core.ProcessCPU() - cpu0).Seconds()
		if lr.answered > 0 {
			res.CPUmsPerRequest = res.CPUSeconds * 1000 / float64(lr.answered)
		}
		res.ServerP50ms, res.ServerP99ms = timed.quantiles()
		allPass = allPass && res.Pass
		results = append(results, res)
	}
	out["scenarios"] = results
	out["pass"] = allPass
	out["loadavg_before"], out["loadavg_after"] = load0, loadAvg()
	if e.json {
		return e.printJSON(out)
	}
	printHTTPResults(e.stdout, results)
	fmt.Fprintf(e.stdout, "%d CPUs, load average %s before and %s after the scenarios\n", runtime.NumCPU(), load0, loadAvg())
	return nil
}

// benchHTTPData opens the work database, reusing it when it holds exactly
// n customers and a finished run, or generating it: metrics.Synthetic
// stored through core, then one classification run.
func benchHTTPData(ctx context.Context, cfg config.Config, n, linesPer int, say func(string, ...any)) (*app.App, bool, error) {
	if _, err := os.Stat(cfg.DB); err == nil {
		a, err := app.Open(ctx, cfg)
		if err != nil {
			return nil, false, err
		}
		counts, err := a.Store.Counts(ctx)
		if err == nil && counts["customers"] == int64(n) {
			// A run classifies the customers registered by its as-of date.
			if run, _, err := a.Store.LatestRun(ctx); err == nil && run.Customers > 0 && checkSyntheticIDs(ctx, a.Store, n) == nil {
				return a, true, nil
			}
		}
		a.Close()
		say("%s does not hold %d classified customers: generating it again\n", cfg.DB, n)
	}
	freshDB(&cfg, filepath.Dir(cfg.DB), benchHTTPDB)
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return nil, false, err
	}
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	t0 := time.Now()
	in := metrics.Synthetic(n, n*linesPer, 1, asOf)
	if err := a.Core.StoreSynthetic(ctx, in); err != nil {
		a.Close()
		return nil, false, err
	}
	in = nil
	runtime.GC()
	say("  generated and stored %d customers, %d order lines in %.1fs\n", n, n*linesPer, time.Since(t0).Seconds())
	t0 = time.Now()
	if _, err := a.Core.Classify(ctx, core.ClassifyOptions{AsOf: asOf}); err != nil {
		a.Close()
		return nil, false, err
	}
	runtime.GC()
	say("  classified in %.1fs\n", time.Since(t0).Seconds())
	if err := checkSyntheticIDs(ctx, a.Store, n); err != nil {
		a.Close()
		return nil, false, err
	}
	return a, false, nil
}

// syntheticCustomerID is the external id metrics.Synthetic gives customer i.
func syntheticCustomerID(i int) string {
	b := make([]byte, 0, 8)
	b = append(b, 'C')
	s := strconv.Itoa(i)
	for range 7 - len(s) {
		b = append(b, '0')
	}
	return string(append(b, s...))
}

// checkSyntheticIDs makes sure the random ids the scenarios ask for exist.
func checkSyntheticIDs(ctx context.Context, st *store.Store, n int) error {
	for _, i := range []int{0, n - 1} {
		if _, err := st.Customer(ctx, syntheticCustomerID(i)); err != nil {
			return fmt.Errorf("synthetic customer ids are not C%%07d (customer %d): %w", i, err)
		}
	}
	return nil
}

// benchUser creates or resets a user with this role and password.
func benchUser(ctx context.Context, a *app.App, name string, role auth.Role, password string) error {
	u, err := a.Store.UserByName(ctx, name)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return a.Core.AddUser(ctx, "bench", name, name, role, password)
	case err != nil:
		return err
	case u.Role != string(role) || u.Disabled:
		return fmt.Errorf("user %s exists with role %s (disabled %v); bench http needs role %s", name, u.Role, u.Disabled, role)
	}
	return a.Core.SetPassword(ctx, "bench", name, password)
}

func benchPassword() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ownedCustomers lists the external ids of the customers owner owns (not
// the pool), through the store's scoped list.
func ownedCustomers(ctx context.Context, st *store.Store, owner string) ([]string, error) {
	var ids []string
	after := ""
	for {
		cs, err := st.ListCustomers(ctx, store.CustomerScope{Owners: []string{owner}}, after, 500)
		if err != nil {
			return nil, err
		}
		for i := range cs {
			ids = append(ids, cs[i].ID)
		}
		if len(cs) < 500 {
			return ids, nil
		}
		after = cs[len(cs)-1].ID
	}
}

// schemeClasses returns the class keys of an active scheme.
func schemeClasses(ctx context.Context, svc *core.Service, name string) ([]string, error) {
	schemes, _, err := svc.ActiveSchemes(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range schemes {
		if s.Name == name {
			var keys []string
			for _, c := range s.Classes {
				keys = append(keys, c.Key)
			}
			return keys, nil
		}
	}
	return nil, fmt.Errorf("scheme %s is not active: %w", name, model.ErrNotFound)
}

// benchLogin logs in over HTTP and returns the session cookie header.
func benchLogin(ctx context.Context, c *http.Client, base, name, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"name": name, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/login", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login %s: HTTP %d", name, resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == httpapi.SessionCookie {
			return (&http.Cookie{Name: ck.Name, Value: ck.Value}).String(), nil
		}
	}
	return "", fmt.Errorf("login %s: no %s cookie", name, httpapi.SessionCookie)
}

// nextOnly takes the "next" of a list page without decoding the items, so
// that the load generator spends little of the CPU it shares with the
// server: the encoder writes next after items, and a key inside a string
// value would have its quotes escaped.
type nextOnly string

func (n *nextOnly) read(body []byte) error {
	*n = ""
	key := []byte(`"next":`)
	i := bytes.LastIndex(body, key)
	if i < 0 {
		return nil // the last page
	}
	var s string
	dec := json.NewDecoder(bytes.NewReader(body[i+len(key):]))
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("next: %w", err)
	}
	*n = nextOnly(s)
	return nil
}

type listPage struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
	Next string `json:"next"`
}

// benchGet sends one GET with the cookie and reads the whole body (into
// into, if not nil), so that the connection is reused.
func benchGet(ctx context.Context, c *http.Client, u, cookie string, into any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Cookie", cookie)
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if n, ok := into.(*nextOnly); ok && resp.StatusCode/100 == 2 {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return resp.StatusCode, err
		}
		return resp.StatusCode, n.read(body)
	}
	if into != nil && resp.StatusCode/100 == 2 {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			return resp.StatusCode, fmt.Errorf("decode: %w", err)
		}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// ListContract records whether the server honours the list filters and
// the cursor of the contract (it ignores unknown parameters).
type ListContract struct {
	FilterApplied  bool   `json:"filter_applied"`
	CursorFollowed bool   `json:"cursor_followed"`
	Class          string `json:"probed_class"`
	FirstPage      int    `json:"first_page_items"`
}

func probeListContract(ctx context.Context, c *http.Client, base, cookie string, classes []string) (ListContract, error) {
	var pc ListContract
	var all listPage
	if st, err := benchGet(ctx, c, base+"/api/v1/customers?limit=50", cookie, &all); err != nil || st != 200 {
		return pc, fmt.Errorf("probe list: HTTP %d: %v", st, err)
	}
	ids := func(p listPage) []string {
		var s []string
		for _, it := range p.Items {
			s = append(s, it.ID)
		}
		return s
	}
	for _, cl := range classes {
		var p1, p2 listPage
		q := url.Values{"limit": {"50"}, "scheme": {"value_tier"}, "class": {cl}}
		st, err := benchGet(ctx, c, base+"/api/v1/customers?"+q.Encode(), cookie, &p1)
		if err != nil || st/100 != 2 {
			return pc, fmt.Errorf("probe filtered list (class %s): HTTP %d: %v", cl, st, err)
		}
		if len(p1.Items) == 0 || p1.Next == "" {
			continue // too small a class to tell
		}
		pc.Class, pc.FirstPage = cl, len(p1.Items)
		pc.FilterApplied = !slices.Equal(ids(p1), ids(all))
		q.Set("cursor", p1.Next)
		st, err = benchGet(ctx, c, base+"/api/v1/customers?"+q.Encode(), cookie, &p2)
		if err != nil || st/100 != 2 {
			return pc, fmt.Errorf("probe cursor (class %s): HTTP %d: %v", cl, st, err)
		}
		pc.CursorFollowed = len(p2.Items) > 0 && !slices.Contains(ids(p1), p2.Items[0].ID)
		break
	}
	return pc, nil
}

// loadRun is the raw outcome of one open-loop run.
type loadRun struct {
	scheduled int
	lat       []time.Duration // one per scheduled request, errors included
	errs      map[string]int
	elapsed   time.Duration // from the first scheduled send to the last answer
	answered  int
}

// openLoop sends requests at fixed intervals for d: request i is due at
// start + i/rate whatever happened to the ones before it, and its latency
// is measured from that due time, so a stalled server shows up in the
// percentiles instead of slowing the schedule down (no coordinated
// omission). A bounded pool of workers sends them; a request due while
// every worker is busy waits in the queue, and its wait counts. The
// schedule ends at d; what is still outstanding grace later is cancelled
// and counted as an error.
func openLoop(ctx context.Context, rate float64, d, grace time.Duration, workers int, newWorker func(uint64) func(context.Context) (int, error)) *loadRun {
	total := int(math.Round(rate * d.Seconds()))
	interval := float64(time.Second) / rate
	start := time.Now().Add(10 * time.Millisecond)
	hctx, cancel := context.WithDeadline(ctx, start.Add(d+grace))
	defer cancel()
	due := make(chan time.Time, total)
	type rec struct {
		lat  []time.Duration
		errs map[string]int
		last time.Time
		ok   int
	}
	recs := make([]rec, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := newWorker(uint64(w)*7919 + uint64(start.UnixNano()))
			r := &recs[w]
			r.errs = map[string]int{}
			for t := range due {
				if hctx.Err() != nil {
					r.lat = append(r.lat, time.Since(t))
					r.errs["not_sent_by_hard_stop"]++
					continue
				}
				st, err := do(hctx)
				now := time.Now()
				r.lat = append(r.lat, now.Sub(t))
				switch {
				case err != nil && hctx.Err() != nil:
					r.errs["cancelled_at_hard_stop"]++
				case err != nil && isTimeout(err):
					r.errs["timeout"]++
				case err != nil:
					r.errs["transport"]++
				case st/100 != 2:
					r.errs["http_"+strconv.Itoa(st)]++
				}
				if err == nil || hctx.Err() == nil {
					r.ok++
					r.last = now
				}
			}
		}()
	}
	timer := time.NewTimer(time.Hour)
	sent := 0
schedule:
	for i := range total {
		t := start.Add(time.Duration(float64(i) * interval))
		if wait := time.Until(t); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-hctx.Done():
				break schedule
			}
		}
		due <- t
		sent++
	}
	timer.Stop()
	close(due)
	wg.Wait()
	lr := &loadRun{scheduled: sent, errs: map[string]int{}}
	var last time.Time
	for _, r := range recs {
		lr.lat = append(lr.lat, r.lat...)
		for k, v := range r.errs {
			lr.errs[k] += v
		}
		lr.answered += r.ok
		if r.last.After(last) {
			last = r.last
		}
	}
	lr.elapsed = max(last.Sub(start), time.Duration(float64(max(sent-1, 0))*interval))
	return lr
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (lr *loadRun) result(sc httpScenario) ScenarioResult {
	rate := sc.Rate
	slices.Sort(lr.lat)
	q := func(p float64) float64 { return quantileMS(lr.lat, p) }
	res := ScenarioResult{Name: sc.Name, Request: sc.Desc, TargetRate: rate, Requests: lr.scheduled, Answered: lr.answered, ErrorsBy: lr.errs,
		P50ms: q(0.50), P90ms: q(0.90), P99ms: q(0.99), P999ms: q(0.999), Maxms: q(1), GoalP99ms: float64(sc.Goal) / 1e6,
		Seconds: lr.elapsed.Seconds()}
	for _, v := range lr.errs {
		res.Errors += v
	}
	if len(res.ErrorsBy) == 0 {
		res.ErrorsBy = nil
	}
	if lr.elapsed > 0 {
		res.AchievedRPS = float64(lr.answered) / lr.elapsed.Seconds()
	}
	// The goal holds at the rate: p99 under the goal, no error, and the
	// requests answered at (nearly) the target rate.
	res.Pass = res.Requests > 0 && res.Errors == 0 && res.P99ms < res.GoalP99ms && res.AchievedRPS >= 0.95*rate
	return res
}

func printHTTPResults(w io.Writer, rs []ScenarioResult) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trequests\treq/s\terrors\tp50 ms\tp90 ms\tp99 ms\tp99.9 ms\tmax ms\tgoal p99\tresult\tserver p50/p99 ms\tCPU ms/req\t")
	for _, r := range rs {
		verdict := "PASS"
		if !r.Pass {
			verdict = "FAIL"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t< %.0f ms\t%s\t%.2f / %.2f\t%.2f\t\n", r.Name, r.Requests, r.AchievedRPS, r.Errors,
			r.P50ms, r.P90ms, r.P99ms, r.P999ms, r.Maxms, r.GoalP99ms, verdict, r.ServerP50ms, r.ServerP99ms, r.CPUmsPerRequest)
	}
	tw.Flush()
	for _, r := range rs {
		if r.Errors > 0 {
			keys := make([]string, 0, len(r.ErrorsBy))
			for k := range r.ErrorsBy {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s %d", k, r.ErrorsBy[k]))
			}
			fmt.Fprintf(w, "%s errors: %s\n", r.Name, strings.Join(parts, ", "))
		}
	}
	fmt.Fprintln(w, "latency from the scheduled send time (open loop); goal: p99 under the goal, 0 errors, ≥95% of the target rate")
	fmt.Fprintln(w, "server = handler time only; CPU = the whole process (server + load generator) per request")
}
