package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
)

// TestEveryRouteNeedsAKey walks the route table (CVE-21): without a key every route but /healthz
// and /readyz answers 401, and so does a path no route names.
func TestEveryRouteNeedsAKey(t *testing.T) {
	f := newFixture(t, nil)
	r := strings.NewReplacer("{task_id}", "aaaa", "{step_id}", "bbbb", "{artifact_id}", "cccc", "{share_id}", "dddd")
	for _, rt := range f.srv.routes {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok {
			method, path = "GET", rt.pattern
		}
		path = r.Replace(path)
		res := f.do(method, path, "", nil, nil)
		want := http.StatusUnauthorized
		if rt.access == public {
			want = http.StatusOK
		}
		if res.StatusCode != want {
			t.Errorf("%s without a key: %d %s, want %d", rt.pattern, res.StatusCode, body(res), want)
		}
		// A malformed or unknown key is no better than none.
		if rt.access != public {
			for _, bad := range []string{"pdk_" + strings.Repeat("A", 43), "not-a-key"} {
				if res := f.do(method, path, bad, nil, nil); res.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s with key %q: %d", rt.pattern, bad, res.StatusCode)
				}
			}
		}
	}
	for _, p := range []string{"/debug/pprof/", "/ap/v1/agent/tasks/x/y/z", "/admin"} {
		if res := f.do("GET", p, "", nil, nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without a key: %d", p, res.StatusCode)
		}
		if res := f.do("GET", p, f.keys["acme/admin"], nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s with a key: %d", p, res.StatusCode)
		}
	}
}

func TestRevokedKeyIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	key := f.keys["acme/member"]
	if res := f.do("GET", "/ap/v1/agent/tasks", key, nil, nil); res.StatusCode != 200 {
		t.Fatalf("before revocation: %d", res.StatusCode)
	}
	keys, _ := f.st.Tenant("acme").Keys(context.Background())
	for _, k := range keys {
		if k.Role == "member" {
			if err := f.st.Tenant("acme").RevokeKey(context.Background(), k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if res := f.do("GET", "/ap/v1/agent/tasks", key, nil, nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("after revocation: %d", res.StatusCode)
	}
}

// TestTenantIsolation: nothing of acme's is visible to beta, and the answers for acme's ids are
// the same as for ids that do not exist (MT-01).
func TestTenantIsolation(t *testing.T) {
	f := newFixture(t, nil)
	a := f.keys["acme/admin"]
	b := f.keys["beta/admin"]
	tk := f.createTask(a, "write a poem", nil)
	if res := f.upload(a, tk.TaskID, "docs", "secret.txt", []byte("acme-canary")); res.StatusCode != 200 {
		t.Fatalf("upload: %d %s", res.StatusCode, body(res))
	}
	var arts struct{ Artifacts []Artifact }
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts", a, nil, &arts)
	if len(arts.Artifacts) != 1 {
		t.Fatalf("artifacts = %+v", arts)
	}
	art := arts.Artifacts[0].ArtifactID

	missing := "zzzzzzzzzzzzzzzz"
	for _, tc := range []struct{ method, path string }{
		{"GET", "/ap/v1/agent/tasks/%s"},
		{"GET", "/ap/v1/agent/tasks/%s/steps"},
		{"POST", "/ap/v1/agent/tasks/%s/steps"},
		{"GET", "/ap/v1/agent/tasks/%s/artifacts"},
		{"GET", "/ap/v1/agent/tasks/%s/artifacts/" + art},
		{"GET", "/ap/v1/agent/tasks/%s/steps/" + art},
	} {
		theirs := f.do(tc.method, strings.Replace(tc.path, "%s", tk.TaskID, 1), b, map[string]any{}, nil)
		none := f.do(tc.method, strings.Replace(tc.path, "%s", missing, 1), b, map[string]any{}, nil)
		if theirs.StatusCode != http.StatusNotFound || body(theirs) != body(none) {
			t.Errorf("%s %s as beta: %d %s; for a missing id: %d %s", tc.method, tc.path, theirs.StatusCode, body(theirs), none.StatusCode, body(none))
		}
	}
	if res := f.upload(b, tk.TaskID, "", "x.txt", []byte("x")); res.StatusCode != http.StatusNotFound {
		t.Errorf("beta uploads into acme's task: %d", res.StatusCode)
	}
	var list struct {
		Tasks      []Task
		Pagination Pagination
	}
	f.do("GET", "/ap/v1/agent/tasks", b, nil, &list)
	if len(list.Tasks) != 0 || list.Pagination.TotalItems != 0 {
		t.Errorf("beta lists %+v", list)
	}
	// Each tenant's files live under its own root.
	if _, err := os.Stat(filepath.Join(f.workspace("acme", tk.TaskID), "docs", "secret.txt")); err != nil {
		t.Errorf("the upload is not in acme's workspace: %v", err)
	}
}

// TestIdentityOnlyFromTheKey: a tenant named in the body changes nothing (MT-02).
func TestIdentityOnlyFromTheKey(t *testing.T) {
	f := newFixture(t, nil)
	b := f.keys["beta/member"]
	// An unknown field is ignored (as the Agent Protocol's clients expect), never read.
	var named Task
	res := f.do("POST", "/ap/v1/agent/tasks", b, map[string]any{"input": "x", "tenant_id": "acme", "tenant": "acme"}, &named)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("unknown field: %d %s", res.StatusCode, body(res))
	}
	if _, err := f.st.Tenant("acme").Task(context.Background(), named.TaskID); err == nil {
		t.Fatal("a tenant named in the body got the task")
	}
	tk := f.createTask(b, "x", map[string]any{"tenant": "acme", "role": "admin"})
	if _, err := f.st.Tenant("beta").Task(context.Background(), tk.TaskID); err != nil {
		t.Fatalf("the task is not beta's: %v", err)
	}
	if _, err := f.st.Tenant("acme").Task(context.Background(), tk.TaskID); err == nil {
		t.Fatal("the task became acme's")
	}
	req, _ := http.NewRequest("GET", f.http.URL+"/ap/v1/agent/tasks", nil)
	req.Header.Set("Authorization", "Bearer "+b)
	req.Header.Set("X-Tenant", "acme")
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Tasks []Task }
	json.NewDecoder(res2.Body).Decode(&list)
	res2.Body.Close()
	if len(list.Tasks) != 2 || list.Tasks[0].TaskID != tk.TaskID || list.Tasks[1].TaskID != named.TaskID {
		t.Fatalf("with X-Tenant: %+v", list)
	}
}

