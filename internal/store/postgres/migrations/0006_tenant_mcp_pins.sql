-- What the operator approved of each tool of a tenant's MCP servers (CVE-09, rug pulls): the
-- hash of the approved definition, and of a later one that waits for approval (paddock tenant
-- mcp TENANT --approve SERVER). A tool is offered only while its server lists it as approved.
CREATE TABLE tenant_mcp_pins (
	tenant text NOT NULL REFERENCES tenants (name),
	server text NOT NULL,
	tool text NOT NULL,
	hash text NOT NULL,
	pending text NOT NULL,
	PRIMARY KEY (tenant, server, tool)
);
