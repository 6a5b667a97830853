package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/store"
)

// binding names the exact call awaiting approval: its id and a hash of its tool name and
// arguments. An approval answers only that call.
type binding struct {
	// ApprovalID is made by the server, random and single use: an approval must name it, so a
	// model that reuses a refused call's id for another call cannot ride an old approval.
	ApprovalID string `json:"approval_id"`
	CallID     string `json:"call_id"`
	Tool       string `json:"tool"`
	Arguments  string `json:"arguments"`
	Hash       string `json:"hash"`
	Why        string `json:"why,omitempty"`
	// Reason is Why under the name the Agent Protocol issue gives it (clients read either).
	Reason string `json:"reason,omitempty"`
}

// newApprovalID returns 128 random bits, hex: unguessable, unlike a task or step id.
func newApprovalID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails
	return hex.EncodeToString(b[:])
}

func callHash(name, args string) string {
	h := sha256.Sum256([]byte(name + "\x00" + args))
	return hex.EncodeToString(h[:])
}

// approval is the approval part of a step's additional_input.
type approval struct {
	Approve  *bool  `json:"approve"`
	Always   bool   `json:"always"`
	Feedback string `json:"feedback"`
	CallID   string `json:"call_id"`
	// ApprovalID must be the approval_id of the call awaiting approval.
	ApprovalID string `json:"approval_id"`
}

// apiApprover answers the one call it is bound to, once, and holds every other call for approval.
type apiApprover struct {
	bound  *binding
	answer *policy.Answer
	asked  *binding // the call that was held, with the policy's reason
	given  bool     // the request carried an answer (consumed or not)
}

func (a *apiApprover) Confirm(_ context.Context, name, args, why string) (policy.Answer, error) {
	h := callHash(name, args)
	if a.answer != nil && a.bound != nil && a.bound.Hash == h {
		ans := *a.answer
		a.answer = nil
		return ans, nil
	}
	a.asked = &binding{Tool: name, Arguments: args, Hash: h, Why: why}
	return policy.Answer{}, agent.ErrNeedsApproval
}

// unattendedApprover answers for a task nobody attends (continuous): a call that still needs
// approval (an ask rule of the tenant's) is refused at once and the model told why, so the run
// goes on instead of waiting for an approval no one will give. (A tainted run's consequential
// calls never get here: the policy refuses them, RefuseWhenTainted.)
type unattendedApprover struct{}

func (unattendedApprover) Confirm(_ context.Context, name, _, why string) (policy.Answer, error) {
	if why == "" {
		why = name + " needs approval"
	}
	return policy.Answer{Reply: policy.No, Feedback: "nobody attends this task (it runs continuously), so a call that needs approval is refused (" +
		why + "); do without it, or call finish and say which approval the task needs"}, nil
}

// needsAPI holds every call: the approver of a run until a step binds its own.
type needsAPI struct{}

func (needsAPI) Confirm(context.Context, string, string, string) (policy.Answer, error) {
	return policy.Answer{}, agent.ErrNeedsApproval
}

// apiAsker answers ask_user: over the API the user answers in the next step's input.
type apiAsker struct{}

func (apiAsker) Ask(context.Context, string) (string, error) {
	return "(the question is shown to the user in this step's output; their answer, if any, comes as the input of the next step. Continue meanwhile, or call finish if you cannot.)", nil
}

// stepCall is one tool call of a step as the API shows it.
type stepCall struct {
	Tool      string `json:"tool"`
	Arguments string `json:"arguments"`
	Decision  string `json:"decision"`
	Feedback  string `json:"feedback,omitempty"`
	Output    string `json:"output,omitempty"`
	Error     string `json:"error,omitempty"`
	Flagged   bool   `json:"flagged,omitempty"`
	// FlagReasons are the guard's reasons for a flag, redacted and clipped (flagReasons).
	FlagReasons []string `json:"flag_reasons,omitempty"`
}

// stepOutput is a step's additional_output.
type stepOutput struct {
	Thoughts         string     `json:"thoughts,omitempty"`
	ToolCalls        []stepCall `json:"tool_calls"`
	AwaitingApproval *binding   `json:"awaiting_approval,omitempty"`
	TaskStatus       string     `json:"task_status"`
	Outcome          string     `json:"outcome,omitempty"`
	PromptTokens     int64      `json:"prompt_tokens"`
	CompletionTokens int64      `json:"completion_tokens"`
	CostUSD          float64    `json:"cost_usd,omitempty"` // the step's model calls at list price (rules.go)
	Notice           string     `json:"notice,omitempty"`
	Error            string     `json:"error,omitempty"`
	// ArtifactsTotal is how many files the step wrote, when more than its artifacts list shows.
	ArtifactsTotal int `json:"artifacts_total,omitempty"`
}

