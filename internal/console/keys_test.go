package console

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/tenant"
)

var newKeyValue = regexp.MustCompile(`id="new-key-value" value="([^"]+)"`)

// countKeys returns how many keys the tenant has in the store.
func countKeys(t *testing.T, f *fixture, tenantName string) int {
	t.Helper()
	ks, err := f.st.Tenant(tenantName).Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ks)
}

// TestAdminCreatesAndRevokesKeys: an admin creates a key from the admin page (through the API,
// audited as the session's key); the key is on that answer only, works with its role, is never
// on a later page; revoking it from the page refuses it.
func TestAdminCreatesAndRevokesKeys(t *testing.T) {
	f := newFixture(t)
	admin := f.keys["acme/admin"]
	adminID := tenant.KeyID(tenant.HashKey(admin))
	c := f.signedIn(admin)
	res, page := c.post("/console/admin/keys", url.Values{"role": {"member"}, "name": {`ci <script>window.__xss=1</script>`}, "expires": {"30d"}})
	m := newKeyValue.FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("create: %d\n%s", res.StatusCode, page)
	}
	if strings.Contains(page, "<script>window.__xss") || !strings.Contains(page, "shown once") {
		t.Fatalf("the new key's page: name not escaped or no notice:\n%s", page)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("the page with the key may be cached: %q", res.Header.Get("Cache-Control"))
	}
	plain := html.UnescapeString(m[1])
	id := tenant.KeyID(tenant.HashKey(plain))
	// The key acts as a member through the API.
	k, err := f.st.KeyByHash(context.Background(), tenant.HashKey(plain))
	if err != nil || k.Role != "member" || k.Tenant != "acme" || k.Expires.IsZero() {
		t.Fatalf("stored key %+v %v", k, err)
	}
	// The next page lists it, never shows it.
	_, page = c.get("/console/admin")
	if strings.Contains(page, plain) || !strings.Contains(page, id) || strings.Contains(page, `id="new-key"`) {
		t.Fatalf("admin page after creation:\n%s", page)
	}
	if !regexp.MustCompile(`member <strong>2</strong>`).MatchString(page) {
		t.Fatalf("keys by role:\n%s", page)
	}
	// Today's usage against the server's quotas (the defaults: no flags in the fixture).
	if !regexp.MustCompile(`id="quota-steps"><td>Steps</td><td id="usage-steps">0</td><td>5000</td>`).MatchString(page) ||
		!strings.Contains(page, `<td>Sandbox CPU seconds</td><td>0</td><td>3600</td>`) {
		t.Fatalf("quotas:\n%s", page)
	}
	// Audited as the session's key, through the API's route.
	es, _ := f.st.Tenant("acme").AuditEntries(context.Background(), 0, 1000)
	created := false
	for _, e := range es {
		if e.Action == "key.create" && e.Target == id && e.Actor == adminID {
			created = true
		}
		if strings.Contains(e.Detail, plain) {
			t.Fatalf("the key is in the audit chain: %+v", e)
		}
	}
	if !created {
		t.Fatal("no key.create entry by the session's key")
	}
	// Revoke it from the page.
	res, _ = c.post("/console/admin/keys/"+id+"/revoke", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/admin?revoked=1" {
		t.Fatalf("revoke: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if k, err := f.st.KeyByHash(context.Background(), tenant.HashKey(plain)); err == nil && !k.Revoked {
		t.Fatalf("not revoked: %+v", k)
	}
	if _, page := c.get("/console/admin?revoked=1"); !strings.Contains(page, "Key revoked") {
		t.Fatal("no note after the revocation")
	}
}

// TestKeyRoutesNeedAdminAndCSRF: a member is refused with the API's message; a missing or
// wrong CSRF token creates and revokes nothing; another tenant's key is 404 and stays valid.
func TestKeyRoutesNeedAdminAndCSRF(t *testing.T) {
	f := newFixture(t)
	before := countKeys(t, f, "acme")
	member := f.signedIn(f.keys["acme/member"])
	if res, page := member.post("/console/admin/keys", url.Values{"role": {"admin"}}); res.StatusCode != http.StatusForbidden || !strings.Contains(page, "admin role") {
		t.Fatalf("member creates a key: %d\n%s", res.StatusCode, page)
	}
	victim := tenant.KeyID(tenant.HashKey(f.keys["acme/viewer"]))
	if res, _ := member.post("/console/admin/keys/"+victim+"/revoke", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("member revokes a key: %d", res.StatusCode)
	}
	admin := f.signedIn(f.keys["acme/admin"])
	for _, tok := range []string{"", randomToken(), member.csrf} {
		if res, page := admin.post("/console/admin/keys", url.Values{"role": {"viewer"}, "csrf": {tok}}); res.StatusCode != http.StatusForbidden || !strings.Contains(page, "CSRF") {
			t.Fatalf("create with token %q: %d", tok, res.StatusCode)
		}
		if res, _ := admin.post("/console/admin/keys/"+victim+"/revoke", url.Values{"csrf": {tok}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("revoke with token %q: %d", tok, res.StatusCode)
		}
	}
	if res, _ := admin.do("POST", "/console/admin/keys", url.Values{"role": {"viewer"}, "csrf": {admin.csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site"}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site create: %d", res.StatusCode)
	}
	if n := countKeys(t, f, "acme"); n != before {
		t.Fatalf("refused requests created keys: %d -> %d", before, n)
	}
	if k, err := f.st.KeyByHash(context.Background(), tenant.HashKey(f.keys["acme/viewer"])); err != nil || k.Revoked {
		t.Fatalf("a refused revocation revoked: %+v %v", k, err)
	}
	beta := tenant.KeyID(tenant.HashKey(f.keys["beta/viewer"]))
	for _, id := range []string{beta, "k_000000000000", "..%2f..%2fnetwork"} {
		if res, _ := admin.post("/console/admin/keys/"+id+"/revoke", nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("revoke %s: %d", id, res.StatusCode)
		}
	}
	if k, err := f.st.KeyByHash(context.Background(), tenant.HashKey(f.keys["beta/viewer"])); err != nil || k.Revoked {
		t.Fatalf("beta's key: %+v %v", k, err)
	}
	// Bad input comes back with the API's message and creates nothing.
	if res, page := admin.post("/console/admin/keys", url.Values{"role": {"owner"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "use admin, member or viewer") {
		t.Fatalf("bad role: %d\n%s", res.StatusCode, page)
	}
	if n := countKeys(t, f, "acme"); n != before {
		t.Fatalf("a bad request created a key: %d -> %d", before, n)
	}
}

// TestRevokeOwnKeyEndsSession: revoking the session's own key is allowed; the session ends and
// the sign-in page says why.
func TestRevokeOwnKeyEndsSession(t *testing.T) {
	f := newFixture(t)
	admin := f.keys["acme/admin"]
	c := f.signedIn(admin)
	_, page := c.get("/console/admin")
	if !strings.Contains(page, "signs you out") {
		t.Fatalf("the own key's button does not warn:\n%s", page)
	}
	res, _ := c.post("/console/admin/keys/"+tenant.KeyID(tenant.HashKey(admin))+"/revoke", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/admin" {
		t.Fatalf("revoke own key: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = c.get("/console/admin")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "ended=key") {
		t.Fatalf("after revoking its own key: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}
