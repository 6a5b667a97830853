// Package tenant holds what identifies a tenant of a paddock server and what it may do: tenant
// names, API keys and their roles, and the sealing of per-tenant model credentials at rest.
//
// Threat model: every tenant is untrusted towards every other. The tenant and the role of a request
// come only from its API key; an API key is 32 random bytes and only its SHA-256 is stored, so a copy
// of the database does not let anyone act as a tenant. Model credentials are sealed with AES-256-GCM
// under a master key that is never stored in the database, with the tenant's name as additional
// data, so a sealed value copied to another tenant's row does not open.
package tenant

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors callers branch on.
var (
	// ErrInvalidName reports a tenant name outside the allowed form.
	ErrInvalidName = errors.New("invalid tenant name")
	// ErrInvalidRole reports a role that is not admin, member or viewer.
	ErrInvalidRole = errors.New("invalid role")
	// ErrMalformedKey reports a string that cannot be a paddock API key.
	ErrMalformedKey = errors.New("malformed API key")
)

// ValidName reports whether name can name a tenant: 2 to 63 characters, lower-case letters, digits
// and hyphens, starting with a letter. Names are used in file paths and metric labels, so nothing
// else is allowed.
func ValidName(name string) error {
	if len(name) < 2 || len(name) > 63 {
		return fmt.Errorf("%w %q: use 2 to 63 characters", ErrInvalidName, clip(name))
	}
	for i, r := range name {
		ok := (r >= 'a' && r <= 'z') || (i > 0 && ((r >= '0' && r <= '9') || r == '-'))
		if !ok {
			return fmt.Errorf("%w %q: use lower-case letters, digits and '-', starting with a letter", ErrInvalidName, clip(name))
		}
	}
	return nil
}

func clip(s string) string {
	if len(s) > 70 {
		return s[:70] + "..."
	}
	return s
}

// Role is what a key may do within its tenant.
type Role string

// The roles, from most to least powerful.
const (
	// Admin may do everything a member may, and share artifacts with other tenants.
	Admin Role = "admin"
	// Member may create tasks, run steps, approve calls and upload artifacts.
	Member Role = "member"
	// Viewer may only read its tenant's tasks, steps and artifacts.
	Viewer Role = "viewer"
)

// ParseRole parses admin, member or viewer.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case Admin, Member, Viewer:
		return r, nil
	}
	return "", fmt.Errorf("%w %q: use admin, member or viewer", ErrInvalidRole, clip(s))
}

func (r Role) rank() int {
	switch r {
	case Admin:
		return 3
	case Member:
		return 2
	case Viewer:
		return 1
	}
	return 0
}

// AtLeast reports whether r has at least the rights of min. An unknown role has none.
func (r Role) AtLeast(min Role) bool { return r.rank() > 0 && r.rank() >= min.rank() }

// KeyPrefix starts every paddock API key, so leaked keys are recognisable by secret scanners.
const KeyPrefix = "pdk_"

const keyRandomBytes = 32

// NewKey returns a new API key, the hash under which it is stored and a short public id that names
// it (for revocation and the audit log). The plain key is shown once and never stored.
func NewKey() (plain, hash, id string) {
	var b [keyRandomBytes]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails
	plain = KeyPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	hash = HashKey(plain)
	return plain, hash, KeyID(hash)
}

// HashKey returns the hex SHA-256 of a key: what is stored and looked up. A fast hash is right here:
// the key has 256 bits of entropy, so there is nothing to brute-force.
func HashKey(plain string) string {
	h := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(h[:])
}

// KeyID derives the public id of a key from its hash.
func KeyID(hash string) string {
	if len(hash) < 12 {
		return "k_" + hash
	}
	return "k_" + hash[:12]
}

// ParseBearer extracts the key from an Authorization header value and checks its form before any
// lookup.
func ParseBearer(header string) (string, error) {
	scheme, key, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", fmt.Errorf("%w: want \"Authorization: Bearer %s...\"", ErrMalformedKey, KeyPrefix)
	}
	key = strings.TrimSpace(key)
	if !strings.HasPrefix(key, KeyPrefix) || len(key) != len(KeyPrefix)+base64.RawURLEncoding.EncodedLen(keyRandomBytes) {
		return "", fmt.Errorf("%w: not a paddock key", ErrMalformedKey)
	}
	if _, err := base64.RawURLEncoding.DecodeString(key[len(KeyPrefix):]); err != nil {
		return "", fmt.Errorf("%w: not a paddock key", ErrMalformedKey)
	}
	return key, nil
}
