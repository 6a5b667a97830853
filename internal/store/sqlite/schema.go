package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sync"
)

// schemaVersion is the PRAGMA user_version this package writes and reads. Adding a table or an
// index with IF NOT EXISTS keeps it; changing a table's layout needs a new version and a migration
// from the one before.
const schemaVersion = 1

// schema is every table and index, each created only when missing, so it brings any earlier
// database of version 1 up to date: one written by the command line alone had only tasks and
// steps; the server's tables were created apart, by the server.
const schema = `
CREATE TABLE IF NOT EXISTS tasks (
	tenant TEXT NOT NULL,
	id TEXT NOT NULL,
	goal TEXT NOT NULL,
	status TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	model TEXT NOT NULL DEFAULT '',
	workspace TEXT NOT NULL DEFAULT '',
	steps INTEGER NOT NULL DEFAULT 0,
	prompt_tokens INTEGER NOT NULL DEFAULT 0,
	completion_tokens INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS tasks_by_created ON tasks (tenant, created DESC, id);
CREATE TABLE IF NOT EXISTS steps (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	turn INTEGER NOT NULL,
	tool TEXT NOT NULL,
	arguments TEXT NOT NULL,
	decision TEXT NOT NULL,
	feedback TEXT NOT NULL,
	output TEXT NOT NULL,
	error TEXT NOT NULL,
	flagged INTEGER NOT NULL,
	prompt_tokens INTEGER NOT NULL,
	completion_tokens INTEGER NOT NULL,
	started INTEGER NOT NULL,
	duration_us INTEGER NOT NULL,
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS steps_by_task ON steps (tenant, task_id, id);

CREATE TABLE IF NOT EXISTS tenants (
	name TEXT PRIMARY KEY,
	uid_slot INTEGER NOT NULL UNIQUE,
	created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
	tenant TEXT NOT NULL REFERENCES tenants (name),
	id TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	created INTEGER NOT NULL,
	revoked INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, id)
);
CREATE TABLE IF NOT EXISTS credentials (
	tenant TEXT PRIMARY KEY REFERENCES tenants (name),
	base_url TEXT NOT NULL,
	model TEXT NOT NULL,
	sealed_key BLOB,
	key_id TEXT NOT NULL DEFAULT '',
	updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tenant_rules (
	tenant TEXT PRIMARY KEY REFERENCES tenants (name),
	body TEXT NOT NULL, -- JSON store.TenantRules
	updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tenant_spend (
	tenant TEXT NOT NULL REFERENCES tenants (name),
	day TEXT NOT NULL,
	micro_usd INTEGER NOT NULL,
	PRIMARY KEY (tenant, day)
);
-- The MCP servers the operator configured for a tenant (paddock tenant mcp): spec is a JSON
-- mcp.ServerSpec.
CREATE TABLE IF NOT EXISTS tenant_mcp_servers (
	tenant TEXT NOT NULL REFERENCES tenants (name),
	name TEXT NOT NULL,
	spec TEXT NOT NULL,
	added INTEGER NOT NULL,
	PRIMARY KEY (tenant, name)
);
-- What the operator approved of each tool of a tenant's MCP servers: the approved definition's
-- hash and a later one waiting for approval.
CREATE TABLE IF NOT EXISTS tenant_mcp_pins (
	tenant TEXT NOT NULL REFERENCES tenants (name),
	server TEXT NOT NULL,
	tool TEXT NOT NULL,
	hash TEXT NOT NULL,
	pending TEXT NOT NULL,
	PRIMARY KEY (tenant, server, tool)
);
-- The web console's signed-in browsers: id_hash is the SHA-256 of the session cookie (never
-- stored itself), sealed_key the session's API key sealed with the master key.
CREATE TABLE IF NOT EXISTS console_sessions (
	id_hash TEXT PRIMARY KEY,
	tenant TEXT NOT NULL REFERENCES tenants (name),
	key_hash TEXT NOT NULL,
	key_id TEXT NOT NULL,
	sealed_key BLOB NOT NULL,
	csrf TEXT NOT NULL,
	host TEXT NOT NULL,
	created INTEGER NOT NULL,
	expires INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS console_sessions_by_key ON console_sessions (key_hash);
CREATE INDEX IF NOT EXISTS console_sessions_by_expiry ON console_sessions (expires);
CREATE TABLE IF NOT EXISTS network_grants (
	tenant TEXT PRIMARY KEY REFERENCES tenants (name),
	hosts TEXT NOT NULL,
	updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS task_runs (
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	additional_input TEXT NOT NULL DEFAULT '{}',
	state TEXT NOT NULL,
	awaiting TEXT NOT NULL DEFAULT '',
	updated INTEGER NOT NULL,
	PRIMARY KEY (tenant, task_id),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
-- The lease of a task run by a command-line process: renewed while it runs, so a task whose lease
-- ran out while it is still "running" belongs to a process that is gone.
CREATE TABLE IF NOT EXISTS task_leases (
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	holder TEXT NOT NULL,
	expires INTEGER NOT NULL,
	PRIMARY KEY (tenant, task_id),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS ap_steps (
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	input TEXT NOT NULL DEFAULT '',
	additional_input TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL,
	output TEXT NOT NULL DEFAULT '',
	additional_output TEXT NOT NULL DEFAULT '{}',
	is_last INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	modified INTEGER NOT NULL,
	PRIMARY KEY (tenant, id),
	UNIQUE (tenant, task_id, seq),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS ap_steps_running ON ap_steps (status) WHERE status = 'running';
-- One running step per task, held by the database itself and not only by StartAPStep's check.
CREATE UNIQUE INDEX IF NOT EXISTS ap_steps_one_running ON ap_steps (tenant, task_id) WHERE status = 'running';
CREATE TABLE IF NOT EXISTS artifacts (
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	id TEXT NOT NULL,
	file_name TEXT NOT NULL,
	relative_path TEXT NOT NULL,
	agent_created INTEGER NOT NULL,
	created INTEGER NOT NULL,
	modified INTEGER NOT NULL,
	PRIMARY KEY (tenant, id),
	UNIQUE (tenant, task_id, relative_path, file_name),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS artifacts_by_task ON artifacts (tenant, task_id, created, id);
-- Which Agent Protocol step wrote which artifact: a file written again by a later step is that
-- step's too.
CREATE TABLE IF NOT EXISTS step_artifacts (
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	step_id TEXT NOT NULL,
	artifact_id TEXT NOT NULL,
	PRIMARY KEY (tenant, step_id, artifact_id),
	FOREIGN KEY (tenant, step_id) REFERENCES ap_steps (tenant, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant, artifact_id) REFERENCES artifacts (tenant, id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS shares (
	owner TEXT NOT NULL,
	id TEXT NOT NULL,
	task_id TEXT NOT NULL,
	artifact_id TEXT NOT NULL,
	grantee TEXT NOT NULL,
	-- The grantee tenant's uid slot when the share was made (slots are never reused); 0 when no
	-- tenant had that name: such a share is never readable, so creating it tells nothing about
	-- which tenants exist, and a tenant created later under the name does not inherit it.
	grantee_slot INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	revoked INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (owner, id),
	FOREIGN KEY (owner, artifact_id) REFERENCES artifacts (tenant, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS shares_by_grantee ON shares (grantee, id);
CREATE TABLE IF NOT EXISTS usage_daily (
	tenant TEXT NOT NULL,
	day TEXT NOT NULL,
	steps INTEGER NOT NULL DEFAULT 0,
	tokens INTEGER NOT NULL DEFAULT 0,
	cpu_ms INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, day)
);
CREATE TABLE IF NOT EXISTS audit (
	tenant TEXT NOT NULL,
	seq INTEGER NOT NULL,
	time INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	target TEXT NOT NULL,
	outcome TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (tenant, seq)
);
CREATE TABLE IF NOT EXISTS audit_heads (
	tenant TEXT PRIMARY KEY,
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL
);
`

