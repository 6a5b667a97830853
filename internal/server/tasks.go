package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// taskOptions are the keys of a task's additional_input that paddock reads; others are kept and
// ignored. Nothing here can name a tenant or a role.
type taskOptions struct {
	// Continuous runs the task's tool calls without approval (until the run is tainted by a
	// detected prompt injection, after which consequential calls need approval again). Absent,
	// the server's default applies.
	Continuous *bool `json:"continuous"`
}

// parseTaskOptions reads a task's options; def is the server's default for continuous.
func parseTaskOptions(addl string, def bool) taskOptions {
	var o taskOptions
	if json.Unmarshal([]byte(addl), &o) != nil { // a non-boolean "continuous" is the default
		o = taskOptions{}
	}
	if o.Continuous == nil {
		o.Continuous = &def
	}
	return o
}

// workspaceDir is a task's workspace: under the tenant's own root, which no other tenant's path reaches.
func (s *Server) workspaceDir(tenantName, taskID string) string {
	return filepath.Join(s.cfg.DataDir, "tenants", tenantName, "workspaces", taskID)
}

// errNoModel reports a tenant with no model to call.
var errNoModel = errorf(http.StatusServiceUnavailable, "no_model", "no model is configured for this tenant; the operator sets one with `paddock tenant set-model`")

// modelFor returns the tenant's model client and the secret to redact: its own credential c when
// it has one (nil: none), else the server-wide model.
func (s *Server) modelFor(tenantName string, c *store.Credential) (llm.Model, string, error) {
	cfg := s.cfg.Model
	if c != nil {
		cfg.BaseURL, cfg.Model, cfg.APIKey = c.BaseURL, c.Model, ""
		if len(c.SealedKey) > 0 {
			if s.cfg.Sealer == nil {
				return nil, "", errorf(http.StatusServiceUnavailable, "no_master_key", "this tenant's model key is sealed and the server has no master key")
			}
			key, err := s.cfg.Sealer.Open(tenantName, c.SealedKey)
			if err != nil {
				s.log.Error("cannot open a tenant's model key", "tenant", tenantName, "err", err)
				return nil, "", errorf(http.StatusServiceUnavailable, "credential", "this tenant's model key cannot be opened; the operator must set it again")
			}
			cfg.APIKey = string(key)
		}
	}
	m, err := llm.NewOpenAI(cfg)
	if err != nil {
		if errors.Is(err, llm.ErrNoAPIKey) {
			return nil, "", errNoModel
		}
		s.log.Error("model configuration refused", "tenant", tenantName, "err", err)
		return nil, "", errorf(http.StatusServiceUnavailable, "no_model", "this tenant's model endpoint is not usable; the server's log says why")
	}
	return m, cfg.APIKey, nil
}

// recorder records steps through the store but leaves creating the task to CreateTaskRun, so a
// task and its saved run are written together.
type recorder struct {
	*store.Scope
	created *store.Task
}

func (r *recorder) CreateTask(_ context.Context, t *store.Task) error {
	r.created = t
	return nil
}

// UpdateTask is left to FinishAPStep, which writes the task's status together with the saved
// state, so a crash between them cannot leave a task marked ended with a state that is not.
func (r *recorder) UpdateTask(context.Context, *store.Task) error { return nil }

// stepEnv is one step's assembled run and the workspace it works in.
type stepEnv struct {
	ws    *workspace.Workspace
	cfg   agent.Config
	cpuMS atomic.Int64 // sandbox CPU time used by the step's commands
}

