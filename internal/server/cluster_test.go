package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// clusterDouble is a test double of a shared database's Cluster: an in-memory count of requests
// and running steps per tenant, as if every node took from it.
type clusterDouble struct {
	mu        sync.Mutex
	tokens    map[string]int // requests still allowed, per tenant
	slotsFull bool
	claims    int
	held      int // slots claimed and not released
	leaseHeld bool
}

func (c *clusterDouble) TakeToken(_ context.Context, tenant string, _ float64, _ int) (bool, time.Duration, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens[tenant] <= 0 {
		return false, 3 * time.Second, nil
	}
	c.tokens[tenant]--
	return true, 0, nil
}

func (c *clusterDouble) ClaimStepSlot(context.Context, string, int) (func(), bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.slotsFull {
		return nil, false, nil
	}
	c.claims++
	c.held++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			c.held--
			c.mu.Unlock()
		})
	}, true, nil
}

func (c *clusterDouble) heldSlots() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held
}

func (c *clusterDouble) LeaseTTL() time.Duration { return time.Hour }

func (c *clusterDouble) Stats(context.Context) ClusterStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ClusterStats{LeaseHeld: c.leaseHeld, LiveNodes: 2, PoolIdle: 3, PoolAcquired: 1, PoolMax: 8, PoolAcquires: 42}
}

// TestClusterHoldsTheRateLimit: with a Cluster, a tenant's requests are counted in the shared
// bucket: once other nodes used it up, this node refuses too, with the shared bucket's wait.
func TestClusterHoldsTheRateLimit(t *testing.T) {
	c := &clusterDouble{tokens: map[string]int{"acme": 3, "beta": 100}, leaseHeld: true}
	f := newFixture(t, func(cfg *Config) { cfg.Cluster = c })
	k := f.keys["acme/member"]
	for i := range 3 {
		if res := f.do("GET", "/ap/v1/agent/tasks", k, nil, nil); res.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, res.StatusCode)
		}
	}
	res := f.do("GET", "/ap/v1/agent/tasks", k, nil, nil)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "3" {
		t.Fatalf("over the shared bucket: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if res := f.do("GET", "/ap/v1/agent/tasks", f.keys["beta/member"], nil, nil); res.StatusCode != 200 {
		t.Fatalf("beta's own bucket: %d", res.StatusCode)
	}
}

// TestClusterCapsRunningSteps: a step whose tenant holds every shared slot is refused with 429
// before it runs, and nothing is left running.
func TestClusterCapsRunningSteps(t *testing.T) {
	c := &clusterDouble{tokens: map[string]int{"acme": 100}, leaseHeld: true, slotsFull: true}
	f := newFixture(t, func(cfg *Config) { cfg.Cluster = c })
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	res := f.do("POST", "/ap/v1/agent/tasks/"+tk.TaskID+"/steps", k, map[string]any{}, nil)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body(res), "too_many_running_steps") {
		t.Fatalf("a step over the shared cap: %d", res.StatusCode)
	}
	sts, total, err := f.st.Tenant("acme").APSteps(context.Background(), tk.TaskID, 10, 0)
	if err != nil || total != 0 {
		t.Fatalf("steps recorded: %d %v %v", total, sts, err)
	}
}

// TestClusterStepPlacesGoBack: a step's shared slot, claimed while the step's records are read,
// is given back before the step is answered; a step refused for another reason (a task that does
// not exist, an approval not answered) gives back the slot it claimed meanwhile.
func TestClusterStepPlacesGoBack(t *testing.T) {
	c := &clusterDouble{tokens: map[string]int{"acme": 100}, leaseHeld: true}
	f := newFixture(t, func(cfg *Config) { cfg.Cluster = c }, llmtestWriteFile())
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != 200 {
		t.Fatalf("step: %d", res.StatusCode)
	}
	if n := c.heldSlots(); n != 0 {
		t.Fatalf("%d slots held after an answered step", n)
	}
	if _, res := f.step(k, "nosuchtask", nil); res.StatusCode != 404 {
		t.Fatalf("a step of no task: %d", res.StatusCode)
	}
	if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != 409 { // the write awaits approval
		t.Fatalf("a step without the awaited answer: %d", res.StatusCode)
	}
	for deadline := time.Now().Add(5 * time.Second); c.heldSlots() != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d slots still held after refused steps", c.heldSlots())
		}
	}
	c.mu.Lock()
	claims := c.claims
	c.mu.Unlock()
	if claims < 1 {
		t.Fatal("no slot was ever claimed")
	}
}

// TestClusterMetricsAndReadiness: the node's lease and pool are in /metrics for the operator's
// token only, and a node whose lease lapsed is not ready.
func TestClusterMetricsAndReadiness(t *testing.T) {
	c := &clusterDouble{tokens: map[string]int{"acme": 100}, leaseHeld: true}
	f := newFixture(t, func(cfg *Config) { cfg.Cluster = c; cfg.MetricsToken = "scrape-token-1234567890" })
	all := body(f.do("GET", "/metrics", "scrape-token-1234567890", nil, nil))
	for _, want := range []string{"paddock_node_lease_held 1", "paddock_cluster_live_nodes 2", `paddock_db_pool_connections{state="idle"} 3`,
		"paddock_db_pool_max_connections 8", "paddock_db_pool_acquires_total 42", "# TYPE paddock_steps_reaped_total counter"} {
		if !strings.Contains(all, want) {
			t.Errorf("the operator's metrics lack %q:\n%s", want, all)
		}
	}
	own := body(f.do("GET", "/metrics", f.keys["acme/admin"], nil, nil))
	if strings.Contains(own, "paddock_node_lease_held") || strings.Contains(own, "paddock_db_pool") || strings.Contains(own, "go_goroutines") {
		t.Errorf("a tenant's admin sees the node's series:\n%s", own)
	}
	if res := f.do("GET", "/readyz", "", nil, nil); res.StatusCode != 200 {
		t.Fatalf("readyz with the lease held: %d", res.StatusCode)
	}
	c.mu.Lock()
	c.leaseHeld = false
	c.mu.Unlock()
	res := f.do("GET", "/readyz", "", nil, nil)
	if b := body(res); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(b, `"lease":"failing"`) {
		t.Fatalf("readyz with the lease lapsed: %d %s", res.StatusCode, b)
	}
}

// llmtestWriteFile is a model script whose first reply asks to write a file (which waits for
// approval).
func llmtestWriteFile() llmtest.Turn {
	return llmtest.Calls(llmtest.Call("c1", "write_file", `{"filename":"a.txt","contents":"1"}`))
}
