package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// testTasks: the command line's records, tasks and their steps.
func testTasks(t *testing.T, s *suite) {
	local := s.db.Tenant("local")
	task := &store.Task{Goal: "write a poem", Model: "scripted", Workspace: "/ws"}
	must(t, local.CreateTask(ctx, task))
	if len(task.ID) != 16 || task.Status != store.StatusRunning || task.Tenant != "local" || task.Created.IsZero() || task.Updated != task.Created {
		t.Fatalf("created task = %+v", task)
	}
	got, err := local.Task(ctx, task.ID)
	must(t, err)
	equal(t, got, task, "the task read back")

	is(t, local.CreateTask(ctx, &store.Task{ID: task.ID, Goal: "again"}), store.ErrExists, "a task id taken")

	started := time.Date(2026, 1, 2, 3, 4, 5, 6789, time.UTC)
	var steps []*store.Step
	for i := 1; i <= 3; i++ {
		st := &store.Step{TaskID: task.ID, Turn: i, Tool: "write_file", Arguments: `{"filename":"a"}`, Decision: "allowed by user",
			Feedback: "fine", Output: "ok", Error: "", Flagged: i == 2, PromptTokens: 10, CompletionTokens: 2,
			Started: started.Add(time.Duration(i) * time.Second), Duration: 1500 * time.Microsecond}
		must(t, local.AddStep(ctx, st))
		if st.ID == 0 || st.Tenant != "local" || (len(steps) > 0 && st.ID <= steps[len(steps)-1].ID) {
			t.Fatalf("added step = %+v", st)
		}
		steps = append(steps, st)
	}
	if steps[0].Started != started.Add(time.Second).Truncate(time.Microsecond) {
		t.Errorf("Started is kept to the microsecond in UTC: %v", steps[0].Started)
	}
	gotSteps, err := local.Steps(ctx, task.ID)
	must(t, err)
	equal(t, gotSteps, steps, "steps in order")
	is(t, local.AddStep(ctx, &store.Step{TaskID: "nosuchtask"}), store.ErrNotFound, "a step of a missing task")

	task.Status, task.Outcome, task.Steps, task.PromptTokens, task.CompletionTokens = store.StatusFinished, "done", 3, 30, 6
	must(t, local.UpdateTask(ctx, task))
	if task.Updated.Before(task.Created) {
		t.Errorf("Updated %v before Created %v", task.Updated, task.Created)
	}
	got, err = local.Task(ctx, task.ID)
	must(t, err)
	equal(t, got, task, "the task after UpdateTask")
	is(t, local.UpdateTask(ctx, &store.Task{ID: "nosuchtask", Status: store.StatusFailed}), store.ErrNotFound, "update of a missing task")

	found, err := local.FindTask(ctx, task.ID[:6])
	if err != nil || found.ID != task.ID {
		t.Errorf("FindTask(prefix) = %v, %v", found, err)
	}
	_, err = local.FindTask(ctx, "zzzz")
	is(t, err, store.ErrNotFound, "FindTask of no match")
	_, err = local.FindTask(ctx, task.ID[:3])
	is(t, err, store.ErrNotFound, "FindTask of a prefix under 4 characters")

	// Listing: newest first by Created, then id; a page and the total.
	lister := s.db.Tenant("lister")
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 5 {
		tk := &store.Task{Goal: fmt.Sprint("g", i), Created: base.Add(time.Duration(i) * time.Second)}
		must(t, lister.CreateTask(ctx, tk))
		ids = append(ids, tk.ID)
	}
	page, total, err := lister.Tasks(ctx, 2, 1)
	must(t, err)
	if total != 5 || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[2] {
		t.Errorf("Tasks(2, 1) = %v, total %d", show(page), total)
	}
	if page, total, _ := lister.Tasks(ctx, 10, 5); total != 5 || len(page) != 0 {
		t.Errorf("Tasks past the end = %v, total %d", show(page), total)
	}
	// Two tasks created in the same microsecond list by id, descending.
	same := base.Add(time.Hour)
	a, b := &store.Task{ID: "aaaaaaaaaaaaaaaa", Goal: "a", Created: same}, &store.Task{ID: "bbbbbbbbbbbbbbbb", Goal: "b", Created: same}
	must(t, lister.CreateTask(ctx, a))
	must(t, lister.CreateTask(ctx, b))
	page, _, err = lister.Tasks(ctx, 2, 0)
	must(t, err)
	if len(page) != 2 || page[0].ID != b.ID || page[1].ID != a.ID {
		t.Errorf("ties by Created list by id descending: %v", show(page))
	}
	// Two tasks sharing a prefix make it ambiguous.
	must(t, local.CreateTask(ctx, &store.Task{ID: "abcdxxxxxxxxxxx1", Goal: "x"}))
	must(t, local.CreateTask(ctx, &store.Task{ID: "abcdxxxxxxxxxxx2", Goal: "x"}))
	if _, err := local.FindTask(ctx, "abcd"); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("an ambiguous prefix: %v", err)
	}
}

