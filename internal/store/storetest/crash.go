package storetest

import (
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// testCrashResume: a step left running when the server stopped is marked interrupted at the next
// start, together with every other tenant's, and nothing else is; its task keeps the state of the
// last finished step and takes the next step.
func testCrashResume(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	task := s.task(t, "acme")
	first := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, first))
	first.Status, task.Steps = store.APStepCompleted, 1
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: first, Run: &store.TaskRun{TaskID: task.ID, State: `{"turn":1}`}, Task: task, Steps: 1}))
	cut := &store.APStep{TaskID: task.ID, Input: "cut short"}
	must(t, acme.StartAPStep(ctx, cut))
	betaTask := s.task(t, "beta")
	betaCut := &store.APStep{TaskID: betaTask.ID}
	must(t, beta.StartAPStep(ctx, betaCut))

	s.reopen(t) // the process stopped; a new one opens the database
	acme = s.db.Tenant("acme")

	marked, err := s.db.MarkInterruptedSteps(ctx, "the server stopped")
	must(t, err)
	if len(marked) != 2 {
		t.Fatalf("marked %s, want acme's and beta's running steps", show(marked))
	}
	ids := map[string]string{}
	for _, st := range marked {
		ids[st.Tenant] = st.ID
		if st.Status != store.APStepInterrupted || st.Output != "the server stopped" {
			t.Errorf("marked step = %+v", st)
		}
	}
	if ids["acme"] != cut.ID || ids["beta"] != betaCut.ID {
		t.Errorf("marked %v, want acme %s and beta %s", ids, cut.ID, betaCut.ID)
	}
	got, err := acme.APStep(ctx, task.ID, cut.ID)
	must(t, err)
	if got.Status != store.APStepInterrupted || got.Output != "the server stopped" || got.Input != "cut short" {
		t.Errorf("the cut step = %+v", got)
	}
	if got, _ := acme.APStep(ctx, task.ID, first.ID); got.Status != store.APStepCompleted {
		t.Errorf("a finished step was marked: %+v", got)
	}
	if again, err := s.db.MarkInterruptedSteps(ctx, "again"); err != nil || len(again) != 0 {
		t.Errorf("a second recovery marked %s, %v", show(again), err)
	}
	run, err := acme.TaskRun(ctx, task.ID)
	must(t, err)
	if run.State != `{"turn":1}` {
		t.Errorf("the run after the crash = %+v, want the last finished step's state", run)
	}
	next := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, next))
	if next.Seq != 3 {
		t.Errorf("the next step's seq = %d, want 3", next.Seq)
	}

}

// testReopen: every committed record reads back the same after the database is closed and opened
// again.
func testReopen(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme := s.db.Tenant("acme")
	tenant, err := s.db.LookupTenant(ctx, "acme")
	must(t, err)
	task := &store.Task{Goal: "keep me", Model: "m", Workspace: "/ws"}
	run := &store.TaskRun{AdditionalInput: `{"continuous":true}`, State: `{"turn":0}`}
	must(t, acme.CreateTaskRun(ctx, task, run))
	step := &store.Step{TaskID: task.ID, Turn: 1, Tool: "exec", Arguments: "{}", Decision: "allowed by user", Output: "out", Flagged: true}
	must(t, acme.AddStep(ctx, step))
	ap := &store.APStep{TaskID: task.ID, Name: "n", Input: "i"}
	must(t, acme.StartAPStep(ctx, ap))
	ap.Status, ap.Output, ap.IsLast = store.APStepCompleted, "o", true
	task.Status, task.Outcome, task.Steps = store.StatusFinished, "done", 1
	run.State = `{"turn":1}`
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: ap, Run: run, Task: task, Steps: 1, Tokens: 3, CPUMillis: 4}))
	art := &store.Artifact{TaskID: task.ID, FileName: "a.txt"}
	must(t, acme.PutArtifact(ctx, art))
	share := &store.Share{TaskID: task.ID, ArtifactID: art.ID, Grantee: "beta"}
	must(t, acme.CreateShare(ctx, share))
	key := &store.APIKey{ID: "k1", Hash: "h1", Role: "admin"}
	must(t, acme.AddKey(ctx, key))
	cred := &store.Credential{BaseURL: "https://a.example/v1", Model: "m", SealedKey: []byte{1, 2, 3}, KeyID: "mk"}
	must(t, acme.SetCredential(ctx, cred))
	entry := &store.AuditEntry{Action: "x"}
	must(t, acme.AppendAudit(ctx, entry, hash))

	s.reopen(t)
	acme = s.db.Tenant("acme")

	gotTenant, err := s.db.LookupTenant(ctx, "acme")
	must(t, err)
	equal(t, gotTenant, tenant, "tenant")
	gotTask, err := acme.Task(ctx, task.ID)
	must(t, err)
	equal(t, gotTask, task, "task")
	gotRun, err := acme.TaskRun(ctx, task.ID)
	must(t, err)
	equal(t, gotRun, run, "run")
	steps, err := acme.Steps(ctx, task.ID)
	must(t, err)
	equal(t, steps, []*store.Step{step}, "steps")
	gotAP, err := acme.APStep(ctx, task.ID, ap.ID)
	must(t, err)
	equal(t, gotAP, ap, "AP step")
	gotArt, err := acme.Artifact(ctx, task.ID, art.ID)
	must(t, err)
	equal(t, gotArt, art, "artifact")
	gotShare, _, err := s.db.SharedArtifact(ctx, "beta", share.ID)
	must(t, err)
	equal(t, gotShare, share, "share")
	gotKey, err := s.db.KeyByHash(ctx, "h1")
	must(t, err)
	equal(t, gotKey, key, "key")
	gotCred, err := acme.Credential(ctx)
	must(t, err)
	equal(t, gotCred, cred, "credential")
	es, err := acme.AuditEntries(ctx, 0, 10)
	must(t, err)
	equal(t, es, []*store.AuditEntry{entry}, "audit")
	u, err := acme.UsageOn(ctx, ap.Modified.Format("2006-01-02"))
	must(t, err)
	equal(t, u, store.Usage{Steps: 1, Tokens: 3, CPUMillis: 4}, "usage")

	// A new tenant after reopening gets the next slot.
	gamma, err := s.db.CreateTenant(ctx, "gamma")
	must(t, err)
	if gamma.UIDSlot != 3 {
		t.Errorf("uid slot after reopening = %d, want 3", gamma.UIDSlot)
	}
}
