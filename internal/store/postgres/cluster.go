package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

// Leases. Each DB is a node: a row in nodes whose expires the node pushes LeaseTTL ahead every
// LeaseTTL/3, on the database's clock. The steps a node starts carry its id, and so do the step
// slots it claims. Once a node's expires has passed (it died, hung, or lost the database) or
// was set to now (Close: SIGTERM hands the lease back), MarkInterruptedSteps on any node marks its
// running steps interrupted and its slots are free again; the tasks resume from their last
// finished step on whichever node gets their next step.

// keepLease renews this node's lease until Close.
func (d *DB) keepLease() {
	defer close(d.done)
	tick := time.NewTicker(d.ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), d.ttl/3)
		tag, err := d.pool.Exec(ctx, `UPDATE nodes SET expires = now() + $2::bigint * interval '1 microsecond' WHERE id = $1`,
			d.node, d.ttl.Microseconds())
		cancel()
		if err == nil && tag.RowsAffected() == 0 {
			err = errors.New("this node's row is gone")
		}
		d.mu.Lock()
		d.renewErr = err
		if err == nil {
			d.renewed = time.Now()
		}
		d.mu.Unlock()
		if err != nil {
			d.log.Error("lease renewal failed", "node", d.node, "err", err)
		}
	}
}

// LeaseTTL returns how long this node's lease lasts without a renewal.
func (d *DB) LeaseTTL() time.Duration { return d.ttl }

// LeaseHeld reports whether this node's lease was renewed within its TTL (by this process's
// clock): when it is not, another node may have taken this node's steps.
func (d *DB) LeaseHeld() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if since := time.Since(d.renewed); since > d.ttl {
		return fmt.Errorf("the node's lease was last renewed %v ago (TTL %v): %v", since.Round(time.Millisecond), d.ttl, d.renewErr)
	}
	return nil
}

// LiveNodes returns how many nodes hold a lease now.
func (d *DB) LiveNodes(ctx context.Context) (int, error) {
	var n int
	err := d.pool.QueryRow(ctx, `SELECT count(*) FROM nodes WHERE expires > now()`).Scan(&n)
	return n, err
}

// TakeToken takes one request from tenant's bucket, shared by every node: rate requests a
// second with bursts of burst, as a GCRA on the database's clock in one statement. When the
// bucket is empty it returns false and how long until a request would pass.
//
// The bucket is not a record anyone was promised: its commit need not wait for the disk (after a
// crash of PostgreSQL the bucket is at most a few milliseconds fuller).
func (d *DB) TakeToken(ctx context.Context, tenant string, rate float64, burst int) (bool, time.Duration, error) {
	interval, tolerance, err := gcra(rate, burst)
	if err != nil {
		return false, time.Second, fmt.Errorf("store: take token: %w", err)
	}
	var n int
	var wait *int64
	err = d.async(ctx, "take token", query{
		sql: `WITH ` + bucketNow + `,
			b AS (INSERT INTO rate_buckets AS b (tenant, tat) SELECT $1, now.us + $2 FROM now ` + bucketTake + ` RETURNING 1)
			SELECT (SELECT count(*) FROM b), ` + fmt.Sprintf(bucketWait, "$1"),
		args: []any{tenant, interval, tolerance},
		scan: func(row pgx.Row) error { return row.Scan(&n, &wait) }})
	if err != nil {
		return false, time.Second, err
	}
	taken, retry := bucketAnswer(n, wait)
	return taken, retry, nil
}

// KeyAndToken is KeyByHash and, for a key neither revoked nor expired (by the database's clock),
// TakeToken of its tenant's bucket, in one statement (one round trip): a request's key and its
// tenant's shared rate limit at once. taken reports whether a token was taken; when the bucket is
// empty, retry says how long until one would be. An unknown key is store.ErrNotFound; the caller
// checks the key as KeyByHash's callers do (store.LiveKey), and a key it refuses took no token.
func (d *DB) KeyAndToken(ctx context.Context, hash string, rate float64, burst int) (k *store.APIKey, taken bool, retry time.Duration, err error) {
	interval, tolerance, err := gcra(rate, burst)
	if err != nil {
		return nil, false, time.Second, fmt.Errorf("store: key and token: %w", err)
	}
	var n int
	var wait *int64
	err = d.async(ctx, "key and token", query{
		sql: `WITH k AS (SELECT * FROM api_keys WHERE hash = $1), ` + bucketNow + `,
			b AS (INSERT INTO rate_buckets AS b (tenant, tat) SELECT k.tenant, now.us + $2 FROM k, now
				WHERE k.revoked IS NULL AND (k.expires IS NULL OR k.expires > now()) ` + bucketTake + ` RETURNING 1)
			SELECT ` + keyCols + `, (SELECT count(*) FROM b), ` + fmt.Sprintf(bucketWait, "k.tenant") + ` FROM k`,
		args: []any{hash, interval, tolerance},
		scan: func(row pgx.Row) (err error) {
			k, err = scanKeyAnd(row, &n, &wait)
			return err
		}})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, 0, fmt.Errorf("key: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, false, time.Second, err
	}
	k.Hash = hash
	taken, retry = bucketAnswer(n, wait)
	return k, taken, retry, nil
}

// gcra returns a bucket's parameters in microseconds: the interval between requests at rate, and
// how far ahead of now the arrival time may run (burst of them).
func gcra(rate float64, burst int) (interval, tolerance int64, err error) {
	if rate <= 0 || burst <= 0 {
		return 0, 0, errors.New("rate and burst must be positive")
	}
	interval = int64(1e6 / rate)
	return interval, interval * int64(burst), nil
}

