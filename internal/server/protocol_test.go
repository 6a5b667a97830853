package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
)

// auditActions returns the tenant's audit entries with the given action.
func (f *fixture) auditActions(tenantName, action string) []*store.AuditEntry {
	f.t.Helper()
	f.srv.throttled.flush()
	es, err := f.st.Tenant(tenantName).AuditEntries(context.Background(), 0, 10000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []*store.AuditEntry
	for _, e := range es {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// send sends a request with the given headers (no key of the fixture's).
func (f *fixture) send(method, path string, header map[string]string, body any) *http.Response {
	f.t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req, err := http.NewRequest(method, f.http.URL+path, strings.NewReader(string(raw)))
	if err != nil {
		f.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	return res
}

// TestOpenTenant: with OpenTenant set, a request without a key acts as that tenant with the
// member role and is audited as open-tenant; keys still work and keep their own tenant; a wrong
// key is refused, never served as the open tenant.
func TestOpenTenant(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.OpenTenant = "acme" })
	var tk Task
	if res := f.do("POST", "/ap/v1/agent/tasks", "", map[string]any{"input": "no key"}, &tk); res.StatusCode != 200 {
		t.Fatalf("create without a key: %d %s", res.StatusCode, body(res))
	}
	if _, err := f.st.Tenant("acme").Task(context.Background(), tk.TaskID); err != nil {
		t.Fatalf("the task is not the open tenant's: %v", err)
	}
	if res := f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID, f.keys["beta/member"], nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("beta reads the open tenant's task: %d", res.StatusCode)
	}
	var beta Task
	f.do("POST", "/ap/v1/agent/tasks", f.keys["beta/member"], map[string]any{"input": "with a key"}, &beta)
	if _, err := f.st.Tenant("beta").Task(context.Background(), beta.TaskID); err != nil {
		t.Fatalf("a keyed request did not act as its own tenant: %v", err)
	}
	for name, h := range map[string]map[string]string{
		"a wrong bearer key":    {"Authorization": "Bearer pdk_" + strings.Repeat("A", 43)},
		"a malformed bearer":    {"Authorization": "Basic eDp5"},
		"a wrong X-API-Key":     {"X-API-Key": "pdk_" + strings.Repeat("B", 43)},
		"a malformed X-API-Key": {"X-API-Key": "not-a-key"},
	} {
		if res := f.send("GET", "/ap/v1/agent/tasks", h, nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s with an open tenant: %d, want 401", name, res.StatusCode)
		}
	}
	// Member only: an admin route is refused; the metrics need a real key.
	if res := f.do("POST", "/paddock/v1/shares", "", map[string]any{"task_id": tk.TaskID, "artifact_id": "x", "grantee": "beta"}, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("an admin route without a key: %d, want 403", res.StatusCode)
	}
	if res := f.do("GET", "/metrics", "", nil, nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("metrics without a key: %d, want 401", res.StatusCode)
	}
	es := f.auditActions("acme", "POST /ap/v1/agent/tasks")
	if len(es) != 1 || es[0].Actor != OpenTenantActor || es[0].Outcome != "200" {
		t.Fatalf("the open tenant's request is not audited as %s: %+v", OpenTenantActor, es)
	}
}

// TestNoOpenTenantByDefault: without OpenTenant, no key is 401 and says how to send one.
func TestNoOpenTenantByDefault(t *testing.T) {
	f := newFixture(t, nil)
	res := f.do("POST", "/ap/v1/agent/tasks", "", map[string]any{"input": "x"}, nil)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body(res), "X-API-Key") {
		t.Fatalf("no key: %d %s", res.StatusCode, body(res))
	}
}

// TestXAPIKey: the key is accepted in X-API-Key as in Authorization; Authorization wins when both
// are sent.
func TestXAPIKey(t *testing.T) {
	f := newFixture(t, nil)
	var tk Task
	res := f.send("POST", "/ap/v1/agent/tasks", map[string]string{"X-API-Key": f.keys["beta/member"]}, map[string]any{"input": "x"})
	if err := json.NewDecoder(res.Body).Decode(&tk); err != nil || res.StatusCode != 200 {
		t.Fatalf("X-API-Key: %d %v", res.StatusCode, err)
	}
	if _, err := f.st.Tenant("beta").Task(context.Background(), tk.TaskID); err != nil {
		t.Fatalf("X-API-Key did not act as its tenant: %v", err)
	}
	res = f.send("GET", "/ap/v1/agent/tasks/"+tk.TaskID, map[string]string{"X-API-Key": f.keys["beta/member"], "Authorization": "Bearer " + f.keys["acme/member"]}, nil)
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("both headers: %d, want acme's 404 (Authorization wins)", res.StatusCode)
	}
}

