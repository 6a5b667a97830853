-- Several server nodes on one database: each node's lease, the node running each step, shared
-- rate-limit buckets and running-step slots.

-- A node holds its lease while it renews expires; its running steps, and its step slots, are
-- its own until then. The clock is the database's, one for every node.
CREATE TABLE nodes (
	id text PRIMARY KEY,
	host text NOT NULL,
	pid integer NOT NULL,
	started timestamptz NOT NULL DEFAULT now(),
	expires timestamptz NOT NULL
);
ALTER TABLE ap_steps ADD COLUMN node text;
CREATE INDEX ap_steps_running_by_node ON ap_steps (node) WHERE status = 'running';

-- One API rate-limit bucket per tenant, as GCRA: tat is the theoretical arrival time, in
-- microseconds since the epoch on the database's clock.
CREATE TABLE rate_buckets (
	tenant text PRIMARY KEY,
	tat bigint NOT NULL
);

-- A tenant's running-step places: slot n is free, or held by the node that runs a step in it.
CREATE TABLE step_slots (
	tenant text NOT NULL,
	slot integer NOT NULL,
	node text,
	claimed timestamptz,
	PRIMARY KEY (tenant, slot)
);
