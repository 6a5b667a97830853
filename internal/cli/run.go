package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
	"github.com/paddock-dev/paddock/internal/web"
	"github.com/paddock-dev/paddock/internal/workspace"
)

const runUsage = `Usage: paddock run [flags] "GOAL" [flags]
       paddock run --resume ID [flags]

Starts an autonomous agent on GOAL. The model thinks and proposes tool calls; before each call
paddock shows it (a write as a diff against the current file, a command as its command line)
and asks:
  y  run it      n  refuse it (type "n <feedback>" to tell the model why)
  a  always allow calls like this one (the rule is named)   v  view every argument in $PAGER
  A  the same, and save the rule to your rules file           q  stop the run
When stdin is not a terminal the answers are read one per line (printf 'y\nn\n' | paddock run ...);
the end of input means q. Flags may come before or after the goal; a goal that starts with "-"
goes after "--" (paddock run -- "-v means verbose: document it").

The workspace is the current directory when it is a project directory you own (not your home
directory, /, or a shared one such as /tmp): the agent reads and writes only inside it.
--workspace DIR names another; --workspace new makes a fresh one under the data dir.

The model is any OpenAI-compatible chat-completions endpoint with tool calling:
  OPENAI_API_KEY=sk-... paddock run "summarise notes.txt into summary.md"
  OPENAI_BASE_URL=http://localhost:11434/v1 PADDOCK_MODEL=llama3.1 paddock run "GOAL"   # Ollama
Plain http:// is refused for any host but this machine's loopback (the key would travel in clear).
A model turn that gets no answer within --model-timeout (retries included) fails the run.

Every step is recorded. A run stopped by Ctrl-C, q, a budget, a model that stopped answering or
a crash (kill -9: it is listed as interrupted once its lease of 15 s runs out) continues with
  paddock run --resume ID
in the same workspace with the same settings (flags given with --resume change them; budgets
start afresh).

Exit status: 0 finished, 1 failed, 2 usage error, 3 budget ran out, 130 interrupted or stopped.

Flags:
`

type runOptions struct {
	workspace, dataDir, baseURL, model, apiKeyFile string
	resume                                         string
	maxSteps, maxReminders                         int
	maxTokens                                      int64
	timeout, modelTimeout                          time.Duration
	continuous, json, refuseTainted, noExec        bool
	ignoreRobots, noWeb                            bool
	autoApprove, allowPrivate                      listFlag
	mcp                                            repeatedFlag // NAME=COMMAND ARGS, see mcp.go
	mcpConfig                                      string
	sandbox                                        sandbox.Config
	rules                                          ruleOptions // --allow, --ask, --deny, --max-cost, --prices (rules.go)
}

// register adds the flags `paddock run` shares with its helpers (one line per flag).
func (o *runOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.workspace, "workspace", "", "the agent's workspace `dir`ectory (default: the current directory; \"new\": a new directory under the data dir)")
	fs.StringVar(&o.dataDir, "data-dir", "", "where runs are recorded (default $PADDOCK_DATA_DIR, $XDG_DATA_HOME/paddock or ~/.local/share/paddock)")
	fs.IntVar(&o.maxSteps, "max-steps", agent.DefaultMaxSteps, "stop after this many model turns")
	fs.Int64Var(&o.maxTokens, "max-tokens", 0, "stop once the run has used this many model tokens (0: no limit)")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop the run after this much wall time, e.g. 10m (0: no limit)")
	fs.DurationVar(&o.modelTimeout, "model-timeout", llm.DefaultTurnTimeout, "give up on a model turn that has no answer after this long, retries included")
	fs.IntVar(&o.maxReminders, "max-reminders", agent.DefaultMaxReminders, "replies in a row without a tool call that the model is reminded of before the run fails (0: none)")
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
	o.rules.register(fs)
}

// runFlags returns the flag set of `paddock run`.
func runFlags(o *runOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("paddock run", flag.ContinueOnError)
	o.register(fs)
	fs.StringVar(&o.baseURL, "base-url", "", "model endpoint (default $OPENAI_BASE_URL or "+llm.DefaultBaseURL+")")
	fs.StringVar(&o.model, "model", "", "model name (default $PADDOCK_MODEL or "+llm.DefaultModel+")")
	fs.StringVar(&o.apiKeyFile, "api-key-file", "", "read the API key from this file instead of $OPENAI_API_KEY")
	fs.StringVar(&o.resume, "resume", "", "continue the recorded run `ID` (an id prefix works) where it stopped")
	fs.Usage = func() { fmt.Fprint(fs.Output(), runUsage); fs.PrintDefaults() }
	return fs
}

