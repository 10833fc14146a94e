package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Gender values. Empty means unknown.
const (
	GenderMale   = "male"
	GenderFemale = "female"
	GenderOther  = "other"
)

// Customer is a customer record (客户档案). ID is the external id the company
// uses; Strata keys every import on it so re-imports update, never duplicate.
type Customer struct {
	ID           string    `json:"id"`                  // external customer id, required
	Name         string    `json:"name,omitempty"`      //
	Gender       string    `json:"gender,omitempty"`    // GenderMale, GenderFemale, GenderOther or ""
	BirthDate    time.Time `json:"birth_date,omitzero"` // zero when unknown; a date (UTC midnight)
	Age          int       `json:"age,omitempty"`       // stated age when no birth date is known; 0 unknown
	Phone        string    `json:"phone,omitempty"`     // personal data
	Email        string    `json:"email,omitempty"`     // personal data
	Occupation   string    `json:"occupation,omitempty"`
	IncomeBand   string    `json:"income_band,omitempty"`
	Region       string    `json:"region,omitempty"`
	City         string    `json:"city,omitempty"`
	Address      string    `json:"address,omitempty"`      // personal data
	IDNumber     string    `json:"id_number,omitempty"`    // ID-card or passport number (身份证号); personal data
	RegisteredAt time.Time `json:"registered_at,omitzero"` // zero when unknown
	Owner        string    `json:"owner,omitempty"`        // staff user who owns the customer (私海); "" = pool (公海)
	Source       string    `json:"source,omitempty"`       // acquisition source
	Tags         []string  `json:"tags,omitempty"`
}

// MaxTextLen bounds every free-text field, in characters.
const MaxTextLen = 1000

// Validate checks the record's invariants.
func (c *Customer) Validate() error {
	if strings.TrimSpace(c.ID) == "" {
		return Invalid("customer_id", c.ID, "is required")
	}
	if err := checkID("customer_id", c.ID); err != nil {
		return err
	}
	switch c.Gender {
	case "", GenderMale, GenderFemale, GenderOther:
	default:
		return Invalid("gender", c.Gender, "must be male, female or other")
	}
	if c.Age < 0 || c.Age > 150 {
		return Invalid("age", "", "must be between 0 and 150")
	}
	for f, v := range map[string]string{"name": c.Name, "phone": c.Phone, "email": c.Email,
		"occupation": c.Occupation, "income_band": c.IncomeBand, "region": c.Region, "city": c.City,
		"address": c.Address, "id_number": c.IDNumber, "owner": c.Owner, "source": c.Source} {
		if err := checkText(f, v); err != nil {
			return err
		}
	}
	for _, t := range c.Tags {
		if err := checkText("tags", t); err != nil {
			return err
		}
	}
	return nil
}

// checkID rejects ids that are too long or contain control characters.
func checkID(field, v string) error {
	if len(v) > 128 {
		return Invalid(field, v[:32]+"…", "is longer than 128 bytes")
	}
	if !utf8.ValidString(v) {
		return Invalid(field, "", "is not valid UTF-8")
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return Invalid(field, v, "contains a control character")
		}
	}
	return nil
}

func checkText(field, v string) error {
	if !utf8.ValidString(v) {
		return Invalid(field, "", "is not valid UTF-8")
	}
	if utf8.RuneCountInString(v) > MaxTextLen {
		return Invalid(field, "", "is longer than 1000 characters")
	}
	if strings.IndexByte(v, 0) >= 0 {
		return Invalid(field, "", "contains a NUL byte")
	}
	return nil
}
