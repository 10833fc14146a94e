package core

import (
	"context"
	"fmt"
	"sync"
	"time"

	"strata/internal/auth"
	"strata/internal/model"
	"strata/internal/store"
)

// AddUser creates a user with a role and a password that meets the policy.
func (s *Service) AddUser(ctx context.Context, actor, name, display string, role auth.Role, password string) error {
	if name == "" || len(name) > 64 {
		return model.Invalid("name", name, "must be 1–64 characters")
	}
	if !role.Valid() {
		return model.Invalid("role", string(role), "must be admin, manager, analyst, sales or service")
	}
	if err := auth.CheckPolicy(name, password); err != nil {
		return err
	}
	h, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.st.CreateUser(ctx, &store.User{Name: name, Display: display, Role: string(role), PasswordHash: h}); err != nil {
		return err
	}
	return s.Audit(ctx, actor, "user_add", "user", name, "ok")
}

// SetPassword replaces a user's password.
func (s *Service) SetPassword(ctx context.Context, actor, name, password string) error {
	u, err := s.st.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if err := auth.CheckPolicy(name, password); err != nil {
		return err
	}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	if err := s.st.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.Audit(ctx, actor, "user_password", "user", name, "ok")
}

// SetUserDisabled disables or re-enables a user.
func (s *Service) SetUserDisabled(ctx context.Context, actor, name string, disabled bool) error {
	u, err := s.st.UserByName(ctx, name)
	if err != nil {
		return err
	}
	u.Disabled = disabled
	if err := s.st.UpdateUser(ctx, u); err != nil {
		return err
	}
	action := "user_enable"
	if disabled {
		action = "user_disable"
	}
	return s.Audit(ctx, actor, action, "user", name, "ok")
}

// Audit appends one record to the hash-chained audit log. Object ids are
// internal or external record ids, never personal data. Times are whole
// seconds, as stored, so that the chain verifies after a round trip.
//
// Concurrent callers share commits (group commit): the first one in
// starts a flush of everything queued, later ones join the next flush, and
// each returns once its own record is committed — durable like a commit
// per record, but one fsync serves many requests.
func (s *Service) Audit(ctx context.Context, actor, action, object, id, outcome string) error {
	req := auditReq{row: store.AuditRow{At: time.Now().UTC().Truncate(time.Second), Actor: actor, Action: action, Object: object,
		ObjectID: id, Address: addressFrom(ctx), Outcome: outcome}, done: make(chan error, 1)}
	q := &s.audit
	q.mu.Lock()
	q.pending = append(q.pending, req)
	if !q.flushing {
		q.flushing = true
		go s.flushAudits()
	}
	q.mu.Unlock()
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// auditQueue holds audit records waiting for the next group commit.
type auditQueue struct {
	mu       sync.Mutex
	pending  []auditReq
	flushing bool
}

type auditReq struct {
	row  store.AuditRow
	done chan error
}

// maxAuditBatch bounds the records of one commit.
const maxAuditBatch = 512

// flushAudits commits queued records until none are left.
func (s *Service) flushAudits() {
	q := &s.audit
	for {
		q.mu.Lock()
		if len(q.pending) == 0 {
			q.flushing = false
			q.mu.Unlock()
			return
		}
		n := min(len(q.pending), maxAuditBatch)
		batch := q.pending[:n:n]
		q.pending = q.pending[n:]
		q.mu.Unlock()
		rows := make([]store.AuditRow, len(batch))
		for i, r := range batch {
			rows[i] = r.row
		}
		err := s.st.AppendAudits(context.Background(), rows,
			func(prev []byte, r store.AuditRow) []byte { return auth.ChainHash(prev, entryOf(r)) })
		for _, r := range batch {
			r.done <- err
		}
	}
}

func entryOf(r store.AuditRow) auth.AuditEntry {
	return auth.AuditEntry{At: r.At, Actor: r.Actor, Action: r.Action, Object: r.Object, ID: r.ObjectID, Address: r.Address, Outcome: r.Outcome}
}

// VerifyAudit checks the whole audit chain; it returns the number of
// records and an error naming the first record that was edited, deleted or
// reordered.
func (s *Service) VerifyAudit(ctx context.Context) (int, error) {
	var entries []auth.AuditEntry
	var hashes [][]byte
	var ids []int64
	err := s.st.EachAudit(ctx, func(r *store.AuditRow) error {
		entries, hashes, ids = append(entries, entryOf(*r)), append(hashes, r.Hash), append(ids, r.ID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if i := auth.VerifyChain(entries, hashes); i >= 0 {
		return len(entries), fmt.Errorf("audit log broken at record %d (id %d): edited, deleted or reordered: %w", i+1, ids[i], model.ErrConflict)
	}
	return len(entries), nil
}
