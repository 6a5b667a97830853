package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

const taskCols = `tenant, id, goal, status, outcome, model, workspace, steps, prompt_tokens, completion_tokens, created, updated`

func scanTask(row scanner) (*store.Task, error) {
	var t store.Task
	var created, updated int64
	if err := row.Scan(&t.Tenant, &t.ID, &t.Goal, &t.Status, &t.Outcome, &t.Model, &t.Workspace, &t.Steps,
		&t.PromptTokens, &t.CompletionTokens, &created, &updated); err != nil {
		return nil, err
	}
	t.Created, t.Updated = fromMicros(created), fromMicros(updated)
	return &t, nil
}

// CreateTask records t and, when run is not nil, its run, in one transaction.
func (d *DB) CreateTask(ctx context.Context, t *store.Task, run *store.TaskRun) error {
	return d.write(ctx, "create task "+t.ID, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (`+taskCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.Tenant, t.ID, t.Goal, t.Status, t.Outcome, t.Model, t.Workspace, t.Steps, t.PromptTokens, t.CompletionTokens,
			micros(t.Created), micros(t.Updated)); err != nil {
			return err
		}
		if run == nil {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO task_runs (tenant, task_id, additional_input, state, awaiting, updated) VALUES (?, ?, ?, ?, ?, ?)`,
			run.Tenant, run.TaskID, run.AdditionalInput, run.State, run.Awaiting, micros(run.Updated))
		return err
	})
}

// UpdateTask writes a task's status, outcome, step count, token totals and Updated.
func (d *DB) UpdateTask(ctx context.Context, t *store.Task) error {
	n, err := d.exec(ctx, "update task", `UPDATE tasks SET status = ?, outcome = ?, steps = ?, prompt_tokens = ?, completion_tokens = ?, updated = ?
		WHERE tenant = ? AND id = ?`,
		t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, micros(t.Updated), t.Tenant, t.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("store: update task %s: %w", t.ID, store.ErrNotFound)
	}
	return nil
}

// Task returns one task of tenant.
func (d *DB) Task(ctx context.Context, tenant, id string) (*store.Task, error) {
	t, err := scanTask(d.db.QueryRowContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE tenant = ? AND id = ?`, tenant, id))
	if err != nil {
		return nil, notFound(err, "task", id)
	}
	return t, nil
}

// TasksByPrefix returns up to limit tasks of tenant whose id starts with prefix.
func (d *DB) TasksByPrefix(ctx context.Context, tenant, prefix string, limit int) ([]*store.Task, error) {
	return list(ctx, d, "find task", scanTask, `SELECT `+taskCols+` FROM tasks WHERE tenant = ? AND substr(id, 1, ?) = ? ORDER BY id LIMIT ?`,
		tenant, len(prefix), prefix, limit)
}

// Tasks lists tenant's tasks, newest first, and their total count.
func (d *DB) Tasks(ctx context.Context, tenant string, limit, offset int) ([]*store.Task, int, error) {
	total, err := d.count(ctx, "tasks", `SELECT count(*) FROM tasks WHERE tenant = ?`, tenant)
	if err != nil {
		return nil, 0, err
	}
	out, err := list(ctx, d, "list tasks", scanTask, `SELECT `+taskCols+` FROM tasks WHERE tenant = ? ORDER BY created DESC, id DESC LIMIT ? OFFSET ?`,
		tenant, limit, offset)
	return out, total, err
}

const stepCols = `tenant, id, task_id, turn, tool, arguments, decision, feedback, output, error, flagged, prompt_tokens, completion_tokens, started, duration_us`

// AddStep appends a step to its task and sets its ID.
func (d *DB) AddStep(ctx context.Context, st *store.Step) error {
	return d.write(ctx, "add step", func(tx *sql.Tx) error { return insertStep(ctx, tx, st) })
}

// insertStep inserts a step in tx and sets its ID.
func insertStep(ctx context.Context, tx *sql.Tx, st *store.Step) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO steps (tenant, task_id, turn, tool, arguments, decision, feedback, output, error, flagged,
		prompt_tokens, completion_tokens, started, duration_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.Tenant, st.TaskID, st.Turn, st.Tool, st.Arguments, st.Decision, st.Feedback, st.Output, st.Error, st.Flagged,
		st.PromptTokens, st.CompletionTokens, micros(st.Started), st.Duration.Microseconds())
	if isForeignKey(err) {
		return fmt.Errorf("store: add step to task %q: %w", st.TaskID, store.ErrNotFound)
	}
	if err != nil {
		return err
	}
	st.ID, err = res.LastInsertId()
	return err
}

// Steps returns a task's steps in order.
func (d *DB) Steps(ctx context.Context, tenant, taskID string) ([]*store.Step, error) {
	return list(ctx, d, "steps", func(row scanner) (*store.Step, error) {
		var st store.Step
		var started, dur int64
		if err := row.Scan(&st.Tenant, &st.ID, &st.TaskID, &st.Turn, &st.Tool, &st.Arguments, &st.Decision, &st.Feedback,
			&st.Output, &st.Error, &st.Flagged, &st.PromptTokens, &st.CompletionTokens, &started, &dur); err != nil {
			return nil, err
		}
		st.Started, st.Duration = fromMicros(started), time.Duration(dur)*time.Microsecond
		return &st, nil
	}, `SELECT `+stepCols+` FROM steps WHERE tenant = ? AND task_id = ? ORDER BY id`, tenant, taskID)
}
