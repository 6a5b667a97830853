package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tool"
)

// binding names the exact call awaiting approval: its id and a hash of its tool name and
// arguments. An approval answers only that call.
type binding struct {
	CallID    string `json:"call_id"`
	Tool      string `json:"tool"`
	Arguments string `json:"arguments"`
	Hash      string `json:"hash"`
	Why       string `json:"why,omitempty"`
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
}

// apiApprover answers the one call it is bound to, once, and holds every other call for approval.
type apiApprover struct {
	bound  *binding
	answer *policy.Answer
	asked  *binding // the call that was held, with the policy's reason
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

// needsAPI holds every call (task creation makes no calls; it only satisfies the agent's Config).
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
	Notice           string     `json:"notice,omitempty"`
	Error            string     `json:"error,omitempty"`
}

// bindApproval returns the step's approver. An approval in the request answers only the call the
// task awaits, and only if that call, validated again, still has the tool and canonical arguments
// the binding was made for.
func bindApproval(tools *tool.Set, state agent.State, bound *binding, ap approval) (*apiApprover, error) {
	if bound != nil {
		c, err := prepare(tools, state.Pending[0])
		if err != nil || callHash(c.Name, c.Canonical) != bound.Hash {
			bound = nil
		}
	}
	approver := &apiApprover{bound: bound}
	if ap.Approve == nil {
		return approver, nil
	}
	if bound == nil {
		return nil, badRequest("no call of this task is awaiting approval")
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
	approver.answer = &ans
	return approver, nil
}

// prepare validates a saved call against its tool, as the agent loop will.
func prepare(tools *tool.Set, c llm.ToolCall) (*tool.Call, error) {
	t, err := tools.Get(c.Name)
	if err != nil {
		return nil, err
	}
	return t.Prepare(c.Arguments)
}

// checkQuota refuses a step when the tenant's daily steps, tokens or CPU seconds are used up, and
// returns the CPU time left (0: no CPU quota).
func (s *Server) checkQuota(ctx context.Context, tenantName string) (time.Duration, error) {
	now := time.Now().UTC()
	u, err := s.st.Tenant(tenantName).UsageOn(ctx, now.Format(time.DateOnly))
	if err != nil {
		return 0, fmt.Errorf("usage: %w", err)
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

func (s *Server) createStep(w http.ResponseWriter, r *http.Request, p *principal) (err error) {
	ctx := r.Context()
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	var req StepRequest
	if err := decodeJSON(r, &req, true); err != nil {
		return err
	}
	input := ""
	if req.Input != nil {
		input = *req.Input
	}
	if len(input) > maxInputBytes || !utf8.ValidString(input) || len(req.Name) > 256 || !utf8.ValidString(req.Name) {
		return badRequest("input must be valid UTF-8 of at most %d bytes, name at most 256", maxInputBytes)
	}
	addl, err := checkObject(req.AdditionalInput, "additional_input")
	if err != nil {
		return err
	}
	var ap approval
	if err := json.Unmarshal([]byte(addl), &ap); err != nil {
		return badRequest("additional_input: approve must be true or false, feedback and call_id strings")
	}

	t, err := s.st.Tenant(p.Tenant).Task(ctx, taskID)
	if err != nil {
		return storeErr(err, "task")
	}
	if !s.locks.tryLock(p.Tenant, taskID) {
		return errorf(http.StatusConflict, "step_running", "a step of this task is running; wait for it")
	}
	defer s.locks.unlock(p.Tenant, taskID)
	run, err := s.st.Tenant(p.Tenant).TaskRun(ctx, taskID)
	if err != nil {
		return storeErr(err, "task")
	}
	var state agent.State
	if err := json.Unmarshal([]byte(run.State), &state); err != nil {
		return fmt.Errorf("task %s: saved state: %w", taskID, err)
	}
	if state.Done {
		return errorf(http.StatusConflict, "task_ended", "the task has ended (%s): %s", state.Status, clip(state.Outcome, 500))
	}
	var bound *binding
	if run.Awaiting != "" {
		bound = new(binding)
		if err := json.Unmarshal([]byte(run.Awaiting), bound); err != nil {
			return fmt.Errorf("task %s: saved approval: %w", taskID, err)
		}
		// The saved state must still hold that call first. The approver checks, when the call is
		// validated again, that its tool and canonical arguments are the ones bound.
		if len(state.Pending) == 0 || state.Pending[0].ID != bound.CallID || state.Pending[0].Name != bound.Tool {
			bound = nil
		}
	}
	cpuLeft, err := s.checkQuota(ctx, p.Tenant)
	if err != nil {
		return err
	}
	release, err := s.limits.acquireStep(ctx, p.Tenant)
	if err != nil {
		return err
	}
	defer release()
	s.metrics.addRunning(p.Tenant, 1)
	defer s.metrics.addRunning(p.Tenant, -1)

	env, err := s.env(ctx, p.Tenant, taskID, t.Goal, parseTaskOptions(run.AdditionalInput, s.cfg.Continuous), needsAPI{}, apiAsker{}, cpuLeft)
	if err != nil {
		return err
	}
	defer env.ws.Close()
	env.cfg.Store = &recorder{Scope: s.st.Tenant(p.Tenant)}
	approver, err := bindApproval(env.cfg.Tools, state, bound, ap)
	if err != nil {
		return err
	}
	env.cfg.Approver = approver

	// The step is on record as running before it does anything, so a crash shows.
	name := req.Name
	st := &store.APStep{Tenant: p.Tenant, TaskID: taskID, Name: name, Input: input, AdditionalInput: addl}
	if err := s.st.Tenant(p.Tenant).StartAPStep(ctx, st); err != nil {
		if errors.Is(err, store.ErrStepRunning) {
			return errorf(http.StatusConflict, "step_running", "a step of this task is running; wait for it")
		}
		return fmt.Errorf("start step: %w", err)
	}
	finished := false
	defer func() {
		// A step whose request failed after it started must not stay "running": that would
		// hold the task until the next restart.
		if !finished {
			if aerr := s.st.Tenant(p.Tenant).AbandonAPStep(context.WithoutCancel(ctx), st.ID, "the step failed before it could finish; send a new step to retry"); aerr != nil {
				s.log.Error("abandon step", "tenant", p.Tenant, "step", st.ID, "err", aerr)
			}
		}
	}()
	notice := ""
	if strings.TrimSpace(input) != "" {
		if len(state.Pending) == 0 {
			state.Messages = append(state.Messages, llm.Message{Role: llm.RoleUser, Content: "The user says: " + input})
		} else {
			// A user message cannot come between the model's calls and their answers.
			notice = "this step's input was not passed to the model: calls of its last reply are still pending; send it again once they have run"
		}
	}
	sess, err := agent.Resume(env.cfg, t, state)
	if err != nil {
		return fmt.Errorf("resume task: %w", err)
	}
	before := len(state.Messages)
	snap := env.ws.Snapshot()

	// The step runs to its end even if the client goes away; it stops at the step timeout or
	// when the server's drain deadline passes, and is then saved as interrupted.
	sctx, cancel := context.WithTimeout(s.runCtx, s.cfg.StepTimeout)
	defer cancel()
	start := time.Now()
	res, stepErr := sess.Step(sctx)
	elapsed := time.Since(start)
	newState := sess.State()
	cut := sctx.Err() != nil && res.Done && res.Status == store.StatusInterrupted

	out := stepOutput{ToolCalls: []stepCall{}, Notice: notice}
	for _, m := range newState.Messages[min(before, len(newState.Messages)):] {
		if m.Role == llm.RoleAssistant && strings.TrimSpace(m.Content) != "" {
			out.Thoughts = strings.TrimSpace(out.Thoughts + "\n" + env.cfg.Guard.Redact(m.Content))
		}
	}
	for _, c := range res.Steps {
		// Arguments come from the model as it sent them; redact them like everything else shown.
		red := env.cfg.Guard.Redact
		out.ToolCalls = append(out.ToolCalls, stepCall{Tool: c.Tool, Arguments: red(c.Arguments), Decision: c.Decision, Feedback: red(c.Feedback),
			Output: clip(red(c.Output), 16<<10), Error: red(c.Error), Flagged: c.Flagged})
	}
	usage := newState.Usage
	stepTokens := usage.TotalTokens - state.Usage.TotalTokens
	out.PromptTokens, out.CompletionTokens = usage.PromptTokens-state.Usage.PromptTokens, usage.CompletionTokens-state.Usage.CompletionTokens

	t.Steps, t.PromptTokens, t.CompletionTokens = newState.Turn, usage.PromptTokens, usage.CompletionTokens
	st.Status, st.IsLast = store.APStepCompleted, res.Done
	awaiting := ""
	switch {
	case cut:
		// Keep the state saved by the last completed step: the task resumes from there.
		newState = state
		t.Status, t.Outcome = store.StatusRunning, ""
		t.Steps, t.PromptTokens, t.CompletionTokens = state.Turn, state.Usage.PromptTokens, state.Usage.CompletionTokens
		st.Status, st.IsLast = store.APStepInterrupted, false
		if run.Awaiting != "" {
			awaiting = run.Awaiting
		}
		out.TaskStatus = string(store.StatusRunning)
		out.Error = "the step was stopped (server shutdown or the step timeout of " + s.cfg.StepTimeout.String() + "); send a new step to continue from the last completed one"
	case res.Done:
		t.Status, t.Outcome = res.Status, res.Outcome
		out.TaskStatus, out.Outcome = string(res.Status), res.Outcome
	default:
		t.Status, t.Outcome = store.StatusRunning, ""
		out.TaskStatus = string(store.StatusRunning)
		if res.Awaiting != nil {
			b := binding{CallID: res.Awaiting.CallID, Tool: res.Awaiting.Tool, Arguments: env.cfg.Guard.Redact(res.Awaiting.Arguments),
				Hash: callHash(res.Awaiting.Tool, res.Awaiting.Arguments)}
			if approver.asked != nil && approver.asked.Hash == b.Hash {
				b.Why = approver.asked.Why
			}
			if b.Why == "" {
				b.Why = b.Tool + " is not pre-approved for this task"
			}
			raw, _ := json.Marshal(b)
			awaiting = string(raw)
			out.AwaitingApproval = &b
			st.Status = store.APStepAwaiting
		}
	}
	if stepErr != nil {
		s.log.Error("step failed to record", "tenant", p.Tenant, "task", taskID, "err", stepErr)
		out.Error = "the step could not be fully recorded"
	}
	if st.Name == "" {
		st.Name = stepName(out)
	}
	st.Output = stepText(out)
	ao, _ := json.Marshal(out)
	st.AdditionalOutput = string(ao)
	stateJSON, err := json.Marshal(newState)
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}

	// Files the step wrote become the task's artifacts.
	var arts []Artifact
	if !cut {
		for _, name := range snap.Changed(env.ws.Snapshot()) {
			dir, file := path.Split(name)
			a := &store.Artifact{Tenant: p.Tenant, TaskID: taskID, FileName: file, RelativePath: strings.TrimSuffix(dir, "/"), AgentCreated: true}
			if err := s.st.Tenant(p.Tenant).PutArtifact(context.WithoutCancel(ctx), a); err != nil {
				s.log.Error("record artifact", "tenant", p.Tenant, "task", taskID, "err", err)
				continue
			}
			arts = append(arts, apArtifact(a))
		}
	}
	cpuMillis := env.cpuMS.Load()
	if err := s.st.Tenant(p.Tenant).FinishAPStep(context.WithoutCancel(ctx), store.StepOutcome{
		Step: st, Run: &store.TaskRun{Tenant: p.Tenant, TaskID: taskID, State: string(stateJSON), Awaiting: awaiting}, Task: t,
		Steps: 1, Tokens: max(stepTokens, 0), CPUMillis: cpuMillis,
	}); err != nil {
		return fmt.Errorf("finish step: %w", err)
	}
	finished = true
	s.recordStep(ctx, p, taskID, st, out, elapsed, stepTokens)
	writeJSON(w, http.StatusOK, apStep(st, arts))
	return nil
}

// recordStep puts a step's tool calls, approvals, denials and detections in the metrics and the
// tenant's audit chain.
func (s *Server) recordStep(ctx context.Context, p *principal, taskID string, st *store.APStep, out stepOutput, d time.Duration, tokens int64) {
	s.metrics.stepDone(p.Tenant, string(st.Status), tokens, d)
	if out.TaskStatus != "" && out.TaskStatus != string(store.StatusRunning) {
		s.metrics.taskEnded(p.Tenant, out.TaskStatus)
	}
	target := taskID + "/" + st.ID
	var es []*store.AuditEntry
	for _, c := range out.ToolCalls {
		kind := decisionKind(c.Decision)
		s.metrics.toolCall(p.Tenant, kind, c.Flagged)
		detail, _ := json.Marshal(map[string]any{"tool": c.Tool, "arguments": clip(c.Arguments, 2048), "decision": c.Decision, "flagged": c.Flagged})
		es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID, Action: "tool_call", Target: target, Outcome: c.Decision, Detail: string(detail)})
		switch kind {
		case "user_allowed", "user_refused":
			es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID, Action: "approval", Target: target, Outcome: c.Decision, Detail: string(detail)})
		case "policy_refused":
			s.metrics.denial(p.Tenant, "policy")
			es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: "server", Action: "denial", Target: target, Outcome: c.Decision, Detail: string(detail)})
		}
		if kind == "user_refused" {
			s.metrics.denial(p.Tenant, "user")
		}
		if c.Flagged {
			es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: "server", Action: "injection_detected", Target: target, Outcome: "flagged", Detail: string(detail)})
		}
	}
	if out.AwaitingApproval != nil {
		detail, _ := json.Marshal(out.AwaitingApproval)
		es = append(es, &store.AuditEntry{Tenant: p.Tenant, Actor: "server", Action: "approval_requested", Target: target, Outcome: "awaiting", Detail: string(detail)})
	}
	for _, e := range es {
		if err := s.audit.Append(context.WithoutCancel(ctx), e); err != nil {
			s.log.Error("audit append failed", "tenant", p.Tenant, "err", err)
		}
	}
}

func decisionKind(d string) string {
	switch {
	case strings.HasPrefix(d, "allowed by user"), strings.HasPrefix(d, "always allowed by user"):
		return "user_allowed"
	case strings.HasPrefix(d, "refused by user"):
		return "user_refused"
	case strings.HasPrefix(d, "refused by policy"):
		return "policy_refused"
	case strings.HasPrefix(d, "allowed"):
		return "allowed"
	case d == "invalid":
		return "invalid"
	case d == "no tool call":
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
		fmt.Fprintf(&b, ". Send a step with additional_input {\"approve\": true} to run it, or {\"approve\": false, \"feedback\": \"...\"} to refuse it.\n")
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
	out := make([]Step, 0, len(sts))
	for _, st := range sts {
		out = append(out, apStep(st, nil))
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
	writeJSON(w, http.StatusOK, apStep(st, nil))
	return nil
}
