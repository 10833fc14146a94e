package ingest

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"strata/internal/model"
)

// Reasons shared by the numeric parsers. They read as the end of a sentence
// whose subject is the field ("amount is not a number").
var (
	errEmpty           = errors.New("is empty")
	errNotNumber       = errors.New("is not a number")
	errThousands       = errors.New("has misplaced thousands separators (want 1,234,567.89)")
	errOverflow        = errors.New("is too large")
	errTooManyDecimals = errors.New("has more decimal places than allowed")
	errNotInteger      = errors.New("is not a whole number")
)

// decimal is an exact decimal number: ±mant / 10^scale.
type decimal struct {
	mant  uint64
	scale int
	neg   bool
}

var pow10 = [...]uint64{1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// parseDecimal parses an optional sign, digits with optional thousands
// commas (groups of exactly three), and an optional fraction after '.'.
// Trailing zeros of the fraction do not count against maxScale, so
// "12.500000" is 12.5. The input must already be cleaned (FoldWidth,
// TrimCell); no exponents, no NaN, no Inf.
func parseDecimal(s string, maxScale int) (decimal, error) {
	var d decimal
	if s == "" {
		return d, errEmpty
	}
	switch s[0] {
	case '-':
		d.neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return d, errNotNumber
	}
	// Integer part, with optional thousands separators.
	group, sawComma := 0, false
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c == ',' {
			if i == 0 || (sawComma && group != 3) || (!sawComma && group > 3) {
				return d, errThousands
			}
			sawComma, group = true, 0
			continue
		}
		if c < '0' || c > '9' {
			return d, errNotNumber
		}
		group++
		hi, lo := bits.Mul64(d.mant, 10)
		lo, carry := bits.Add64(lo, uint64(c-'0'), 0)
		if hi != 0 || carry != 0 {
			return d, errOverflow
		}
		d.mant = lo
	}
	if sawComma && group != 3 {
		return d, errThousands
	}
	// Fraction: drop trailing zeros first.
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if len(frac) > maxScale {
		for i := 0; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return d, errNotNumber
			}
		}
		return d, errTooManyDecimals
	}
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return d, errNotNumber
		}
		hi, lo := bits.Mul64(d.mant, 10)
		lo, carry := bits.Add64(lo, uint64(c-'0'), 0)
		if hi != 0 || carry != 0 {
			return d, errOverflow
		}
		d.mant = lo
	}
	d.scale = len(frac)
	if d.mant == 0 {
		d.neg = false
	}
	return d, nil
}

// roundHalfEven returns mant / 10^drop rounded half to even.
func roundHalfEven(mant uint64, drop int) uint64 {
	if drop == 0 {
		return mant
	}
	div := pow10[drop]
	q, r := mant/div, mant%div
	half := div / 2
	if r > half || (r == half && q%2 == 1) {
		q++
	}
	return q
}

// toMoney converts d to minor units (two decimals), rounding half to even.
func (d decimal) toMoney() (model.Money, error) {
	var v uint64
	if d.scale <= 2 {
		hi, lo := bits.Mul64(d.mant, pow10[2-d.scale])
		if hi != 0 {
			return 0, errOverflow
		}
		v = lo
	} else {
		v = roundHalfEven(d.mant, d.scale-2)
	}
	if v > math.MaxInt64 {
		return 0, errOverflow
	}
	if d.neg {
		return model.Money(-int64(v)), nil
	}
	return model.Money(v), nil
}

// float returns d as the nearest float64.
func (d decimal) float() float64 {
	var f float64
	if d.mant < 1<<53 && d.scale < len(pow10) {
		// Both operands are exact, so the one division is correctly rounded.
		f = float64(d.mant) / float64(pow10[d.scale])
	} else {
		f, _ = strconv.ParseFloat(strconv.FormatUint(d.mant, 10)+"e-"+strconv.Itoa(d.scale), 64)
	}
	if d.neg {
		return -f
	}
	return f
}

// mulMoney returns m × q exactly, rounded half to even to minor units.
func mulMoney(m model.Money, q decimal) (model.Money, error) {
	neg := q.neg
	a := uint64(m)
	if m < 0 {
		neg = !neg
		a = uint64(-m)
	}
	hi, lo := bits.Mul64(a, q.mant)
	div := pow10[q.scale]
	if hi >= div {
		return 0, errOverflow
	}
	quo, rem := bits.Div64(hi, lo, div)
	if half := div / 2; q.scale > 0 && (rem > half || (rem == half && quo%2 == 1)) {
		quo++
	}
	if quo > math.MaxInt64 {
		return 0, errOverflow
	}
	if neg {
		return model.Money(-int64(quo)), nil
	}
	return model.Money(quo), nil
}

// MaxMoneyDecimals is the most decimal places ParseMoney accepts (after
// dropping trailing zeros). Amounts with 3 or 4 places (unit prices from
// some ERPs) are rounded half to even to cents; more places mean the
// column is probably not money, or carries float noise, and are rejected.
const MaxMoneyDecimals = 4

