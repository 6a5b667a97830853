// Package assembly turns one run's configuration into a ready agent run: the tools it is offered
// (files, control, sandboxed commands, web), the guard, the policy and the budgets. Every front
// door — `paddock run`, `paddock serve`, and those to come — calls [New]; none builds tools itself,
// so adding a tool is one change here and it appears everywhere, and a protection cannot be
// forgotten by one door.
//
// Front doors differ only in their overrides and in how an approval reaches a person: the
// [agent.Approver] and [tool.Asker] they pass.
//
// What must hold: command tools exist only sandboxed, and only when the sandbox can be built here
// (otherwise they are left out with a notice saying why); web tools reach only what the run's
// egress policy grants (the zero policy grants nothing: the tools are offered and refuse, saying how
// to allow a host); the agent's own output is always defused against the same policy; secrets
// given here are redacted everywhere the run writes.
package assembly

import (
	"errors"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/web"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// Config is one run's configuration, whichever front door it comes from.
type Config struct {
	Tenant string // "local" for the command line
	TaskID string
	Goal   string
	Model  llm.Model
	// Workspace is the run's open workspace; the caller closes it.
	Workspace *workspace.Workspace
	// Secrets are values that must never reach the model, the records or the output (model and
	// search API keys); empty values are ignored.
	Secrets []string

	// Exec, when set, offers execute_shell and execute_python_code through the sandbox with this
	// configuration (its Workspace is set to the run's). Nil offers no command tools.
	Exec *sandbox.Config
	// ExecRunner, when set, runs those commands on sandboxes it prepares ahead (the front door
	// owns and closes it); nil starts each cold.
	ExecRunner *sandbox.Runner
	// OnCPU receives each command's sandbox CPU time (quotas); may be nil.
	OnCPU func(time.Duration)
	// OnOutput, when set, receives each command's output as it is written, for a person watching
	// (tool.Sandboxed.Live); what the model sees still passes the guard.
	OnOutput func([]byte)
	// Web, when set, offers read_webpage, download_file and (with a search backend) web_search.
	Web *Web
	// Network is the run's egress policy: what the web tools may reach, and what links in the
	// agent's own output may point at. The zero policy grants nothing.
	Network egress.Policy
	// Extra are tools from outside paddock offered besides the built-in ones (the tools of MCP
	// servers, package mcp). They pass through the same lookup, validation, policy, approval
	// and guard as every built-in tool; a name that clashes with another tool is an error.
	Extra []tool.Tool

	// Policy configures the authorisation rules. AutoApprove names that are not tools of this
	// run are an error unless IgnoreUnknownAutoApprove is set (a server-wide list).
	Policy                   policy.Options
	IgnoreUnknownAutoApprove bool
	// Approver asks a person about a call; Asker answers ask_user.
	Approver agent.Approver
	Asker    tool.Asker
	// Store records the run.
	Store agent.Recorder

	MaxSteps  int
	MaxTokens int64
	// MaxCost is the run's money budget in US dollars (0: none); Price is the model's price, nil
	// when unknown (the run then says it cannot count the cost).
	MaxCost float64
	Price   *pricing.Price
	Timeout time.Duration
	OnEvent func(agent.Event)
}

// Web configures the web tools of a run.
type Web struct {
	Search       web.SearchBackend // nil: no web_search
	IgnoreRobots bool
	// Resolver and RootCAs replace the system's (tests); nil keeps them.
	Resolver egress.Resolver
}

// Run is an assembled run, ready for agent.Run, agent.Start or agent.Resume.
type Run struct {
	// Agent is the loop's configuration. Its Guard redacts for the front door too; its Changed
	// lists the workspace files changed since the run was assembled.
	Agent agent.Config
	// Notices are things the user must know about the run's set-up (a tool left out and why).
	Notices []string
}

// ErrConfig wraps a configuration the user must fix (an unknown tool to auto-approve).
var ErrConfig = errors.New("invalid run configuration")

// New assembles one run.
func New(cfg Config) (*Run, error) {
	if cfg.Model == nil || cfg.Workspace == nil || cfg.Approver == nil || cfg.Store == nil {
		return nil, errors.New("assembly: Model, Workspace, Approver and Store are required")
	}
	g, err := agent.NewGuard(cfg.Secrets...)
	if err != nil {
		return nil, fmt.Errorf("assembly: %w", err)
	}
	out := &Run{}
	tools, err := out.tools(cfg, g)
	if err != nil {
		return nil, err
	}
	opts := cfg.Policy
	if cfg.IgnoreUnknownAutoApprove {
		var known []string
		for _, n := range opts.AutoApprove {
			if _, err := tools.Get(n); err == nil {
				known = append(known, n)
			}
		}
		opts.AutoApprove = known
	}
	rules, err := policy.New(opts, tools.Names())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	ws, pol := cfg.Workspace, cfg.Network
	snap := ws.Snapshot()
	out.Agent = agent.Config{
		Tenant: cfg.Tenant, TaskID: cfg.TaskID, Goal: cfg.Goal, Model: cfg.Model, Tools: tools, Rules: rules,
		Approver: cfg.Approver, Guard: g, Store: cfg.Store, Workspace: ws.Dir(),
		MaxSteps: cfg.MaxSteps, MaxTokens: cfg.MaxTokens, Timeout: cfg.Timeout,
		MaxCost: cfg.MaxCost, Price: cfg.Price,
		OnEvent:    cfg.OnEvent,
		Changed:    func() []string { return snap.Changed(ws.Snapshot()) },
		Neutralise: func(s string) string { return web.NeutraliseLinks(s, pol) },
	}
	return out, nil
}

// tools is the one list of what a run is offered.
func (r *Run) tools(cfg Config, g agent.Pipeline) (*tool.Set, error) {
	list := append(tool.Files(cfg.Workspace), tool.Control(cfg.Asker)...)
	if cfg.Exec != nil {
		// Commands exist only sandboxed: when the sandbox cannot be built here, they are not offered.
		if err := sandbox.Available(); err != nil {
			r.Notices = append(r.Notices, fmt.Sprintf("execute_shell and execute_python_code are not offered: the sandbox is unavailable here: %v (paddock check shows what is missing)", err))
		} else {
			sb := *cfg.Exec
			sb.Workspace = cfg.Workspace.Dir()
			list = append(list, tool.Exec(tool.Sandboxed{Config: sb, Runner: cfg.ExecRunner, OnCPU: cfg.OnCPU, Ran: cfg.Workspace.Invalidate, Live: cfg.OnOutput})...)
		}
	}
	if cfg.Web != nil {
		if w := web.WarnAllowAll(cfg.Network); w != "" {
			r.Notices = append(r.Notices, w)
		}
		list = append(list, web.Tools(web.Config{
			Policy:       cfg.Network,
			Workspace:    cfg.Workspace,
			Search:       cfg.Web.Search,
			IgnoreRobots: cfg.Web.IgnoreRobots,
			Resolver:     cfg.Web.Resolver,
			Screen:       web.GuardScreen(g.G), // a flagged page sets Result.Flagged: the loop taints and tells the user
		})...)
	}
	list = append(list, cfg.Extra...)
	set, err := tool.NewSet(list...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return set, nil
}
