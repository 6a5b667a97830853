package storetest

import (
	"encoding/json"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// testMCPPins: a tenant's MCP tool pins are its own and its server's, replaced tool by tool,
// approved server by server (pending becomes approved), and gone with the server.
func testMCPPins(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	must(t, acme.AddMCPServer(ctx, &store.MCPServer{Name: "fs", Spec: json.RawMessage(`{"command":"/bin/mcp-fs"}`)}))
	pins := func(sc *store.Scope, server string) []store.MCPPin {
		t.Helper()
		ps, err := sc.MCPPins(ctx, server)
		must(t, err)
		out := []store.MCPPin{}
		for _, p := range ps {
			out = append(out, *p)
		}
		return out
	}
	equal(t, pins(acme, "fs"), []store.MCPPin{}, "pins before the first listing")
	must(t, acme.SetMCPPins(ctx, "fs", []*store.MCPPin{{Tool: "read", Hash: "h1"}, {Tool: "write", Hash: "h2"}}))
	must(t, acme.SetMCPPins(ctx, "fs", []*store.MCPPin{{Tool: "write", Hash: "h2", Pending: "h3"}, {Tool: "zap", Pending: "h4"}}))
	equal(t, pins(acme, "fs"), []store.MCPPin{{Tool: "read", Hash: "h1"}, {Tool: "write", Hash: "h2", Pending: "h3"}, {Tool: "zap", Pending: "h4"}}, "pins after a change")
	equal(t, pins(beta, "fs"), []store.MCPPin{}, "another tenant's pins")
	equal(t, pins(acme, "other"), []store.MCPPin{}, "another server's pins")

	n, err := beta.ApproveMCPServer(ctx, "fs")
	must(t, err)
	equal(t, n, 0, "approvals by another tenant")
	n, err = acme.ApproveMCPServer(ctx, "fs")
	must(t, err)
	equal(t, n, 2, "approved definitions")
	equal(t, pins(acme, "fs"), []store.MCPPin{{Tool: "read", Hash: "h1"}, {Tool: "write", Hash: "h3"}, {Tool: "zap", Hash: "h4"}}, "pins after approval")

	if err := acme.SetMCPPins(ctx, "fs", []*store.MCPPin{{Tool: ""}}); err == nil {
		t.Errorf("a pin without a tool was stored")
	}
	must(t, acme.RemoveMCPServer(ctx, "fs"))
	equal(t, pins(acme, "fs"), []store.MCPPin{}, "pins of a removed server")
	if err := s.db.Tenant("ghost").SetMCPPins(ctx, "fs", []*store.MCPPin{{Tool: "read", Hash: "h1"}}); err == nil {
		t.Errorf("pins of a tenant that does not exist were stored")
	}
}
