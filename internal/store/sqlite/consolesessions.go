package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// CreateConsoleSession stores a console session, drops the expired ones and keeps the key's
// newest store.MaxConsoleSessionsPerKey, in one transaction.
func (d *DB) CreateConsoleSession(ctx context.Context, s *store.ConsoleSession, now time.Time) error {
	return d.write(ctx, fmt.Sprintf("create a console session of tenant %q", s.Tenant), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM console_sessions WHERE expires <= ?`, micros(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO console_sessions (tenant, id_hash, key_hash, key_id, sealed_key, csrf, host, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.Tenant, s.IDHash, s.KeyHash, s.KeyID, s.SealedKey, s.CSRF, s.Host, micros(s.Created), micros(s.Expires)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM console_sessions WHERE key_hash = ? AND id_hash NOT IN
			(SELECT id_hash FROM console_sessions WHERE key_hash = ? ORDER BY created DESC, id_hash LIMIT ?)`,
			s.KeyHash, s.KeyHash, store.MaxConsoleSessionsPerKey)
		return err
	})
}

// ConsoleSession returns a live console session by its id's hash.
func (d *DB) ConsoleSession(ctx context.Context, idHash string, now time.Time) (*store.ConsoleSession, error) {
	var s store.ConsoleSession
	var created, expires int64
	err := d.db.QueryRowContext(ctx, `SELECT id_hash, tenant, key_hash, key_id, sealed_key, csrf, host, created, expires
		FROM console_sessions WHERE id_hash = ? AND expires > ?`, idHash, micros(now)).
		Scan(&s.IDHash, &s.Tenant, &s.KeyHash, &s.KeyID, &s.SealedKey, &s.CSRF, &s.Host, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("console session: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: console session: %w", err)
	}
	s.Created, s.Expires = fromMicros(created), fromMicros(expires)
	return &s, nil
}

// EndConsoleSession removes one console session.
func (d *DB) EndConsoleSession(ctx context.Context, idHash string) error {
	_, err := d.exec(ctx, "end a console session", `DELETE FROM console_sessions WHERE id_hash = ?`, idHash)
	return err
}

// EndConsoleSessionsOfKey removes every console session of one API key.
func (d *DB) EndConsoleSessionsOfKey(ctx context.Context, keyHash string) error {
	_, err := d.exec(ctx, "end a key's console sessions", `DELETE FROM console_sessions WHERE key_hash = ?`, keyHash)
	return err
}