// bindApproval returns the step's approver. An approval in the request answers only the call the
// task awaits, and only if that call, validated again, still has the tool and canonical arguments
// the binding was made for.
func bindApproval(cfg agent.Config, state agent.State, bound *binding, ap approval) (*apiApprover, error) {
	if bound != nil {
		c, err := agent.PrepareCall(cfg.Tools, cfg.Guard, state.Pending[0])
		if err != nil || callHash(c.Name, c.Canonical) != bound.Hash {
			bound = nil
		}
	}
	approver := &apiApprover{bound: bound}
	if ap.Approve == nil {
		return approver, nil
	}
	if bound == nil {
		return nil, errorf(http.StatusConflict, "no_pending_approval", "no call of this task is awaiting approval (an approval_id answers once)")
	}
	if ap.ApprovalID == "" {
		return nil, errorf(http.StatusConflict, "approval_id_missing", "send the approval_id of additional_output.awaiting_approval with approve")
	}
	if subtle.ConstantTimeCompare([]byte(ap.ApprovalID), []byte(bound.ApprovalID)) != 1 {
		return nil, errorf(http.StatusConflict, "wrong_approval", "that approval_id does not name the call awaiting approval; nothing ran")
	}
	if ap.CallID != "" && ap.CallID != bound.CallID {
		return nil, errorf(http.StatusConflict, "wrong_call", "the approval names call %q but call %q awaits it", clip(ap.CallID, 100), bound.CallID)
	}
	ans := policy.Answer{Reply: policy.No, Feedback: clip(ap.Feedback, 4000)}
	if *ap.Approve {
		ans.Reply = policy.Yes
		if ap.Always {
			ans.Reply = policy.Always
		}
	}
	approver.answer, approver.given = &ans, true
	return approver, nil
}

// checkQuota refuses a step when the tenant's daily steps, tokens, CPU seconds or money are used
// up, and returns the CPU time left (0: no CPU quota). u is the tenant's usage of now's day, tr its
// rules (with its money quota), both read with the step's task (store.StepReads).
func (s *Server) checkQuota(ctx context.Context, tenantName string, now time.Time, u store.Usage, tr *store.TenantRules) (time.Duration, error) {
	if err := s.checkCostQuota(ctx, tenantName, tr, now); err != nil {
		return 0, err
	}
	l := s.cfg.Limits
	retry := untilTomorrow(now)
	switch {
	case l.DailySteps > 0 && u.Steps >= l.DailySteps:
		return 0, tooMany("quota_steps", retry, "this tenant used its %d steps for today (UTC)", l.DailySteps)
	case l.DailyTokens > 0 && u.Tokens >= l.DailyTokens:
		return 0, tooMany("quota_tokens", retry, "this tenant used its %d model tokens for today (UTC)", l.DailyTokens)
	case l.DailyCPUSeconds > 0 && u.CPUMillis >= l.DailyCPUSeconds*1000:
		return 0, tooMany("quota_cpu", retry, "this tenant used its %d sandbox CPU seconds for today (UTC)", l.DailyCPUSeconds)
	}
	if l.DailyCPUSeconds > 0 {
		return time.Duration(l.DailyCPUSeconds*1000-u.CPUMillis) * time.Millisecond, nil
	}
	return 0, nil
}

// stepRequest is a decoded, checked step request.
type stepRequest struct {
	taskID, name, input, addl string
	approval                  approval
}

