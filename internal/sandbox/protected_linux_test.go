package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/workspace"
)

// TestEveryProtectedPathReadOnly: the sandbox protects every entry of workspace.ProtectedPaths (the
// one list host-side writes refuse too) that exists at the workspace's top: a command can neither
// change nor replace it.
func TestEveryProtectedPathReadOnly(t *testing.T) {
	requireAvailable(t)
	ws := t.TempDir()
	var script strings.Builder
	for _, p := range workspace.ProtectedPaths {
		dir, isDir := strings.CutSuffix(p, "/")
		if dir == ".git" {
			continue // git_linux_test.go covers .git
		}
		host := filepath.Join(ws, dir)
		target := dir
		if isDir {
			if err := os.MkdirAll(host, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(host, "f"), []byte("original"), 0o644); err != nil {
				t.Fatal(err)
			}
			target = dir + "/f"
			// A new file inside a protected folder is refused too.
			script.WriteString("echo x > '" + dir + "/new' 2>/dev/null && echo 'WROTE " + dir + "/new'\n")
		} else {
			if err := os.MkdirAll(filepath.Dir(host), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(host, []byte("original"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		script.WriteString("echo x >> '" + target + "' 2>/dev/null && echo 'WROTE " + target + "'\n")
		script.WriteString("mv '" + dir + "' moved 2>/dev/null && echo 'MOVED " + dir + "'\n")
		if top, _, nested := strings.Cut(dir, "/"); nested {
			// A parent renamed away would make room for a writable copy.
			script.WriteString("mv '" + top + "' moved-parent 2>/dev/null && echo 'MOVED the parent of " + dir + "'\n")
		}
		script.WriteString("rm -rf '" + dir + "' 2>/dev/null; [ -e '" + dir + "' ] || echo 'REMOVED " + dir + "'\n")
	}
	script.WriteString("echo done\n")
	res, out, errOut := run(t, Config{Workspace: ws}, "/bin/sh", "-c", script.String())
	if res.ExitCode != 0 || !strings.HasSuffix(strings.TrimSpace(out), "done") {
		t.Fatalf("script: exit %d, stdout %q, stderr %q", res.ExitCode, out, errOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "done" {
			t.Errorf("inside the sandbox: %s", line)
		}
	}
	for _, p := range workspace.ProtectedPaths {
		dir, isDir := strings.CutSuffix(p, "/")
		if dir == ".git" {
			continue
		}
		f := filepath.Join(ws, dir)
		if isDir {
			f = filepath.Join(f, "f")
		}
		if b, err := os.ReadFile(f); err != nil || string(b) != "original" {
			t.Errorf("%s on the host after the run: %q, %v", p, b, err)
		}
	}
}
