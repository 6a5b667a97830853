package policy

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// TestDenyHoldsThroughSymlinks: path rules match the cleaned name lexically; a symlink that would
// make another name reach a denied folder is refused by the workspace, which follows none, so
// what a deny rule protects stays unwritten whichever name the model uses.
func TestDenyHoldsThroughSymlinks(t *testing.T) {
	dir := t.TempDir()
	ws, err := workspace.Create(dir, workspace.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := os.Mkdir(filepath.Join(dir, "secret"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("secret", filepath.Join(dir, "s")); err != nil {
		t.Fatal(err)
	}
	set, err := tool.NewSet(tool.Files(ws)...)
	if err != nil {
		t.Fatal(err)
	}
	var rs RuleSet
	rs.Add(mustRule(t, EffectDeny, "write_file(secret/**)"))
	rs.Add(mustRule(t, EffectAllow, "write_file"))
	rules, _ := New(Options{Rules: rs}, set.Names())
	wf, _ := set.Get("write_file")
	for _, name := range []string{"secret/x", "./secret/x", "s/../secret/x", "SECRET/x", "s/x", "s/./x"} {
		c, err := wf.Prepare(`{"filename":"` + name + `","contents":"leak"}`)
		if err != nil {
			continue // refused before the policy: fine
		}
		d := rules.Decide(c)
		if d.Action == Deny {
			continue
		}
		if _, err := c.Run(context.Background()); err == nil {
			t.Errorf("%s: allowed (%s) and written", name, d.Why)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "secret")); len(entries) != 0 {
		t.Fatalf("the denied folder holds %v", entries)
	}
}