// createStep takes one step of a task: decode the request, load the task and bind any approval to
// the call it answers, run the step, persist what it did.
func (s *Server) createStep(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	req, err := decodeStep(r)
	if err != nil {
		return err
	}
	scope := s.st.Tenant(p.Tenant)
	if !s.locks.tryLock(p.Tenant, req.taskID) {
		return errStepRunning
	}
	defer s.locks.unlock(p.Tenant, req.taskID)
	// Everything the step reads before it starts, and the step on record as running so that a
	// crash shows, in one go (one round trip on PostgreSQL, which claims the step's running-step
	// place across nodes too); after the task's lock, so that no step of this node finishes after
	// the run was read. A step refused before it does anything (its task ended, a quota, a cap, an
	// approval that does not fit) is taken back: it did nothing and nobody was answered on it.
	now := time.Now().UTC()
	st := &store.APStep{Tenant: p.Tenant, TaskID: req.taskID, Name: req.name, Input: req.input, AdditionalInput: req.addl}
	reads, waitPlaces, dropPlaces, err := s.beginStep(ctx, scope, p.Tenant, now, st)
	if err != nil {
		return err
	}
	refused := func(err error) error {
		dropPlaces()
		return err
	}
	undo := func() {
		if err := scope.DiscardAPStep(context.WithoutCancel(ctx), req.taskID, st.ID); err != nil {
			s.log.Error("discard step", "tenant", p.Tenant, "step", st.ID, "err", err)
		}
	}
	defer func() {
		if undo != nil {
			undo()
		}
	}()
	t := reads.Task
	saved, err := loadRun(req.taskID, reads.Run)
	if err != nil {
		return refused(err)
	}
	if saved.bound != nil && req.approval.Approve == nil {
		return refused(awaitingAnswer(saved.bound))
	}
	cpuLeft, err := s.checkQuota(ctx, p.Tenant, now, reads.Usage, reads.Rules)
	if err != nil {
		return refused(err)
	}
	release, err := waitPlaces()
	if err != nil {
		return err
	}
	defer release()
	s.metrics.addRunning(p.Tenant, 1)
	defer s.metrics.addRunning(p.Tenant, -1)

	opts := parseTaskOptions(saved.run.AdditionalInput, s.cfg.Continuous)
	rec := newStepRecorder(scope, s.log)
	env, err := s.env(ctx, p.Tenant, req.taskID, goalOrNone(t.Goal), opts, rec, cpuLeft, &reads.TenantReads)
	if err != nil {
		return err
	}
	defer env.ws.Close()
	defer s.remeasure(p.Tenant, req.taskID, env.ws) // before Close: what the step left counts against the tenant's bytes
	approver, err := bindApproval(env.cfg, saved.state, saved.bound, req.approval)
	if err != nil {
		return err
	}
	env.cfg.Approver = approver
	if *opts.Continuous && saved.bound == nil {
		env.cfg.Approver = unattendedApprover{}
	}

	// From here the step does things. A step whose request fails before it finishes must not
	// stay "running": that would hold the task until the next restart.
	undo = func() {
		rec.flush()
		if err := scope.AbandonAPStep(context.WithoutCancel(ctx), st.ID, "the step failed before it could finish; send a new step to retry"); err != nil {
			s.log.Error("abandon step", "tenant", p.Tenant, "step", st.ID, "err", err)
		}
	}
	ran, err := s.runStep(env, t, saved.state, req.input)
	if err != nil {
		return err
	}
	// The step's audit entries and the request's own (answered 200 once the step is finished) go
	// in the step's finishing transaction: the answer waits for one commit. A request the router
	// did not name (no route) leaves them to auditRequest, as other requests do.
	auditFor := func(out stepOutput) []*store.AuditEntry {
		if p.route == "" {
			return nil
		}
		return append(stepAudit(p, req.taskID, st, out), requestEntry(r, p, p.route, http.StatusOK, ""))
	}
	// The step's work is done: its running-step places go back while its outcome is written (on
	// several nodes, two round trips at once instead of one after the other), both before the
	// answer, so a client at its tenant's cap finds a place free for its next step.
	var freed sync.WaitGroup
	freed.Go(release)
	out, arts, err := s.persistStep(ctx, scope, env, rec, t, st, saved, approver, ran, auditFor)
	freed.Wait()
	if err != nil {
		return err
	}
	undo = nil // finished
	if p.route != "" {
		p.audited = true
	} else {
		p.audit = append(p.audit, stepAudit(p, req.taskID, st, out)...)
	}
	s.recordStep(p, st, out, ran.elapsed, ran.tokens())
	writeJSON(w, http.StatusOK, apStep(st, arts))
	return nil
}

