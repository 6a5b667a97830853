package console

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/server/servertest"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// TestSessionsSharedByNodes: with the master key, sessions live in the database, so a browser
// signed in through one node is signed in on every node of it (a load balancer may send each
// request anywhere), a sign-out or a revoked key on one node ends the session on all of them, and
// the database holds the session's API key only sealed.
func TestSessionsSharedByNodes(t *testing.T) {
	dir := t.TempDir()
	st, keys := servertest.Store(t, dir)
	sealer, err := tenant.NewSealer(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	a := newNode(t, dir, st, keys, sealer)
	b := newNode(t, dir, st, keys, sealer)
	onB := func(c *client) *client { return &client{f: b, c: c.c, csrf: c.csrf} } // the same browser

	ca := a.signedIn(keys["acme/member"])
	cb := onB(ca)
	if res, page := cb.get("/console/"); res.StatusCode != http.StatusOK || !strings.Contains(page, "acme") {
		t.Fatalf("node B does not know node A's session: %d", res.StatusCode)
	}
	// A change through node B with the CSRF token node A's page gave.
	res, _ := cb.post("/console/tasks", url.Values{"goal": {"made through node B"}, "mode": {"attended"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/console/tasks/") {
		t.Fatalf("a form posted to node B: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	raw, err := sql.Open("sqlite", "file:"+store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	var sealed []byte
	if err := raw.QueryRow(`SELECT count(*), max(sealed_key) FROM console_sessions`).Scan(&n, &sealed); err != nil || n != 1 {
		t.Fatalf("stored sessions: %d %v", n, err)
	}
	if bytes.Contains(sealed, []byte(keys["acme/member"])) {
		t.Fatal("the database holds the session's API key in the clear")
	}

	// A server that lost the master key (rotated away) cannot open the session: sign in again.
	other, err := tenant.NewSealer(bytes.Repeat([]byte{8}, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := newNode(t, dir, st, keys, other)
	u, _ := url.Parse(a.url)
	copied := c.client() // a copy of the browser: node C's answer clears the cookie it sent
	copied.c.Jar.SetCookies(u, ca.c.Jar.Cookies(u))
	if res, _ := copied.get("/console/"); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/console/signin") {
		t.Fatalf("a node with another master key took the session: %d", res.StatusCode)
	}

	// Signing out on node B ends the session on node A.
	old := ca.c.Jar.Cookies(u)
	if len(old) == 0 {
		t.Fatal("the browser lost its session cookie")
	}
	if res, _ := cb.post("/console/signout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out on B: %d", res.StatusCode)
	}
	stale := a.client()
	stale.c.Jar.SetCookies(u, old)
	if res, _ := stale.get("/console/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("node A still takes the cookie signed out on node B: %d", res.StatusCode)
	}

	// Revoking the key ends its sessions everywhere.
	ca2 := a.signedIn(keys["acme/admin"])
	ctx := context.Background()
	k, err := st.KeyByHash(ctx, tenant.HashKey(keys["acme/admin"]))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Tenant("acme").RevokeKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := onB(ca2).get("/console/"); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "ended=key") {
		t.Fatalf("node B after the key was revoked: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if err := raw.QueryRow(`SELECT count(*) FROM console_sessions`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("sessions left after sign-out and revocation: %d %v", n, err)
	}
}
