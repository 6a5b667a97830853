package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/paddock-dev/paddock/internal/store"
)

// SetTenantRules stores or replaces a tenant's rules, as JSON.
func (d *DB) SetTenantRules(ctx context.Context, tenant string, r *store.TenantRules) error {
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: encode the rules of tenant %q: %w", tenant, err)
	}
	_, err = d.exec(ctx, fmt.Sprintf("set the rules of tenant %q", tenant),
		`INSERT INTO tenant_rules (tenant, body, updated) VALUES ($1, $2, $3)
		ON CONFLICT (tenant) DO UPDATE SET body = excluded.body, updated = excluded.updated`,
		tenant, string(body), r.Updated)
	return err
}

// TenantRules returns a tenant's rules; empty ones when none are set.
func (d *DB) TenantRules(ctx context.Context, tenant string) (*store.TenantRules, error) {
	return scanRules(d.pool.QueryRow(ctx, selectRules, tenant), tenant)
}

// AddSpend adds to a tenant's spending of a day in one upsert.
func (d *DB) AddSpend(ctx context.Context, tenant, day string, microUSD int64) error {
	_, err := d.exec(ctx, fmt.Sprintf("add to the spending of tenant %q", tenant),
		`INSERT INTO tenant_spend (tenant, day, micro_usd) VALUES ($1, $2, $3)
		ON CONFLICT (tenant, day) DO UPDATE SET micro_usd = tenant_spend.micro_usd + excluded.micro_usd`,
		tenant, day, microUSD)
	return err
}

// SpendOn returns a tenant's spending of a day.
func (d *DB) SpendOn(ctx context.Context, tenant, day string) (int64, error) {
	var v int64
	err := d.pool.QueryRow(ctx, `SELECT micro_usd FROM tenant_spend WHERE tenant = $1 AND day = $2`, tenant, day).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: spending of tenant %q: %w", tenant, err)
	}
	return v, nil
}