// beginStep begins step st (store.Scope.BeginAPStep) and takes its running-step places: wait
// waits for them (this node's server-wide slot); a step refused before it waits calls drop. With a
// cluster whose database holds the tenants' slots (store.SlotBeginner, PostgreSQL) the tenant's
// place is claimed with the begin, in its round trip; otherwise wait claims it (limiter
// acquireStep: in process on one node, from another kind of cluster in a round trip of its own).
func (s *Server) beginStep(ctx context.Context, scope *store.Scope, tenantName string, now time.Time, st *store.APStep) (
	reads *store.StepReads, wait func() (release func(), err error), drop func(), err error) {
	day := now.Format(time.DateOnly)
	if s.limits.cluster != nil {
		reads, free, ok, err := scope.BeginAPStepInSlot(ctx, st.TaskID, day, st, s.limits.limits.MaxRunningSteps)
		if ok {
			if err != nil {
				return nil, nil, nil, beginErr(err)
			}
			return reads, func() (func(), error) { return s.limits.withServerSlot(ctx, free) }, free, nil
		}
	}
	if reads, err = scope.BeginAPStep(ctx, st.TaskID, day, st); err != nil {
		return nil, nil, nil, beginErr(err)
	}
	return reads, func() (func(), error) { return s.limits.acquireStep(ctx, tenantName) }, func() {}, nil
}

// beginErr is the answer to a step whose begin failed.
func beginErr(err error) error {
	switch {
	case errors.Is(err, store.ErrStepRunning):
		return errStepRunning
	case errors.Is(err, store.ErrNoSlot):
		return errBusy
	}
	return storeErr(err, "task")
}

// awaitingAnswer refuses a step that carries no decision while a call awaits one: repeating
// the same answer would make an unattended client loop for ever.
func awaitingAnswer(b *binding) error {
	return errorf(http.StatusConflict, "awaiting_approval",
		"%s(%s) awaits approval (%s): send a step with additional_input {\"approve\": true, \"approval_id\": %q} to run it, "+
			"or {\"approve\": false, \"approval_id\": %q, \"feedback\": \"why\"} to refuse it (paddock ap step TASK_ID --approve, or --refuse WHY); "+
			"a task created with additional_input {\"continuous\": true} needs no approvals (once tainted, it refuses instead)",
		b.Tool, clip(b.Arguments, 300), b.Why, b.ApprovalID, b.ApprovalID)
}

// maxThoughtBytes bounds the model's text a step shows and stores; the full text stays in the
// task's state, which the model response cap (llm.Config.MaxResponseBytes) bounds.
const maxThoughtBytes = 64 << 10

var errStepRunning = errorf(http.StatusConflict, "step_running", "a step of this task is running; wait for it")

// decodeStep reads and checks a step request.
func decodeStep(r *http.Request) (stepRequest, error) {
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return stepRequest{}, err
	}
	var req StepRequest
	if _, err := decodeJSONLoose(r, &req, true); err != nil {
		return stepRequest{}, err
	}
	out := stepRequest{taskID: taskID, name: req.Name}
	if req.Input != nil {
		out.input = *req.Input
	}
	if len(out.input) > maxInputBytes || !utf8.ValidString(out.input) || len(req.Name) > 256 || !utf8.ValidString(req.Name) {
		return stepRequest{}, unprocessable("input must be valid UTF-8 of at most %d bytes, name at most 256", maxInputBytes)
	}
	if out.addl, err = checkObject(req.AdditionalInput, "additional_input"); err != nil {
		return stepRequest{}, err
	}
	if err := json.Unmarshal([]byte(out.addl), &out.approval); err != nil {
		return stepRequest{}, unprocessable("additional_input: approve and always must be true or false; feedback, call_id and approval_id strings")
	}
	return out, nil
}

// savedRun is a task's saved state between steps, and the call awaiting approval if any.
type savedRun struct {
	run   *store.TaskRun
	state agent.State
	bound *binding
}

// loadRun decodes a task's saved run; a task that has ended takes no more steps.
func loadRun(taskID string, run *store.TaskRun) (savedRun, error) {
	out := savedRun{run: run}
	if err := json.Unmarshal([]byte(run.State), &out.state); err != nil {
		return savedRun{}, fmt.Errorf("task %s: saved state: %w", taskID, err)
	}
	if out.state.Done {
		return savedRun{}, errorf(http.StatusConflict, "task_ended", "the task has ended (%s): %s", out.state.Status, clip(out.state.Outcome, 500))
	}
	if run.Awaiting != "" {
		out.bound = new(binding)
		if err := json.Unmarshal([]byte(run.Awaiting), out.bound); err != nil {
			return savedRun{}, fmt.Errorf("task %s: saved approval: %w", taskID, err)
		}
		// The saved state must still hold that call first. bindApproval checks, when the call is
		// validated again, that its tool and canonical arguments are the ones bound.
		if len(out.state.Pending) == 0 || out.state.Pending[0].ID != out.bound.CallID || out.state.Pending[0].Name != out.bound.Tool {
			out.bound = nil
		}
	}
	return out, nil
}

