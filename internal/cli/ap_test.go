package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/server/servertest"
)

// newServer serves the Agent Protocol on loopback from a temporary store with tenants acme and
// beta, a key of every role for each (keys["acme/admin"]), and a model replaying script.
func newServer(t *testing.T, script ...llmtest.Turn) (url string, keys map[string]string) {
	t.Helper()
	dir := t.TempDir()
	st, keys := servertest.Store(t, dir)
	ctx := context.Background()
	model := llmtest.NewServer(t, script...)
	cfg := server.Config{Store: st, DataDir: dir, Model: model.Config(""), CheckHost: true}
	cfg.Model.MaxRetries = 0
	srv, err := server.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		h.Close()
		srv.Close()
	})
	return h.URL, keys
}

// validID matches the ids the server gives tasks, artifacts and shares.
var validID = regexp.MustCompile(`^[a-z0-9]{1,64}$`).MatchString

// TestAPSession is the session a new user has: a task, a step that waits for approval, the
// approval, the end, and the artifact; another tenant sees none of it.
func TestAPSession(t *testing.T) {
	url, keys := newServer(t,
		llmtest.Calls(llmtest.Call("c1", "write_file", `{"filename":"haiku.txt","contents":"old pond"}`)),
		llmtest.Calls(llmtest.Call("c2", "finish", `{"reason":"written"}`)))
	ap := func(key string, args ...string) (int, string, string) {
		t.Helper()
		return paddock(t, map[string]string{"PADDOCK_URL": url, "PADDOCK_API_KEY": key}, "", append([]string{"ap"}, args...)...)
	}
	k := keys["acme/member"]
	code, out, errs := ap(k, "task", "write a haiku")
	task := strings.TrimSpace(out)
	if code != 0 || !validID(task) {
		t.Fatalf("task: %d %q %q", code, out, errs)
	}
	// --json: the server's objects, with the same exit statuses.
	var tj struct {
		TaskID string  `json:"task_id"`
		Input  *string `json:"input"`
	}
	code, out, errs = ap(k, "task", "--json", "another goal")
	if err := json.Unmarshal([]byte(out), &tj); code != 0 || err != nil || !validID(tj.TaskID) || tj.Input == nil || *tj.Input != "another goal" {
		t.Fatalf("task --json: %d %v %q %q", code, err, out, errs)
	}
	if code, out, _ = ap(k, "tasks"); code != 0 || !regexp.MustCompile(`(?m)^`+task+` +\S+ +[0-9-]+ [0-9:]+ +write a haiku$`).MatchString(out) {
		t.Fatalf("tasks as text: %d %s", code, out)
	}
	if code, out, _ = ap(k, "step", task); code != ExitAwaitingApproval || !strings.Contains(out, "awaits approval of write_file") ||
		!strings.Contains(out, "+old pond") || !strings.Contains(out, "answer: paddock ap step "+task+" --approve") ||
		strings.Contains(out, "additional_input") {
		t.Fatalf("first step: %d %s", code, out)
	}
	// A step without an answer is refused, saying how to answer, with the same exit status.
	if code, _, errs = ap(k, "step", task); code != ExitAwaitingApproval || !strings.Contains(errs, "--approve") {
		t.Fatalf("a step without an answer: %d %s", code, errs)
	}
	if code, _, errs = ap(k, "step", "--json", task); code != ExitAwaitingApproval || !strings.Contains(errs, `"error":"awaiting_approval"`) {
		t.Fatalf("a step without an answer, --json: %d %s", code, errs)
	}
	if code, out, _ = ap(k, "step", task, "--approve"); code != 0 || !strings.Contains(out, "allowed by user") {
		t.Fatalf("approval: %d %s", code, out)
	}
	var last struct {
		IsLast bool   `json:"is_last"`
		Output string `json:"output"`
	}
	code, out, _ = ap(k, "step", task, "--json")
	if err := json.Unmarshal([]byte(out), &last); code != ExitTaskEnded || err != nil || !last.IsLast || !strings.Contains(last.Output, "written") {
		t.Fatalf("last step, --json: %d %v %s", code, err, out)
	}
	code, out, _ = ap(k, "artifacts", task)
	if code != 0 || !regexp.MustCompile(`(?m)^ARTIFACT +BY +CREATED \(UTC\) +PATH\n[a-z0-9]+ +agent +[0-9-]+ [0-9:]+ +haiku\.txt$`).MatchString(out) {
		t.Fatalf("artifacts as text: %d %s", code, out)
	}
	var arts struct {
		Artifacts []struct {
			ArtifactID string `json:"artifact_id"`
			FileName   string `json:"file_name"`
		} `json:"artifacts"`
	}
	code, out, _ = ap(k, "artifacts", task, "--json")
	if err := json.Unmarshal([]byte(out), &arts); code != 0 || err != nil || len(arts.Artifacts) != 1 || arts.Artifacts[0].FileName != "haiku.txt" {
		t.Fatalf("artifacts --json: %d %v %s", code, err, out)
	}
	art := arts.Artifacts[0].ArtifactID
	if code, out, _ = ap(k, "download", task, art); code != 0 || out != "old pond" {
		t.Fatalf("download: %d %q", code, out)
	}
	if code, out, _ = ap(k, "download", task, art, "--json"); code != 0 || out != "{\n  \"size\": 8,\n  \"content\": \"old pond\"\n}\n" {
		t.Fatalf("download --json: %d %q", code, out)
	}
	file := filepath.Join(t.TempDir(), "data.csv")
	os.WriteFile(file, []byte("a,b\n"), 0o600)
	if code, out, errs = ap(k, "upload", task, file, "--relative-path", "in"); code != 0 || !validID(strings.TrimSpace(out)) {
		t.Fatalf("upload: %d %s %s", code, out, errs)
	}
	code, out, errs = ap(keys["acme/admin"], "share", task, art, "beta")
	share := strings.TrimSpace(out)
	if code != 0 || !validID(share) {
		t.Fatalf("share: %d %s %s", code, out, errs)
	}
	if code, out, _ = ap(keys["beta/viewer"], "shared", share); code != 0 || out != "old pond" {
		t.Fatalf("shared: %d %q", code, out)
	}
	// Beta sees nothing else; the refusal names the status and the server's message.
	if code, _, errs = ap(keys["beta/member"], "steps", task); code != 1 || !strings.Contains(errs, "404 not_found: task not found") {
		t.Fatalf("beta's view: %d %s", code, errs)
	}
	if code, _, errs = ap("", "tasks"); code != 1 || !strings.Contains(errs, "401") {
		t.Fatalf("no key: %d %s", code, errs)
	}
	if code, _, _ = ap(k, "step"); code != 2 {
		t.Fatalf("usage: %d", code)
	}
}
