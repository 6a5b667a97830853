package postgres

import (
	"context"
	"fmt"

	"github.com/paddock-dev/paddock/internal/store"
)

// AddMCPServer stores one of a tenant's MCP servers.
func (d *DB) AddMCPServer(ctx context.Context, tenant string, m *store.MCPServer) error {
	_, err := d.exec(ctx, fmt.Sprintf("add MCP server %q of tenant %q", m.Name, tenant),
		`INSERT INTO tenant_mcp_servers (tenant, name, spec, added) VALUES ($1, $2, $3, $4)`,
		tenant, m.Name, string(m.Spec), m.Added)
	return err
}

// RemoveMCPServer removes one of a tenant's MCP servers.
func (d *DB) RemoveMCPServer(ctx context.Context, tenant, name string) error {
	n, err := d.exec(ctx, fmt.Sprintf("remove MCP server %q of tenant %q", name, tenant),
		`DELETE FROM tenant_mcp_servers WHERE tenant = $1 AND name = $2`, tenant, name)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("MCP server %s of tenant %s: %w", name, tenant, store.ErrNotFound)
	}
	return nil
}

// MCPServers lists a tenant's MCP servers by name.
func (d *DB) MCPServers(ctx context.Context, tenant string) ([]*store.MCPServer, error) {
	rows, err := d.pool.Query(ctx, selectMCPServers, tenant)
	if err != nil {
		return nil, fmt.Errorf("store: MCP servers of tenant %q: %w", tenant, err)
	}
	return scanMCPServers(rows, tenant)
}