// TestExpiredKey (outside test item 12: keys never expired): a key past its expiry is refused
// with 401 key_expired, and the refusals are audited in its tenant as a count; a key that
// expires later works.
func TestExpiredKey(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	add := func(expires time.Time) string {
		plain, hash, id := tenant.NewKey()
		if err := f.st.Tenant("acme").AddKey(ctx, &store.APIKey{ID: id, Hash: hash, Role: "member", Expires: expires}); err != nil {
			t.Fatal(err)
		}
		return plain
	}
	old, fresh := add(time.Now().Add(-time.Minute)), add(time.Now().Add(time.Hour))
	for range 3 {
		res := f.do("GET", "/ap/v1/agent/tasks", old, nil, nil)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body(res), "key_expired") {
			t.Fatalf("an expired key: %d %s", res.StatusCode, body(res))
		}
	}
	res := f.send("GET", "/ap/v1/agent/tasks", map[string]string{"X-API-Key": old}, nil)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("an expired key in X-API-Key: %d", res.StatusCode)
	}
	if res := f.do("GET", "/ap/v1/agent/tasks", fresh, nil, nil); res.StatusCode != 200 {
		t.Fatalf("a key that expires later: %d", res.StatusCode)
	}
	es := f.auditActions("acme", "auth.key_expired")
	n := 0
	for _, e := range es {
		var d struct{ Requests int }
		_ = json.Unmarshal([]byte(e.Detail), &d)
		n += d.Requests
		if e.Outcome != "401" || e.Actor != tenant.KeyID(tenant.HashKey(old)) {
			t.Errorf("audit entry %+v", e)
		}
	}
	if n != 4 {
		t.Fatalf("audited %d refusals of the expired key (%d entries), want 4", n, len(es))
	}
}

// TestPaginationVariants: every page parameter naming the Agent Protocol's clients use pages the
// same way; a large page size is clamped, and the answer says the size used.
func TestPaginationVariants(t *testing.T) {
	f := newFixture(t, nil)
	k := f.keys["acme/member"]
	for i := range 12 {
		f.createTask(k, fmt.Sprint("task ", i), nil)
	}
	type list struct {
		Tasks      []Task
		Pagination Pagination
	}
	var all list
	f.do("GET", "/ap/v1/agent/tasks?page_size=100", k, nil, &all)
	for _, tc := range []struct {
		query            string
		page, size, n    int
		firstOfAllListed int
	}{
		{"", 1, 10, 10, 0},
		{"?current_page=2&page_size=5", 2, 5, 5, 5},
		{"?page=2&pageSize=5", 2, 5, 5, 5},
		{"?page=2&page_size=5", 2, 5, 5, 5},
		{"?page=3&pageSize=5", 3, 5, 2, 10},
		{"?page_size=1000", 1, 100, 12, 0},
		{"?pageSize=101&page=1", 1, 100, 12, 0},
	} {
		var got list
		if res := f.do("GET", "/ap/v1/agent/tasks"+tc.query, k, nil, &got); res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", tc.query, res.StatusCode, body(res))
		}
		p := got.Pagination
		if p.CurrentPage != tc.page || p.PageSize != tc.size || p.TotalItems != 12 || len(got.Tasks) != tc.n ||
			got.Tasks[0].TaskID != all.Tasks[tc.firstOfAllListed].TaskID || p.TotalPages != (12+tc.size-1)/tc.size {
			t.Errorf("%s: %+v with %d tasks", tc.query, p, len(got.Tasks))
		}
	}
}

