package server

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
	"github.com/paddock-dev/paddock/internal/tenant"
	"github.com/paddock-dev/paddock/internal/web"
)

// Exit codes of the command-line entry points.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// reservedTenant is the command line's own tenant ("local"), never a server tenant.
const reservedTenant = "local"

const serveUsage = `Usage: paddock serve [flags]

Serves the Agent Protocol v1 (AutoGPT's REST API) for many tenants on embedded SQLite:
  POST/GET /ap/v1/agent/tasks, .../tasks/{task_id}/steps, .../tasks/{task_id}/artifacts
Each POST .../steps runs one step of the agent. A call that needs approval ends the step with
status "awaiting_approval"; the next step's additional_input {"approve": true} runs it, or
{"approve": false, "feedback": "..."} refuses it.

Set up:
  paddock tenant create acme
  paddock key create --tenant acme --role member     # prints the key once
  OPENAI_API_KEY=... paddock serve                    # or --base-url http://localhost:11434/v1
  curl -H "Authorization: Bearer pdk_..." -d '{"input":"write a haiku to haiku.txt"}' \
       http://127.0.0.1:8000/ap/v1/agent/tasks

Listening on anything but loopback needs --tls-cert and --tls-key. On loopback, requests must
name localhost, 127.0.0.1 or an --allowed-host in Host (DNS rebinding). SIGTERM drains.

Flags:
`

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// dataDir resolves the data directory as the rest of paddock does: the flag, PADDOCK_DATA_DIR,
// $XDG_DATA_HOME/paddock or ~/.local/share/paddock.
func dataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if d := os.Getenv("PADDOCK_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "paddock"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find a data directory: set --data-dir or PADDOCK_DATA_DIR: %w", err)
	}
	return filepath.Join(home, ".local", "share", "paddock"), nil
}

// openStore opens the store of a data dir.
func openStore(_ context.Context, dataFlag string) (*store.DB, string, error) {
	dir, err := dataDir(dataFlag)
	if err != nil {
		return nil, "", err
	}
	db, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		return nil, "", err
	}
	return store.New(db), dir, nil
}

func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}

// isLoopbackAddr reports whether a listen address binds only loopback.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return llm.IsLoopbackHost(host)
}

