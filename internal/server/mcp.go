package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/paddock-dev/paddock/internal/mcp"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tool"
)

// errMCPNeedsExec refuses a step of a tenant with MCP servers on a server without a sandbox:
// a server runs a command, and paddock runs third-party commands only in the sandbox.
func errMCPNeedsExec(names []string) *Error {
	return errorf(http.StatusServiceUnavailable, "mcp_needs_sandbox",
		"this tenant has MCP servers configured (%s), which run only inside the sandbox, and this server runs without --exec: "+
			"the operator restarts paddock serve with --exec, or removes them with `paddock tenant mcp TENANT --remove NAME`",
		strings.Join(names, ", "))
}

// errMCPStart reports a tenant MCP server that did not start; the log says why (its stderr may
// name the operator's paths, which the tenant need not see).
var errMCPStart = errorf(http.StatusServiceUnavailable, "mcp_server",
	"an MCP server of this tenant did not start; the server's log says why, and `paddock tenant mcp TENANT list` shows the servers")

// ParseTenantMCP decodes a stored tenant MCP server into the spec mcp.Attach starts. It is the
// one reading of a stored server, for the server and the command line.
func ParseTenantMCP(m *store.MCPServer) (mcp.ServerSpec, error) {
	var spec mcp.ServerSpec
	dec := json.NewDecoder(strings.NewReader(string(m.Spec)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return mcp.ServerSpec{}, fmt.Errorf("%w: %s: %w", mcp.ErrSpec, m.Name, err)
	}
	if dec.More() {
		return mcp.ServerSpec{}, fmt.Errorf("%w: %s: data after the JSON object", mcp.ErrSpec, m.Name)
	}
	if strings.TrimSpace(spec.Command) == "" {
		return mcp.ServerSpec{}, fmt.Errorf("%w: %s: no command", mcp.ErrSpec, m.Name)
	}
	spec.Name = m.Name
	return spec, nil
}

// attachMCP starts the tenant's MCP servers (stored, as the store lists them) for one step, each
// inside the tenant's sandbox (exec: its uid, limits and disk; the step's workspace; no network
// unless the operator granted that server some), and returns their screened tools for
// assembly.Config.Extra. The servers are stopped when ctx ends (the step's request returns) or
// when stop is called, whichever is first. A tenant without servers gets none and a no-op stop.
func (s *Server) attachMCP(ctx context.Context, tenantName string, stored []*store.MCPServer, exec *sandbox.Config, workspace string, secrets []string) ([]tool.Tool, func(), error) {
	none := func() {}
	if len(stored) == 0 {
		return nil, none, nil
	}
	names := make([]string, 0, len(stored))
	specs := make([]mcp.ServerSpec, 0, len(stored))
	for _, m := range stored {
		names = append(names, m.Name)
		spec, err := ParseTenantMCP(m)
		if err != nil {
			s.log.Error("a tenant's MCP server cannot be read", "tenant", tenantName, "server", m.Name, "err", err)
			return nil, none, errMCPStart
		}
		specs = append(specs, spec)
	}
	if exec == nil {
		return nil, none, errMCPNeedsExec(names)
	}
	a, err := mcp.Attach(ctx, mcp.ClientConfig{
		Servers: specs, Workspace: workspace, Sandbox: *exec, Secrets: secrets,
		Approver: mcpChanged{},
		Pins:     s.mcpPins(tenantName),
		OnNotice: func(n string) { s.log.Warn("tenant MCP server", "tenant", tenantName, "notice", n) },
		Logger:   s.log,
	})
	if err != nil {
		s.log.Error("a tenant's MCP server did not start", "tenant", tenantName, "err", err)
		return nil, none, errMCPStart
	}
	for _, n := range a.Notices() { // a hidden (poisoned, malformed) tool: the operator should know
		s.log.Warn("tenant MCP server", "tenant", tenantName, "notice", n)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			if err := a.Close(); err != nil {
				s.log.Debug("stop a tenant's MCP servers", "tenant", tenantName, "err", err)
			}
		})
	}
	context.AfterFunc(ctx, stop)
	return a.Tools(), stop, nil
}

// mcpPins holds a tenant's MCP tools to what the operator approved, across steps and nodes (CVE-09,
// rug pulls). The first listing of a server's tools pins them: the operator configured the server
// just before (paddock tenant mcp). From then on a tool is offered only while its definition
// hashes to the approved one; a changed or new tool is hidden from the model, recorded as
// pending, audited once (mcp.tool_changed) and offered again only after the operator approves
// the server's tools (paddock tenant mcp TENANT --approve SERVER).
func (s *Server) mcpPins(tenantName string) func(context.Context, string, map[string]string) (map[string]string, error) {
	return func(ctx context.Context, server string, hashes map[string]string) (map[string]string, error) {
		sc := s.st.Tenant(tenantName)
		stored, err := sc.MCPPins(ctx, server)
		if err != nil {
			return nil, err
		}
		if len(stored) == 0 {
			pins := make([]*store.MCPPin, 0, len(hashes))
			for name, h := range hashes {
				pins = append(pins, &store.MCPPin{Tool: name, Hash: h})
			}
			sort.Slice(pins, func(i, j int) bool { return pins[i].Tool < pins[j].Tool })
			if len(pins) == 0 {
				return nil, nil
			}
			if err := sc.SetMCPPins(ctx, server, pins); err != nil {
				return nil, err
			}
			s.auditMCP(ctx, tenantName, "mcp.tools_pinned", server, pins)
			return nil, nil
		}
		approved := make(map[string]*store.MCPPin, len(stored))
		for _, p := range stored {
			approved[p.Tool] = p
		}
		hide := map[string]string{}
		var changed []*store.MCPPin
		for name, h := range hashes {
			p := approved[name]
			if p != nil && p.Hash == h {
				if p.Pending != "" { // back to what was approved: nothing waits any more
					changed = append(changed, &store.MCPPin{Tool: name, Hash: h})
				}
				continue
			}
			if p == nil {
				p = &store.MCPPin{Tool: name}
				hide[name] = "the server added it after the operator approved its tools; `paddock tenant mcp " + tenantName + " --approve " + server + "` offers it"
			} else {
				hide[name] = "its definition changed since the operator approved it (a possible rug pull); `paddock tenant mcp " + tenantName + " --approve " + server + "` offers the new one"
			}
			if p.Pending != h {
				changed = append(changed, &store.MCPPin{Tool: name, Hash: p.Hash, Pending: h})
			}
		}
		if len(changed) > 0 {
			sort.Slice(changed, func(i, j int) bool { return changed[i].Tool < changed[j].Tool })
			if err := sc.SetMCPPins(ctx, server, changed); err != nil {
				return nil, err
			}
			var held []*store.MCPPin
			for _, p := range changed {
				if p.Pending != "" {
					held = append(held, p)
					s.log.Warn("a tenant's MCP tool changed since it was approved; it is held until the operator approves it", "tenant", tenantName, "server", server, "tool", p.Tool)
				}
			}
			if len(held) > 0 {
				s.auditMCP(ctx, tenantName, "mcp.tool_changed", server, held)
			}
		}
		return hide, nil
	}
}