// testTenants: tenants and their uid slots.
func testTenants(t *testing.T, s *suite) {
	a, err := s.db.CreateTenant(ctx, "acme")
	must(t, err)
	b, err := s.db.CreateTenant(ctx, "beta")
	must(t, err)
	if a.UIDSlot != 1 || b.UIDSlot != 2 || a.Name != "acme" || a.Created.IsZero() {
		t.Fatalf("tenants = %+v %+v", a, b)
	}
	_, err = s.db.CreateTenant(ctx, "acme")
	is(t, err, store.ErrExists, "a tenant name taken")
	got, err := s.db.LookupTenant(ctx, "acme")
	must(t, err)
	equal(t, got, a, "LookupTenant")
	_, err = s.db.LookupTenant(ctx, "ghost")
	is(t, err, store.ErrNotFound, "LookupTenant of no tenant")
	all, err := s.db.Tenants(ctx)
	must(t, err)
	equal(t, all, []*store.Tenant{a, b}, "Tenants")
}

// testKeysAndCredentials: API keys and sealed model credentials.
func testKeysAndCredentials(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme := s.db.Tenant("acme")
	is(t, s.db.Tenant("nobody").AddKey(ctx, &store.APIKey{ID: "k0", Hash: "h0", Role: "admin"}), store.ErrNotFound, "a key of a missing tenant")
	k1 := &store.APIKey{ID: "k1", Hash: "h1", Role: "admin", Label: "ops"}
	must(t, acme.AddKey(ctx, k1))
	k2 := &store.APIKey{ID: "k2", Hash: "h2", Role: "viewer", Created: k1.Created.Add(time.Second)}
	must(t, acme.AddKey(ctx, k2))
	is(t, acme.AddKey(ctx, &store.APIKey{ID: "k1", Hash: "h9", Role: "admin"}), store.ErrExists, "a key id taken")
	is(t, s.db.Tenant("beta").AddKey(ctx, &store.APIKey{ID: "k9", Hash: "h1", Role: "admin"}), store.ErrExists, "a key hash taken")

	got, err := s.db.KeyByHash(ctx, "h1")
	must(t, err)
	equal(t, got, k1, "KeyByHash")
	_, err = s.db.KeyByHash(ctx, "nosuchhash")
	is(t, err, store.ErrNotFound, "KeyByHash of no key")
	keys, err := acme.Keys(ctx)
	must(t, err)
	noHash := func(k store.APIKey) *store.APIKey { k.Hash = ""; return &k }
	equal(t, keys, []*store.APIKey{noHash(*k1), noHash(*k2)}, "Keys (without hashes)")

	must(t, acme.RevokeKey(ctx, "k1"))
	_, err = s.db.KeyByHash(ctx, "h1")
	is(t, err, store.ErrRevoked, "KeyByHash of a revoked key")

	is(t, acme.RevokeKey(ctx, "nosuchkey"), store.ErrNotFound, "revoking no key")
	keys, _ = acme.Keys(ctx)
	if len(keys) != 2 || !keys[0].Revoked || keys[1].Revoked {
		t.Errorf("keys after revoking k1: %s", show(keys))
	}
	// Expiry: kept to the microsecond and listed; at or after it the key is ErrExpired, naming it.
	later := time.Now().Add(time.Hour).UTC().Truncate(time.Microsecond)
	k3 := &store.APIKey{ID: "k3", Hash: "h3", Role: "member", Expires: later, Created: k1.Created.Add(2 * time.Second)}
	must(t, acme.AddKey(ctx, k3))
	got, err = s.db.KeyByHash(ctx, "h3")
	must(t, err)
	equal(t, got, k3, "KeyByHash of a key that expires later")
	k4 := &store.APIKey{ID: "k4", Hash: "h4", Role: "member", Expires: time.Now().Add(-time.Second), Created: k1.Created.Add(3 * time.Second)}
	must(t, acme.AddKey(ctx, k4))
	_, err = s.db.KeyByHash(ctx, "h4")
	is(t, err, store.ErrExpired, "KeyByHash of an expired key")
	var exp *store.ExpiredKeyError
	if !errors.As(err, &exp) || exp.Key.Tenant != "acme" || exp.Key.ID != "k4" {
		t.Errorf("KeyByHash of an expired key: %v, want an ExpiredKeyError naming acme's k4", err)
	}
	keys, err = acme.Keys(ctx)
	must(t, err)
	if len(keys) != 4 || !keys[2].Expires.Equal(later) || keys[3].Expires.IsZero() || !keys[0].Expires.IsZero() {
		t.Errorf("Keys: want the expiries listed, got %+v", keys)
	}

	_, err = acme.Credential(ctx)
	is(t, err, store.ErrNotFound, "no credential yet")
	is(t, s.db.Tenant("nobody").SetCredential(ctx, &store.Credential{BaseURL: "u", Model: "m"}), store.ErrNotFound, "a credential of a missing tenant")
	c := &store.Credential{BaseURL: "https://a.example/v1", Model: "m1", SealedKey: []byte("sealed-1"), KeyID: "mk1"}
	must(t, acme.SetCredential(ctx, c))
	gotC, err := acme.Credential(ctx)
	must(t, err)
	equal(t, gotC, c, "Credential")
	c2 := &store.Credential{BaseURL: "https://b.example/v1", Model: "m2", KeyID: "mk1"} // no key: the server-wide one
	must(t, acme.SetCredential(ctx, c2))
	gotC, _ = acme.Credential(ctx)
	if gotC.Model != "m2" || len(gotC.SealedKey) != 0 || gotC.Tenant != "acme" {
		t.Errorf("replaced credential = %+v", gotC)
	}
	must(t, acme.SetCredential(ctx, c))
	must(t, s.db.Tenant("beta").SetCredential(ctx, &store.Credential{BaseURL: "u", Model: "m", SealedKey: []byte("sealed-b"), KeyID: "mk1"}))

	// Rotation: all or nothing.
	_, err = s.db.ResealCredentials(ctx, func(tenant string, sealed []byte) ([]byte, string, error) {
		if tenant == "beta" {
			return nil, "", errors.New("cannot open")
		}
		return append([]byte("re-"), sealed...), "mk2", nil
	})
	if err == nil {
		t.Fatal("a failed reseal was not reported")
	}
	if c, _ := acme.Credential(ctx); string(c.SealedKey) != "sealed-1" || c.KeyID != "mk1" {
		t.Errorf("a failed rotation changed a credential: %+v", c)
	}
	n, err := s.db.ResealCredentials(ctx, func(tenant string, sealed []byte) ([]byte, string, error) {
		return append([]byte("re-"), sealed...), "mk2", nil
	})
	if err != nil || n != 2 {
		t.Fatalf("reseal = %d, %v", n, err)
	}
	for tenant, want := range map[string]string{"acme": "re-sealed-1", "beta": "re-sealed-b"} {
		if c, _ := s.db.Tenant(tenant).Credential(ctx); string(c.SealedKey) != want || c.KeyID != "mk2" {
			t.Errorf("%s after rotation: %+v", tenant, c)
		}
	}
}

