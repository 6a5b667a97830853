package agent

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/store"
)

// heldApprovals is an Approver test double for the API: it answers only calls it holds an answer
// for (by tool name here) and otherwise returns ErrNeedsApproval.
type heldApprovals map[string]policy.Answer

func (h heldApprovals) Confirm(_ context.Context, name, _, _ string) (policy.Answer, error) {
	a, ok := h[name]
	if !ok {
		return policy.Answer{}, ErrNeedsApproval
	}
	delete(h, name)
	return a, nil
}

func TestSessionStepsAndResume(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, policy.Options{}, nil,
		calls(call("1", "write_file", `{"filename":"a.txt","contents":"x"}`), call("2", "list_folder", `{"folder":"."}`)),
		calls(call("3", "finish", `{"reason":"ok"}`)),
	)
	held := heldApprovals{}
	f.cfg.Approver = held
	s, err := Start(ctx, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Step(ctx)
	if err != nil || res.Done || res.Awaiting == nil || res.Awaiting.CallID != "1" || len(res.Steps) != 0 {
		t.Fatalf("first step = %+v, %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "a.txt")); err == nil {
		t.Fatal("a call awaiting approval ran")
	}

	// Save the state as JSON and resume in a new session with fresh rules, as after a restart.
	saved, err := json.Marshal(s.State())
	if err != nil {
		t.Fatal(err)
	}
	var st State
	if err := json.Unmarshal(saved, &st); err != nil {
		t.Fatal(err)
	}
	task, err := f.st.Task(ctx, s.TaskID())
	if err != nil {
		t.Fatal(err)
	}
	rules, _ := policy.New(policy.Options{}, f.cfg.Tools.Names())
	f.cfg.Rules = rules
	held["write_file"] = policy.Answer{Reply: policy.Always}
	s2, err := Resume(f.cfg, task, st)
	if err != nil {
		t.Fatal(err)
	}
	// The same call is asked again, now answered: it runs, then list_folder waits (a read tool).
	res, err = s2.Step(ctx)
	if err != nil || res.Awaiting == nil || res.Awaiting.CallID != "2" || len(res.Steps) != 1 || res.Steps[0].Decision != "always allowed by user" {
		t.Fatalf("resumed step = %+v, %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "a.txt")); err != nil {
		t.Fatal("the approved call did not run")
	}
	held["list_folder"] = policy.Answer{Reply: policy.No, Feedback: "not now"}
	res, err = s2.Step(ctx)
	if err != nil || res.Awaiting != nil || res.Done || len(res.Steps) != 1 || res.Steps[0].Feedback != "not now" {
		t.Fatalf("refused step = %+v, %v", res, err)
	}
	if g := s2.State().Policy.Granted; len(g) != 1 || g[0] != "write_file(./a.txt)" {
		t.Fatalf("policy state = %+v", s2.State().Policy)
	}
	res, err = s2.Step(ctx)
	if err != nil || !res.Done || res.Status != store.StatusFinished {
		t.Fatalf("last step = %+v, %v", res, err)
	}
	res, err = s2.Step(ctx)
	if err != nil || !res.Done || res.Outcome != "ok" {
		t.Fatalf("step after the end = %+v, %v", res, err)
	}
	// The model saw a tool answer for every call of its first reply, in order.
	reqs := f.model.Requests()
	var ids []string
	for _, m := range reqs[len(reqs)-1].Messages {
		if m.Role == llm.RoleTool {
			ids = append(ids, m.ToolCallID)
		}
	}
	if len(ids) != 2 || ids[0] != "1" || ids[1] != "2" {
		t.Fatalf("tool answers = %v", ids)
	}
	stored, _ := f.st.Task(ctx, s.TaskID())
	if stored.Status != store.StatusFinished || stored.Steps != 2 {
		t.Fatalf("stored = %+v", stored)
	}
}

func TestRunWithApproverThatCannotAsk(t *testing.T) {
	f := newFixture(t, policy.Options{}, nil, calls(call("1", "write_file", `{"filename":"a.txt","contents":"x"}`)))
	f.cfg.Approver = heldApprovals{}
	s := f.run(t, context.Background())
	if s.Status != store.StatusFailed {
		t.Fatalf("summary = %+v", s)
	}
}
