package storetest

import (
	"encoding/json"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// testReads: TenantReads and StepReads return what the methods of each record return, read one
// by one (a tenant without a credential has none, not an error), and only the tenant's own: a
// task of another tenant is ErrNotFound, like one that does not exist.
func testReads(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	day := "2026-12-04"

	// A tenant with none of its records set.
	got, err := beta.TenantReads(ctx)
	must(t, err)
	equal(t, got.Credential == nil, true, "the credential of a tenant without one")
	want := oneByOne(t, beta)
	equal(t, *got, want, "a bare tenant's reads")

	must(t, acme.SetRules(ctx, &store.TenantRules{Deny: []string{"write_file(secret/**)"}, DailyCostUSD: 1.5}))
	must(t, acme.SetCredential(ctx, &store.Credential{BaseURL: "https://a.example/v1", Model: "m", SealedKey: []byte{1, 2}, KeyID: "mk"}))
	must(t, acme.SetNetworkGrants(ctx, []string{"api.example.com"}))
	must(t, acme.AddMCPServer(ctx, &store.MCPServer{Name: "fs", Spec: json.RawMessage(`{"command":"/usr/bin/mcp-fs"}`)}))
	task := &store.Task{Goal: "g", Model: "m", Workspace: "/ws"}
	run := &store.TaskRun{AdditionalInput: `{"continuous":true}`, State: `{"turn":0}`}
	must(t, acme.CreateTaskRun(ctx, task, run))
	ap := &store.APStep{TaskID: task.ID, Name: "n"}
	must(t, acme.StartAPStep(ctx, ap))
	ap.Status = store.APStepCompleted
	ap.Modified = ap.Created
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: ap, Run: run, Task: task, Steps: 1, Tokens: 7, CPUMillis: 3}))
	stepDay := ap.Modified.UTC().Format("2006-01-02")

	got, err = acme.TenantReads(ctx)
	must(t, err)
	if got.Credential == nil || got.Credential.KeyID != "mk" || len(got.NetworkGrants) != 1 || len(got.MCPServers) != 1 || got.Rules.DailyCostUSD != 1.5 {
		t.Errorf("tenant reads: %s", show(got))
	}
	equal(t, *got, oneByOne(t, acme), "a tenant's reads")

	sr, err := acme.StepReads(ctx, task.ID, stepDay)
	must(t, err)
	wantTask, err := acme.Task(ctx, task.ID)
	must(t, err)
	wantRun, err := acme.TaskRun(ctx, task.ID)
	must(t, err)
	wantUsage, err := acme.UsageOn(ctx, stepDay)
	must(t, err)
	equal(t, sr.Task, wantTask, "step reads: the task")
	equal(t, sr.Run, wantRun, "step reads: the run")
	equal(t, sr.Usage, wantUsage, "step reads: the usage")
	equal(t, sr.Usage.Steps, int64(1), "step reads: the usage's steps")
	equal(t, sr.TenantReads, oneByOne(t, acme), "step reads: the tenant's records")
	if stepDay != day {
		sr, err = acme.StepReads(ctx, task.ID, day)
		must(t, err)
		equal(t, sr.Usage, store.Usage{}, "step reads: the usage of a day without any")
	}

	_, err = beta.StepReads(ctx, task.ID, day)
	is(t, err, store.ErrNotFound, "step reads of another tenant's task")
	_, err = acme.StepReads(ctx, "no-such-task", day)
	is(t, err, store.ErrNotFound, "step reads of a task that does not exist")
	if _, err := acme.StepReads(ctx, task.ID, "yesterday"); err == nil {
		t.Error("step reads took a day that is not YYYY-MM-DD")
	}
	_, err = s.db.Tenant("").TenantReads(ctx)
	is(t, err, store.ErrNoTenant, "tenant reads without a tenant")

	// BeginAPStep: the reads StepReads gives, and the step on record as running with the next seq.
	begun := &store.APStep{TaskID: task.ID, Name: "begun", Input: "in"}
	br, err := acme.BeginAPStep(ctx, task.ID, stepDay, begun)
	must(t, err)
	equal(t, br.Task, wantTask, "begin: the task")
	equal(t, br.Run, wantRun, "begin: the run")
	equal(t, br.Usage, wantUsage, "begin: the usage")
	equal(t, br.TenantReads, oneByOne(t, acme), "begin: the tenant's records")
	gotStep, err := acme.APStep(ctx, task.ID, begun.ID)
	must(t, err)
	equal(t, gotStep, begun, "the begun step read back")
	equal(t, begun.Status, store.APStepRunning, "a begun step's status")
	equal(t, begun.Seq, ap.Seq+1, "a begun step's seq")

	// While it runs no other step of the task begins or starts.
	again := &store.APStep{TaskID: task.ID}
	_, err = acme.BeginAPStep(ctx, task.ID, stepDay, again)
	is(t, err, store.ErrStepRunning, "beginning a step while one runs")
	is(t, acme.StartAPStep(ctx, &store.APStep{TaskID: task.ID}), store.ErrStepRunning, "starting a step while a begun one runs")
	for name, try := range map[string]func() error{
		"another tenant's task": func() error {
			_, err := beta.BeginAPStep(ctx, task.ID, day, &store.APStep{TaskID: task.ID})
			return err
		},
		"no task": func() error {
			_, err := acme.BeginAPStep(ctx, "no-such-task", day, &store.APStep{TaskID: "no-such-task"})
			return err
		},
	} {
		is(t, try(), store.ErrNotFound, "beginning a step of "+name)
	}
	if _, err := acme.BeginAPStep(ctx, task.ID, day, &store.APStep{TaskID: "other"}); err == nil {
		t.Error("began a step of another task than the one read")
	}
	if _, err := acme.BeginAPStep(ctx, task.ID, "today", &store.APStep{TaskID: task.ID}); err == nil {
		t.Error("began a step with a day that is not YYYY-MM-DD")
	}

	// A begun step refused before it did anything is discarded: gone, and its seq is the next
	// step's. Discarding takes back only a running step of the tenant's.
	must(t, beta.DiscardAPStep(ctx, task.ID, begun.ID))
	_, err = acme.APStep(ctx, task.ID, begun.ID)
	must(t, err)
	must(t, acme.DiscardAPStep(ctx, task.ID, begun.ID))
	_, err = acme.APStep(ctx, task.ID, begun.ID)
	is(t, err, store.ErrNotFound, "a discarded step")
	next := &store.APStep{TaskID: task.ID}
	_, err = acme.BeginAPStep(ctx, task.ID, stepDay, next)
	must(t, err)
	equal(t, next.Seq, begun.Seq, "the seq of the step begun after a discarded one")
	next.Status = store.APStepCompleted
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: next, Run: run, Task: task, Steps: 1}))
	must(t, acme.DiscardAPStep(ctx, task.ID, next.ID))
	gotStep, err = acme.APStep(ctx, task.ID, next.ID)
	must(t, err)
	equal(t, gotStep.Status, store.APStepCompleted, "a finished step after a discard")
}

// oneByOne reads what TenantReads holds with the method of each record.
func oneByOne(t *testing.T, sc *store.Scope) store.TenantReads {
	t.Helper()
	var out store.TenantReads
	var err error
	out.Rules, err = sc.Rules(ctx)
	must(t, err)
	if out.Credential, err = sc.Credential(ctx); err != nil {
		is(t, err, store.ErrNotFound, "credential")
		out.Credential = nil
	}
	out.NetworkGrants, err = sc.NetworkGrants(ctx)
	must(t, err)
	out.MCPServers, err = sc.MCPServers(ctx)
	must(t, err)
	return out
}