// addedColumns are columns added to a table of schema after it was first shipped, each with a
// default, so that a database of the same version that lacks them gets them by ALTER TABLE (and
// an older paddock, which names its columns, still reads and writes it).
var addedColumns = []struct{ table, column, def string }{
	// When a key stops working, in microseconds since 1970 UTC; 0: never.
	{"api_keys", "expires", "INTEGER NOT NULL DEFAULT 0"},
}

// sharesNeedRebuild reads whether the shares table still has its first layout, whose grantee
// had to be an existing tenant (a foreign key SQLite can drop only by rebuilding the table).
const sharesNeedRebuild = `SELECT count(*) FROM pragma_foreign_key_list('shares') WHERE "table" = 'tenants'`

// rebuildShares moves the shares to the current layout, binding each to its grantee's uid slot.
const rebuildShares = `
CREATE TABLE shares_rebuilt (
	owner TEXT NOT NULL,
	id TEXT NOT NULL,
	task_id TEXT NOT NULL,
	artifact_id TEXT NOT NULL,
	grantee TEXT NOT NULL,
	grantee_slot INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	revoked INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (owner, id),
	FOREIGN KEY (owner, artifact_id) REFERENCES artifacts (tenant, id) ON DELETE CASCADE
);
INSERT INTO shares_rebuilt (owner, id, task_id, artifact_id, grantee, grantee_slot, created, revoked)
	SELECT s.owner, s.id, s.task_id, s.artifact_id, s.grantee, coalesce(t.uid_slot, 0), s.created, s.revoked
	FROM shares s LEFT JOIN tenants t ON t.name = s.grantee;
DROP TABLE shares;
ALTER TABLE shares_rebuilt RENAME TO shares;
CREATE INDEX IF NOT EXISTS shares_by_grantee ON shares (grantee, id);
`

