package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

// TaskRun returns the saved run of a tenant's task.
func (d *DB) TaskRun(ctx context.Context, tenant, taskID string) (*store.TaskRun, error) {
	return scanTaskRun(d.pool.QueryRow(ctx, selectTaskRun, tenant, taskID), tenant, taskID)
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

// StartAPStep records a step as running on this node with the next seq of its task, in one
// statement (in its own transaction, pipelined: one round trip). It locks the task's row first,
// so starters on every node take turns per task; a starter that waited for the lock reads with
// the snapshot taken before it waited, so it may miss the step it waited for, but then its insert
// collides with that step's seq or with the partial unique index ap_steps_one_running (one
// running step per task), and is ErrStepRunning either way.
//
// Its commit does not wait for the disk, as AddStep's (see there): the running row is visible to
// every node at once and survives a crash of paddock (what it is for: the step shows as cut and
// its task resumes), and nobody is answered on it; the step's answer waits for FinishAPStep's
// commit, which waits for the disk and so flushes this one too. A crash of PostgreSQL or of the
// machine during the step can lose the running row with the step's calls: the task then resumes
// from its last finished step, as if the cut step had not started.
func (d *DB) StartAPStep(ctx context.Context, st *store.APStep) error {
	var res startResult
	return res.answer(st, d.async(ctx, "start step", d.startSQL(st, &res, nil)))
}

// startResult is what the start statement (startSQL) returns.
type startResult struct {
	found, running int
	seq            *int64
}

// slotClaim is a start statement's claim of a running-step slot: of the tenant's first max, this
// node holding held; the slot claimed is scanned into slot (nil: none was free).
type slotClaim struct {
	max  int
	held []int32
	slot **int32
}

// startSQL is the start statement, claiming a slot with c when c is not nil: the slot only while
// the task exists and runs no step, the step only on the slot claimed.
func (d *DB) startSQL(st *store.APStep, res *startResult, c *slotClaim) query {
	args := []any{st.Tenant, st.TaskID, st.ID, st.Name, st.Input, st.AdditionalInput, st.Status, st.Output, st.AdditionalOutput,
		st.IsLast, utc(st.Created), utc(st.Modified), d.node, store.APStepRunning}
	claimCTE, from, result := "", "t, prev", ""
	scan := func(row pgx.Row) error { return row.Scan(&res.found, &res.running, &res.seq) }
	if c != nil {
		// $15 and $16: max and the slots this node holds.
		claimCTE = `claim AS (` + fmt.Sprintf(claimSlot, "$1", "$15", "$13", "$16", " AND EXISTS (SELECT 1 FROM t) AND (SELECT running FROM prev) = 0") + `),
			`
		from, result = "t, prev, claim", ", (SELECT slot FROM claim)"
		args = append(args, c.max, c.held)
		scan = func(row pgx.Row) error { return row.Scan(&res.found, &res.running, &res.seq, c.slot) }
	}
	return query{
		scan: scan,
		sql: `WITH t AS (SELECT 1 FROM tasks WHERE tenant = $1 AND id = $2 FOR UPDATE),
			prev AS (SELECT coalesce(max(seq), 0) + 1 AS seq, count(*) FILTER (WHERE status = $14) AS running
				FROM ap_steps WHERE tenant = $1 AND task_id = $2),
			` + claimCTE + `ins AS (INSERT INTO ap_steps (` + apStepCols + `, node)
				SELECT $1, $2, $3, prev.seq, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM ` + from + ` WHERE prev.running = 0
				RETURNING seq)
		SELECT (SELECT count(*) FROM t), (SELECT running FROM prev), (SELECT seq FROM ins)` + result,
		args: args}
}

// answer turns the start statement's result, or err, into StartAPStep's answer, setting st's Seq.
func (res startResult) answer(st *store.APStep, err error) error {
	switch {
	case errors.Is(err, store.ErrExists): // the seq or the one running step, taken meanwhile
		return fmt.Errorf("task %s: %w", st.TaskID, store.ErrStepRunning)
	case err != nil:
		return err
	case res.found == 0:
		return fmt.Errorf("store: start step: task %q: %w", st.TaskID, store.ErrNotFound)
	case res.running > 0 || res.seq == nil:
		return fmt.Errorf("task %s: %w", st.TaskID, store.ErrStepRunning)
	}
	st.Seq = *res.seq
	return nil
}

// finishCTEs are the writes of a step's finish, each after the step's own conditional on it: the
// step (only while it runs on this node; %s adds a condition), its run, its task, the day's usage.
const finishCTEs = `s AS (UPDATE ap_steps SET status = $1, output = $2, additional_output = $3, is_last = $4, modified = $5, node = NULL
		WHERE tenant = $6 AND task_id = $7 AND id = $8 AND status = $9 AND node = $10%s RETURNING 1),
	r AS (UPDATE task_runs SET state = $11, awaiting = $12, updated = $13
		WHERE tenant = $6 AND task_id = $7 AND EXISTS (SELECT 1 FROM s) RETURNING 1),
	t AS (UPDATE tasks SET status = $14, outcome = $15, steps = $16, prompt_tokens = $17, completion_tokens = $18, updated = $19
		WHERE tenant = $6 AND id = $7 AND EXISTS (SELECT 1 FROM s) RETURNING 1),
	u AS (INSERT INTO usage_daily (tenant, day, steps, tokens, cpu_ms) SELECT $6, $20::date, $21, $22, $23 WHERE EXISTS (SELECT 1 FROM s)
		ON CONFLICT (tenant, day) DO UPDATE SET steps = usage_daily.steps + excluded.steps, tokens = usage_daily.tokens + excluded.tokens,
		cpu_ms = usage_daily.cpu_ms + excluded.cpu_ms RETURNING 1)`

// finishResult is what a finish statement returns: whether the step was finished, its status as
// the statement found it, and the IDs of the calls it added (callsCTE; NULL without any).
const finishResult = `(SELECT count(*) FROM s), (SELECT status FROM ap_steps WHERE tenant = $6 AND task_id = $7 AND id = $8), %s`

// callsCTE adds the step's calls to a finish statement, after its args, when the step is
// finished: the CTE c, whose IDs finishResult returns in order, and the result's expression.
func callsCTE(calls []*store.Step, args []any) (cte, result string, _ []any) {
	if len(calls) == 0 {
		return "", "NULL::bigint[]", args
	}
	values := make([]string, len(calls))
	for i, c := range calls {
		n := len(args)
		values[i] = fmt.Sprintf("(%d, $%d::integer, $%d, $%d, $%d, $%d, $%d, $%d, $%d::boolean, $%d::bigint, $%d::bigint, $%d::timestamptz, $%d::bigint)",
			i, n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12)
		args = append(args, c.Turn, c.Tool, c.Arguments, c.Decision, c.Feedback, c.Output, c.Error, c.Flagged,
			c.PromptTokens, c.CompletionTokens, utc(c.Started), c.Duration.Microseconds())
	}
	// Rows are numbered in the order they are inserted, the order of ord.
	cte = `, c AS (INSERT INTO steps (tenant, task_id, turn, tool, arguments, decision, feedback, output, error, flagged,
			prompt_tokens, completion_tokens, started, duration_us)
		SELECT $6, $7, turn, tool, arguments, decision, feedback, output, error, flagged, prompt_tokens, completion_tokens, started, duration_us
		FROM (VALUES ` + strings.Join(values, ", ") + `) AS v (ord, turn, tool, arguments, decision, feedback, output, error, flagged,
			prompt_tokens, completion_tokens, started, duration_us)
		WHERE EXISTS (SELECT 1 FROM s) ORDER BY ord RETURNING id)`
	return cte, "(SELECT array_agg(id ORDER BY id) FROM c)", args
}

// numberCalls gives the calls the IDs a finish statement returned.
func numberCalls(calls []*store.Step, ids []int64) error {
	if len(ids) != len(calls) {
		return fmt.Errorf("store: finish step: %d calls added, %d IDs returned", len(calls), len(ids))
	}
	for i, c := range calls {
		c.ID = ids[i]
	}
	return nil
}

// FinishAPStep records a step's outcome in one transaction. Only the node running the step may:
// a step marked interrupted meanwhile (this node's lease ran out) is ErrLeaseLost and nothing is
// written, so the task keeps the state another node may already have moved on from.
//
// Without audit entries it is one statement (one round trip). With them, when this node wrote the
// tenant's chain last, it is one statement too, which writes anything only if the chain's head is
// still the one this node remembers (its row locked first); otherwise, or when it was not, a
// transaction finishes the step, locks and reads the head and appends the entries (four round
// trips). Either way the step and its entries are one commit, the one the step's answer waits for,
// and the chain's head is locked before the step's rows.
func (d *DB) FinishAPStep(ctx context.Context, o store.StepOutcome) error {
	st, run, t := o.Step, o.Run, o.Task
	day := st.Modified.UTC().Format(time.DateOnly)
	args := []any{st.Status, st.Output, st.AdditionalOutput, st.IsLast, utc(st.Modified), st.Tenant, st.TaskID, st.ID, store.APStepRunning, d.node,
		run.State, run.Awaiting, utc(run.Updated),
		t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, utc(t.Updated),
		day, o.Steps, o.Tokens, o.CPUMillis}
	calls, result, args := callsCTE(o.Calls, args)
	plain := `WITH ` + fmt.Sprintf(finishCTEs, "") + calls + ` SELECT ` + fmt.Sprintf(finishResult, result)
	var done int
	var status *string
	var ids []int64
	// ended is the answer of a finish statement that ran.
	ended := func() error {
		if err := finished(st, done, status); err != nil {
			return err
		}
		return numberCalls(o.Calls, ids)
	}
	if len(o.Audit) == 0 {
		err := d.one(ctx, "finish step", func(row pgx.Row) error { return row.Scan(&done, &status, &ids) }, plain, args...)
		if err != nil {
			return err
		}
		return ended()
	}
	d.mu.Lock()
	head, known := d.heads[st.Tenant]
	d.mu.Unlock()
	if known {
		// $24 to $27 follow the step's 23 arguments, before the calls' (if any): the remembered
		// head, then the new one; then the entries.
		gargs := slices.Concat(args[:23], []any{head.Seq, head.Hash, 0, ""})
		gcalls, gresult, gargs := callsCTE(o.Calls, gargs)
		values, gargs, h := auditValues(o.Audit, head, o.AuditHash, gargs)
		gargs[25], gargs[26] = h.Seq, h.Hash
		var guessed int
		err := d.pool.QueryRow(ctx, `WITH guess AS (SELECT 1 FROM audit_heads WHERE tenant = $6 AND seq = $24 AND hash = $25 FOR UPDATE),
			`+fmt.Sprintf(finishCTEs, " AND EXISTS (SELECT 1 FROM guess)")+gcalls+`,
			moved AS (UPDATE audit_heads SET seq = $26, hash = $27 WHERE tenant = $6 AND EXISTS (SELECT 1 FROM s) RETURNING 1),
			ins AS (`+insertAudit+`
				SELECT $6, v.* FROM (VALUES `+values+`) AS v WHERE EXISTS (SELECT 1 FROM s) RETURNING 1)
			SELECT `+fmt.Sprintf(finishResult, gresult)+`, (SELECT count(*) FROM guess)`, gargs...).Scan(&done, &status, &ids, &guessed)
		if err != nil && !retryable(err) {
			unnumber(o.Audit)
			return fail("finish step", err)
		}
		if err == nil && guessed > 0 {
			if done > 0 {
				d.rememberHeads(map[string]store.AuditHead{st.Tenant: h})
			} else {
				unnumber(o.Audit)
			}
			return ended()
		}
		unnumber(o.Audit) // another writer moved the head: nothing was written
	}
	var h store.AuditHead
	err := d.tx(ctx, "finish step", func(tx pgx.Tx) error {
		// The head first, as the one-statement finish and AppendAudit lock it first: the day's
		// usage row, which every finish of the tenant updates, is always locked after it.
		head, err := lockHead(ctx, tx, st.Tenant)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, plain, args...).Scan(&done, &status, &ids); err != nil {
			return err
		}
		if err := ended(); err != nil {
			return err // the transaction rolls back
		}
		values, aargs, nh := auditValues(o.Audit, head, o.AuditHash, []any{st.Tenant, 0, ""})
		aargs[1], aargs[2] = nh.Seq, nh.Hash
		h = nh
		_, err = tx.Exec(ctx, `WITH moved AS (UPDATE audit_heads SET seq = $2, hash = $3 WHERE tenant = $1)
			`+insertAudit+`
			SELECT $1, v.* FROM (VALUES `+values+`) AS v`, aargs...)
		return err
	})
	if err != nil {
		unnumber(o.Audit)
		return err
	}
	d.rememberHeads(map[string]store.AuditHead{st.Tenant: h})
	return nil
}

// finished turns a finish statement's result into FinishAPStep's answer.
func finished(st *store.APStep, done int, status *string) error {
	switch {
	case done > 0:
		return nil
	case status == nil:
		return fmt.Errorf("store: finish step %s: %w", st.ID, store.ErrNotFound)
	}
	// The statement saw the step as it was before it ran: marked interrupted by another node, or
	// still running with this node's name cleared.
	return fmt.Errorf("store: finish step %s (now %s): %w", st.ID, *status, ErrLeaseLost)
}

// DiscardAPStep deletes a running step of a tenant's task that this node runs. Its commit does
// not wait for the disk, as the start's did not: nobody was answered on the step.
func (d *DB) DiscardAPStep(ctx context.Context, tenant, taskID, stepID string) error {
	return d.async(ctx, "discard step", query{
		sql:  `DELETE FROM ap_steps WHERE tenant = $1 AND task_id = $2 AND id = $3 AND status = $4 AND node = $5`,
		args: []any{tenant, taskID, stepID, store.APStepRunning, d.node}})
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
	return scanUsage(d.pool.QueryRow(ctx, selectUsage, tenant, day))
}
