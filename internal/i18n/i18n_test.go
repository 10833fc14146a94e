package i18n

import (
	"strings"
	"testing"
)

func TestEveryKeyHasBothLanguages(t *testing.T) {
	for _, k := range Keys() {
		en, zh := Has(k)
		if !en || !zh {
			t.Errorf("key %q: en=%v zh=%v", k, en, zh)
		}
		e, z := catalog[k].en, catalog[k].zh
		if strings.Count(e, "%") != strings.Count(z, "%") {
			t.Errorf("key %q: en and zh take different arguments:\n%s\n%s", k, e, z)
		}
	}
}

func TestFallbacks(t *testing.T) {
	if got := T(ZH, "export_done", 3, "orders", "x.csv"); !strings.Contains(got, "已导出 3") {
		t.Errorf("zh: %q", got)
	}
	if got := T("fr", "export_done", 3, "orders", "x.csv"); !strings.HasPrefix(got, "3 orders") {
		t.Errorf("unknown language falls back to English: %q", got)
	}
	if got := T(EN, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}
