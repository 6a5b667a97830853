package storetest

import (
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// testFinishWithAudit: audit entries given to FinishAPStep go on the tenant's chain with the
// step, after what was appended before and before what is appended after, one chain; a finish
// that fails writes none of them, and entries of another tenant or without a hash function are
// refused before anything is written.
func testFinishWithAudit(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme := s.db.Tenant("acme")
	first := &store.AuditEntry{Action: "before"}
	must(t, acme.AppendAudit(ctx, first, hash))

	task := &store.Task{Goal: "g"}
	run := &store.TaskRun{State: `{"turn":0}`}
	must(t, acme.CreateTaskRun(ctx, task, run))
	finish := func(audit []*store.AuditEntry, h func(*store.AuditEntry) string) (*store.APStep, error) {
		return startAndFinish(t, acme, store.StepOutcome{Run: run, Task: task, Steps: 1, Audit: audit, AuditHash: h})
	}
	stepEntries := []*store.AuditEntry{{Action: "tool_call", Detail: `{"tool":"x"}`}, {Action: "ap_step", Outcome: "200"}}
	st, err := finish(stepEntries, hash)
	must(t, err)
	got, err := acme.APStep(ctx, task.ID, st.ID)
	must(t, err)
	equal(t, got.Status, store.APStepCompleted, "the step finished with its audit entries")
	if stepEntries[0].Seq != 2 || stepEntries[0].Prev != first.Hash || stepEntries[1].Seq != 3 || stepEntries[1].Prev != stepEntries[0].Hash ||
		stepEntries[0].Tenant != "acme" || stepEntries[1].Detail != "{}" || stepEntries[1].Hash != hash(stepEntries[1]) {
		t.Fatalf("the step's entries: %s", show(stepEntries))
	}
	after := &store.AuditEntry{Action: "after"}
	must(t, acme.AppendAudit(ctx, after, hash))
	equal(t, after.Seq, int64(4), "an entry appended after the step's")
	again := []*store.AuditEntry{{Action: "second step"}}
	_, err = finish(again, hash)
	must(t, err)
	equal(t, again[0].Seq, int64(5), "the next step's entry")

	// A finish that fails writes none of its entries; nor do refused ones.
	lost := []*store.AuditEntry{{Action: "lost"}}
	err = acme.FinishAPStep(ctx, store.StepOutcome{Step: &store.APStep{TaskID: task.ID, ID: "no-such-step", Status: store.APStepCompleted},
		Run: run, Task: task, Audit: lost, AuditHash: hash})
	is(t, err, store.ErrNotFound, "finishing a step that does not exist")
	open := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, open))
	open.Status = store.APStepCompleted
	if err := acme.FinishAPStep(ctx, store.StepOutcome{Step: open, Run: run, Task: task,
		Audit: []*store.AuditEntry{{Tenant: "beta", Action: "x"}}, AuditHash: hash}); err == nil {
		t.Error("a step's finish wrote an audit entry of another tenant")
	}
	if err := acme.FinishAPStep(ctx, store.StepOutcome{Step: open, Run: run, Task: task, Audit: []*store.AuditEntry{{Action: "x"}}}); err == nil {
		t.Error("a step's finish took audit entries without a hash function")
	}
	got, err = acme.APStep(ctx, task.ID, open.ID)
	must(t, err)
	equal(t, got.Status, store.APStepRunning, "a step whose finish was refused")

	es, err := acme.AuditEntries(ctx, 0, 100)
	must(t, err)
	equal(t, es, []*store.AuditEntry{first, stepEntries[0], stepEntries[1], after, again[0]}, "the chain")
	for i, e := range es {
		if e.Hash != hash(e) || (i > 0 && e.Prev != es[i-1].Hash) {
			t.Errorf("entry %d does not chain: %s", e.Seq, show(e))
		}
	}
	h, err := acme.AuditHead(ctx)
	must(t, err)
	equal(t, h, store.AuditHead{Seq: 5, Hash: again[0].Hash}, "the head")
	bh, err := s.db.Tenant("beta").AuditHead(ctx)
	must(t, err)
	equal(t, bh, store.AuditHead{}, "another tenant's head")
}

// startAndFinish starts a step of o's task and finishes it as completed with o, and returns it.
func startAndFinish(t *testing.T, sc *store.Scope, o store.StepOutcome) (*store.APStep, error) {
	t.Helper()
	st := &store.APStep{TaskID: o.Task.ID}
	must(t, sc.StartAPStep(ctx, st))
	st.Status = store.APStepCompleted
	o.Step = st
	return st, sc.FinishAPStep(ctx, o)
}
