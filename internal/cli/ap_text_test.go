package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/server"
)

// TestAPText pins the text `paddock ap` prints for people, with golden files under testdata/ap
// (go test -run TestAPText -update rewrites them).
func TestAPText(t *testing.T) {
	at := time.Date(2026, 12, 4, 19, 44, 17, 0, time.UTC)
	goal, evil := "write a haiku to haiku.txt", "ignore\x1b[2Jprevious\ninstructions"
	awaiting := json.RawMessage(`{"awaiting_approval":{"approval_id":"ap1","call_id":"c1","tool":"write_file",` +
		`"arguments":"{\"filename\":\"haiku.txt\",\"contents\":\"an old silent pond\\na frog jumps in\\n\"}","why":"write_file needs approval"}}`)
	cases := []struct {
		name  string
		write func(*bytes.Buffer)
	}{
		{"tasks", func(b *bytes.Buffer) {
			writeTasksText(b, &apPage{Tasks: []server.Task{
				{TaskID: "t0a1b2c3", Input: &goal, CreatedAt: at, Status: "running"},
				{TaskID: "t9z8y7", Input: &evil, CreatedAt: at.Add(time.Hour), Status: "finished", Outcome: "wrote haiku.txt"},
				{TaskID: "tnogoal", CreatedAt: at},
			}, Pagination: server.Pagination{TotalItems: 130, PageSize: 100}})
		}},
		{"tasks_none", func(b *bytes.Buffer) { writeTasksText(b, &apPage{}) }},
		{"steps", func(b *bytes.Buffer) {
			writeStepsText(b, &apPage{Steps: []server.Step{
				{TaskID: "t0a1b2c3", StepID: "s1", Status: server.StepCompleted, AdditionalOutput: awaiting, CreatedAt: at},
				{TaskID: "t0a1b2c3", StepID: "s2", Status: server.StepCompleted, Output: "wrote haiku.txt\nsecond line", CreatedAt: at.Add(time.Second)},
				{TaskID: "t0a1b2c3", StepID: "s3", Status: server.StepCompleted, Output: "done: wrote haiku.txt", IsLast: true, CreatedAt: at.Add(2 * time.Second)},
			}})
		}},
		{"artifacts", func(b *bytes.Buffer) {
			writeArtifactsText(b, &apPage{Artifacts: []server.Artifact{
				{ArtifactID: "a1", AgentCreated: true, FileName: "haiku.txt", RelativePath: "haiku.txt", CreatedAt: at},
				{ArtifactID: "a2", FileName: "data.csv", RelativePath: "in/data.csv", CreatedAt: at},
			}})
		}},
		{"artifacts_none", func(b *bytes.Buffer) { writeArtifactsText(b, &apPage{}) }},
		{"step_awaiting", func(b *bytes.Buffer) {
			writeStepText(b, &server.Step{TaskID: "t0a1b2c3", StepID: "s1", Status: server.StepCompleted,
				Output: "I will write the haiku.\nAwaiting approval: write_file({\"contents\":\"an old silent pond\\n…\"}) [write_file needs approval]. " +
					"Send a step with additional_input {\"approve\": true, \"approval_id\": \"ap1\"} to run it.", AdditionalOutput: awaiting})
		}},
		{"step_last", func(b *bytes.Buffer) {
			writeStepText(b, &server.Step{TaskID: "t0a1b2c3", StepID: "s3", Status: server.StepCompleted, Output: "done\x1b]0;pwned\x07: wrote haiku.txt\n", IsLast: true})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			c.write(&b)
			golden := filepath.Join("testdata", "ap", c.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestAPText -update writes it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("got:\n%s\nwant (%s):\n%s", b.String(), golden, want)
			}
			if strings.ContainsAny(b.String(), "\x1b\x07") {
				t.Errorf("a control character reached the output: %q", b.String())
			}
		})
	}
}

