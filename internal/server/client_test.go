package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

func ap(t *testing.T, key string, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("PADDOCK_API_KEY", key)
	var out, errb bytes.Buffer
	code := ClientCLI(context.Background(), args, nil, &out, &errb)
	return code, out.String(), errb.String()
}

// TestClientSession is the session a new user has: a task, a step that waits for approval, the
// approval, the end, and the artifact; another tenant sees none of it.
func TestClientSession(t *testing.T) {
	f := newFixture(t, nil,
		llmtest.Calls(llmtest.Call("c1", "write_file", `{"filename":"haiku.txt","contents":"old pond"}`)),
		llmtest.Calls(llmtest.Call("c2", "finish", `{"reason":"written"}`)))
	t.Setenv("PADDOCK_URL", f.http.URL)
	k := f.keys["acme/member"]
	code, out, errs := ap(t, k, "task", "write a haiku")
	task := strings.TrimSpace(out)
	if code != 0 || !validID(task) {
		t.Fatalf("task: %d %q %q", code, out, errs)
	}
	if code, out, _ = ap(t, k, "step", task); code != 3 || !strings.Contains(out, "awaiting_approval") || !strings.Contains(out, "haiku.txt") {
		t.Fatalf("first step: %d %s", code, out)
	}
	if code, out, _ = ap(t, k, "step", task, "--approve"); code != 0 || !strings.Contains(out, "allowed by user") {
		t.Fatalf("approval: %d %s", code, out)
	}
	if code, out, _ = ap(t, k, "step", task); code != 4 || !strings.Contains(out, "written") {
		t.Fatalf("last step: %d %s", code, out)
	}
	code, out, _ = ap(t, k, "artifacts", task)
	if code != 0 || !strings.Contains(out, `"file_name": "haiku.txt"`) {
		t.Fatalf("artifacts: %d %s", code, out)
	}
	var art string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, `"artifact_id"`) {
			art = strings.Trim(strings.TrimSpace(strings.SplitN(line, ":", 2)[1]), `",`)
		}
	}
	if code, out, _ = ap(t, k, "download", task, art); code != 0 || out != "old pond" {
		t.Fatalf("download: %d %q", code, out)
	}
	file := filepath.Join(t.TempDir(), "data.csv")
	os.WriteFile(file, []byte("a,b\n"), 0o600)
	if code, out, errs = ap(t, k, "upload", task, file, "--relative-path", "in"); code != 0 || !validID(strings.TrimSpace(out)) {
		t.Fatalf("upload: %d %s %s", code, out, errs)
	}
	code, out, errs = ap(t, f.keys["acme/admin"], "share", task, art, "beta")
	share := strings.TrimSpace(out)
	if code != 0 || !validID(share) {
		t.Fatalf("share: %d %s %s", code, out, errs)
	}
	if code, out, _ = ap(t, f.keys["beta/viewer"], "shared", share); code != 0 || out != "old pond" {
		t.Fatalf("shared: %d %q", code, out)
	}
	// Beta sees nothing else; the refusal names the status and the server's message.
	if code, _, errs = ap(t, f.keys["beta/member"], "steps", task); code != 1 || !strings.Contains(errs, "404 not_found: task not found") {
		t.Fatalf("beta's view: %d %s", code, errs)
	}
	if code, _, errs = ap(t, "", "tasks"); code != 1 || !strings.Contains(errs, "401") {
		t.Fatalf("no key: %d %s", code, errs)
	}
	if code, _, _ = ap(t, k, "step"); code != 2 {
		t.Fatalf("usage: %d", code)
	}
}
