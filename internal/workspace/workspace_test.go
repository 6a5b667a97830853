package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// setup makes a workspace inside a parent directory that also holds a secret file and a sibling
// directory whose name shares the workspace's prefix (CVE-2025-53110 style).
func setup(t *testing.T, limits Limits) (w *Workspace, parent string) {
	t.Helper()
	parent = t.TempDir()
	ws := filepath.Join(parent, "ws")
	for _, d := range []string{ws, filepath.Join(parent, "ws_evil"), filepath.Join(ws, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	must(t, os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("CANARY-outside"), 0o600))
	must(t, os.WriteFile(filepath.Join(parent, "ws_evil", "x"), []byte("CANARY-sibling"), 0o600))
	must(t, os.WriteFile(filepath.Join(ws, "sub", "in.txt"), []byte("inside"), 0o600))
	must(t, os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(ws, "abs-link")))
	must(t, os.Symlink("../secret.txt", filepath.Join(ws, "rel-link")))
	must(t, os.Symlink(parent, filepath.Join(ws, "dir-link")))
	must(t, os.Symlink("sub/in.txt", filepath.Join(ws, "ok-link")))
	must(t, os.Symlink("/etc", filepath.Join(ws, "etc")))
	w, err := Open(ws, limits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, parent
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadConfinement(t *testing.T) {
	w, _ := setup(t, Limits{})
	tests := []struct {
		name    string
		want    string
		wantErr error
	}{
		{"sub/in.txt", "inside", nil},
		{"./sub/../sub/in.txt", "inside", nil},
		{"ok-link", "", ErrSymlink}, // even a link that stays inside: the agent may swap its target
		{"sub/", "", ErrIsDir},
		{"../secret.txt", "", ErrOutside},
		{"sub/../../secret.txt", "", ErrOutside},
		{"/etc/passwd", "", ErrOutside},
		{"~/.ssh/id_rsa", "", ErrOutside},
		{"abs-link", "", ErrSymlink},
		{"rel-link", "", ErrSymlink},
		{"dir-link/secret.txt", "", ErrSymlink},
		{"etc/passwd", "", ErrSymlink},
		{"../ws_evil/x", "", ErrOutside},
		{"missing.txt", "", ErrNotFound},
		{"", "", ErrInvalidName},
		{"a\x00b", "", ErrInvalidName},
		{"\xff\xfe", "", ErrInvalidName},
		{strings.Repeat("a/", 3000), "", ErrInvalidName},
		{"sub", "", ErrIsDir},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.ReadFile(tt.name)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ReadFile(%q) error = %v, want %v", tt.name, err, tt.wantErr)
			}
			if string(got.Data) != tt.want {
				t.Fatalf("ReadFile(%q) = %q, want %q", tt.name, got.Data, tt.want)
			}
		})
	}
}

func TestWriteConfinement(t *testing.T) {
	w, parent := setup(t, Limits{})
	bad := []struct {
		name    string
		wantErr error
	}{
		{"../escaped.txt", ErrOutside},
		{"/tmp/escaped.txt", ErrOutside},
		{"dir-link/escaped.txt", ErrSymlink},
		{"abs-link", ErrSymlink},
		{"rel-link", ErrSymlink},
		{"etc/escaped", ErrSymlink},
		{".git/hooks/pre-commit", ErrProtected},
		{".GIT/config", ErrProtected},
		{".bashrc", ErrProtected},
		{"sub", ErrIsDir},
		{".", ErrIsDir},
	}
	for _, tt := range bad {
		_, err := w.WriteFile(tt.name, []byte("pwned"))
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("WriteFile(%q) error = %v, want %v", tt.name, err, tt.wantErr)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(parent, "secret.txt")); string(b) != "CANARY-outside" {
		t.Fatalf("file outside the workspace changed: %q", b)
	}
	for _, p := range []string{filepath.Join(parent, "escaped.txt"), "/tmp/escaped.txt", filepath.Join(parent, "escaped")} {
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("%s was created outside the workspace", p)
		}
	}
	res, err := w.WriteFile("new/deep/file.txt", []byte("hello"))
	if err != nil || !res.Created || res.Bytes != 5 || res.Name != "new/deep/file.txt" {
		t.Fatalf("WriteFile = %+v, %v", res, err)
	}
	got, err := w.ReadFile("new/deep/file.txt")
	if err != nil || string(got.Data) != "hello" {
		t.Fatalf("read back = %q, %v", got.Data, err)
	}
	res, err = w.WriteFile("new/deep/file.txt", []byte("hi"))
	if err != nil || res.Created {
		t.Fatalf("overwrite = %+v, %v", res, err)
	}
}

