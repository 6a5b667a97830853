package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
)

// TestRateLimitIsPerTenant: a tenant over its bucket gets 429 with Retry-After; another tenant
// is not affected (MT-04).
func TestRateLimitIsPerTenant(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.RatePerSecond, c.Limits.Burst = 0.5, 3 })
	a, b := f.keys["acme/viewer"], f.keys["beta/viewer"]
	var limited *http.Response
	for i := 0; i < 10; i++ {
		res := f.do("GET", "/ap/v1/agent/tasks", a, nil, nil)
		if res.StatusCode == http.StatusTooManyRequests {
			limited = res
			break
		}
		if i >= 3 {
			t.Fatalf("request %d was not limited", i)
		}
	}
	if limited == nil {
		t.Fatal("never limited")
	}
	ra, err := strconv.Atoi(limited.Header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 2 || !strings.Contains(body(limited), "rate_limited") {
		t.Fatalf("429: Retry-After %q, %s", limited.Header.Get("Retry-After"), body(limited))
	}
	for i := 0; i < 3; i++ {
		if res := f.do("GET", "/ap/v1/agent/tasks", b, nil, nil); res.StatusCode != 200 {
			t.Fatalf("beta request %d: %d", i, res.StatusCode)
		}
	}
	if !strings.Contains(body(f.do("GET", "/metrics", f.keys["acme/admin"], nil, nil)), `paddock_denials_total{reason="rate_limit",tenant="acme"}`) {
		// The admin's own request may itself be limited; the counter is what matters.
		m := &strings.Builder{}
		f.srv.metrics.write(m, "acme")
		if !strings.Contains(m.String(), `reason="rate_limit"`) {
			t.Fatalf("no rate-limit denial in the metrics:\n%s", m)
		}
	}
	// The throttled requests reach the audit log, coalesced.
	f.srv.throttled.flush()
	es, _ := f.st.Tenant("acme").AuditEntries(context.Background(), 0, 100)
	found := false
	for _, e := range es {
		found = found || e.Action == "rate_limited"
	}
	if !found {
		t.Fatal("no rate_limited audit entry")
	}
}

func TestDailyStepQuota(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.DailySteps = 1 },
		llmtest.Calls(llmtest.Call("c1", "list_folder", `{"folder":"."}`)), llmtest.Text("x"))
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != 200 {
		t.Fatalf("first step: %d %s", res.StatusCode, body(res))
	}
	_, res := f.step(k, tk.TaskID, nil)
	ra, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body(res), "quota_steps") || ra < 1 || ra > 86400 {
		t.Fatalf("second step: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), body(res))
	}
	// A refused step leaves no step behind (it was begun with its reads, then taken back).
	var list struct{ Steps []Step }
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/steps", k, nil, &list)
	if len(list.Steps) != 1 || list.Steps[0].Status != "completed" {
		t.Fatalf("the task's steps after a refused one: %+v", list.Steps)
	}
	// Beta's quota is its own.
	tb := f.createTask(f.keys["beta/member"], "x", nil)
	if _, res := f.step(f.keys["beta/member"], tb.TaskID, nil); res.StatusCode != 200 {
		t.Fatalf("beta's step: %d %s", res.StatusCode, body(res))
	}
}

func TestDailyTokenQuota(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.DailyTokens = 100 },
		llmtest.Calls(llmtest.Call("c1", "list_folder", `{"folder":"."}`)).WithUsage(90, 20), llmtest.Text("x"))
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	f.step(k, tk.TaskID, nil)
	if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body(res), "quota_tokens") {
		t.Fatalf("over the token quota: %d %s", res.StatusCode, body(res))
	}
}

// TestConcurrencyCap: a tenant runs at most MaxRunningSteps steps at once; the next gets 429 while
// another tenant still runs (MT-05). Two steps of one task never run together.
func TestConcurrencyCap(t *testing.T) {
	slow := llmtest.Turn{Delay: 400 * time.Millisecond, Content: "thinking"}
	f := newFixture(t, func(c *Config) { c.Limits.MaxRunningSteps = 1 }, slow, slow, slow, slow)
	k := f.keys["acme/member"]
	t1 := f.createTask(k, "x", nil)
	t2 := f.createTask(k, "y", nil)
	tb := f.createTask(f.keys["beta/member"], "z", nil)
	var wg sync.WaitGroup
	codes := make([]int, 4)
	run := func(i int, key, task string, delay time.Duration) {
		defer wg.Done()
		time.Sleep(delay)
		_, res := f.step(key, task, nil)
		codes[i] = res.StatusCode
	}
	wg.Add(4)
	go run(0, k, t1.TaskID, 0)
	go run(1, k, t2.TaskID, 150*time.Millisecond)                     // acme over its cap
	go run(2, k, t1.TaskID, 150*time.Millisecond)                     // same task: conflict
	go run(3, f.keys["beta/member"], tb.TaskID, 150*time.Millisecond) // beta runs
	wg.Wait()
	if codes[0] != 200 || codes[1] != http.StatusTooManyRequests || codes[2] != http.StatusConflict || codes[3] != 200 {
		t.Fatalf("codes = %v, want [200 429 409 200]", codes)
	}
}

func TestUploadLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.MaxUploadBytes = 1000 })
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	if res := f.upload(k, tk.TaskID, "", "big.bin", make([]byte, 1001)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("over the limit: %d %s", res.StatusCode, body(res))
	}
	if res := f.upload(k, tk.TaskID, "", "ok.bin", make([]byte, 1000)); res.StatusCode != 200 {
		t.Fatalf("at the limit: %d %s", res.StatusCode, body(res))
	}
	for _, tc := range []struct{ rel, name string }{{"../..", "x"}, {"/etc", "x"}, {"a/../../b", "x"}, {".git/hooks", "pre-commit"}} {
		if res := f.upload(k, tk.TaskID, tc.rel, tc.name, []byte("x")); res.StatusCode != http.StatusBadRequest {
			t.Errorf("upload %q %q: %d %s", tc.rel, tc.name, res.StatusCode, body(res))
		}
	}
}

// TestShares: a read-only grant of one artifact, audited on both sides, ends with revocation (MT-08).
func TestShares(t *testing.T) {
	f := newFixture(t, nil)
	a, b := f.keys["acme/admin"], f.keys["beta/member"]
	tk := f.createTask(a, "x", nil)
	f.upload(a, tk.TaskID, "", "report.txt", []byte("shared-data"))
	f.upload(a, tk.TaskID, "", "private.txt", []byte("private-data"))
	var arts struct{ Artifacts []Artifact }
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts", a, nil, &arts)
	report := arts.Artifacts[0].ArtifactID
	var sh store.Share
	if res := f.do("POST", "/paddock/v1/shares", a, ShareRequest{TaskID: tk.TaskID, ArtifactID: report, Grantee: "beta"}, &sh); res.StatusCode != http.StatusCreated {
		t.Fatalf("share: %d %s", res.StatusCode, body(res))
	}
	// A grantee no tenant has is answered like one that exists: TestShareDoesNotRevealTenants.
	if res := f.do("GET", "/paddock/v1/shared/"+sh.ID, b, nil, nil); res.StatusCode != 200 || body(res) != "shared-data" {
		t.Fatalf("beta reads the share: %d %s", res.StatusCode, body(res))
	}
	// Beta reaches nothing else of acme's, cannot re-share it and cannot write it.
	if res := f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts/"+report, b, nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("beta through the task route: %d", res.StatusCode)
	}
	if res := f.do("POST", "/paddock/v1/shares", f.keys["beta/admin"], ShareRequest{TaskID: tk.TaskID, ArtifactID: report, Grantee: "acme"}, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("beta re-shares: %d", res.StatusCode)
	}
	if res := f.upload(b, tk.TaskID, "", "report.txt", []byte("overwritten")); res.StatusCode != http.StatusNotFound {
		t.Fatalf("beta writes: %d", res.StatusCode)
	}
	if res := f.do("DELETE", "/paddock/v1/shares/"+sh.ID, f.keys["beta/admin"], nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("beta revokes acme's share: %d", res.StatusCode)
	}
	var lists struct{ Given, Received []store.Share }
	f.do("GET", "/paddock/v1/shares", b, nil, &lists)
	if len(lists.Received) != 1 || len(lists.Given) != 0 {
		t.Fatalf("beta's shares: %+v", lists)
	}
	if res := f.do("DELETE", "/paddock/v1/shares/"+sh.ID, a, nil, nil); res.StatusCode != 200 {
		t.Fatalf("revoke: %d %s", res.StatusCode, body(res))
	}
	if res := f.do("GET", "/paddock/v1/shared/"+sh.ID, b, nil, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("after revocation: %d", res.StatusCode)
	}
	for _, tenant := range []string{"acme", "beta"} {
		es, _ := f.st.Tenant(tenant).AuditEntries(context.Background(), 0, 100)
		got := map[string]bool{}
		for _, e := range es {
			got[e.Action] = true
		}
		if !got["share.create"] || !got["share.revoke"] || (tenant == "beta" && !got["share.read"]) {
			t.Errorf("%s's audit lacks share events: %v", tenant, got)
		}
	}
}

// TestDenialsAreRateLimitedAndAggregated: refused requests count against the tenant's rate like
// any other, and the audit holds a count per second, not a row per refusal (outside test item 8:
// 3000 viewer POSTs made 3000 audit rows in 5.6 s).
func TestDenialsAreRateLimitedAndAggregated(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.RatePerSecond, c.Limits.Burst = 1, 5 })
	v := f.keys["acme/viewer"]
	codes := map[int]int{}
	for range 40 {
		res := f.do("POST", "/ap/v1/agent/tasks", v, map[string]any{"input": "x"}, nil)
		codes[res.StatusCode]++
	}
	if codes[http.StatusForbidden] > 6 || codes[http.StatusTooManyRequests] < 30 {
		t.Fatalf("status counts %v: the refusals were not rate-limited", codes)
	}
	f.srv.throttled.flush() // what the once-a-second loop does
	es, err := f.st.Tenant("acme").AuditEntries(t.Context(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) > 6 {
		t.Fatalf("%d audit entries for 40 refused requests; want a few aggregated ones", len(es))
	}
	total := 0
	for _, e := range es {
		var d struct{ Requests int }
		if err := json.Unmarshal([]byte(e.Detail), &d); err != nil {
			t.Fatalf("audit detail %q: %v", e.Detail, err)
		}
		total += d.Requests
	}
	if total != 40 {
		t.Fatalf("the aggregated entries count %d refusals, want 40", total)
	}
}
