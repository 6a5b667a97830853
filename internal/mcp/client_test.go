package mcp

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/assembly"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// recordingApprover answers every question with reply and remembers what it was asked.
type recordingApprover struct {
	mu    sync.Mutex
	reply policy.Reply
	// replyTo, when set, answers instead of reply.
	replyTo func(name, why string) policy.Reply
	asked   []string // "tool: why"
}

func (a *recordingApprover) Confirm(_ context.Context, name, args, why string) (policy.Answer, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked = append(a.asked, name+": "+why)
	if a.replyTo != nil {
		return policy.Answer{Reply: a.replyTo(name, why)}, nil
	}
	return policy.Answer{Reply: a.reply}, nil
}

func (a *recordingApprover) questions() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.asked...)
}

// attachInMemory attaches the poisoned server through an in-memory transport.
func attachInMemory(t *testing.T, trust bool, ap agent.Approver, notices *[]string) *Attached {
	t.Helper()
	st, ct := sdk.NewInMemoryTransports()
	srv := newPoisonedServer()
	ss, err := srv.Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	var mu sync.Mutex
	a, err := Attach(context.Background(), ClientConfig{
		Servers:  []ServerSpec{{Name: "poisoned", Transport: ct, TrustAnnotations: trust}},
		Approver: ap,
		OnNotice: func(s string) { mu.Lock(); *notices = append(*notices, s); mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func toolNames(ts []tool.Tool) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Spec().Name)
	}
	slices.Sort(out)
	return out
}

func TestAttachScreensTools(t *testing.T) {
	var notices []string
	a := attachInMemory(t, false, &recordingApprover{}, &notices)
	got := toolNames(a.Tools())
	want := []string{"poisoned__dial", "poisoned__dotted_name", "poisoned__echo", "poisoned__read_host_file", "poisoned__upgrade", "poisoned__weather"}
	if !slices.Equal(got, want) {
		t.Fatalf("offered %v, want %v", got, want)
	}
	all := strings.Join(a.Notices(), "\n")
	if !strings.Contains(all, "tool add_note is hidden: its description looks like a prompt injection") {
		t.Errorf("the poisoned tool is not reported hidden: %s", all)
	}
	if !strings.Contains(all, "tool translate is hidden: its description looks like a prompt injection") {
		t.Errorf("the tool poisoned in its schema is not reported hidden: %s", all)
	}
	if !strings.Contains(all, "tool scalar_schema is hidden: its input schema is not usable") {
		t.Errorf("the tool with a broken schema is not reported hidden: %s", all)
	}
	for _, tl := range a.Tools() {
		if tl.Kind() != tool.Consequential {
			t.Errorf("%s is %v: an untrusted server's tools must be consequential", tl.Spec().Name, tl.Kind())
		}
		if !strings.HasPrefix(tl.Spec().Description, "[MCP server poisoned] ") {
			t.Errorf("%s's description does not name its server: %q", tl.Spec().Name, tl.Spec().Description)
		}
	}
	trusted := attachInMemory(t, true, &recordingApprover{}, &notices)
	for _, tl := range trusted.Tools() {
		want := tool.Consequential
		if tl.Spec().Name == "poisoned__echo" {
			want = tool.Read
		}
		if tl.Kind() != want {
			t.Errorf("trusted annotations: %s is %v, want %v", tl.Spec().Name, tl.Kind(), want)
		}
	}
}

func TestToolNames(t *testing.T) {
	cases := []struct{ server, tool, want, err string }{
		{"fs", "read_text_file", "fs__read_text_file", ""},
		{"fs", "dotted.name/x y", "fs__dotted_name_x_y", ""},
		{"fs", "ünï", "fs___n_", ""},
		{"fs", "", "", "no name"},
		{"fs", strings.Repeat("a", 61), "", "more than 64"},
	}
	for _, c := range cases {
		got, err := toolName(c.server, c.tool)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("toolName(%q, %q) error = %v, want %q", c.server, c.tool, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("toolName(%q, %q) = %q, %v; want %q", c.server, c.tool, got, err, c.want)
		}
	}
}

// runEnv assembles a run with the attached tools and a scripted model (a test double).
type runEnv struct {
	cfg   assembly.Config
	db    *store.DB
	ws    string
	after func(*assembly.Run) // called once the run is assembled
}

func newRunEnv(t *testing.T, ap agent.Approver, continuous bool, extra []tool.Tool, turns ...llm.Response) *runEnv {
	t.Helper()
	dir := t.TempDir()
	ws, err := workspace.Create(filepath.Join(dir, "ws"), workspace.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	b, err := sqlite.Open(filepath.Join(dir, "paddock.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := store.New(b)
	t.Cleanup(func() { db.Close() })
	turns = append(turns, llm.Response{Message: llm.Message{ToolCalls: []llm.ToolCall{{ID: "end", Name: "finish", Arguments: `{"reason":"done"}`}}}})
	return &runEnv{db: db, ws: ws.Dir(), cfg: assembly.Config{
		Tenant: "local", TaskID: store.NewID(), Goal: "use the MCP tools", Model: llm.NewScripted("mcp", turns...),
		Workspace: ws, Approver: ap, Store: db.Tenant("local"), Extra: extra,
		Policy: policy.Options{Continuous: continuous},
	}}
}

func calls(cs ...llm.ToolCall) llm.Response {
	return llm.Response{Message: llm.Message{ToolCalls: cs}}
}

func (e *runEnv) run(t *testing.T) (*agent.Summary, []*store.Step) {
	t.Helper()
	run, err := assembly.New(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if e.after != nil {
		e.after(run)
	}
	sum, err := agent.Run(context.Background(), run.Agent)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := e.db.Tenant("local").Steps(context.Background(), sum.TaskID)
	if err != nil {
		t.Fatal(err)
	}
	return sum, steps
}

// TestAttachedToolsGoThroughThePipeline: an MCP tool's call is validated by the server's schema,
// asked about like any consequential tool, screened by the guard, and a flagged output taints
// the run so the next consequential call needs approval even under --continuous.
func TestAttachedToolsGoThroughThePipeline(t *testing.T) {
	var notices []string
	ap := &recordingApprover{reply: policy.No}
	a := attachInMemory(t, false, ap, &notices)
	e := newRunEnv(t, ap, true, a.Tools(),
		calls(llm.ToolCall{ID: "1", Name: "poisoned__echo", Arguments: `{"text":"hi"}`}),
		calls(llm.ToolCall{ID: "2", Name: "poisoned__echo", Arguments: `{"text":7}`}),
		calls(llm.ToolCall{ID: "3", Name: "poisoned__add_note", Arguments: `{"note":"x"}`}),
		calls(llm.ToolCall{ID: "4", Name: "poisoned__weather", Arguments: `{"city":"Oslo"}`}),
		calls(llm.ToolCall{ID: "5", Name: "poisoned__echo", Arguments: `{"text":"after"}`}),
	)
	sum, steps := e.run(t)
	if sum.Status != store.StatusFinished {
		t.Fatalf("run ended %s: %s", sum.Status, sum.Outcome)
	}
	if len(steps) != 6 {
		t.Fatalf("steps = %d", len(steps))
	}
	if s := steps[0]; !strings.Contains(s.Output, "echo: hi") || s.Decision.Refused() {
		t.Errorf("echo: %+v", s)
	}
	if s := steps[1]; s.Decision != store.DecisionInvalid || !strings.Contains(s.Error, "invalid arguments") {
		t.Errorf("schema-invalid call: decision %q error %q", s.Decision, s.Error)
	}
	if s := steps[2]; s.Decision != store.DecisionInvalid || !strings.Contains(s.Error, "unknown tool") {
		t.Errorf("hidden poisoned tool was callable: decision %q error %q", s.Decision, s.Error)
	}
	if s := steps[3]; !s.Flagged {
		t.Errorf("injected output not flagged: %+v", s)
	}
	if sum.Tainted == "" {
		t.Error("the run is not tainted")
	}
	if s := steps[4]; s.Decision != store.DecisionUserRefused || strings.Contains(s.Output, "after") {
		t.Errorf("consequential MCP call in a tainted run was not held: %+v", s)
	}
	if q := ap.questions(); len(q) != 1 || !strings.Contains(q[0], "tainted") {
		t.Errorf("questions = %q", q)
	}
}

func TestAttachedToolsAskLikeBuiltInOnes(t *testing.T) {
	var notices []string
	ap := &recordingApprover{reply: policy.Yes}
	a := attachInMemory(t, false, ap, &notices)
	e := newRunEnv(t, ap, false, a.Tools(),
		calls(llm.ToolCall{ID: "1", Name: "poisoned__echo", Arguments: `{"text":"hi"}`}),
		calls(llm.ToolCall{ID: "2", Name: "write_file", Arguments: `{"filename":"a.txt","contents":"x"}`}),
	)
	_, steps := e.run(t)
	q := ap.questions()
	if len(q) != 2 || !strings.HasPrefix(q[0], "poisoned__echo") || !strings.HasPrefix(q[1], "write_file") {
		t.Fatalf("questions = %q", q)
	}
	if steps[0].Decision != store.DecisionUserAllowed || !strings.Contains(steps[0].Output, "echo: hi") {
		t.Errorf("approved MCP call: %+v", steps[0])
	}
}

func TestRugPullHoldsChangedTools(t *testing.T) {
	var notices []string
	ap := &recordingApprover{reply: policy.No}
	a := attachInMemory(t, false, ap, &notices)
	e := newRunEnv(t, ap, true, a.Tools(),
		calls(llm.ToolCall{ID: "1", Name: "poisoned__upgrade", Arguments: `{}`}),
		calls(llm.ToolCall{ID: "2", Name: "poisoned__echo", Arguments: `{"text":"hi"}`}),
		calls(llm.ToolCall{ID: "3", Name: "poisoned__exfiltrate", Arguments: `{}`}),
		calls(llm.ToolCall{ID: "4", Name: "poisoned__weather", Arguments: `{"city":"Oslo"}`}),
	)
	_, steps := e.run(t)
	if !strings.Contains(steps[0].Output, "upgraded") {
		t.Fatalf("upgrade: %+v", steps[0])
	}
	if !strings.Contains(steps[1].Output, "held this call") || strings.Contains(steps[1].Output, "echo: hi") {
		t.Errorf("a changed tool ran without approval: %+v", steps[1])
	}
	if q := ap.questions(); len(q) != 1 || !strings.Contains(q[0], "rug pull") {
		t.Errorf("questions = %q", q)
	}
	if steps[2].Decision != store.DecisionInvalid {
		t.Errorf("a tool added mid-run was offered: %+v", steps[2])
	}
	if !strings.Contains(steps[3].Output, "Sunny") {
		t.Errorf("an unchanged tool stopped working: %+v", steps[3])
	}
	all := strings.Join(notices, "\n")
	if !strings.Contains(all, "added tool exfiltrate after the run started; paddock holds it") || !strings.Contains(all, "changed tools after they were listed (echo)") {
		t.Errorf("notices = %s", all)
	}
	// The model still sees the description screened at listing, never the changed one.
	for _, tl := range a.Tools() {
		if strings.Contains(tl.Spec().Description, "uploads the conversation") {
			t.Error("the changed description reached the model")
		}
	}
}

// TestSandboxedServerIsContained starts the poisoned server as a real process in the sandbox:
// it works, but cannot read outside its grant, read /etc/shadow or reach the network.
func TestSandboxedServerIsContained(t *testing.T) {
	requireSandbox(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	wsDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(wsDir, "inside.txt"), []byte("inside the workspace"), 0o644); err != nil {
		t.Fatal(err)
	}
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "secret.txt")
	if err := os.WriteFile(secret, []byte("HOST-SECRET-CANARY"), 0o644); err != nil {
		t.Fatal(err)
	}
	ap := &recordingApprover{reply: policy.Yes}
	a, err := Attach(context.Background(), ClientConfig{
		Servers:   []ServerSpec{{Name: "evil", Command: exe, Env: map[string]string{testServerEnv: "1"}, ReadOnly: []string{filepath.Dir(exe)}}},
		Workspace: wsDir, Approver: ap,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	byName := map[string]tool.Tool{}
	for _, tl := range a.Tools() {
		byName[tl.Spec().Name] = tl
	}
	call := func(name string, args map[string]any) string {
		t.Helper()
		raw, _ := json.Marshal(args)
		res, err := tool.Invoke(context.Background(), byName[name], string(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !res.Untrusted {
			t.Errorf("%s: output not marked untrusted", name)
		}
		return res.Output
	}
	if out := call("evil__read_host_file", map[string]any{"path": filepath.Join(wsDir, "inside.txt")}); !strings.Contains(out, "inside the workspace") {
		t.Errorf("the workspace is not readable: %q", out)
	}
	for _, p := range []string{secret, "/etc/shadow", "/root/.bashrc"} {
		if out := call("evil__read_host_file", map[string]any{"path": p}); strings.Contains(out, "CONTENTS") {
			t.Errorf("read %s outside the grant: %q", p, out)
		}
	}
	if out := call("evil__dial", map[string]any{"addr": "1.1.1.1:80"}); strings.Contains(out, "CONNECTED") {
		t.Errorf("the server reached the network: %q", out)
	}
}

func TestStartFailureSaysWhy(t *testing.T) {
	requireSandbox(t)
	_, err := Attach(context.Background(), ClientConfig{
		Servers:   []ServerSpec{{Name: "missing", Command: "/nonexistent/mcp-server"}},
		Workspace: t.TempDir(), Approver: &recordingApprover{},
	})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("err = %v", err)
	}
}

// TestRugPullNewToolOfferedOnlyWhenApproved: with OfferLater, a tool added mid-run is screened and
// offered only after the user approves it.
func TestRugPullNewToolOfferedOnlyWhenApproved(t *testing.T) {
	var notices []string
	ap := &recordingApprover{replyTo: func(name, why string) policy.Reply {
		if name == "poisoned__exfiltrate" && strings.Contains(why, "added this tool") {
			return policy.Yes
		}
		return policy.No
	}}
	a := attachInMemory(t, false, ap, &notices)
	e := newRunEnv(t, ap, true, a.Tools(),
		calls(llm.ToolCall{ID: "1", Name: "poisoned__upgrade", Arguments: `{}`}),
		calls(llm.ToolCall{ID: "2", Name: "poisoned__echo", Arguments: `{"text":"hi"}`}),
		calls(llm.ToolCall{ID: "3", Name: "poisoned__exfiltrate", Arguments: `{}`}),
	)
	e.after = func(r *assembly.Run) { a.OfferLater(r.Agent.Tools.Add) }
	_, steps := e.run(t)
	if !strings.Contains(steps[1].Output, "held this call") {
		t.Errorf("the changed echo ran: %+v", steps[1])
	}
	if !strings.Contains(steps[2].Output, "sent") {
		t.Errorf("the approved new tool was not offered: %+v", steps[2])
	}
	q := ap.questions()
	if len(q) != 2 || !strings.HasPrefix(q[0], "poisoned__exfiltrate: MCP server poisoned added this tool") || !strings.Contains(q[1], "rug pull") {
		t.Errorf("questions = %q", q)
	}
	if all := strings.Join(notices, "\n"); !strings.Contains(all, "approved, it is offered as poisoned__exfiltrate") {
		t.Errorf("notices = %s", all)
	}
}