// ranStep is what one step of the agent did.
type ranStep struct {
	res      agent.StepResult
	err      error // the step could not be fully recorded
	before   agent.State
	after    agent.State
	notice   string
	elapsed  time.Duration
	cut      bool // stopped by the step timeout or the server's drain
	messages int  // messages before the step
	// flags holds the guard's reasons of each flagged result, in the order of the step's calls.
	flags [][]string
}

func (r ranStep) tokens() int64 { return r.after.Usage.TotalTokens - r.before.Usage.TotalTokens }

// runStep resumes the task's session and takes one step. The step runs to its end even if the
// client goes away; it stops at the step timeout or when the server's drain deadline passes.
func (s *Server) runStep(env *stepEnv, t *store.Task, state agent.State, input string) (ranStep, error) {
	out := ranStep{before: state}
	if strings.TrimSpace(input) != "" {
		if len(state.Pending) == 0 {
			state.Messages = append(state.Messages, llm.Message{Role: llm.RoleUser, Content: "The user says: " + input})
		} else {
			// A user message cannot come between the model's calls and their answers.
			out.notice = "this step's input was not passed to the model: calls of its last reply are still pending; send it again once they have run"
		}
	}
	cfg := env.cfg
	next := cfg.OnEvent
	cfg.OnEvent = func(e agent.Event) {
		if e.Type == agent.EventResult && (e.Flagged || e.Blocked) {
			out.flags = append(out.flags, e.Reasons)
		}
		if next != nil {
			next(e)
		}
	}
	sess, err := agent.Resume(cfg, t, state)
	if err != nil {
		return ranStep{}, fmt.Errorf("resume task: %w", err)
	}
	out.messages = len(state.Messages)
	sctx, cancel := context.WithTimeout(s.runCtx, s.cfg.StepTimeout)
	defer cancel()
	start := time.Now()
	out.res, out.err = sess.Step(sctx)
	out.elapsed = time.Since(start)
	out.after = sess.State()
	out.cut = sctx.Err() != nil && out.res.Done && out.res.Status == store.StatusInterrupted
	return out, nil
}

