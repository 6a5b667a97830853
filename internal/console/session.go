package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// Session errors a caller branches on.
var (
	// ErrNoSession: the request carries no live session (none, unknown or expired); sign in.
	ErrNoSession = errors.New("console: not signed in")
	// ErrKeyGone: the session's key was revoked or expired, so the session ended with it.
	ErrKeyGone = errors.New("console: the session's API key was revoked or has expired")
	// ErrCSRF: a state-changing request without the session's CSRF token.
	ErrCSRF = errors.New("console: the form's CSRF token is missing or wrong")
)

// DefaultSessionLifetime bounds a session; a key that expires sooner ends it sooner.
const DefaultSessionLifetime = 8 * time.Hour

// maxSessions bounds the session table; the oldest sessions go first when it is full.
const maxSessions = 10000

// session is one signed-in browser. Its key never leaves the server.
type session struct {
	csrf    string // sent in every form; compared in constant time
	key     string // the plain API key, for the console's requests to the API
	keyHash string
	keyID   string
	tenant  string
	role    tenant.Role
	created time.Time
	expires time.Time
	host    string // the Host the browser signed in through, for internal API requests
}

// keyLookup is the one store method sessions need: the key's current record (revoked, expired or
// gone is an error).
type keyLookup interface {
	KeyByHash(ctx context.Context, hash string) (*store.APIKey, error)
}

// SessionStore keeps console sessions in the database, where every server node on it finds
// them; *store.DB is one.
type SessionStore interface {
	CreateConsoleSession(ctx context.Context, s *store.ConsoleSession) error
	ConsoleSession(ctx context.Context, idHash string) (*store.ConsoleSession, error)
	EndConsoleSession(ctx context.Context, idHash string) error
	EndConsoleSessionsOfKey(ctx context.Context, keyHash string) error
}

// sessions is the table of live sessions, by the SHA-256 of their id (the id itself is not kept):
// in the database when db is set (the API key in it sealed), else in this process's memory.
type sessions struct {
	mu       sync.Mutex
	m        map[[32]byte]*session
	lifetime time.Duration
	now      func() time.Time
	db       SessionStore
	sealer   *tenant.Sealer
	log      *slog.Logger
}

func newSessions(lifetime time.Duration) *sessions {
	if lifetime <= 0 {
		lifetime = DefaultSessionLifetime
	}
	return &sessions{m: map[[32]byte]*session{}, lifetime: lifetime, now: time.Now, log: slog.New(slog.DiscardHandler)}
}

