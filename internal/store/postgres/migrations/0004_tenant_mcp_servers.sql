-- The MCP servers the operator configured for a tenant (paddock tenant mcp): spec is a JSON
-- mcp.ServerSpec, started inside the tenant's sandbox for each step of its tasks.
CREATE TABLE tenant_mcp_servers (
	tenant text NOT NULL REFERENCES tenants (name),
	name text NOT NULL,
	spec jsonb NOT NULL,
	added timestamptz NOT NULL,
	PRIMARY KEY (tenant, name)
);