// savedSettings is what a run records so that --resume continues it the same way: its flags as
// given (without --resume, --workspace and --data-dir) and its workspace. No secret is in them:
// the API key comes from the environment or a file named by a flag.
type savedSettings struct {
	Args      []string `json:"args"`
	Workspace string   `json:"workspace"`
}

func runCmd(ctx context.Context, args []string, env Env) int {
	var o runOptions
	fs := runFlags(&o)
	pos, flagArgs, code, ok := parseInterspersedArgs(fs, args, env)
	if !ok {
		return code
	}
	var resume *resumed
	if o.resume != "" {
		if len(pos) > 0 {
			fmt.Fprintf(env.Stderr, "paddock run: --resume continues run %s with its own goal; give no goal (paddock run --help)\n", termtext.OneLine(o.resume, 40))
			return ExitUsage
		}
		r, code, ok := loadResume(ctx, o.resume, o.dataDir, env)
		if !ok {
			return code
		}
		// The recorded flags first, then the ones given now, which win.
		o = runOptions{}
		fs = runFlags(&o)
		if pos, _, code, ok = parseInterspersedArgs(fs, append(append([]string(nil), r.settings.Args...), args...), env); !ok {
			return code
		}
		o.workspace, o.resume, resume = r.settings.Workspace, "", r
		flagArgs = r.settings.Args
	}
	goal := strings.TrimSpace(strings.Join(pos, " "))
	if resume != nil {
		goal = resume.task.Goal
	}
	if goal == "" {
		fmt.Fprintln(env.Stderr, `paddock run: give a goal, e.g. paddock run "write a haiku to haiku.txt" (paddock run --help)`)
		return ExitUsage
	}
	if o.maxSteps < 1 {
		fmt.Fprintln(env.Stderr, "paddock run: --max-steps must be at least 1")
		return ExitUsage
	}
	if o.modelTimeout <= 0 {
		fmt.Fprintln(env.Stderr, "paddock run: --model-timeout must be positive, e.g. 2m")
		return ExitUsage
	}
	if o.maxReminders < 0 {
		fmt.Fprintln(env.Stderr, "paddock run: --max-reminders must be 0 or more")
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
	cfg.TurnTimeout = o.modelTimeout
	if cfg.Timeout > o.modelTimeout {
		cfg.Timeout = o.modelTimeout
	}
	relay := &retryRelay{}
	cfg.OnRetry = relay.retry
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
		settings:  &savedSettings{Args: keptArgs(fs, flagArgs)},
		resume:    resume,
		retries:   relay,
	}, env)
}

// keptArgs are the flag arguments a run records for --resume: all but --resume, --workspace and
// --data-dir (the workspace is recorded resolved; the data dir is where the record is).
func keptArgs(fs *flag.FlagSet, flagArgs []string) []string {
	kept := []string{}
	for i := 0; i < len(flagArgs); i++ {
		a := flagArgs[i]
		if a == "--" {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takesNext := !hasValue && !isBoolFlag(fs, a) && fs.Lookup(name) != nil
		switch name {
		case "resume", "workspace", "data-dir":
			if takesNext {
				i++
			}
			continue
		}
		kept = append(kept, a)
		if takesNext && i+1 < len(flagArgs) {
			kept = append(kept, flagArgs[i+1])
			i++
		}
	}
	return kept
}

// resumed is a recorded run to continue.
type resumed struct {
	task     *store.Task
	state    agent.State
	settings savedSettings
}

// loadResume finds the run to continue and what it recorded.
func loadResume(ctx context.Context, id, dataFlag string, env Env) (*resumed, int, bool) {
	db, _, err := openExistingStore(dataFlag, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		return nil, ExitFailed, false
	}
	defer db.Close()
	st := db.Tenant(localTenant)
	if _, err := st.ExpireLeases(ctx, outcomeGone); err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		return nil, ExitFailed, false
	}
	t, code, ok := findRun(ctx, db, localTenant, id, "paddock run --resume", env)
	if !ok {
		return nil, code, false
	}
	if t.Status == store.StatusFinished {
		fmt.Fprintf(env.Stderr, "paddock run: run %s finished (%s); there is nothing to resume\n", t.ID, termtext.OneLine(t.Outcome, 200))
		return nil, ExitUsage, false
	}
	tr, err := st.TaskRun(ctx, t.ID)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(env.Stderr, "paddock run: run %s was recorded without its state (by paddock demo, the server or an older paddock); it cannot be resumed\n", t.ID)
		return nil, ExitUsage, false
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		return nil, ExitFailed, false
	}
	r := &resumed{task: t}
	if err := json.Unmarshal([]byte(tr.State), &r.state); err != nil {
		fmt.Fprintf(env.Stderr, "paddock run: the saved state of run %s does not decode: %v\n", t.ID, err)
		return nil, ExitFailed, false
	}
	if err := json.Unmarshal([]byte(tr.AdditionalInput), &r.settings); err != nil || r.settings.Workspace == "" {
		fmt.Fprintf(env.Stderr, "paddock run: run %s was recorded without its settings; it cannot be resumed\n", t.ID)
		return nil, ExitUsage, false
	}
	if r.state.Done {
		fmt.Fprintf(env.Stderr, "paddock run: run %s finished; there is nothing to resume\n", t.ID)
		return nil, ExitUsage, false
	}
	return r, 0, true
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
	// settings, when set, are recorded with the run's state after each step, so that
	// --resume can continue it; nil records no state (the demo).
	settings *savedSettings
	// resume, when set, is the recorded run to continue.
	resume *resumed
	// retries, when set, shows the model client's retries as progress.
	retries *retryRelay
}

