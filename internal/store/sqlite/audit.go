package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/paddock-dev/paddock/internal/store"
)

// AppendAudit appends entries of any tenants in one transaction, in order, each after its
// tenant's head.
func (d *DB) AppendAudit(ctx context.Context, es []*store.AuditEntry, hash func(*store.AuditEntry) string) error {
	return d.write(ctx, "append audit", func(tx *sql.Tx) error { return appendAudit(ctx, tx, es, hash) })
}

// appendAudit appends es in tx, each after its tenant's head, and moves the heads.
func appendAudit(ctx context.Context, tx *sql.Tx, es []*store.AuditEntry, hash func(*store.AuditEntry) string) error {
	heads := map[string]store.AuditHead{}
	var order []string // tenants in first-seen order, so heads are written in a stable order
	for _, e := range es {
		h, ok := heads[e.Tenant]
		if !ok {
			err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE tenant = ?`, e.Tenant).Scan(&h.Seq, &h.Hash)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("audit head: %w", err)
			}
			order = append(order, e.Tenant)
		}
		e.Seq, e.Prev = h.Seq+1, h.Hash
		e.Hash = hash(e)
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit (tenant, seq, time, actor, action, target, outcome, detail, prev, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Tenant, e.Seq, micros(e.Time), e.Actor, e.Action, e.Target, e.Outcome, e.Detail,
			e.Prev, e.Hash); err != nil {
			return err
		}
		heads[e.Tenant] = store.AuditHead{Seq: e.Seq, Hash: e.Hash}
	}
	for _, tenant := range order {
		h := heads[tenant]
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_heads (tenant, seq, hash) VALUES (?, ?, ?)
			ON CONFLICT (tenant) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, tenant, h.Seq, h.Hash); err != nil {
			return err
		}
	}
	return nil
}

// AuditEntries returns up to limit entries of a tenant's log with seq > after, by seq.
func (d *DB) AuditEntries(ctx context.Context, tenant string, after int64, limit int) ([]*store.AuditEntry, error) {
	return list(ctx, d, "audit", func(row scanner) (*store.AuditEntry, error) {
		var e store.AuditEntry
		var t int64
		if err := row.Scan(&e.Tenant, &e.Seq, &t, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail, &e.Prev, &e.Hash); err != nil {
			return nil, err
		}
		e.Time = fromMicros(t)
		return &e, nil
	}, `SELECT tenant, seq, time, actor, action, target, outcome, detail, prev, hash FROM audit
		WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?`, tenant, after, limit)
}

// AuditHead returns the head of a tenant's chain.
func (d *DB) AuditHead(ctx context.Context, tenant string) (store.AuditHead, error) {
	var h store.AuditHead
	err := d.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE tenant = ?`, tenant).Scan(&h.Seq, &h.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return store.AuditHead{}, fmt.Errorf("store: audit head: %w", err)
	}
	return h, nil
}

// AuditTenants lists every tenant that has an audit log or a head.
func (d *DB) AuditTenants(ctx context.Context) ([]string, error) {
	return list(ctx, d, "audit tenants", func(row scanner) (string, error) {
		var t string
		err := row.Scan(&t)
		return t, err
	}, `SELECT tenant FROM audit_heads UNION SELECT DISTINCT tenant FROM audit ORDER BY 1`)
}
