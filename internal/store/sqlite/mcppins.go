package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/paddock-dev/paddock/internal/store"
)

// MCPPins lists the pins of one of a tenant's MCP servers by tool.
func (d *DB) MCPPins(ctx context.Context, tenant, server string) ([]*store.MCPPin, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT tool, hash, pending FROM tenant_mcp_pins WHERE tenant = ? AND server = ? ORDER BY tool`, tenant, server)
	if err != nil {
		return nil, fmt.Errorf("store: MCP pins of %q of tenant %q: %w", server, tenant, err)
	}
	defer rows.Close()
	out := []*store.MCPPin{}
	for rows.Next() {
		var p store.MCPPin
		if err := rows.Scan(&p.Tool, &p.Hash, &p.Pending); err != nil {
			return nil, fmt.Errorf("store: MCP pins of %q of tenant %q: %w", server, tenant, err)
		}
		out = append(out, &p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: MCP pins of %q of tenant %q: %w", server, tenant, err)
	}
	return out, nil
}

// SetMCPPins stores pins of one of a tenant's MCP servers in one transaction.
func (d *DB) SetMCPPins(ctx context.Context, tenant, server string, pins []*store.MCPPin) error {
	return d.write(ctx, fmt.Sprintf("pin the tools of MCP server %q of tenant %q", server, tenant), func(tx *sql.Tx) error {
		for _, p := range pins {
			if _, err := tx.ExecContext(ctx, `INSERT INTO tenant_mcp_pins (tenant, server, tool, hash, pending) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (tenant, server, tool) DO UPDATE SET hash = excluded.hash, pending = excluded.pending`,
				tenant, server, p.Tool, p.Hash, p.Pending); err != nil {
				return err
			}
		}
		return nil
	})
}

// ApproveMCPServer makes the pending definitions of one of a tenant's MCP servers approved.
func (d *DB) ApproveMCPServer(ctx context.Context, tenant, server string) (int, error) {
	n, err := d.exec(ctx, fmt.Sprintf("approve the tools of MCP server %q of tenant %q", server, tenant),
		`UPDATE tenant_mcp_pins SET hash = pending, pending = '' WHERE tenant = ? AND server = ? AND pending <> ''`, tenant, server)
	return int(n), err
}

// ClearMCPPins removes every pin of one of a tenant's MCP servers.
func (d *DB) ClearMCPPins(ctx context.Context, tenant, server string) error {
	_, err := d.exec(ctx, fmt.Sprintf("unpin the tools of MCP server %q of tenant %q", server, tenant),
		`DELETE FROM tenant_mcp_pins WHERE tenant = ? AND server = ?`, tenant, server)
	return err
}
