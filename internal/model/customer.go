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
	ID           string    // external customer id, required
	Name         string    //
	Gender       string    // GenderMale, GenderFemale, GenderOther or ""
	BirthDate    time.Time // zero when unknown; a date (UTC midnight)
	Age          int       // stated age when no birth date is known; 0 unknown
	Phone        string    // personal data
	Email        string    // personal data
	Occupation   string
	IncomeBand   string
	Region       string
	City         string
	Address      string    // personal data
	RegisteredAt time.Time // zero when unknown
	Owner        string    // staff user who owns the customer (私海); "" = pool (公海)
	Source       string    // acquisition source
	Tags         []string
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
		"address": c.Address, "owner": c.Owner, "source": c.Source} {
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
