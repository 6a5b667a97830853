package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

const rulesUsage = `Usage:
  paddock rules check [flags] [FILE...] -- TOOL 'ARGS-JSON'
                         explain what paddock decides for one call, and which rule decided
  paddock rules approve [--workspace DIR]
                         read the workspace's .paddock/rules.toml and approve this version of it
  paddock rules path     print where the user's rules file and the approvals are kept

A rule is TOOL(PATTERN); TOOL or TOOL(*) is every call of the tool, * every tool. The pattern
matches the argument that matters for the tool:
  execute_shell(npm test*)       a command line: exact, or * for the rest; * never spans ; & | ( )
                                 < > backticks or a line break, so a compound command must match
                                 as a whole (else it is asked)
  write_file(src/**)             a workspace path, cleaned: * within a folder, ** across folders;
  read_file(*.env)               without a "/" it matches the name at any depth (./x: the top only)
  read_webpage(https://docs.python.org/*)   a URL: scheme, host (compared after normalising
                                 case, trailing dots, IDNA, IPv6) and path; *.example.com for
                                 subdomains; download_file(https://...) matches its URL,
                                 download_file(*.zip) its file name
  fs__read_text_file             a tool paddock does not know the arguments of: the whole tool
Precedence: deny > ask > allow > the run's default (ask, or allow under --continuous). A run that
read a likely prompt injection asks before every write, command and network call, whatever allows.

Where rules come from: --allow/--ask/--deny (repeatable), the user's file
($XDG_CONFIG_HOME/paddock/rules.toml, or ~/.config/paddock/rules.toml), and the workspace's
.paddock/rules.toml, whose allow rules count only once you approve its content (its deny and ask
rules always count: they only narrow). A rules file:
  allow = ["execute_shell(npm test*)", "write_file(src/**)"]
  ask   = ["read_webpage(*)"]
  deny  = ["write_file(.github/**)"]
At an approval question, a allows the narrowest rule for the call (this command, this folder,
this host) for the rest of the run, and A also saves it to the user's file.

Flags:
`

// ruleOptions are a run's rule and money flags.
type ruleOptions struct {
	allow, ask, deny repeatedFlag
	noUserRules      bool
	maxCost          float64
	prices           string
}

func (o *ruleOptions) register(fs *flag.FlagSet) {
	fs.Var(&o.allow, "allow", "a `rule` whose calls run without asking, e.g. 'execute_shell(npm test*)' (repeatable; paddock rules --help)")
	fs.Var(&o.ask, "ask", "a `rule` whose calls are always asked, even under --continuous (repeatable)")
	fs.Var(&o.deny, "deny", "a `rule` whose calls are refused without asking, e.g. 'write_file(.github/**)' (repeatable)")
	fs.BoolVar(&o.noUserRules, "no-user-rules", false, "ignore the user's rules file ($XDG_CONFIG_HOME/paddock/rules.toml)")
	fs.Float64Var(&o.maxCost, "max-cost", 0, "stop once the run's model calls have cost this many US `dollars` (0: no limit; prices: --prices)")
	fs.StringVar(&o.prices, "prices", "", "a JSON `file` of model prices over the built-in ones: {\"MODEL\": {\"input_per_mtok\": N, \"output_per_mtok\": N}}")
}

// configDir is paddock's folder of the user's configuration: $XDG_CONFIG_HOME/paddock or
// ~/.config/paddock.
func configDir(env Env) (string, error) {
	if d := env.Getenv("XDG_CONFIG_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "paddock"), nil
	}
	home := env.Getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("cannot find the configuration folder: set XDG_CONFIG_HOME or HOME: %w", err)
		}
	}
	return filepath.Join(home, ".config", "paddock"), nil
}

// userRulesFile is the user's rules file.
func userRulesFile(env Env) (string, error) {
	d, err := configDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "rules.toml"), nil
}