// persistStep turns what the step did into its API output, the task's new state, its artifacts
// and its usage, and writes them in one transaction with the audit entries auditFor makes of the
// output.
func (s *Server) persistStep(ctx context.Context, scope *store.Scope, env *stepEnv, rec *stepRecorder, t *store.Task, st *store.APStep, saved savedRun, approver *apiApprover, ran ranStep,
	auditFor func(stepOutput) []*store.AuditEntry) (stepOutput, []Artifact, error) {
	red := env.cfg.Guard.Redact
	res, newState, state := ran.res, ran.after, saved.state
	out := stepOutput{ToolCalls: []stepCall{}, Notice: ran.notice}
	for _, m := range newState.Messages[min(ran.messages, len(newState.Messages)):] {
		if m.Role == llm.RoleAssistant && strings.TrimSpace(m.Content) != "" {
			out.Thoughts = strings.TrimSpace(out.Thoughts + "\n" + red(m.Content))
		}
	}
	out.Thoughts = clip(out.Thoughts, maxThoughtBytes)
	flags := ran.flags
	for _, c := range res.Steps {
		sc := stepCall{Tool: c.Tool, Arguments: red(c.Arguments), Decision: string(c.Decision), Feedback: red(c.Feedback),
			Output: clip(red(c.Output), 16<<10), Error: red(c.Error), Flagged: c.Flagged}
		if c.Flagged && len(flags) > 0 {
			sc.FlagReasons, flags = flagReasons(flags[0], red), flags[1:]
		}
		out.ToolCalls = append(out.ToolCalls, sc)
	}
	usage := newState.Usage
	out.PromptTokens, out.CompletionTokens = usage.PromptTokens-state.Usage.PromptTokens, usage.CompletionTokens-state.Usage.CompletionTokens
	out.CostUSD = stepCost(env.cfg.Price, state.Usage, usage)

	t.Steps, t.PromptTokens, t.CompletionTokens = newState.Turn, usage.PromptTokens, usage.CompletionTokens
	st.Status, st.IsLast = store.APStepCompleted, res.Done
	awaiting := ""
	switch {
	case ran.cut:
		// Keep the state saved by the last completed step: the task resumes from there.
		newState = state
		t.Status, t.Outcome = store.StatusRunning, ""
		t.Steps, t.PromptTokens, t.CompletionTokens = state.Turn, state.Usage.PromptTokens, state.Usage.CompletionTokens
		st.Status, st.IsLast = store.APStepInterrupted, false
		awaiting = saved.run.Awaiting
		out.TaskStatus = string(store.StatusRunning)
		out.Error = "the step was stopped (server shutdown or the step timeout of " + s.cfg.StepTimeout.String() + "); send a new step to continue from the last completed one"
	case res.Done:
		t.Status, t.Outcome = res.Status, res.Outcome
		out.TaskStatus, out.Outcome = string(res.Status), res.Outcome
	default:
		t.Status, t.Outcome = store.StatusRunning, ""
		out.TaskStatus = string(store.StatusRunning)
		if res.Awaiting != nil {
			b := awaitingBinding(res.Awaiting, saved.bound, approver, red)
			raw, _ := json.Marshal(b)
			awaiting = string(raw)
			out.AwaitingApproval = &b
			st.Status = store.APStepAwaiting
		}
	}
	if ran.err != nil {
		s.log.Error("step failed to record", "tenant", t.Tenant, "task", t.ID, "err", ran.err)
		out.Error = "the step could not be fully recorded"
	}
	var arts []Artifact
	if !ran.cut {
		changed := env.cfg.Changed()
		arts = s.stepArtifacts(ctx, scope, t.ID, st.ID, changed)
		if len(changed) > len(arts) {
			out.ArtifactsTotal = len(changed)
		}
	}
	if st.Name == "" {
		st.Name = stepName(out)
	}
	st.Output = stepText(out)
	ao, _ := json.Marshal(out)
	st.AdditionalOutput = string(ao)
	stateJSON, err := json.Marshal(newState)
	if err != nil {
		return stepOutput{}, nil, fmt.Errorf("save state: %w", err)
	}
	if err := rec.finish(func(calls []*store.Step) error {
		return scope.FinishAPStep(context.WithoutCancel(ctx), store.StepOutcome{
			Step: st, Run: &store.TaskRun{Tenant: t.Tenant, TaskID: t.ID, State: string(stateJSON), Awaiting: awaiting}, Task: t,
			Steps: 1, Tokens: max(ran.tokens(), 0), CPUMillis: env.cpuMS.Load(),
			Audit: auditFor(out), AuditHash: audit.Hash, Calls: calls,
		})
	}); err != nil {
		return stepOutput{}, nil, fmt.Errorf("finish step: %w", err)
	}
	s.recordSpend(ctx, t.Tenant, out.CostUSD)
	return out, arts, nil
}

// awaitingBinding binds the call a step stopped at: its id, tool, canonical arguments (shown
// redacted) and their hash, and why it waits.
func awaitingBinding(a *agent.Awaiting, prev *binding, approver *apiApprover, red func(string) string) binding {
	b := binding{CallID: a.CallID, Tool: a.Tool, Arguments: red(a.Arguments), Hash: callHash(a.Tool, a.Arguments), Why: a.Why}
	// The same call still waiting after a step that carried no answer keeps its approval_id;
	// after any answer, and for any other call, the id is new: an id answers once.
	if prev != nil && !approver.given && prev.CallID == b.CallID && prev.Hash == b.Hash && prev.ApprovalID != "" {
		b.ApprovalID = prev.ApprovalID
	} else {
		b.ApprovalID = newApprovalID()
	}
	if approver.asked != nil && approver.asked.Hash == b.Hash && approver.asked.Why != "" {
		b.Why = approver.asked.Why
	}
	if b.Why == "" {
		b.Why = b.Tool + " is not pre-approved for this task"
	}
	b.Reason = b.Why
	return b
}

// maxStepArtifacts bounds the artifacts a step lists (in its answer, GET step and list steps); a
// step that wrote more says how many in additional_output, and the task's artifact list pages
// through all of them.
const maxStepArtifacts = maxPageSize

