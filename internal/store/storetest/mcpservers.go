package storetest

import (
	"encoding/json"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// testMCPServers: a tenant's MCP servers are its own, listed by name, unique by name, removed
// one by one; a missing tenant or server is ErrNotFound.
func testMCPServers(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	list := func(sc *store.Scope) []string {
		t.Helper()
		ms, err := sc.MCPServers(ctx)
		must(t, err)
		names := []string{}
		for _, m := range ms {
			names = append(names, m.Name)
			if m.Added.IsZero() {
				t.Errorf("MCP server %s: Added not set", m.Name)
			}
		}
		return names
	}
	equal(t, list(acme), []string{}, "servers before any is added")
	spec := json.RawMessage(`{"command":"/usr/bin/mcp-fs","args":["/workspace"]}`)
	must(t, acme.AddMCPServer(ctx, &store.MCPServer{Name: "fs", Spec: spec}))
	must(t, acme.AddMCPServer(ctx, &store.MCPServer{Name: "docs", Spec: json.RawMessage(`{"command":"docs"}`)}))
	equal(t, list(acme), []string{"docs", "fs"}, "servers by name")
	ms, _ := acme.MCPServers(ctx)
	var got, want any
	must(t, json.Unmarshal(ms[1].Spec, &got))
	must(t, json.Unmarshal(spec, &want))
	equal(t, got, want, "a server's spec")
	equal(t, list(beta), []string{}, "another tenant's servers")
	is(t, acme.AddMCPServer(ctx, &store.MCPServer{Name: "fs", Spec: spec}), store.ErrExists, "a server name in use")
	must(t, beta.AddMCPServer(ctx, &store.MCPServer{Name: "fs", Spec: spec})) // names are per tenant
	is(t, beta.RemoveMCPServer(ctx, "docs"), store.ErrNotFound, "removing another tenant's server")
	equal(t, list(acme), []string{"docs", "fs"}, "servers after another tenant's removal was refused")
	must(t, acme.RemoveMCPServer(ctx, "fs"))
	equal(t, list(acme), []string{"docs"}, "servers after a removal")
	equal(t, list(beta), []string{"fs"}, "another tenant's servers after a removal")
	is(t, acme.RemoveMCPServer(ctx, "fs"), store.ErrNotFound, "removing a server twice")
	is(t, s.db.Tenant("nobody").AddMCPServer(ctx, &store.MCPServer{Name: "fs", Spec: spec}), store.ErrNotFound, "a server of a missing tenant")
	if err := acme.AddMCPServer(ctx, &store.MCPServer{Name: "bad", Spec: json.RawMessage(`{not json`)}); err == nil {
		t.Error("a spec that is not JSON was stored")
	}
	if err := acme.AddMCPServer(ctx, &store.MCPServer{Spec: spec}); err == nil {
		t.Error("a server without a name was stored")
	}
}
