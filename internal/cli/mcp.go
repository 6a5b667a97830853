package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/mcp"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
	"github.com/paddock-dev/paddock/internal/web"
	"github.com/paddock-dev/paddock/internal/workspace"
)

const mcpUsage = `Usage: paddock mcp [flags]

Serves paddock's contained tools to an MCP client (Claude Code, Codex CLI, Cursor, VS Code) over
stdio, or over Streamable HTTP with --http. The tools: execute_shell and execute_python_code
(in the sandbox: no network unless --allow-net, only the workspace writable), read_file,
write_file and list_folder (only inside the workspace), read_webpage and download_file (only the
hosts --allow-net grants), and web_search when a search backend is configured. Everything they
return is screened for prompt injection and marked as data; a flagged result says so in its
text and its structured content, a blocked one is withheld with the reason, and after a flagged
result every write, command or download needs a person's approval, asked through the client
(MCP elicitation; a client that cannot ask gets a refusal saying why). Every call is recorded:
paddock runs lists them.

Add it to your client:
  Claude Code:  claude mcp add paddock -- paddock mcp --workspace "$PWD"
  Codex CLI (~/.codex/config.toml):
                [mcp_servers.paddock]
                command = "paddock"
                args = ["mcp", "--workspace", "/path/to/project", "--allow-net", "pypi.org"]
  Cursor, VS Code (.mcp.json):
                {"mcpServers": {"paddock": {"command": "paddock", "args": ["mcp"]}}}

Over HTTP every request needs an API key of --tenant (paddock key create --tenant T), and a
non-loopback address needs --tls-cert and --tls-key, as for paddock serve.

Flags:
`