// testRunsAndAPSteps: task runs, Agent Protocol steps and daily usage.
func testRunsAndAPSteps(t *testing.T, s *suite) {
	s.tenants(t, "acme")
	acme := s.db.Tenant("acme")
	task := &store.Task{Goal: "g"}
	run := &store.TaskRun{State: `{"turn":0}`}
	must(t, acme.CreateTaskRun(ctx, task, run))
	if run.Tenant != "acme" || run.TaskID != task.ID || run.AdditionalInput != "{}" || run.Updated != task.Created {
		t.Fatalf("created run = %+v", run)
	}
	gotRun, err := acme.TaskRun(ctx, task.ID)
	must(t, err)
	equal(t, gotRun, run, "TaskRun")
	_, err = acme.TaskRun(ctx, "nosuchtask")
	is(t, err, store.ErrNotFound, "TaskRun of a missing task")
	is(t, acme.CreateTaskRun(ctx, &store.Task{ID: task.ID, Goal: "g"}, &store.TaskRun{State: "{}"}), store.ErrExists, "a task id taken")

	st := &store.APStep{TaskID: task.ID, Name: "first", Input: "hi", AdditionalInput: `{"a":1}`}
	must(t, acme.StartAPStep(ctx, st))
	if st.Seq != 1 || st.Status != store.APStepRunning || st.ID == "" || st.AdditionalOutput != "{}" || st.Created.IsZero() {
		t.Fatalf("started step = %+v", st)
	}
	got, err := acme.APStep(ctx, task.ID, st.ID)
	must(t, err)
	equal(t, got, st, "the running step read back")
	_, err = acme.APStep(ctx, task.ID, "nosuchstep")
	is(t, err, store.ErrNotFound, "APStep of a missing step")
	is(t, acme.StartAPStep(ctx, &store.APStep{TaskID: "nosuchtask"}), store.ErrNotFound, "a step of a missing task")

	st.Status, st.Output, st.AdditionalOutput, st.IsLast = store.APStepCompleted, "done", `{"b":2}`, false
	task.Steps, task.PromptTokens, task.CompletionTokens = 1, 10, 5
	run.State, run.Awaiting = `{"turn":1}`, `{"call_id":"c"}`
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: st, Run: run, Task: task, Steps: 1, Tokens: 15, CPUMillis: 7}))
	got, _ = acme.APStep(ctx, task.ID, st.ID)
	equal(t, got, st, "the finished step read back")
	gotRun, _ = acme.TaskRun(ctx, task.ID)
	equal(t, gotRun, run, "the run after FinishAPStep")
	gotTask, _ := acme.Task(ctx, task.ID)
	equal(t, gotTask, task, "the task after FinishAPStep")
	day := st.Modified.Format(time.DateOnly)
	u, err := acme.UsageOn(ctx, day)
	must(t, err)
	equal(t, u, store.Usage{Steps: 1, Tokens: 15, CPUMillis: 7}, "usage")
	u, err = acme.UsageOn(ctx, "1999-01-01")
	must(t, err)
	equal(t, u, store.Usage{}, "usage of a day without any")
	err = acme.FinishAPStep(ctx, store.StepOutcome{Step: &store.APStep{TaskID: task.ID, ID: "nosuchstep"}, Run: &store.TaskRun{TaskID: task.ID}, Task: &store.Task{ID: task.ID}})
	is(t, err, store.ErrNotFound, "finishing a missing step")
	if err := acme.FinishAPStep(ctx, store.StepOutcome{Step: &store.APStep{TaskID: task.ID, ID: st.ID}, Run: &store.TaskRun{TaskID: "other"}, Task: &store.Task{ID: task.ID}}); err == nil {
		t.Error("a step, run and task of different tasks were finished together")
	}

	// The second step follows; abandoning it leaves it interrupted, and a third can start.
	st2 := &store.APStep{TaskID: task.ID, Input: "more"}
	must(t, acme.StartAPStep(ctx, st2))
	if st2.Seq != 2 {
		t.Errorf("second seq = %d", st2.Seq)
	}
	must(t, acme.AbandonAPStep(ctx, st2.ID, "failed before it finished"))
	got, _ = acme.APStep(ctx, task.ID, st2.ID)
	if got.Status != store.APStepInterrupted || got.Output != "failed before it finished" {
		t.Errorf("abandoned step = %+v", got)
	}
	must(t, acme.AbandonAPStep(ctx, st.ID, "not running")) // a finished step is left as it is
	if got, _ := acme.APStep(ctx, task.ID, st.ID); got.Status != store.APStepCompleted || got.Output != "done" {
		t.Errorf("abandoning a finished step changed it: %+v", got)
	}
	st3 := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, st3))
	list, total, err := acme.APSteps(ctx, task.ID, 2, 1)
	must(t, err)
	if total != 3 || len(list) != 2 || list[0].ID != st2.ID || list[1].ID != st3.ID || list[1].Seq != 3 {
		t.Errorf("APSteps(2, 1) = %s, total %d", show(list), total)
	}
}

