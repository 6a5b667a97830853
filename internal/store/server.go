package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// This file holds the tables of the multi-tenant server (paddock serve): tenants, API keys, sealed
// model credentials, the saved state of each task run, Agent Protocol steps, artifacts, share
// grants, daily usage and the hash-chained audit log. They are created by MigrateServer, apart from
// the command line's schema, and every query names its tenant, except KeyByHash (the key is what
// tells the tenant) and the start-up recovery that marks steps cut by a crash.

// Sentinel errors of the server tables.
var (
	// ErrExists reports a tenant or share that already exists.
	ErrExists = errors.New("already exists")
	// ErrRevoked reports a key or share that was revoked.
	ErrRevoked = errors.New("revoked")
)

const serverSchema = `
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
CREATE TABLE IF NOT EXISTS shares (
	owner TEXT NOT NULL,
	id TEXT NOT NULL,
	task_id TEXT NOT NULL,
	artifact_id TEXT NOT NULL,
	grantee TEXT NOT NULL REFERENCES tenants (name),
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

// MigrateServer creates the server's tables if they do not exist, in one transaction. It is
// idempotent; the server and its command-line tools call it after Open.
func (s *Store) MigrateServer(ctx context.Context) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, serverSchema); err != nil {
			return fmt.Errorf("store: create server schema: %w", err)
		}
		return nil
	})
}

func micros(t time.Time) int64 { return t.UTC().UnixMicro() }
func fromMicros(v int64) time.Time {
	return time.UnixMicro(v).UTC()
}

// writers holds one mutex per open Store: the server's write transactions queue on it in process
// instead of polling SQLite's lock with the busy handler's sleeps (which make latency spikes of
// tens of milliseconds under concurrent writes). Other processes (the command line) still meet
// the busy timeout.
var writers sync.Map // *Store -> *sync.Mutex

func (s *Store) writeLock() *sync.Mutex {
	if m, ok := writers.Load(s); ok {
		return m.(*sync.Mutex)
	}
	m, _ := writers.LoadOrStore(s, &sync.Mutex{})
	return m.(*sync.Mutex)
}

// execW runs one write statement under the in-process write lock.
func (s *Store) execW(ctx context.Context, q string, args ...any) (sql.Result, error) {
	mu := s.writeLock()
	mu.Lock()
	defer mu.Unlock()
	return s.db.ExecContext(ctx, q, args...)
}

// inTx runs f in one write transaction (BEGIN IMMEDIATE, from the DSN), committing when f succeeds.
func (s *Store) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	mu := s.writeLock()
	mu.Lock()
	defer mu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func isUnique(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "UNIQUE constraint") || strings.Contains(err.Error(), "PRIMARY KEY"))
}

// ---- tenants and keys ----

// Tenant is one tenant of the server.
type Tenant struct {
	Name string `json:"name"`
	// UIDSlot is the tenant's index in the sandbox's host uid ranges: each tenant's commands run
	// under uids no other tenant's commands use.
	UIDSlot int64     `json:"uid_slot"`
	Created time.Time `json:"created"`
}

// CreateTenant records a new tenant and gives it the next free uid slot.
func (s *Store) CreateTenant(ctx context.Context, name string) (*Tenant, error) {
	if err := checkTenant(name); err != nil {
		return nil, err
	}
	t := &Tenant{Name: name, Created: time.Now().UTC()}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(uid_slot), 0) + 1 FROM tenants`).Scan(&t.UIDSlot); err != nil {
			return fmt.Errorf("store: create tenant: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tenants (name, uid_slot, created) VALUES (?, ?, ?)`, name, t.UIDSlot, micros(t.Created))
		if isUnique(err) {
			return fmt.Errorf("tenant %q: %w", name, ErrExists)
		}
		if err != nil {
			return fmt.Errorf("store: create tenant: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Tenant returns one tenant.
func (s *Store) Tenant(ctx context.Context, name string) (*Tenant, error) {
	if err := checkTenant(name); err != nil {
		return nil, err
	}
	var t Tenant
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT name, uid_slot, created FROM tenants WHERE name = ?`, name).Scan(&t.Name, &t.UIDSlot, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("tenant %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: tenant: %w", err)
	}
	t.Created = fromMicros(created)
	return &t, nil
}

// Tenants lists every tenant, by name. It is for the operator's command line only.
func (s *Store) Tenants(ctx context.Context) ([]*Tenant, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, uid_slot, created FROM tenants ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: tenants: %w", err)
	}
	defer rows.Close()
	var out []*Tenant
	for rows.Next() {
		var t Tenant
		var created int64
		if err := rows.Scan(&t.Name, &t.UIDSlot, &created); err != nil {
			return nil, fmt.Errorf("store: tenants: %w", err)
		}
		t.Created = fromMicros(created)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// APIKey is a stored API key: its hash, never the key.
type APIKey struct {
	Tenant  string    `json:"tenant"`
	ID      string    `json:"id"`
	Hash    string    `json:"-"`
	Role    string    `json:"role"`
	Label   string    `json:"label,omitempty"`
	Created time.Time `json:"created"`
	Revoked bool      `json:"revoked"`
}

// AddKey stores a key's hash for a tenant that exists.
func (s *Store) AddKey(ctx context.Context, k *APIKey) error {
	if err := checkTenant(k.Tenant); err != nil {
		return err
	}
	if _, err := s.Tenant(ctx, k.Tenant); err != nil {
		return err
	}
	if k.Created.IsZero() {
		k.Created = time.Now().UTC()
	}
	_, err := s.execW(ctx, `INSERT INTO api_keys (tenant, id, hash, role, label, created) VALUES (?, ?, ?, ?, ?, ?)`,
		k.Tenant, k.ID, k.Hash, k.Role, k.Label, micros(k.Created))
	if isUnique(err) {
		return fmt.Errorf("key %s: %w", k.ID, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("store: add key: %w", err)
	}
	return nil
}

// KeyByHash finds the key with this hash. It is the one lookup without a tenant: the key is what
// names the tenant. A revoked key is ErrRevoked; an unknown one ErrNotFound.
func (s *Store) KeyByHash(ctx context.Context, hash string) (*APIKey, error) {
	var k APIKey
	var created, revoked int64
	err := s.db.QueryRowContext(ctx, `SELECT tenant, id, hash, role, label, created, revoked FROM api_keys WHERE hash = ?`, hash).
		Scan(&k.Tenant, &k.ID, &k.Hash, &k.Role, &k.Label, &created, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("key: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: key: %w", err)
	}
	k.Created, k.Revoked = fromMicros(created), revoked != 0
	if k.Revoked {
		return nil, fmt.Errorf("key %s: %w", k.ID, ErrRevoked)
	}
	return &k, nil
}

// Keys lists a tenant's keys (hashes are not shown).
func (s *Store) Keys(ctx context.Context, tenant string) ([]*APIKey, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT tenant, id, role, label, created, revoked FROM api_keys WHERE tenant = ? ORDER BY created, id`, tenant)
	if err != nil {
		return nil, fmt.Errorf("store: keys: %w", err)
	}
	defer rows.Close()
	var out []*APIKey
	for rows.Next() {
		var k APIKey
		var created, revoked int64
		if err := rows.Scan(&k.Tenant, &k.ID, &k.Role, &k.Label, &created, &revoked); err != nil {
			return nil, fmt.Errorf("store: keys: %w", err)
		}
		k.Created, k.Revoked = fromMicros(created), revoked != 0
		out = append(out, &k)
	}
	return out, rows.Err()
}

// RevokeKey revokes a tenant's key by id; it takes effect on the next request.
func (s *Store) RevokeKey(ctx context.Context, tenant, id string) error {
	if err := checkTenant(tenant); err != nil {
		return err
	}
	res, err := s.execW(ctx, `UPDATE api_keys SET revoked = ? WHERE tenant = ? AND id = ?`, micros(time.Now()), tenant, id)
	if err != nil {
		return fmt.Errorf("store: revoke key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("key %s of tenant %s: %w", id, tenant, ErrNotFound)
	}
	return nil
}

// ---- model credentials ----

// Credential is a tenant's model endpoint and its sealed API key. The store never sees the key in
// clear: SealedKey is encrypted by the caller (package tenant).
type Credential struct {
	Tenant    string
	BaseURL   string
	Model     string
	SealedKey []byte
	KeyID     string // which master key sealed it
	Updated   time.Time
}

// SetCredential stores or replaces a tenant's model credential.
func (s *Store) SetCredential(ctx context.Context, c *Credential) error {
	if err := checkTenant(c.Tenant); err != nil {
		return err
	}
	if _, err := s.Tenant(ctx, c.Tenant); err != nil {
		return err
	}
	c.Updated = time.Now().UTC()
	_, err := s.execW(ctx, `INSERT INTO credentials (tenant, base_url, model, sealed_key, key_id, updated) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant) DO UPDATE SET base_url = excluded.base_url, model = excluded.model, sealed_key = excluded.sealed_key,
		key_id = excluded.key_id, updated = excluded.updated`,
		c.Tenant, c.BaseURL, c.Model, c.SealedKey, c.KeyID, micros(c.Updated))
	if err != nil {
		return fmt.Errorf("store: set credential: %w", err)
	}
	return nil
}

// Credential returns a tenant's model credential, or ErrNotFound when it has none.
func (s *Store) Credential(ctx context.Context, tenant string) (*Credential, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	c := Credential{Tenant: tenant}
	var updated int64
	err := s.db.QueryRowContext(ctx, `SELECT base_url, model, sealed_key, key_id, updated FROM credentials WHERE tenant = ?`, tenant).
		Scan(&c.BaseURL, &c.Model, &c.SealedKey, &c.KeyID, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("credential of %s: %w", tenant, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: credential: %w", err)
	}
	c.Updated = fromMicros(updated)
	return &c, nil
}

// ResealCredentials re-encrypts every tenant's sealed model key in one transaction (master key
// rotation): reseal gets each tenant's sealed value and returns it sealed under the new key with
// that key's id. Either every credential is resealed or none is. It returns how many were.
func (s *Store) ResealCredentials(ctx context.Context, reseal func(tenant string, sealed []byte) ([]byte, string, error)) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT tenant, sealed_key FROM credentials WHERE sealed_key IS NOT NULL AND length(sealed_key) > 0`)
		if err != nil {
			return fmt.Errorf("store: credentials: %w", err)
		}
		type cred struct {
			tenant string
			sealed []byte
		}
		var all []cred
		for rows.Next() {
			var c cred
			if err := rows.Scan(&c.tenant, &c.sealed); err != nil {
				rows.Close()
				return fmt.Errorf("store: credentials: %w", err)
			}
			all = append(all, c)
		}
		rows.Close()
		for _, c := range all {
			sealed, kid, err := reseal(c.tenant, c.sealed)
			if err != nil {
				return fmt.Errorf("reseal the credential of %s: %w", c.tenant, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE credentials SET sealed_key = ?, key_id = ?, updated = ? WHERE tenant = ?`,
				sealed, kid, micros(time.Now()), c.tenant); err != nil {
				return fmt.Errorf("store: reseal: %w", err)
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