// projectApprovals is where approved project rules files are recorded: in the user's
// configuration, never in a workspace the agent can write.
func projectApprovals(env Env) (policy.Approvals, error) {
	d, err := configDir(env)
	if err != nil {
		return policy.Approvals{}, err
	}
	return policy.Approvals{Path: filepath.Join(d, "approved-project-rules")}, nil
}

// projectRulesName is the project rules file, inside the workspace. workspace.ProtectedPaths
// covers .paddock/: the agent cannot write it.
const projectRulesName = ".paddock/rules.toml"

// yesNo asks a person a yes/no question; false when nobody can be asked.
type yesNo func(question string) bool

// collect gathers the rules of the flags, the user's file and the workspace's project file. It
// returns the user's rules file (where "A" saves), and says on notice what the user must know.
func (o *ruleOptions) collect(ws *workspace.Workspace, env Env, ask yesNo, notice func(string)) (policy.RuleSet, string, error) {
	var set policy.RuleSet
	for _, l := range []struct {
		e     policy.Effect
		texts []string
	}{{policy.EffectAllow, o.allow}, {policy.EffectAsk, o.ask}, {policy.EffectDeny, o.deny}} {
		rs, err := policy.ParseRules(l.e, l.texts, "--"+string(l.e))
		if err != nil {
			return set, "", fmt.Errorf("--%s: %w", l.e, err)
		}
		for _, r := range rs {
			set.Add(r)
		}
	}
	userFile, err := userRulesFile(env)
	if err != nil {
		return set, "", err
	}
	if !o.noUserRules {
		us, err := policy.LoadRulesFile(userFile, userFile)
		if err != nil {
			return set, "", fmt.Errorf("%w (fix it, or run with --no-user-rules)", err)
		}
		set.Merge(us)
	}
	if ws != nil {
		ps, err := projectRules(ws, env, ask, notice)
		if err != nil {
			return set, "", err
		}
		set.Merge(ps)
	}
	return set, userFile, nil
}

// projectRules reads the workspace's .paddock/rules.toml (through the workspace: no symlink, no
// special file). Its deny and ask rules always count; its allow rules only once this content was
// approved (paddock rules approve, or yes at the terminal).
func projectRules(ws *workspace.Workspace, env Env, ask yesNo, notice func(string)) (policy.RuleSet, error) {
	data, err := readWorkspaceFile(ws, projectRulesName)
	if errors.Is(err, workspace.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return policy.RuleSet{}, nil
	}
	if err != nil {
		return policy.RuleSet{}, fmt.Errorf("the project's rules: %w", err)
	}
	source := "the project file " + projectRulesName
	set, err := policy.ParseRulesFile(data, source)
	if err != nil {
		return set, fmt.Errorf("%w (fix or remove %s)", err, filepath.Join(ws.Dir(), projectRulesName))
	}
	if len(set.Allow) == 0 {
		return set, nil
	}
	approvals, err := projectApprovals(env)
	if err != nil {
		return set, err
	}
	hash := policy.ContentHash(data)
	ok, err := approvals.Approved(hash)
	if err != nil {
		return set, fmt.Errorf("project rules approvals: %w", err)
	}
	if !ok && ask != nil {
		q := fmt.Sprintf("The workspace's %s allows without asking:\n  %s\nUse these rules? (once for this version of the file)",
			projectRulesName, termtext.OneLine(strings.Join(policy.Texts(set.Allow), "\n  "), 2000))
		if ask(q) {
			if err := approvals.Approve(hash, filepath.Join(ws.Dir(), projectRulesName)); err != nil {
				return set, fmt.Errorf("record the approval: %w", err)
			}
			ok = true
		}
	}
	if !ok {
		notice(fmt.Sprintf("%s has %d allow rule(s) that are not used until you approve this version of it (paddock rules approve --workspace %s); its deny and ask rules are used",
			projectRulesName, len(set.Allow), ws.Dir()))
		set.Allow = nil
	}
	return set, nil
}

