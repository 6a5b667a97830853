package server

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
)

// TestTenantDenyRuleHoldsForEveryMember: the admin's deny rule refuses its calls in every task,
// without asking, whoever created the task and whatever a member approves; members and viewers
// cannot change the rules, and another tenant's rules are its own.
func TestTenantDenyRuleHoldsForEveryMember(t *testing.T) {
	f := newFixture(t, nil,
		llmtest.Calls(llmtest.Call("c1", "write_file", `{"filename":"secret/x","contents":"leak"}`)),
		llmtest.Calls(llmtest.Call("c2", "write_file", `{"filename":"notes.txt","contents":"ok"}`)),
		llmtest.Calls(llmtest.Call("c3", "write_file", `{"filename":"Secret/../secret/y","contents":"leak"}`)),
		llmtest.Calls(llmtest.Call("c4", "write_file", `{"filename":"secret/z","contents":"leak"}`)),
		llmtest.Calls(llmtest.Call("c5", "finish", `{"reason":"done"}`)),
	)
	admin, member, viewer := f.keys["acme/admin"], f.keys["acme/member"], f.keys["acme/viewer"]
	deny := TenantRules{Deny: []string{"write_file(secret/**)"}, Allow: []string{"list_folder"}}
	for _, k := range []string{member, viewer} {
		if res := f.do("PUT", "/paddock/v1/rules", k, TenantRules{Allow: []string{"*"}}, nil); res.StatusCode != http.StatusForbidden {
			t.Fatalf("a non-admin widens the rules: %d %s", res.StatusCode, body(res))
		}
	}
	if res := f.do("PUT", "/paddock/v1/rules", admin, TenantRules{Deny: []string{"write_file(../x)"}}, nil); res.StatusCode != http.StatusBadRequest || !strings.Contains(body(res), "climb out") {
		t.Fatalf("a bad rule: %d", res.StatusCode)
	}
	quota := 100.0
	if res := f.do("PUT", "/paddock/v1/rules", admin, TenantRules{DailyCostUSD: &quota}, nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an admin sets the operator's quota: %d %s", res.StatusCode, body(res))
	}
	if res := f.do("PUT", "/paddock/v1/rules", admin, deny, nil); res.StatusCode != 200 {
		t.Fatalf("the admin sets rules: %d %s", res.StatusCode, body(res))
	}
	var got TenantRules
	if res := f.do("GET", "/paddock/v1/rules", viewer, nil, &got); res.StatusCode != 200 || len(got.Deny) != 1 || got.Deny[0] != "write_file(secret/**)" {
		t.Fatalf("rules as a viewer sees them: %d %+v", res.StatusCode, got)
	}
	if res := f.do("GET", "/paddock/v1/rules", f.keys["beta/admin"], nil, &got); res.StatusCode != 200 || len(got.Deny) != 0 {
		t.Fatalf("beta's rules: %d %+v", res.StatusCode, got)
	}

	// A member's task, not continuous: the denied write is refused without a question.
	tk := f.createTask(member, "write things", nil)
	s1, _ := f.step(member, tk.TaskID, nil)
	o := decodeOutput(t, s1)
	if len(o.ToolCalls) != 1 || o.ToolCalls[0].Decision != string(store.DecisionPolicyRefused) || o.AwaitingApproval != nil ||
		!strings.Contains(o.ToolCalls[0].Error, "rule deny write_file(secret/**) (from tenant acme)") {
		t.Fatalf("denied write: %+v", o)
	}
	// Another write waits; the member approves it "always": that grants notes.txt, nothing more.
	s2, _ := f.step(member, tk.TaskID, nil)
	o = decodeOutput(t, s2)
	if o.AwaitingApproval == nil {
		t.Fatalf("notes.txt did not wait for approval: %+v", o)
	}
	if a := o.AwaitingApproval; a.Reason == "" || a.Reason != a.Why || a.CallID == "" || a.Tool != "write_file" || a.Arguments == "" {
		t.Fatalf("awaiting_approval lacks the issue's fields (call_id, tool, arguments, reason): %+v", a)
	}
	s3, res := f.step(member, tk.TaskID, map[string]any{"additional_input": map[string]any{"approve": true, "always": true, "approval_id": o.AwaitingApproval.ApprovalID}})
	if o = decodeOutput(t, s3); res.StatusCode != 200 || len(o.ToolCalls) != 1 || o.ToolCalls[0].Decision != string(store.DecisionAlwaysAllowed) {
		t.Fatalf("approved step: %d %+v", res.StatusCode, o)
	}
	refused := 0
	for range 5 {
		st, _ := f.step(member, tk.TaskID, nil)
		for _, c := range decodeOutput(t, st).ToolCalls {
			if c.Tool == "write_file" {
				if c.Decision != string(store.DecisionPolicyRefused) {
					t.Fatalf("after an 'always' a denied write was %q: %+v", c.Decision, c)
				}
				refused++
			}
		}
		if st.IsLast {
			break
		}
	}
	if refused != 2 {
		t.Fatalf("%d later writes refused, want 2", refused)
	}
	for _, name := range []string{"secret/x", "secret/y", "secret/z"} {
		if _, err := os.Lstat(filepath.Join(f.workspace("acme", tk.TaskID), name)); err == nil {
			t.Fatalf("%s was written despite the tenant's deny rule", name)
		}
	}
	es, _ := f.st.Tenant("acme").AuditEntries(t.Context(), 0, 1000)
	found, denials := false, 0
	for _, e := range es {
		found = found || (e.Action == "rules.set" && strings.Contains(e.Detail, "write_file(secret/**)"))
		if e.Action == "denial" && strings.Contains(e.Detail, "rule deny write_file(secret/**) (from tenant acme)") {
			denials++
		}
	}
	if !found || denials != 3 {
		t.Fatalf("audit: rules set %v, %d denials naming the rule (want 3)", found, denials)
	}
}

