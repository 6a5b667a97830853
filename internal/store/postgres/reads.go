package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

var _ store.Reader = (*DB)(nil)

// The statements that read one record each, shared by the methods that read one record and by
// the batches of TenantReads and StepReads, with the functions that scan their rows.
const (
	selectTask       = `SELECT ` + taskCols + ` FROM tasks WHERE tenant = $1 AND id = $2`
	selectTaskRun    = `SELECT additional_input, state, awaiting, updated FROM task_runs WHERE tenant = $1 AND task_id = $2`
	selectUsage      = `SELECT steps, tokens, cpu_ms FROM usage_daily WHERE tenant = $1 AND day = $2::date`
	selectRules      = `SELECT body, updated FROM tenant_rules WHERE tenant = $1`
	selectCredential = `SELECT base_url, model, sealed_key, key_id, updated FROM credentials WHERE tenant = $1`
	selectGrants     = `SELECT hosts FROM network_grants WHERE tenant = $1`
	selectMCPServers = `SELECT name, spec, added FROM tenant_mcp_servers WHERE tenant = $1 ORDER BY name`
)

func scanTaskRun(row pgx.Row, tenant, taskID string) (*store.TaskRun, error) {
	r := store.TaskRun{Tenant: tenant, TaskID: taskID}
	if err := row.Scan(&r.AdditionalInput, &r.State, &r.Awaiting, &r.Updated); err != nil {
		return nil, notFound(err, "task", taskID)
	}
	r.Updated = utc(r.Updated)
	return &r, nil
}

func scanUsage(row pgx.Row) (store.Usage, error) {
	var u store.Usage
	err := row.Scan(&u.Steps, &u.Tokens, &u.CPUMillis)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Usage{}, nil
	}
	if err != nil {
		return store.Usage{}, fmt.Errorf("store: usage: %w", err)
	}
	return u, nil
}

func scanRules(row pgx.Row, tenant string) (*store.TenantRules, error) {
	var body []byte
	r := &store.TenantRules{}
	err := row.Scan(&body, &r.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return &store.TenantRules{Allow: []string{}, Ask: []string{}, Deny: []string{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: rules of tenant %q: %w", tenant, err)
	}
	updated := r.Updated
	if err := json.Unmarshal(body, r); err != nil {
		return nil, fmt.Errorf("store: rules of tenant %q: %w", tenant, err)
	}
	r.Updated = utc(updated)
	return r, nil
}

func scanCredential(row pgx.Row, tenant string) (*store.Credential, error) {
	c := store.Credential{Tenant: tenant}
	if err := row.Scan(&c.BaseURL, &c.Model, &c.SealedKey, &c.KeyID, &c.Updated); err != nil {
		return nil, notFound(err, "credential of tenant", tenant)
	}
	c.Updated = utc(c.Updated)
	return &c, nil
}

func scanGrants(row pgx.Row, tenant string) ([]string, error) {
	var hosts []string
	err := row.Scan(&hosts)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && len(hosts) == 0) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: network grants of tenant %q: %w", tenant, err)
	}
	return hosts, nil
}

func scanMCPServers(rows pgx.Rows, tenant string) ([]*store.MCPServer, error) {
	defer rows.Close()
	out := []*store.MCPServer{}
	for rows.Next() {
		var m store.MCPServer
		var spec []byte
		if err := rows.Scan(&m.Name, &spec, &m.Added); err != nil {
			return nil, fmt.Errorf("store: MCP servers of tenant %q: %w", tenant, err)
		}
		m.Spec, m.Added = json.RawMessage(spec), utc(m.Added)
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: MCP servers of tenant %q: %w", tenant, err)
	}
	return out, nil
}

// TenantReads reads a tenant's rules, credential, network grants and MCP servers in one round
// trip (one batch).
func (d *DB) TenantReads(ctx context.Context, tenant string) (*store.TenantReads, error) {
	b := &pgx.Batch{}
	var out store.TenantReads
	var errs []error
	queueTenantReads(b, tenant, &out, &errs)
	if err := d.pool.SendBatch(ctx, b).Close(); err != nil && len(errs) == 0 {
		return nil, fmt.Errorf("store: read tenant %q: %w", tenant, err)
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return &out, nil
}

// StepReads reads a task, its run, the tenant's usage of day and the tenant's TenantReads in one
// round trip (one batch).
func (d *DB) StepReads(ctx context.Context, tenant, taskID, day string) (*store.StepReads, error) {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return nil, fmt.Errorf("store: usage: day %q is not YYYY-MM-DD", day)
	}
	b := &pgx.Batch{}
	var out store.StepReads
	var errs []error
	queueStepReads(b, tenant, taskID, day, &out, &errs)
	if err := d.pool.SendBatch(ctx, b).Close(); err != nil && len(errs) == 0 {
		return nil, fmt.Errorf("store: read task %q: %w", taskID, err)
	}
	if len(errs) > 0 {
		return nil, errs[0] // the task's first: a task the tenant does not have is ErrNotFound
	}
	return &out, nil
}

