package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

const taskCols = `tenant, id, goal, status, outcome, model, workspace, steps, prompt_tokens, completion_tokens, created, updated`

func scanTask(row pgx.Row) (*store.Task, error) {
	var t store.Task
	if err := row.Scan(&t.Tenant, &t.ID, &t.Goal, &t.Status, &t.Outcome, &t.Model, &t.Workspace, &t.Steps,
		&t.PromptTokens, &t.CompletionTokens, &t.Created, &t.Updated); err != nil {
		return nil, err
	}
	t.Created, t.Updated = utc(t.Created), utc(t.Updated)
	return &t, nil
}

// CreateTask records t and, when run is not nil, its run, in one transaction.
func (d *DB) CreateTask(ctx context.Context, t *store.Task, run *store.TaskRun) error {
	qs := []query{{sql: `INSERT INTO tasks (` + taskCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		args: []any{t.Tenant, t.ID, t.Goal, t.Status, t.Outcome, t.Model, t.Workspace, t.Steps, t.PromptTokens, t.CompletionTokens,
			utc(t.Created), utc(t.Updated)}}}
	if run != nil {
		qs = append(qs, query{sql: `INSERT INTO task_runs (tenant, task_id, additional_input, state, awaiting, updated) VALUES ($1, $2, $3, $4, $5, $6)`,
			args: []any{run.Tenant, run.TaskID, run.AdditionalInput, run.State, run.Awaiting, utc(run.Updated)}})
	}
	return d.pipeline(ctx, "create task "+t.ID, qs...)
}

// UpdateTask writes a task's status, outcome, step count, token totals and Updated.
func (d *DB) UpdateTask(ctx context.Context, t *store.Task) error {
	n, err := d.exec(ctx, "update task", `UPDATE tasks SET status = $1, outcome = $2, steps = $3, prompt_tokens = $4, completion_tokens = $5,
		updated = $6 WHERE tenant = $7 AND id = $8`,
		t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, utc(t.Updated), t.Tenant, t.ID)
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
	t, err := scanTask(d.pool.QueryRow(ctx, selectTask, tenant, id))
	if err != nil {
		return nil, notFound(err, "task", id)
	}
	return t, nil
}

// TasksByPrefix returns up to limit tasks of tenant whose id starts with prefix.
func (d *DB) TasksByPrefix(ctx context.Context, tenant, prefix string, limit int) ([]*store.Task, error) {
	return list(ctx, d, "find task", scanTask, `SELECT `+taskCols+` FROM tasks WHERE tenant = $1 AND left(id, char_length($2)) = $2
		ORDER BY id LIMIT $3`, tenant, prefix, limit)
}

// Tasks lists tenant's tasks, newest first, and their total count.
func (d *DB) Tasks(ctx context.Context, tenant string, limit, offset int) ([]*store.Task, int, error) {
	total, err := d.count(ctx, "tasks", `SELECT count(*) FROM tasks WHERE tenant = $1`, tenant)
	if err != nil {
		return nil, 0, err
	}
	out, err := list(ctx, d, "list tasks", scanTask, `SELECT `+taskCols+` FROM tasks WHERE tenant = $1 ORDER BY created DESC, id DESC
		LIMIT $2 OFFSET $3`, tenant, limit, offset)
	return out, total, err
}

const stepCols = `tenant, id, task_id, turn, tool, arguments, decision, feedback, output, error, flagged, prompt_tokens, completion_tokens, started, duration_us`

// AddStep appends a step to its task and sets its ID.
//
// Its commit does not wait for the disk (synchronous_commit off for this transaction only): the
// record is visible to every node at once and survives a crash of paddock, and the next commit
// that waits, by anyone, makes it durable too, since PostgreSQL's log is flushed in order. An
// agent step adds its calls while it runs and is answered only after FinishAPStep's commit, which
// waits, so no acknowledged write can be lost; a crash of PostgreSQL or of the machine during a
// step can lose the calls of that unfinished step (the step's running row, written with a commit
// that waits, still shows it was cut), as SQLite's WAL with synchronous=NORMAL can.
//
// The transaction is one round trip (BEGIN, the setting, the insert and COMMIT pipelined).
func (d *DB) AddStep(ctx context.Context, st *store.Step) error {
	err := d.async(ctx, "add step", query{
		sql: `INSERT INTO steps (tenant, task_id, turn, tool, arguments, decision, feedback, output, error, flagged,
			prompt_tokens, completion_tokens, started, duration_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			RETURNING id`,
		args: []any{st.Tenant, st.TaskID, st.Turn, st.Tool, st.Arguments, st.Decision, st.Feedback, st.Output, st.Error, st.Flagged,
			st.PromptTokens, st.CompletionTokens, utc(st.Started), st.Duration.Microseconds()},
		scan: func(row pgx.Row) error { return row.Scan(&st.ID) },
	})
	if errors.Is(err, store.ErrNotFound) { // a missing task: the foreign key
		return fmt.Errorf("store: add step to task %q: %w", st.TaskID, store.ErrNotFound)
	}
	return err
}

// Steps returns a task's steps in order.
func (d *DB) Steps(ctx context.Context, tenant, taskID string) ([]*store.Step, error) {
	return list(ctx, d, "steps", func(row pgx.Row) (*store.Step, error) {
		var st store.Step
		var dur int64
		if err := row.Scan(&st.Tenant, &st.ID, &st.TaskID, &st.Turn, &st.Tool, &st.Arguments, &st.Decision, &st.Feedback,
			&st.Output, &st.Error, &st.Flagged, &st.PromptTokens, &st.CompletionTokens, &st.Started, &dur); err != nil {
			return nil, err
		}
		st.Started, st.Duration = utc(st.Started), time.Duration(dur)*time.Microsecond
		return &st, nil
	}, `SELECT `+stepCols+` FROM steps WHERE tenant = $1 AND task_id = $2 ORDER BY id`, tenant, taskID)
}
