package cli

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
)

const childEnv = "PADDOCK_SERVER_TEST_CHILD"

// serveChild lets the test binary act as `paddock serve` in a child process, so tests can kill
// it: in a child it serves and exits, never returning.
func serveChild() {
	raw := os.Getenv(childEnv)
	if raw == "" {
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	code := Main(ctx, append([]string{"serve"}, args...), Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// child is a `paddock serve` process.
type child struct {
	cmd    *exec.Cmd
	url    string
	out    *bytes.Buffer // stdout after the first line
	stderr *bytes.Buffer
	done   chan error
}

func startChild(t *testing.T, dir, modelURL string, extra ...string) *child {
	t.Helper()
	args := append([]string{"--listen", "127.0.0.1:0", "--data-dir", dir, "--base-url", modelURL, "--model", "scripted",
		"--rate", "100000", "--burst", "100000", "--drain-timeout", "10s"}, extra...)
	raw, _ := json.Marshal(args)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(raw), "OPENAI_API_KEY=", "PADDOCK_MASTER_KEY=")
	stdout, _ := cmd.StdoutPipe()
	c := &child{cmd: cmd, out: &bytes.Buffer{}, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	lines := make(chan string, 1)
	var outMu sync.Mutex
	go func() {
		first := true
		for sc.Scan() {
			if first {
				lines <- sc.Text()
				first = false
				continue
			}
			outMu.Lock()
			c.out.WriteString(sc.Text() + "\n")
			outMu.Unlock()
		}
		close(lines)
		c.done <- cmd.Wait()
	}()
	select {
	case line, ok := <-lines:
		if !ok || !strings.HasPrefix(line, "listening on ") {
			t.Fatalf("child did not start: %q\n%s", line, c.stderr)
		}
		c.url = strings.Fields(line)[2]
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("child did not start in time\n%s", c.stderr)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-c.done
}

// setupTenant makes a tenant and a member key through the command line.
func setupTenant(t *testing.T, dir, name string) string {
	t.Helper()
	if code, _, errs := cli(t, "tenant", "create", name, "--data-dir", dir); code != 0 {
		t.Fatalf("tenant create: %d %s", code, errs)
	}
	code, out, errs := cli(t, "key", "create", "--tenant", name, "--role", "member", "--data-dir", dir)
	if code != 0 {
		t.Fatalf("key create: %d %s", code, errs)
	}
	return strings.TrimSpace(out)
}

// send sends body (nil for none) as JSON with key and returns the answer's status and body.
func send(client *http.Client, method, url, key string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res.StatusCode, raw, err
}

// call sends a request with send and decodes a JSON answer into out when not nil.
func call(client *http.Client, method, url, key string, body any, out any) (int, error) {
	code, raw, err := send(client, method, url, key, body)
	if err != nil {
		return 0, err
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return code, fmt.Errorf("%s: %w", raw, err)
		}
	}
	return code, nil
}

// TestKillNineLosesNothingAcknowledged drives task creation from several clients, kills the server
// with SIGKILL at a random moment, restarts it and checks that every task the API acknowledged is
// there, the database is intact and the audit chain verifies (REL-01). A step running at the kill
// is marked interrupted at restart, and the task resumes with the next step.
func TestKillNineLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes; run without -short")
	}
	dir := t.TempDir()
	key := setupTenant(t, dir, "acme")
	model := llmtest.NewServer(t, llmtest.Turn{Delay: 30 * time.Second, Content: "slow"},
		llmtest.Calls(llmtest.Call("c1", "finish", `{"reason":"resumed and done"}`)))
	client := &http.Client{Timeout: 10 * time.Second}
	acked := map[string]bool{}
	var mu sync.Mutex
	var slowTask string

	for round := 0; round < 3; round++ {
		c := startChild(t, dir, model.URL)
		if round == 2 {
			// A step in flight at the kill: its model call hangs.
			var tk server.Task
			if code, err := call(client, "POST", c.url+"/ap/v1/agent/tasks", key, map[string]any{"input": "slow"}, &tk); code != 200 {
				t.Fatalf("create: %d %v", code, err)
			}
			slowTask = tk.TaskID
			go call(&http.Client{}, "POST", c.url+"/ap/v1/agent/tasks/"+slowTask+"/steps", key, map[string]any{}, nil)
			// The kill must find the step running: wait until its model call has begun.
			for deadline := time.Now().Add(20 * time.Second); model.Remaining() > 1; time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the slow step did not reach the model")
				}
			}
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					var tk server.Task
					code, err := call(client, "POST", c.url+"/ap/v1/agent/tasks", key, map[string]any{"input": "x"}, &tk)
					if err == nil && code == 200 {
						mu.Lock()
						acked[tk.TaskID] = true
						mu.Unlock()
					}
				}
			}()
		}
		// Kill once this round has had some tasks acknowledged (so a loaded machine still tests
		// something), at a random moment after that.
		waitAcked(t, &mu, acked, len(acked)+5)
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		c.kill(t)
		close(stop)
		wg.Wait()
	}

	c := startChild(t, dir, model.URL)
	if len(acked) < 10 {
		t.Fatalf("only %d tasks acknowledged", len(acked))
	}
	for id := range acked {
		var tk server.Task
		if code, err := call(client, "GET", c.url+"/ap/v1/agent/tasks/"+id, key, nil, &tk); code != 200 || tk.TaskID != id {
			t.Fatalf("acknowledged task %s: %d %v", id, code, err)
		}
	}
	// The step cut by the kill is marked, and the task goes on.
	var steps struct{ Steps []server.Step }
	call(client, "GET", c.url+"/ap/v1/agent/tasks/"+slowTask+"/steps", key, nil, &steps)
	if len(steps.Steps) != 1 || steps.Steps[0].Status != server.StepCompleted || !strings.Contains(string(steps.Steps[0].AdditionalOutput), `"interrupted":true`) {
		t.Fatalf("steps of the task running at the kill: %+v", steps.Steps)
	}
	var st server.Step
	if code, err := call(client, "POST", c.url+"/ap/v1/agent/tasks/"+slowTask+"/steps", key, map[string]any{}, &st); code != 200 || !st.IsLast {
		t.Fatalf("resumed step: %d %v %+v", code, err, st)
	}
	c.kill(t)

	db, err := sql.Open("sqlite", "file:"+store.DefaultPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var mode string
	db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode = %s", mode)
	}
	code, out, errs := cli(t, "audit", "verify", "--data-dir", dir)
	if code != 0 {
		t.Fatalf("audit verify after kills: %d %s %s", code, out, errs)
	}
	t.Logf("%d acknowledged tasks survived 3 kills; %s", len(acked), strings.TrimSpace(out))
	// The operator lists them from the server's data dir: paddock runs --tenant.
	// (A kill can also cut a task's answer after its commit: more ids than acknowledged.)
	code, ids, errs := cli(t, "runs", "--data-dir", dir, "--tenant", "acme", "-q", "--limit", "100000")
	listed := map[string]bool{}
	for _, id := range strings.Fields(ids) {
		listed[id] = true
	}
	if code != 0 || !listed[slowTask] {
		t.Fatalf("runs --tenant acme -q: %d, %d ids %s", code, len(listed), errs)
	}
	for id := range acked {
		if !listed[id] {
			t.Fatalf("runs --tenant acme -q does not list acknowledged task %s", id)
		}
	}
	if code, out, errs = cli(t, "runs", "--data-dir", dir, "--tenant", "acme", "show", slowTask); code != 0 || !strings.Contains(out, "resumed and done") {
		t.Fatalf("runs --tenant acme show: %d %q %s", code, out, errs)
	}
}

