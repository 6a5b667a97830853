package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paddock-dev/paddock/internal/mcp"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const tenantMCPUsage = `Usage: paddock tenant mcp NAME [list]
       paddock tenant mcp NAME --add 'SERVER=COMMAND ARGS'... [--config FILE] [--remove SERVER]...
       paddock tenant mcp NAME --approve SERVER...

Shows, adds or removes the MCP servers paddock serve offers to every task of the tenant. For
each step of a task the server starts each one inside the tenant's sandbox (the tenant's uid and
limits, the task's workspace read-write, its program read-only, no network unless granted), lists
its tools, hides any whose description or schema looks like a prompt injection (the server's log
says which), and offers the rest to the model as SERVER__TOOL. Their calls go through the same
policy, approvals and rules as built-in tools (consequential unless the config trusts the
server's read-only annotations), and their outputs through the guard. The servers stop when the
step ends. paddock serve needs --exec for them: without the sandbox, the tenant's tasks are
refused with a notice saying so.

A server's tools are pinned when a step first lists them: the hash of each definition (name,
description, schemas, annotations). A tool the server later describes differently, or adds, is
held: hidden from the model, shown here as held, and audited (mcp.tool_changed), until you
--approve the server's tools as they are now (a rug pull, CVE-09).

Only the operator changes them, here: a server runs a command on this host. The tenant's admin
reads them with GET /paddock/v1/mcp-servers (their environment values left out). Each change is
in the tenant's audit chain as the operator's.

