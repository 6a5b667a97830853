package store

import (
	"context"
	"errors"
	"time"
)

// ConsoleSession is one browser signed in to the web console, kept in the database so that every
// server node on it knows the session: a load balancer may send each request anywhere.
type ConsoleSession struct {
	// IDHash is the hex SHA-256 of the session's id; the id itself (the cookie) is never stored.
	IDHash string
	Tenant string
	// KeyHash names the API key the session acts with (its hash, as in api_keys).
	KeyHash string
	KeyID   string
	// SealedKey is the plain API key sealed with the server's master key: the console's requests
	// to the API need it, and the database alone never reveals it.
	SealedKey []byte
	// CSRF is the token every form of the session carries.
	CSRF string
	// Host is the Host the browser signed in through.
	Host    string
	Created time.Time
	Expires time.Time
}

// MaxConsoleSessionsPerKey bounds the live sessions of one API key: a new one beyond it ends the
// key's oldest, so signing in again and again cannot fill the database.
const MaxConsoleSessionsPerKey = 50

// maxConsoleSessionField bounds each text field of a stored session.
const maxConsoleSessionField = 4 << 10

// CreateConsoleSession stores s, drops every session that has expired, and ends the key's oldest
// sessions beyond MaxConsoleSessionsPerKey.
func (db *DB) CreateConsoleSession(ctx context.Context, s *ConsoleSession) error {
	if s.IDHash == "" || s.KeyHash == "" || s.Tenant == "" || len(s.SealedKey) == 0 || s.CSRF == "" {
		return errors.New("store: a console session needs its id hash, tenant, key hash, sealed key and CSRF token")
	}
	for _, f := range []string{s.IDHash, s.Tenant, s.KeyHash, s.KeyID, s.CSRF, s.Host} {
		if len(f) > maxConsoleSessionField {
			return errors.New("store: a console session field is too long")
		}
	}
	if len(s.SealedKey) > maxConsoleSessionField || !s.Expires.After(s.Created) {
		return errors.New("store: a console session needs a sealed key of at most 4 KiB and to expire after it starts")
	}
	return db.b.CreateConsoleSession(ctx, s, now())
}

// ConsoleSession returns the live session whose id hashes to idHash; an unknown or expired one
// is ErrNotFound.
func (db *DB) ConsoleSession(ctx context.Context, idHash string) (*ConsoleSession, error) {
	return db.b.ConsoleSession(ctx, idHash, now())
}

// EndConsoleSession removes a session (signed out); an unknown one is no error.
func (db *DB) EndConsoleSession(ctx context.Context, idHash string) error {
	return db.b.EndConsoleSession(ctx, idHash)
}

// EndConsoleSessionsOfKey removes every session of the API key with hash keyHash (revoked or
// expired).
func (db *DB) EndConsoleSessionsOfKey(ctx context.Context, keyHash string) error {
	return db.b.EndConsoleSessionsOfKey(ctx, keyHash)
}
