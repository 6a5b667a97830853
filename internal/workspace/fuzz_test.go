package workspace

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzNoEscape proves that no name, however built, reads or writes outside the workspace: the
// parent holds a canary file and a symlink farm pointing out; after each operation the canary is
// unchanged and nothing new exists beside the workspace.
func FuzzNoEscape(f *testing.F) {
	for _, s := range []string{"../canary", "a/../../canary", "/canary", "link/canary", "link", "up/../canary",
		"x/./../../canary", "..", ".", "a//b", "sub/../..", "\\..\\canary", "loop/x", "C:\\x", "~root"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	parent := f.TempDir()
	ws := filepath.Join(parent, "ws")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		f.Fatal(err)
	}
	canary := filepath.Join(parent, "canary")
	if err := os.WriteFile(canary, []byte("CANARY"), 0o600); err != nil {
		f.Fatal(err)
	}
	for name, target := range map[string]string{"link": parent, "up": "..", "abs": canary, "loop": "loop"} {
		if err := os.Symlink(target, filepath.Join(ws, name)); err != nil {
			f.Fatal(err)
		}
	}
	w, err := Open(ws, Limits{MaxTotalBytes: 1 << 20})
	if err != nil {
		f.Fatal(err)
	}
	defer w.Close()
	f.Fuzz(func(t *testing.T, name string, write bool) {
		if write {
			_, _ = w.WriteFile(name, []byte("PWNED"))
		} else if r, err := w.ReadFile(name); err == nil && string(r.Data) == "CANARY" {
			t.Fatalf("ReadFile(%q) returned the canary from outside the workspace", name)
		}
		_, _ = w.List(name)
		entries, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("after %q (write=%v) the parent holds %d entries, want 2 (ws, canary)", name, write, len(entries))
		}
		if b, _ := os.ReadFile(canary); string(b) != "CANARY" {
			t.Fatalf("canary outside the workspace changed after %q: %q", name, b)
		}
	})
}