var (
	_ store.Beginner     = (*DB)(nil)
	_ store.SlotBeginner = (*DB)(nil)
)

// BeginAPStep is StepReads and StartAPStep in one round trip: the batch of StepReads and the start
// statement in one transaction whose commit does not wait for the disk (as StartAPStep's).
func (d *DB) BeginAPStep(ctx context.Context, tenant, taskID, day string, st *store.APStep) (*store.StepReads, error) {
	return d.begin(ctx, tenant, taskID, day, st, nil)
}

// BeginAPStepInSlot is BeginAPStep and ClaimStepSlot in one round trip: its start statement also
// claims a free slot (as ClaimStepSlot) while the task exists and runs no step, and starts the
// step only on the slot it claimed. Neither commit waits for the disk, as neither's does alone.
func (d *DB) BeginAPStepInSlot(ctx context.Context, tenant, taskID, day string, st *store.APStep, max int) (*store.StepReads, func(), error) {
	held, err := d.slotRows(ctx, tenant, max)
	if err != nil {
		return nil, nil, fmt.Errorf("store: begin step: slots: %w", err)
	}
	var slot *int32
	reads, err := d.begin(ctx, tenant, taskID, day, st, &slotClaim{max: max, held: held, slot: &slot})
	if err != nil {
		return nil, nil, err
	}
	return reads, d.holdSlot(tenant, *slot), nil
}

// begin runs the batch of BeginAPStep, claiming a slot with c when c is not nil.
func (d *DB) begin(ctx context.Context, tenant, taskID, day string, st *store.APStep, c *slotClaim) (*store.StepReads, error) {
	var out *store.StepReads
	err := retry(func() error {
		b := &pgx.Batch{}
		b.Queue("BEGIN")
		b.Queue("SET LOCAL synchronous_commit TO OFF")
		var reads store.StepReads
		var errs []error
		queueStepReads(b, tenant, taskID, day, &reads, &errs)
		var res startResult
		if c != nil {
			*c.slot = nil
		}
		start := d.startSQL(st, &res, c)
		var startErr error
		b.Queue(start.sql, start.args...).QueryRow(func(row pgx.Row) error {
			startErr = start.scan(row)
			return nil
		})
		b.Queue("COMMIT")
		// A failed statement leaves the connection in an aborted transaction, which the pool
		// closes instead of reusing (as pipeline's).
		err := d.pool.SendBatch(ctx, b).Close()
		switch {
		case len(errs) > 0:
			return errs[0] // the task's first: a task the tenant does not have is ErrNotFound
		case startErr != nil:
			err = startErr
		}
		if c != nil && err == nil && res.found > 0 && res.running == 0 && *c.slot == nil {
			return store.ErrNoSlot // nothing was claimed nor started
		}
		if err := res.answer(st, fail("begin step", err)); err != nil {
			return err
		}
		out = &reads
		return nil
	})
	return out, err
}

// queueStepReads queues the reads of StepReads into b, to fill out; errors go to errs, the task's
// first.
func queueStepReads(b *pgx.Batch, tenant, taskID, day string, out *store.StepReads, errs *[]error) {
	note := func(err error) {
		if err != nil {
			*errs = append(*errs, err)
		}
	}
	b.Queue(selectTask, tenant, taskID).QueryRow(func(row pgx.Row) (err error) {
		out.Task, err = scanTask(row)
		if err != nil {
			note(notFound(err, "task", taskID))
		}
		return nil
	})
	b.Queue(selectTaskRun, tenant, taskID).QueryRow(func(row pgx.Row) (err error) {
		out.Run, err = scanTaskRun(row, tenant, taskID)
		note(err)
		return nil
	})
	b.Queue(selectUsage, tenant, day).QueryRow(func(row pgx.Row) (err error) {
		out.Usage, err = scanUsage(row)
		note(err)
		return nil
	})
	queueTenantReads(b, tenant, &out.TenantReads, errs)
}

// queueTenantReads queues the reads of TenantReads into b, to fill out; errors go to errs (a
// tenant without a credential is none, not an error).
func queueTenantReads(b *pgx.Batch, tenant string, out *store.TenantReads, errs *[]error) {
	note := func(err error) {
		if err != nil {
			*errs = append(*errs, err)
		}
	}
	b.Queue(selectRules, tenant).QueryRow(func(row pgx.Row) (err error) {
		out.Rules, err = scanRules(row, tenant)
		note(err)
		return nil
	})
	b.Queue(selectCredential, tenant).QueryRow(func(row pgx.Row) (err error) {
		out.Credential, err = scanCredential(row, tenant)
		if errors.Is(err, store.ErrNotFound) {
			out.Credential, err = nil, nil
		}
		note(err)
		return nil
	})
	b.Queue(selectGrants, tenant).QueryRow(func(row pgx.Row) (err error) {
		out.NetworkGrants, err = scanGrants(row, tenant)
		note(err)
		return nil
	})
	b.Queue(selectMCPServers, tenant).Query(func(rows pgx.Rows) (err error) {
		out.MCPServers, err = scanMCPServers(rows, tenant)
		note(err)
		return nil
	})
}
