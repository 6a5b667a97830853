package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// SaveTaskRun stores or replaces the saved run of a tenant's task.
func (d *DB) SaveTaskRun(ctx context.Context, r *store.TaskRun) error {
	return d.write(ctx, "save task run", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO task_runs (tenant, task_id, additional_input, state, awaiting, updated) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, task_id) DO UPDATE SET additional_input = excluded.additional_input, state = excluded.state,
			awaiting = excluded.awaiting, updated = excluded.updated`,
			r.Tenant, r.TaskID, r.AdditionalInput, r.State, r.Awaiting, micros(r.Updated))
		if isForeignKey(err) {
			return fmt.Errorf("store: save the run of task %q: %w", r.TaskID, store.ErrNotFound)
		}
		return err
	})
}

// TakeLease gives holder the lease of a tenant's task until until, unless another holder's lease
// lasts past now.
func (d *DB) TakeLease(ctx context.Context, tenant, taskID, holder string, now, until time.Time) error {
	return d.write(ctx, "take lease", func(tx *sql.Tx) error {
		var other string
		var expires int64
		err := tx.QueryRowContext(ctx, `SELECT holder, expires FROM task_leases WHERE tenant = ? AND task_id = ?`, tenant, taskID).Scan(&other, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case other != holder && expires > micros(now):
			return fmt.Errorf("store: task %s: %w (until %s)", taskID, store.ErrLeaseHeld, fromMicros(expires).Format(time.RFC3339))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO task_leases (tenant, task_id, holder, expires) VALUES (?, ?, ?, ?)
			ON CONFLICT (tenant, task_id) DO UPDATE SET holder = excluded.holder, expires = excluded.expires`,
			tenant, taskID, holder, micros(until))
		if isForeignKey(err) {
			return fmt.Errorf("store: lease of task %q: %w", taskID, store.ErrNotFound)
		}
		return err
	})
}

// ExpireLeases marks a tenant's running tasks whose lease ended before now interrupted.
func (d *DB) ExpireLeases(ctx context.Context, tenant string, now time.Time, outcome string) ([]string, error) {
	var ids []string
	err := d.write(ctx, "expire leases", func(tx *sql.Tx) error {
		ids = nil
		rows, err := tx.QueryContext(ctx, `SELECT t.id FROM tasks t JOIN task_leases l ON l.tenant = t.tenant AND l.task_id = t.id
			WHERE t.tenant = ? AND t.status = ? AND l.expires < ? ORDER BY t.id`, tenant, store.StatusRunning, micros(now))
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = ?, outcome = ?, updated = ? WHERE tenant = ? AND id = ?`,
				store.StatusInterrupted, outcome, micros(now), tenant, id); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}
