package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

// tenantsLock is the transaction advisory lock taken to give the next uid slot.
const tenantsLock = 0x7061646f636b01

// CreateTenant records a new tenant with the next free uid slot; creators on every node take
// turns on an advisory lock, so no two read the same highest slot.
func (d *DB) CreateTenant(ctx context.Context, t *store.Tenant) error {
	return d.tx(ctx, fmt.Sprintf("create tenant %q", t.Name), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(tenantsLock)); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(uid_slot), 0) + 1 FROM tenants`).Scan(&t.UIDSlot); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO tenants (name, uid_slot, created) VALUES ($1, $2, $3)`, t.Name, t.UIDSlot, utc(t.Created))
		return err
	})
}

func scanTenant(row pgx.Row) (*store.Tenant, error) {
	var t store.Tenant
	if err := row.Scan(&t.Name, &t.UIDSlot, &t.Created); err != nil {
		return nil, err
	}
	t.Created = utc(t.Created)
	return &t, nil
}

// LookupTenant returns one tenant.
func (d *DB) LookupTenant(ctx context.Context, name string) (*store.Tenant, error) {
	t, err := scanTenant(d.pool.QueryRow(ctx, `SELECT name, uid_slot, created FROM tenants WHERE name = $1`, name))
	if err != nil {
		return nil, notFound(err, "tenant", name)
	}
	return t, nil
}

// Tenants lists every tenant by name.
func (d *DB) Tenants(ctx context.Context) ([]*store.Tenant, error) {
	return list(ctx, d, "tenants", scanTenant, `SELECT name, uid_slot, created FROM tenants ORDER BY name`)
}

// AddKey stores a key's hash for a tenant that exists.
func (d *DB) AddKey(ctx context.Context, k *store.APIKey) error {
	_, err := d.exec(ctx, fmt.Sprintf("add key %s of tenant %q", k.ID, k.Tenant),
		`INSERT INTO api_keys (tenant, id, hash, role, label, created, expires) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		k.Tenant, k.ID, k.Hash, k.Role, k.Label, utc(k.Created), nullTime(k.Expires))
	return err
}

const keyCols = `tenant, id, role, label, created, revoked IS NOT NULL, expires`

func scanKey(row pgx.Row) (*store.APIKey, error) { return scanKeyAnd(row) }

// scanKeyAnd scans a row of keyCols followed by columns into extra.
func scanKeyAnd(row pgx.Row, extra ...any) (*store.APIKey, error) {
	var k store.APIKey
	var expires *time.Time
	if err := row.Scan(append([]any{&k.Tenant, &k.ID, &k.Role, &k.Label, &k.Created, &k.Revoked, &expires}, extra...)...); err != nil {
		return nil, err
	}
	k.Created = utc(k.Created)
	if expires != nil {
		k.Expires = utc(*expires)
	}
	return &k, nil
}

// KeyByHash finds the key with this hash, of any tenant.
func (d *DB) KeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	k, err := scanKey(d.pool.QueryRow(ctx, `SELECT `+keyCols+` FROM api_keys WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("key: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: key: %w", err)
	}
	k.Hash = hash
	return k, nil
}

// Keys lists a tenant's keys (hashes are not read).
func (d *DB) Keys(ctx context.Context, tenant string) ([]*store.APIKey, error) {
	return list(ctx, d, "keys", scanKey, `SELECT `+keyCols+` FROM api_keys WHERE tenant = $1 ORDER BY created, id`, tenant)
}

// RevokeKey revokes a tenant's key by id.
func (d *DB) RevokeKey(ctx context.Context, tenant, id string) error {
	n, err := d.exec(ctx, "revoke key", `UPDATE api_keys SET revoked = coalesce(revoked, now()) WHERE tenant = $1 AND id = $2`, tenant, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("key %s of tenant %s: %w", id, tenant, store.ErrNotFound)
	}
	return nil
}

// SetCredential stores or replaces a tenant's model credential.
func (d *DB) SetCredential(ctx context.Context, c *store.Credential) error {
	_, err := d.exec(ctx, fmt.Sprintf("set the credential of tenant %q", c.Tenant),
		`INSERT INTO credentials (tenant, base_url, model, sealed_key, key_id, updated) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (tenant) DO UPDATE SET base_url = excluded.base_url, model = excluded.model, sealed_key = excluded.sealed_key,
		key_id = excluded.key_id, updated = excluded.updated`,
		c.Tenant, c.BaseURL, c.Model, c.SealedKey, c.KeyID, utc(c.Updated))
	return err
}

// Credential returns a tenant's model credential.
func (d *DB) Credential(ctx context.Context, tenant string) (*store.Credential, error) {
	return scanCredential(d.pool.QueryRow(ctx, selectCredential, tenant), tenant)
}

// SetNetworkGrants stores or replaces a tenant's granted hosts.
func (d *DB) SetNetworkGrants(ctx context.Context, tenant string, hosts []string) error {
	if hosts == nil {
		hosts = []string{}
	}
	_, err := d.exec(ctx, fmt.Sprintf("set the network grants of tenant %q", tenant),
		`INSERT INTO network_grants (tenant, hosts, updated) VALUES ($1, $2, now())
		ON CONFLICT (tenant) DO UPDATE SET hosts = excluded.hosts, updated = excluded.updated`, tenant, hosts)
	return err
}

// NetworkGrants returns a tenant's granted hosts.
func (d *DB) NetworkGrants(ctx context.Context, tenant string) ([]string, error) {
	return scanGrants(d.pool.QueryRow(ctx, selectGrants, tenant), tenant)
}

// ResealCredentials re-encrypts every tenant's sealed model key in one transaction, holding
// their rows so that no node sets a credential meanwhile.
func (d *DB) ResealCredentials(ctx context.Context, reseal func(tenant string, sealed []byte) ([]byte, string, error)) (int, error) {
	n := 0
	err := d.tx(ctx, "reseal credentials", func(tx pgx.Tx) error {
		n = 0
		type cred struct {
			tenant string
			sealed []byte
		}
		rows, err := tx.Query(ctx, `SELECT tenant, sealed_key FROM credentials WHERE sealed_key IS NOT NULL AND length(sealed_key) > 0
			ORDER BY tenant FOR UPDATE`)
		if err != nil {
			return err
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (cred, error) {
			var c cred
			err := r.Scan(&c.tenant, &c.sealed)
			return c, err
		})
		if err != nil {
			return err
		}
		for _, c := range all {
			sealed, kid, err := reseal(c.tenant, c.sealed)
			if err != nil {
				return fmt.Errorf("reseal the credential of %s: %w", c.tenant, err)
			}
			if _, err := tx.Exec(ctx, `UPDATE credentials SET sealed_key = $1, key_id = $2, updated = now() WHERE tenant = $3`,
				sealed, kid, c.tenant); err != nil {
				return err
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

// nullTime is t for a nullable column: the zero time is NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := utc(t)
	return &u
}