// ServeCLI runs `paddock serve`. It returns when ctx ends (SIGTERM or Ctrl-C: the server drains)
// or the server fails. The actual listen address is printed on stdout as "listening on URL".
func ServeCLI(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("paddock serve", flag.ContinueOnError)
	var (
		listen, data, certFile, keyFile, masterFile, metricsFile string
		previousFile                                             string
		baseURL, model, apiKeyFile                               string
		insecure, requireSandbox, logJSON, execTools, continuous bool
		execTimeout                                              time.Duration
		execMemory                                               int64
		allowed, autoApprove, allowPrivate                       listFlag
		noWeb, ignoreRobots                                      bool
		lim                                                      = DefaultLimits
		stepTimeout, drain                                       time.Duration
		maxSteps                                                 int
	)
	fs.StringVar(&listen, "listen", "127.0.0.1:8000", "`address` to listen on")
	fs.StringVar(&data, "data-dir", "", "where the database and the tenants' workspaces live (default $PADDOCK_DATA_DIR or ~/.local/share/paddock)")
	fs.StringVar(&certFile, "tls-cert", "", "TLS certificate `file` (PEM)")
	fs.StringVar(&keyFile, "tls-key", "", "TLS private key `file` (PEM)")
	fs.BoolVar(&insecure, "insecure-plaintext-on-public-address", false, "serve plain HTTP on a non-loopback address (API keys cross the network in clear)")
	fs.Var(&allowed, "allowed-host", "host `names` requests may use in Host/Origin, comma-separated (loopback names are always allowed on loopback)")
	fs.StringVar(&masterFile, "master-key-file", "", "`file` with the master key that seals tenants' model keys (default $"+tenant.EnvMasterKey+")")
	fs.StringVar(&previousFile, "previous-master-key-file", "", "`file` with the previous master key, still accepted for opening while paddock tenant rotate-master-key runs")
	fs.StringVar(&metricsFile, "metrics-token-file", "", "`file` with a bearer token that may read every tenant's /metrics")
	fs.StringVar(&baseURL, "base-url", "", "server-wide model endpoint (default $OPENAI_BASE_URL or "+llm.DefaultBaseURL+")")
	fs.StringVar(&model, "model", "", "server-wide model name (default $PADDOCK_MODEL or "+llm.DefaultModel+")")
	fs.StringVar(&apiKeyFile, "api-key-file", "", "read the server-wide model key from this `file` instead of $OPENAI_API_KEY")
	fs.Float64Var(&lim.RatePerSecond, "rate", lim.RatePerSecond, "requests per second per tenant (token bucket)")
	fs.IntVar(&lim.Burst, "burst", lim.Burst, "burst of the per-tenant token bucket")
	fs.IntVar(&lim.MaxRunningSteps, "max-running-steps", lim.MaxRunningSteps, "steps one tenant may run at once")
	fs.IntVar(&lim.MaxRunningStepsTotal, "max-running-steps-total", lim.MaxRunningStepsTotal, "steps the server runs at once")
	fs.Int64Var(&lim.DailySteps, "daily-steps", lim.DailySteps, "steps per tenant per UTC day (-1: no quota)")
	fs.Int64Var(&lim.DailyTokens, "daily-tokens", lim.DailyTokens, "model tokens per tenant per UTC day (-1: no quota)")
	fs.Int64Var(&lim.DailyCPUSeconds, "daily-cpu-seconds", lim.DailyCPUSeconds, "sandbox CPU seconds per tenant per UTC day (-1: no quota)")
	fs.Int64Var(&lim.MaxBodyBytes, "max-body", lim.MaxBodyBytes, "largest JSON request body in bytes")
	fs.Int64Var(&lim.MaxUploadBytes, "max-upload", lim.MaxUploadBytes, "largest artifact upload in bytes")
	fs.DurationVar(&stepTimeout, "step-timeout", DefaultStepTimeout, "wall time one step may take")
	fs.IntVar(&maxSteps, "max-steps", DefaultMaxSteps, "model turns one task may take")
	fs.DurationVar(&drain, "drain-timeout", 30*time.Second, "on SIGTERM, how long in-flight requests get to finish")
	fs.BoolVar(&continuous, "continuous", false, "tasks run tool calls without approval unless their additional_input says {\"continuous\": false} (a detected prompt injection still makes consequential calls wait)")
	fs.Var(&autoApprove, "auto-approve", "tools that run without approval (default read_file,list_folder)")
	fs.BoolVar(&execTools, "exec", false, "offer execute_shell and execute_python_code, each command in the sandbox under the tenant's own host uids")
	fs.DurationVar(&execTimeout, "exec-timeout", 2*time.Minute, "wall time of one sandboxed command")
	fs.Int64Var(&execMemory, "exec-memory", 512<<20, "memory of one sandboxed command's process tree, in bytes")
	fs.BoolVar(&requireSandbox, "require-sandbox", false, "report not ready (/readyz 503) unless a command runs in the sandbox (on by default with --exec)")
	fs.BoolVar(&noWeb, "no-web", false, "do not offer read_webpage, download_file and web_search (by default they reach only the hosts each tenant's admin grants: none until then)")
	fs.Var(&allowPrivate, "allow-private", "`CIDR`s of private, loopback or link-local addresses every tenant's web tools may reach (e.g. an internal docs server); tenant admins cannot grant these")
	fs.BoolVar(&ignoreRobots, "ignore-robots", false, "let the web tools fetch pages that robots.txt disallows")
	fs.BoolVar(&logJSON, "log-json", false, "log JSON lines on stderr")
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage); fs.PrintDefaults() }
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "paddock serve: "+format+"\n", a...)
		return exitUsage
	}
	if fs.NArg() > 0 {
		return fail("unexpected arguments %q", fs.Args())
	}
	if (certFile == "") != (keyFile == "") {
		return fail("give both --tls-cert and --tls-key")
	}
	loopback := isLoopbackAddr(listen)
	if !loopback && certFile == "" && !insecure {
		return fail("%s is not a loopback address: give --tls-cert and --tls-key (or, knowing that keys then cross the network in clear, --insecure-plaintext-on-public-address)", listen)
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if logJSON {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)

	mcfg := llm.ConfigFromEnv()
	if baseURL != "" {
		mcfg.BaseURL = baseURL
	}
	if model != "" {
		mcfg.Model = model
	}
	if apiKeyFile != "" {
		k, err := llm.APIKeyFromFile(apiKeyFile)
		if err != nil {
			return fail("%v", err)
		}
		mcfg.APIKey = k
	}
	if err := mcfg.Validate(); err != nil && !errors.Is(err, llm.ErrNoAPIKey) {
		return fail("server-wide model: %v", err)
	}
	sealer, err := loadSealer(masterFile, previousFile)
	if errors.Is(err, tenant.ErrNoMasterKey) && previousFile == "" {
		sealer = nil // tenants' own model keys cannot be used; the server-wide model still can
	} else if err != nil {
		return fail("%v", err)
	}
	var metricsToken string
	if metricsFile != "" {
		b, err := os.ReadFile(metricsFile)
		if err != nil {
			return fail("metrics token: %v", err)
		}
		if metricsToken = strings.TrimSpace(string(b)); len(metricsToken) < 16 {
			return fail("the metrics token must be at least 16 characters")
		}
	}
	cfg := Config{Model: mcfg, Sealer: sealer, Limits: lim, AllowedHosts: nil, CheckHost: loopback || len(allowed) > 0,
		MetricsToken: metricsToken, Continuous: continuous, MaxSteps: maxSteps, StepTimeout: stepTimeout, Logger: logger}
	if len(autoApprove) > 0 {
		cfg.AutoApprove = autoApprove
	}
	if cfg.CheckHost {
		cfg.AllowedHosts = append([]string(nil), allowed...)
		if loopback {
			cfg.AllowedHosts = append(cfg.AllowedHosts, "localhost", "127.0.0.1", "::1")
		}
	}
	if !noWeb {
		search, err := web.SearchFromEnv(os.Getenv)
		if err != nil {
			return fail("%v", err)
		}
		cfg.Web = &assembly.Web{Search: search, IgnoreRobots: ignoreRobots}
		cfg.Secrets = append(cfg.Secrets, os.Getenv("PADDOCK_SEARCH_API_KEY"))
	}
	if cfg.AllowPrivate, err = egress.ParseGrants(allowPrivate); err != nil {
		return fail("--allow-private: %v", err)
	}
	if execTools {
		if err := sandbox.Available(); err != nil {
			return fail("--exec: %v", err)
		}
		cfg.Exec = &sandbox.Config{Timeout: execTimeout, Memory: execMemory}
	}

	st, dir, err := openStore(ctx, data)
	if err != nil {
		fmt.Fprintln(stderr, "paddock serve:", err)
		return exitFailed
	}
	defer st.Close()
	cfg.Store, cfg.DataDir = st, dir
	if requireSandbox || execTools {
		cfg.ReadyCheck = SandboxSelfTest(dir, 30*time.Second)
	}
	srv, err := New(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "paddock serve:", err)
		return exitFailed
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintln(stderr, "paddock serve:", err)
		return exitFailed
	}
	scheme := "http"
	if certFile != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "listening on %s://%s (Agent Protocol at /ap/v1, data in %s)\n", scheme, ln.Addr(), dir)
	if mcfg.APIKey == "" {
		if loop, _ := llm.CheckEndpoint(mcfg.BaseURL); !loop {
			fmt.Fprintln(stdout, "note: no server-wide model key; only tenants with their own model (paddock tenant set-model) can run steps")
		}
	}
	if err := srv.Serve(ctx, ln, certFile, keyFile, drain); err != nil {
		fmt.Fprintln(stderr, "paddock serve:", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}

const tenantUsage = `Usage:
  paddock tenant create NAME        add a tenant (lower-case letters, digits and -)
  paddock tenant list               list tenants
  paddock tenant set-model NAME --base-url URL --model M [--api-key-file F]
                                    give a tenant its own model endpoint; the key is sealed
                                    with the master key (--master-key-file or $PADDOCK_MASTER_KEY)
  paddock tenant new-master-key     print a new random master key
  paddock tenant rotate-master-key --master-key-file NEW --previous-master-key-file OLD
                                    reseal every tenant's model key under NEW, in one transaction.
                                    Without downtime: restart the server with both files
                                    (serve --previous-master-key-file OLD), rotate, then drop OLD.

Every command takes --data-dir (default $PADDOCK_DATA_DIR or ~/.local/share/paddock).
`

// TenantCLI runs `paddock tenant ...`.
func TenantCLI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, tenantUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("paddock tenant "+sub, flag.ContinueOnError)
	var data, baseURL, model, keyFile, masterFile, previousFile string
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	if sub == "rotate-master-key" {
		fs.StringVar(&masterFile, "master-key-file", "", "the new master key `file` (default $"+tenant.EnvMasterKey+")")
		fs.StringVar(&previousFile, "previous-master-key-file", "", "the old master key `file`")
	}
	if sub == "set-model" {
		fs.StringVar(&baseURL, "base-url", "", "the tenant's model endpoint (https://, or http:// on loopback)")
		fs.StringVar(&model, "model", "", "the model name")
		fs.StringVar(&keyFile, "api-key-file", "", "`file` holding the tenant's model key (omit for a loopback endpoint without a key)")
		fs.StringVar(&masterFile, "master-key-file", "", "master key `file` (default $"+tenant.EnvMasterKey+")")
	}
	fs.Usage = func() { fmt.Fprint(stderr, tenantUsage) }
	if code, ok := parseFlags(fs, reorder(fs, args), stderr); !ok {
		return code
	}
	if sub == "new-master-key" {
		fmt.Fprintln(stdout, tenant.NewMasterKey())
		return exitOK
	}
	st, _, err := openStore(ctx, data)
	if err != nil {
		fmt.Fprintln(stderr, "paddock tenant:", err)
		return exitFailed
	}
	defer st.Close()
	switch sub {
	case "create":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "paddock tenant create: give one NAME")
			return exitUsage
		}
		name := fs.Arg(0)
		if err := tenant.ValidName(name); err != nil || name == reservedTenant {
			if err == nil {
				err = fmt.Errorf("%q is reserved for the command line's own runs", name)
			}
			fmt.Fprintln(stderr, "paddock tenant create:", err)
			return exitUsage
		}
		t, err := st.CreateTenant(ctx, name)
		if err != nil {
			fmt.Fprintln(stderr, "paddock tenant create:", err)
			return exitFailed
		}
		operatorAudit(ctx, st, name, "tenant.create", name, "")
		fmt.Fprintf(stdout, "created tenant %s (sandbox uid slot %d)\nnext: paddock key create --tenant %s --role admin\n", t.Name, t.UIDSlot, t.Name)
		return exitOK
	case "list":
		ts, err := st.Tenants(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "paddock tenant list:", err)
			return exitFailed
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TENANT\tUID SLOT\tCREATED\tMODEL")
		for _, t := range ts {
			m := "server-wide"
			if c, err := st.Tenant(t.Name).Credential(ctx); err == nil {
				m = c.Model + " at " + c.BaseURL
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t.Name, t.UIDSlot, t.Created.Format(time.RFC3339), m)
		}
		tw.Flush()
		return exitOK
	case "rotate-master-key":
		if previousFile == "" {
			fmt.Fprintln(stderr, "paddock tenant rotate-master-key: give --previous-master-key-file (the key now in use) and the new key")
			return exitUsage
		}
		sealer, err := loadSealer(masterFile, previousFile)
		if err != nil {
			fmt.Fprintln(stderr, "paddock tenant rotate-master-key:", err)
			return exitUsage
		}
		n, err := st.ResealCredentials(ctx, func(name string, sealed []byte) ([]byte, string, error) {
			plain, err := sealer.Open(name, sealed)
			if err != nil {
				return nil, "", err
			}
			return sealer.Seal(name, plain), sealer.KeyID(), nil
		})
		if err != nil {
			fmt.Fprintln(stderr, "paddock tenant rotate-master-key:", err)
			return exitFailed
		}
		fmt.Fprintf(stdout, "resealed %d credentials under master key %s\n", n, sealer.KeyID())
		return exitOK
	case "set-model":
		if fs.NArg() != 1 || baseURL == "" || model == "" {
			fmt.Fprintln(stderr, "paddock tenant set-model: give NAME, --base-url and --model")
			return exitUsage
		}
		name := fs.Arg(0)
		key := ""
		if keyFile != "" {
			if key, err = llm.APIKeyFromFile(keyFile); err != nil {
				fmt.Fprintln(stderr, "paddock tenant set-model:", err)
				return exitUsage
			}
		}
		if err := (llm.Config{BaseURL: baseURL, Model: model, APIKey: key}).Validate(); err != nil {
			fmt.Fprintln(stderr, "paddock tenant set-model:", err)
			return exitUsage
		}
		mk, err := tenant.LoadMasterKey(masterFile, os.Getenv(tenant.EnvMasterKey))
		if err != nil {
			fmt.Fprintln(stderr, "paddock tenant set-model:", err)
			return exitUsage
		}
		sealer, err := tenant.NewSealer(mk)
		if err != nil {
			fmt.Fprintln(stderr, "paddock tenant set-model:", err)
			return exitUsage
		}
		c := &store.Credential{Tenant: name, BaseURL: baseURL, Model: model, KeyID: sealer.KeyID()}
		if key != "" {
			c.SealedKey = sealer.Seal(name, []byte(key))
		}
		if err := st.Tenant(name).SetCredential(ctx, c); err != nil {
			fmt.Fprintln(stderr, "paddock tenant set-model:", err)
			return exitFailed
		}
		operatorAudit(ctx, st, name, "credential.set", name, fmt.Sprintf(`{"model":%q,"base_url":%q,"has_key":%t}`, model, baseURL, key != ""))
		fmt.Fprintf(stdout, "tenant %s now uses %s at %s (key sealed: %t)\n", name, model, baseURL, key != "")
		return exitOK
	}
	fmt.Fprintf(stderr, "paddock tenant: unknown command %q\n%s", sub, tenantUsage)
	return exitUsage
}

