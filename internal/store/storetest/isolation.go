package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// testTenantIsolation: every read, list and write of beta's with acme's ids finds nothing
// (ErrNotFound, as for an id that does not exist) and changes nothing, and no list of beta's
// shows acme's rows.
func testTenantIsolation(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta", "gamma")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")

	// acme's records: a task with a run, a command-line step, a finished and a running AP step,
	// an artifact shared with gamma, a key, a credential, usage and audit entries.
	task := s.task(t, "acme")
	must(t, acme.AddStep(ctx, &store.Step{TaskID: task.ID, Turn: 1, Tool: "read_file"}))
	done := &store.APStep{TaskID: task.ID, Input: "first"}
	must(t, acme.StartAPStep(ctx, done))
	done.Status, task.Steps = store.APStepCompleted, 1
	run, _ := acme.TaskRun(ctx, task.ID)
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: done, Run: run, Task: task, Steps: 1, Tokens: 9}))
	running := &store.APStep{TaskID: task.ID, Input: "second"}
	must(t, acme.StartAPStep(ctx, running))
	art := &store.Artifact{TaskID: task.ID, FileName: "secret.txt"}
	must(t, acme.PutArtifact(ctx, art))
	share := &store.Share{TaskID: task.ID, ArtifactID: art.ID, Grantee: "gamma"}
	must(t, acme.CreateShare(ctx, share))
	must(t, acme.AddKey(ctx, &store.APIKey{ID: "k1", Hash: "acme-h1", Role: "admin"}))
	must(t, acme.SetCredential(ctx, &store.Credential{BaseURL: "https://acme.example/v1", Model: "m", SealedKey: []byte("s"), KeyID: "mk"}))
	must(t, acme.AppendAudit(ctx, &store.AuditEntry{Action: "acme did"}, hash))
	day := done.Modified.Format(time.DateOnly)

	// beta's own records, so that its lists are not trivially empty.
	own := s.task(t, "beta")
	must(t, beta.AddKey(ctx, &store.APIKey{ID: "k1", Hash: "beta-h1", Role: "viewer"})) // the same key id as acme's
	must(t, beta.AppendAudit(ctx, &store.AuditEntry{Action: "beta did"}, hash))

	notFound := func(what string, err error) {
		t.Helper()
		is(t, err, store.ErrNotFound, "beta: "+what)
	}
	_, err := beta.Task(ctx, task.ID)
	notFound("Task", err)
	// A prefix of acme's task that beta's own task does not share: ids begin with their
	// creation time in milliseconds, so two tasks made in the same millisecond share 8 characters.
	prefix := task.ID[:8]
	for strings.HasPrefix(own.ID, prefix) {
		prefix = task.ID[:len(prefix)+1]
	}
	_, err = beta.FindTask(ctx, prefix)
	notFound("FindTask by prefix", err)
	_, err = beta.Steps(ctx, task.ID)
	notFound("Steps", err)
	notFound("AddStep", beta.AddStep(ctx, &store.Step{TaskID: task.ID}))
	notFound("UpdateTask", beta.UpdateTask(ctx, &store.Task{ID: task.ID, Status: store.StatusFailed, Outcome: "hijacked"}))
	_, err = beta.TaskRun(ctx, task.ID)
	notFound("TaskRun", err)
	notFound("StartAPStep", beta.StartAPStep(ctx, &store.APStep{TaskID: task.ID}))
	notFound("FinishAPStep", beta.FinishAPStep(ctx, store.StepOutcome{
		Step: &store.APStep{TaskID: task.ID, ID: running.ID, Status: store.APStepCompleted, Output: "hijacked"},
		Run:  &store.TaskRun{TaskID: task.ID, State: "{}"}, Task: &store.Task{ID: task.ID, Status: store.StatusFailed}, Steps: 100}))
	_ = beta.AbandonAPStep(ctx, running.ID, "hijacked") // nothing of beta's to abandon
	_, err = beta.APStep(ctx, task.ID, done.ID)
	notFound("APStep", err)
	notFound("PutArtifact", beta.PutArtifact(ctx, &store.Artifact{TaskID: task.ID, FileName: "secret.txt"}))
	_, err = beta.Artifact(ctx, task.ID, art.ID)
	notFound("Artifact", err)
	notFound("CreateShare of acme's artifact", beta.CreateShare(ctx, &store.Share{TaskID: task.ID, ArtifactID: art.ID, Grantee: "gamma"}))
	_, err = beta.RevokeShare(ctx, share.ID)
	notFound("RevokeShare", err)
	_, _, err = s.db.SharedArtifact(ctx, "beta", share.ID)
	notFound("SharedArtifact of a grant to gamma", err)
	_, err = beta.Credential(ctx)
	notFound("Credential", err)

	// Lists.
	if ts, total, err := beta.Tasks(ctx, 100, 0); err != nil || total != 1 || len(ts) != 1 || ts[0].ID != own.ID {
		t.Errorf("beta's tasks = %s, total %d, %v", show(ts), total, err)
	}
	if sts, total, err := beta.APSteps(ctx, task.ID, 100, 0); err != nil || total != 0 || len(sts) != 0 {
		t.Errorf("beta lists acme's steps: %s, total %d, %v", show(sts), total, err)
	}
	if as, total, err := beta.Artifacts(ctx, task.ID, 100, 0); err != nil || total != 0 || len(as) != 0 {
		t.Errorf("beta lists acme's artifacts: %s, total %d, %v", show(as), total, err)
	}
	given, received, err := beta.Shares(ctx)
	must(t, err)
	empty(t, given, "beta's given shares")
	empty(t, received, "beta's received shares")
	if u, err := beta.UsageOn(ctx, day); err != nil || u != (store.Usage{}) {
		t.Errorf("beta's usage = %+v, %v", u, err)
	}
	if ks, err := beta.Keys(ctx); err != nil || len(ks) != 1 || ks[0].Tenant != "beta" || ks[0].Role != "viewer" {
		t.Errorf("beta's keys = %s, %v", show(ks), err)
	}
	if es, err := beta.AuditEntries(ctx, 0, 100); err != nil || len(es) != 1 || es[0].Action != "beta did" {
		t.Errorf("beta's audit = %s, %v", show(es), err)
	}
	if h, err := beta.AuditHead(ctx); err != nil || h.Seq != 1 {
		t.Errorf("beta's audit head = %+v, %v", h, err)
	}

	// Writes of beta's with the same ids change only beta's rows.
	must(t, beta.RevokeKey(ctx, "k1"))
	if k, err := s.db.KeyByHash(ctx, "acme-h1"); err != nil || k.Tenant != "acme" {
		t.Errorf("beta revoked acme's key k1: %+v, %v", k, err)
	}
	must(t, beta.SetCredential(ctx, &store.Credential{BaseURL: "https://beta.example/v1", Model: "b"}))
	twin := &store.Task{ID: task.ID, Goal: "beta's twin"} // ids are per tenant
	must(t, beta.CreateTask(ctx, twin))

	// acme's records are as they were.
	got, err := acme.Task(ctx, task.ID)
	must(t, err)
	if got.Goal != task.Goal || got.Status != store.StatusRunning || got.Steps != 1 {
		t.Errorf("acme's task after beta's attempts: %+v", got)
	}
	if st, _ := acme.APStep(ctx, task.ID, running.ID); st.Status != store.APStepRunning || st.Output != "" {
		t.Errorf("acme's running step after beta's attempts: %+v", st)
	}
	if r, _ := acme.TaskRun(ctx, task.ID); r.State != run.State {
		t.Errorf("acme's run after beta's attempts: %+v", r)
	}
	if u, _ := acme.UsageOn(ctx, day); u != (store.Usage{Steps: 1, Tokens: 9}) {
		t.Errorf("acme's usage after beta's attempts: %+v", u)
	}
	if c, _ := acme.Credential(ctx); c.Model != "m" || c.BaseURL != "https://acme.example/v1" {
		t.Errorf("acme's credential after beta's: %+v", c)
	}
	if _, got, err := s.db.SharedArtifact(ctx, "gamma", share.ID); err != nil || got.ID != art.ID {
		t.Errorf("gamma's grant after beta's attempts: %+v, %v", got, err)
	}
	if h, _ := acme.AuditHead(ctx); h.Seq != 1 {
		t.Errorf("acme's audit head = %+v", h)
	}

	// A record naming another tenant cannot be written through this tenant's store.
	for what, err := range map[string]error{
		"CreateTask":    acme.CreateTask(ctx, &store.Task{Tenant: "beta", Goal: "g"}),
		"CreateTaskRun": acme.CreateTaskRun(ctx, &store.Task{Goal: "g"}, &store.TaskRun{Tenant: "beta"}),
		"UpdateTask":    acme.UpdateTask(ctx, &store.Task{Tenant: "beta", ID: own.ID}),
		"AddStep":       acme.AddStep(ctx, &store.Step{Tenant: "beta", TaskID: own.ID}),
		"StartAPStep":   acme.StartAPStep(ctx, &store.APStep{Tenant: "beta", TaskID: own.ID}),
		"FinishAPStep": acme.FinishAPStep(ctx, store.StepOutcome{Step: &store.APStep{TaskID: task.ID, ID: running.ID},
			Run: &store.TaskRun{TaskID: task.ID}, Task: &store.Task{Tenant: "beta", ID: task.ID}}),
		"PutArtifact":   acme.PutArtifact(ctx, &store.Artifact{Tenant: "beta", TaskID: own.ID, FileName: "x"}),
		"CreateShare":   acme.CreateShare(ctx, &store.Share{Owner: "beta", TaskID: task.ID, ArtifactID: art.ID, Grantee: "gamma"}),
		"AddKey":        acme.AddKey(ctx, &store.APIKey{Tenant: "beta", ID: "k2", Hash: "h2"}),
		"SetCredential": acme.SetCredential(ctx, &store.Credential{Tenant: "beta"}),
		"AppendAudit":   acme.AppendAudit(ctx, &store.AuditEntry{Tenant: "beta"}, hash),
	} {
		is(t, err, store.ErrWrongTenant, fmt.Sprintf("acme's %s of beta's record", what))
	}
	if st, _ := acme.APStep(ctx, task.ID, running.ID); st.Status != store.APStepRunning {
		t.Errorf("a refused FinishAPStep changed the step: %+v", st)
	}
}

