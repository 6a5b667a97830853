package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/sandbox"
)

// errCode is the "error" field of an error answer.
func errCode(t *testing.T, raw string) string {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatalf("error body %q: %v", raw, err)
	}
	return e.Error
}

// Security issue item 5: tasks per tenant were uncapped. The cap holds for the tenant over it and
// for no one else.
func TestTaskCountPerTenant(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.MaxTasks = 2 })
	f.createTask(f.keys["acme/member"], "one", nil)
	f.createTask(f.keys["acme/member"], "two", nil)
	res := f.do("POST", "/ap/v1/agent/tasks", f.keys["acme/member"], map[string]any{"input": "three"}, nil)
	if res.StatusCode != 429 || errCode(t, body(res)) != "quota_tasks" || !strings.Contains(body(res), "--max-tasks") {
		t.Fatalf("third task: %d %s", res.StatusCode, body(res))
	}
	f.createTask(f.keys["beta/member"], "beta's first", nil)
}

// Security issue item 5: one tenant could fill the disk under every tenant. Its workspaces hold at
// most MaxTenantBytes: an upload gets the tenant's remainder as its workspace's limit, and bytes a
// step's commands left behind count as soon as the step ends.
func TestTenantBytes(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.MaxTenantBytes = 100 << 10 },
		llmtest.Calls(llmtest.Call("c1", "finish", `{"reason":"done"}`)))
	member := f.keys["acme/member"]
	a := f.createTask(member, "a", nil)
	b := f.createTask(member, "b", nil)
	if res := f.upload(member, a.TaskID, "", "in.bin", make([]byte, 60<<10)); res.StatusCode != 200 {
		t.Fatalf("first upload: %d %s", res.StatusCode, body(res))
	}
	// 40 KiB left for the tenant: task b's workspace takes no more, whatever its own limit.
	res := f.upload(member, b.TaskID, "", "in.bin", make([]byte, 60<<10))
	if res.StatusCode != 413 || errCode(t, body(res)) != "quota" {
		t.Fatalf("upload over the tenant's remainder: %d %s", res.StatusCode, body(res))
	}
	if _, err := os.Stat(filepath.Join(f.workspace("acme", b.TaskID), "in.bin")); !os.IsNotExist(err) {
		t.Fatalf("the refused upload left a file: %v", err)
	}
	if res := f.upload(member, b.TaskID, "", "fits.bin", make([]byte, 30<<10)); res.StatusCode != 200 {
		t.Fatalf("upload within the remainder: %d %s", res.StatusCode, body(res))
	}
	// What a sandboxed command writes (dd) is not seen by the workspace's writes; it counts once
	// the step that ran it ends.
	if err := os.WriteFile(filepath.Join(f.workspace("acme", a.TaskID), "dd.out"), make([]byte, 20<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, res := f.step(member, a.TaskID, nil); res.StatusCode != 200 {
		t.Fatalf("step: %d %s", res.StatusCode, body(res))
	}
	res = f.upload(member, b.TaskID, "", "more.bin", []byte("x"))
	if res.StatusCode != 507 || errCode(t, body(res)) != "quota_disk" || !strings.Contains(body(res), "--max-tenant-bytes") {
		t.Fatalf("upload with the tenant's bytes used up: %d %s", res.StatusCode, body(res))
	}
	if _, res := f.step(member, b.TaskID, nil); res.StatusCode != 507 {
		t.Fatalf("step with the tenant's bytes used up: %d %s", res.StatusCode, body(res))
	}
	res = f.do("POST", "/ap/v1/agent/tasks", member, map[string]any{"input": "c"}, nil)
	if res.StatusCode != 507 || errCode(t, body(res)) != "quota_disk" {
		t.Fatalf("new task with the tenant's bytes used up: %d %s", res.StatusCode, body(res))
	}
	// Another tenant is not slowed by it.
	c := f.createTask(f.keys["beta/member"], "c", nil)
	if res := f.upload(f.keys["beta/member"], c.TaskID, "", "in.bin", make([]byte, 60<<10)); res.StatusCode != 200 {
		t.Fatalf("other tenant's upload: %d %s", res.StatusCode, body(res))
	}
}

// Security issue item 5: under the free-space floor no new work starts and /readyz says why; reads
// still answer.
func TestFreeSpaceFloor(t *testing.T) {
	f := newFixture(t, nil)
	member := f.keys["acme/member"]
	tk := f.createTask(member, "before", nil)
	f.srv.cfg.Limits.MinFreeBytes = 1 << 62 // more than any disk has
	var ready struct {
		Ready  bool              `json:"ready"`
		Checks map[string]string `json:"checks"`
	}
	if res := f.do("GET", "/readyz", "", nil, &ready); res.StatusCode != 503 || ready.Ready || ready.Checks["disk"] != "low" {
		t.Fatalf("readyz under the floor: %d %s", res.StatusCode, body(res))
	}
	for name, res := range map[string]*httpResult{
		"create task": wrap(f.do("POST", "/ap/v1/agent/tasks", member, map[string]any{"input": "after"}, nil)),
		"upload":      wrap(f.upload(member, tk.TaskID, "", "x.txt", []byte("x"))),
		"step":        wrap(f.do("POST", "/ap/v1/agent/tasks/"+tk.TaskID+"/steps", member, map[string]any{}, nil)),
	} {
		if res.status != 507 || errCode(t, res.body) != "disk_low" {
			t.Errorf("%s under the floor: %d %s", name, res.status, res.body)
		}
	}
	if res := f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID, member, nil, nil); res.StatusCode != 200 {
		t.Fatalf("read under the floor: %d %s", res.StatusCode, body(res))
	}
	f.srv.cfg.Limits.MinFreeBytes = -1
	if res := f.do("GET", "/readyz", "", nil, &ready); res.StatusCode != 200 || ready.Checks["disk"] != "ok" {
		t.Fatalf("readyz without a floor: %d %s", res.StatusCode, body(res))
	}
}

