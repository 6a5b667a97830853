package console

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/server/servertest"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// fixture is paddock serve in a test: a store with tenants acme and beta and a key of every role
// for each, a scripted model (a test double), the API server with the console mounted as
// `paddock serve` mounts it, on a loopback listener with the Host check on.
type fixture struct {
	t     testing.TB
	dir   string
	st    *store.DB
	keys  map[string]string // "acme/member" -> key
	model *llmtest.Server
	srv   *server.Server
	con   *Console
	http  *httptest.Server
	url   string
}

func newFixture(t testing.TB, script ...llmtest.Turn) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, keys := servertest.Store(t, dir)
	return newNode(t, dir, st, keys, nil, script...)
}

// newNode starts a server with its console on st; with a sealer the console keeps its sessions
// in st, as paddock serve does with a master key.
func newNode(t testing.TB, dir string, st *store.DB, keys map[string]string, sealer *tenant.Sealer, script ...llmtest.Turn) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: dir, st: st, keys: keys}
	f.model = llmtest.NewServer(t, script...)
	con, err := New(Config{Store: st, Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	mcfg := f.model.Config("")
	mcfg.MaxRetries = 0
	srv, err := server.New(context.Background(), server.Config{Store: st, DataDir: dir, Model: mcfg, CheckHost: true, Console: con})
	if err != nil {
		t.Fatal(err)
	}
	con.UseAPI(srv.Handler())
	f.srv, f.con = srv, con
	f.http = httptest.NewServer(srv.Handler())
	f.url = f.http.URL
	t.Cleanup(func() {
		f.http.CloseClientConnections()
		f.http.Close()
		con.Close()
		srv.Close()
	})
	return f
}

// client is one browser without JavaScript: a cookie jar, no automatic redirects.
type client struct {
	f    *fixture
	c    *http.Client
	csrf string
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, c: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var (
	csrfField   = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	signinField = regexp.MustCompile(`name="signin" value="([^"]+)"`)
)

func (c *client) do(method, path string, form url.Values, hdr map[string]string) (*http.Response, string) {
	c.f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.f.url+path, body)
	if err != nil {
		c.f.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	return c.do(http.MethodGet, path, nil, nil)
}

// post sends a form with the session's CSRF token (set csrf to "" in form to leave it out).
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	return c.do(http.MethodPost, path, form, nil)
}

// signin signs in with key and returns the answer to the form.
func (c *client) signin(key string) *http.Response {
	c.f.t.Helper()
	_, page := c.get("/console/signin")
	m := signinField.FindStringSubmatch(page)
	if m == nil {
		c.f.t.Fatalf("no sign-in token in:\n%s", page)
	}
	res, _ := c.do(http.MethodPost, "/console/signin", url.Values{"signin": {m[1]}, "key": {key}}, nil)
	if res.StatusCode == http.StatusSeeOther {
		c.get("/console/") // picks up the CSRF token
	}
	return res
}

func (f *fixture) signedIn(key string) *client {
	f.t.Helper()
	c := f.client()
	if res := c.signin(key); res.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("sign-in: %d", res.StatusCode)
	}
	if c.csrf == "" {
		f.t.Fatal("no CSRF token after sign-in")
	}
	return c
}

// waitTask waits until cond holds of the task's stored record and run.
func (f *fixture) waitTask(tenantName, taskID string, what string, cond func(*store.Task, *store.TaskRun) bool) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		t, err1 := f.st.Tenant(tenantName).Task(context.Background(), taskID)
		run, err2 := f.st.Tenant(tenantName).TaskRun(context.Background(), taskID)
		if err1 == nil && err2 == nil && cond(t, run) && !f.con.drivers.isRunning(tenantName+"/"+taskID) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.t.Fatalf("task %s: timed out waiting for %s", taskID, what)
}

func awaiting(_ *store.Task, run *store.TaskRun) bool { return run.Awaiting != "" }
func ended(t *store.Task, _ *store.TaskRun) bool      { return t.Status != store.StatusRunning }