// testArtifactsAndShares: artifacts and the grants that share them.
// testStepArtifacts: the artifacts each Agent Protocol step wrote, linked to it, capped per step.
func testStepArtifacts(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	task := s.task(t, "acme")
	st1 := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, st1))
	must(t, acme.AbandonAPStep(ctx, st1.ID, "done"))
	st2 := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, st2))

	first := []*store.Artifact{{FileName: "a.txt", RelativePath: "out", AgentCreated: true}, {FileName: "b.txt", AgentCreated: true}}
	must(t, acme.PutStepArtifacts(ctx, task.ID, st1.ID, first))
	if first[0].ID == "" || first[0].Tenant != "acme" || first[0].TaskID != task.ID || first[1].ID == first[0].ID {
		t.Fatalf("PutStepArtifacts filled %s", show(first))
	}
	time.Sleep(2 * time.Microsecond)
	again := []*store.Artifact{{FileName: "a.txt", RelativePath: "out", AgentCreated: true}}
	must(t, acme.PutStepArtifacts(ctx, task.ID, st2.ID, again))
	if again[0].ID != first[0].ID || !again[0].Modified.After(first[0].Modified) {
		t.Errorf("the same file in a later step = %s, first %s", show(again), show(first[:1]))
	}
	_, total, err := acme.Artifacts(ctx, task.ID, 10, 0)
	must(t, err)
	if total != 2 {
		t.Errorf("the task has %d artifacts, want 2", total)
	}

	arts, counts, err := acme.StepArtifacts(ctx, task.ID, []string{st1.ID, st2.ID, "nosuchstep"}, 10)
	must(t, err)
	if counts[st1.ID] != 2 || len(arts[st1.ID]) != 2 || counts[st2.ID] != 1 || len(arts[st2.ID]) != 1 ||
		arts[st2.ID][0].ID != first[0].ID || len(arts["nosuchstep"]) != 0 {
		t.Errorf("StepArtifacts = %v %v", arts, counts)
	}
	arts, counts, err = acme.StepArtifacts(ctx, task.ID, []string{st1.ID}, 1)
	must(t, err)
	if counts[st1.ID] != 2 || len(arts[st1.ID]) != 1 {
		t.Errorf("StepArtifacts capped at 1 = %v %v", arts, counts)
	}

	is(t, acme.PutStepArtifacts(ctx, task.ID, "nosuchstep", []*store.Artifact{{FileName: "x"}}), store.ErrNotFound, "artifacts of a missing step")
	is(t, beta.PutStepArtifacts(ctx, task.ID, st1.ID, []*store.Artifact{{FileName: "x"}}), store.ErrNotFound, "artifacts of another tenant's step")
	arts, counts, err = beta.StepArtifacts(ctx, task.ID, []string{st1.ID, st2.ID}, 10)
	must(t, err)
	if len(arts) != 0 || len(counts) != 0 {
		t.Errorf("another tenant sees step artifacts %v %v", arts, counts)
	}
}

