package storetest

import (
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// testFinishWithCalls: a step's tool calls given to FinishAPStep are added with it, in order after
// the calls added before, each given its ID and read back as AddStep's are, with or without audit
// entries; a finish that fails adds none of them and leaves their IDs unset; a call of another
// task or tenant is refused before anything is written.
func testFinishWithCalls(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme := s.db.Tenant("acme")
	task := &store.Task{Goal: "g"}
	run := &store.TaskRun{State: `{"turn":0}`}
	must(t, acme.CreateTaskRun(ctx, task, run))
	started := time.Date(2026, 3, 4, 5, 6, 7, 8999, time.UTC)
	call := func(turn int, tool string) *store.Step {
		return &store.Step{TaskID: task.ID, Turn: turn, Tool: tool, Arguments: `{"a":"é"}`, Decision: "allowed by rule", Feedback: "f",
			Output: "out\x01", Error: "e", Flagged: turn%2 == 0, PromptTokens: int64(turn), CompletionTokens: 2, Started: started, Duration: 1500 * time.Nanosecond}
	}
	before := call(1, "read_file")
	must(t, acme.AddStep(ctx, before))
	finish := func(calls []*store.Step, audit []*store.AuditEntry) (*store.APStep, error) {
		o := store.StepOutcome{Run: run, Task: task, Steps: 1, Calls: calls}
		if audit != nil {
			o.Audit, o.AuditHash = audit, hash
		}
		return startAndFinish(t, acme, o)
	}
	first := []*store.Step{call(2, "write_file"), call(2, "run_command"), call(2, "read_file")}
	_, err := finish(first, nil)
	must(t, err)
	second := []*store.Step{call(3, "web_fetch")}
	_, err = finish(second, []*store.AuditEntry{{Action: "tool_call"}})
	must(t, err)
	_, err = finish(nil, []*store.AuditEntry{{Action: "tool_call"}})
	must(t, err)
	third := []*store.Step{call(4, "a"), call(4, "b")}
	_, err = finish(third, []*store.AuditEntry{{Action: "tool_call"}, {Action: "ap_step"}})
	must(t, err)
	want := append(append(append([]*store.Step{before}, first...), second...), third...)
	for i, c := range want {
		if c.ID == 0 || c.Tenant != "acme" || (i > 0 && c.ID <= want[i-1].ID) {
			t.Fatalf("call %d after the finish: %+v", i, c)
		}
	}
	equal(t, first[0].Started, started.Truncate(time.Microsecond), "a call's start, kept to the microsecond")
	got, err := acme.Steps(ctx, task.ID)
	must(t, err)
	equal(t, got, want, "the task's calls")

	// A finish that fails adds none of its calls.
	lost := []*store.Step{call(5, "lost")}
	err = acme.FinishAPStep(ctx, store.StepOutcome{Step: &store.APStep{TaskID: task.ID, ID: "no-such-step", Status: store.APStepCompleted},
		Run: run, Task: task, Calls: lost})
	is(t, err, store.ErrNotFound, "finishing a step that does not exist")
	equal(t, lost[0].ID, int64(0), "the ID of a call not added")
	open := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, open))
	open.Status = store.APStepCompleted
	for name, c := range map[string]*store.Step{"another tenant": {Tenant: "beta", TaskID: task.ID}, "another task": {TaskID: "other"}} {
		if err := acme.FinishAPStep(ctx, store.StepOutcome{Step: open, Run: run, Task: task, Calls: []*store.Step{call(6, "ok"), c}}); err == nil {
			t.Errorf("a step's finish added a call of %s", name)
		}
	}
	got, err = acme.Steps(ctx, task.ID)
	must(t, err)
	equal(t, got, want, "the task's calls after finishes that failed")
	st, err := acme.APStep(ctx, task.ID, open.ID)
	must(t, err)
	equal(t, st.Status, store.APStepRunning, "a step whose finish was refused")
}