// TestCreateTaskAcceptsWhatTheSpecAllows: no input, a null input, unknown fields (agbenchmark's
// eval_id), an empty body and a null body all create a task; a task without input shows input
// null, and the first step's input reaches the model.
func TestCreateTaskAcceptsWhatTheSpecAllows(t *testing.T) {
	f := newFixture(t, nil, llmtest.Calls(llmtest.Call("c1", "finish", `{"reason":"done"}`)))
	k := f.keys["acme/member"]
	for _, b := range []any{map[string]any{}, map[string]any{"input": nil}, map[string]any{"input": "x", "eval_id": "abc", "anything": []int{1}},
		"", "null", map[string]any{"input": nil, "additional_input": nil}} {
		var tk Task
		res := f.do("POST", "/ap/v1/agent/tasks", k, b, &tk)
		if res.StatusCode != 200 || tk.TaskID == "" {
			t.Errorf("create with %v: %d %s", b, res.StatusCode, body(res))
		}
	}
	var tk Task
	f.do("POST", "/ap/v1/agent/tasks", k, map[string]any{}, &tk)
	if tk.Input != nil {
		t.Fatalf("a task without input shows input %q", *tk.Input)
	}
	if st, res := f.step(k, tk.TaskID, map[string]any{"input": "write hello to a.txt"}); res.StatusCode != 200 || !st.IsLast {
		t.Fatalf("step: %d %s", res.StatusCode, body(res))
	}
	reqs := f.model.Handler.Requests()
	if len(reqs) == 0 || !strings.Contains(string(reqs[0].Body), "write hello to a.txt") || !strings.Contains(string(reqs[0].Body), "none given with the task") {
		t.Fatal("the model did not get the step's input as the goal of a task without one")
	}
}

// TestUploadRelativePath: relative_path names a folder (with or without a trailing "/") or the
// file's full path; the artifact's relative_path is always the full path.
func TestUploadRelativePath(t *testing.T) {
	f := newFixture(t, nil)
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	for _, tc := range []struct{ rel, name, want string }{
		{"", "top.txt", "top.txt"},
		{"in/dir", "a.csv", "in/dir/a.csv"},
		{"in/dir/", "b.csv", "in/dir/b.csv"},
		{"in/dir/c.csv", "c.csv", "in/dir/c.csv"},
		{"d.csv", "d.csv", "d.csv"},
		{"/", "e.txt", "e.txt"},
	} {
		res := f.upload(k, tk.TaskID, tc.rel, tc.name, []byte(tc.name))
		var a Artifact
		if err := json.Unmarshal([]byte(body(res)), &a); err != nil || res.StatusCode != 200 || a.RelativePath != tc.want || a.FileName != tc.name {
			t.Errorf("upload %q %q: %d %s, want relative_path %q", tc.rel, tc.name, res.StatusCode, body(res), tc.want)
			continue
		}
		if b, err := os.ReadFile(filepath.Join(f.workspace("acme", tk.TaskID), filepath.FromSlash(tc.want))); err != nil || string(b) != tc.name {
			t.Errorf("upload %q %q is not at %s: %v", tc.rel, tc.name, tc.want, err)
		}
	}
}

