package core

import "strata/internal/store"

// The store's record types that the use cases hand to their callers, named
// here so that the HTTP and CLI layers depend on core, not on store.
type (
	// CustomerFilter narrows a customer list on the customer record.
	CustomerFilter = store.CustomerFilter
	// CustomerRecords is everything stored about one customer.
	CustomerRecords = store.CustomerRecords
	// User is a user account.
	User = store.User
	// SchemeRow is a stored version of a scheme.
	SchemeRow = store.SchemeRow
	// RunRecord is a classification run as stored.
	RunRecord = store.Run
)
