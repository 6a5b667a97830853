package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/web"
	"github.com/paddock-dev/paddock/internal/workspace"
)

const runUsage = `Usage: paddock run [flags] "GOAL"

Starts an autonomous agent on GOAL. The model thinks and proposes tool calls; before each call
paddock shows it and asks:
  y  run it      n  refuse it (type "n <feedback>" to tell the model why)
  a  always allow this tool for the rest of the run      q  stop the run
When stdin is not a terminal the answers are read one per line (printf 'y\nn\n' | paddock run ...);
the end of input means q. Files are read and written only inside the workspace.

The model is any OpenAI-compatible chat-completions endpoint with tool calling:
  OPENAI_API_KEY=sk-... paddock run "summarise notes.txt into summary.md"
  OPENAI_BASE_URL=http://localhost:11434/v1 PADDOCK_MODEL=llama3.1 paddock run "GOAL"   # Ollama
Plain http:// is refused for any host but this machine's loopback (the key would travel in clear).

Flags:
`

type runOptions struct {
	workspace, dataDir, baseURL, model, apiKeyFile string
	maxSteps                                       int
	maxTokens                                      int64
	timeout                                        time.Duration
	continuous, json, refuseTainted, noExec        bool
	ignoreRobots, noWeb                            bool
	autoApprove, allowPrivate                      listFlag
	mcp                                            repeatedFlag // NAME=COMMAND ARGS, see mcp.go
	mcpConfig                                      string
	sandbox                                        sandbox.Config
}

func (o *runOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.workspace, "workspace", "", "the agent's workspace `dir`ectory (default: a new directory under the data dir, printed at start)")
	fs.StringVar(&o.dataDir, "data-dir", "", "where runs are recorded (default $PADDOCK_DATA_DIR, $XDG_DATA_HOME/paddock or ~/.local/share/paddock)")
	fs.IntVar(&o.maxSteps, "max-steps", agent.DefaultMaxSteps, "stop after this many model turns")
	fs.Int64Var(&o.maxTokens, "max-tokens", 0, "stop once the run has used this many model tokens (0: no limit)")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop the run after this much wall time, e.g. 10m (0: no limit)")
	fs.BoolVar(&o.continuous, "continuous", false, "run tool calls without asking (a prompt injection still makes consequential calls ask)")
	fs.Var(&o.autoApprove, "auto-approve", "comma-separated `tools` that run without asking, e.g. read_file,list_folder")
	fs.BoolVar(&o.refuseTainted, "refuse-when-tainted", false, "after a prompt injection is detected, refuse consequential calls instead of asking")
	fs.BoolVar(&o.json, "json", false, "print events as JSON lines on stdout (questions still go to stderr)")
	fs.BoolVar(&o.noExec, "no-exec", false, "do not offer execute_shell and execute_python_code to the model")
	fs.BoolVar(&o.noWeb, "no-web", false, "do not offer read_webpage, download_file and web_search to the model")
	fs.BoolVar(&o.ignoreRobots, "ignore-robots", false, "let the web tools fetch pages that robots.txt disallows")
	fs.Var(&o.allowPrivate, "allow-private", "`CIDR`s of private, loopback or link-local addresses the web tools may reach (e.g. 127.0.0.1/32 for a local test site)")
	registerMCPFlags(fs, o)
	registerSandboxFlags(fs, &o.sandbox)
}

func runCmd(ctx context.Context, args []string, env Env) int {
	var o runOptions
	fs := flag.NewFlagSet("paddock run", flag.ContinueOnError)
	o.register(fs)
	fs.StringVar(&o.baseURL, "base-url", "", "model endpoint (default $OPENAI_BASE_URL or "+llm.DefaultBaseURL+")")
	fs.StringVar(&o.model, "model", "", "model name (default $PADDOCK_MODEL or "+llm.DefaultModel+")")
	fs.StringVar(&o.apiKeyFile, "api-key-file", "", "read the API key from this file instead of $OPENAI_API_KEY")
	fs.Usage = func() { fmt.Fprint(env.Stderr, runUsage); fs.PrintDefaults() }
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	goal := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if goal == "" {
		fmt.Fprintln(env.Stderr, `paddock run: give a goal, e.g. paddock run "write a haiku to haiku.txt" (paddock run --help)`)
		return ExitUsage
	}
	if o.maxSteps < 1 {
		fmt.Fprintln(env.Stderr, "paddock run: --max-steps must be at least 1")
		return ExitUsage
	}
	cfg := llm.ConfigFrom(env.Getenv)
	if o.baseURL != "" {
		cfg.BaseURL = o.baseURL
	}
	if o.model != "" {
		cfg.Model = o.model
	}
	if o.apiKeyFile != "" {
		key, err := llm.APIKeyFromFile(o.apiKeyFile)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock run:", err)
			return ExitUsage
		}
		cfg.APIKey = key
	}
	model, err := llm.NewOpenAI(cfg)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		if errors.Is(err, llm.ErrNoAPIKey) {
			fmt.Fprintln(env.Stderr, "  set OPENAI_API_KEY (or --api-key-file), or point OPENAI_BASE_URL at a local server; try `paddock demo` to see paddock without a model")
		}
		return ExitUsage
	}
	return execute(ctx, runSpec{
		opts:      o,
		goal:      goal,
		model:     model,
		modelDesc: fmt.Sprintf("%s at %s", cfg.Model, model.Endpoint()),
		secrets:   []string{cfg.APIKey},
		answers:   env.Stdin,
		terminal:  env.StdinIsTerminal,
	}, env)
}

