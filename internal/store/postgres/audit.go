package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

// AppendAudit appends entries of any tenants in one transaction, in order, each after its
// tenant's head. The transaction first locks the head row of every tenant it writes, in the
// order of their names, so that one chain has one writer at a time across every node and two
// batches never wait for each other in a circle.
//
// It takes two round trips: BEGIN with the heads' locking reads, then the entries, the heads'
// new values and COMMIT (the hashes, made here, need the heads first).
func (d *DB) AppendAudit(ctx context.Context, es []*store.AuditEntry, hash func(*store.AuditEntry) string) error {
	var tenants []string
	seen := map[string]bool{}
	for _, e := range es {
		if !seen[e.Tenant] {
			seen[e.Tenant] = true
			tenants = append(tenants, e.Tenant)
		}
	}
	sort.Strings(tenants)
	var err error
	for attempt := range 8 {
		err = d.appendAuditOnce(ctx, es, tenants, hash)
		if !retryable(err) {
			break
		}
		time.Sleep(time.Duration(attempt+1) * time.Millisecond)
	}
	return fail("append audit", err)
}

func (d *DB) appendAuditOnce(ctx context.Context, es []*store.AuditEntry, tenants []string, hash func(*store.AuditEntry) string) (err error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	open := false
	defer func() {
		if open && err != nil {
			// A connection left inside a transaction must not go back to the pool as it is.
			if _, rerr := conn.Exec(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
				conn.Conn().Close(context.WithoutCancel(ctx))
			}
		}
	}()
	// Round trip 1: BEGIN and, per tenant, one statement that makes the head of a first entry and
	// locks the head row either way (the no-op update takes the row lock) and reads it.
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	for _, tenant := range tenants {
		b.Queue(`INSERT INTO audit_heads AS h (tenant, seq, hash) VALUES ($1, 0, '')
			ON CONFLICT (tenant) DO UPDATE SET seq = h.seq RETURNING seq, hash`, tenant)
	}
	open = true
	heads := map[string]store.AuditHead{}
	br := conn.SendBatch(ctx, b)
	_, err = br.Exec()
	for _, tenant := range tenants {
		if err != nil {
			break
		}
		var h store.AuditHead
		if err = br.QueryRow().Scan(&h.Seq, &h.Hash); err != nil {
			err = fmt.Errorf("audit head: %w", err)
		}
		heads[tenant] = h
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// Round trip 2: the entries, the heads' new values and COMMIT.
	b = &pgx.Batch{}
	for _, e := range es {
		h := heads[e.Tenant]
		e.Seq, e.Prev = h.Seq+1, h.Hash
		e.Hash = hash(e)
		b.Queue(`INSERT INTO audit (tenant, seq, time, actor, action, target, outcome, detail, prev, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, e.Tenant, e.Seq, utc(e.Time), e.Actor, e.Action, e.Target, e.Outcome, e.Detail,
			e.Prev, e.Hash)
		heads[e.Tenant] = store.AuditHead{Seq: e.Seq, Hash: e.Hash}
	}
	for _, tenant := range tenants {
		h := heads[tenant]
		b.Queue(`UPDATE audit_heads SET seq = $1, hash = $2 WHERE tenant = $3`, h.Seq, h.Hash, tenant)
	}
	b.Queue("COMMIT")
	if err = conn.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	open = false
	return nil
}

// AuditEntries returns up to limit entries of a tenant's log with seq > after, by seq.
func (d *DB) AuditEntries(ctx context.Context, tenant string, after int64, limit int) ([]*store.AuditEntry, error) {
	return list(ctx, d, "audit", func(row pgx.Row) (*store.AuditEntry, error) {
		var e store.AuditEntry
		if err := row.Scan(&e.Tenant, &e.Seq, &e.Time, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail, &e.Prev, &e.Hash); err != nil {
			return nil, err
		}
		e.Time = utc(e.Time)
		return &e, nil
	}, `SELECT tenant, seq, time, actor, action, target, outcome, detail, prev, hash FROM audit
		WHERE tenant = $1 AND seq > $2 ORDER BY seq LIMIT $3`, tenant, after, limit)
}

// AuditHead returns the head of a tenant's chain.
func (d *DB) AuditHead(ctx context.Context, tenant string) (store.AuditHead, error) {
	var h store.AuditHead
	err := d.pool.QueryRow(ctx, `SELECT seq, hash FROM audit_heads WHERE tenant = $1`, tenant).Scan(&h.Seq, &h.Hash)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return store.AuditHead{}, fmt.Errorf("store: audit head: %w", err)
	}
	return h, nil
}

// AuditTenants lists every tenant that has an audit log or a head.
func (d *DB) AuditTenants(ctx context.Context) ([]string, error) {
	return list(ctx, d, "audit tenants", func(row pgx.Row) (string, error) {
		var t string
		err := row.Scan(&t)
		return t, err
	}, `SELECT tenant FROM audit_heads UNION SELECT DISTINCT tenant FROM audit ORDER BY 1`)
}
