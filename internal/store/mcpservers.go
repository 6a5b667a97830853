package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// MCPServer is one MCP server the operator configured for a tenant: paddock serve starts it
// inside the tenant's sandbox for each step of the tenant's tasks and offers its tools as
// NAME__TOOL. Its spec runs a command, so only the operator sets it (paddock tenant mcp).
type MCPServer struct {
	// Name prefixes the server's tools; unique within the tenant.
	Name string `json:"name"`
	// Spec is the server's specification as JSON (an mcp.ServerSpec, checked by the caller).
	Spec  json.RawMessage `json:"spec"`
	Added time.Time       `json:"added"`
}

// maxMCPSpecBytes bounds one stored server specification.
const maxMCPSpecBytes = 64 << 10

// AddMCPServer stores m for the tenant, which must exist (else ErrNotFound); a server of that
// name already is ErrExists.
func (s *Scope) AddMCPServer(ctx context.Context, m *MCPServer) error {
	if err := s.check(); err != nil {
		return err
	}
	if m.Name == "" {
		return fmt.Errorf("store: an MCP server needs a name")
	}
	if len(m.Spec) == 0 || len(m.Spec) > maxMCPSpecBytes || !json.Valid(m.Spec) {
		return fmt.Errorf("store: MCP server %q: its spec must be JSON of 1 to %d bytes", m.Name, maxMCPSpecBytes)
	}
	m.Added = now()
	return s.b.AddMCPServer(ctx, s.name, m)
}

// RemoveMCPServer removes the tenant's server called name; one it does not have is ErrNotFound.
func (s *Scope) RemoveMCPServer(ctx context.Context, name string) error {
	if err := s.check(); err != nil {
		return err
	}
	if err := s.b.RemoveMCPServer(ctx, s.name, name); err != nil {
		return err
	}
	// A server added later under the name starts unpinned, not with this one's approvals.
	return s.b.ClearMCPPins(ctx, s.name, name)
}

// MCPServers lists the tenant's servers by name; none (and no error) when it has none.
func (s *Scope) MCPServers(ctx context.Context) ([]*MCPServer, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.MCPServers(ctx, s.name)
}