// ParseMoney parses a money amount exactly, without going through float64.
// It accepts "1234.5", "1,234.50", "-12.3", "+7", ".5", accounting negatives
// "(12.30)", full-width digits, and a currency sign or code before or after
// the number: ¥ ￥ $ € £ US$ HK$ RMB CNY USD 人民币 元. Thousands separators
// must group by three. At most MaxMoneyDecimals decimals; 3 or 4 are rounded
// half to even to two. Empty text, "1.2.3", "abc", "NaN", "1e3" and values
// beyond model.Money's range are errors.
func ParseMoney(s string) (model.Money, error) {
	if m, ok := fastMoney(s); ok {
		return m, nil
	}
	s = cleanValue(s)
	if s == "" {
		return 0, errEmpty
	}
	neg, body, err := stripMoneyDecorations(s)
	if err != nil {
		return 0, err
	}
	if body == "" {
		return 0, errNotNumber
	}
	d, err := parseDecimal(body, MaxMoneyDecimals)
	if err != nil {
		return 0, err
	}
	if body != "" && (body[0] == '-' || body[0] == '+') {
		return 0, errNotNumber // the sign was handled already; a second one is wrong
	}
	if neg && d.mant != 0 {
		d.neg = true
	}
	return d.toMoney()
}

// fastMoney handles the common plain form [-]digits[.d[d]] in one pass.
func fastMoney(s string) (model.Money, bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	if i == len(s) || len(s)-i > 16 {
		return 0, false
	}
	var v int64
	digits, fracDigits, dot := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			digits++
			if dot {
				fracDigits++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || fracDigits > 2 {
		return 0, false
	}
	for ; fracDigits < 2; fracDigits++ {
		v *= 10
	}
	if neg {
		v = -v
	}
	return model.Money(v), true
}

var moneyPrefixes = []string{"人民币", "RMB", "CNY", "USD", "US$", "HK$", "$", "¥", "￥", "€", "£"}
var moneySuffixes = []string{"人民币", "RMB", "CNY", "USD", "元", "¥", "￥", "$"}

// stripMoneyDecorations removes one sign, one pair of accounting
// parentheses and one currency marker on each side, in any sensible order,
// and returns the bare number and whether it is negative.
func stripMoneyDecorations(s string) (neg bool, body string, err error) {
	sign, paren, prefix := false, false, false
	for {
		switch {
		case !paren && len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')':
			paren = true
			s = TrimCell(s[1 : len(s)-1])
			continue
		case !sign && !paren && s != "" && (s[0] == '-' || s[0] == '+'):
			// A sign before the currency marker: "-¥12". A sign right
			// before the digits is left to parseDecimal's caller check.
			if rest := TrimCell(s[1:]); hasMoneyPrefix(rest) {
				sign, neg = true, s[0] == '-'
				s = rest
				continue
			}
		case !prefix:
			if p := moneyPrefix(s); p != "" {
				prefix = true
				s = TrimCell(s[len(p):])
				continue
			}
		}
		break
	}
	for _, suf := range moneySuffixes {
		if len(s) > len(suf) && strings.EqualFold(s[len(s)-len(suf):], suf) {
			s = TrimCell(s[:len(s)-len(suf)])
			break
		}
	}
	if !paren && len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		paren = true
		s = TrimCell(s[1 : len(s)-1])
	}
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if sign {
			return false, "", errNotNumber
		}
		neg = s[0] == '-'
		s = s[1:]
	}
	if paren {
		if neg {
			return false, "", errNotNumber
		}
		neg = true
	}
	return neg, s, nil
}

func moneyPrefix(s string) string {
	for _, p := range moneyPrefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return p
		}
	}
	return ""
}

func hasMoneyPrefix(s string) bool { return moneyPrefix(s) != "" }

// MaxQuantityDecimals is the most decimal places ParseQuantity accepts
// (after dropping trailing zeros): enough for weights in grams of a kilo.
const MaxQuantityDecimals = 6

// ParseQuantity parses an item count or measure such as "3", "-1" (a
// return), "2.5" or "1,200" (thousands separators must group by three).
// Full-width digits are accepted; exponents, NaN and Inf are not.
func ParseQuantity(s string) (float64, error) {
	d, err := parseQuantity(s)
	if err != nil {
		return 0, err
	}
	return d.float(), nil
}

func parseQuantity(s string) (decimal, error) {
	if n, ok := fastUint(s); ok {
		return decimal{mant: n}, nil
	}
	return parseDecimal(cleanValue(s), MaxQuantityDecimals)
}

// fastUint parses up to 18 plain ASCII digits.
func fastUint(s string) (uint64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// ParseInt parses a whole number such as "42", "-3", "1,000" or "5.0"
// (spreadsheets often store whole numbers with a zero fraction). The result
// fits in 32 bits.
func ParseInt(s string) (int, error) {
	if n, ok := fastUint(s); ok && n <= math.MaxInt32 {
		return int(n), nil
	}
	d, err := parseDecimal(cleanValue(s), 0)
	if err == errTooManyDecimals {
		return 0, errNotInteger
	}
	if err != nil {
		return 0, err
	}
	if d.mant > math.MaxInt32 {
		return 0, errOverflow
	}
	if d.neg {
		return -int(d.mant), nil
	}
	return int(d.mant), nil
}
