package config

import (
	"strings"
	"testing"
)

func TestLoadPrecedenceAndValidation(t *testing.T) {
	env := map[string]string{"STRATA_DB": "env.db", "STRATA_TZ": "UTC", "LANG": "zh_CN.UTF-8"}
	get := func(k string) string { return env[k] }
	c, err := Load(get, nil)
	if err != nil || c.DB != "env.db" || c.TimeZone != "UTC" || c.Lang != "zh-CN" {
		t.Fatalf("env: %+v %v", c, err)
	}
	c, err = Load(get, map[string]string{"db": "flag.db", "lang": "en"})
	if err != nil || c.DB != "flag.db" || c.Lang != "en" {
		t.Fatalf("flags win: %+v %v", c, err)
	}
	c, err = Load(func(string) string { return "" }, nil)
	if err != nil || c.DB != "strata.db" || c.TimeZone != "Asia/Shanghai" || c.Lang != "en" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	for name, flags := range map[string]map[string]string{
		"bad tz":   {"tz": "Mars/Base"},
		"bad lang": {"lang": "fr"},
		"empty db": {"db": ""},
		"bad bool": {"sqlite-sync-normal": "perhaps"},
	} {
		if _, err := Load(get, flags); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDumpMasksSecrets(t *testing.T) {
	c := Config{DB: "postgres://app:hunter2@db:5432/strata", TimeZone: "UTC", Lang: "en"}
	d := strings.Join(c.Dump(), "\n")
	if strings.Contains(d, "hunter2") || !strings.Contains(d, "db=postgres://app:xxxxx@db:5432/strata") {
		t.Fatalf("dump: %s", d)
	}
}

func TestKeyFilePathAndKeyFromEnvOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"beside sqlite", map[string]string{"STRATA_DB": "/data/strata.db"}, "/data/strata.db.key"},
		{"sqlite uri", map[string]string{"STRATA_DB": "file:/data/x.db?mode=rwc"}, "/data/x.db.key"},
		{"postgres", map[string]string{"STRATA_DB": "postgres://u:p@h/db"}, "strata.key"},
		{"explicit", map[string]string{"STRATA_DB": "/data/strata.db", "STRATA_KEY_FILE": "/etc/strata/keys"}, "/etc/strata/keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tc.env[k] }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.KeyFilePath(); got != tc.want {
				t.Errorf("KeyFilePath() = %q, want %q", got, tc.want)
			}
		})
	}
	c, err := Load(func(k string) string {
		if k == EnvKey {
			return "c2VjcmV0LWtleS1tYXRlcmlhbA=="
		}
		return ""
	}, nil)
	if err != nil || c.Key == "" {
		t.Fatalf("%v %v", c.Key, err)
	}
	for _, line := range c.Dump() {
		if strings.Contains(line, "c2VjcmV0") {
			t.Errorf("Dump shows the key: %s", line)
		}
	}
	for _, o := range Options {
		if o.Key == "key" {
			t.Error("the key must not be a flag")
		}
	}
}
