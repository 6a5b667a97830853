package server

import (
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// TestHostPathAttacks replays the outside test's attacks on the server's host-side file routes: a
// sandboxed command (simulated here by writing the workspace directly) plants a symlink into .git,
// a FIFO where an artifact was, or a .git file; uploads, artifact downloads and share downloads
// must refuse them, quickly, and leave .git untouched.
func TestHostPathAttacks(t *testing.T) {
	f := newFixture(t, nil)
	a := f.keys["acme/admin"]
	tk := f.createTask(a, "x", nil)
	ws := f.workspace("acme", tk.TaskID)
	if res := f.upload(a, tk.TaskID, "", "report.txt", []byte("report")); res.StatusCode != 200 {
		t.Fatalf("upload: %d %s", res.StatusCode, body(res))
	}
	if res := f.upload(a, tk.TaskID, "out", "notes.txt", []byte("notes")); res.StatusCode != 200 {
		t.Fatalf("upload: %d %s", res.StatusCode, body(res))
	}
	var arts struct{ Artifacts []Artifact }
	f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts", a, nil, &arts)
	if len(arts.Artifacts) != 2 {
		t.Fatalf("artifacts: %+v", arts)
	}
	ids := map[string]string{}
	for _, x := range arts.Artifacts {
		ids[x.FileName] = x.ArtifactID
	}
	var sh store.Share
	if res := f.do("POST", "/paddock/v1/shares", a, ShareRequest{TaskID: tk.TaskID, ArtifactID: ids["report.txt"], Grantee: "beta"}, &sh); res.StatusCode != http.StatusCreated {
		t.Fatalf("share: %d %s", res.StatusCode, body(res))
	}

	// The agent's command: a repository, links into it, a FIFO where the report was.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(ws, ".git", "hooks"), 0o755))
	must(os.WriteFile(filepath.Join(ws, ".git", "config"), []byte("[core]\n"), 0o644))
	must(os.Symlink(".git/hooks", filepath.Join(ws, "docs")))
	must(os.Symlink(".git/config", filepath.Join(ws, "cfg.txt")))
	must(os.Remove(filepath.Join(ws, "report.txt")))
	must(syscall.Mkfifo(filepath.Join(ws, "report.txt"), 0o644))
	must(os.RemoveAll(filepath.Join(ws, "out")))
	must(os.Symlink(".git", filepath.Join(ws, "out")))

	threads := runtime.NumGoroutine()
	start := time.Now()
	for _, tc := range []struct {
		what, rel, name string
		want            int
	}{
		{"upload through a symlinked folder into .git/hooks", "docs", "pre-commit", http.StatusBadRequest},
		{"upload over a symlink to .git/config", "", "cfg.txt", http.StatusBadRequest},
		{"upload over a FIFO", "", "report.txt", http.StatusBadRequest},
		{"upload of .git as a file", "", ".git", http.StatusBadRequest},
		{"upload into .git", ".git", "config", http.StatusBadRequest},
		{"upload into a nested .git", "sub/.git", "commondir", http.StatusBadRequest},
	} {
		if res := f.upload(a, tk.TaskID, tc.rel, tc.name, []byte("[core]\n\tfsmonitor = touch /tmp/pwned\n")); res.StatusCode != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.what, res.StatusCode, body(res), tc.want)
		}
	}
	if res := f.upload(a, tk.TaskID, "report.txt", "x", []byte("x")); res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusConflict {
		t.Errorf("upload under a FIFO: %d %s", res.StatusCode, body(res))
	}
	must(os.WriteFile(filepath.Join(ws, "plain"), []byte("x"), 0o644))
	if res := f.upload(a, tk.TaskID, "plain", "x", []byte("x")); res.StatusCode != http.StatusConflict {
		t.Errorf("upload under a file: %d %s, want 409", res.StatusCode, body(res))
	}
	for i := 0; i < 3; i++ {
		if res := f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts/"+ids["report.txt"], a, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("download of a FIFO: %d", res.StatusCode)
		}
		if res := f.do("GET", "/paddock/v1/shared/"+sh.ID, f.keys["beta/viewer"], nil, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("share download of a FIFO: %d", res.StatusCode)
		}
		if res := f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts/"+ids["notes.txt"], a, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("download through a symlinked folder: %d", res.StatusCode)
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("the refusals took %v: something blocked", d)
	}
	if n := runtime.NumGoroutine(); n > threads+10 {
		t.Fatalf("goroutines grew from %d to %d: requests are stuck", threads, n)
	}
	if b, _ := os.ReadFile(filepath.Join(ws, ".git", "config")); string(b) != "[core]\n" {
		t.Fatalf(".git/config changed: %q", b)
	}
	if ents, _ := os.ReadDir(filepath.Join(ws, ".git", "hooks")); len(ents) != 0 {
		t.Fatalf("a hook was planted: %v", ents)
	}
	for _, p := range []string{".git/commondir", "sub/.git/commondir"} {
		if _, err := os.Lstat(filepath.Join(ws, p)); err == nil {
			t.Fatalf("%s was written", p)
		}
	}
	if st, err := os.Lstat(filepath.Join(ws, ".git")); err != nil || !st.IsDir() {
		t.Fatalf(".git was replaced: %v %v", st, err)
	}
}
