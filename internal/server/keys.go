package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// A tenant's admins manage its API keys here: create (the key is in the answer once and never
// again), list (never a secret: the store keeps only hashes) and revoke. The tenant is always the
// acting key's own; a body cannot name another, and another tenant's key id is 404.

// maxKeyNameBytes bounds a key's name (its label), as `paddock key create --label` does.
const maxKeyNameBytes = 200

// KeyRequest is the body of POST /paddock/v1/keys.
type KeyRequest struct {
	Role string `json:"role"`
	// Name is a label for people ("ci", "alice's laptop"); optional.
	Name string `json:"name,omitempty"`
	// Expires is a duration ("90d", "12h") or a date ("2027-01-31"); empty: never.
	Expires string `json:"expires,omitempty"`
}

// KeyInfo is a key as the API lists it: no secret, not even its hash.
type KeyInfo struct {
	ID      string    `json:"id"`
	Role    string    `json:"role"`
	Name    string    `json:"name,omitempty"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires,omitzero"`
	// State is active, revoked or expired.
	State string `json:"state"`
	// Current marks the key this request was made with.
	Current bool `json:"current,omitempty"`
}

// CreatedKey is the answer to POST /paddock/v1/keys: the only time the key itself is shown.
type CreatedKey struct {
	KeyInfo
	Key    string `json:"key"`
	Notice string `json:"notice"`
}

// RevokedKey is the answer to DELETE /paddock/v1/keys/{key_id}.
type RevokedKey struct {
	KeyInfo
	// OwnKey says the request revoked the key it was made with: the next request with it is 401.
	OwnKey bool   `json:"own_key,omitempty"`
	Notice string `json:"notice,omitempty"`
}

func keyInfo(k *store.APIKey, current string, now time.Time) KeyInfo {
	state := "active"
	switch {
	case k.Revoked:
		state = "revoked"
	case !k.Expires.IsZero() && !now.Before(k.Expires):
		state = "expired"
	}
	return KeyInfo{ID: k.ID, Role: k.Role, Name: k.Label, Created: k.Created, Expires: k.Expires, State: state, Current: k.ID == current}
}

// keyName checks a key's name: printable text of at most maxKeyNameBytes.
func keyName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxKeyNameBytes {
		return "", unprocessable("name is %d bytes; at most %d", len(s), maxKeyNameBytes)
	}
	for _, r := range s {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) && r != ' ' {
			return "", unprocessable("name holds a control, invisible or invalid character (%U); use printable text", r)
		}
	}
	return s, nil
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req KeyRequest
	if err := decodeJSON(r, &req, false); err != nil {
		return err
	}
	role, err := tenant.ParseRole(req.Role)
	if err != nil {
		return unprocessable("role: %v", err)
	}
	// An admin may create keys of any role up to its own (admin is the highest there is); the
	// check stays so that a role above admin, if one is ever added, is not handed out here.
	if !p.Role.AtLeast(role) {
		return errorf(http.StatusForbidden, "forbidden", "a %s key cannot create a %s key", p.Role, role)
	}
	name, err := keyName(req.Name)
	if err != nil {
		return err
	}
	var until time.Time
	if strings.TrimSpace(req.Expires) != "" {
		if until, err = tenant.ParseExpiry(req.Expires, time.Now()); err != nil {
			return unprocessable("expires: %v", err)
		}
	}
	plain, hash, id := tenant.NewKey()
	k := &store.APIKey{Tenant: p.Tenant, ID: id, Hash: hash, Role: string(role), Label: name, Expires: until}
	if err := s.st.Tenant(p.Tenant).AddKey(r.Context(), k); err != nil {
		if errors.Is(err, store.ErrExists) {
			// 256 random bits collided with a stored key: say so rather than hand out a twin.
			return errorf(http.StatusConflict, "conflict", "a key with this id exists; try again")
		}
		return fmt.Errorf("create key: %w", err)
	}
	info := keyInfo(k, "", time.Now())
	s.auditKey(p, "key.create", info)
	writeJSON(w, http.StatusCreated, CreatedKey{KeyInfo: info, Key: plain,
		Notice: "this key is shown once and never again: store it now"})
	return nil
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request, p *principal) error {
	keys, err := s.st.Tenant(p.Tenant).Keys(r.Context())
	if err != nil {
		return fmt.Errorf("list keys: %w", err)
	}
	now := time.Now()
	out := make([]KeyInfo, 0, len(keys))
	for _, k := range keys {
		out = append(out, keyInfo(k, p.KeyID, now))
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": out})
	return nil
}

func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request, p *principal) error {
	id := r.PathValue("key_id")
	if !validKeyID(id) {
		return notFound("key")
	}
	scope := s.st.Tenant(p.Tenant)
	if err := scope.RevokeKey(r.Context(), id); err != nil {
		return storeErr(err, "key")
	}
	out := RevokedKey{KeyInfo: KeyInfo{ID: id, State: "revoked"}, OwnKey: id == p.KeyID}
	if keys, err := scope.Keys(r.Context()); err == nil {
		for _, k := range keys {
			if k.ID == id {
				out.KeyInfo = keyInfo(k, p.KeyID, time.Now())
			}
		}
	}
	if out.OwnKey {
		out.Notice = "you revoked the key this request was made with: it is refused from the next request on"
	}
	s.auditKey(p, "key.revoke", out.KeyInfo)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// auditKey records a key's creation or revocation in the tenant's chain as the acting key, with
// the request's own entry (one transaction). The key itself is never in it.
func (s *Server) auditKey(p *principal, action string, k KeyInfo) {
	expires := "never"
	if !k.Expires.IsZero() {
		expires = k.Expires.Format(time.RFC3339)
	}
	detail, _ := json.Marshal(map[string]string{"role": k.Role, "name": k.Name, "expires": expires})
	p.audit = append(p.audit, &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID, Action: action, Target: k.ID, Outcome: "ok", Detail: string(detail)})
}

// validKeyID accepts what tenant.KeyID makes: "k_" and lowercase hex.
func validKeyID(id string) bool {
	h, ok := strings.CutPrefix(id, "k_")
	if !ok || len(h) == 0 || len(h) > 64 {
		return false
	}
	for _, c := range h {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