// mcpCmd runs `paddock mcp`: it serves until the client disconnects (stdio) or ctx ends (HTTP).
func mcpCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock mcp", flag.ContinueOnError)
	var (
		o                                  runOptions
		ask, insecure                      bool
		httpAddr, certFile, keyFile, tname string
		allowed                            listFlag
	)
	fs.StringVar(&o.workspace, "workspace", "", "the `dir`ectory the tools work in (default: the current directory)")
	fs.StringVar(&o.dataDir, "data-dir", "", "where calls are recorded (default $PADDOCK_DATA_DIR, $XDG_DATA_HOME/paddock or ~/.local/share/paddock)")
	fs.BoolVar(&ask, "ask", false, "ask the client's user before every call (by default only after a prompt injection was seen: the client asks before its calls itself)")
	fs.BoolVar(&o.refuseTainted, "refuse-when-tainted", false, "after a prompt injection is detected, refuse writes, commands and downloads instead of asking")
	fs.BoolVar(&o.noExec, "no-exec", false, "do not offer execute_shell and execute_python_code")
	fs.BoolVar(&o.noWeb, "no-web", false, "do not offer read_webpage, download_file and web_search")
	fs.BoolVar(&o.ignoreRobots, "ignore-robots", false, "let the web tools fetch pages that robots.txt disallows")
	fs.Var(&o.allowPrivate, "allow-private", "`CIDR`s of private, loopback or link-local addresses the web tools may reach")
	fs.StringVar(&httpAddr, "http", "", "serve Streamable HTTP on this `addr`ess (e.g. 127.0.0.1:8765) instead of stdio")
	fs.StringVar(&tname, "tenant", "", "with --http: the tenant whose API keys may connect and under which calls are recorded")
	fs.StringVar(&certFile, "tls-cert", "", "with --http: TLS certificate `file` (PEM)")
	fs.StringVar(&keyFile, "tls-key", "", "with --http: TLS private key `file` (PEM)")
	fs.BoolVar(&insecure, "insecure-plaintext-on-public-address", false, "with --http: serve plain HTTP on a non-loopback address (keys cross the network in clear)")
	fs.Var(&allowed, "allowed-host", "with --http: host `names` requests may use in Host, comma-separated (loopback names are always allowed on loopback)")
	registerSandboxFlags(fs, &o.sandbox)
	fs.Usage = func() { fmt.Fprint(fs.Output(), mcpUsage); fs.PrintDefaults() }
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "paddock mcp: "+format+"\n", a...)
		return code
	}
	if fs.NArg() > 0 {
		return fail(ExitUsage, "unexpected argument %q (paddock mcp --help)", fs.Arg(0))
	}
	if httpAddr == "" && (tname != "" || certFile != "" || keyFile != "" || insecure || len(allowed) > 0) {
		return fail(ExitUsage, "--tenant, --tls-cert, --tls-key, --allowed-host and --insecure-plaintext-on-public-address go with --http")
	}
	recordAs := localTenant
	if httpAddr != "" {
		if tname == "" {
			return fail(ExitUsage, "--http needs --tenant: the tenant whose API keys may connect (paddock tenant create, paddock key create)")
		}
		if (certFile == "") != (keyFile == "") {
			return fail(ExitUsage, "give both --tls-cert and --tls-key")
		}
		if !isLoopbackAddr(httpAddr) && certFile == "" && !insecure {
			return fail(ExitUsage, "%s is not a loopback address: give --tls-cert and --tls-key (or, knowing that keys then cross the network in clear, --insecure-plaintext-on-public-address)", httpAddr)
		}
		recordAs = tname
	}
	dir := o.workspace
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return fail(ExitFailed, "the current directory: %v (give --workspace)", err)
		}
		dir = wd
	}
	ws, err := workspace.Open(dir, workspace.DefaultLimits)
	if err != nil {
		return fail(ExitUsage, "--workspace %s: %v (it must be an existing directory)", dir, err)
	}
	defer ws.Close()
	pol, err := webPolicy(o)
	if err != nil {
		return fail(ExitUsage, "%v", err)
	}
	db, data, err := openStore(o.dataDir, env)
	if err != nil {
		return fail(ExitFailed, "%v", err)
	}
	defer db.Close()
	if httpAddr != "" {
		if _, err := db.LookupTenant(ctx, tname); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fail(ExitUsage, "--tenant %s: no such tenant (paddock tenant create %s, then paddock key create --tenant %s)", tname, tname, tname)
			}
			return fail(ExitFailed, "--tenant %s: %v", tname, err)
		}
	}
	rc := assembly.Config{
		Tenant: recordAs, Workspace: ws, Network: pol, Store: db.Tenant(recordAs),
		Secrets: []string{env.Getenv("PADDOCK_SEARCH_API_KEY")},
		Policy:  policy.Options{Continuous: !ask, RefuseWhenTainted: o.refuseTainted},
	}
	if !o.noExec {
		sb := o.sandbox
		rc.Exec = &sb
	}
	if !o.noWeb {
		search, err := web.SearchFromEnv(env.Getenv)
		if err != nil {
			return fail(ExitUsage, "%v", err)
		}
		rc.Web = &assembly.Web{Search: search, IgnoreRobots: o.ignoreRobots}
	}
	// stdout is the protocol's: everything for people goes to stderr.
	logger := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := mcp.NewServer(mcp.ServerConfig{Run: rc, Version: Version, Logger: logger})
	if err != nil {
		code := ExitFailed
		if errors.Is(err, assembly.ErrConfig) {
			code = ExitUsage
		}
		return fail(code, "%v", err)
	}
	for _, n := range srv.Notices() {
		fmt.Fprintln(env.Stderr, "paddock:", n)
	}
	defer srv.Close(context.WithoutCancel(ctx), "the MCP client disconnected")
	if httpAddr == "" {
		fmt.Fprintf(env.Stderr, "paddock mcp: serving %s on stdio (calls recorded in %s)\n", ws.Dir(), data)
		t := &sdk.IOTransport{Reader: io.NopCloser(env.Stdin), Writer: nopWriteCloser{env.Stdout}}
		if err := srv.MCP().Run(ctx, t); err != nil && !errors.Is(err, context.Canceled) && ctx.Err() == nil {
			return fail(ExitFailed, "%v", err)
		}
		return ExitOK
	}
	hosts := append([]string(nil), allowed...)
	if isLoopbackAddr(httpAddr) {
		hosts = append(hosts, "localhost", "127.0.0.1", "::1")
	}
	h := mcpHTTPAuth(db, tname, hosts, srv.Handler())
	ln, err := net.Listen("tcp", httpAddr)
	if err != nil {
		return fail(ExitFailed, "%v", err)
	}
	scheme := "http"
	if certFile != "" {
		scheme = "https"
	}
	fmt.Fprintf(env.Stdout, "listening on %s://%s/ (MCP Streamable HTTP, workspace %s)\n", scheme, ln.Addr(), ws.Dir())
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if certFile != "" {
		err = hs.ServeTLS(ln, certFile, keyFile)
	} else {
		err = hs.Serve(ln)
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(ExitFailed, "%v", err)
	}
	return ExitOK
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// mcpHTTPAuth lets a request through only with a Host paddock serves (DNS rebinding) and an
// unexpired, unrevoked API key of the tenant with at least the member role.
func mcpHTTPAuth(db *store.DB, tname string, hosts []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(hosts) > 0 && !hostIn(r.Host, hosts) {
			http.Error(w, "paddock mcp: this Host is not served (--allowed-host)", http.StatusForbidden)
			return
		}
		h := r.Header.Get("Authorization")
		key, err := tenant.ParseBearer(h)
		if err != nil {
			http.Error(w, "paddock mcp: an API key is required: Authorization: Bearer "+tenant.KeyPrefix+"...", http.StatusUnauthorized)
			return
		}
		k, err := db.KeyByHash(r.Context(), tenant.HashKey(key))
		if err != nil || k.Revoked || k.Tenant != tname {
			http.Error(w, "paddock mcp: the API key is not valid", http.StatusUnauthorized)
			return
		}
		if role, err := tenant.ParseRole(k.Role); err != nil || !role.AtLeast(tenant.Member) {
			http.Error(w, "paddock mcp: the API key's role may not run tools (member or admin needed)", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func hostIn(hostport string, hosts []string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	for _, a := range hosts {
		if strings.EqualFold(host, a) {
			return true
		}
	}
	return false
}

// registerMCPFlags adds paddock run's flags that attach third-party MCP servers.
func registerMCPFlags(fs *flag.FlagSet, o *runOptions) {
	fs.Var(&o.mcp, "mcp", "attach an MCP server: 'NAME=COMMAND ARGS' (repeatable). It runs in the sandbox (workspace read-write, its program read-only, no network); its tools appear as NAME__TOOL, screened, consequential, asked about like built-in ones")
	fs.StringVar(&o.mcpConfig, "mcp-config", "", "attach the MCP servers of this JSON `file` ({\"mcpServers\": {NAME: {command, args, env, read_only, read_write, allow_net, trust_annotations}}})")
}

// attachMCP starts the run's MCP servers in the sandbox. ok false means return code; the
// returned Attached is never nil when ok.
func attachMCP(ctx context.Context, o runOptions, wsDir string, ap agent.Approver, secrets []string, env Env) (_ *mcp.Attached, code int, ok bool) {
	var specs []mcp.ServerSpec
	if o.mcpConfig != "" {
		data, err := os.ReadFile(o.mcpConfig)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock run: --mcp-config:", err)
			return nil, ExitUsage, false
		}
		if specs, err = mcp.ParseConfig(data); err != nil {
			fmt.Fprintln(env.Stderr, "paddock run: --mcp-config:", err)
			return nil, ExitUsage, false
		}
	}
	for _, v := range o.mcp {
		s, err := mcp.ParseFlag(v)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock run:", err)
			return nil, ExitUsage, false
		}
		specs = append(specs, s)
	}
	a, err := mcp.Attach(ctx, mcp.ClientConfig{
		Servers: specs, Workspace: wsDir, Sandbox: o.sandbox, Secrets: secrets, Approver: ap,
		OnNotice: func(s string) { fmt.Fprintln(env.Stderr, "paddock:", s) },
	})
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock run:", err)
		if errors.Is(err, mcp.ErrSpec) {
			return nil, ExitUsage, false
		}
		return nil, ExitFailed, false
	}
	for _, n := range a.Notices() {
		fmt.Fprintln(env.Stderr, "paddock:", n)
	}
	return a, 0, true
}
