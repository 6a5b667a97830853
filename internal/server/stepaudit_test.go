package server

import (
	"context"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// TestStepAuditedWithItsFinish: a step's tool calls and its request's own entry are written once,
// in the order the step made them (calls first), with the step's finish; a step refused before
// it ran still gets its request's entry (409); the chain verifies.
func TestStepAuditedWithItsFinish(t *testing.T) {
	f := newFixture(t, nil,
		llmtest.Calls(llmtest.Call("c1", "list_folder", `{"folder":"."}`)),
		llmtest.Calls(llmtest.Call("c2", "write_file", `{"filename":"a.txt","contents":"1"}`)))
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	st, res := f.step(k, tk.TaskID, nil)
	if res.StatusCode != 200 {
		t.Fatalf("step: %d", res.StatusCode)
	}
	st2, res := f.step(k, tk.TaskID, nil) // write_file awaits approval
	if res.StatusCode != 200 || !strings.Contains(string(st2.AdditionalOutput), "awaiting_approval") {
		t.Fatalf("second step: %d %v", res.StatusCode, st2.AdditionalOutput)
	}
	if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != 409 { // no answer to the approval
		t.Fatalf("a step without the awaited answer: %d", res.StatusCode)
	}
	rep, err := audit.Verify(context.Background(), f.st.Tenant("acme"))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	es, _ := f.st.Tenant("acme").AuditEntries(context.Background(), 0, 100)
	const route = "POST /ap/v1/agent/tasks/{task_id}/steps"
	var got []string
	for _, e := range es {
		got = append(got, e.Action+" "+e.Outcome)
	}
	want := []string{"POST /ap/v1/agent/tasks 200",
		"tool_call allowed (pre-approved)", route + " 200",
		"approval_requested awaiting", route + " 200",
		route + " 409"}
	if len(got) != len(want) || rep.Entries != int64(len(want)) {
		t.Fatalf("entries (%d verified):\n got %q\nwant %q", rep.Entries, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("entry %d: got %q, want %q (all: %q)", i+1, got[i], want[i], got)
		}
	}
	if es[1].Target != tk.TaskID+"/"+st.StepID || es[2].Target != tk.TaskID || es[2].Actor == "" {
		t.Errorf("the first step's entries: %+v, %+v", es[1], es[2])
	}
}