// The parts of a statement that takes a token from a tenant's bucket, $2 and $3 being gcra's
// interval and tolerance: now, the database's clock in microseconds; the upsert's conflict
// clause, which moves the arrival time only while it stays within the tolerance; and the wait
// until the next token of the tenant (%s), from the bucket as the statement found it.
const (
	bucketNow  = `now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS us)`
	bucketTake = `ON CONFLICT (tenant) DO UPDATE SET tat = greatest(b.tat, (SELECT us FROM now)) + $2
		WHERE greatest(b.tat, (SELECT us FROM now)) + $2 - (SELECT us FROM now) <= $3`
	bucketWait = `(SELECT r.tat + $2 - $3 - (SELECT us FROM now) FROM rate_buckets r WHERE r.tenant = %s)`
)

// bucketAnswer turns a token statement's result into whether a token was taken (n rows written)
// and, when not, how long until one would be (wait, in microseconds; nil without a bucket).
func bucketAnswer(n int, wait *int64) (bool, time.Duration) {
	switch {
	case n > 0:
		return true, 0
	case wait == nil:
		return false, time.Second
	}
	return false, max(time.Duration(*wait)*time.Microsecond, time.Millisecond)
}

// ErrNoSlot reports that every running-step slot of a tenant is held (store.ErrNoSlot).
var ErrNoSlot = store.ErrNoSlot

// ClaimStepSlot claims one of tenant's max running-step slots for this node, across every node:
// a free slot, or one whose node's lease ran out, locked with SKIP LOCKED so that claimers on
// several nodes never wait for each other nor take the same slot. release frees it; it is also
// freed when this node closes or its lease runs out.
//
// Slots are a cap, not a record anyone was promised, so their commits do not wait for the disk.
// Should PostgreSQL itself crash and lose the last ones, a lost claim lets one more step of the
// tenant start until it ends, and a lost release is found again by this node, which knows the
// slots it holds (a row naming this node for a slot it does not hold is free).
func (d *DB) ClaimStepSlot(ctx context.Context, tenant string, max int) (release func(), err error) {
	held, err := d.slotRows(ctx, tenant, max)
	if err != nil {
		return nil, fmt.Errorf("store: claim step slot: %w", err)
	}
	var slot int32
	err = d.async(ctx, "claim step slot", query{
		sql:  fmt.Sprintf(claimSlot, "$1", "$2", "$3", "$4", ""),
		args: []any{tenant, max, d.node, held},
		scan: func(row pgx.Row) error { return row.Scan(&slot) }})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoSlot
	}
	if err != nil {
		return nil, err
	}
	return d.holdSlot(tenant, slot), nil
}

// freeSlot selects and locks one free slot of tenant $1 among its first $2 for node $3, which
// holds the slots $4: a slot of no node, of this node but not held by it (a release lost), or of
// a node whose lease ran out.
// Its four parameters are given by number (fmt's %[n]s).
const freeSlot = `SELECT tenant, slot FROM step_slots f WHERE tenant = %[1]s AND slot <= %[2]s
	AND (node IS NULL OR (node = %[3]s AND NOT slot = ANY(%[4]s::int[]))
		OR NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = f.node AND n.expires > now()))
	ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED`

// claimSlot claims the slot freeSlot finds for node %[3]s (the same four parameters), and only
// when the condition %[5]s (empty, or starting with AND) holds, returning its number.
const claimSlot = `UPDATE step_slots s SET node = %[3]s, claimed = now() FROM (` + freeSlot + `) free
	WHERE s.tenant = free.tenant AND s.slot = free.slot%[5]s RETURNING s.slot`

// slotRows makes tenant's first max slot rows when this node has not yet, and returns the slots
// this node holds.
func (d *DB) slotRows(ctx context.Context, tenant string, max int) ([]int32, error) {
	if max <= 0 {
		return nil, errors.New("max must be positive")
	}
	d.mu.Lock()
	have := d.slotsMax[tenant]
	held := append([]int32{}, d.held[tenant]...)
	d.mu.Unlock()
	if have < max {
		if _, err := d.pool.Exec(ctx, `INSERT INTO step_slots (tenant, slot) SELECT $1, generate_series(1, $2::int) ON CONFLICT DO NOTHING`,
			tenant, max); err != nil {
			return nil, err
		}
		d.mu.Lock()
		d.slotsMax[tenant] = max
		d.mu.Unlock()
	}
	return held, nil
}

// holdSlot notes that this node holds tenant's slot, and returns its release.
func (d *DB) holdSlot(tenant string, slot int32) func() {
	d.mu.Lock()
	d.held[tenant] = append(d.held[tenant], slot)
	d.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := d.async(ctx, "release step slot", query{
				sql:  `UPDATE step_slots SET node = NULL, claimed = NULL WHERE tenant = $1 AND slot = $2 AND node = $3`,
				args: []any{tenant, slot, d.node}})
			if err != nil {
				d.log.Error("release step slot", "tenant", tenant, "slot", slot, "err", err)
			}
			// Forgotten either way: a row still naming this node for it is free to this node.
			d.mu.Lock()
			d.held[tenant] = slices.DeleteFunc(d.held[tenant], func(s int32) bool { return s == slot })
			d.mu.Unlock()
		})
	}
}