// testNoTenant: a store without a tenant refuses every call.
func testNoTenant(t *testing.T, s *suite) {
	none := s.db.Tenant("")
	if none.Name() != "" {
		t.Fatal("Name")
	}
	check := func(what string, err error) {
		t.Helper()
		is(t, err, store.ErrNoTenant, what)
	}
	_, err := none.Task(ctx, "x")
	check("Task", err)
	_, err = none.FindTask(ctx, "xxxxx")
	check("FindTask", err)
	_, _, err = none.Tasks(ctx, 10, 0)
	check("Tasks", err)
	check("CreateTask", none.CreateTask(ctx, &store.Task{Goal: "g"}))
	check("CreateTaskRun", none.CreateTaskRun(ctx, &store.Task{Goal: "g"}, &store.TaskRun{}))
	check("UpdateTask", none.UpdateTask(ctx, &store.Task{ID: "x"}))
	check("AddStep", none.AddStep(ctx, &store.Step{TaskID: "x"}))
	_, err = none.Steps(ctx, "x")
	check("Steps", err)
	_, err = none.TaskRun(ctx, "x")
	check("TaskRun", err)
	check("StartAPStep", none.StartAPStep(ctx, &store.APStep{TaskID: "x"}))
	check("FinishAPStep", none.FinishAPStep(ctx, store.StepOutcome{Step: &store.APStep{}, Run: &store.TaskRun{}, Task: &store.Task{}}))
	check("AbandonAPStep", none.AbandonAPStep(ctx, "x", ""))
	_, err = none.APStep(ctx, "x", "y")
	check("APStep", err)
	_, _, err = none.APSteps(ctx, "x", 10, 0)
	check("APSteps", err)
	_, err = none.UsageOn(ctx, "2026-01-01")
	check("UsageOn", err)
	check("PutArtifact", none.PutArtifact(ctx, &store.Artifact{TaskID: "x"}))
	_, err = none.Artifact(ctx, "x", "y")
	check("Artifact", err)
	_, _, err = none.Artifacts(ctx, "x", 10, 0)
	check("Artifacts", err)
	check("CreateShare", none.CreateShare(ctx, &store.Share{Grantee: "g"}))
	_, err = none.RevokeShare(ctx, "x")
	check("RevokeShare", err)
	_, _, err = none.Shares(ctx)
	check("Shares", err)
	check("AddKey", none.AddKey(ctx, &store.APIKey{ID: "k"}))
	_, err = none.Keys(ctx)
	check("Keys", err)
	check("RevokeKey", none.RevokeKey(ctx, "k"))
	check("SetCredential", none.SetCredential(ctx, &store.Credential{}))
	_, err = none.Credential(ctx)
	check("Credential", err)
	check("AppendAudit", none.AppendAudit(ctx, &store.AuditEntry{}, hash))
	_, err = none.AuditEntries(ctx, 0, 10)
	check("AuditEntries", err)
	_, err = none.AuditHead(ctx)
	check("AuditHead", err)
	_, err = s.db.CreateTenant(ctx, "")
	check("CreateTenant", err)
	_, err = s.db.LookupTenant(ctx, "")
	check("LookupTenant", err)
	_, _, err = s.db.SharedArtifact(ctx, "", "x")
	check("SharedArtifact", err)
}
