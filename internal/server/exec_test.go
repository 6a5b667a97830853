package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/store"
)

func TestTenantHostUIDs(t *testing.T) {
	seen := map[uint32]bool{sandbox.DefaultHostUID: true, sandbox.DefaultHostUID + 1: true}
	for slot := int64(1); slot <= 1000; slot++ {
		uid, err := TenantHostUID(slot)
		if err != nil {
			t.Fatal(err)
		}
		if seen[uid] || seen[uid+1] {
			t.Fatalf("slot %d reuses uid %d", slot, uid)
		}
		seen[uid], seen[uid+1] = true, true
	}
	for _, bad := range []int64{0, -1, 1 << 40} {
		if _, err := TenantHostUID(bad); err == nil {
			t.Errorf("slot %d accepted", bad)
		}
	}
}

// TestCommandsRunSandboxedPerTenant: execute_shell runs in the sandbox, in the task's workspace,
// counts its CPU time for the tenant, and cannot read another tenant's workspace by its host path.
func TestCommandsRunSandboxedPerTenant(t *testing.T) {
	if err := sandbox.Available(); err != nil {
		t.Fatalf("the sandbox is needed for this test: %v", err)
	}
	f := newFixture(t, func(c *Config) { c.Exec = &sandbox.Config{Timeout: 30 * time.Second} })
	a, b := f.keys["acme/member"], f.keys["beta/member"]
	ta := f.createTask(a, "x", map[string]any{"continuous": true})
	tb := f.createTask(b, "x", map[string]any{"continuous": true})
	secret := filepath.Join(f.workspace("acme", ta.TaskID), "secret.txt")
	if err := os.WriteFile(secret, []byte("acme-only"), 0o600); err != nil {
		t.Fatal(err)
	}
	burn := `i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; echo made > made.txt; cat secret.txt`
	f.model.Handler.Append(
		llmtest.Calls(llmtest.Call("c1", "execute_shell", `{"command_line":"`+burn+`"}`)),
		llmtest.Calls(llmtest.Call("c2", "execute_shell", `{"command_line":"cat `+secret+`; ls `+filepath.Dir(secret)+`"}`)),
	)
	s1, res := f.step(a, ta.TaskID, nil)
	o1 := decodeOutput(t, s1)
	if res.StatusCode != 200 || len(o1.ToolCalls) != 1 || !strings.Contains(o1.ToolCalls[0].Output, "acme-only") || !strings.Contains(o1.ToolCalls[0].Output, "Exit status 0") {
		t.Fatalf("acme's command: %d %+v", res.StatusCode, o1)
	}
	if b, err := os.ReadFile(filepath.Join(f.workspace("acme", ta.TaskID), "made.txt")); err != nil || string(b) != "made\n" {
		t.Fatalf("made.txt: %q %v", b, err)
	}
	u, _ := f.st.Tenant("acme").UsageOn(context.Background(), time.Now().UTC().Format(time.DateOnly))
	if u.CPUMillis <= 0 {
		t.Fatalf("no CPU time counted: %+v", u)
	}
	s2, _ := f.step(b, tb.TaskID, nil)
	o2 := decodeOutput(t, s2)
	if len(o2.ToolCalls) != 1 || strings.Contains(o2.ToolCalls[0].Output, "acme-only") || strings.Contains(o2.ToolCalls[0].Output, "Exit status 0") {
		t.Fatalf("beta's command read acme's workspace: %+v", o2)
	}
}

func TestCPUQuota(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.DailyCPUSeconds = 2 })
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	// Record 2 s of CPU for today, as commands would.
	ctx := context.Background()
	run, _ := f.st.Tenant("acme").TaskRun(ctx, tk.TaskID)
	task, _ := f.st.Tenant("acme").Task(ctx, tk.TaskID)
	st := &store.APStep{Tenant: "acme", TaskID: tk.TaskID}
	f.st.Tenant("acme").StartAPStep(ctx, st)
	st.Status = store.APStepCompleted
	if err := f.st.Tenant("acme").FinishAPStep(ctx, store.StepOutcome{Step: st, Run: run, Task: task, CPUMillis: 2000}); err != nil {
		t.Fatal(err)
	}
	if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != 429 || !strings.Contains(body(res), "quota_cpu") {
		t.Fatalf("over the CPU quota: %d %s", res.StatusCode, body(res))
	}
}

func TestSandboxSelfTestInReadiness(t *testing.T) {
	if err := sandbox.Available(); err != nil {
		t.Fatalf("the sandbox is needed for this test: %v", err)
	}
	f := newFixture(t, func(c *Config) { c.ReadyCheck = SandboxSelfTest(c.DataDir, time.Minute) })
	res := f.do("GET", "/readyz", "", nil, nil)
	if res.StatusCode != 200 || !strings.Contains(body(res), `"sandbox":"ok"`) {
		t.Fatalf("readyz: %d %s", res.StatusCode, body(res))
	}
	bad := newFixture(t, func(c *Config) {
		c.ReadyCheck = func(context.Context) error { return sandbox.ErrUnavailable }
	})
	if res := bad.do("GET", "/readyz", "", nil, nil); res.StatusCode != 503 || strings.Contains(body(res), "unavailable") {
		t.Fatalf("readyz with a failing sandbox: %d %s", res.StatusCode, body(res))
	}
}

// TestStepCommandsRunWarm: within a step, a command after the first runs on a sandbox prepared
// while the first ran (the sandbox issue's warm path, for the server too); each is still its own
// sandbox (a file in /tmp does not survive into the next).
func TestStepCommandsRunWarm(t *testing.T) {
	if err := sandbox.Available(); err != nil {
		t.Fatalf("the sandbox is needed for this test: %v", err)
	}
	f := newFixture(t, func(c *Config) { c.Exec = &sandbox.Config{Timeout: 30 * time.Second} })
	member := f.keys["acme/member"]
	tk := f.createTask(member, "x", map[string]any{"continuous": true})
	f.model.Handler.Append(llmtest.Calls(
		llmtest.Call("c1", "execute_shell", `{"command_line":"echo one > /tmp/left; echo first"}`),
		llmtest.Call("c2", "execute_shell", `{"command_line":"cat /tmp/left 2>/dev/null || echo fresh"}`),
	))
	st, res := f.step(member, tk.TaskID, nil)
	out := decodeOutput(t, st)
	if res.StatusCode != 200 || len(out.ToolCalls) != 2 {
		t.Fatalf("step: %d %+v", res.StatusCode, out)
	}
	first, second := out.ToolCalls[0].Output, out.ToolCalls[1].Output
	if !strings.Contains(first, "sandbox started for it") || !strings.Contains(first, "first") {
		t.Fatalf("first command: %q", first)
	}
	if !strings.Contains(second, "sandbox prepared ahead") || !strings.Contains(second, "fresh") {
		t.Fatalf("second command did not run warm on a fresh sandbox: %q", second)
	}
}
