package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AuditEntry is one entry of a tenant's audit log. Seq counts from 1 per tenant without gaps; Prev
// is the Hash of the entry before (empty for the first) and Hash covers every other field, so an
// edited, removed or reordered entry breaks the chain (package audit computes and checks it).
type AuditEntry struct {
	Tenant  string    `json:"tenant"`
	Seq     int64     `json:"seq"`
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`   // the key id, "server" or "operator"
	Action  string    `json:"action"`  // e.g. "POST /ap/v1/agent/tasks", "tool_call", "approval", "share.create"
	Target  string    `json:"target"`  // what it acted on: a task, step or artifact id
	Outcome string    `json:"outcome"` // e.g. "201", "allowed", "refused by user"
	Detail  string    `json:"detail"`  // JSON object with more
	Prev    string    `json:"prev"`
	Hash    string    `json:"hash"`
}

// AuditHead is the latest entry of a tenant's chain, kept in its own table so that removing the
// last entries is detected too.
type AuditHead struct {
	Seq  int64
	Hash string
}

// AppendAudit appends e to its tenant's chain in one transaction: it sets e.Seq and e.Prev from the
// chain's head, e.Hash from hash(e), and moves the head.
func (s *Store) AppendAudit(ctx context.Context, e *AuditEntry, hash func(*AuditEntry) string) error {
	return s.AppendAuditBatch(ctx, []*AuditEntry{e}, hash)
}

// AppendAuditBatch appends several entries (of any tenants) in one transaction, in order.
func (s *Store) AppendAuditBatch(ctx context.Context, es []*AuditEntry, hash func(*AuditEntry) string) error {
	for _, e := range es {
		if err := checkTenant(e.Tenant); err != nil {
			return err
		}
	}
	if len(es) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		heads := map[string]AuditHead{}
		for _, e := range es {
			h, ok := heads[e.Tenant]
			if !ok {
				err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE tenant = ?`, e.Tenant).Scan(&h.Seq, &h.Hash)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("store: audit head: %w", err)
				}
			}
			if e.Time.IsZero() {
				e.Time = time.Now().UTC()
			}
			e.Time = fromMicros(micros(e.Time)) // the stored precision, so the hash verifies after a round trip
			if e.Detail == "" {
				e.Detail = "{}"
			}
			e.Seq, e.Prev = h.Seq+1, h.Hash
			e.Hash = hash(e)
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit (tenant, seq, time, actor, action, target, outcome, detail, prev, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Tenant, e.Seq, micros(e.Time), e.Actor, e.Action, e.Target, e.Outcome, e.Detail,
				e.Prev, e.Hash); err != nil {
				return fmt.Errorf("store: append audit: %w", err)
			}
			heads[e.Tenant] = AuditHead{Seq: e.Seq, Hash: e.Hash}
		}
		for tenant, h := range heads {
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_heads (tenant, seq, hash) VALUES (?, ?, ?)
				ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, tenant, h.Seq, h.Hash); err != nil {
				return fmt.Errorf("store: audit head: %w", err)
			}
		}
		return nil
	})
}

// AuditEntries returns up to limit entries of a tenant's log with seq > after, in storage order
// (by seq).
func (s *Store) AuditEntries(ctx context.Context, tenant string, after int64, limit int) ([]*AuditEntry, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT tenant, seq, time, actor, action, target, outcome, detail, prev, hash FROM audit
		WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?`, tenant, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []*AuditEntry
	for rows.Next() {
		var e AuditEntry
		var t int64
		if err := rows.Scan(&e.Tenant, &e.Seq, &t, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail, &e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		e.Time = fromMicros(t)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// AuditHeadOf returns the head of a tenant's chain; a tenant with no entries has a zero head.
func (s *Store) AuditHeadOf(ctx context.Context, tenant string) (AuditHead, error) {
	if err := checkTenant(tenant); err != nil {
		return AuditHead{}, err
	}
	var h AuditHead
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE tenant = ?`, tenant).Scan(&h.Seq, &h.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return AuditHead{}, fmt.Errorf("store: audit head: %w", err)
	}
	return h, nil
}

// AuditTenants lists every tenant that has an audit log or a head, for the operator's verify.
func (s *Store) AuditTenants(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tenant FROM audit_heads UNION SELECT DISTINCT tenant FROM audit ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("store: audit tenants: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: audit tenants: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
