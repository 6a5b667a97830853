package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paddock-dev/paddock/internal/store"
)

// CreateConsoleSession stores a console session, drops the expired ones and keeps the key's
// newest store.MaxConsoleSessionsPerKey, in one transaction.
func (d *DB) CreateConsoleSession(ctx context.Context, s *store.ConsoleSession, now time.Time) error {
	return d.tx(ctx, fmt.Sprintf("create a console session of tenant %q", s.Tenant), func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM console_sessions WHERE expires <= $1`, now)
		b.Queue(`INSERT INTO console_sessions (tenant, id_hash, key_hash, key_id, sealed_key, csrf, host, created, expires)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			s.Tenant, s.IDHash, s.KeyHash, s.KeyID, s.SealedKey, s.CSRF, s.Host, s.Created, s.Expires)
		b.Queue(`DELETE FROM console_sessions WHERE key_hash = $1 AND id_hash NOT IN
			(SELECT id_hash FROM console_sessions WHERE key_hash = $1 ORDER BY created DESC, id_hash LIMIT $2)`,
			s.KeyHash, store.MaxConsoleSessionsPerKey)
		return tx.SendBatch(ctx, b).Close()
	})
}

// ConsoleSession returns a live console session by its id's hash.
func (d *DB) ConsoleSession(ctx context.Context, idHash string, now time.Time) (*store.ConsoleSession, error) {
	var s store.ConsoleSession
	err := d.pool.QueryRow(ctx, `SELECT id_hash, tenant, key_hash, key_id, sealed_key, csrf, host, created, expires
		FROM console_sessions WHERE id_hash = $1 AND expires > $2`, idHash, now).
		Scan(&s.IDHash, &s.Tenant, &s.KeyHash, &s.KeyID, &s.SealedKey, &s.CSRF, &s.Host, &s.Created, &s.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("console session: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: console session: %w", err)
	}
	s.Created, s.Expires = s.Created.UTC(), s.Expires.UTC()
	return &s, nil
}

// EndConsoleSession removes one console session.
func (d *DB) EndConsoleSession(ctx context.Context, idHash string) error {
	_, err := d.exec(ctx, "end a console session", `DELETE FROM console_sessions WHERE id_hash = $1`, idHash)
	return err
}

// EndConsoleSessionsOfKey removes every console session of one API key.
func (d *DB) EndConsoleSessionsOfKey(ctx context.Context, keyHash string) error {
	_, err := d.exec(ctx, "end a key's console sessions", `DELETE FROM console_sessions WHERE key_hash = $1`, keyHash)
	return err
}
