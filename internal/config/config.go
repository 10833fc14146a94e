// Package config defines Strata's settings as an option table: each key has
// a default, an environment variable, a validator and help text. A Config is
// a plain value parsed once and passed down; there are no globals.
package config

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"strata/internal/store"
)

// Config is the resolved configuration.
type Config struct {
	DB         string // SQLite path or postgres:// DSN
	TimeZone   string // business time zone for day boundaries
	Lang       string // "zh-CN" or "en"
	SyncNormal bool   // SQLite synchronous=NORMAL instead of FULL
	// PremiumCategories are product categories whose spend counts as
	// premium in the premium_share metric.
	PremiumCategories []string
	// MemoryLimitMB is the Go heap's soft limit in MiB (0 = none); the
	// GOMEMLIMIT environment variable, when set, wins.
	MemoryLimitMB int
	// Key is the field-encryption master key, base64 of 32 bytes, from the
	// STRATA_KEY environment variable only (never a flag: command lines
	// are visible to other users). When set it wins over the key file.
	Key string
	// KeyFile holds the field-encryption keys; "" means the default (see
	// KeyFilePath).
	KeyFile string
}

// EnvKey names the environment variable holding the master key.
const EnvKey = "STRATA_KEY"

// Option describes one setting.
type Option struct {
	Key     string // flag name
	Env     string
	Default string
	Secret  bool
	Help    string
	set     func(*Config, string) error
	get     func(*Config) string
}

// Options is the table of every setting.
var Options = []Option{
	{Key: "db", Env: "STRATA_DB", Default: "strata.db", Secret: true,
		Help: "database: a SQLite file path or a postgres:// DSN",
		set:  func(c *Config, v string) error { c.DB = v; return nil }, get: func(c *Config) string { return c.DB }},
	{Key: "tz", Env: "STRATA_TZ", Default: "Asia/Shanghai",
		Help: "business time zone (IANA name) for day boundaries and zone-less times",
		set:  func(c *Config, v string) error { c.TimeZone = v; return nil }, get: func(c *Config) string { return c.TimeZone }},
	{Key: "lang", Env: "STRATA_LANG", Default: "",
		Help: "message language: zh-CN or en (default from LANG)",
		set:  func(c *Config, v string) error { c.Lang = v; return nil }, get: func(c *Config) string { return c.Lang }},
	{Key: "sqlite-sync-normal", Env: "STRATA_SQLITE_SYNC_NORMAL", Default: "false",
		Help: "SQLite synchronous=NORMAL (faster; may lose the last commits on power loss)",
		set: func(c *Config, v string) error {
			switch strings.ToLower(v) {
			case "1", "true", "yes", "on":
				c.SyncNormal = true
			case "0", "false", "no", "off", "":
				c.SyncNormal = false
			default:
				return fmt.Errorf("want true or false, got %q", v)
			}
			return nil
		}, get: func(c *Config) string { return fmt.Sprint(c.SyncNormal) }},
	{Key: "memory-limit-mb", Env: "STRATA_MEMORY_LIMIT_MB", Default: "1200",
		Help: "soft limit of the Go heap in MiB, so that a 1M-customer run stays near 1.5 GB (0 = none; GOMEMLIMIT wins)",
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("want a number of MiB, got %q", v)
			}
			c.MemoryLimitMB = n
			return nil
		}, get: func(c *Config) string { return strconv.Itoa(c.MemoryLimitMB) }},
	{Key: "key-file", Env: "STRATA_KEY_FILE", Default: "",
		Help: "field-encryption key file, created (mode 0600) on first use; default <db>.key beside a SQLite file, strata.key for PostgreSQL; STRATA_KEY (base64 of 32 bytes) wins",
		set:  func(c *Config, v string) error { c.KeyFile = v; return nil }, get: func(c *Config) string { return c.KeyFile }},
	{Key: "premium-categories", Env: "STRATA_PREMIUM_CATEGORIES", Default: "",
		Help: "comma-separated product categories counted as premium",
		set: func(c *Config, v string) error {
			c.PremiumCategories = nil
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					c.PremiumCategories = append(c.PremiumCategories, p)
				}
			}
			return nil
		}, get: func(c *Config) string { return strings.Join(c.PremiumCategories, ",") }},
}

// Load builds a Config from defaults, then the environment, then the given
// flag values (key -> value, only flags the user set).
func Load(getenv func(string) string, flags map[string]string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var c Config
	for _, o := range Options {
		v := o.Default
		if e := getenv(o.Env); e != "" {
			v = e
		}
		if f, ok := flags[o.Key]; ok {
			v = f
		}
		if err := o.set(&c, v); err != nil {
			return c, fmt.Errorf("setting %s: %w", o.Key, err)
		}
	}
	if c.Lang == "" {
		c.Lang = langFromEnv(getenv)
	}
	c.Key = getenv(EnvKey)
	return c, c.Validate()
}

func langFromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh-CN"
			}
			return "en"
		}
	}
	return "en"
}

// Validate checks every setting.
func (c Config) Validate() error {
	if c.DB == "" {
		return fmt.Errorf("setting db: must not be empty")
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		return fmt.Errorf("setting tz: unknown time zone %q", c.TimeZone)
	}
	switch c.Lang {
	case "zh-CN", "en":
	default:
		return fmt.Errorf("setting lang: want zh-CN or en, got %q", c.Lang)
	}
	return nil
}

// KeyFilePath returns the key file to use: the configured one, else
// "<db>.key" beside a SQLite file, else strata.key in the working directory
// (PostgreSQL).
func (c Config) KeyFilePath() string {
	switch {
	case c.KeyFile != "":
		return c.KeyFile
	case strings.HasPrefix(c.DB, "postgres://"), strings.HasPrefix(c.DB, "postgresql://"):
		return "strata.key"
	}
	path := strings.TrimPrefix(c.DB, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path + ".key"
}

// Location returns the business time zone.
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Dump lists every setting as key=value with secrets masked.
func (c Config) Dump() []string {
	var out []string
	for _, o := range Options {
		v := o.get(&c)
		if o.Secret {
			v = store.RedactDSN(v)
		}
		out = append(out, o.Key+"="+v)
	}
	if c.Key != "" {
		out = append(out, "key=xxxxx ("+EnvKey+")")
	}
	sort.Strings(out)
	return out
}
