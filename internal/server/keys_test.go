package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/tenant"
)

// TestKeysRoles: only an admin manages keys; members and viewers get 403 and nothing changes.
func TestKeysRoles(t *testing.T) {
	f := newFixture(t, nil)
	for _, who := range []string{"acme/member", "acme/viewer"} {
		for _, rq := range []struct{ method, path string }{
			{"POST", "/paddock/v1/keys"}, {"GET", "/paddock/v1/keys"}, {"DELETE", "/paddock/v1/keys/" + tenant.KeyID(tenant.HashKey(f.keys["acme/admin"]))},
		} {
			var payload any
			if rq.method == "POST" {
				payload = map[string]string{"role": "viewer"}
			}
			if res := f.do(rq.method, rq.path, f.keys[who], payload, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s as %s: %d %s", rq.method, rq.path, who, res.StatusCode, body(res))
			}
		}
	}
	if res := f.do("GET", "/paddock/v1/keys", f.keys["acme/viewer"], nil, nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer listed keys: %d", res.StatusCode)
	}
	// The admin key still works: nothing was revoked.
	if res := f.do("GET", "/paddock/v1/keys", f.keys["acme/admin"], nil, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("admin: %d %s", res.StatusCode, body(res))
	}
}

// TestKeyLifecycle: an admin creates a key of each role (shown once), the key works with its
// role, the list never holds a secret, revoking it refuses it at once, and each act is audited
// as the acting key without the key in it.
func TestKeyLifecycle(t *testing.T) {
	f := newFixture(t, nil)
	admin := f.keys["acme/admin"]
	adminID := tenant.KeyID(tenant.HashKey(admin))
	var made []CreatedKey
	for _, role := range []string{"viewer", "member", "admin"} {
		var ck CreatedKey
		res := f.do("POST", "/paddock/v1/keys", admin, map[string]string{"role": role, "name": "ci " + role, "expires": "90d"}, &ck)
		if res.StatusCode != http.StatusCreated || ck.Role != role || ck.Name != "ci "+role || ck.State != "active" ||
			!strings.HasPrefix(ck.Key, tenant.KeyPrefix) || ck.ID != tenant.KeyID(tenant.HashKey(ck.Key)) || ck.Notice == "" {
			t.Fatalf("create %s: %d %+v", role, res.StatusCode, ck)
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("the new key's answer may be cached: %q", res.Header.Get("Cache-Control"))
		}
		if d := time.Until(ck.Expires); d < 89*24*time.Hour || d > 91*24*time.Hour {
			t.Fatalf("expires %v", ck.Expires)
		}
		made = append(made, ck)
	}
	// The new member key acts as a member: it may list tasks, not keys.
	if res := f.do("GET", "/ap/v1/agent/tasks", made[1].Key, nil, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("new member key: %d", res.StatusCode)
	}
	if res := f.do("GET", "/paddock/v1/keys", made[1].Key, nil, nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("new member key listed keys: %d", res.StatusCode)
	}
	// The list: every key, no secret, no hash; the caller's key marked.
	res := f.do("GET", "/paddock/v1/keys", admin, nil, nil)
	raw := body(res)
	for _, ck := range made {
		if strings.Contains(raw, ck.Key) || strings.Contains(raw, tenant.HashKey(ck.Key)) || !strings.Contains(raw, ck.ID) {
			t.Fatalf("list shows a secret or misses %s: %s", ck.ID, raw)
		}
	}
	if strings.Contains(raw, admin) || strings.Contains(raw, tenant.HashKey(admin)) || strings.Contains(raw, "hash") {
		t.Fatalf("list shows the admin's secret: %s", raw)
	}
	var list struct{ Keys []KeyInfo }
	f.do("GET", "/paddock/v1/keys", admin, nil, &list)
	current := 0
	for _, k := range list.Keys {
		if k.Current {
			current++
			if k.ID != adminID {
				t.Fatalf("current key %s, want %s", k.ID, adminID)
			}
		}
	}
	if current != 1 {
		t.Fatalf("%d keys marked current: %+v", current, list.Keys)
	}
	// Revoke the new viewer key: refused from the next request on.
	var rk RevokedKey
	if res := f.do("DELETE", "/paddock/v1/keys/"+made[0].ID, admin, nil, &rk); res.StatusCode != http.StatusOK || rk.State != "revoked" || rk.OwnKey {
		t.Fatalf("revoke: %d %+v", res.StatusCode, rk)
	}
	if res := f.do("GET", "/ap/v1/agent/tasks", made[0].Key, nil, nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked key: %d", res.StatusCode)
	}
	// Audited as the acting key, with the request's own entry; the key never in the chain.
	for _, action := range []string{"key.create", "key.revoke"} {
		es := f.auditActions("acme", action)
		if len(es) == 0 {
			t.Fatalf("no %s entry", action)
		}
		for _, e := range es {
			if e.Actor != adminID || e.Outcome != "ok" {
				t.Fatalf("%s entry %+v", action, e)
			}
		}
	}
	if len(f.auditActions("acme", "POST /paddock/v1/keys")) != 3 || len(f.auditActions("acme", "DELETE /paddock/v1/keys/{key_id}")) != 1 {
		t.Fatal("the requests' own entries are missing")
	}
	all := f.auditActions("acme", "key.create")
	all = append(all, f.auditActions("acme", "POST /paddock/v1/keys")...)
	for _, e := range all {
		for _, ck := range made {
			if strings.Contains(e.Detail+e.Target, ck.Key) {
				t.Fatalf("the key is in the audit chain: %+v", e)
			}
		}
	}
	if es := f.auditActions("acme", "DELETE /paddock/v1/keys/{key_id}"); es[0].Target != made[0].ID {
		t.Fatalf("revoke entry's target %q", es[0].Target)
	}
}