// TestStepArtifactsArePaged (outside test item 12: 50k files made a 9 MB step response): a step
// that writes more files than a page lists the first page of them and says how many it wrote;
// the task's artifact list pages through all of them.
func TestStepArtifactsArePaged(t *testing.T) {
	files := 2*maxStepArtifacts + 30
	if n, err := strconv.Atoi(os.Getenv("PADDOCK_TEST_STEP_FILES")); err == nil && n > maxStepArtifacts {
		files = n // a larger measurement: PADDOCK_TEST_STEP_FILES=50000
	}
	calls := make([]llm.ToolCall, 0, files)
	for i := range files {
		calls = append(calls, llmtest.Call(fmt.Sprint("c", i), "write_file", fmt.Sprintf(`{"filename":"out/f%03d.txt","contents":"%d"}`, i, i)))
	}
	f := newFixture(t, nil, llmtest.Calls(calls...))
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", map[string]any{"continuous": true})
	st, res := f.step(k, tk.TaskID, nil)
	if res.StatusCode != 200 || len(st.Artifacts) != maxStepArtifacts || decodeOutput(t, st).ArtifactsTotal != files {
		t.Fatalf("step: %d, %d artifacts, output %s", res.StatusCode, len(st.Artifacts), st.AdditionalOutput)
	}
	// The answer's size does not grow with the files written past the first page (the tool
	// calls it reports are the model's, bounded by the model response cap).
	var listed int
	for _, a := range st.Artifacts {
		raw, _ := json.Marshal(a)
		listed += len(raw)
	}
	t.Logf("step answer: %d bytes, of which %d for the %d artifacts listed of %d written", len(body(res)), listed, len(st.Artifacts), files)
	var one Step
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/steps/"+st.StepID, k, nil, &one)
	if len(one.Artifacts) != maxStepArtifacts || !strings.Contains(string(one.AdditionalOutput), fmt.Sprintf(`"artifacts_total":%d`, files)) {
		t.Fatalf("GET step: %d artifacts, %s", len(one.Artifacts), one.AdditionalOutput)
	}
	var tsk Task
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID, k, nil, &tsk)
	if len(tsk.Artifacts) != maxPageSize {
		t.Fatalf("GET task lists %d artifacts, want the first %d", len(tsk.Artifacts), maxPageSize)
	}
	seen := map[string]bool{}
	for p := 1; ; p++ {
		var page struct {
			Artifacts  []Artifact
			Pagination Pagination
		}
		f.do("GET", fmt.Sprintf("/ap/v1/agent/tasks/%s/artifacts?current_page=%d&page_size=1000", tk.TaskID, p), k, nil, &page)
		for _, a := range page.Artifacts {
			seen[a.RelativePath] = true
		}
		if p >= page.Pagination.TotalPages {
			break
		}
	}
	if len(seen) != files || !seen["out/f000.txt"] || !seen[fmt.Sprintf("out/f%03d.txt", files-1)] {
		t.Fatalf("paging found %d distinct artifacts, want %d", len(seen), files)
	}
}

// TestShareDoesNotRevealTenants (outside test item 12: share creation told whether a tenant name
// exists): sharing with a name no tenant has answers exactly as sharing with one that exists, is
// listed alike, and is never readable, not even by a tenant created later under that name.
func TestShareDoesNotRevealTenants(t *testing.T) {
	f := newFixture(t, nil)
	a := f.keys["acme/admin"]
	tk := f.createTask(a, "x", nil)
	var art Artifact
	if res := f.upload(a, tk.TaskID, "", "report.txt", []byte("shared-data")); json.Unmarshal([]byte(body(res)), &art) != nil {
		t.Fatalf("upload: %s", body(res))
	}
	shape := func(grantee string) (int, map[string]any) {
		res := f.do("POST", "/paddock/v1/shares", a, ShareRequest{TaskID: tk.TaskID, ArtifactID: art.ArtifactID, Grantee: grantee}, nil)
		var m map[string]any
		if err := json.Unmarshal([]byte(body(res)), &m); err != nil {
			t.Fatalf("share with %s: %d %s", grantee, res.StatusCode, body(res))
		}
		return res.StatusCode, m
	}
	codeBeta, beta := shape("beta")
	codeGhost, ghost := shape("nobody")
	if codeBeta != http.StatusCreated || codeGhost != codeBeta {
		t.Fatalf("statuses differ: an existing tenant %d, none %d", codeBeta, codeGhost)
	}
	for k, v := range beta {
		switch k {
		case "share_id", "created_at", "grantee":
			if _, ok := ghost[k]; !ok {
				t.Errorf("the answer for no tenant lacks %q", k)
			}
		default:
			if fmt.Sprint(ghost[k]) != fmt.Sprint(v) {
				t.Errorf("%q differs: an existing tenant %v, none %v", k, v, ghost[k])
			}
		}
	}
	if len(ghost) != len(beta) {
		t.Errorf("the answers differ in shape: %v vs %v", beta, ghost)
	}
	var lists struct{ Given, Received []store.Share }
	f.do("GET", "/paddock/v1/shares", a, nil, &lists)
	if len(lists.Given) != 2 {
		t.Fatalf("acme's given shares: %+v", lists.Given)
	}
	// The share to no tenant reaches nobody, even once a tenant takes the name.
	ctx := context.Background()
	if _, err := f.st.CreateTenant(ctx, "nobody"); err != nil {
		t.Fatal(err)
	}
	plain, hash, id := tenant.NewKey()
	if err := f.st.Tenant("nobody").AddKey(ctx, &store.APIKey{ID: id, Hash: hash, Role: "viewer"}); err != nil {
		t.Fatal(err)
	}
	if res := f.do("GET", "/paddock/v1/shared/"+fmt.Sprint(ghost["share_id"]), plain, nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a tenant created after the share reads it: %d %s", res.StatusCode, body(res))
	}
	f.do("GET", "/paddock/v1/shares", plain, nil, &lists)
	if len(lists.Received) != 0 {
		t.Fatalf("a tenant created after the share lists it: %+v", lists.Received)
	}
	// Nothing was written to a chain of the name before the tenant existed.
	es, _ := f.st.Tenant("nobody").AuditEntries(ctx, 0, 100)
	for _, e := range es {
		if e.Action == "share.create" {
			t.Fatalf("the share was audited in the chain of a tenant that did not exist: %+v", e)
		}
	}
}