func readWorkspaceFile(ws *workspace.Workspace, name string) ([]byte, error) {
	f, _, err := ws.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, policy.MaxRulesFile+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// money returns the run's money budget's price: nil when the model has none (with a notice, when
// a budget was asked for).
func (o *ruleOptions) money(model string) (*pricing.Price, error) {
	if o.maxCost < 0 || math.IsNaN(o.maxCost) || math.IsInf(o.maxCost, 0) {
		return nil, fmt.Errorf("--max-cost must be a number of US dollars, 0 or more")
	}
	tab, err := pricing.Load(o.prices)
	if err != nil {
		return nil, err
	}
	if p, ok := tab.Lookup(model); ok {
		return &p, nil
	}
	return nil, nil
}

// rulesCmd runs `paddock rules ...`.
func rulesCmd(ctx context.Context, args []string, env Env) int {
	sub, args, code, ok := subcommand(args, rulesUsage, env)
	if !ok {
		return code
	}
	switch sub {
	case "check":
		return rulesCheck(args, env)
	case "approve":
		return rulesApprove(args, env)
	case "path":
		f, err := userRulesFile(env)
		a, aerr := projectApprovals(env)
		if err != nil || aerr != nil {
			fmt.Fprintln(env.Stderr, "paddock rules path:", errors.Join(err, aerr))
			return ExitFailed
		}
		fmt.Fprintf(env.Stdout, "user rules:        %s\napproved projects: %s\n", f, a.Path)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "paddock rules: unknown subcommand %q\n\n%s", sub, rulesUsage)
	return ExitUsage
}

// rulesCheck explains the decision on one call: paddock rules check [flags] [FILE...] -- TOOL ARGS.
func rulesCheck(args []string, env Env) int {
	fs := flag.NewFlagSet("paddock rules check", flag.ContinueOnError)
	var o ruleOptions
	fs.Var(&o.allow, "allow", "an allow `rule` (repeatable)")
	fs.Var(&o.ask, "ask", "an ask `rule` (repeatable)")
	fs.Var(&o.deny, "deny", "a deny `rule` (repeatable)")
	fs.BoolVar(&o.noUserRules, "no-user-rules", false, "leave out the user's rules file")
	var wsDir string
	var continuous, tainted bool
	fs.StringVar(&wsDir, "workspace", "", "include this workspace's approved .paddock/rules.toml")
	fs.BoolVar(&continuous, "continuous", false, "decide as a --continuous run would")
	fs.BoolVar(&tainted, "tainted", false, "decide as in a run that read a likely prompt injection")
	fs.Usage = func() { fmt.Fprint(fs.Output(), rulesUsage); fs.PrintDefaults() }
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	if len(rest) < 1 || len(rest) > 2 {
		fmt.Fprintln(env.Stderr, `paddock rules check: give the call after --: paddock rules check --allow 'execute_shell(echo *)' -- execute_shell '{"command_line":"echo hi"}'`)
		return ExitUsage
	}
	name, argsJSON := rest[0], "{}"
	if len(rest) == 2 {
		argsJSON = rest[1]
	}
	var callArgs map[string]any
	dec := json.NewDecoder(strings.NewReader(argsJSON))
	dec.UseNumber()
	if err := dec.Decode(&callArgs); err != nil || callArgs == nil {
		fmt.Fprintf(env.Stderr, "paddock rules check: the arguments must be a JSON object, e.g. '{\"filename\":\"src/a.go\"}' (%v)\n", err)
		return ExitUsage
	}
	var ws *workspace.Workspace
	if wsDir != "" {
		w, err := workspace.Open(wsDir, workspace.DefaultLimits)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock rules check:", err)
			return ExitUsage
		}
		defer w.Close()
		ws = w
	}
	set, _, err := o.collect(ws, env, nil, func(n string) { fmt.Fprintln(env.Stderr, "paddock:", n) })
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock rules check:", err)
		return ExitUsage
	}
	for _, file := range fs.Args() {
		fileSet, err := policy.LoadRulesFile(file, file)
		if err == nil {
			if _, serr := os.Stat(file); serr != nil {
				err = serr
			}
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock rules check:", err)
			return ExitUsage
		}
		set.Merge(fileSet)
	}
	rules, err := policy.New(policy.Options{Continuous: continuous, Rules: set}, nil)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock rules check:", err)
		return ExitUsage
	}
	if tainted {
		rules.Taint("--tainted")
	}
	d := rules.Decide(&tool.Call{Name: name, Kind: kindOf(name), Args: callArgs})
	why := d.Why
	if why == "" {
		why = "no rule matched: the run's default"
	}
	fmt.Fprintf(env.Stdout, "%s: %s\n", d.Action, termtext.OneLine(why, 500))
	return ExitOK
}

