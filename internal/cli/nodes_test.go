package cli

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
)

// twoNodes sets up tenant acme in a fresh PostgreSQL database through the command line and
// starts two paddock serve processes on it, each with its own data dir and one shared workspace
// root. It returns the nodes, acme's member key and the database URL.
func twoNodes(t *testing.T, modelURL string, extra ...string) (a, b *child, key, url string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts PostgreSQL and server processes; run without -short")
	}
	url = pgtest.URL(t)
	db := "--database=" + url
	if code, _, errs := cli(t, "tenant", "create", "acme", db); code != 0 {
		t.Fatalf("tenant create: %d %s", code, errs)
	}
	code, out, errs := cli(t, "key", "create", "--tenant", "acme", "--role", "member", db)
	if code != 0 {
		t.Fatalf("key create: %d %s", code, errs)
	}
	key = strings.TrimSpace(out)
	shared := t.TempDir()
	args := append([]string{db, "--workspace-root", shared, "--lease-ttl", "1s"}, extra...)
	a = startChild(t, t.TempDir(), modelURL, args...)
	b = startChild(t, t.TempDir(), modelURL, args...)
	return a, b, key, url
}

// TestTwoNodesServeOneTenant: a task created on node A is stepped on node B, whose file node A
// then serves; a step cut by kill -9 of node A is marked interrupted by node B once A's lease
// runs out, and the task resumes on B.
func TestTwoNodesServeOneTenant(t *testing.T) {
	model := llmtest.NewServer(t,
		llmtest.Calls(llmtest.Call("c1", "write_file", `{"filename":"poem.txt","contents":"written on node B"}`)),
		llmtest.Turn{Delay: 30 * time.Second, Content: "slow"},
		llmtest.Calls(llmtest.Call("c2", "finish", `{"reason":"resumed on node B"}`)))
	a, b, key, url := twoNodes(t, model.URL, "--continuous")
	client := &http.Client{Timeout: 20 * time.Second}

	var tk server.Task
	if code, err := call(client, "POST", a.url+"/ap/v1/agent/tasks", key, map[string]any{"input": "write a poem"}, &tk); code != 200 {
		t.Fatalf("create on A: %d %v", code, err)
	}
	var st server.Step
	if code, err := call(client, "POST", b.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/steps", key, map[string]any{}, &st); code != 200 {
		t.Fatalf("step on B: %d %v", code, err)
	}
	var arts struct{ Artifacts []server.Artifact }
	if code, err := call(client, "GET", a.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts", key, nil, &arts); code != 200 || len(arts.Artifacts) != 1 {
		t.Fatalf("artifacts on A: %d %v %+v", code, err, arts)
	}
	code, raw, err := send(client, "GET", a.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/artifacts/"+arts.Artifacts[0].ArtifactID, key, nil)
	if code != 200 || string(raw) != "written on node B" {
		t.Fatalf("A serves B's file: %d %q %v", code, raw, err)
	}

	// A step in flight on A when A is killed: its model call (the slow turn) has begun.
	go call(&http.Client{}, "POST", a.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/steps", key, map[string]any{}, nil)
	for deadline := time.Now().Add(20 * time.Second); model.Remaining() > 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the step on A did not reach the model")
		}
	}
	a.kill(t)
	killed := time.Now()
	// B refuses a second step of the task while A's lease lasts, then takes over.
	var resumed server.Step
	for {
		code, err := call(client, "POST", b.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/steps", key, map[string]any{}, &resumed)
		if code == 200 {
			break
		}
		if code != http.StatusConflict || time.Since(killed) > 15*time.Second {
			t.Fatalf("step on B after A's kill: %d %v", code, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("node B resumed the task %v after node A was killed (lease 1s)", time.Since(killed).Round(10*time.Millisecond))
	if !resumed.IsLast || !strings.Contains(resumed.Output, "resumed on node B") {
		t.Fatalf("resumed step: %+v", resumed)
	}
	var steps struct{ Steps []server.Step }
	call(client, "GET", b.url+"/ap/v1/agent/tasks/"+tk.TaskID+"/steps", key, nil, &steps)
	if len(steps.Steps) != 3 || !interrupted(steps.Steps[1]) {
		t.Fatalf("steps after the kill: %+v", steps.Steps)
	}

	// The operator reads the same task from the shared database with paddock runs.
	db := "--database=" + url
	code, out, errs := cli(t, "runs", db, "--tenant", "acme")
	if code != 0 || !strings.Contains(out, tk.TaskID) || !strings.Contains(out, "write a poem") {
		t.Fatalf("runs --database --tenant acme: %d %q %s", code, out, errs)
	}
	code, out, errs = cli(t, "runs", db, "--tenant", "acme", "show", tk.TaskID[:8])
	if code != 0 || !strings.Contains(out, "resumed on node B") || !strings.Contains(out, "write_file") {
		t.Fatalf("runs show from the shared database: %d %q %s", code, out, errs)
	}
	if code, _, errs = cli(t, "runs", db); code != ExitUsage || !strings.Contains(errs, "--tenant") {
		t.Fatalf("runs --database without --tenant: %d %s", code, errs)
	}
	if code, _, errs = cli(t, "runs", db, "--tenant", "nobody"); code != ExitFailed || !strings.Contains(errs, `no tenant "nobody"`) {
		t.Fatalf("runs for a tenant that does not exist: %d %s", code, errs)
	}
}

// TestTwoNodesKillNineLosesNothingAcknowledged: clients create tasks on both nodes at once; node A
// is killed with SIGKILL midway; every task either node acknowledged is there on node B, and the
// tenant's audit chain, written by both nodes at once, verifies.
func TestTwoNodesKillNineLosesNothingAcknowledged(t *testing.T) {
	model := llmtest.NewServer(t)
	a, b, key, url := twoNodes(t, model.URL)
	client := &http.Client{Timeout: 10 * time.Second}
	var mu sync.Mutex
	acked := map[string]bool{}
	var aDead atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				node := []*child{a, b}[(w+i)%2]
				if node == a && aDead.Load() {
					node = b
				}
				var tk server.Task
				code, err := call(client, "POST", node.url+"/ap/v1/agent/tasks", key, map[string]any{"input": fmt.Sprint("w", w, " ", i)}, &tk)
				if err == nil && code == 200 {
					mu.Lock()
					acked[tk.TaskID] = true
					mu.Unlock()
				}
			}
		})
	}
	waitAcked(t, &mu, acked, 20) // both nodes acknowledged writes: kill A among them
	aDead.Store(true)
	a.kill(t)
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	waitAcked(t, &mu, acked, n+5) // and B goes on acknowledging after it
	close(stop)
	wg.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d tasks acknowledged", len(acked))
	}
	for id := range acked {
		var tk server.Task
		if code, err := call(client, "GET", b.url+"/ap/v1/agent/tasks/"+id, key, nil, &tk); code != 200 || tk.TaskID != id {
			t.Fatalf("acknowledged task %s on B: %d %v", id, code, err)
		}
	}
	code, out, errs := cli(t, "audit", "verify", "--database", url)
	if code != 0 || !strings.Contains(out, "acme: ok") {
		t.Fatalf("audit verify: %d %s %s", code, out, errs)
	}
	t.Logf("%d tasks acknowledged by two nodes, one killed, all there; %s", len(acked), strings.TrimSpace(out))
}