type httpResult struct {
	status int
	body   string
}

func wrap(res *http.Response) *httpResult {
	return &httpResult{status: res.StatusCode, body: body(res)}
}

// Security issue item 5, the outside test's shape: a sandboxed dd wrote 1 GiB into a workspace
// capped at 256 MiB. Over the API a command may add no more than the tenant has left: the sandbox's
// per-command disk limit is that room, and what went over it is removed.
func TestSandboxedDdStopsAtTheTenantsBytes(t *testing.T) {
	if err := sandbox.Available(); err != nil {
		t.Fatalf("the sandbox is needed for this test: %v", err)
	}
	f := newFixture(t, func(c *Config) {
		c.Exec = &sandbox.Config{Timeout: 30 * time.Second}
		c.Limits.MaxTenantBytes = 4 << 20
	})
	member := f.keys["acme/member"]
	tk := f.createTask(member, "fill the disk", map[string]any{"continuous": true})
	f.model.Handler.Append(
		llmtest.Calls(llmtest.Call("c1", "execute_shell", `{"command_line":"dd if=/dev/zero of=one bs=1M count=64; dd if=/dev/zero of=two bs=1M count=3"}`)),
	)
	st, res := f.step(member, tk.TaskID, nil)
	if res.StatusCode != 200 {
		t.Fatalf("step: %d %s", res.StatusCode, body(res))
	}
	out := decodeOutput(t, st)
	if len(out.ToolCalls) != 1 || !strings.Contains(out.ToolCalls[0].Output, "disk limit") {
		t.Fatalf("the command's result does not say it hit its disk limit: %+v", out)
	}
	used, err := workspaceBytes(f.workspace("acme", tk.TaskID))
	if err != nil {
		t.Fatal(err)
	}
	if used > 4<<20 {
		t.Fatalf("the workspace holds %d bytes after the command, over the tenant's %d", used, 4<<20)
	}
}
