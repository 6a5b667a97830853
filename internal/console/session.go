package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
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

// sessions is the table of live sessions, by the SHA-256 of their id (the id itself is not kept).
type sessions struct {
	mu       sync.Mutex
	m        map[[32]byte]*session
	lifetime time.Duration
	now      func() time.Time
}

func newSessions(lifetime time.Duration) *sessions {
	if lifetime <= 0 {
		lifetime = DefaultSessionLifetime
	}
	return &sessions{m: map[[32]byte]*session{}, lifetime: lifetime, now: time.Now}
}

// randomToken returns 256 random bits, URL-safe.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// create starts a session for a key already checked against the store, and returns its id.
func (t *sessions) create(k *store.APIKey, plain, host string) (string, *session, error) {
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
func (t *sessions) get(id string) (*session, error) {
	if id == "" {
		return nil, ErrNoSession
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

// end removes the session of id.
func (t *sessions) end(id string) {
	t.mu.Lock()
	delete(t.m, sha256.Sum256([]byte(id)))
	t.mu.Unlock()
}

// endKey removes every session of a key (it was revoked or expired).
func (t *sessions) endKey(keyHash string) {
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
			t.endKey(s.keyHash)
			return ErrKeyGone
		}
		return fmt.Errorf("console: check the session's key: %w", err)
	}
	role, err := tenant.ParseRole(k.Role)
	if err != nil || k.Tenant != s.tenant {
		t.endKey(s.keyHash)
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