func TestRoles(t *testing.T) {
	f := newFixture(t, nil)
	tk := f.createTask(f.keys["acme/member"], "x", nil)
	for _, tc := range []struct {
		role, method, path string
		body               any
		want               int
	}{
		{"viewer", "GET", "/ap/v1/agent/tasks", nil, 200},
		{"viewer", "GET", "/ap/v1/agent/tasks/" + tk.TaskID, nil, 200},
		{"viewer", "POST", "/ap/v1/agent/tasks", map[string]any{"input": "x"}, 403},
		{"viewer", "POST", "/ap/v1/agent/tasks/" + tk.TaskID + "/steps", map[string]any{}, 403},
		{"member", "POST", "/paddock/v1/shares", map[string]any{"task_id": tk.TaskID, "artifact_id": "aaaa", "grantee": "beta"}, 403},
		{"viewer", "GET", "/metrics", nil, 403},
		{"admin", "GET", "/metrics", nil, 200},
	} {
		res := f.do(tc.method, tc.path, f.keys["acme/"+tc.role], tc.body, nil)
		if res.StatusCode != tc.want {
			t.Errorf("%s %s %s: %d %s, want %d", tc.role, tc.method, tc.path, res.StatusCode, body(res), tc.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.MaxBodyBytes = 1024 })
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	for _, tc := range []struct {
		method, path string
		body         any
		want         int
	}{
		// Malformed JSON is 400; JSON that parses but does not fit is 422 (the specification's).
		{"POST", "/ap/v1/agent/tasks", "{", 400},
		{"POST", "/ap/v1/agent/tasks", `{"input":"x"} {"input":"y"}`, 400},
		{"POST", "/ap/v1/agent/tasks", map[string]any{"input": 5}, 422},
		{"POST", "/ap/v1/agent/tasks", `["input"]`, 422},
		{"POST", "/ap/v1/agent/tasks", map[string]any{"input": "x", "additional_input": []int{1}}, 422},
		{"POST", "/ap/v1/agent/tasks", map[string]any{"input": strings.Repeat("x", 2000)}, 413},
		{"GET", "/ap/v1/agent/tasks?page_size=0", nil, 422},
		{"GET", "/ap/v1/agent/tasks?pageSize=x", nil, 422},
		{"GET", "/ap/v1/agent/tasks?current_page=-1", nil, 422},
		{"GET", "/ap/v1/agent/tasks?page=0", nil, 422},
		{"GET", "/ap/v1/agent/tasks/..%2f..%2fetc", nil, 404},
		{"POST", "/ap/v1/agent/tasks/" + tk.TaskID + "/steps", map[string]any{"additional_input": map[string]any{"approve": "yes"}}, 422},
		{"POST", "/ap/v1/agent/tasks/" + tk.TaskID + "/steps", map[string]any{"additional_input": map[string]any{"approve": true}}, 409},
	} {
		res := f.do(tc.method, tc.path, k, tc.body, nil)
		var e errorBody
		_ = json.Unmarshal([]byte(body(res)), &e)
		if res.StatusCode != tc.want || e.Message == "" || e.Error == "" {
			t.Errorf("%s %s %v: %d %s, want %d with a JSON message", tc.method, tc.path, tc.body, res.StatusCode, body(res), tc.want)
		}
	}
}

func TestHostAndOriginChecked(t *testing.T) {
	f := newFixture(t, nil)
	for _, tc := range []struct {
		host, origin string
		want         int
	}{
		{"127.0.0.1:8000", "", 200},
		{"localhost", "http://localhost:3000", 200},
		{"attacker.test", "", 403},
		{"attacker.test:8000", "", 403},
		{"127.0.0.1", "http://attacker.test", 403},
	} {
		req, _ := http.NewRequest("GET", f.http.URL+"/healthz", nil)
		req.Host = tc.host
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("Host %q Origin %q: %d, want %d", tc.host, tc.origin, res.StatusCode, tc.want)
		}
	}
}