// TestDailyCostQuota: a tenant that spent its daily money quota gets 429 until tomorrow; the
// cost of each step is in its additional_output and in /metrics.
func TestDailyCostQuota(t *testing.T) {
	list := llmtest.Calls(llmtest.Call("c1", "list_folder", `{"folder":"."}`)).WithUsage(1_000_000, 0) // $2.50 at gpt-4o
	f := newFixture(t, func(c *Config) { c.Model.Model = "gpt-4o" }, list, list, list)
	member := f.keys["acme/member"]
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.st.Tenant("acme").SetRules(t.Context(), &store.TenantRules{DailyCostUSD: 4}))
	tk := f.createTask(member, "list", map[string]any{"continuous": true})
	s1, res := f.step(member, tk.TaskID, nil)
	if o := decodeOutput(t, s1); res.StatusCode != 200 || o.CostUSD != 2.5 {
		t.Fatalf("first step: %d cost %v", res.StatusCode, o.CostUSD)
	}
	if _, res := f.step(member, tk.TaskID, nil); res.StatusCode != 200 {
		t.Fatalf("second step: %d %s", res.StatusCode, body(res))
	}
	_, res = f.step(member, tk.TaskID, nil)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body(res), "spent its $4.00") {
		t.Fatalf("third step over the quota: %d %s", res.StatusCode, body(res))
	}
	metrics := body(f.do("GET", "/metrics", f.keys["acme/admin"], nil, nil))
	if !strings.Contains(metrics, `paddock_model_cost_usd_total{tenant="acme"} 5`) || !strings.Contains(metrics, `paddock_denials_total{reason="quota_cost",tenant="acme"} 1`) {
		t.Fatalf("metrics:\n%s", metrics)
	}
	// Another tenant is not affected.
	var got TenantRules
	if res := f.do("GET", "/paddock/v1/rules", f.keys["acme/viewer"], nil, &got); res.StatusCode != 200 || got.SpentTodayUSD == nil || *got.SpentTodayUSD != 5 {
		t.Fatalf("spent today: %d %+v", res.StatusCode, got)
	}
	if res := f.do("GET", "/paddock/v1/rules", f.keys["beta/viewer"], nil, &got); res.StatusCode != 200 || *got.SpentTodayUSD != 0 {
		t.Fatalf("beta spent: %+v", got)
	}
}
