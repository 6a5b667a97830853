// Package store keeps the record of every run: tasks and their steps, and for the multi-tenant
// server its tenants, keys, credentials, Agent Protocol steps, artifacts, shares, usage and audit
// chain.
//
// The records and the rules are here; a database is plugged in underneath as a Backend (package
// store/sqlite, the default; PostgreSQL for several server nodes). Every backend passes the same
// suite, package storetest.
//
// Tenancy: every row carries its tenant, and every operation on a tenant's data goes through that
// tenant's Scope (db.Tenant(name)), which takes no tenant argument: another tenant's id finds
// nothing (ErrNotFound), exactly as an id that does not exist. The few operations that span
// tenants by nature (authenticating a key, start-up recovery, the operator's tenant list and
// audit verification, master-key rotation, reading an artifact through a grant) are methods of
// DB. The command line uses the tenant "local". The model's API key is never passed to this
// package and so is never stored.
package store

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Sentinel errors callers branch on.
var (
	// ErrNotFound reports an id that does not exist for this tenant (whether or not another has it).
	ErrNotFound = errors.New("not found")
	// ErrNoTenant reports a call without a tenant.
	ErrNoTenant = errors.New("store: a tenant is required")
	// ErrWrongTenant reports a record written through another tenant's Scope: a bug of the caller.
	ErrWrongTenant = errors.New("store: the record belongs to another tenant")
	// ErrExists reports a record whose id or unique key is already taken: a tenant, a key, a task.
	ErrExists = errors.New("already exists")
	// ErrRevoked reports a key that was revoked.
	ErrRevoked = errors.New("revoked")
	// ErrExpired reports a key past its expiry; the error is an *ExpiredKeyError naming the key.
	ErrExpired = errors.New("expired")
	// ErrStepRunning reports a step started while another step of the same task is running (on this
	// server or, with a shared database, on another).
	ErrStepRunning = errors.New("a step of this task is running")
	// ErrLeaseHeld reports a task whose lease another process holds: it is running there.
	ErrLeaseHeld = errors.New("the run is going on in another process")
	// ErrNoSlot reports that every running-step slot of a tenant is held (SlotBeginner).
	ErrNoSlot = errors.New("every running-step slot of the tenant is taken")
)

// DefaultPath returns the database path under dataDir.
func DefaultPath(dataDir string) string { return filepath.Join(dataDir, "paddock.db") }

// NewID returns a new random id: 16 lower-case base32 characters, time-ordered prefix.
func NewID() string {
	var b [10]byte
	ms := uint64(time.Now().UnixMilli())
	for i := 0; i < 5; i++ {
		b[i] = byte(ms >> (8 * (4 - i)))
	}
	_, _ = rand.Read(b[5:]) // never fails (crypto/rand)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// now is the current time as a backend keeps it: UTC, to the microsecond, so a record written is
// equal to the record read back.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// stored is t as a backend keeps it.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// DB is an open store. It is safe for concurrent use.
type DB struct {
	b Backend
}

// New returns the store kept by b.
func New(b Backend) *DB { return &DB{b: b} }

// Backend returns the backend db was made with.
func (db *DB) Backend() Backend { return db.b }

// Close closes the database.
func (db *DB) Close() error { return db.b.Close() }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.b.Ping(ctx) }

// Tenant returns the store as tenant name sees it. It does not check that the tenant exists
// (the command line's "local" never does); an empty name gives a Scope whose every call is
// ErrNoTenant.
func (db *DB) Tenant(name string) *Scope { return &Scope{b: db.b, name: name} }

// ---- operations that span tenants ----

