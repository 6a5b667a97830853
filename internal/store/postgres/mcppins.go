package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paddock-dev/paddock/internal/store"
)

// MCPPins lists the pins of one of a tenant's MCP servers by tool.
func (d *DB) MCPPins(ctx context.Context, tenant, server string) ([]*store.MCPPin, error) {
	rows, err := d.pool.Query(ctx, `SELECT tool, hash, pending FROM tenant_mcp_pins WHERE tenant = $1 AND server = $2 ORDER BY tool`, tenant, server)
	if err != nil {
		return nil, fmt.Errorf("store: MCP pins of %q of tenant %q: %w", server, tenant, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*store.MCPPin, error) {
		var p store.MCPPin
		err := r.Scan(&p.Tool, &p.Hash, &p.Pending)
		return &p, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: MCP pins of %q of tenant %q: %w", server, tenant, err)
	}
	return out, nil
}

// SetMCPPins stores pins of one of a tenant's MCP servers in one transaction.
func (d *DB) SetMCPPins(ctx context.Context, tenant, server string, pins []*store.MCPPin) error {
	return d.tx(ctx, fmt.Sprintf("pin the tools of MCP server %q of tenant %q", server, tenant), func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, p := range pins {
			b.Queue(`INSERT INTO tenant_mcp_pins (tenant, server, tool, hash, pending) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (tenant, server, tool) DO UPDATE SET hash = excluded.hash, pending = excluded.pending`,
				tenant, server, p.Tool, p.Hash, p.Pending)
		}
		return tx.SendBatch(ctx, b).Close()
	})
}

// ApproveMCPServer makes the pending definitions of one of a tenant's MCP servers approved.
func (d *DB) ApproveMCPServer(ctx context.Context, tenant, server string) (int, error) {
	n, err := d.exec(ctx, fmt.Sprintf("approve the tools of MCP server %q of tenant %q", server, tenant),
		`UPDATE tenant_mcp_pins SET hash = pending, pending = '' WHERE tenant = $1 AND server = $2 AND pending <> ''`, tenant, server)
	return int(n), err
}

// ClearMCPPins removes every pin of one of a tenant's MCP servers.
func (d *DB) ClearMCPPins(ctx context.Context, tenant, server string) error {
	_, err := d.exec(ctx, fmt.Sprintf("unpin the tools of MCP server %q of tenant %q", server, tenant),
		`DELETE FROM tenant_mcp_pins WHERE tenant = $1 AND server = $2`, tenant, server)
	return err
}
