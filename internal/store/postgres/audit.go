package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

// AppendAudit appends entries of any tenants in one transaction, in order, each after its
// tenant's head. The transaction first locks the head row of every tenant it writes, in the
// order of their names, so that one chain has one writer at a time across every node and two
// batches never wait for each other in a circle.
//
// It takes two round trips: BEGIN with the heads' locking reads, then the entries, the heads'
// new values and COMMIT (the hashes, made here, need the heads first). Entries of one tenant whose
// chain this node wrote last take one (appendGuessed).
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
	if len(tenants) == 1 {
		d.mu.Lock()
		h, ok := d.heads[tenants[0]]
		d.mu.Unlock()
		if ok {
			done, err := d.appendGuessed(ctx, es, h, hash)
			if err != nil && !retryable(err) {
				return fail("append audit", err)
			}
			if done {
				return nil
			}
		}
	}
	return fail("append audit", retry(func() error { return d.appendAuditOnce(ctx, es, tenants, hash) }))
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
		b.Queue(lockHeadSQL, tenant)
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
		b.Queue(insertAudit+`
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
	d.rememberHeads(heads)
	return nil
}

// insertAudit begins an insert of audit entries, with auditValues' columns after the tenant.
const insertAudit = `INSERT INTO audit (tenant, seq, time, actor, action, target, outcome, detail, prev, hash)`

// rememberHeads notes the chain heads this node has just written.
func (d *DB) rememberHeads(heads map[string]store.AuditHead) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.heads) > 10000 { // bounded: a guess costs nothing to forget
		clear(d.heads)
	}
	for t, h := range heads {
		d.heads[t] = h
	}
}

// appendGuessed appends entries of one tenant after head, the chain's head as this node last
// wrote it, in one statement (one round trip): it moves the head only if the head is still head
// (the update locks the head row, and a writer that waited for the lock compares with the row
// as the other writer left it), and inserts the entries only if it moved it. done is false when
// the guess was wrong (another node, or another request of this node, wrote since) and nothing
// was written; the caller then locks and reads the head.
func (d *DB) appendGuessed(ctx context.Context, es []*store.AuditEntry, head store.AuditHead, hash func(*store.AuditEntry) string) (done bool, err error) {
	tenant := es[0].Tenant
	args := []any{tenant, head.Seq, head.Hash, 0, ""} // $4 and $5: the new head, set below
	values, args, h := auditValues(es, head, hash, args)
	args[3], args[4] = h.Seq, h.Hash
	var n int
	err = d.pool.QueryRow(ctx, `WITH moved AS (UPDATE audit_heads SET seq = $4, hash = $5 WHERE tenant = $1 AND seq = $2 AND hash = $3 RETURNING 1),
		ins AS (`+insertAudit+`
			SELECT $1, v.* FROM (VALUES `+values+`) AS v WHERE EXISTS (SELECT 1 FROM moved) RETURNING 1)
		SELECT count(*) FROM ins`, args...).Scan(&n)
	if err != nil {
		return false, err
	}
	if n != len(es) {
		unnumber(es) // not written: the caller numbers them again
		return false, nil
	}
	d.rememberHeads(map[string]store.AuditHead{tenant: h})
	return true, nil
}

// auditValues numbers and hashes es, one tenant's entries, after head, and returns them as the
// rows of a VALUES list (seq, time, actor, action, target, outcome, detail, prev, hash) whose
// parameters follow args, args with theirs appended, and the chain's new head.
func auditValues(es []*store.AuditEntry, head store.AuditHead, hash func(*store.AuditEntry) string, args []any) (string, []any, store.AuditHead) {
	h := head
	var values []string
	for _, e := range es {
		e.Seq, e.Prev = h.Seq+1, h.Hash
		e.Hash = hash(e)
		h = store.AuditHead{Seq: e.Seq, Hash: e.Hash}
		n := len(args)
		values = append(values, fmt.Sprintf("($%d::bigint, $%d::timestamptz, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9))
		args = append(args, e.Seq, utc(e.Time), e.Actor, e.Action, e.Target, e.Outcome, e.Detail, e.Prev, e.Hash)
	}
	return strings.Join(values, ", "), args, h
}

// unnumber clears what numbering gave entries that were not written.
func unnumber(es []*store.AuditEntry) {
	for _, e := range es {
		e.Seq, e.Prev, e.Hash = 0, "", ""
	}
}

// lockHead makes the head of tenant's chain if it has none and locks and reads it, in tx (the
// no-op update of an existing head takes its row lock).
func lockHead(ctx context.Context, tx pgx.Tx, tenant string) (store.AuditHead, error) {
	var h store.AuditHead
	if err := tx.QueryRow(ctx, lockHeadSQL, tenant).Scan(&h.Seq, &h.Hash); err != nil {
		return h, fmt.Errorf("audit head: %w", err)
	}
	return h, nil
}

const lockHeadSQL = `INSERT INTO audit_heads AS h (tenant, seq, hash) VALUES ($1, 0, '')
	ON CONFLICT (tenant) DO UPDATE SET seq = h.seq RETURNING seq, hash`

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