// loadSealer loads the master key (file or environment) and, when previousFile is set, the
// previous one too, for values not resealed yet.
func loadSealer(masterFile, previousFile string) (*tenant.Sealer, error) {
	mk, err := tenant.LoadMasterKey(masterFile, os.Getenv(tenant.EnvMasterKey))
	if err != nil {
		return nil, err
	}
	sealer, err := tenant.NewSealer(mk)
	if err != nil {
		return nil, err
	}
	if previousFile != "" {
		old, err := tenant.LoadMasterKey(previousFile, "")
		if err != nil {
			return nil, fmt.Errorf("previous master key: %w", err)
		}
		if sealer, err = sealer.WithPrevious(old); err != nil {
			return nil, err
		}
	}
	return sealer, nil
}

// reorder moves flags before positional arguments, so "create acme --data-dir D" works.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && !isBoolFlag(fs, a) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func isBoolFlag(fs *flag.FlagSet, arg string) bool {
	f := fs.Lookup(strings.TrimLeft(arg, "-"))
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// operatorAudit appends an operator action to a tenant's chain.
func operatorAudit(ctx context.Context, st *store.DB, tenantName, action, target, detail string) {
	_ = st.Tenant(tenantName).AppendAudit(ctx, &store.AuditEntry{Tenant: tenantName, Actor: "operator", Action: action, Target: target,
		Outcome: "ok", Detail: detail}, audit.Hash)
}