--add takes the form of paddock run --mcp (SERVER is letters, digits and '-'; the command line is
split like a shell's, without expansions). --config reads a .mcp.json-style file
({"mcpServers": {"SERVER": {"command": ..., "args": [...], "env": {...}, "read_only": [...],
"read_write": [...], "allow_net": [...], "trust_annotations": true}}}) for grants --add cannot give.

  paddock tenant mcp acme --add 'fs=/opt/mcp/node_modules/.bin/mcp-server-filesystem /workspace'
  paddock tenant mcp acme --config acme-mcp.json
  paddock tenant mcp acme --remove fs
  paddock tenant mcp acme --approve fs
  paddock tenant mcp acme

Flags:
`

// tenantMCPCmd runs `paddock tenant mcp NAME ...`.
func tenantMCPCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock tenant mcp", flag.ContinueOnError)
	var add, remove, approve repeatedFlag
	var data, config string
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	database := databaseFlag(fs)
	fs.Var(&add, "add", "add a server, `SERVER=COMMAND ARGS` (repeatable)")
	fs.StringVar(&config, "config", "", "add the servers of a .mcp.json-style `file`")
	fs.Var(&remove, "remove", "remove the `SERVER` (repeatable)")
	fs.Var(&approve, "approve", "offer the `SERVER`'s held tools as it now describes them (repeatable)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), tenantMCPUsage); fs.PrintDefaults() }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "paddock tenant mcp: "+format+"\n", a...)
		return code
	}
	if fs.NArg() == 0 || fs.NArg() > 2 || fs.NArg() == 2 && fs.Arg(1) != "list" {
		return fail(ExitUsage, "give one tenant NAME, and optionally list (paddock tenant mcp --help)")
	}
	name := fs.Arg(0)
	changes := len(add) > 0 || len(remove) > 0 || config != "" || len(approve) > 0
	if changes && fs.NArg() == 2 {
		return fail(ExitUsage, "list does not take --add, --config, --remove or --approve")
	}
	// Every spec is read before anything is stored: a bad one changes nothing.
	var specs []mcp.ServerSpec
	for _, v := range add {
		s, err := mcp.ParseFlag(v)
		if err != nil {
			return fail(ExitUsage, "--add: %v", err)
		}
		specs = append(specs, s)
	}
	if config != "" {
		raw, err := os.ReadFile(config)
		if err != nil {
			return fail(ExitUsage, "--config: %v", err)
		}
		cs, err := mcp.ParseConfig(raw)
		if err != nil {
			return fail(ExitUsage, "--config %s: %v", config, err)
		}
		specs = append(specs, cs...)
	}
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.Name] {
			return fail(ExitUsage, "server %s is given twice", s.Name)
		}
		seen[s.Name] = true
	}
	st, _, err := openDatabase(ctx, data, *database, env)
	if err != nil {
		return fail(ExitFailed, "%v", err)
	}
	defer st.Close()
	if _, err := st.LookupTenant(ctx, name); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fail(ExitUsage, "no tenant %q (paddock tenant list shows them)", name)
		}
		return fail(ExitFailed, "%v", err)
	}
	scope := st.Tenant(name)
	for _, r := range remove {
		if err := scope.RemoveMCPServer(ctx, r); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fail(ExitUsage, "tenant %s has no MCP server %q", name, r)
			}
			return fail(ExitFailed, "%v", err)
		}
		operatorAudit(ctx, st, name, "tenant.mcp.remove", r, "")
		fmt.Fprintf(env.Stdout, "removed MCP server %s of tenant %s\n", r, name)
	}
	for _, srv := range approve {
		has, err := hasMCPServer(ctx, scope, srv)
		if err != nil {
			return fail(ExitFailed, "%v", err)
		}
		if !has {
			return fail(ExitUsage, "tenant %s has no MCP server %q", name, srv)
		}
		pins, err := scope.MCPPins(ctx, srv)
		if err != nil {
			return fail(ExitFailed, "%v", err)
		}
		held := oneLines(store.HeldMCPTools(pins))
		n, err := scope.ApproveMCPServer(ctx, srv)
		if err != nil {
			return fail(ExitFailed, "%v", err)
		}
		if n == 0 {
			fmt.Fprintf(env.Stdout, "MCP server %s of tenant %s has no held tools\n", srv, name)
			continue
		}
		detail, _ := json.Marshal(map[string]any{"tools": held})
		operatorAudit(ctx, st, name, "tenant.mcp.approve", srv, string(detail))
		fmt.Fprintf(env.Stdout, "approved %d tool definition(s) of MCP server %s of tenant %s (%s): offered from the next step\n", n, srv, name, strings.Join(held, ", "))
	}
	for _, s := range specs {
		raw, err := json.Marshal(s)
		if err != nil {
			return fail(ExitFailed, "%v", err)
		}
		if err := scope.AddMCPServer(ctx, &store.MCPServer{Name: s.Name, Spec: raw}); err != nil {
			if errors.Is(err, store.ErrExists) {
				return fail(ExitUsage, "tenant %s already has an MCP server %s; --remove it first to replace it", name, s.Name)
			}
			return fail(ExitFailed, "%v", err)
		}
		// The audit names the command, never the values of its environment (they may be keys).
		detail, _ := json.Marshal(map[string]any{"command": s.Command, "args": s.Args, "allow_net": s.AllowNet,
			"read_only": s.ReadOnly, "read_write": s.ReadWrite, "trust_annotations": s.TrustAnnotations})
		operatorAudit(ctx, st, name, "tenant.mcp.add", s.Name, string(detail))
		fmt.Fprintf(env.Stdout, "added MCP server %s to tenant %s: its tools appear as %s__TOOL in the tenant's tasks (paddock serve --exec)\n", s.Name, name, s.Name)
	}
	if changes {
		return ExitOK
	}
	stored, err := scope.MCPServers(ctx)
	if err != nil {
		return fail(ExitFailed, "%v", err)
	}
	if len(stored) == 0 {
		fmt.Fprintf(env.Stdout, "tenant %s has no MCP servers (add one with paddock tenant mcp %s --add 'SERVER=COMMAND ARGS')\n", name, name)
		return ExitOK
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVER\tCOMMAND\tNETWORK\tENV\tTOOLS\tADDED")
	for _, m := range stored {
		v, err := server.TenantMCPView(m)
		if err != nil {
			fmt.Fprintf(tw, "%s\t(unreadable: %s)\t\t\t\t%s\n", m.Name, termtext.OneLine(err.Error(), 200), m.Added.Format(time.RFC3339))
			continue
		}
		net := "none"
		if len(v.AllowNet) > 0 {
			net = strings.Join(v.AllowNet, ",")
		}
		envKeys := "-"
		if len(v.EnvKeys) > 0 {
			envKeys = strings.Join(v.EnvKeys, ",")
		}
		cmd := termtext.OneLine(strings.Join(append([]string{v.Command}, v.Args...), " "), 120)
		tools, err := toolsColumn(ctx, scope, m.Name)
		if err != nil {
			return fail(ExitFailed, "%v", err)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.Name, cmd, termtext.OneLine(net, 80), termtext.OneLine(envKeys, 80), tools, v.Added)
	}
	tw.Flush()
	return ExitOK
}

// hasMCPServer reports whether the tenant has an MCP server called srv.
func hasMCPServer(ctx context.Context, scope *store.Scope, srv string) (bool, error) {
	ms, err := scope.MCPServers(ctx)
	if err != nil {
		return false, err
	}
	for _, m := range ms {
		if m.Name == srv {
			return true, nil
		}
	}
	return false, nil
}

// oneLines makes each name one line of at most 80 characters, for a terminal.
func oneLines(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = termtext.OneLine(n, 80)
	}
	return out
}

// toolsColumn says what is pinned of a server's tools and which are held.
func toolsColumn(ctx context.Context, scope *store.Scope, srv string) (string, error) {
	pins, err := scope.MCPPins(ctx, srv)
	if err != nil {
		return "", err
	}
	if len(pins) == 0 {
		return "not listed yet", nil
	}
	held := store.HeldMCPTools(pins)
	approved := 0
	for _, p := range pins {
		if p.Hash != "" {
			approved++
		}
	}
	out := fmt.Sprintf("%d pinned", approved)
	if len(held) > 0 {
		out += fmt.Sprintf(", %d held (%s): --approve %s", len(held), strings.Join(oneLines(held), ","), srv)
	}
	return termtext.OneLine(out, 200), nil
}
