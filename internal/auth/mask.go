package auth

import (
	"strings"
	"unicode/utf8"

	"strata/internal/model"
)

// Personal-data fields that masking knows.
const (
	FieldName    = "name"
	FieldPhone   = "phone"
	FieldEmail   = "email"
	FieldAddress = "address"
	FieldIDNo    = "id_number"
)

// Mask masks one personal value for display: phone 138****1234 (first 3
// and last 4 digits kept; shorter numbers keep the last 2), e-mail
// z***@example.com, name 张* / J***, address its first 6 characters and
// ***, ID numbers 1101**********1234. Empty stays empty; invalid UTF-8 is
// masked whole. Masking never reveals more than these parts.
func Mask(field, v string) string {
	if v == "" {
		return ""
	}
	if !utf8.ValidString(v) {
		return "***"
	}
	r := []rune(v)
	switch field {
	case FieldPhone:
		if len(r) >= 11 {
			return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
		}
		if len(r) > 2 {
			return strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
		}
		return strings.Repeat("*", len(r))
	case FieldEmail:
		local, domain, ok := strings.Cut(v, "@")
		if !ok || local == "" {
			return "***"
		}
		first, _ := utf8.DecodeRuneInString(local)
		return string(first) + "***@" + domain
	case FieldName:
		if len(r) == 1 {
			return "*"
		}
		return string(r[0]) + strings.Repeat("*", min(len(r)-1, 3))
	case FieldAddress:
		if len(r) <= 6 {
			return "***"
		}
		return string(r[:6]) + "***"
	case FieldIDNo:
		if len(r) >= 10 {
			return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
		}
		return strings.Repeat("*", len(r))
	}
	return "***"
}

// MaskCustomer masks c in place for p: users allowed unmasked personal
// data see everything; service staff see the phone masked but usable for
// confirming a caller (last 4 digits) and the name's first character;
// analysts and everyone else see every personal field masked.
func (p Principal) MaskCustomer(c *model.Customer) {
	if p.Can(ViewUnmasked) {
		return
	}
	c.Name = Mask(FieldName, c.Name)
	c.Phone = Mask(FieldPhone, c.Phone)
	c.Email = Mask(FieldEmail, c.Email)
	c.Address = Mask(FieldAddress, c.Address)
	c.IDNumber = Mask(FieldIDNo, c.IDNumber)
}