const keyUsage = `Usage:
  paddock key create --tenant T --role admin|member|viewer [--label TEXT]
                               print a new API key once (only its hash is stored)
  paddock key list --tenant T  list a tenant's keys (ids, roles; never the keys)
  paddock key revoke --tenant T KEY_ID
                               revoke a key; it stops working on the next request

Every command takes --data-dir (default $PADDOCK_DATA_DIR or ~/.local/share/paddock).
`

// KeyCLI runs `paddock key ...`.
func KeyCLI(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, keyUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("paddock key "+sub, flag.ContinueOnError)
	var data, tenantName, roleName, label string
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	fs.StringVar(&tenantName, "tenant", "", "the `tenant`")
	fs.StringVar(&roleName, "role", "", "admin, member or viewer")
	fs.StringVar(&label, "label", "", "a note to tell keys apart")
	fs.Usage = func() { fmt.Fprint(stderr, keyUsage) }
	if code, ok := parseFlags(fs, reorder(fs, args), stderr); !ok {
		return code
	}
	if tenantName == "" {
		fmt.Fprintln(stderr, "paddock key: give --tenant")
		return exitUsage
	}
	st, _, err := openStore(ctx, data)
	if err != nil {
		fmt.Fprintln(stderr, "paddock key:", err)
		return exitFailed
	}
	defer st.Close()
	switch sub {
	case "create":
		role, err := tenant.ParseRole(roleName)
		if err != nil {
			fmt.Fprintln(stderr, "paddock key create: --role:", err)
			return exitUsage
		}
		plain, hash, id := tenant.NewKey()
		if err := st.Tenant(tenantName).AddKey(ctx, &store.APIKey{Tenant: tenantName, ID: id, Hash: hash, Role: string(role), Label: clip(label, 200)}); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(stderr, "paddock key create: no tenant %q (paddock tenant create %s)\n", tenantName, tenantName)
				return exitUsage
			}
			fmt.Fprintln(stderr, "paddock key create:", err)
			return exitFailed
		}
		operatorAudit(ctx, st, tenantName, "key.create", id, fmt.Sprintf(`{"role":%q}`, role))
		fmt.Fprintf(stderr, "created %s key %s for tenant %s; it is shown once, store it now:\n", role, id, tenantName)
		fmt.Fprintln(stdout, plain)
		return exitOK
	case "list":
		keys, err := st.Tenant(tenantName).Keys(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "paddock key list:", err)
			return exitFailed
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tROLE\tCREATED\tSTATE\tLABEL")
		for _, k := range keys {
			state := "active"
			if k.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, k.Created.Format(time.RFC3339), state, k.Label)
		}
		tw.Flush()
		return exitOK
	case "revoke":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "paddock key revoke: give one KEY_ID (paddock key list --tenant T)")
			return exitUsage
		}
		if err := st.Tenant(tenantName).RevokeKey(ctx, fs.Arg(0)); err != nil {
			fmt.Fprintln(stderr, "paddock key revoke:", err)
			if errors.Is(err, store.ErrNotFound) {
				return exitUsage
			}
			return exitFailed
		}
		operatorAudit(ctx, st, tenantName, "key.revoke", fs.Arg(0), "")
		fmt.Fprintf(stdout, "revoked %s\n", fs.Arg(0))
		return exitOK
	}
	fmt.Fprintf(stderr, "paddock key: unknown command %q\n%s", sub, keyUsage)
	return exitUsage
}

