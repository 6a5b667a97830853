-- The web console's signed-in browsers, shared by every node: id_hash is the SHA-256 of the
-- session cookie (the cookie itself is never stored) and sealed_key the session's API key sealed
-- with the master key.
CREATE TABLE console_sessions (
	id_hash text PRIMARY KEY,
	tenant text NOT NULL REFERENCES tenants (name),
	key_hash text NOT NULL,
	key_id text NOT NULL,
	sealed_key bytea NOT NULL,
	csrf text NOT NULL,
	host text NOT NULL,
	created timestamptz NOT NULL,
	expires timestamptz NOT NULL
);
CREATE INDEX console_sessions_by_key ON console_sessions (key_hash);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires);