// env opens a task's workspace and assembles the run of one step, as every front door does,
// recording through rec. Over the API nobody can be asked during a step: the run holds every call
// that needs approval (a step binds its own approver to the call it answers), and ask_user's
// question is answered by the next step's input.
//
// tr is the tenant's records the run needs, read beforehand (a step reads them with its task);
// nil reads them here.
func (s *Server) env(ctx context.Context, tenantName, taskID, goal string, opts taskOptions, rec agent.Recorder, cpuLeft time.Duration, tr *store.TenantReads) (*stepEnv, error) {
	if tr == nil {
		var err error
		if tr, err = s.st.Tenant(tenantName).TenantReads(ctx); err != nil {
			return nil, fmt.Errorf("tenant records: %w", err)
		}
	}
	model, secret, err := s.modelFor(tenantName, tr.Credential)
	if err != nil {
		return nil, err
	}
	exec, err := s.execConfig(ctx, tenantName, cpuLeft)
	if err != nil {
		return nil, err
	}
	network := s.networkFor(tenantName, tr.NetworkGrants)
	rules, err := s.rulesFor(tenantName, tr.Rules) // the tenant's rules hold for every member's task (rules.go)
	if err != nil {
		return nil, err
	}
	limits, err := s.workspaceLimits(tenantName, taskID, workspace.DefaultLimits)
	if err != nil {
		return nil, err
	}
	if exec != nil {
		exec.Disk = s.commandDisk(tenantName, taskID, limits, exec.Disk)
	}
	ws, err := workspace.Create(s.workspaceDir(tenantName, taskID), limits)
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	env := &stepEnv{ws: ws}
	var runner *sandbox.Runner
	if exec != nil {
		// A step's commands after its first run on a sandbox prepared while the model thinks
		// (each command still gets a fresh one); the prepared one ends with the request.
		runner = &sandbox.Runner{}
		context.AfterFunc(ctx, runner.Close)
	}
	// The tenant's MCP servers, in its sandbox, stopped when the step's request ends (mcp.go).
	mcpTools, stopMCP, err := s.attachMCP(ctx, tenantName, tr.MCPServers, exec, ws.Dir(), append([]string{secret}, s.cfg.Secrets...))
	if err != nil {
		ws.Close()
		return nil, err
	}
	run, err := assembly.New(assembly.Config{
		Tenant: tenantName, TaskID: taskID, Goal: goal, Model: model, Workspace: ws,
		Secrets: append([]string{secret}, s.cfg.Secrets...),
		Exec:    exec, ExecRunner: runner, OnCPU: func(d time.Duration) { env.cpuMS.Add(d.Milliseconds()) },
		Web: s.cfg.Web, Network: network,
		// An unattended (continuous) task has nobody to approve a held call: once tainted, its
		// consequential calls are refused and the model told why, instead of waiting for ever.
		Policy: policy.Options{Continuous: *opts.Continuous, AutoApprove: s.cfg.AutoApprove, RefuseWhenTainted: *opts.Continuous, Rules: rules},
		Price:  s.priceFor(tenantName, model.Name()),
		// The server-wide list names tools some tasks may not have (commands without --exec).
		IgnoreUnknownAutoApprove: true,
		Approver:                 needsAPI{}, Asker: apiAsker{}, Store: rec,
		MaxSteps: s.cfg.MaxSteps, Extra: mcpTools,
	})
	if err != nil {
		stopMCP()
		ws.Close()
		return nil, fmt.Errorf("assemble the run: %w", err)
	}
	env.cfg = run.Agent
	return env, nil
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req TaskRequest
	unknown, err := decodeJSONLoose(r, &req, true)
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		s.log.Debug("create task: ignored unknown fields", "tenant", p.Tenant, "fields", unknown)
	}
	goal := "" // no input, null or only spaces: a task without a goal of its own
	if req.Input != nil && strings.TrimSpace(*req.Input) != "" {
		goal = *req.Input
	}
	if len(goal) > maxInputBytes || !utf8.ValidString(goal) {
		return unprocessable("input must be valid UTF-8 of at most %d bytes", maxInputBytes)
	}
	addl, err := checkObject(req.AdditionalInput, "additional_input")
	if err != nil {
		return err
	}
	if err := s.admitTask(r.Context(), p.Tenant); err != nil {
		return err
	}
	taskID := store.NewID()
	rec := &recorder{Scope: s.st.Tenant(p.Tenant)}
	env, err := s.env(r.Context(), p.Tenant, taskID, goalOrNone(goal), parseTaskOptions(addl, s.cfg.Continuous), rec, 0, nil)
	if err != nil {
		return err
	}
	defer env.ws.Close()
	sess, err := agent.Start(r.Context(), env.cfg)
	if err != nil {
		return fmt.Errorf("start task: %w", err)
	}
	state, err := json.Marshal(sess.State())
	if err != nil {
		return fmt.Errorf("save task state: %w", err)
	}
	t := rec.created
	t.Goal = goal // empty when the task came without input: the API shows null
	if err := s.st.Tenant(p.Tenant).CreateTaskRun(r.Context(), t, &store.TaskRun{AdditionalInput: addl, State: string(state)}); err != nil {
		return fmt.Errorf("create task: %w", err)
	}
	writeJSON(w, http.StatusOK, apTask(t, addl, []Artifact{}))
	return nil
}

// noGoal is the goal the model is given for a task created without input: the steps' inputs,
// which reach it as the user's messages, give it.
const noGoal = "(none given with the task: the user's messages give it)"

func goalOrNone(goal string) string {
	if goal == "" {
		return noGoal
	}
	return goal
}

func apTask(t *store.Task, addl string, arts []Artifact) Task {
	var input *string
	if t.Goal != "" {
		input = &t.Goal
	}
	return Task{TaskID: t.ID, Input: input, AdditionalInput: rawObject(addl), CreatedAt: t.Created, ModifiedAt: t.Updated,
		Artifacts: arts, Status: t.Status, Outcome: t.Outcome}
}

func (s *Server) listTasks(w http.ResponseWriter, r *http.Request, p *principal) error {
	limit, offset, current, err := page(r)
	if err != nil {
		return err
	}
	ts, total, err := s.st.Tenant(p.Tenant).Tasks(r.Context(), limit, offset)
	if err != nil {
		return fmt.Errorf("list tasks: %w", err)
	}
	out := make([]Task, 0, len(ts))
	for _, t := range ts {
		// The listing leaves additional_input and artifacts out (one query per page); GET the task for them.
		out = append(out, apTask(t, "{}", []Artifact{}))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tasks": out, "pagination": pagination(total, current, limit)})
	return nil
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	t, err := s.st.Tenant(p.Tenant).Task(r.Context(), id)
	if err != nil {
		return storeErr(err, "task")
	}
	run, err := s.st.Tenant(p.Tenant).TaskRun(r.Context(), id)
	if err != nil {
		return storeErr(err, "task")
	}
	// The first page of the task's artifacts: GET .../artifacts pages through all of them.
	arts, _, err := s.st.Tenant(p.Tenant).Artifacts(r.Context(), id, maxPageSize, 0)
	if err != nil {
		return fmt.Errorf("artifacts: %w", err)
	}
	out := make([]Artifact, 0, len(arts))
	for _, a := range arts {
		out = append(out, apArtifact(a))
	}
	writeJSON(w, http.StatusOK, apTask(t, run.AdditionalInput, out))
	return nil
}