const auditUsage = `Usage:
  paddock audit verify [--tenant T]   check every tenant's (or one tenant's) hash chain;
                                      exits 1 and names the first bad entry when one was edited,
                                      removed or reordered
  paddock audit show --tenant T [--after N] [--limit N] [--json]
                                      print a tenant's entries

Every command takes --data-dir (default $PADDOCK_DATA_DIR or ~/.local/share/paddock).
`

// AuditCLI runs `paddock audit ...`.
func AuditCLI(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, auditUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("paddock audit "+sub, flag.ContinueOnError)
	var data, tenantName string
	var after int64
	var limit int
	var asJSON bool
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	fs.StringVar(&tenantName, "tenant", "", "only this `tenant`")
	fs.Int64Var(&after, "after", 0, "show entries after this sequence number")
	fs.IntVar(&limit, "limit", 100, "show at most this many entries")
	fs.BoolVar(&asJSON, "json", false, "print JSON lines")
	fs.Usage = func() { fmt.Fprint(stderr, auditUsage) }
	if code, ok := parseFlags(fs, reorder(fs, args), stderr); !ok {
		return code
	}
	st, _, err := openStore(ctx, data)
	if err != nil {
		fmt.Fprintln(stderr, "paddock audit:", err)
		return exitFailed
	}
	defer st.Close()
	switch sub {
	case "verify":
		tenants := []string{tenantName}
		if tenantName == "" {
			if tenants, err = st.AuditTenants(ctx); err != nil {
				fmt.Fprintln(stderr, "paddock audit verify:", err)
				return exitFailed
			}
		}
		code := exitOK
		for _, t := range tenants {
			rep, err := audit.Verify(ctx, st.Tenant(t))
			if err != nil {
				fmt.Fprintf(stdout, "%s: BROKEN: %v\n", t, err)
				code = exitFailed
				continue
			}
			fmt.Fprintf(stdout, "%s: ok, %d entries, head %d %s\n", t, rep.Entries, rep.Head.Seq, rep.Head.Hash)
		}
		if len(tenants) == 0 {
			fmt.Fprintln(stdout, "no audit entries yet")
		}
		return code
	case "show":
		if tenantName == "" {
			fmt.Fprintln(stderr, "paddock audit show: give --tenant")
			return exitUsage
		}
		es, err := st.Tenant(tenantName).AuditEntries(ctx, after, max(1, min(limit, 100000)))
		if err != nil {
			fmt.Fprintln(stderr, "paddock audit show:", err)
			return exitFailed
		}
		enc := json.NewEncoder(stdout)
		for _, e := range es {
			if asJSON {
				_ = enc.Encode(e)
				continue
			}
			fmt.Fprintf(stdout, "%6d %s %-10s %-45s %-30s %s\n", e.Seq, e.Time.Format(time.RFC3339), e.Actor, e.Action, clip(e.Target, 30), e.Outcome)
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "paddock audit: unknown command %q\n%s", sub, auditUsage)
	return exitUsage
}
