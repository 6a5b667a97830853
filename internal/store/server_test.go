package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func openServer(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "paddock.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if err := s.MigrateServer(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.MigrateServer(ctx); err != nil {
		t.Fatalf("second migration: %v", err)
	}
	for _, n := range []string{"acme", "beta"} {
		if _, err := s.CreateTenant(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestEveryServerQueryNamesItsTenant is the lint of MT-01: each SQL statement in the server's
// store files filters or writes by tenant (or owner/grantee), apart from a short list of
// statements that by their nature span tenants.
func TestEveryServerQueryNamesItsTenant(t *testing.T) {
	allowed := []string{
		"SELECT coalesce(max(uid_slot), 0) + 1 FROM tenants",          // the next free uid slot
		"SELECT name, uid_slot, created FROM tenants ORDER BY name",   // the operator's tenant list
		"FROM api_keys WHERE hash = ?",                                // the key names the tenant
		"FROM ap_steps WHERE status = ?",                              // start-up recovery
		"SELECT tenant FROM audit_heads UNION SELECT DISTINCT tenant", // the operator's verify
		"INSERT INTO tenants",
		"FROM tenants WHERE name = ?",                                             // a tenant's own row
		"SELECT tenant, sealed_key FROM credentials WHERE sealed_key IS NOT NULL", // master key rotation
	}
	files, _ := filepath.Glob("server*.go")
	stmt := regexp.MustCompile("(?s)`((?:SELECT|INSERT|UPDATE|DELETE)[^`]*)`")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Join statements built as `SELECT ` + cols + ` FROM ...`.
		joined := regexp.MustCompile("`\\s*\\+\\s*\\w+\\s*\\+\\s*`").ReplaceAllString(string(src), " COLS ")
		for _, m := range stmt.FindAllStringSubmatch(joined, -1) {
			q := strings.Join(strings.Fields(m[1]), " ")
			n++
			ok := regexp.MustCompile(`\b(tenant|owner|grantee) = \?`).MatchString(q) ||
				(strings.HasPrefix(q, "INSERT") && strings.Contains(q, "( COLS )")) || // column lists are checked below
				(strings.HasPrefix(q, "INSERT") && regexp.MustCompile(`\((tenant|owner),`).MatchString(q))
			for _, a := range allowed {
				ok = ok || strings.Contains(q, a)
			}
			if !ok {
				t.Errorf("%s: a statement without a tenant predicate: %s", f, q)
			}
		}
	}
	// Every column list used in an INSERT starts with the tenant (or the owner).
	for name, cols := range map[string]string{"apStepCols": apStepCols, "artifactCols": artifactCols, "shareCols": shareCols} {
		if !strings.HasPrefix(cols, "tenant,") && !strings.HasPrefix(cols, "owner,") {
			t.Errorf("%s does not start with the tenant: %s", name, cols)
		}
	}
	if n < 30 {
		t.Fatalf("found only %d statements; the lint is not reading the files", n)
	}
}

func TestTaskRunsStepsAndUsage(t *testing.T) {
	s := openServer(t)
	ctx := context.Background()
	task := &Task{Tenant: "acme", Goal: "g"}
	if err := s.CreateTaskRun(ctx, task, &TaskRun{State: `{"turn":0}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TaskRun(ctx, "beta", task.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("beta reads acme's run: %v", err)
	}
	st := &APStep{Tenant: "acme", TaskID: task.ID, Input: "hi"}
	if err := s.StartAPStep(ctx, st); err != nil || st.Seq != 1 || st.Status != APStepRunning {
		t.Fatalf("start: %+v %v", st, err)
	}
	if err := s.StartAPStep(ctx, &APStep{Tenant: "beta", TaskID: task.ID}); err == nil {
		t.Fatal("beta started a step on acme's task")
	}
	if err := s.StartAPStep(ctx, &APStep{Tenant: "acme", TaskID: task.ID}); !errors.Is(err, ErrStepRunning) {
		t.Fatalf("a second step while one runs: %v", err)
	}
	st.Status, st.Output = APStepCompleted, "done"
	task.Steps, task.PromptTokens = 1, 10
	run := &TaskRun{Tenant: "acme", TaskID: task.ID, State: `{"turn":1}`, Awaiting: `{"call_id":"c"}`}
	if err := s.FinishAPStep(ctx, StepOutcome{Step: st, Run: run, Task: task, Steps: 1, Tokens: 15, CPUMillis: 7}); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishAPStep(ctx, StepOutcome{Step: &APStep{Tenant: "beta", TaskID: task.ID, ID: st.ID}, Run: &TaskRun{Tenant: "beta", TaskID: task.ID},
		Task: &Task{Tenant: "beta", ID: task.ID}}); err == nil {
		t.Fatal("beta finished acme's step")
	}
	got, _ := s.TaskRun(ctx, "acme", task.ID)
	if got.State != `{"turn":1}` || got.Awaiting != `{"call_id":"c"}` {
		t.Fatalf("run = %+v", got)
	}
	steps, total, _ := s.APSteps(ctx, "acme", task.ID, 10, 0)
	if total != 1 || steps[0].Output != "done" || steps[0].Input != "hi" {
		t.Fatalf("steps = %+v", steps)
	}
	if _, n, _ := s.APSteps(ctx, "beta", task.ID, 10, 0); n != 0 {
		t.Fatal("beta lists acme's steps")
	}
	u, _ := s.UsageOn(ctx, "acme", st.Modified.Format("2006-01-02"))
	if u != (Usage{Steps: 1, Tokens: 15, CPUMillis: 7}) {
		t.Fatalf("usage = %+v", u)
	}
	tk, _ := s.Task(ctx, "acme", task.ID)
	if tk.Steps != 1 || tk.PromptTokens != 10 {
		t.Fatalf("task = %+v", tk)
	}
	// A step left running is marked at the next start.
	st2 := &APStep{Tenant: "acme", TaskID: task.ID}
	s.StartAPStep(ctx, st2)
	cut, err := s.MarkInterruptedSteps(ctx, "stopped")
	if err != nil || len(cut) != 1 || cut[0].ID != st2.ID {
		t.Fatalf("marked %+v, %v", cut, err)
	}
	again, _ := s.APStep(ctx, "acme", task.ID, st2.ID)
	if again.Status != APStepInterrupted || again.Output != "stopped" {
		t.Fatalf("after marking: %+v", again)
	}
}

func TestKeysAndShares(t *testing.T) {
	s := openServer(t)
	ctx := context.Background()
	if _, err := s.CreateTenant(ctx, "acme"); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate tenant: %v", err)
	}
	if err := s.AddKey(ctx, &APIKey{Tenant: "nobody", ID: "k1", Hash: "h1", Role: "admin"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("key of a missing tenant: %v", err)
	}
	if err := s.AddKey(ctx, &APIKey{Tenant: "acme", ID: "k1", Hash: "h1", Role: "admin"}); err != nil {
		t.Fatal(err)
	}
	if k, err := s.KeyByHash(ctx, "h1"); err != nil || k.Tenant != "acme" {
		t.Fatalf("key = %+v, %v", k, err)
	}
	if err := s.RevokeKey(ctx, "beta", "k1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("beta revokes acme's key: %v", err)
	}
	s.RevokeKey(ctx, "acme", "k1")
	if _, err := s.KeyByHash(ctx, "h1"); !errors.Is(err, ErrRevoked) {
		t.Fatalf("revoked key: %v", err)
	}

	task := &Task{Tenant: "acme", Goal: "g"}
	s.CreateTaskRun(ctx, task, &TaskRun{State: "{}"})
	a := &Artifact{Tenant: "acme", TaskID: task.ID, FileName: "r.txt"}
	if err := s.PutArtifact(ctx, a); err != nil {
		t.Fatal(err)
	}
	id := a.ID
	a2 := &Artifact{Tenant: "acme", TaskID: task.ID, FileName: "r.txt"}
	s.PutArtifact(ctx, a2)
	if a2.ID != id {
		t.Fatal("the same path got a new artifact id")
	}
	if err := s.PutArtifact(ctx, &Artifact{Tenant: "beta", TaskID: task.ID, FileName: "x"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("beta adds an artifact to acme's task: %v", err)
	}
	for _, bad := range []*Share{
		{Owner: "beta", TaskID: task.ID, ArtifactID: id, Grantee: "acme"},  // not beta's artifact
		{Owner: "acme", TaskID: task.ID, ArtifactID: id, Grantee: "acme"},  // to itself
		{Owner: "acme", TaskID: task.ID, ArtifactID: id, Grantee: "ghost"}, // no such tenant
	} {
		if err := s.CreateShare(ctx, bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("share %+v: %v", bad, err)
		}
	}
	sh := &Share{Owner: "acme", TaskID: task.ID, ArtifactID: id, Grantee: "beta"}
	if err := s.CreateShare(ctx, sh); err != nil {
		t.Fatal(err)
	}
	if _, got, err := s.SharedArtifact(ctx, "beta", sh.ID); err != nil || got.ID != id {
		t.Fatalf("shared = %+v, %v", got, err)
	}
	if _, _, err := s.SharedArtifact(ctx, "acme", sh.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the owner through the grantee's door: %v", err)
	}
	if _, err := s.RevokeShare(ctx, "beta", sh.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the grantee revokes: %v", err)
	}
	s.RevokeShare(ctx, "acme", sh.ID)
	if _, _, err := s.SharedArtifact(ctx, "beta", sh.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after revocation: %v", err)
	}
}

func TestConcurrentServerWritesDoNotFail(t *testing.T) {
	s := openServer(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				task := &Task{Tenant: "acme", Goal: "g"}
				if err := s.CreateTaskRun(ctx, task, &TaskRun{State: "{}"}); err != nil {
					errs <- err
				}
				if err := s.AppendAudit(ctx, &AuditEntry{Tenant: "acme", Action: "x"}, func(*AuditEntry) string { return "h" }); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	h, _ := s.AuditHeadOf(ctx, "acme")
	if h.Seq != 200 {
		t.Fatalf("audit head = %+v", h)
	}
}