func testArtifactsAndShares(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	task := s.task(t, "acme")
	a := &store.Artifact{TaskID: task.ID, FileName: "r.txt", RelativePath: "out"}
	must(t, acme.PutArtifact(ctx, a))
	if a.ID == "" || a.Tenant != "acme" || a.Created.IsZero() || a.Modified != a.Created || a.AgentCreated {
		t.Fatalf("put artifact = %+v", a)
	}
	got, err := acme.Artifact(ctx, task.ID, a.ID)
	must(t, err)
	equal(t, got, a, "Artifact")
	time.Sleep(2 * time.Microsecond)
	again := &store.Artifact{TaskID: task.ID, FileName: "r.txt", RelativePath: "out", AgentCreated: true}
	must(t, acme.PutArtifact(ctx, again))
	if again.ID != a.ID || again.Created != a.Created || !again.Modified.After(a.Modified) {
		t.Errorf("the same path again = %+v, first %+v", again, a)
	}
	b := &store.Artifact{TaskID: task.ID, FileName: "r.txt"} // same name, other folder
	must(t, acme.PutArtifact(ctx, b))
	if b.ID == a.ID {
		t.Error("another folder got the same artifact")
	}
	is(t, acme.PutArtifact(ctx, &store.Artifact{TaskID: "nosuchtask", FileName: "x"}), store.ErrNotFound, "an artifact of a missing task")
	_, err = acme.Artifact(ctx, task.ID, "nosuchartifact")
	is(t, err, store.ErrNotFound, "a missing artifact")
	list, total, err := acme.Artifacts(ctx, task.ID, 10, 0)
	must(t, err)
	if total != 2 || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Errorf("Artifacts = %s, total %d", show(list), total)
	}
	list, total, _ = acme.Artifacts(ctx, task.ID, 1, 1)
	if total != 2 || len(list) != 1 || list[0].ID != b.ID {
		t.Errorf("Artifacts(1, 1) = %s, total %d", show(list), total)
	}

	for _, bad := range []*store.Share{
		{TaskID: task.ID, ArtifactID: a.ID, Grantee: "acme"},             // to itself
		{TaskID: task.ID, ArtifactID: a.ID},                              // no grantee
		{TaskID: task.ID, ArtifactID: "nosuchartifact", Grantee: "beta"}, // no such artifact
		{TaskID: "othertask", ArtifactID: a.ID, Grantee: "beta"},         // not that task's
	} {
		is(t, acme.CreateShare(ctx, bad), store.ErrNotFound, fmt.Sprintf("share %+v", bad))
	}
	// A name no tenant has: stored and listed like any share (so creating it does not tell
	// whether the tenant exists), never readable, not even by a tenant created later under it.
	ghost := &store.Share{TaskID: task.ID, ArtifactID: a.ID, Grantee: "ghost"}
	must(t, acme.CreateShare(ctx, ghost))
	if ghost.ID == "" || ghost.GranteeSlot != 0 {
		t.Fatalf("share to no tenant = %+v", ghost)
	}
	_, err = s.db.CreateTenant(ctx, "ghost")
	must(t, err)
	_, _, err = s.db.SharedArtifact(ctx, "ghost", ghost.ID)
	is(t, err, store.ErrNotFound, "a share made before its grantee existed")
	_, ghostReceived, err := s.db.Tenant("ghost").Shares(ctx)
	must(t, err)
	empty(t, ghostReceived, "shares received by a tenant made after them")
	_, err = acme.RevokeShare(ctx, ghost.ID)
	must(t, err)

	sh := &store.Share{TaskID: task.ID, ArtifactID: a.ID, Grantee: "beta"}
	must(t, acme.CreateShare(ctx, sh))
	if sh.ID == "" || sh.Owner != "acme" || sh.Created.IsZero() || sh.Revoked || sh.GranteeSlot == 0 {
		t.Fatalf("share = %+v", sh)
	}
	given, received, err := acme.Shares(ctx)
	must(t, err)
	equal(t, given, []*store.Share{sh}, "acme's given shares")
	empty(t, received, "acme's received shares")
	given, received, err = beta.Shares(ctx)
	must(t, err)
	empty(t, given, "beta's given shares")
	equal(t, received, []*store.Share{sh}, "beta's received shares")

	gotSh, gotA, err := s.db.SharedArtifact(ctx, "beta", sh.ID)
	must(t, err)
	equal(t, gotSh, sh, "the share through SharedArtifact")
	if gotA.ID != a.ID || gotA.Tenant != "acme" {
		t.Errorf("the shared artifact = %+v", gotA)
	}
	_, _, err = s.db.SharedArtifact(ctx, "acme", sh.ID)
	is(t, err, store.ErrNotFound, "the owner through the grantee's door")

	_, err = beta.RevokeShare(ctx, sh.ID)
	is(t, err, store.ErrNotFound, "the grantee revokes")
	revoked, err := acme.RevokeShare(ctx, sh.ID)
	must(t, err)
	if revoked.ID != sh.ID || !revoked.Revoked {
		t.Errorf("revoked = %+v", revoked)
	}
	_, err = acme.RevokeShare(ctx, sh.ID)
	is(t, err, store.ErrNotFound, "revoking twice")
	_, _, err = s.db.SharedArtifact(ctx, "beta", sh.ID)
	is(t, err, store.ErrNotFound, "a revoked share")
	given, received, _ = beta.Shares(ctx)
	if len(given)+len(received) != 0 {
		t.Errorf("revoked shares still listed: %s %s", show(given), show(received))
	}
}