func TestPagination(t *testing.T) {
	f := newFixture(t, nil)
	k := f.keys["acme/member"]
	for i := 0; i < 5; i++ {
		f.createTask(k, "task", nil)
	}
	var out struct {
		Tasks      []Task
		Pagination Pagination
	}
	f.do("GET", "/ap/v1/agent/tasks?current_page=2&page_size=2", k, nil, &out)
	want := Pagination{TotalItems: 5, TotalPages: 3, CurrentPage: 2, PageSize: 2}
	if out.Pagination != want || len(out.Tasks) != 2 {
		t.Fatalf("page 2 = %+v (%d tasks)", out.Pagination, len(out.Tasks))
	}
	f.do("GET", "/ap/v1/agent/tasks?current_page=3&page_size=2", k, nil, &out)
	if len(out.Tasks) != 1 {
		t.Fatalf("page 3 has %d tasks", len(out.Tasks))
	}
	var raw struct{ Pagination map[string]any }
	f.do("GET", "/ap/v1/agent/tasks", k, nil, &raw)
	for _, field := range []string{"total_items", "total_pages", "current_page", "page_size"} {
		if _, ok := raw.Pagination[field]; !ok {
			t.Errorf("pagination lacks %s", field)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MetricsToken = "scrape-token-1234567890" })
	if res := f.do("GET", "/healthz", "", nil, nil); res.StatusCode != 200 {
		t.Fatalf("healthz: %d", res.StatusCode)
	}
	if res := f.do("GET", "/readyz", "", nil, nil); res.StatusCode != 200 {
		t.Fatalf("readyz: %d %s", res.StatusCode, body(res))
	}
	f.createTask(f.keys["acme/member"], "x", nil)
	f.createTask(f.keys["beta/member"], "x", nil)
	all := body(f.do("GET", "/metrics", "scrape-token-1234567890", nil, nil))
	for _, want := range []string{`paddock_requests_total{code="200",route="POST /ap/v1/agent/tasks",tenant="acme"} 1`,
		`tenant="beta"}`, `paddock_request_duration_seconds_bucket{route="POST /ap/v1/agent/tasks",tenant="acme",le="+Inf"} 1`,
		"# TYPE paddock_denials_total counter"} {
		if !strings.Contains(all, want) {
			t.Errorf("metrics lack %s:\n%s", want, all)
		}
	}
	own := body(f.do("GET", "/metrics", f.keys["acme/admin"], nil, nil))
	if !strings.Contains(own, `tenant="acme"`) || strings.Contains(own, `tenant="beta"`) {
		t.Errorf("acme's admin sees:\n%s", own)
	}
	if res := f.do("GET", "/metrics", "wrong-token", nil, nil); res.StatusCode != 401 {
		t.Errorf("wrong metrics token: %d", res.StatusCode)
	}
	f.st.Close()
	if res := f.do("GET", "/readyz", "", nil, nil); res.StatusCode != 503 {
		t.Errorf("readyz with the store closed: %d", res.StatusCode)
	}
}

func TestRequestsAreAudited(t *testing.T) {
	f := newFixture(t, nil)
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID, k, nil, nil)
	f.do("POST", "/ap/v1/agent/tasks", f.keys["acme/viewer"], map[string]any{"input": "x"}, nil)
	f.srv.throttled.flush() // refusals are audited as a count per second
	rep, err := audit.Verify(context.Background(), f.st.Tenant("acme"))
	if err != nil || rep.Entries != 3 {
		t.Fatalf("verify = %+v, %v", rep, err)
	}
	es, _ := f.st.Tenant("acme").AuditEntries(context.Background(), 0, 10)
	if es[0].Action != "POST /ap/v1/agent/tasks" || es[1].Target != tk.TaskID || es[2].Outcome != "403" {
		for _, e := range es {
			t.Logf("%+v", e)
		}
		t.Fatal("unexpected audit entries")
	}
	if rep, _ := audit.Verify(context.Background(), f.st.Tenant("beta")); rep.Entries != 0 {
		t.Fatalf("beta's log has %d entries", rep.Entries)
	}
}

var _ = llmtest.Text
var _ = store.ErrNotFound