// TestKeysStayInTheTenant: another tenant's key id is 404 and stays valid; a body cannot name
// a tenant; a malformed id is 404 too.
func TestKeysStayInTheTenant(t *testing.T) {
	f := newFixture(t, nil)
	betaViewer := f.keys["beta/viewer"]
	betaID := tenant.KeyID(tenant.HashKey(betaViewer))
	for _, id := range []string{betaID, "k_000000000000", "nope", "k_ZZ", "k_" + strings.Repeat("a", 65)} {
		if res := f.do("DELETE", "/paddock/v1/keys/"+id, f.keys["acme/admin"], nil, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("revoke %s across tenants: %d %s", id, res.StatusCode, body(res))
		}
	}
	if res := f.do("GET", "/ap/v1/agent/tasks", betaViewer, nil, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("beta's key after acme's attempt: %d", res.StatusCode)
	}
	res := f.do("POST", "/paddock/v1/keys", f.keys["acme/admin"], map[string]string{"role": "admin", "tenant": "beta"}, nil)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a body naming a tenant: %d %s", res.StatusCode, body(res))
	}
	var list struct{ Keys []KeyInfo }
	f.do("GET", "/paddock/v1/keys", f.keys["acme/admin"], nil, &list)
	for _, k := range list.Keys {
		if k.ID == betaID {
			t.Fatal("acme's list shows beta's key")
		}
	}
	var ck CreatedKey
	f.do("POST", "/paddock/v1/keys", f.keys["acme/admin"], map[string]string{"role": "admin"}, &ck)
	if res := f.do("GET", "/paddock/v1/keys", ck.Key, nil, &list); res.StatusCode != http.StatusOK {
		t.Fatalf("new admin key: %d", res.StatusCode)
	}
	for _, k := range list.Keys {
		if k.ID == betaID {
			t.Fatal("a key made by acme's admin sees beta's keys")
		}
	}
}

// TestCreateKeyRefusals: bad input is a clear 4xx and creates nothing.
func TestCreateKeyRefusals(t *testing.T) {
	f := newFixture(t, nil)
	admin := f.keys["acme/admin"]
	var before struct{ Keys []KeyInfo }
	f.do("GET", "/paddock/v1/keys", admin, nil, &before)
	tests := []struct {
		name string
		body any
		want int
		msg  string
	}{
		{"no role", map[string]string{}, 422, "use admin, member or viewer"},
		{"unknown role", map[string]string{"role": "owner"}, 422, "use admin, member or viewer"},
		{"operator", map[string]string{"role": "operator"}, 422, "use admin, member or viewer"},
		{"bad expiry", map[string]string{"role": "viewer", "expires": "soon"}, 422, "duration like 90d"},
		{"past expiry", map[string]string{"role": "viewer", "expires": "2001-01-01"}, 422, "not in the future"},
		{"long name", map[string]string{"role": "viewer", "name": strings.Repeat("n", 201)}, 422, "at most 200"},
		{"control in name", map[string]string{"role": "viewer", "name": "a\x1b[2Jb"}, 422, "printable"},
		{"bidi in name", map[string]string{"role": "viewer", "name": "a\u202eb"}, 422, "printable"},
		{"not JSON", "role=admin", 400, ""},
		{"empty", "", 400, "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := f.do("POST", "/paddock/v1/keys", admin, tc.body, nil)
			if b := body(res); res.StatusCode != tc.want || !strings.Contains(b, tc.msg) || strings.Contains(b, tenant.KeyPrefix) {
				t.Fatalf("%d %s", res.StatusCode, b)
			}
		})
	}
	var after struct{ Keys []KeyInfo }
	f.do("GET", "/paddock/v1/keys", admin, nil, &after)
	if len(after.Keys) != len(before.Keys) {
		t.Fatalf("refused requests created keys: %d -> %d", len(before.Keys), len(after.Keys))
	}
}

// TestRevokeOwnKey: an admin may revoke the key it acts with; the answer says so and the next
// request with it is refused.
func TestRevokeOwnKey(t *testing.T) {
	f := newFixture(t, nil)
	admin := f.keys["acme/admin"]
	id := tenant.KeyID(tenant.HashKey(admin))
	var rk RevokedKey
	if res := f.do("DELETE", "/paddock/v1/keys/"+id, admin, nil, &rk); res.StatusCode != http.StatusOK || !rk.OwnKey ||
		!strings.Contains(rk.Notice, "this request was made with") {
		t.Fatalf("revoke own key: %d %+v", res.StatusCode, rk)
	}
	if res := f.do("GET", "/paddock/v1/keys", admin, nil, nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("own revoked key: %d", res.StatusCode)
	}
	if es := f.auditActions("acme", "key.revoke"); len(es) != 1 || es[0].Actor != id || es[0].Target != id {
		t.Fatalf("audit: %+v", es)
	}
}
