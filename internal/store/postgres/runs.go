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

// TaskRun returns the saved run of a tenant's task.
func (d *DB) TaskRun(ctx context.Context, tenant, taskID string) (*store.TaskRun, error) {
	r := store.TaskRun{Tenant: tenant, TaskID: taskID}
	err := d.pool.QueryRow(ctx, `SELECT additional_input, state, awaiting, updated FROM task_runs WHERE tenant = $1 AND task_id = $2`,
		tenant, taskID).Scan(&r.AdditionalInput, &r.State, &r.Awaiting, &r.Updated)
	if err != nil {
		return nil, notFound(err, "task", taskID)
	}
	r.Updated = utc(r.Updated)
	return &r, nil
}

const apStepCols = `tenant, task_id, id, seq, name, input, additional_input, status, output, additional_output, is_last, created, modified`

func scanAPStep(row pgx.Row) (*store.APStep, error) {
	var st store.APStep
	if err := row.Scan(&st.Tenant, &st.TaskID, &st.ID, &st.Seq, &st.Name, &st.Input, &st.AdditionalInput, &st.Status, &st.Output,
		&st.AdditionalOutput, &st.IsLast, &st.Created, &st.Modified); err != nil {
		return nil, err
	}
	st.Created, st.Modified = utc(st.Created), utc(st.Modified)
	return &st, nil
}

// StartAPStep records a step as running on this node with the next seq of its task. Starters on
// every node lock the task's row first, so they take turns per task; the partial unique index
// ap_steps_one_running refuses a second running step even so.
func (d *DB) StartAPStep(ctx context.Context, st *store.APStep) error {
	running := fmt.Errorf("task %s: %w", st.TaskID, store.ErrStepRunning)
	return d.tx(ctx, "start step", func(tx pgx.Tx) error {
		// Lock the task's row and read its next seq and running steps in one statement.
		var n int
		err := tx.QueryRow(ctx, `SELECT
				(SELECT coalesce(max(seq), 0) + 1 FROM ap_steps WHERE tenant = $1 AND task_id = $2),
				(SELECT count(*) FROM ap_steps WHERE tenant = $1 AND task_id = $2 AND status = $3)
			FROM tasks WHERE tenant = $1 AND id = $2 FOR UPDATE`, st.Tenant, st.TaskID, store.APStepRunning).Scan(&st.Seq, &n)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("store: start step: task %q: %w", st.TaskID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return running
		}
		_, err = tx.Exec(ctx, `INSERT INTO ap_steps (`+apStepCols+`, node) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			st.Tenant, st.TaskID, st.ID, st.Seq, st.Name, st.Input, st.AdditionalInput, st.Status, st.Output, st.AdditionalOutput,
			st.IsLast, utc(st.Created), utc(st.Modified), d.node)
		switch code(err) {
		case codeForeignKey:
			return fmt.Errorf("store: start step: task %q: %w", st.TaskID, store.ErrNotFound)
		case codeUnique:
			return running
		}
		return err
	})
}

// FinishAPStep records a step's outcome in one transaction. Only the node running the step may:
// a step marked interrupted meanwhile (this node's lease ran out) is ErrLeaseLost and nothing is
// written, so the task keeps the state another node may already have moved on from.
func (d *DB) FinishAPStep(ctx context.Context, o store.StepOutcome) error {
	st, run, t := o.Step, o.Run, o.Task
	day := st.Modified.UTC().Format(time.DateOnly)
	return d.tx(ctx, "finish step", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE ap_steps SET status = $1, output = $2, additional_output = $3, is_last = $4, modified = $5, node = NULL
			WHERE tenant = $6 AND task_id = $7 AND id = $8 AND status = $9 AND node = $10`,
			st.Status, st.Output, st.AdditionalOutput, st.IsLast, utc(st.Modified), st.Tenant, st.TaskID, st.ID, store.APStepRunning, d.node)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var status string
			err := tx.QueryRow(ctx, `SELECT status FROM ap_steps WHERE tenant = $1 AND task_id = $2 AND id = $3`, st.Tenant, st.TaskID, st.ID).Scan(&status)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("store: finish step %s: %w", st.ID, store.ErrNotFound)
			}
			if err != nil {
				return err
			}
			return fmt.Errorf("store: finish step %s (now %s): %w", st.ID, status, ErrLeaseLost)
		}
		if _, err := tx.Exec(ctx, `UPDATE task_runs SET state = $1, awaiting = $2, updated = $3 WHERE tenant = $4 AND task_id = $5`,
			run.State, run.Awaiting, utc(run.Updated), run.Tenant, run.TaskID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE tasks SET status = $1, outcome = $2, steps = $3, prompt_tokens = $4, completion_tokens = $5, updated = $6
			WHERE tenant = $7 AND id = $8`, t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, utc(t.Updated), t.Tenant, t.ID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO usage_daily (tenant, day, steps, tokens, cpu_ms) VALUES ($1, $2::date, $3, $4, $5)
			ON CONFLICT (tenant, day) DO UPDATE SET steps = usage_daily.steps + excluded.steps, tokens = usage_daily.tokens + excluded.tokens,
			cpu_ms = usage_daily.cpu_ms + excluded.cpu_ms`,
			st.Tenant, day, o.Steps, o.Tokens, o.CPUMillis)
		return err
	})
}

