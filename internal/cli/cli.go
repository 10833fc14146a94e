// Package cli implements the strata subcommands: flags, progress, tables
// and --json output. It turns errors into messages and exit codes; the work
// itself happens in core.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"strata/internal/app"
	"strata/internal/config"
	"strata/internal/i18n"
	"strata/internal/model"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitInvalid = 3 // the input data is invalid (e.g. an import with bad rows)
)

// Version is set at build time with -ldflags "-X strata/internal/cli.Version=…".
var Version = "dev"

// env is what every command gets.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	p              i18n.Printer
	json           bool
	getenv         func(string) string
}

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "strata demo [--customers N] [--seed S] [--force]", runDemo},
		{"import", "strata import customers|orders|interactions|surveys|tickets FILE [--map field=Header] [--skip-invalid] [--dry-run] [--report FILE] [--rejects FILE]", runImport},
		{"export", "strata export customers|orders|interactions|surveys|tickets --out FILE [--format csv|xlsx]", runExport},
		{"status", "strata status", runStatus},
		{"clv", "strata clv fit --as-of YYYY-MM-DD [--model bgnbd|pareto|gammagamma] [--unit days|weeks] [--holdout-end YYYY-MM-DD]", runCLV},
		{"classify", "strata classify [--as-of YYYY-MM-DD] [--scheme NAME,…]", runClassify},
		{"runs", "strata runs [show RUN]", runRuns},
		{"migrations", "strata migrations --scheme NAME [--from RUN] [--to RUN]", runMigrations},
		{"history", "strata history CUSTOMER_ID [--scheme NAME]", runHistory},
		{"scheme", "strata scheme list | show NAME | export NAME | apply FILE | enable NAME | disable NAME", runScheme},
		{"validate", "strata validate --as-of YYYY-MM-DD --holdout-end YYYY-MM-DD [--unit days|weeks]", runValidate},
		{"cluster", "strata cluster [--as-of YYYY-MM-DD] [--k N] [--features …] [--seed S] [--explain]", runCluster},
		{"tree", "strata tree --tag TAG [--as-of YYYY-MM-DD] [--features …] [--depth N]", runTree},
		{"serve", "strata serve [--addr 127.0.0.1:8080]", runServe},
		{"user", "strata user add NAME --role ROLE | list | disable NAME | enable NAME | passwd NAME", runUser},
		{"privacy", "strata privacy export CUSTOMER_ID [--out FILE] | erase CUSTOMER_ID --yes", runPrivacy},
		{"consent", "strata consent CUSTOMER_ID --purpose marketing --grant|--withdraw", runConsent},
		{"audit", "strata audit verify | list", runAudit},
		{"token", "strata token add NAME --user USER [--role ROLE] [--days N] | list | revoke ID", runToken},
		{"key", "strata key rotate [--drop-old]", runKey},
		{"backup", "strata backup --out FILE", runBackup},
		{"bench", "strata bench import [--rows N] [--sqlite3 PATH] | classify [--customers N] | http [--customers N] [--rate R] [--duration D]", runBench},
		{"version", "strata version", runVersion},
	}
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Run executes the command line and returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(args, stdin, stdout, stderr, os.Getenv)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, _ := config.Load(getenv, nil)
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, p: i18n.Printer{Lang: cfg.Lang}, getenv: getenv}
	if cfg.Lang == "" {
		e.p.Lang = i18n.EN
	}
	if len(args) < 2 || args[1] == "help" || args[1] == "-h" || args[1] == "--help" {
		fmt.Fprint(stdout, e.p.T("usage"))
		if len(args) < 2 {
			return exitUsage
		}
		return exitOK
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, c := range commands() {
		if c.name != args[1] {
			continue
		}
		err := c.run(ctx, e, args[2:])
		return e.exit(err)
	}
	fmt.Fprintln(stderr, e.p.T("unknown_command", args[1]))
	return exitUsage
}

// exit prints err (if any) once and maps it to an exit code.
func (e *env) exit(err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var quiet silent
	if e.json && !errors.As(err, &quiet) {
		json.NewEncoder(e.stdout).Encode(map[string]string{"error": err.Error()})
	}
	fmt.Fprintln(e.stderr, e.p.T("error", err))
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, model.ErrInvalid):
		return exitInvalid
	}
	return exitFailure
}

// flagSet is a command's flags plus the global ones.
type flagSet struct {
	*flag.FlagSet
	e    *env
	glob map[string]*string
	json *bool
}

func newFlags(e *env, name, usage string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	f := &flagSet{FlagSet: fs, e: e, glob: map[string]*string{}}
	for _, o := range config.Options {
		f.glob[o.Key] = fs.String(o.Key, "", o.Help+" (default "+orNone(o.Default)+", env "+o.Env+")")
	}
	f.json = fs.Bool("json", false, "machine-readable JSON output")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return f
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// parse accepts flags before, between and after positional arguments and
// returns the positional ones.
func (f *flagSet) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = f.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	f.e.json = *f.json
	return pos, nil
}

// config resolves the configuration from the environment and the flags the
// user set.
func (f *flagSet) config() (config.Config, error) {
	set := map[string]string{}
	f.Visit(func(fl *flag.Flag) {
		if p, ok := f.glob[fl.Name]; ok {
			set[fl.Name] = *p
		}
	})
	cfg, err := config.Load(f.e.getenv, set)
	if err != nil {
		return cfg, &usageError{err.Error()}
	}
	f.e.p.Lang = cfg.Lang
	return cfg, nil
}

// open resolves the configuration and opens the application.
func (f *flagSet) open(ctx context.Context) (*app.App, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg)
}

// printJSON writes v as indented JSON to stdout.
func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runVersion(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "version", "strata version")
	if _, err := f.parse(args); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]string{"version": Version})
	}
	fmt.Fprintln(e.stdout, "strata", Version)
	return nil
}

func runStatus(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "status", "strata status")
	if _, err := f.parse(args); err != nil {
		return err
	}
	a, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.Store.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	n, err := a.Store.Counts(ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"database": a.Store.Redacted(), "dialect": a.Store.Dialect(), "schema_version": v, "counts": n, "config": a.Config.Dump()})
	}
	fmt.Fprintln(e.stdout, e.p.T("status_db", a.Store.Redacted(), a.Store.Dialect(), v))
	fmt.Fprintln(e.stdout, e.p.T("status_counts", n["customers"], n["orders"], n["interactions"], n["surveys"], n["tickets"]))
	return nil
}
