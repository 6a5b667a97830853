package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// TaskRun returns the saved run of a tenant's task.
func (d *DB) TaskRun(ctx context.Context, tenant, taskID string) (*store.TaskRun, error) {
	r := store.TaskRun{Tenant: tenant, TaskID: taskID}
	var updated int64
	err := d.db.QueryRowContext(ctx, `SELECT additional_input, state, awaiting, updated FROM task_runs WHERE tenant = ? AND task_id = ?`,
		tenant, taskID).Scan(&r.AdditionalInput, &r.State, &r.Awaiting, &updated)
	if err != nil {
		return nil, notFound(err, "task", taskID)
	}
	r.Updated = fromMicros(updated)
	return &r, nil
}

const apStepCols = `tenant, task_id, id, seq, name, input, additional_input, status, output, additional_output, is_last, created, modified`

func scanAPStep(row scanner) (*store.APStep, error) {
	var st store.APStep
	var created, modified int64
	if err := row.Scan(&st.Tenant, &st.TaskID, &st.ID, &st.Seq, &st.Name, &st.Input, &st.AdditionalInput, &st.Status, &st.Output,
		&st.AdditionalOutput, &st.IsLast, &created, &modified); err != nil {
		return nil, err
	}
	st.Created, st.Modified = fromMicros(created), fromMicros(modified)
	return &st, nil
}

// StartAPStep records a step as running with the next seq of its task. The check for a running
// step and the partial unique index ap_steps_one_running both refuse a second one.
func (d *DB) StartAPStep(ctx context.Context, st *store.APStep) error {
	running := fmt.Errorf("task %s: %w", st.TaskID, store.ErrStepRunning)
	return d.write(ctx, "start step", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1, count(*) FILTER (WHERE status = ?) FROM ap_steps WHERE tenant = ? AND task_id = ?`,
			store.APStepRunning, st.Tenant, st.TaskID).Scan(&st.Seq, &n); err != nil {
			return err
		}
		if n > 0 {
			return running
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ap_steps (`+apStepCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.Tenant, st.TaskID, st.ID, st.Seq, st.Name, st.Input, st.AdditionalInput, st.Status, st.Output, st.AdditionalOutput,
			st.IsLast, micros(st.Created), micros(st.Modified))
		switch {
		case isForeignKey(err):
			return fmt.Errorf("store: start step: task %q: %w", st.TaskID, store.ErrNotFound)
		case code(err) == codeUnique:
			return running // another step took the seq or the running slot first
		}
		return err
	})
}

// FinishAPStep records a step's outcome in one transaction.
func (d *DB) FinishAPStep(ctx context.Context, o store.StepOutcome) error {
	st, run, t := o.Step, o.Run, o.Task
	day := st.Modified.UTC().Format(time.DateOnly)
	return d.write(ctx, "finish step", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE ap_steps SET status = ?, output = ?, additional_output = ?, is_last = ?, modified = ?
			WHERE tenant = ? AND task_id = ? AND id = ?`,
			st.Status, st.Output, st.AdditionalOutput, st.IsLast, micros(st.Modified), st.Tenant, st.TaskID, st.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("store: finish step %s: %w", st.ID, store.ErrNotFound)
		}
		for _, c := range o.Calls {
			if err := insertStep(ctx, tx, c); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE task_runs SET state = ?, awaiting = ?, updated = ? WHERE tenant = ? AND task_id = ?`,
			run.State, run.Awaiting, micros(run.Updated), run.Tenant, run.TaskID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = ?, outcome = ?, steps = ?, prompt_tokens = ?, completion_tokens = ?, updated = ?
			WHERE tenant = ? AND id = ?`, t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, micros(t.Updated), t.Tenant, t.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO usage_daily (tenant, day, steps, tokens, cpu_ms) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tenant, day) DO UPDATE SET steps = steps + excluded.steps, tokens = tokens + excluded.tokens, cpu_ms = cpu_ms + excluded.cpu_ms`,
			st.Tenant, day, o.Steps, o.Tokens, o.CPUMillis)
		if err != nil || len(o.Audit) == 0 {
			return err
		}
		return appendAudit(ctx, tx, o.Audit, o.AuditHash)
	})
}

// DiscardAPStep deletes a running step of a tenant's task.
func (d *DB) DiscardAPStep(ctx context.Context, tenant, taskID, stepID string) error {
	_, err := d.exec(ctx, "discard step", `DELETE FROM ap_steps WHERE tenant = ? AND task_id = ? AND id = ? AND status = ?`,
		tenant, taskID, stepID, store.APStepRunning)
	return err
}

// AbandonAPStep marks a running step of a tenant's interrupted with output.
func (d *DB) AbandonAPStep(ctx context.Context, tenant, stepID, output string) error {
	_, err := d.exec(ctx, "abandon step", `UPDATE ap_steps SET status = ?, output = ?, modified = ? WHERE tenant = ? AND id = ? AND status = ?`,
		store.APStepInterrupted, output, micros(time.Now()), tenant, stepID, store.APStepRunning)
	return err
}

// APStep returns one step of a tenant's task.
func (d *DB) APStep(ctx context.Context, tenant, taskID, stepID string) (*store.APStep, error) {
	st, err := scanAPStep(d.db.QueryRowContext(ctx, `SELECT `+apStepCols+` FROM ap_steps WHERE tenant = ? AND task_id = ? AND id = ?`,
		tenant, taskID, stepID))
	if err != nil {
		return nil, notFound(err, "step", stepID)
	}
	return st, nil
}

// APSteps lists a task's steps in order, with the total count.
func (d *DB) APSteps(ctx context.Context, tenant, taskID string, limit, offset int) ([]*store.APStep, int, error) {
	total, err := d.count(ctx, "steps", `SELECT count(*) FROM ap_steps WHERE tenant = ? AND task_id = ?`, tenant, taskID)
	if err != nil {
		return nil, 0, err
	}
	out, err := list(ctx, d, "steps", scanAPStep, `SELECT `+apStepCols+` FROM ap_steps WHERE tenant = ? AND task_id = ? ORDER BY seq LIMIT ? OFFSET ?`,
		tenant, taskID, limit, offset)
	return out, total, err
}

// MarkInterruptedSteps marks every running step of every tenant interrupted, in one transaction.
func (d *DB) MarkInterruptedSteps(ctx context.Context, output string) ([]*store.APStep, error) {
	var out []*store.APStep
	err := d.write(ctx, "mark steps interrupted", func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT `+apStepCols+` FROM ap_steps WHERE status = ? ORDER BY tenant, task_id, seq`, store.APStepRunning)
		if err != nil {
			return err
		}
		for rows.Next() {
			st, err := scanAPStep(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := fromMicros(micros(time.Now()))
		for _, st := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE ap_steps SET status = ?, output = ?, modified = ? WHERE tenant = ? AND id = ?`,
				store.APStepInterrupted, output, micros(now), st.Tenant, st.ID); err != nil {
				return err
			}
			st.Status, st.Output, st.Modified = store.APStepInterrupted, output, now
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UsageOn returns a tenant's usage on day.
func (d *DB) UsageOn(ctx context.Context, tenant, day string) (store.Usage, error) {
	var u store.Usage
	err := d.db.QueryRowContext(ctx, `SELECT steps, tokens, cpu_ms FROM usage_daily WHERE tenant = ? AND day = ?`, tenant, day).
		Scan(&u.Steps, &u.Tokens, &u.CPUMillis)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Usage{}, nil
	}
	if err != nil {
		return store.Usage{}, fmt.Errorf("store: usage: %w", err)
	}
	return u, nil
}