// AbandonAPStep marks a running step of a tenant's interrupted with output.
func (d *DB) AbandonAPStep(ctx context.Context, tenant, stepID, output string) error {
	_, err := d.exec(ctx, "abandon step", `UPDATE ap_steps SET status = $1, output = $2, modified = $3, node = NULL
		WHERE tenant = $4 AND id = $5 AND status = $6`,
		store.APStepInterrupted, output, utc(time.Now()), tenant, stepID, store.APStepRunning)
	return err
}

// APStep returns one step of a tenant's task.
func (d *DB) APStep(ctx context.Context, tenant, taskID, stepID string) (*store.APStep, error) {
	st, err := scanAPStep(d.pool.QueryRow(ctx, `SELECT `+apStepCols+` FROM ap_steps WHERE tenant = $1 AND task_id = $2 AND id = $3`,
		tenant, taskID, stepID))
	if err != nil {
		return nil, notFound(err, "step", stepID)
	}
	return st, nil
}

// APSteps lists a task's steps in order, with the total count.
func (d *DB) APSteps(ctx context.Context, tenant, taskID string, limit, offset int) ([]*store.APStep, int, error) {
	total, err := d.count(ctx, "steps", `SELECT count(*) FROM ap_steps WHERE tenant = $1 AND task_id = $2`, tenant, taskID)
	if err != nil {
		return nil, 0, err
	}
	out, err := list(ctx, d, "steps", scanAPStep, `SELECT `+apStepCols+` FROM ap_steps WHERE tenant = $1 AND task_id = $2 ORDER BY seq
		LIMIT $3 OFFSET $4`, tenant, taskID, limit, offset)
	return out, total, err
}

// MarkInterruptedSteps marks interrupted every running step, of every tenant, whose node's lease
// has run out or was handed back, and returns them. The steps of live nodes, this one included,
// are left running. Nodes marking at once each take the steps the others have not locked (SKIP
// LOCKED), so every cut step is marked, and returned, once.
func (d *DB) MarkInterruptedSteps(ctx context.Context, output string) ([]*store.APStep, error) {
	var out []*store.APStep
	err := d.tx(ctx, "mark steps interrupted", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE ap_steps SET status = $1, output = $2, modified = $3, node = NULL
			WHERE (tenant, id) IN (SELECT tenant, id FROM ap_steps s WHERE status = $4
				AND (node IS NULL OR NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = s.node AND n.expires > now()))
				FOR UPDATE SKIP LOCKED)
			RETURNING `+apStepCols,
			store.APStepInterrupted, output, utc(time.Now()), store.APStepRunning)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*store.APStep, error) { return scanAPStep(r) })
		if err != nil {
			return err
		}
		// Nodes gone for a day, with nothing left running, are forgotten.
		_, err = tx.Exec(ctx, `DELETE FROM nodes n WHERE expires < now() - interval '1 day'
			AND NOT EXISTS (SELECT 1 FROM ap_steps s WHERE s.status = $1 AND s.node = n.id)`, store.APStepRunning)
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Tenant != b.Tenant {
			return a.Tenant < b.Tenant
		}
		if a.TaskID != b.TaskID {
			return a.TaskID < b.TaskID
		}
		return a.Seq < b.Seq
	})
	return out, nil
}

// UsageOn returns a tenant's usage on day.
func (d *DB) UsageOn(ctx context.Context, tenant, day string) (store.Usage, error) {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return store.Usage{}, fmt.Errorf("store: usage: day %q is not YYYY-MM-DD", day)
	}
	var u store.Usage
	err := d.pool.QueryRow(ctx, `SELECT steps, tokens, cpu_ms FROM usage_daily WHERE tenant = $1 AND day = $2::date`, tenant, day).
		Scan(&u.Steps, &u.Tokens, &u.CPUMillis)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Usage{}, nil
	}
	if err != nil {
		return store.Usage{}, fmt.Errorf("store: usage: %w", err)
	}
	return u, nil
}
