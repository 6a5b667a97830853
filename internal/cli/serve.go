package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/console"
	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
	"github.com/paddock-dev/paddock/internal/web"
)

const serveUsage = `Usage: paddock serve [flags]

Serves the Agent Protocol v1 (AutoGPT's REST API) for many tenants on embedded SQLite:
  POST/GET /ap/v1/agent/tasks, .../tasks/{task_id}/steps, .../tasks/{task_id}/artifacts
Each POST .../steps runs one step of the agent. A call that needs approval ends the step with
additional_output.awaiting_approval; the next step's additional_input {"approve": true,
"approval_id": ID} runs it, or {"approve": false, "approval_id": ID, "feedback": "..."} refuses it.

Set up:
  paddock tenant create acme
  paddock key create --tenant acme --role member     # prints the key once
  OPENAI_API_KEY=... paddock serve                    # or --base-url http://localhost:11434/v1
  curl -H "Authorization: Bearer pdk_..." -d '{"input":"write a haiku to haiku.txt"}' \
       http://127.0.0.1:8000/ap/v1/agent/tasks

The key goes in "Authorization: Bearer KEY" or "X-API-Key: KEY". For a stock Agent Protocol
client that cannot send a key (AutoGPT's agbenchmark, its agent_protocol_client), serve one
tenant without a key, on this machine only:
  paddock tenant create demo
  paddock serve --open-tenant demo --continuous
Requests without a key then act as demo with the member role (keys still work alongside);
each is audited with the actor "open-tenant". --open-tenant is refused on a non-loopback
--listen address.

A step that stops for an approval is "completed" with is_last false and additional_output
.awaiting_approval {call_id, tool, arguments, reason, approval_id}; until it is answered,
a step without an answer is refused with 409. With --continuous (or a task's additional_input
{"continuous": true}) nobody is asked: once a prompt injection taints the run, its writes,
commands and network calls are refused and the model is told why.

Listening on anything but loopback needs --tls-cert and --tls-key. On loopback, requests must
name localhost, 127.0.0.1 or an --allowed-host in Host (DNS rebinding). SIGTERM drains.

Flags:
`

// isLoopbackAddr reports whether a listen address binds only loopback.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return llm.IsLoopbackHost(host)
}