// runSpec is one run to execute, from `paddock run` or `paddock demo`.
type runSpec struct {
	opts      runOptions
	goal      string
	model     llm.Model
	modelDesc string
	secrets   []string  // values that must never reach the model, the store or the terminal
	answers   io.Reader // where approval answers come from
	terminal  bool      // answers come from a person at a terminal
	// questionsToStdout puts approval questions on stdout, interleaved with progress (the demo).
	questionsToStdout bool
	// prepare, when set, fills a new workspace before the run (the demo's files).
	prepare func(dir string) error
	// summary, when set, receives the run's summary (benchmarks).
	summary func(*agent.Summary)
}

// execute wires the packages for one run, runs it and prints its outcome.
func execute(ctx context.Context, spec runSpec, env Env) int {
	o := spec.opts
	db, data, err := openStore(o.dataDir, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}
	defer db.Close()

	taskID := store.NewID()
	dir, created := o.workspace, false
	if dir == "" {
		dir, created = filepath.Join(data, "workspaces", taskID), true
	}
	if !created {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			fmt.Fprintf(env.Stderr, "paddock: --workspace %s: not an existing directory (create it first, or omit --workspace for a new one)\n", dir)
			return ExitUsage
		}
	}
	ws, err := workspace.Create(dir, workspace.DefaultLimits)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}
	defer ws.Close()
	if spec.prepare != nil {
		if err := spec.prepare(ws.Dir()); err != nil {
			fmt.Fprintln(env.Stderr, "paddock:", err)
			return ExitFailed
		}
	}

	questions := env.Stderr
	if spec.questionsToStdout {
		questions = env.Stdout
	}
	pol, err := webPolicy(o)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		return ExitUsage
	}
	prompter := policy.NewPrompter(spec.answers, questions, spec.terminal)
	cfg := assembly.Config{
		Tenant: localTenant, TaskID: taskID, Goal: spec.goal, Model: spec.model, Workspace: ws,
		Secrets:  append(spec.secrets, env.Getenv("PADDOCK_SEARCH_API_KEY")),
		Network:  pol,
		Policy:   policy.Options{Continuous: o.continuous, AutoApprove: o.autoApprove, RefuseWhenTainted: o.refuseTainted},
		Approver: prompter, Asker: prompter, Store: db.Tenant(localTenant),
		MaxSteps: o.maxSteps, MaxTokens: o.maxTokens, Timeout: o.timeout,
	}
	if !o.noExec {
		sb := o.sandbox
		if len(sb.AllowNet) > 0 {
			sb.Egress = &pol // the sandbox's proxy grants --allow-private too, as the web tools do
		}
		cfg.Exec = &sb
		cfg.ExecRunner = &sandbox.Runner{} // each command on a sandbox prepared while the model thinks
		defer cfg.ExecRunner.Close()
	}
	if !o.noWeb {
		search, err := web.SearchFromEnv(env.Getenv)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock run:", err)
			return ExitUsage
		}
		cfg.Web = &assembly.Web{Search: search, IgnoreRobots: o.ignoreRobots}
	}
	servers, code, ok := attachMCP(ctx, o, ws.Dir(), cfg.Approver, cfg.Secrets, env)
	if !ok {
		return code
	}
	defer servers.Close()
	cfg.Extra = servers.Tools()
	run, err := assembly.New(cfg)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		if errors.Is(err, assembly.ErrConfig) {
			return ExitUsage
		}
		return ExitFailed
	}
	for _, n := range run.Notices {
		fmt.Fprintln(env.Stderr, "paddock:", n)
	}
	g := run.Agent.Guard
	out := newPrinter(env.Stdout, o.json, g.Redact)
	out.header(spec.model.Name(), spec.modelDesc, ws.Dir(), created, data)
	run.Agent.OnEvent = out.event
	sum, err := agent.Run(ctx, run.Agent)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", g.Redact(err.Error()))
		if sum == nil {
			return ExitFailed
		}
	}
	if spec.summary != nil {
		spec.summary(sum)
	}
	switch sum.Status {
	case store.StatusFinished:
		return ExitOK
	case store.StatusBudget:
		return ExitBudget
	case store.StatusInterrupted:
		return ExitInterrupted
	}
	return ExitFailed
}