// stepArtifacts records the files a step wrote as the task's artifacts, linked to the step, in
// one transaction, and returns the first maxStepArtifacts of them.
func (s *Server) stepArtifacts(ctx context.Context, scope *store.Scope, taskID, stepID string, changed []string) []Artifact {
	as := make([]*store.Artifact, 0, len(changed))
	for _, name := range changed {
		dir, file := path.Split(name)
		as = append(as, &store.Artifact{TaskID: taskID, FileName: file, RelativePath: strings.TrimSuffix(dir, "/"), AgentCreated: true})
	}
	if len(as) == 0 {
		return nil
	}
	if err := scope.PutStepArtifacts(context.WithoutCancel(ctx), taskID, stepID, as); err != nil {
		s.log.Error("record artifacts", "tenant", scope.Name(), "task", taskID, "step", stepID, "err", err)
		return nil
	}
	arts := make([]Artifact, 0, min(len(as), maxStepArtifacts))
	for _, a := range as[:min(len(as), maxStepArtifacts)] {
		arts = append(arts, apArtifact(a))
	}
	return arts
}

// withArtifacts shows stored steps with the artifacts each wrote, at most maxStepArtifacts each;
// a step that wrote more says so in additional_output.
func (s *Server) withArtifacts(ctx context.Context, scope *store.Scope, taskID string, sts []*store.APStep) ([]Step, error) {
	ids := make([]string, 0, len(sts))
	for _, st := range sts {
		ids = append(ids, st.ID)
	}
	arts, counts, err := scope.StepArtifacts(ctx, taskID, ids, maxStepArtifacts)
	if err != nil {
		return nil, fmt.Errorf("step artifacts: %w", err)
	}
	out := make([]Step, 0, len(sts))
	for _, st := range sts {
		list := make([]Artifact, 0, len(arts[st.ID]))
		for _, a := range arts[st.ID] {
			list = append(list, apArtifact(a))
		}
		step := apStep(st, list)
		if n := counts[st.ID]; n > len(list) {
			step.AdditionalOutput = withField(step.AdditionalOutput, "artifacts_total", n)
			step.AdditionalOutput = withField(step.AdditionalOutput, "artifacts_note", fmt.Sprintf(
				"this step wrote %d files; %d are listed here, GET /ap/v1/agent/tasks/%s/artifacts pages through all of the task's", n, len(list), taskID))
		}
		out = append(out, step)
	}
	return out, nil
}

// recordStep puts a step's tool calls, approvals, denials and detections in the metrics.
func (s *Server) recordStep(p *principal, st *store.APStep, out stepOutput, d time.Duration, tokens int64) {
	s.metrics.stepDone(p.Tenant, string(st.Status), tokens, d)
	if out.TaskStatus != "" && out.TaskStatus != string(store.StatusRunning) {
		s.metrics.taskEnded(p.Tenant, out.TaskStatus)
	}
	for _, c := range out.ToolCalls {
		kind := decisionKind(store.Decision(c.Decision))
		s.metrics.toolCall(p.Tenant, kind, c.Flagged)
		switch kind {
		case "policy_refused":
			s.metrics.denial(p.Tenant, "policy")
		case "user_refused":
			s.metrics.denial(p.Tenant, "user")
		}
	}
}

// stepAudit is a step's entries in the tenant's audit chain: its tool calls, approvals, denials
// and detections, and the call it awaits approval for.
func stepAudit(p *principal, taskID string, st *store.APStep, out stepOutput) []*store.AuditEntry {
	target := taskID + "/" + st.ID
	var es []*store.AuditEntry
	for _, c := range out.ToolCalls {
		kind := decisionKind(store.Decision(c.Decision))
		detail, _ := json.Marshal(map[string]any{"tool": c.Tool, "arguments": clip(c.Arguments, 2048), "decision": c.Decision, "flagged": c.Flagged})
		if kind == "policy_refused" {
			// Which rule refused it (e.g. "rule deny write_file(secret/**) (from tenant acme)").
			detail, _ = json.Marshal(map[string]any{"tool": c.Tool, "arguments": clip(c.Arguments, 2048), "decision": c.Decision, "flagged": c.Flagged, "why": clip(c.Error, 512)})
		}
		es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID, Action: "tool_call", Target: target, Outcome: c.Decision, Detail: string(detail)})
		switch kind {
		case "user_allowed", "user_refused":
			es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID, Action: "approval", Target: target, Outcome: c.Decision, Detail: string(detail)})
		case "policy_refused":
			es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: "server", Action: "denial", Target: target, Outcome: c.Decision, Detail: string(detail)})
		}
		if c.Flagged {
			es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: "server", Action: "injection_detected", Target: target, Outcome: "flagged", Detail: string(detail)})
		}
	}
	if out.AwaitingApproval != nil {
		detail, _ := json.Marshal(out.AwaitingApproval)
		es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: "server", Action: "approval_requested", Target: target, Outcome: "awaiting", Detail: string(detail)})
	}
	return es
}

