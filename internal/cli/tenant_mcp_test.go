package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
)

// TestTenantMCPCommand: the operator adds, lists and removes a tenant's MCP servers; bad input
// changes nothing and exits 2; each change is in the tenant's audit chain as the operator's,
// without the values of a server's environment.
func TestTenantMCPCommand(t *testing.T) {
	dir := t.TempDir()
	d := "--data-dir=" + dir
	prog := filepath.Join(dir, "srv", "mcp-server")
	if err := os.MkdirAll(filepath.Dir(prog), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "mcp.json")
	if err := os.WriteFile(config, []byte(`{"mcpServers": {"web": {"command": "/usr/bin/web-mcp", "allow_net": ["example.com"], "env": {"WEB_TOKEN": "tok-SECRET-value"}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	badConfig := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badConfig, []byte(`{"mcpServers": {"web": {"command": "x", "allow_network": ["*"]}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"create", "acme", d}, 0, "created tenant acme"},
		{[]string{"create", "beta", d}, 0, "created tenant beta"},
		{[]string{"mcp", "acme", d}, 0, "tenant acme has no MCP servers"},
		{[]string{"mcp", "acme", "--add", "fs=" + prog + " --root /workspace", d}, 0, "added MCP server fs to tenant acme: its tools appear as fs__TOOL"},
		{[]string{"mcp", "acme", "--add", "fs=/bin/other", d}, 2, "already has an MCP server fs; --remove it first"},
		{[]string{"mcp", "acme", "--add", "bad.name=/bin/x", d}, 2, "use letters, digits and '-'"},
		{[]string{"mcp", "acme", "--add", "noequals", d}, 2, "want NAME=COMMAND ARGS"},
		{[]string{"mcp", "acme", "--add", "a=/bin/x", "--add", "a=/bin/y", d}, 2, "server a is given twice"},
		{[]string{"mcp", "acme", "--config", badConfig, d}, 2, "allow_network"},
		{[]string{"mcp", "acme", "--config", filepath.Join(dir, "missing.json"), d}, 2, "--config"},
		{[]string{"mcp", "acme", "--config", config, d}, 0, "added MCP server web"},
		{[]string{"mcp", "nobody", "--add", "fs=/bin/x", d}, 2, `no tenant "nobody"`},
		{[]string{"mcp", "acme", "--remove", "nothing", d}, 2, `tenant acme has no MCP server "nothing"`},
		{[]string{"mcp", d}, 2, "give one tenant NAME"},
		{[]string{"mcp", "acme", "list", "--remove", "fs", d}, 2, "list does not take"},
		{[]string{"mcp", "acme", "show", d}, 2, "give one tenant NAME"},
		{[]string{"mcp", "beta", "list", d}, 0, "tenant beta has no MCP servers"},
		{[]string{"mcp", "--help"}, 0, "Only the operator changes them"},
	} {
		code, out, errs := cli(t, "tenant", tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("tenant %v = %d\n%s%s\nwant %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
	code, out, errs := cli(t, "tenant", "mcp", "acme", "list", d)
	if code != 0 || !strings.Contains(out, "fs      "+prog+" --root /workspace") || !strings.Contains(out, "example.com") ||
		!strings.Contains(out, "WEB_TOKEN") || strings.Contains(out, "tok-SECRET-value") {
		t.Fatalf("list = %d\n%s%s", code, out, errs)
	}
	// The program's directory is granted read-only, as paddock run --mcp grants it.
	st := openTestStore(t, dir)
	ms, err := st.Tenant("acme").MCPServers(context.Background())
	if err != nil || len(ms) != 2 || !strings.Contains(string(ms[0].Spec), `"read_only":["`+filepath.Dir(prog)+`"]`) {
		t.Fatalf("stored: %v %s", err, ms[0].Spec)
	}
	if !strings.Contains(out, "not listed yet") {
		t.Fatalf("list before any step listed the tools:\n%s", out)
	}
	// A step listed web's tools and pinned them; later web described fetch differently (held).
	ctx := context.Background()
	if err := st.Tenant("acme").SetMCPPins(ctx, "web", []*store.MCPPin{{Tool: "fetch", Hash: "h1", Pending: "h2"}, {Tool: "search", Hash: "h3"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out, errs := cli(t, "tenant", "mcp", "acme", d); code != 0 || !strings.Contains(out, "2 pinned, 1 held (fetch): --approve web") {
		t.Fatalf("list with a held tool = %d\n%s%s", code, out, errs)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--approve", "web"}, 0, "approved 1 tool definition(s) of MCP server web of tenant acme (fetch)"},
		{[]string{"--approve", "web"}, 0, "MCP server web of tenant acme has no held tools"},
		{[]string{"--approve", "nothing"}, 2, `tenant acme has no MCP server "nothing"`},
	} {
		code, out, errs := cli(t, "tenant", append([]string{"mcp", "acme", d}, tc.args...)...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("tenant mcp acme %v = %d\n%s%s\nwant %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
	if code, out, errs := cli(t, "tenant", "mcp", "acme", d); code != 0 || !strings.Contains(out, "2 pinned  ") || strings.Contains(out, "held") {
		t.Fatalf("list after approval = %d\n%s%s", code, out, errs)
	}
	if code, out, errs := cli(t, "tenant", "mcp", "acme", "--remove", "fs", d); code != 0 || !strings.Contains(out, "removed MCP server fs of tenant acme") {
		t.Fatalf("remove = %d %s%s", code, out, errs)
	}
	if _, out, _ := cli(t, "tenant", "mcp", "acme", d); strings.Contains(out, "fs ") || !strings.Contains(out, "web") {
		t.Fatalf("after removal:\n%s", out)
	}
	st = openTestStore(t, dir)
	defer st.Close()
	entries, err := st.Tenant("acme").AuditEntries(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "tenant.mcp.") {
			actions = append(actions, e.Action+" "+e.Target+" "+e.Actor)
			if strings.Contains(e.Detail, "tok-SECRET-value") {
				t.Errorf("the audit holds a server's environment value: %s", e.Detail)
			}
		}
	}
	if got := strings.Join(actions, "; "); got != "tenant.mcp.add fs operator; tenant.mcp.add web operator; tenant.mcp.approve web operator; tenant.mcp.remove fs operator" {
		t.Errorf("audit = %s", got)
	}
}

// openTestStore opens the data directory's SQLite store.
func openTestStore(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := sqlite.Open(store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	return store.New(db)
}