// auditMCP records pins set or held in the tenant's chain, as the server's.
func (s *Server) auditMCP(ctx context.Context, tenantName, action, server string, pins []*store.MCPPin) {
	detail, _ := json.Marshal(map[string]any{"server": server, "tools": pins})
	if err := s.audit.Append(context.WithoutCancel(ctx), &store.AuditEntry{Tenant: tenantName, Actor: "server", Action: action,
		Target: "mcp/" + server, Outcome: "ok", Detail: string(detail)}); err != nil {
		s.log.Error("audit append failed", "tenant", tenantName, "err", err)
	}
}

// mcpChanged answers for a tool whose definition changed after the step listed it (a rug pull):
// nobody can be asked in the middle of a step, so the call is refused; the next step lists and
// screens the server's tools afresh.
type mcpChanged struct{}

func (mcpChanged) Confirm(_ context.Context, name, _, why string) (policy.Answer, error) {
	return policy.Answer{Reply: policy.No, Feedback: "the MCP tool " + name + " changed after this step listed it (" + why +
		"), so it is refused in this step; the next step lists the server's tools again"}, nil
}

// TenantMCPServer is one entry of GET /paddock/v1/mcp-servers: what a tenant's admin may know
// of the MCP servers the operator configured (the values of their environment are left out:
// they may be the server's own keys). Only the operator changes them (paddock tenant mcp): a
// server runs a command on the host, in the sandbox.
type TenantMCPServer struct {
	Name             string   `json:"name"`
	Command          string   `json:"command"`
	Args             []string `json:"args"`
	EnvKeys          []string `json:"env_keys"`
	ReadOnly         []string `json:"read_only"`
	ReadWrite        []string `json:"read_write"`
	AllowNet         []string `json:"allow_net"`
	TrustAnnotations bool     `json:"trust_annotations"`
	Added            string   `json:"added"`
	// Tools are offered to the model as NAME__TOOL.
	ToolPrefix string `json:"tool_prefix"`
	// HeldTools changed or appeared since the operator approved the server's tools: they are
	// not offered until the operator approves them (paddock tenant mcp TENANT --approve NAME).
	HeldTools []string `json:"held_tools"`
}

// TenantMCPView turns a stored server into what its tenant's admin sees.
func TenantMCPView(m *store.MCPServer) (TenantMCPServer, error) {
	spec, err := ParseTenantMCP(m)
	if err != nil {
		return TenantMCPServer{}, err
	}
	v := TenantMCPServer{Name: m.Name, Command: spec.Command, Args: nonNil(spec.Args), EnvKeys: []string{},
		ReadOnly: nonNil(spec.ReadOnly), ReadWrite: nonNil(spec.ReadWrite), AllowNet: nonNil(spec.AllowNet),
		TrustAnnotations: spec.TrustAnnotations, Added: m.Added.Format("2006-01-02T15:04:05Z07:00"), ToolPrefix: m.Name + "__",
		HeldTools: []string{}}
	for k := range spec.Env {
		v.EnvKeys = append(v.EnvKeys, k)
	}
	sort.Strings(v.EnvKeys)
	return v, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// getMCPServers answers GET /paddock/v1/mcp-servers (admins): the tenant's MCP servers, and
// whether this server can run them.
func (s *Server) getMCPServers(w http.ResponseWriter, r *http.Request, p *principal) error {
	stored, err := s.st.Tenant(p.Tenant).MCPServers(r.Context())
	if err != nil {
		return fmt.Errorf("MCP servers: %w", err)
	}
	out := make([]TenantMCPServer, 0, len(stored))
	for _, m := range stored {
		v, err := TenantMCPView(m)
		if err != nil {
			s.log.Error("a tenant's MCP server cannot be read", "tenant", p.Tenant, "server", m.Name, "err", err)
			return errMCPStart
		}
		pins, err := s.st.Tenant(p.Tenant).MCPPins(r.Context(), m.Name)
		if err != nil {
			return fmt.Errorf("MCP pins: %w", err)
		}
		v.HeldTools = append(v.HeldTools, store.HeldMCPTools(pins)...)
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"servers": out, "sandbox": s.cfg.Exec != nil})
	return nil
}
