package workspace

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests replay what an outside security test did: a sandboxed command plants a link, a
// FIFO or a hard link in the workspace, then a host-side call (write_file, read_file, an upload,
// an artifact download) uses the name.

// repo makes a workspace holding a git repository's hooks and config.
func repo(t *testing.T) (*Workspace, string) {
	t.Helper()
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, ".git", "hooks"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, ".git", "config"), []byte("[core]\n"), 0o644))
	w, err := Open(dir, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, dir
}

// within fails the test if f does not return within a few seconds: a FIFO must never block.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s blocked", what)
	}
}

func TestWriteRefusesPlantedSymlinks(t *testing.T) {
	w, dir := repo(t)
	must(t, os.Symlink(".git/config", filepath.Join(dir, "notes.txt")))
	must(t, os.Symlink(".git/hooks", filepath.Join(dir, "docs")))
	must(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	must(t, os.Symlink("../../.git", filepath.Join(dir, "a", "b", "deep")))
	for _, name := range []string{"notes.txt", "docs/pre-commit", "a/b/deep/config", "a/b/deep/hooks/post-checkout"} {
		_, err := w.WriteFile(name, []byte("[core]\n\tfsmonitor = touch /tmp/pwned\n"))
		if !errors.Is(err, ErrSymlink) {
			t.Errorf("WriteFile(%q) error = %v, want ErrSymlink", name, err)
		}
		if _, err := w.ReadFile(name); !errors.Is(err, ErrSymlink) {
			t.Errorf("ReadFile(%q) error = %v, want ErrSymlink", name, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".git", "config")); string(b) != "[core]\n" {
		t.Fatalf(".git/config changed: %q", b)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, ".git", "hooks")); len(ents) != 0 {
		t.Fatalf("a hook was planted: %v", ents)
	}
	if l, err := os.Readlink(filepath.Join(dir, "notes.txt")); err != nil || l != ".git/config" {
		t.Fatalf("the planted link itself changed: %q, %v", l, err)
	}
}

func TestSpecialFilesNeverBlock(t *testing.T) {
	w, dir := repo(t)
	must(t, syscall.Mkfifo(filepath.Join(dir, "report.txt"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "out"), 0o755))
	must(t, syscall.Mkfifo(filepath.Join(dir, "out", "pipe"), 0o644))
	ln, err := net.Listen("unix", filepath.Join(dir, "sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, name := range []string{"report.txt", "out/pipe", "sock"} {
		within(t, "ReadFile("+name+")", func() {
			if _, err := w.ReadFile(name); !errors.Is(err, ErrSpecial) {
				t.Errorf("ReadFile(%q) error = %v, want ErrSpecial", name, err)
			}
		})
		within(t, "Open("+name+")", func() {
			if f, _, err := w.Open(name); !errors.Is(err, ErrSpecial) {
				if f != nil {
					f.Close()
				}
				t.Errorf("Open(%q) error = %v, want ErrSpecial", name, err)
			}
		})
		within(t, "WriteFile("+name+")", func() {
			if _, err := w.WriteFile(name, []byte("x")); !errors.Is(err, ErrSpecial) {
				t.Errorf("WriteFile(%q) error = %v, want ErrSpecial", name, err)
			}
		})
	}
	within(t, "List", func() {
		if _, err := w.List("."); err != nil {
			t.Errorf("List with a FIFO: %v", err)
		}
	})
	if _, err := w.ReadFile("report.txt"); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("the message does not say what the file is: %v", err)
	}
}

func TestWriteReplacesHardLinkNotTarget(t *testing.T) {
	w, dir := repo(t)
	must(t, os.WriteFile(filepath.Join(dir, "other.txt"), []byte("original"), 0o644))
	must(t, os.Link(filepath.Join(dir, "other.txt"), filepath.Join(dir, "notes.txt")))
	if _, err := w.WriteFile("notes.txt", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "other.txt")); string(b) != "original" {
		t.Fatalf("the write went through a hard link: other.txt = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "new" {
		t.Fatalf("notes.txt = %q", b)
	}
}

func TestWriteKeepsModeAndLeavesNoTemporaries(t *testing.T) {
	w, dir := repo(t)
	must(t, os.WriteFile(filepath.Join(dir, "run.sh"), []byte("#!/bin/sh\n"), 0o755))
	if _, err := w.WriteFile("run.sh", []byte("#!/bin/sh\necho hi\n")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "run.sh"))
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Fatalf("mode after replace = %v, %v; want 0755", st.Mode(), err)
	}
	// A failed write (a folder in the way) removes its temporary file.
	must(t, os.MkdirAll(filepath.Join(dir, "folder"), 0o755))
	if _, err := w.WriteFile("folder", []byte("x")); !errors.Is(err, ErrIsDir) {
		t.Fatalf("write over a folder: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestWriteUnderAFile(t *testing.T) {
	w, dir := repo(t)
	must(t, os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o644))
	_, err := w.WriteFile("file/child.txt", []byte("x"))
	if !errors.Is(err, ErrNotDir) {
		t.Fatalf("write under a file: %v, want ErrNotDir", err)
	}
}

func TestProtectedPaths(t *testing.T) {
	w, dir := repo(t)
	var names []string
	for _, p := range ProtectedPaths {
		if d, ok := strings.CutSuffix(p, "/"); ok {
			names = append(names, d, p+"x", "sub/"+p+"x")
		} else {
			names = append(names, p, "sub/"+p)
		}
	}
	names = append(names,
		".git", ".git/commondir", ".git/info/attributes", ".git/modules/m/hooks/pre-commit", ".GIT/CONFIG",
		"sub/.git", "sub/.git/config", ".config/fish/config.fish", ".github/workflows/ci.yml",
		".vscode/settings.json", ".vscode/tasks.json", ".devcontainer/devcontainer.json")
	for _, name := range names {
		c, err := Clean(name)
		if err != nil {
			t.Fatal(err)
		}
		if !Protected(c) {
			t.Errorf("Protected(%q) = false", name)
		}
		if _, err := w.WriteFile(name, []byte("x")); !errors.Is(err, ErrProtected) {
			t.Errorf("WriteFile(%q) error = %v, want ErrProtected", name, err)
		}
	}
	for _, name := range []string{"notes.txt", "my.git/x", ".github/README.md", "gitconfig.txt", "src/.gitignore", ".gitignore", "profile", "config/fish.txt"} {
		if Protected(name) {
			t.Errorf("Protected(%q) = true", name)
		}
		if _, err := w.WriteFile(name, []byte("x")); err != nil {
			t.Errorf("WriteFile(%q): %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "commondir")); err == nil {
		t.Fatal(".git/commondir was written")
	}
}

func TestDepthCapped(t *testing.T) {
	w, _ := repo(t)
	if _, err := w.WriteFile(strings.Repeat("d/", MaxDepth-1)+"f", []byte("x")); err != nil {
		t.Fatalf("a name %d deep: %v", MaxDepth, err)
	}
	for _, name := range []string{strings.Repeat("d/", MaxDepth) + "f", strings.Repeat("d/", 2000)} {
		if _, err := w.WriteFile(name, []byte("x")); !errors.Is(err, ErrInvalidName) {
			t.Errorf("a name %d deep: %v, want ErrInvalidName", strings.Count(name, "/")+1, err)
		}
	}
}