// outcomeGone is the outcome of a run whose process went away without recording its end.
const outcomeGone = "interrupted: its paddock process stopped (killed or crashed) without recording the end; continue it with paddock run --resume"

// leaseTTL is how long a run's lease lasts unless renewed; it is renewed three times as often.
// PADDOCK_LEASE_TTL (a duration) shortens it for tests.
func leaseTTL(env Env) time.Duration {
	if d, err := time.ParseDuration(env.Getenv("PADDOCK_LEASE_TTL")); err == nil && d > 0 {
		return d
	}
	return 15 * time.Second
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
	scope := db.Tenant(localTenant)
	if _, err := scope.ExpireLeases(ctx, outcomeGone); err != nil {
		if ctx.Err() != nil { // Ctrl-C while the run was starting: nothing ran yet
			fmt.Fprintln(env.Stderr, "paddock: interrupted before the run started; nothing was run")
			return ExitInterrupted
		}
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}

	taskID := store.NewID()
	if spec.resume != nil {
		taskID = spec.resume.task.ID
	}
	dir, how, code, ok := chooseWorkspace(o.workspace, data, taskID, env)
	if !ok {
		return code
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

	questions, questionsTTY := env.Stderr, env.StderrIsTerminal
	if spec.questionsToStdout {
		questions, questionsTTY = env.Stdout, env.StdoutIsTerminal
	}
	pol, err := webPolicy(o)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		return ExitUsage
	}
	prompter := policy.NewPrompter(spec.answers, questions, spec.terminal)
	display := policy.Display{Color: colorAllowed(questionsTTY, env), Current: currentFile(ws)}
	if spec.terminal && questionsTTY {
		display.View = pager(questions, env)
	}
	prompter.SetDisplay(display)
	ruleSet, userRules, price, code, ok := o.rules.setup(ctx, ws, spec.model.Name(), prompter, env)
	if !ok {
		return code
	}
	prompter.SetRulesFile(userRules)

	holder := leaseHolder()
	rec := &leasedRecorder{Scope: scope, holder: holder, ttl: leaseTTL(env)}
	defer rec.stop()
	if spec.resume != nil {
		if err := rec.take(ctx, taskID); err != nil {
			fmt.Fprintf(env.Stderr, "paddock run: run %s cannot be resumed now: %v\n", taskID, err)
			return ExitFailed
		}
	}
	sb := o.sandbox
	if o.timeout > 0 && (sb.Timeout == 0 || sb.Timeout > o.timeout) {
		// A command cannot outlast the run: its limit, and the figure its message shows, is the run's.
		sb.Timeout = o.timeout
	}
	out := newPrinter(env.Stdout, o.json, nil)
	out.color = colorAllowed(env.StdoutIsTerminal, env) && !o.json
	out.live = env.StdoutIsTerminal && !o.json && env.Getenv("TERM") != "dumb"
	approver := &pausingApprover{p: prompter, out: out}
	cfg := assembly.Config{
		Tenant: localTenant, TaskID: taskID, Goal: spec.goal, Model: spec.model, Workspace: ws,
		Secrets:  append(spec.secrets, env.Getenv("PADDOCK_SEARCH_API_KEY")),
		Network:  pol,
		Policy:   policy.Options{Continuous: o.continuous, AutoApprove: o.autoApprove, RefuseWhenTainted: o.refuseTainted},
		Approver: approver, Asker: approver, Store: rec,
		MaxSteps: o.maxSteps, MaxTokens: o.maxTokens, Timeout: o.timeout,
	}
	cfg.Policy.Rules, cfg.MaxCost, cfg.Price = ruleSet, o.rules.maxCost, price
	if spec.resume != nil {
		// Budgets start afresh: the steps, tokens and dollars the run has used are added to them.
		cfg.MaxSteps += spec.resume.state.Turn
		if o.maxTokens > 0 {
			cfg.MaxTokens += spec.resume.state.Usage.TotalTokens
		}
		if o.rules.maxCost > 0 && price != nil {
			cfg.MaxCost += price.Cost(spec.resume.state.Usage)
		}
	}
	if !o.noExec {
		if len(sb.AllowNet) > 0 {
			sb.Egress = &pol // the sandbox's proxy grants --allow-private too, as the web tools do
		}
		cfg.Exec = &sb
		cfg.ExecRunner = &sandbox.Runner{} // each command on a sandbox prepared while the model thinks
		defer cfg.ExecRunner.Close()
		if out.live {
			cfg.OnOutput = out.commandOutput // a command's output, live and dimmed, as it runs
		}
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
	servers.OfferLater(run.Agent.Tools.Add) // tools a server adds mid-run: screened, then offered only if approved
	for _, n := range run.Notices {
		fmt.Fprintln(env.Stderr, "paddock:", n)
	}
	g := run.Agent.Guard
	out.redact = g.Redact
	out.modelName = spec.model.Name()
	out.modelTimeout = o.modelTimeout
	defer out.close()
	if spec.retries != nil {
		spec.retries.out = out
	}
	out.header(spec.modelDesc, ws.Dir(), how, data, spec.resume)
	run.Agent.OnEvent = out.event
	run.Agent.MaxReminders = o.maxReminders
	if o.maxReminders == 0 {
		run.Agent.MaxReminders = -1 // the flag's 0 means none; the agent's 0 means its default
	}
	if spec.settings != nil {
		settings := *spec.settings
		settings.Workspace = ws.Dir()
		input, err := json.Marshal(settings)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock:", err)
			return ExitFailed
		}
		run.Agent.SaveState = func(ctx context.Context, st agent.State) error {
			state, err := json.Marshal(st)
			if err != nil {
				return err
			}
			return scope.SaveTaskRun(ctx, &store.TaskRun{TaskID: taskID, AdditionalInput: string(input), State: string(state)})
		}
	}
	var sum *agent.Summary
	if spec.resume != nil {
		sum, err = agent.Continue(ctx, run.Agent, spec.resume.task, spec.resume.state)
	} else {
		sum, err = agent.Run(ctx, run.Agent)
	}
	out.close()
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", g.Redact(err.Error()))
		if sum == nil {
			return ExitFailed
		}
	}
	if spec.summary != nil {
		spec.summary(sum)
	}
	return exitStatus(sum.Status)
}