// TestTwoNodesShareTheRateLimit: a tenant's burst is one bucket for every node: requests spread
// over two nodes pass no more than one node alone would let through.
func TestTwoNodesShareTheRateLimit(t *testing.T) {
	model := llmtest.NewServer(t)
	const burst = 8
	a, b, key, _ := twoNodes(t, model.URL, "--rate", "0.01", "--burst", fmt.Sprint(burst))
	client := &http.Client{Timeout: 10 * time.Second}
	passed, limited := 0, 0
	for i := range 3 * burst {
		code, _, err := send(client, "GET", []*child{a, b}[i%2].url+"/ap/v1/agent/tasks", key, nil)
		switch {
		case err != nil:
			t.Fatal(err)
		case code == 200:
			passed++
		case code == http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("request %d: %d", i, code)
		}
	}
	if passed != burst || limited != 2*burst {
		t.Fatalf("%d passed and %d were limited on two nodes, want the one burst of %d", passed, limited, burst)
	}
}

// TestTwoNodesShareTheRunningStepCap: a tenant capped at one running step runs one on both nodes
// together: while its step runs on node A, a step of another of its tasks on node B is refused
// with 429 and leaves no step behind; once A's step ends, B's runs.
func TestTwoNodesShareTheRunningStepCap(t *testing.T) {
	model := llmtest.NewServer(t, llmtest.Turn{Delay: 3 * time.Second, Content: "slow"}, llmtest.Text("quick"))
	a, b, key, _ := twoNodes(t, model.URL, "--continuous", "--max-running-steps", "1")
	client := &http.Client{Timeout: 20 * time.Second}
	var tasks [2]server.Task
	for i := range tasks {
		if code, err := call(client, "POST", a.url+"/ap/v1/agent/tasks", key, map[string]any{"input": "x"}, &tasks[i]); code != 200 {
			t.Fatalf("create task %d: %d %v", i, code, err)
		}
	}
	slow := make(chan int, 1)
	go func() {
		code, _ := call(client, "POST", a.url+"/ap/v1/agent/tasks/"+tasks[0].TaskID+"/steps", key, map[string]any{}, nil)
		slow <- code
	}()
	for deadline := time.Now().Add(20 * time.Second); model.Remaining() > 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the slow step on node A did not reach the model")
		}
	}
	code, raw, err := send(client, "POST", b.url+"/ap/v1/agent/tasks/"+tasks[1].TaskID+"/steps", key, map[string]any{})
	if err != nil || code != http.StatusTooManyRequests || !strings.Contains(string(raw), "too_many_running_steps") {
		t.Fatalf("a second running step of the tenant, on node B: %d %s %v", code, raw, err)
	}
	var list struct{ Steps []server.Step }
	if code, err := call(client, "GET", b.url+"/ap/v1/agent/tasks/"+tasks[1].TaskID+"/steps", key, nil, &list); code != 200 || len(list.Steps) != 0 {
		t.Fatalf("the refused step's task: %d %v, steps %+v", code, err, list.Steps)
	}
	if code := <-slow; code != 200 {
		t.Fatalf("the slow step on node A: %d", code)
	}
	if code, err := call(client, "POST", b.url+"/ap/v1/agent/tasks/"+tasks[1].TaskID+"/steps", key, map[string]any{}, nil); code != 200 {
		t.Fatalf("node B's step once A's ended: %d %v", code, err)
	}
}

// interrupted reports a step the API shows as cut short: status interrupted, or (where the API
// keeps to the specification's statuses) completed with "interrupted": true in additional_output.
func interrupted(st server.Step) bool {
	return st.Status == "interrupted" || strings.Contains(string(st.AdditionalOutput), `"interrupted":true`)
}