// CreateTenant records a new tenant and gives it the next free uid slot. A tenant of that name
// already is ErrExists.
func (db *DB) CreateTenant(ctx context.Context, name string) (*Tenant, error) {
	if name == "" {
		return nil, ErrNoTenant
	}
	t := &Tenant{Name: name, Created: now()}
	if err := db.b.CreateTenant(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// LookupTenant returns the record of one tenant of the server.
func (db *DB) LookupTenant(ctx context.Context, name string) (*Tenant, error) {
	if name == "" {
		return nil, ErrNoTenant
	}
	return db.b.LookupTenant(ctx, name)
}

// Tenants lists every tenant, by name. It is for the operator's command line only.
func (db *DB) Tenants(ctx context.Context) ([]*Tenant, error) { return db.b.Tenants(ctx) }

// KeyByHash finds the key with this hash. It is the one lookup without a tenant: the key is what
// names the tenant. A revoked key is ErrRevoked; an unknown one ErrNotFound.
func (db *DB) KeyByHash(ctx context.Context, hash string) (*APIKey, error) {
	k, err := db.b.KeyByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	return LiveKey(k)
}

// LiveKey returns k when it may be used now: a revoked key is ErrRevoked, an expired one an
// *ExpiredKeyError, as KeyByHash answers. It is for a key read by other means than KeyByHash.
func LiveKey(k *APIKey) (*APIKey, error) {
	if k.Revoked {
		return nil, fmt.Errorf("key %s: %w", k.ID, ErrRevoked)
	}
	if !k.Expires.IsZero() && !now().Before(k.Expires) {
		return nil, &ExpiredKeyError{Key: k}
	}
	return k, nil
}

// ExpiredKeyError reports a key used at or after its expiry, and names it (tenant and id), so
// the refusal can be audited in the key's tenant. It is ErrExpired.
type ExpiredKeyError struct{ Key *APIKey }

func (e *ExpiredKeyError) Error() string {
	return fmt.Sprintf("key %s expired at %s", e.Key.ID, e.Key.Expires.Format(time.RFC3339))
}

// Unwrap makes the error ErrExpired.
func (e *ExpiredKeyError) Unwrap() error { return ErrExpired }

// ResealCredentials re-encrypts every tenant's sealed model key in one transaction (master key
// rotation): reseal gets each tenant's sealed value and returns it sealed under the new key with
// that key's id. Either every credential is resealed or none is. It returns how many were.
func (db *DB) ResealCredentials(ctx context.Context, reseal func(tenant string, sealed []byte) ([]byte, string, error)) (int, error) {
	return db.b.ResealCredentials(ctx, reseal)
}

// MarkInterruptedSteps marks every Agent Protocol step of every tenant still running as
// interrupted: at start-up, those are the steps a crash or a kill cut short. Their tasks keep the
// state saved by the last finished step, so the next step resumes from there. It returns the
// marked steps.
func (db *DB) MarkInterruptedSteps(ctx context.Context, output string) ([]*APStep, error) {
	return db.b.MarkInterruptedSteps(ctx, output)
}

// SharedArtifact returns a live grant to grantee and the artifact it names, which belongs to the
// grant's owner: the one read of another tenant's row, and only through a grant. A revoked grant,
// or one to another tenant, is ErrNotFound.
func (db *DB) SharedArtifact(ctx context.Context, grantee, shareID string) (*Share, *Artifact, error) {
	if grantee == "" {
		return nil, nil, ErrNoTenant
	}
	sh, err := db.b.ReceivedShare(ctx, grantee, shareID)
	if err != nil {
		return nil, nil, err
	}
	a, err := db.b.Artifact(ctx, sh.Owner, sh.TaskID, sh.ArtifactID)
	if err != nil {
		return nil, nil, err
	}
	return sh, a, nil
}

// AppendAuditBatch appends several entries, of any tenants, in one transaction and in order:
// each gets the next Seq and the Prev of its tenant's chain, then Hash = hash(entry).
func (db *DB) AppendAuditBatch(ctx context.Context, es []*AuditEntry, hash func(*AuditEntry) string) error {
	return appendAudit(ctx, db.b, es, hash)
}

// appendAudit checks entries and fills in their defaults before b appends them.
func appendAudit(ctx context.Context, b Backend, es []*AuditEntry, hash func(*AuditEntry) string) error {
	for _, e := range es {
		if e.Tenant == "" {
			return ErrNoTenant
		}
	}
	if len(es) == 0 {
		return nil
	}
	prepareAudit(es)
	return b.AppendAudit(ctx, es, hash)
}

// prepareAudit fills in what entries about to be appended leave out: the time (now) and an empty
// detail ("{}"), and keeps times to the stored precision, so that hashes verify after a round trip.
func prepareAudit(es []*AuditEntry) {
	for _, e := range es {
		if e.Time.IsZero() {
			e.Time = now()
		}
		e.Time = stored(e.Time)
		if e.Detail == "" {
			e.Detail = "{}"
		}
	}
}

// AuditTenants lists every tenant that has an audit log or a head, for the operator's verify.
func (db *DB) AuditTenants(ctx context.Context) ([]string, error) { return db.b.AuditTenants(ctx) }