// exitStatus maps how a run ended to paddock's exit status.
func exitStatus(s store.Status) int {
	switch s {
	case store.StatusFinished:
		return ExitOK
	case store.StatusBudget:
		return ExitBudget
	case store.StatusInterrupted:
		return ExitInterrupted
	}
	return ExitFailed
}

// chooseWorkspace resolves --workspace: empty is the current directory (when it is a project
// directory the user owns), "new" a new directory under the data dir, anything else an existing
// directory. how says which, for the header.
func chooseWorkspace(flagValue, data, taskID string, env Env) (dir, how string, code int, ok bool) {
	switch flagValue {
	case "new":
		return filepath.Join(data, "workspaces", taskID), "new", 0, true
	case "":
		cwd, err := os.Getwd()
		if err != nil {
			fmt.Fprintf(env.Stderr, "paddock run: cannot use the current directory as the workspace: %v; name one with --workspace DIR\n", err)
			return "", "", ExitUsage, false
		}
		if why := notAProject(cwd, env); why != "" {
			fmt.Fprintf(env.Stderr, "paddock run: the current directory %s %s, so it is not used as the agent's workspace.\n"+
				"  Run paddock in a project directory, name one with --workspace DIR, or give --workspace new for a fresh\n"+
				"  directory under the data dir.\n", cwd, why)
			return "", "", ExitUsage, false
		}
		return cwd, "the current directory", 0, true
	}
	dir, err := filepath.Abs(flagValue)
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(dir); err == nil && !fi.IsDir() {
			err = errors.New("not a directory")
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "paddock run: --workspace %s: %v (create it first, or give --workspace new for a fresh one)\n", flagValue, err)
		return "", "", ExitUsage, false
	}
	return dir, "existing", 0, true
}

