package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TaskRun is what the server keeps about a task between Agent Protocol steps: the request's
// additional input and the agent's saved state, both JSON, and the call awaiting approval.
type TaskRun struct {
	Tenant          string
	TaskID          string
	AdditionalInput string // JSON object
	State           string // JSON agent.State
	Awaiting        string // JSON binding of the call awaiting approval; empty when none
	Updated         time.Time
}

// CreateTaskRun records a new task and its run in one transaction: either both exist or neither.
func (s *Store) CreateTaskRun(ctx context.Context, t *Task, run *TaskRun) error {
	if err := newTask(t); err != nil {
		return err
	}
	now := time.Now().UTC()
	run.Tenant, run.TaskID, run.Updated = t.Tenant, t.ID, now
	if run.AdditionalInput == "" {
		run.AdditionalInput = "{}"
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (tenant, id, goal, status, outcome, model, workspace, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.Tenant, t.ID, t.Goal, t.Status, t.Outcome, t.Model, t.Workspace, micros(t.Created), micros(t.Updated)); err != nil {
			return fmt.Errorf("store: create task: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO task_runs (tenant, task_id, additional_input, state, awaiting, updated) VALUES (?, ?, ?, ?, ?, ?)`,
			run.Tenant, run.TaskID, run.AdditionalInput, run.State, run.Awaiting, micros(run.Updated)); err != nil {
			return fmt.Errorf("store: create task run: %w", err)
		}
		return nil
	})
}

// TaskRun returns the saved run of a tenant's task.
func (s *Store) TaskRun(ctx context.Context, tenant, taskID string) (*TaskRun, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	r := TaskRun{Tenant: tenant, TaskID: taskID}
	var updated int64
	err := s.db.QueryRowContext(ctx, `SELECT additional_input, state, awaiting, updated FROM task_runs WHERE tenant = ? AND task_id = ?`,
		tenant, taskID).Scan(&r.AdditionalInput, &r.State, &r.Awaiting, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("task %q: %w", taskID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: task run: %w", err)
	}
	r.Updated = fromMicros(updated)
	return &r, nil
}

// Agent Protocol step statuses. Running marks a step in progress; a step the server was running
// when it stopped is marked Interrupted at the next start, and the task can continue from its last
// saved state.
const (
	APStepRunning     = "running"
	APStepCompleted   = "completed"
	APStepAwaiting    = "awaiting_approval"
	APStepInterrupted = "interrupted"
)

// APStep is one Agent Protocol step: one request that advanced a task by one agent step.
type APStep struct {
	Tenant           string
	TaskID           string
	ID               string
	Seq              int64
	Name             string
	Input            string
	AdditionalInput  string // JSON object
	Status           string
	Output           string
	AdditionalOutput string // JSON object
	IsLast           bool
	Created          time.Time
	Modified         time.Time
}

const apStepCols = `tenant, task_id, id, seq, name, input, additional_input, status, output, additional_output, is_last, created, modified`

func scanAPStep(row interface{ Scan(...any) error }) (*APStep, error) {
	var st APStep
	var created, modified int64
	if err := row.Scan(&st.Tenant, &st.TaskID, &st.ID, &st.Seq, &st.Name, &st.Input, &st.AdditionalInput, &st.Status, &st.Output,
		&st.AdditionalOutput, &st.IsLast, &created, &modified); err != nil {
		return nil, err
	}
	st.Created, st.Modified = fromMicros(created), fromMicros(modified)
	return &st, nil
}

// ErrStepRunning reports a step started while another step of the same task is running (on this
// server or, with a shared database, on another).
var ErrStepRunning = errors.New("a step of this task is running")

// StartAPStep durably records a step as running before any of its work happens, so that a crash
// during it is visible at the next start. ID, Seq and the times are set. It fails with
// ErrStepRunning while another step of the task runs.
func (s *Store) StartAPStep(ctx context.Context, st *APStep) error {
	if err := checkTenant(st.Tenant); err != nil {
		return err
	}
	if st.ID == "" {
		st.ID = NewID()
	}
	st.Status = APStepRunning
	st.Created = time.Now().UTC()
	st.Modified = st.Created
	if st.AdditionalInput == "" {
		st.AdditionalInput = "{}"
	}
	if st.AdditionalOutput == "" {
		st.AdditionalOutput = "{}"
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var running int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1, count(*) FILTER (WHERE status = ?) FROM ap_steps WHERE tenant = ? AND task_id = ?`,
			APStepRunning, st.Tenant, st.TaskID).Scan(&st.Seq, &running); err != nil {
			return fmt.Errorf("store: start step: %w", err)
		}
		if running > 0 {
			return fmt.Errorf("task %s: %w", st.TaskID, ErrStepRunning)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ap_steps (`+apStepCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.Tenant, st.TaskID, st.ID, st.Seq, st.Name, st.Input, st.AdditionalInput, st.Status, st.Output, st.AdditionalOutput,
			st.IsLast, micros(st.Created), micros(st.Modified))
		if err != nil {
			return fmt.Errorf("store: start step: %w", err)
		}
		return nil
	})
}

// StepOutcome is everything one finished step changes, written in one transaction: the step, the
// task's saved run, the task's counters and status, and the tenant's usage of the day.
type StepOutcome struct {
	Step *APStep
	Run  *TaskRun
	// Task counters and status as they stand after the step.
	Task *Task
	// Usage of this step, added to the tenant's day (UTC).
	Steps, Tokens, CPUMillis int64
}