func TestLimits(t *testing.T) {
	w, _ := setup(t, Limits{MaxReadBytes: 4, MaxWriteBytes: 10, MaxTotalBytes: 30, MaxListItems: 3})
	got, err := w.ReadFile("sub/in.txt")
	if err != nil || string(got.Data) != "insi" || !got.Truncated || got.Size != 6 {
		t.Fatalf("truncated read = %+v, %v", got, err)
	}
	if _, err := w.WriteFile("big", make([]byte, 11)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("oversized write error = %v", err)
	}
	// 6 bytes are used; two writes of 10 fit, the third does not.
	for i, name := range []string{"a", "b", "c"} {
		_, err := w.WriteFile(name, make([]byte, 10))
		if i < 2 && err != nil {
			t.Fatalf("write %s: %v", name, err)
		}
		if i == 2 && !errors.Is(err, ErrQuota) {
			t.Fatalf("write over quota: error = %v", err)
		}
	}
	// Replacing a file counts only the difference.
	if _, err := w.WriteFile("a", make([]byte, 10)); err != nil {
		t.Fatalf("replace within quota: %v", err)
	}
	l, err := w.List(".")
	if err != nil || len(l.Entries) != 3 || !l.Truncated {
		t.Fatalf("list = %+v, %v", l, err)
	}
}

func TestList(t *testing.T) {
	w, _ := setup(t, Limits{})
	l, err := w.List(".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range l.Entries {
		names = append(names, e.Name)
	}
	want := "abs-link dir-link etc ok-link rel-link sub sub/in.txt"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("List = %q, want %q", got, want)
	}
	for _, bad := range []string{"..", "dir-link", "/"} {
		if _, err := w.List(bad); !errors.Is(err, ErrOutside) && !errors.Is(err, ErrSymlink) {
			t.Errorf("List(%q) error = %v, want refusal", bad, err)
		}
	}
	if _, err := w.List("sub/in.txt"); !errors.Is(err, ErrNotDir) {
		t.Errorf("List(file) error = %v", err)
	}
}

func TestSnapshotChanged(t *testing.T) {
	w, _ := setup(t, Limits{})
	before := w.Snapshot()
	must2(t)(w.WriteFile("n.txt", []byte("x")))
	must2(t)(w.WriteFile("sub/in.txt", []byte("changed!")))
	got := strings.Join(before.Changed(w.Snapshot()), ",")
	if got != "n.txt,sub/in.txt" {
		t.Fatalf("Changed = %q", got)
	}
}

func must2(t *testing.T) func(WriteResult, error) {
	return func(_ WriteResult, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestUsageKeptByWrites pins the kept usage: writes neither walk the tree nor drift from it, and a
// change made behind the workspace's back (a sandboxed command) counts once Invalidate is called.
func TestUsageKeptByWrites(t *testing.T) {
	w, _ := setup(t, Limits{MaxWriteBytes: 100, MaxTotalBytes: 100})
	if _, err := w.WriteFile("a", make([]byte, 40)); err != nil { // 6 + 40
		t.Fatal(err)
	}
	if _, err := w.WriteFile("a", make([]byte, 20)); err != nil { // replaced: 6 + 20
		t.Fatal(err)
	}
	if used, err := w.Usage(); err != nil || used != 26 {
		t.Fatalf("measured usage = %d, %v; want 26", used, err)
	}
	// A command adds 60 bytes: unseen until Invalidate, so the first write (kept figure 26) passes
	// and proves no walk happened.
	must(t, os.WriteFile(filepath.Join(w.Dir(), "cmd-out"), make([]byte, 60), 0o644))
	if _, err := w.WriteFile("b", make([]byte, 10)); err != nil {
		t.Fatalf("write with kept usage 26: %v", err)
	}
	w.Invalidate()
	// 6 + 20 + 60 + 10 = 96 now: 10 more bytes do not fit.
	if _, err := w.WriteFile("c", make([]byte, 10)); !errors.Is(err, ErrQuota) {
		t.Fatalf("write after Invalidate: error = %v, want ErrQuota", err)
	}
	if used, err := w.Usage(); err != nil || used != 96 {
		t.Fatalf("measured usage = %d, %v; want 96", used, err)
	}
}

// BenchmarkWriteDeepTree is the shape of the quadratic-walk attack (security issue item 6): a tree of
// many folders, then many writes. Each write must cost the same whatever the tree holds.
func BenchmarkWriteDeepTree(b *testing.B) {
	dir := b.TempDir()
	p := dir
	for i := 0; i < MaxDepth-2; i++ {
		p = filepath.Join(p, "d")
		if err := os.Mkdir(p, 0o755); err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 30; j++ {
			if err := os.WriteFile(filepath.Join(p, "f"+string(rune('a'+j%26))+strings.Repeat("x", j/26)), []byte("x"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	w, err := Open(dir, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.WriteFile("out.txt", []byte("hello")); err != nil {
			b.Fatal(err)
		}
	}
}
