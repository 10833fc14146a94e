// Package i18n holds the zh-CN and en message catalogs shared by the CLI and
// the web UI. Keys are stable English identifiers; a missing translation
// falls back to English, and a missing key shows the key itself so that the
// gap is visible rather than silent.
package i18n

import "fmt"

// Languages supported by the catalogs.
const (
	EN = "en"
	ZH = "zh-CN"
)

type entry struct{ en, zh string }

var catalog = map[string]entry{}

func add(m map[string]entry) {
	for k, v := range m {
		if _, dup := catalog[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		catalog[k] = v
	}
}

// T formats the message key in lang with fmt-style args.
func T(lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		// Not a printf wrapper on purpose: keys are not formats.
		return key + fmt.Sprint(args...)
	}
	f := e.en
	if lang == ZH && e.zh != "" {
		f = e.zh
	}
	return fmt.Sprintf(f, args...)
}

// Printer binds a language.
type Printer struct{ Lang string }

// T formats key in the printer's language.
func (p Printer) T(key string, args ...any) string { return T(p.Lang, key, args...) }

// Keys lists every key, for completeness tests.
func Keys() []string {
	ks := make([]string, 0, len(catalog))
	for k := range catalog {
		ks = append(ks, k)
	}
	return ks
}

// Has reports whether both languages define key.
func Has(key string) (en, zh bool) {
	e, ok := catalog[key]
	return ok && e.en != "", ok && e.zh != ""
}
