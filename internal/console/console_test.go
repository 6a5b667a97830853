package console

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// writeScript is a scripted model's task: write report.txt (held for approval in an attended
// task), then finish.
func writeScript() []llmtest.Turn {
	return []llmtest.Turn{
		{Content: "I will write the report.", ToolCalls: []llm.ToolCall{llmtest.Call("c1", "write_file", `{"filename":"report.txt","contents":"line one\nline two\n"}`)}},
		llmtest.Calls(llmtest.Call("c2", "finish", `{"reason":"the report is written"}`)),
	}
}

// startTask creates an attended task through the console's form and returns its id.
func startTask(t *testing.T, f *fixture, c *client, goal string) string {
	t.Helper()
	res, body := c.post("/console/tasks", url.Values{"goal": {goal}, "mode": {"attended"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new task: %d\n%s", res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	id := strings.TrimPrefix(loc, "/console/tasks/")
	if id == loc || id == "" {
		t.Fatalf("new task went to %q", loc)
	}
	return id
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	c := f.signedIn(f.keys["acme/member"])
	for _, path := range []string{"/console/signin", "/console/", "/console/tasks/new", "/console/nowhere"} {
		res, _ := c.get(path)
		h := res.Header
		for k, want := range map[string]string{
			"Content-Security-Policy": csp,
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "same-origin",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", path, k, got, want)
			}
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || strings.Contains(h.Get("Content-Security-Policy"), "unsafe") {
			t.Errorf("%s: CSP %q", path, h.Get("Content-Security-Policy"))
		}
	}
	// "/" is the console's door; a stale asset version is not served.
	res, _ := c.get("/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/" {
		t.Errorf("GET /: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.get("/console/static/000000000000/console.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("stale asset: %d", res.StatusCode)
	}
	js := f.con.pages.assets["console.js"]
	res, body := c.get("/console/static/" + js.version + "/console.js")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.Contains(body, "EventSource") {
		t.Errorf("asset: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

// TestHostCheck: the console answers only to the API's allowed Host names (DNS rebinding).
func TestHostCheck(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/console/signin"} {
		req, _ := http.NewRequest("GET", f.url+path, nil)
		req.Host = "attacker.test"
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s with Host attacker.test: %d", path, res.StatusCode)
		}
	}
}

func TestSessionCookie(t *testing.T) {
	for _, tls := range []bool{false, true} {
		dir := t.TempDir()
		f := newFixture(t)
		con, err := New(Config{Store: f.st, TLS: tls})
		if err != nil {
			t.Fatal(err)
		}
		con.UseAPI(f.srv.Handler())
		_ = dir
		// Sign in directly against the console handler to see its Set-Cookie headers.
		rec := httptest.NewRecorder()
		con.ServeHTTP(rec, httptest.NewRequest("GET", "/console/signin", nil))
		token := signinField.FindStringSubmatch(rec.Body.String())[1]
		signinCookie := rec.Result().Cookies()[0]
		req := httptest.NewRequest("POST", "/console/signin", strings.NewReader(url.Values{"signin": {token}, "key": {f.keys["acme/member"]}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(signinCookie)
		rec = httptest.NewRecorder()
		con.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("tls=%v: sign-in %d", tls, rec.Code)
		}
		var sess *http.Cookie
		for _, ck := range rec.Result().Cookies() {
			if ck.Value != "" {
				sess = ck
			}
		}
		want := cookiePlain
		if tls {
			want = cookieTLS
		}
		if sess == nil || sess.Name != want || !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Secure != tls || sess.Path != "/" || sess.MaxAge <= 0 || sess.MaxAge > int(DefaultSessionLifetime.Seconds()) {
			t.Errorf("tls=%v: session cookie %+v", tls, sess)
		}
		if strings.Contains(rec.Header().Get("Set-Cookie"), f.keys["acme/member"]) {
			t.Error("the key is in a cookie")
		}
		con.Close()
	}
}

func TestSigninRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	plain, hash, id := tenant.NewKey()
	if err := f.st.Tenant("acme").AddKey(ctx, &store.APIKey{ID: id, Hash: hash, Role: "member"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Tenant("acme").RevokeKey(ctx, id); err != nil {
		t.Fatal(err)
	}
	unknown, _, _ := tenant.NewKey()
	for _, tc := range []struct {
		name, key string
		token     func(string) string
		status    int
	}{
		{"not a key", "hello", nil, http.StatusUnauthorized},
		{"unknown key", unknown, nil, http.StatusUnauthorized},
		{"revoked key", plain, nil, http.StatusUnauthorized},
		{"no form token", f.keys["acme/member"], func(string) string { return "" }, http.StatusForbidden},
		{"wrong form token", f.keys["acme/member"], func(string) string { return "x" + randomToken() }, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.client()
			_, page := c.get("/console/signin")
			token := signinField.FindStringSubmatch(page)[1]
			if tc.token != nil {
				token = tc.token(token)
			}
			res, body := c.do("POST", "/console/signin", url.Values{"signin": {token}, "key": {tc.key}}, nil)
			if res.StatusCode != tc.status || !strings.Contains(body, `id="signin-error"`) {
				t.Fatalf("%d, want %d\n%s", res.StatusCode, tc.status, body)
			}
			if strings.Contains(body, tc.key) && tc.key != "hello" {
				t.Error("the page repeats the key")
			}
			if res, _ := c.get("/console/"); res.StatusCode != http.StatusSeeOther {
				t.Errorf("signed in after a refused sign-in: %d", res.StatusCode)
			}
		})
	}
}

// TestCSRFRefused: a state-changing request without the session's token changes nothing.
func TestCSRFRefused(t *testing.T) {
	f := newFixture(t, writeScript()...)
	c := f.signedIn(f.keys["acme/member"])
	for _, tc := range []struct {
		name string
		form url.Values
		hdr  map[string]string
	}{
		{"no token", url.Values{"goal": {"x"}, "csrf": {""}}, nil},
		{"wrong token", url.Values{"goal": {"x"}, "csrf": {randomToken()}}, nil},
		{"another session's token", url.Values{"goal": {"x"}, "csrf": {f.signedIn(f.keys["acme/admin"]).csrf}}, nil},
		{"cross-site fetch", url.Values{"goal": {"x"}, "csrf": {c.csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := c.do("POST", "/console/tasks", tc.form, tc.hdr)
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF") {
				t.Fatalf("%d\n%s", res.StatusCode, body)
			}
			if _, n, _ := f.st.Tenant("acme").Tasks(context.Background(), 1, 0); n != 0 {
				t.Fatalf("a task was created (%d)", n)
			}
		})
	}
	// Sign-out needs the token too.
	if res, _ := c.do("POST", "/console/signout", url.Values{"csrf": {"nope"}}, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without the token: %d", res.StatusCode)
	}
	if res, _ := c.get("/console/"); res.StatusCode != http.StatusOK {
		t.Errorf("the session did not survive a forged sign-out: %d", res.StatusCode)
	}
}

// TestOtherTenantIs404: every task URL of another tenant answers as a task that does not exist.
func TestOtherTenantIs404(t *testing.T) {
	f := newFixture(t, writeScript()...)
	beta := f.signedIn(f.keys["beta/member"])
	id := startTask(t, f, beta, "beta's task")
	f.waitTask("beta", id, "awaiting approval", awaiting)
	arts, _, _ := f.st.Tenant("beta").Artifacts(context.Background(), id, 10, 0)
	acme := f.signedIn(f.keys["acme/admin"])
	paths := []string{"/console/tasks/" + id, "/console/tasks/" + id + "/events", "/console/tasks/" + id + "/artifacts/x"}
	for _, a := range arts {
		paths = append(paths, "/console/tasks/"+id+"/artifacts/"+a.ID)
	}
	for _, p := range paths {
		res, body := acme.get(p)
		if res.StatusCode != http.StatusNotFound || strings.Contains(body, "beta's task") {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/console/tasks/" + id + "/answer", "/console/tasks/" + id + "/run"} {
		res, _ := acme.post(p, url.Values{"decision": {"approve"}, "approval_id": {"x"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, res.StatusCode)
		}
	}
	if _, page := acme.get("/console/"); strings.Contains(page, id) {
		t.Error("acme's task list shows beta's task")
	}
	run, _ := f.st.Tenant("beta").TaskRun(context.Background(), id)
	if run.Awaiting == "" {
		t.Error("beta's held call was answered")
	}
}

// TestViewerCannotApprove: the API refuses a viewer's approval; the console shows the refusal
// and the call still waits.
func TestViewerCannotApprove(t *testing.T) {
	f := newFixture(t, writeScript()...)
	member := f.signedIn(f.keys["acme/member"])
	id := startTask(t, f, member, "write the report")
	f.waitTask("acme", id, "awaiting approval", awaiting)
	viewer := f.signedIn(f.keys["acme/viewer"])
	_, page := viewer.get("/console/tasks/" + id)
	m := regexp1(`name="approval_id" value="([0-9a-f]+)"`, page)
	if m == "" {
		t.Fatalf("the viewer does not see the held call:\n%s", page)
	}
	res, body := viewer.post("/console/tasks/"+id+"/answer", url.Values{"decision": {"approve"}, "approval_id": {m}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "needs the member role") {
		t.Fatalf("viewer's approval: %d\n%s", res.StatusCode, body)
	}
	if res, _ := viewer.post("/console/tasks", url.Values{"goal": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer's new task: %d", res.StatusCode)
	}
	if res, _ := viewer.get("/console/audit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer's audit page: %d", res.StatusCode)
	}
	run, _ := f.st.Tenant("acme").TaskRun(context.Background(), id)
	if run.Awaiting == "" {
		t.Fatal("the call no longer waits")
	}
	// The member approves; the task runs to its end.
	res, body = member.post("/console/tasks/"+id+"/answer", url.Values{"decision": {"approve"}, "approval_id": {m}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("member's approval: %d\n%s", res.StatusCode, body)
	}
	f.waitTask("acme", id, "the end", ended)
	_, page = member.get("/console/tasks/" + id)
	if !strings.Contains(page, "the report is written") || !strings.Contains(page, "report.txt") || !strings.Contains(page, `status-answered">answered`) {
		t.Fatalf("task page after approval:\n%s", page)
	}
}

// TestSessionDiesWithKey: revoking the key ends its sessions at their next request.
func TestSessionDiesWithKey(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	plain, hash, id := tenant.NewKey()
	if err := f.st.Tenant("acme").AddKey(ctx, &store.APIKey{ID: id, Hash: hash, Role: "member"}); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(plain)
	if res, _ := c.get("/console/"); res.StatusCode != http.StatusOK {
		t.Fatalf("before revocation: %d", res.StatusCode)
	}
	if err := f.st.Tenant("acme").RevokeKey(ctx, id); err != nil {
		t.Fatal(err)
	}
	res, _ := c.get("/console/")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "ended=key") {
		t.Fatalf("after revocation: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	f.con.sessions.mu.Lock()
	n := len(f.con.sessions.m)
	f.con.sessions.mu.Unlock()
	if n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if res, _ := c.post("/console/tasks", url.Values{"goal": {"x"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a post after revocation: %d", res.StatusCode)
	}
	if _, page := c.get("/console/signin?ended=key"); !strings.Contains(page, `id="ended"`) {
		t.Error("the sign-in page does not say why")
	}
}

// TestSignout ends the session on the server, not only in the browser.
func TestSignout(t *testing.T) {
	f := newFixture(t)
	c := f.signedIn(f.keys["acme/member"])
	u, _ := url.Parse(f.url)
	old := c.c.Jar.Cookies(u)
	if res, _ := c.post("/console/signout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	c2 := f.client()
	c2.c.Jar.SetCookies(u, old)
	if res, _ := c2.get("/console/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the old cookie still works: %d", res.StatusCode)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "/console/",
		"/console/tasks/abc":      "/console/tasks/abc",
		"//attacker.test/":        "/console/",
		"https://attacker.test":   "/console/",
		"/console//x":             "/console/",
		"/console/\\x":            "/console/",
		"/ap/v1/agent/tasks":      "/console/",
		"/console/tasks/e/events": "/console/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func regexp1(expr, s string) string {
	m := regexp.MustCompile(expr).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestEveryRouteNeedsASession walks the console's route table: without a session every reading
// route sends the browser to sign in (an event stream answers 401), and every acting route
// refuses a request without the session's CSRF token.
func TestEveryRouteNeedsASession(t *testing.T) {
	f := newFixture(t)
	anon := f.client()
	signed := f.signedIn(f.keys["acme/admin"])
	r := strings.NewReplacer("{task_id}", "aaaa", "{artifact_id}", "bbbb", "{version}", "v", "{name}", "n", "{$}", "")
	for _, rt := range f.con.routeTable() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok {
			method, path = "GET", rt.pattern+"console/elsewhere"
		}
		path = r.Replace(path)
		switch rt.access {
		case reading:
			res, body := anon.get(path)
			want := http.StatusSeeOther
			if strings.HasSuffix(path, "/events") {
				want = http.StatusUnauthorized
			}
			if res.StatusCode != want || (want == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/console/signin")) {
				t.Errorf("%s without a session: %d %s", rt.pattern, res.StatusCode, res.Header.Get("Location"))
			}
			if strings.Contains(body, "acme") {
				t.Errorf("%s without a session shows the tenant", rt.pattern)
			}
		case acting:
			if method != http.MethodPost {
				t.Errorf("%s changes state on %s", rt.pattern, method)
			}
			if res, _ := anon.do(method, path, url.Values{}, nil); res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s without a session: %d", rt.pattern, res.StatusCode)
			}
			if res, _ := signed.do(method, path, url.Values{"csrf": {""}}, nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s without the CSRF token: %d", rt.pattern, res.StatusCode)
			}
		}
	}
}