// notAProject says why dir is no place for an agent to work in by default, or "" when it is one:
// the home directory and / hold far more than one project; a shared directory (sticky and
// writable by all, like /tmp) and another user's directory are not the user's project.
func notAProject(dir string, env Env) string {
	fi, err := os.Stat(dir)
	if err != nil {
		return "cannot be read (" + err.Error() + ")"
	}
	if root, err := os.Stat("/"); err == nil && os.SameFile(fi, root) {
		return "is the root directory"
	}
	if home := env.Getenv("HOME"); home != "" {
		if h, err := os.Stat(home); err == nil && os.SameFile(fi, h) {
			return "is your home directory"
		}
	}
	if fi.Mode()&os.ModeSticky != 0 && fi.Mode().Perm()&0o002 != 0 {
		return "is a shared directory (writable by every user)"
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Sprintf("belongs to another user (uid %d)", st.Uid)
	}
	return ""
}

// currentFile reads a workspace file for the approval's diff, through the workspace only.
func currentFile(ws *workspace.Workspace) func(string) (string, bool, error) {
	return func(name string) (string, bool, error) {
		r, err := ws.ReadFile(name)
		if errors.Is(err, workspace.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			return "", false, nil
		}
		if err != nil {
			return "", false, err
		}
		if r.Truncated {
			return "", true, fmt.Errorf("the current file is larger than the %d bytes compared here", len(r.Data))
		}
		return string(r.Data), true, nil
	}
}

// colorAllowed reports whether output to a stream may be coloured: it is a terminal, and neither
// NO_COLOR (https://no-color.org) nor TERM=dumb says otherwise.
func colorAllowed(terminal bool, env Env) bool {
	return terminal && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
}

// pager returns a Display.View that shows text in $PAGER (default less), on the terminal w.
func pager(w io.Writer, env Env) func(string) error {
	return func(text string) error {
		p := strings.TrimSpace(env.Getenv("PAGER"))
		if p == "" {
			p = "less"
		}
		// The user's own setting, run as the shell would (PAGER="less -R" has arguments), on the
		// host, as git does; the text it shows is made safe for a terminal first.
		cmd := exec.Command("/bin/sh", "-c", p)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(text), w, w
		return cmd.Run()
	}
}

// leaseHolder names this process in run leases: host, pid and a random part (a pid is reused).
func leaseHolder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), store.NewID()[10:])
}

// leasedRecorder records the run through the store and holds the run's lease while it runs,
// renewing it, so a run whose process is gone (kill -9, a crash) is found and marked interrupted.
type leasedRecorder struct {
	*store.Scope
	holder string
	ttl    time.Duration
	done   chan struct{}
}

// CreateTask records the new run and takes its lease.
func (r *leasedRecorder) CreateTask(ctx context.Context, t *store.Task) error {
	if err := r.Scope.CreateTask(ctx, t); err != nil {
		return err
	}
	return r.take(ctx, t.ID)
}

// take takes the lease of a run and keeps renewing it until stop.
func (r *leasedRecorder) take(ctx context.Context, id string) error {
	if err := r.Scope.TakeLease(ctx, id, r.holder, r.ttl); err != nil {
		return err
	}
	r.done = make(chan struct{})
	go func(done chan struct{}) {
		t := time.NewTicker(r.ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				// A failed renewal is tried again at the next tick; after ttl without one the run
				// may be taken for gone, which only marks it interrupted (its steps are kept).
				_ = r.Scope.TakeLease(context.WithoutCancel(ctx), id, r.holder, r.ttl)
			}
		}
	}(r.done)
	return nil
}

func (r *leasedRecorder) stop() {
	if r.done != nil {
		close(r.done)
		r.done = nil
	}
}

// pausingApprover asks the person through the prompter, with live progress stopped meanwhile.
type pausingApprover struct {
	p   *policy.Prompter
	out *printer
}

func (a *pausingApprover) Confirm(ctx context.Context, name, args, why string) (policy.Answer, error) {
	a.out.pause()
	defer a.out.resume()
	return a.p.Confirm(ctx, name, args, why)
}

func (a *pausingApprover) Ask(ctx context.Context, question string) (string, error) {
	a.out.pause()
	defer a.out.resume()
	return a.p.Ask(ctx, question)
}

// retryRelay passes the model client's retries to the run's printer, once there is one.
type retryRelay struct{ out *printer }

func (r *retryRelay) retry(x llm.Retry) {
	if r.out != nil {
		r.out.retry(x)
	}
}