// kindOf is the kind of a tool for rules check: control and read tools by name, any other
// (commands, writes, the web, MCP tools) consequential.
func kindOf(name string) tool.Kind {
	switch name {
	case "finish", "ask_user":
		return tool.ControlKind
	case "read_file", "list_folder":
		return tool.Read
	}
	return tool.Consequential
}

// rulesApprove shows a workspace's project rules and records this version as approved.
func rulesApprove(args []string, env Env) int {
	fs := flag.NewFlagSet("paddock rules approve", flag.ContinueOnError)
	wsDir := "."
	fs.StringVar(&wsDir, "workspace", ".", "the workspace `dir`ectory")
	fs.Usage = func() { fmt.Fprint(fs.Output(), rulesUsage); fs.PrintDefaults() }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	ws, err := workspace.Open(wsDir, workspace.DefaultLimits)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock rules approve:", err)
		return ExitUsage
	}
	defer ws.Close()
	data, err := readWorkspaceFile(ws, projectRulesName)
	if err != nil {
		fmt.Fprintf(env.Stderr, "paddock rules approve: %s: %v\n", filepath.Join(ws.Dir(), projectRulesName), err)
		return ExitFailed
	}
	set, err := policy.ParseRulesFile(data, projectRulesName)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock rules approve:", err)
		return ExitFailed
	}
	approvals, err := projectApprovals(env)
	if err == nil {
		err = approvals.Approve(policy.ContentHash(data), filepath.Join(ws.Dir(), projectRulesName))
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock rules approve:", err)
		return ExitFailed
	}
	fmt.Fprintf(env.Stdout, "approved %s (sha256 %s…):\n", filepath.Join(ws.Dir(), projectRulesName), policy.ContentHash(data)[:12])
	for _, l := range []struct {
		name string
		rs   []policy.Rule
	}{{"allow", set.Allow}, {"ask", set.Ask}, {"deny", set.Deny}} {
		for _, r := range l.rs {
			fmt.Fprintf(env.Stdout, "  %-5s %s\n", l.name, termtext.OneLine(r.String(), 300))
		}
	}
	fmt.Fprintln(env.Stdout, "Any change to the file needs a new approval.")
	return ExitOK
}

// setup gathers a run's rules and its model's price, printing what the user must know; ok false
// means return code (a rule, a rules file or --prices that does not parse: nothing runs).
func (o *ruleOptions) setup(ctx context.Context, ws *workspace.Workspace, model string, p *policy.Prompter, env Env) (set policy.RuleSet, userFile string, price *pricing.Price, code int, ok bool) {
	ask := func(q string) bool {
		yes, err := p.YesNo(ctx, q)
		return err == nil && yes
	}
	set, userFile, err := o.collect(ws, env, ask, func(n string) { fmt.Fprintln(env.Stderr, "paddock:", n) })
	if err == nil {
		price, err = o.money(model)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		return set, "", nil, ExitUsage, false
	}
	return set, userFile, price, ExitOK, true
}

// listCost is a recorded run's cost at its model's built-in list price, "≈$0.0123", or "-" when
// the model has no price. Records keep prompt and completion tokens only, so cached prompt tokens
// count at the full input price: an upper bound.
func listCost(t *store.Task) string {
	p, ok := pricing.Defaults().Lookup(t.Model)
	if !ok {
		return "-"
	}
	return "≈" + pricing.Format(p.Cost(llm.Usage{PromptTokens: t.PromptTokens, CompletionTokens: t.CompletionTokens}))
}
