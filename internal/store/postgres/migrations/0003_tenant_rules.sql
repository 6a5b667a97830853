-- A tenant's rules on tool calls and its daily money quota (store.TenantRules, as JSON), and its
-- spending per UTC day in millionths of a US dollar.
CREATE TABLE tenant_rules (
	tenant text PRIMARY KEY REFERENCES tenants (name),
	body jsonb NOT NULL,
	updated timestamptz NOT NULL
);
CREATE TABLE tenant_spend (
	tenant text NOT NULL REFERENCES tenants (name),
	day text NOT NULL,
	micro_usd bigint NOT NULL,
	PRIMARY KEY (tenant, day)
);