// idHash is how a session id is stored: the hex SHA-256.
func idHash(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// randomToken returns 256 random bits, URL-safe.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// create starts a session for a key already checked against the store, and returns its id.
func (t *sessions) create(ctx context.Context, k *store.APIKey, plain, host string) (string, *session, error) {
	role, err := tenant.ParseRole(k.Role)
	if err != nil {
		return "", nil, fmt.Errorf("console: key %s: %w", k.ID, err)
	}
	now := t.now()
	s := &session{csrf: randomToken(), key: plain, keyHash: tenant.HashKey(plain), keyID: k.ID, tenant: k.Tenant,
		role: role, created: now, expires: now.Add(t.lifetime), host: host}
	if !k.Expires.IsZero() && k.Expires.Before(s.expires) {
		s.expires = k.Expires
	}
	id := randomToken()
	if t.db != nil {
		err := t.db.CreateConsoleSession(ctx, &store.ConsoleSession{IDHash: idHash(id), Tenant: s.tenant, KeyHash: s.keyHash,
			KeyID: s.keyID, SealedKey: t.sealer.Seal(s.tenant, []byte(plain)), CSRF: s.csrf, Host: host,
			Created: s.created, Expires: s.expires})
		if err != nil {
			return "", nil, fmt.Errorf("console: storing the session: %w", err)
		}
		return id, s, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now)
	for len(t.m) >= maxSessions {
		t.dropOldest()
	}
	t.m[sha256.Sum256([]byte(id))] = s
	return id, s, nil
}

// sweep drops expired sessions; t.mu is held.
func (t *sessions) sweep(now time.Time) {
	for h, s := range t.m {
		if !now.Before(s.expires) {
			delete(t.m, h)
		}
	}
}

func (t *sessions) dropOldest() {
	var oldest [32]byte
	var at time.Time
	for h, s := range t.m {
		if at.IsZero() || s.created.Before(at) {
			oldest, at = h, s.created
		}
	}
	delete(t.m, oldest)
}

// get returns the live session of id, or ErrNoSession.
func (t *sessions) get(ctx context.Context, id string) (*session, error) {
	if id == "" {
		return nil, ErrNoSession
	}
	if t.db != nil {
		return t.load(ctx, id)
	}
	h := sha256.Sum256([]byte(id))
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.m[h]
	if !ok {
		return nil, ErrNoSession
	}
	if !t.now().Before(s.expires) {
		delete(t.m, h)
		return nil, ErrNoSession
	}
	return s, nil
}

// load reads the session of id from the database and opens its key.
func (t *sessions) load(ctx context.Context, id string) (*session, error) {
	cs, err := t.db.ConsoleSession(ctx, idHash(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("console: reading the session: %w", err)
	}
	if !t.now().Before(cs.Expires) {
		return nil, ErrNoSession
	}
	key, err := t.sealer.Open(cs.Tenant, cs.SealedKey)
	if err != nil {
		// Sealed with a master key this server no longer has (rotated): sign in again.
		t.log.Warn("console: a session's key cannot be opened with this server's master key; the browser signs in again", "tenant", cs.Tenant, "key_id", cs.KeyID)
		return nil, ErrNoSession
	}
	plain := string(key)
	if subtle.ConstantTimeCompare([]byte(tenant.HashKey(plain)), []byte(cs.KeyHash)) != 1 {
		return nil, ErrNoSession
	}
	// The role is the key's, read again by checkKey on every request.
	return &session{csrf: cs.CSRF, key: plain, keyHash: cs.KeyHash, keyID: cs.KeyID, tenant: cs.Tenant,
		created: cs.Created, expires: cs.Expires, host: cs.Host}, nil
}

// end removes the session of id.
func (t *sessions) end(ctx context.Context, id string) {
	if t.db != nil {
		// A sign-out completes even if the browser goes away meanwhile.
		if err := t.db.EndConsoleSession(context.WithoutCancel(ctx), idHash(id)); err != nil {
			t.log.Error("console: ending a session", "err", err)
		}
		return
	}
	t.mu.Lock()
	delete(t.m, sha256.Sum256([]byte(id)))
	t.mu.Unlock()
}

// endKey removes every session of a key (it was revoked or expired).
func (t *sessions) endKey(ctx context.Context, keyHash string) {
	if t.db != nil {
		if err := t.db.EndConsoleSessionsOfKey(context.WithoutCancel(ctx), keyHash); err != nil {
			t.log.Error("console: ending a key's sessions", "err", err)
		}
		return
	}
	t.mu.Lock()
	for h, s := range t.m {
		if s.keyHash == keyHash {
			delete(t.m, h)
		}
	}
	t.mu.Unlock()
}

// checkKey looks the session's key up again: a revoked, expired or deleted key ends every
// session of it (ErrKeyGone); a changed role is taken over.
func (t *sessions) checkKey(ctx context.Context, keys keyLookup, s *session) error {
	k, err := keys.KeyByHash(ctx, s.keyHash)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrRevoked) || errors.Is(err, store.ErrExpired) {
			t.endKey(ctx, s.keyHash)
			return ErrKeyGone
		}
		return fmt.Errorf("console: check the session's key: %w", err)
	}
	role, err := tenant.ParseRole(k.Role)
	if err != nil || k.Tenant != s.tenant {
		t.endKey(ctx, s.keyHash)
		return ErrKeyGone
	}
	t.mu.Lock()
	s.role = role
	t.mu.Unlock()
	return nil
}

// roleOf reads s's role under the table's lock (checkKey may update it).
func (t *sessions) roleOf(s *session) tenant.Role {
	t.mu.Lock()
	defer t.mu.Unlock()
	return s.role
}

// checkCSRF compares a form's token with the session's.
func checkCSRF(s *session, token string) error {
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.csrf)) != 1 {
		return ErrCSRF
	}
	return nil
}

// Cookie names. On TLS the session cookie has the __Host- prefix, which browsers accept only
// when Secure, with Path=/ and no Domain: no other host or path can set or shadow it.
const (
	cookiePlain    = "paddock_session"
	cookieTLS      = "__Host-paddock_session"
	signinPlain    = "paddock_signin"
	signinTLS      = "__Host-paddock_signin"
	signinLifetime = 30 * time.Minute
)

func (c *Console) sessionCookieName() string {
	if c.cfg.TLS {
		return cookieTLS
	}
	return cookiePlain
}

func (c *Console) signinCookieName() string {
	if c.cfg.TLS {
		return signinTLS
	}
	return signinPlain
}

// cookie returns a cookie with the console's fixed attributes: HttpOnly, SameSite=Strict, Path=/,
// Secure on TLS.
func (c *Console) cookie(name, value string, expires time.Time) *http.Cookie {
	ck := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: c.cfg.TLS, SameSite: http.SameSiteStrictMode}
	if value == "" {
		ck.MaxAge = -1
	} else {
		ck.Expires = expires
		ck.MaxAge = max(1, int(time.Until(expires).Seconds()))
	}
	return ck
}