// serveCmd runs `paddock serve`. It returns when ctx ends (SIGTERM or Ctrl-C: the server drains)
// or the server fails. The actual listen address is printed on stdout as "listening on URL".
func serveCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock serve", flag.ContinueOnError)
	var (
		listen, data, certFile, keyFile, masterFile, metricsFile string
		openTenant                                               string
		previousFile                                             string
		baseURL, model, apiKeyFile                               string
		insecure, requireSandbox, logJSON, execTools, continuous bool
		execTimeout                                              time.Duration
		execMemory                                               int64
		allowed, autoApprove, allowPrivate                       listFlag
		noWeb, ignoreRobots                                      bool
		lim                                                      = server.DefaultLimits
		stepTimeout, drain                                       time.Duration
		maxSteps                                                 int
	)
	fs.StringVar(&listen, "listen", "127.0.0.1:8000", "`address` to listen on")
	fs.StringVar(&data, "data-dir", "", "where the database and the tenants' workspaces live (default $PADDOCK_DATA_DIR or ~/.local/share/paddock)")
	sdb := serveDatabaseFlags(fs)
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
	fs.Int64Var(&lim.MaxTasks, "max-tasks", lim.MaxTasks, "tasks one tenant may hold (-1: no limit)")
	fs.Int64Var(&lim.MaxTenantBytes, "max-tenant-bytes", lim.MaxTenantBytes, "bytes all of one tenant's workspaces may hold (-1: no limit)")
	fs.Int64Var(&lim.MinFreeBytes, "min-free-bytes", lim.MinFreeBytes, "free bytes on the data volume under which no new work starts and /readyz fails (-1: no floor)")
	fs.DurationVar(&stepTimeout, "step-timeout", server.DefaultStepTimeout, "wall time one step may take")
	fs.IntVar(&maxSteps, "max-steps", server.DefaultMaxSteps, "model turns one task may take")
	fs.DurationVar(&drain, "drain-timeout", 30*time.Second, "on SIGTERM, how long in-flight requests get to finish")
	fs.BoolVar(&continuous, "continuous", false, "tasks run tool calls without approval unless their additional_input says {\"continuous\": false} (a detected prompt injection still makes consequential calls wait)")
	fs.Var(&autoApprove, "auto-approve", "tools that run without approval (default read_file,list_folder)")
	pricesFile := fs.String("prices", "", "a JSON `file` of model prices over the built-in ones, for step costs and daily money quotas: {\"MODEL\": {\"input_per_mtok\": N, \"output_per_mtok\": N}}")
	fs.BoolVar(&execTools, "exec", false, "offer execute_shell and execute_python_code, each command in the sandbox under the tenant's own host uids")
	fs.DurationVar(&execTimeout, "exec-timeout", 2*time.Minute, "wall time of one sandboxed command")
	fs.Int64Var(&execMemory, "exec-memory", 512<<20, "memory of one sandboxed command's process tree, in bytes")
	fs.BoolVar(&requireSandbox, "require-sandbox", false, "report not ready (/readyz 503) unless a command runs in the sandbox (on by default with --exec)")
	fs.BoolVar(&noWeb, "no-web", false, "do not offer read_webpage, download_file and web_search (by default they reach only the hosts each tenant's admin grants: none until then)")
	fs.Var(&allowPrivate, "allow-private", "`CIDR`s of private, loopback or link-local addresses every tenant's web tools may reach (e.g. an internal docs server); tenant admins cannot grant these")
	fs.StringVar(&openTenant, "open-tenant", "", "serve requests that carry no API key as this `tenant` (member role), for stock Agent Protocol clients; loopback --listen only")
	fs.BoolVar(&ignoreRobots, "ignore-robots", false, "let the web tools fetch pages that robots.txt disallows")
	fs.BoolVar(&logJSON, "log-json", false, "log JSON lines on stderr")
	noConsole := fs.Bool("no-console", false, "do not serve the web console at / (sign in with an API key; it acts only through the API, with that key's role)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), serveUsage); fs.PrintDefaults() }
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "paddock serve: "+format+"\n", a...)
		return ExitUsage
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
	if openTenant != "" {
		if err := tenant.ValidName(openTenant); err != nil {
			return fail("--open-tenant: %v", err)
		}
		if !loopback {
			return fail("--open-tenant serves requests without a key as tenant %s, so anyone who reaches the listener acts as it: it needs a loopback --listen address (127.0.0.1 or [::1]), and %s is not one", openTenant, listen)
		}
	}
	var handler slog.Handler = slog.NewTextHandler(env.Stderr, nil)
	if logJSON {
		handler = slog.NewJSONHandler(env.Stderr, nil)
	}
	logger := slog.New(handler)

	mcfg := llm.ConfigFrom(env.Getenv)
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
	sealer, err := loadSealer(masterFile, previousFile, env)
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
	cfg := server.Config{Model: mcfg, Sealer: sealer, Limits: lim, AllowedHosts: nil, CheckHost: loopback || len(allowed) > 0,
		MetricsToken: metricsToken, Continuous: continuous, MaxSteps: maxSteps, StepTimeout: stepTimeout, Logger: logger}
	if len(autoApprove) > 0 {
		cfg.AutoApprove = autoApprove
	}
	if cfg.Prices, err = pricing.Load(*pricesFile); err != nil {
		return fail("%v", err)
	}
	if cfg.CheckHost {
		cfg.AllowedHosts = append([]string(nil), allowed...)
		if loopback {
			cfg.AllowedHosts = append(cfg.AllowedHosts, "localhost", "127.0.0.1", "::1")
		}
	}
	if !noWeb {
		search, err := web.SearchFromEnv(env.Getenv)
		if err != nil {
			return fail("%v", err)
		}
		cfg.Web = &assembly.Web{Search: search, IgnoreRobots: ignoreRobots}
		cfg.Secrets = append(cfg.Secrets, env.Getenv("PADDOCK_SEARCH_API_KEY"))
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

	st, dir, err := sdb.open(ctx, data, env, logger, &cfg)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock serve:", err)
		return ExitFailed
	}
	defer st.Close()
	cfg.Store, cfg.DataDir = st, dir
	if openTenant != "" {
		if _, err := st.LookupTenant(ctx, openTenant); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fail("--open-tenant: there is no tenant %s; create it first: paddock tenant create %s", openTenant, openTenant)
			}
			fmt.Fprintln(env.Stderr, "paddock serve:", err)
			return ExitFailed
		}
		cfg.OpenTenant = openTenant
	}
	if requireSandbox || execTools {
		cfg.ReadyCheck = server.SandboxSelfTest(dir, 30*time.Second)
	}
	var con *console.Console
	if !*noConsole {
		if sealer == nil && cfg.Cluster != nil {
			logger.Warn("without a master key (--master-key-file or $" + tenant.EnvMasterKey + ") the console's sessions stay in this node's memory: a browser signed in here is not signed in on the other nodes")
		}
		if con, err = console.New(console.Config{Context: ctx, Store: st, TLS: certFile != "", MaxUploadBytes: lim.MaxUploadBytes, Logger: logger, Sealer: sealer}); err != nil {
			fmt.Fprintln(env.Stderr, "paddock serve:", err)
			return ExitFailed
		}
		defer con.Close()
		cfg.Console = con
	}
	srv, err := server.New(ctx, cfg)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock serve:", err)
		return ExitFailed
	}
	defer srv.Close()
	if con != nil {
		con.UseAPI(srv.Handler())
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock serve:", err)
		return ExitFailed
	}
	scheme := "http"
	if certFile != "" {
		scheme = "https"
	}
	fmt.Fprintf(env.Stdout, "listening on %s://%s (Agent Protocol at /ap/v1, data in %s)\n", scheme, ln.Addr(), dir)
	if con != nil {
		fmt.Fprintf(env.Stdout, "console at %s://%s/ (sign in with an API key)\n", scheme, ln.Addr())
	}
	if openTenant != "" {
		fmt.Fprintf(env.Stderr, "warning: --open-tenant %s: requests without an API key act as tenant %s (member role); any program on this machine that can reach %s can create tasks and run steps as %s. Each such request is audited as open-tenant.\n",
			openTenant, openTenant, ln.Addr(), openTenant)
		logger.Warn("open tenant: requests without a key act as this tenant", "tenant", openTenant, "listen", ln.Addr().String())
	}
	if mcfg.APIKey == "" {
		if loop, _ := llm.CheckEndpoint(mcfg.BaseURL); !loop {
			fmt.Fprintln(env.Stdout, "note: no server-wide model key; only tenants with their own model (paddock tenant set-model) can run steps")
		}
	}
	if err := srv.Serve(ctx, ln, certFile, keyFile, drain); err != nil {
		fmt.Fprintln(env.Stderr, "paddock serve:", err)
		return ExitFailed
	}
	fmt.Fprintln(env.Stdout, "stopped")
	return ExitOK
}
