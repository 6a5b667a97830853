-- paddock's records: the same tables as the SQLite backend, with PostgreSQL's types.
CREATE TABLE tasks (
	tenant text NOT NULL,
	id text NOT NULL,
	goal text NOT NULL,
	status text NOT NULL,
	outcome text NOT NULL DEFAULT '',
	model text NOT NULL DEFAULT '',
	workspace text NOT NULL DEFAULT '',
	steps integer NOT NULL DEFAULT 0,
	prompt_tokens bigint NOT NULL DEFAULT 0,
	completion_tokens bigint NOT NULL DEFAULT 0,
	created timestamptz NOT NULL,
	updated timestamptz NOT NULL,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX tasks_by_created ON tasks (tenant, created DESC, id DESC);
CREATE INDEX tasks_running ON tasks (status) WHERE status = 'running';

CREATE TABLE steps (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant text NOT NULL,
	task_id text NOT NULL,
	turn integer NOT NULL,
	tool text NOT NULL,
	arguments text NOT NULL,
	decision text NOT NULL,
	feedback text NOT NULL,
	output text NOT NULL,
	error text NOT NULL,
	flagged boolean NOT NULL,
	prompt_tokens bigint NOT NULL,
	completion_tokens bigint NOT NULL,
	started timestamptz NOT NULL,
	duration_us bigint NOT NULL,
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE INDEX steps_by_task ON steps (tenant, task_id, id);

CREATE TABLE tenants (
	name text PRIMARY KEY,
	uid_slot bigint NOT NULL UNIQUE,
	created timestamptz NOT NULL
);
CREATE TABLE api_keys (
	tenant text NOT NULL REFERENCES tenants (name),
	id text NOT NULL,
	hash text NOT NULL UNIQUE,
	role text NOT NULL,
	label text NOT NULL DEFAULT '',
	created timestamptz NOT NULL,
	revoked timestamptz,
	expires timestamptz, -- when the key stops working; NULL: never
	PRIMARY KEY (tenant, id)
);
CREATE TABLE credentials (
	tenant text PRIMARY KEY REFERENCES tenants (name),
	base_url text NOT NULL,
	model text NOT NULL,
	sealed_key bytea,
	key_id text NOT NULL DEFAULT '',
	updated timestamptz NOT NULL
);
CREATE TABLE network_grants (
	tenant text PRIMARY KEY REFERENCES tenants (name),
	hosts text[] NOT NULL,
	updated timestamptz NOT NULL
);
CREATE TABLE task_runs (
	tenant text NOT NULL,
	task_id text NOT NULL,
	additional_input text NOT NULL DEFAULT '{}',
	state text NOT NULL,
	awaiting text NOT NULL DEFAULT '',
	updated timestamptz NOT NULL,
	PRIMARY KEY (tenant, task_id),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
-- The lease of a task run by a command-line process: renewed while it runs, so a task whose lease
-- ran out while it is still "running" belongs to a process that is gone.
CREATE TABLE task_leases (
	tenant text NOT NULL,
	task_id text NOT NULL,
	holder text NOT NULL,
	expires timestamptz NOT NULL,
	PRIMARY KEY (tenant, task_id),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE TABLE ap_steps (
	tenant text NOT NULL,
	task_id text NOT NULL,
	id text NOT NULL,
	seq bigint NOT NULL,
	name text NOT NULL DEFAULT '',
	input text NOT NULL DEFAULT '',
	additional_input text NOT NULL DEFAULT '{}',
	status text NOT NULL,
	output text NOT NULL DEFAULT '',
	additional_output text NOT NULL DEFAULT '{}',
	is_last boolean NOT NULL DEFAULT false,
	created timestamptz NOT NULL,
	modified timestamptz NOT NULL,
	PRIMARY KEY (tenant, id),
	UNIQUE (tenant, task_id, seq),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
-- One running step per task, held by the database itself: whichever node starts it.
CREATE UNIQUE INDEX ap_steps_one_running ON ap_steps (tenant, task_id) WHERE status = 'running';
CREATE TABLE artifacts (
	tenant text NOT NULL,
	task_id text NOT NULL,
	id text NOT NULL,
	file_name text NOT NULL,
	relative_path text NOT NULL,
	agent_created boolean NOT NULL,
	created timestamptz NOT NULL,
	modified timestamptz NOT NULL,
	PRIMARY KEY (tenant, id),
	UNIQUE (tenant, task_id, relative_path, file_name),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE INDEX artifacts_by_task ON artifacts (tenant, task_id, created, id);
-- Which Agent Protocol step wrote which artifact: a file written again by a later step is that
-- step's too.
CREATE TABLE step_artifacts (
	tenant text NOT NULL,
	task_id text NOT NULL,
	step_id text NOT NULL,
	artifact_id text NOT NULL,
	PRIMARY KEY (tenant, step_id, artifact_id),
	FOREIGN KEY (tenant, step_id) REFERENCES ap_steps (tenant, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant, artifact_id) REFERENCES artifacts (tenant, id) ON DELETE CASCADE
);
CREATE TABLE shares (
	owner text NOT NULL,
	id text NOT NULL,
	task_id text NOT NULL,
	artifact_id text NOT NULL,
	grantee text NOT NULL,
	-- The grantee tenant's uid slot when the share was made (slots are never reused); 0 when no
	-- tenant had that name: such a share is never readable, so creating it tells nothing about
	-- which tenants exist, and a tenant created later under the name does not inherit it.
	grantee_slot bigint NOT NULL DEFAULT 0,
	created timestamptz NOT NULL,
	revoked timestamptz,
	PRIMARY KEY (owner, id),
	FOREIGN KEY (owner, artifact_id) REFERENCES artifacts (tenant, id) ON DELETE CASCADE
);
CREATE INDEX shares_by_grantee ON shares (grantee, id);
CREATE TABLE usage_daily (
	tenant text NOT NULL,
	day date NOT NULL,
	steps bigint NOT NULL DEFAULT 0,
	tokens bigint NOT NULL DEFAULT 0,
	cpu_ms bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, day)
);
CREATE TABLE audit (
	tenant text NOT NULL,
	seq bigint NOT NULL,
	time timestamptz NOT NULL,
	actor text NOT NULL,
	action text NOT NULL,
	target text NOT NULL,
	outcome text NOT NULL,
	detail text NOT NULL,
	prev text NOT NULL,
	hash text NOT NULL,
	PRIMARY KEY (tenant, seq)
);
-- The head of each tenant's chain; appenders lock its row, so one chain has one writer at a time
-- across every node.
CREATE TABLE audit_heads (
	tenant text PRIMARY KEY,
	seq bigint NOT NULL,
	hash text NOT NULL
);