// FinishAPStep records a step's outcome atomically.
func (s *Store) FinishAPStep(ctx context.Context, o StepOutcome) error {
	st, run, t := o.Step, o.Run, o.Task
	if err := checkTenant(st.Tenant); err != nil {
		return err
	}
	if run.Tenant != st.Tenant || t.Tenant != st.Tenant || run.TaskID != st.TaskID || t.ID != st.TaskID {
		return errors.New("store: finish step: step, run and task disagree on tenant or task")
	}
	now := time.Now().UTC()
	st.Modified, run.Updated, t.Updated = now, now, now
	day := now.Format(time.DateOnly)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE ap_steps SET status = ?, output = ?, additional_output = ?, is_last = ?, modified = ?
			WHERE tenant = ? AND id = ?`, st.Status, st.Output, st.AdditionalOutput, st.IsLast, micros(now), st.Tenant, st.ID)
		if err != nil {
			return fmt.Errorf("store: finish step: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: finish step %s: %w", st.ID, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE task_runs SET state = ?, awaiting = ?, updated = ? WHERE tenant = ? AND task_id = ?`,
			run.State, run.Awaiting, micros(now), run.Tenant, run.TaskID); err != nil {
			return fmt.Errorf("store: save run: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET status = ?, outcome = ?, steps = ?, prompt_tokens = ?, completion_tokens = ?, updated = ?
			WHERE tenant = ? AND id = ?`, t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, micros(now), t.Tenant, t.ID); err != nil {
			return fmt.Errorf("store: update task: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO usage_daily (tenant, day, steps, tokens, cpu_ms) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tenant, day) DO UPDATE SET steps = steps + excluded.steps, tokens = tokens + excluded.tokens, cpu_ms = cpu_ms + excluded.cpu_ms`,
			st.Tenant, day, o.Steps, o.Tokens, o.CPUMillis); err != nil {
			return fmt.Errorf("store: add usage: %w", err)
		}
		return nil
	})
}

// APStep returns one step of a tenant's task.
func (s *Store) APStep(ctx context.Context, tenant, taskID, stepID string) (*APStep, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	st, err := scanAPStep(s.db.QueryRowContext(ctx, `SELECT `+apStepCols+` FROM ap_steps WHERE tenant = ? AND task_id = ? AND id = ?`,
		tenant, taskID, stepID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("step %q: %w", stepID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: step: %w", err)
	}
	return st, nil
}

// APSteps lists a task's steps in order, with the total count.
func (s *Store) APSteps(ctx context.Context, tenant, taskID string, limit, offset int) ([]*APStep, int, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM ap_steps WHERE tenant = ? AND task_id = ?`, tenant, taskID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count steps: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+apStepCols+` FROM ap_steps WHERE tenant = ? AND task_id = ? ORDER BY seq LIMIT ? OFFSET ?`,
		tenant, taskID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: steps: %w", err)
	}
	defer rows.Close()
	var out []*APStep
	for rows.Next() {
		st, err := scanAPStep(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: steps: %w", err)
		}
		out = append(out, st)
	}
	return out, total, rows.Err()
}

// MarkInterruptedSteps marks every step of every tenant still running as interrupted: at start-up,
// those are the steps a crash or a kill cut short. Their tasks keep the state saved by the last
// finished step, so the next step resumes from there. It returns the marked steps.
func (s *Store) MarkInterruptedSteps(ctx context.Context, output string) ([]*APStep, error) {
	var out []*APStep
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+apStepCols+` FROM ap_steps WHERE status = ?`, APStepRunning)
		if err != nil {
			return fmt.Errorf("store: find running steps: %w", err)
		}
		for rows.Next() {
			st, err := scanAPStep(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("store: find running steps: %w", err)
			}
			out = append(out, st)
		}
		rows.Close()
		now := micros(time.Now())
		for _, st := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE ap_steps SET status = ?, output = ?, modified = ? WHERE tenant = ? AND id = ?`,
				APStepInterrupted, output, now, st.Tenant, st.ID); err != nil {
				return fmt.Errorf("store: mark step interrupted: %w", err)
			}
			st.Status, st.Output = APStepInterrupted, output
		}
		return nil
	})
	return out, err
}

// Usage is a tenant's consumption on one day (UTC).
type Usage struct {
	Steps, Tokens, CPUMillis int64
}

// UsageOn returns a tenant's usage on day (YYYY-MM-DD, UTC).
func (s *Store) UsageOn(ctx context.Context, tenant, day string) (Usage, error) {
	if err := checkTenant(tenant); err != nil {
		return Usage{}, err
	}
	var u Usage
	err := s.db.QueryRowContext(ctx, `SELECT steps, tokens, cpu_ms FROM usage_daily WHERE tenant = ? AND day = ?`, tenant, day).
		Scan(&u.Steps, &u.Tokens, &u.CPUMillis)
	if errors.Is(err, sql.ErrNoRows) {
		return Usage{}, nil
	}
	if err != nil {
		return Usage{}, fmt.Errorf("store: usage: %w", err)
	}
	return u, nil
}

// AbandonAPStep marks a running step of a tenant's as interrupted with output, for a step whose
// request failed before it could finish; the task keeps its last saved state.
func (s *Store) AbandonAPStep(ctx context.Context, tenant, stepID, output string) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	if _, err := s.execW(ctx, `UPDATE ap_steps SET status = ?, output = ?, modified = ? WHERE tenant = ? AND id = ? AND status = ?`,
		APStepInterrupted, output, micros(time.Now()), tenant, stepID, APStepRunning); err != nil {
		return fmt.Errorf("store: abandon step: %w", err)
	}
	return nil
}