// testAudit: appending and reading a chain.
func testAudit(t *testing.T, s *suite) {
	acme := s.db.Tenant("acme")
	h, err := acme.AuditHead(ctx)
	must(t, err)
	equal(t, h, store.AuditHead{}, "the head of an empty chain")
	e1 := &store.AuditEntry{Actor: "k_1", Action: "tool_call", Target: "t/s", Outcome: "allowed",
		Time: time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("x", 3600))}
	must(t, acme.AppendAudit(ctx, e1, hash))
	if e1.Tenant != "acme" || e1.Seq != 1 || e1.Prev != "" || e1.Detail != "{}" || e1.Hash != hash(e1) ||
		e1.Time != time.Date(2026, 5, 6, 6, 8, 9, 123456000, time.UTC) {
		t.Fatalf("appended = %+v", e1)
	}
	batch := []*store.AuditEntry{
		{Tenant: "acme", Action: "a2"}, {Tenant: "beta", Action: "b1"}, {Tenant: "acme", Action: "a3", Detail: `{"x":1}`},
	}
	must(t, s.db.AppendAuditBatch(ctx, batch, hash))
	if batch[0].Seq != 2 || batch[0].Prev != e1.Hash || batch[1].Seq != 1 || batch[1].Prev != "" || batch[2].Seq != 3 || batch[2].Prev != batch[0].Hash {
		t.Fatalf("batch = %s", show(batch))
	}
	es, err := acme.AuditEntries(ctx, 0, 10)
	must(t, err)
	equal(t, es, []*store.AuditEntry{e1, batch[0], batch[2]}, "acme's entries")
	es, _ = acme.AuditEntries(ctx, 1, 1)
	equal(t, es, []*store.AuditEntry{batch[0]}, "AuditEntries(after 1, limit 1)")
	h, _ = acme.AuditHead(ctx)
	equal(t, h, store.AuditHead{Seq: 3, Hash: batch[2].Hash}, "acme's head")
	tenants, err := s.db.AuditTenants(ctx)
	must(t, err)
	equal(t, tenants, []string{"acme", "beta"}, "AuditTenants")
	must(t, s.db.AppendAuditBatch(ctx, nil, hash))
	is(t, s.db.AppendAuditBatch(ctx, []*store.AuditEntry{{Tenant: "acme"}, {Action: "no tenant"}}, hash), store.ErrNoTenant, "an entry without a tenant")
	if h2, _ := acme.AuditHead(ctx); h2 != h {
		t.Errorf("a refused batch moved the head: %+v", h2)
	}
}

// testNetworkGrants: the hosts a tenant's admin lets its web tools reach; none by default.
func testNetworkGrants(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	got, err := acme.NetworkGrants(ctx)
	must(t, err)
	equal(t, got, []string{}, "grants before any are set")
	must(t, acme.SetNetworkGrants(ctx, []string{"docs.python.org", "*.example.com:8443"}))
	got, err = acme.NetworkGrants(ctx)
	must(t, err)
	equal(t, got, []string{"docs.python.org", "*.example.com:8443"}, "grants")
	got, err = beta.NetworkGrants(ctx)
	must(t, err)
	equal(t, got, []string{}, "another tenant's grants")
	must(t, acme.SetNetworkGrants(ctx, nil))
	got, _ = acme.NetworkGrants(ctx)
	equal(t, got, []string{}, "grants after they were cleared")
	is(t, s.db.Tenant("nobody").SetNetworkGrants(ctx, []string{"x.test"}), store.ErrNotFound, "grants of a missing tenant")
}