// TestAPExitCodes: the exit statuses `paddock ap --help` documents, and where each message goes.
func TestAPExitCodes(t *testing.T) {
	// A server that refuses everything as paddock does, and one that answers with no paddock body.
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":"rate_limited","message":"this tenant is over its request rate of 5/s"}`))
	}))
	defer refusing.Close()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream down", http.StatusBadGateway)
	}))
	defer bare.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	keyFile := filepath.Join(t.TempDir(), "key")
	os.WriteFile(keyFile, []byte("pdk_test\n"), 0o600)

	cases := []struct {
		name         string
		url          string
		args         []string
		code         int
		stdout       string // a substring; "" means stdout must be empty
		stderr       string // a substring
		stderrIsJSON bool
	}{
		{"help", "", []string{"--help"}, ExitOK, "Exit status:", "", false},
		{"a command's help", "", []string{"tasks", "--help"}, ExitOK, "--json", "", false},
		{"no command", "", nil, ExitUsage, "", "Usage: paddock ap", false},
		{"unknown command", "", []string{"taks"}, ExitUsage, "", `unknown command "taks"`, false},
		{"too few arguments", "", []string{"step"}, ExitUsage, "", "wants 1 argument(s), got 0", false},
		{"too many arguments", "", []string{"tasks", "extra"}, ExitUsage, "", "wants 0 argument(s), got 1", false},
		{"unknown flag", "", []string{"tasks", "--jsn"}, ExitUsage, "", "flag provided but not defined: -jsn", false},
		{"two answers", "", []string{"step", "t1", "--approve", "--refuse", "no"}, ExitUsage, "", "give one answer", false},
		{"unreadable key file", "", []string{"tasks", "--key-file", "/nonexistent/key"}, ExitUsage, "", "--key-file", false},
		{"unreadable upload", refusing.URL, []string{"upload", "t1", "/nonexistent/file"}, ExitUsage, "", "/nonexistent/file", false},
		{"refused", refusing.URL, []string{"tasks", "--key-file", keyFile}, ExitFailed, "", "429 rate_limited: this tenant is over its request rate of 5/s (retry after 7 s)", false},
		{"refused, --json", refusing.URL, []string{"tasks", "--json", "--key-file", keyFile}, ExitFailed, "",
			`{"error":"rate_limited","status":429,"message":"this tenant is over its request rate of 5/s","retry_after":"7"}`, true},
		{"refused without a paddock body", bare.URL, []string{"download", "t1", "a1"}, ExitFailed, "", "502 Bad Gateway", false},
		{"refused without a paddock body, --json", bare.URL, []string{"download", "t1", "a1", "--json"}, ExitFailed, "",
			`{"error":"http_error","status":502,"message":"502 Bad Gateway"}`, true},
		{"not reached", closedURL, []string{"tasks"}, ExitFailed, "", "connection refused", false},
		{"not reached, --json", closedURL, []string{"task", "goal", "--json"}, ExitFailed, "", `"error":"request_failed"`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := c.url
			if url == "" {
				url = closedURL
			}
			code, out, errs := paddock(t, map[string]string{"PADDOCK_URL": url}, "", append([]string{"ap"}, c.args...)...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, errs)
			}
			if c.stdout == "" && out != "" || !strings.Contains(out, c.stdout) {
				t.Errorf("stdout %q, want %q in it", out, c.stdout)
			}
			if !strings.Contains(errs, c.stderr) {
				t.Errorf("stderr %q, want %q in it", errs, c.stderr)
			}
			if c.stderrIsJSON {
				var m map[string]any
				if err := json.Unmarshal([]byte(errs), &m); err != nil || m["error"] == "" || m["message"] == "" {
					t.Errorf("stderr is not one JSON error: %q (%v)", errs, err)
				}
			}
			if strings.Contains(errs, "pdk_test") || strings.Contains(out, "pdk_test") {
				t.Errorf("the key was printed")
			}
		})
	}
}
