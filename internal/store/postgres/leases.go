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

// SaveTaskRun stores or replaces the saved run of a tenant's task.
func (d *DB) SaveTaskRun(ctx context.Context, r *store.TaskRun) error {
	return d.tx(ctx, "save task run", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO task_runs (tenant, task_id, additional_input, state, awaiting, updated) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (tenant, task_id) DO UPDATE SET additional_input = excluded.additional_input, state = excluded.state,
			awaiting = excluded.awaiting, updated = excluded.updated`,
			r.Tenant, r.TaskID, r.AdditionalInput, r.State, r.Awaiting, utc(r.Updated))
		if code(err) == codeForeignKey {
			return fmt.Errorf("store: save the run of task %q: %w", r.TaskID, store.ErrNotFound)
		}
		return err
	})
}

// TakeLease gives holder the lease of a tenant's task until until, unless another holder's lease
// lasts past now: one statement, so of two racing holders one gets ErrLeaseHeld.
func (d *DB) TakeLease(ctx context.Context, tenant, taskID, holder string, now, until time.Time) error {
	return d.tx(ctx, "take lease", func(tx pgx.Tx) error {
		var got string
		err := tx.QueryRow(ctx, `INSERT INTO task_leases AS l (tenant, task_id, holder, expires) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant, task_id) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
				WHERE l.holder = excluded.holder OR l.expires <= $5
			RETURNING holder`, tenant, taskID, holder, utc(until), utc(now)).Scan(&got)
		switch {
		case code(err) == codeForeignKey:
			return fmt.Errorf("store: lease of task %q: %w", taskID, store.ErrNotFound)
		case errors.Is(err, pgx.ErrNoRows):
			var expires time.Time
			if err := tx.QueryRow(ctx, `SELECT expires FROM task_leases WHERE tenant = $1 AND task_id = $2`, tenant, taskID).Scan(&expires); err != nil {
				return err
			}
			return fmt.Errorf("store: task %s: %w (until %s)", taskID, store.ErrLeaseHeld, expires.UTC().Format(time.RFC3339))
		}
		return err
	})
}

// ExpireLeases marks a tenant's running tasks whose lease ended before now interrupted.
func (d *DB) ExpireLeases(ctx context.Context, tenant string, now time.Time, outcome string) ([]string, error) {
	var ids []string
	err := d.tx(ctx, "expire leases", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE tasks t SET status = $1, outcome = $2, updated = $3 FROM task_leases l
			WHERE l.tenant = t.tenant AND l.task_id = t.id AND t.tenant = $4 AND t.status = $5 AND l.expires < $3
			RETURNING t.id`, store.StatusInterrupted, outcome, utc(now), tenant, store.StatusRunning)
		if err != nil {
			return err
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	return ids, nil
}