// schemaObjects are the names of the tables and indexes schema creates, found on first use: the
// regular expression's allocations at package initialisation varied from 211 to 330 under the
// race detector (sync.Pool drops at random there) and tripped cmd/paddock's TestInitBudget.
var schemaObjects = sync.OnceValue(func() []any {
	var names []any
	for _, m := range regexp.MustCompile(`CREATE (?:UNIQUE )?(?:TABLE|INDEX) IF NOT EXISTS (\w+)`).FindAllStringSubmatch(schema, -1) {
		names = append(names, m[1])
	}
	return names
})

// migrate brings the schema up to date. A database that already is takes no write lock, so
// opening it does not wait for a writer in another process.
func (d *DB) migrate(ctx context.Context) error {
	current := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) (bool, error) {
		var v int
		if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return false, fmt.Errorf("read schema version: %w", err)
		}
		if v > schemaVersion {
			return false, fmt.Errorf("the database was written by a newer paddock (schema %d); upgrade paddock", v)
		}
		var n int
		names := schemaObjects()
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name IN (`+placeholders(len(names))+`)`,
			names...).Scan(&n); err != nil {
			return false, fmt.Errorf("read schema: %w", err)
		}
		if v != schemaVersion || n != len(names) {
			return false, nil
		}
		for _, c := range addedColumns {
			var has int
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, c.table, c.column).Scan(&has); err != nil {
				return false, fmt.Errorf("read schema: %w", err)
			}
			if has == 0 {
				return false, nil
			}
		}
		var old int
		if err := q.QueryRowContext(ctx, sharesNeedRebuild).Scan(&old); err != nil {
			return false, fmt.Errorf("read schema: %w", err)
		}
		return old == 0, nil
	}
	if ok, err := current(d.db); err != nil || ok {
		return err
	}
	return d.write(ctx, "create schema", func(tx *sql.Tx) error {
		if ok, err := current(tx); err != nil || ok {
			return err
		}
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return err
		}
		for _, c := range addedColumns {
			var has int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, c.table, c.column).Scan(&has); err != nil {
				return err
			}
			if has == 0 {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", c.table, c.column, c.def)); err != nil {
					return fmt.Errorf("add column %s.%s: %w", c.table, c.column, err)
				}
			}
		}
		var old int
		if err := tx.QueryRowContext(ctx, sharesNeedRebuild).Scan(&old); err != nil {
			return err
		}
		if old > 0 {
			if _, err := tx.ExecContext(ctx, rebuildShares); err != nil {
				return fmt.Errorf("rebuild the shares table: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion))
		return err
	})
}

// placeholders returns n comma-separated question marks.
func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}