// decisionKind is a decision's label in metrics and the audit.
func decisionKind(d store.Decision) string {
	switch d.Kind() {
	case store.DecisionUserAllowed, store.DecisionAlwaysAllowed:
		return "user_allowed"
	case store.DecisionUserRefused:
		return "user_refused"
	case store.DecisionPolicyRefused:
		return "policy_refused"
	case store.DecisionAllowed:
		return "allowed"
	case store.DecisionInvalid:
		return "invalid"
	case store.DecisionNoToolCall:
		return "no_tool_call"
	}
	return "other"
}

func stepName(o stepOutput) string {
	var names []string
	for _, c := range o.ToolCalls {
		if c.Tool != "" {
			names = append(names, c.Tool)
		}
	}
	if o.AwaitingApproval != nil {
		names = append(names, o.AwaitingApproval.Tool+" (awaiting approval)")
	}
	if len(names) == 0 {
		return "step"
	}
	return clip(strings.Join(names, ", "), 256)
}

// stepText is a step's output for people: what the model said and did, and what it waits for.
func stepText(o stepOutput) string {
	var b strings.Builder
	if o.Thoughts != "" {
		b.WriteString(o.Thoughts + "\n")
	}
	for _, c := range o.ToolCalls {
		if c.Tool == "" {
			continue
		}
		fmt.Fprintf(&b, "%s(%s): %s", c.Tool, clip(c.Arguments, 200), c.Decision)
		if c.Error != "" {
			fmt.Fprintf(&b, "; error: %s", clip(c.Error, 300))
		}
		b.WriteString("\n")
	}
	if a := o.AwaitingApproval; a != nil {
		fmt.Fprintf(&b, "Awaiting approval: %s(%s)", a.Tool, clip(a.Arguments, 500))
		if a.Why != "" {
			fmt.Fprintf(&b, " [%s]", a.Why)
		}
		fmt.Fprintf(&b, ". Send a step with additional_input {\"approve\": true, \"approval_id\": %q} to run it, or {\"approve\": false, \"approval_id\": %q, \"feedback\": \"...\"} to refuse it.\n", a.ApprovalID, a.ApprovalID)
	}
	if o.Outcome != "" {
		fmt.Fprintf(&b, "Task %s: %s\n", o.TaskStatus, o.Outcome)
	}
	if o.Notice != "" {
		b.WriteString("Note: " + o.Notice + "\n")
	}
	if o.Error != "" {
		b.WriteString(o.Error + "\n")
	}
	return strings.TrimSpace(b.String())
}

func (s *Server) listSteps(w http.ResponseWriter, r *http.Request, p *principal) error {
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	limit, offset, current, err := page(r)
	if err != nil {
		return err
	}
	if _, err := s.st.Tenant(p.Tenant).Task(r.Context(), taskID); err != nil {
		return storeErr(err, "task")
	}
	sts, total, err := s.st.Tenant(p.Tenant).APSteps(r.Context(), taskID, limit, offset)
	if err != nil {
		return fmt.Errorf("list steps: %w", err)
	}
	out, err := s.withArtifacts(r.Context(), s.st.Tenant(p.Tenant), taskID, sts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"steps": out, "pagination": pagination(total, current, limit)})
	return nil
}

func (s *Server) getStep(w http.ResponseWriter, r *http.Request, p *principal) error {
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	stepID, err := pathID(r, "step_id", "step")
	if err != nil {
		return err
	}
	st, err := s.st.Tenant(p.Tenant).APStep(r.Context(), taskID, stepID)
	if err != nil {
		return storeErr(err, "step")
	}
	out, err := s.withArtifacts(r.Context(), s.st.Tenant(p.Tenant), taskID, []*store.APStep{st})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out[0])
	return nil
}
