package store

import (
	"context"
	"fmt"
)

// MCPPin is what the operator approved of one tool of a tenant's MCP server: the hash of its
// definition (name, description, schemas, annotations) when approved, and the hash of a later,
// different definition the server listed that waits for approval. paddock serve offers a tool
// only while the server lists it as approved: a changed or new tool (a rug pull) is held.
type MCPPin struct {
	Tool string `json:"tool"`
	// Hash is the approved definition's hash; empty for a tool never approved.
	Hash string `json:"hash"`
	// Pending is the hash of a definition listed since, not approved; empty when none.
	Pending string `json:"pending"`
}

// HeldMCPTools names the tools of pins that wait for approval (a pending definition), in order.
func HeldMCPTools(pins []*MCPPin) []string {
	var held []string
	for _, p := range pins {
		if p.Pending != "" {
			held = append(held, p.Tool)
		}
	}
	return held
}

// MCPPins returns the pins of the tenant's server called server, by tool; none (and no error)
// before its tools were first listed.
func (s *Scope) MCPPins(ctx context.Context, server string) ([]*MCPPin, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.MCPPins(ctx, s.name, server)
}

// SetMCPPins stores pins of the tenant's server (each replacing the tool's row).
func (s *Scope) SetMCPPins(ctx context.Context, server string, pins []*MCPPin) error {
	if err := s.check(); err != nil {
		return err
	}
	for _, p := range pins {
		if p.Tool == "" || len(p.Tool) > 256 || len(p.Hash) > 128 || len(p.Pending) > 128 {
			return fmt.Errorf("store: MCP pin of server %q: bad tool or hash", server)
		}
	}
	return s.b.SetMCPPins(ctx, s.name, server, pins)
}

// ApproveMCPServer makes every pending definition of the tenant's server the approved one and
// returns how many there were.
func (s *Scope) ApproveMCPServer(ctx context.Context, server string) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	return s.b.ApproveMCPServer(ctx, s.name, server)
}
