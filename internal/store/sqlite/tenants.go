package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// CreateTenant records a new tenant with the next free uid slot.
func (d *DB) CreateTenant(ctx context.Context, t *store.Tenant) error {
	return d.write(ctx, fmt.Sprintf("create tenant %q", t.Name), func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(uid_slot), 0) + 1 FROM tenants`).Scan(&t.UIDSlot); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tenants (name, uid_slot, created) VALUES (?, ?, ?)`, t.Name, t.UIDSlot, micros(t.Created))
		return err
	})
}

func scanTenant(row scanner) (*store.Tenant, error) {
	var t store.Tenant
	var created int64
	if err := row.Scan(&t.Name, &t.UIDSlot, &created); err != nil {
		return nil, err
	}
	t.Created = fromMicros(created)
	return &t, nil
}

// LookupTenant returns one tenant.
func (d *DB) LookupTenant(ctx context.Context, name string) (*store.Tenant, error) {
	t, err := scanTenant(d.db.QueryRowContext(ctx, `SELECT name, uid_slot, created FROM tenants WHERE name = ?`, name))
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
		`INSERT INTO api_keys (tenant, id, hash, role, label, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.Tenant, k.ID, k.Hash, k.Role, k.Label, micros(k.Created), expiresMicros(k.Expires))
	return err
}

func scanKey(row scanner) (*store.APIKey, error) {
	var k store.APIKey
	var created, revoked, expires int64
	if err := row.Scan(&k.Tenant, &k.ID, &k.Role, &k.Label, &created, &revoked, &expires); err != nil {
		return nil, err
	}
	k.Created, k.Revoked = fromMicros(created), revoked != 0
	if expires != 0 {
		k.Expires = fromMicros(expires)
	}
	return &k, nil
}

// expiresMicros stores a key's expiry; the zero time (never) is 0.
func expiresMicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return micros(t)
}

// KeyByHash finds the key with this hash, of any tenant.
func (d *DB) KeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	k, err := scanKey(d.db.QueryRowContext(ctx, `SELECT tenant, id, role, label, created, revoked, expires FROM api_keys WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
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
	return list(ctx, d, "keys", scanKey, `SELECT tenant, id, role, label, created, revoked, expires FROM api_keys WHERE tenant = ? ORDER BY created, id`, tenant)
}

// RevokeKey revokes a tenant's key by id.
func (d *DB) RevokeKey(ctx context.Context, tenant, id string) error {
	n, err := d.exec(ctx, "revoke key", `UPDATE api_keys SET revoked = ? WHERE tenant = ? AND id = ?`, micros(time.Now()), tenant, id)
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
		`INSERT INTO credentials (tenant, base_url, model, sealed_key, key_id, updated) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant) DO UPDATE SET base_url = excluded.base_url, model = excluded.model, sealed_key = excluded.sealed_key,
		key_id = excluded.key_id, updated = excluded.updated`,
		c.Tenant, c.BaseURL, c.Model, c.SealedKey, c.KeyID, micros(c.Updated))
	return err
}

// Credential returns a tenant's model credential.
func (d *DB) Credential(ctx context.Context, tenant string) (*store.Credential, error) {
	c := store.Credential{Tenant: tenant}
	var updated int64
	err := d.db.QueryRowContext(ctx, `SELECT base_url, model, sealed_key, key_id, updated FROM credentials WHERE tenant = ?`, tenant).
		Scan(&c.BaseURL, &c.Model, &c.SealedKey, &c.KeyID, &updated)
	if err != nil {
		return nil, notFound(err, "credential of tenant", tenant)
	}
	c.Updated = fromMicros(updated)
	return &c, nil
}

// SetNetworkGrants stores or replaces a tenant's granted hosts, one per line.
func (d *DB) SetNetworkGrants(ctx context.Context, tenant string, hosts []string) error {
	_, err := d.exec(ctx, fmt.Sprintf("set the network grants of tenant %q", tenant),
		`INSERT INTO network_grants (tenant, hosts, updated) VALUES (?, ?, ?)
		ON CONFLICT (tenant) DO UPDATE SET hosts = excluded.hosts, updated = excluded.updated`,
		tenant, strings.Join(hosts, "\n"), micros(time.Now()))
	return err
}

// NetworkGrants returns a tenant's granted hosts.
func (d *DB) NetworkGrants(ctx context.Context, tenant string) ([]string, error) {
	var hosts string
	err := d.db.QueryRowContext(ctx, `SELECT hosts FROM network_grants WHERE tenant = ?`, tenant).Scan(&hosts)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && hosts == "") {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: network grants of tenant %q: %w", tenant, err)
	}
	return strings.Split(hosts, "\n"), nil
}

// ResealCredentials re-encrypts every tenant's sealed model key in one transaction.
func (d *DB) ResealCredentials(ctx context.Context, reseal func(tenant string, sealed []byte) ([]byte, string, error)) (int, error) {
	n := 0
	err := d.write(ctx, "reseal credentials", func(tx *sql.Tx) error {
		n = 0
		type cred struct {
			tenant string
			sealed []byte
		}
		var all []cred
		rows, err := tx.QueryContext(ctx, `SELECT tenant, sealed_key FROM credentials WHERE sealed_key IS NOT NULL AND length(sealed_key) > 0 ORDER BY tenant`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c cred
			if err := rows.Scan(&c.tenant, &c.sealed); err != nil {
				rows.Close()
				return err
			}
			all = append(all, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range all {
			sealed, kid, err := reseal(c.tenant, c.sealed)
			if err != nil {
				return fmt.Errorf("reseal the credential of %s: %w", c.tenant, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE credentials SET sealed_key = ?, key_id = ?, updated = ? WHERE tenant = ?`,
				sealed, kid, micros(time.Now()), c.tenant); err != nil {
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
