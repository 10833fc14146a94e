package classify

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Reason explains one assignment: the inputs and thresholds that decided
// it, machine-readable (Inputs) and as text in both languages.
type Reason struct {
	Class  string             `json:"class"`
	Inputs map[string]float64 `json:"inputs,omitempty"`
	Zh     string             `json:"zh"`
	En     string             `json:"en"`
}

// Text returns the reason in lang.
func (r Reason) Text(lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return r.Zh
	}
	return r.En
}

// num formats a metric value for a reason: integers plainly, others with
// up to two decimals; "—" for missing.
func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatInt(int64(v), 10)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// money formats an amount in major units with a ¥ sign and thousands
// separators.
func money(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(v), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-¥" + b.String()
	}
	return "¥" + b.String()
}

func inputs(kv ...any) map[string]float64 {
	m := map[string]float64{}
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1].(float64)
		if !math.IsNaN(v) {
			m[kv[i].(string)] = v
		}
	}
	return m
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
