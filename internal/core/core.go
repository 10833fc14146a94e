// Package core holds Strata's use cases. Each one opens its own transaction
// on the store, calls the pure packages and returns domain errors; the CLI
// and HTTP layers only translate inputs and outputs.
package core

import (
	"log/slog"
	"time"

	"strata/internal/store"
)

// Service is the entry point to the use cases.
type Service struct {
	st      *store.Store
	loc     *time.Location
	log     *slog.Logger
	premium map[string]bool // product categories marked premium
	indexes indexCache      // in-memory snapshot indexes for list filters
	audit   auditQueue      // audit records waiting for a group commit
}

// SetPremiumCategories marks product categories as premium for the
// premium_share metric (lines above their category's median unit price
// count as premium too).
func (s *Service) SetPremiumCategories(cats []string) {
	s.premium = map[string]bool{}
	for _, c := range cats {
		s.premium[c] = true
	}
}

// New returns a Service on st. loc is the business time zone used for day
// boundaries and for times written without a zone.
func New(st *store.Store, loc *time.Location, log *slog.Logger) *Service {
	if loc == nil {
		loc = time.UTC
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, loc: loc, log: log}
}

// Store exposes the underlying store for read-only reporting commands.
func (s *Service) Store() *store.Store { return s.st }

// Location is the business time zone.
func (s *Service) Location() *time.Location { return s.loc }