// TestTextPlainIsNotJSON (outside test item 12: text/plain bodies were read as JSON, so a page
// on another site could post a task with a simple form): such a body is 415 and nothing is made.
func TestTextPlainIsNotJSON(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.OpenTenant = "acme" })
	for _, tc := range []struct{ ct, body string }{
		{"text/plain", `{"input":"from another site"}`},
		{"text/plain; charset=utf-8", `{"input":"from another site"}`},
		{"text/plain", `null`},
		{"application/x-www-form-urlencoded", `{"input":"from another site"}`},
		{"multipart/form-data; boundary=x", `{"input":"from another site"}`},
	} {
		ct := tc.ct
		req, _ := http.NewRequest("POST", f.http.URL+"/ap/v1/agent/tasks", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", ct)
		res, err := f.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("%s: %d, want 415", ct, res.StatusCode)
		}
	}
	// And a cross-site Origin is refused before anything else, open tenant or not.
	req, _ := http.NewRequest("POST", f.http.URL+"/ap/v1/agent/tasks", strings.NewReader(`{"input":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	res, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site Origin with the open tenant: %d, want 403", res.StatusCode)
	}
	if _, total, _ := f.st.Tenant("acme").Tasks(context.Background(), 10, 0); total != 0 {
		t.Fatalf("%d tasks were made", total)
	}
}

// TestUnattendedAskRuleIsRefused: in a continuous task nobody can answer a tenant's ask rule, so
// the call is refused at once with the reason and the task goes on to its end; an attended task
// still waits for the answer.
func TestUnattendedAskRuleIsRefused(t *testing.T) {
	f := newFixture(t, nil,
		llmtest.Calls(llmtest.Call("c1", "write_file", `{"filename":"a.txt","contents":"x"}`)),
		llmtest.Calls(llmtest.Call("c2", "finish", `{"reason":"done without it"}`)),
		llmtest.Calls(llmtest.Call("c3", "write_file", `{"filename":"b.txt","contents":"x"}`)))
	if res := f.do("PUT", "/paddock/v1/rules", f.keys["acme/admin"], map[string]any{"ask": []string{"write_file"}}, nil); res.StatusCode != 200 {
		t.Fatalf("rules: %d %s", res.StatusCode, body(res))
	}
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", map[string]any{"continuous": true})
	s1, res := f.step(k, tk.TaskID, nil)
	o1 := decodeOutput(t, s1)
	if res.StatusCode != 200 || o1.AwaitingApproval != nil || len(o1.ToolCalls) != 1 || !strings.Contains(o1.ToolCalls[0].Feedback, "nobody attends this task") {
		t.Fatalf("continuous step with an ask rule: %d %+v", res.StatusCode, o1)
	}
	if _, err := os.Stat(filepath.Join(f.workspace("acme", tk.TaskID), "a.txt")); err == nil {
		t.Fatal("the call that needed approval ran")
	}
	if s2, _ := f.step(k, tk.TaskID, nil); !s2.IsLast {
		t.Fatalf("the continuous task did not go on to its end: %+v", s2)
	}
	attended := f.createTask(k, "y", map[string]any{"continuous": false})
	if s, _ := f.step(k, attended.TaskID, nil); decodeOutput(t, s).AwaitingApproval == nil {
		t.Fatalf("an attended task did not wait: %+v", s)
	}
}