// TestSIGTERMDrains: a step in flight when SIGTERM arrives completes and is answered; then the
// server exits cleanly (REL-11).
func TestSIGTERMDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes; run without -short")
	}
	dir := t.TempDir()
	key := setupTenant(t, dir, "acme")
	slow := llmtest.Calls(llmtest.Call("c1", "finish", `{"reason":"done while draining"}`))
	slow.Delay = 1500 * time.Millisecond
	model := llmtest.NewServer(t, slow)
	c := startChild(t, dir, model.URL)
	client := &http.Client{Timeout: 20 * time.Second}
	var tk server.Task
	if code, err := call(client, "POST", c.url+"/ap/v1/agent/tasks", key, map[string]any{"input": "x"}, &tk); code != 200 {
		t.Fatalf("create: %d %v", code, err)
	}
	type result struct {
		code int
		st   server.Step
		err  error
	}
	res := make(chan result, 1)
	go func() {
		var st server.Step
		code, err := call(client, "POST", c.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/steps", key, map[string]any{}, &st)
		res <- result{code, st, err}
	}()
	time.Sleep(400 * time.Millisecond)
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := <-res
	if r.code != 200 || !r.st.IsLast || !strings.Contains(r.st.Output, "done while draining") {
		t.Fatalf("in-flight step: %d %v %+v", r.code, r.err, r.st)
	}
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, c.stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not exit after draining")
	}
	if !strings.Contains(c.out.String(), "stopped") {
		t.Fatalf("stdout: %q", c.out.String())
	}
}

// waitAcked waits until acked holds at least n tasks (the writers keep adding to it), for at most
// two minutes: a kill test must kill with writes acknowledged, however slow the machine.
func waitAcked(t *testing.T, mu *sync.Mutex, acked map[string]bool, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		mu.Lock()
		got := len(acked)
		mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d tasks acknowledged in two minutes", got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
