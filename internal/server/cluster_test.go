package server

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
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
	takes     int // calls of TakeToken
}

func (c *clusterDouble) TakeToken(_ context.Context, tenant string, _ float64, _ int) (bool, time.Duration, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.takes++
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

// count reads one of the double's counts under its lock.
func (c *clusterDouble) count(f func() int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return f()
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
	useSharedBucket(t, f, k)
	if res := f.do("GET", "/ap/v1/agent/tasks", f.keys["beta/member"], nil, nil); res.StatusCode != 200 {
		t.Fatalf("beta's own bucket: %d", res.StatusCode)
	}
}

// useSharedBucket sends requests as key until the double's shared bucket of 3 is used up: three
// pass, the fourth is refused with the shared bucket's wait.
func useSharedBucket(t *testing.T, f *fixture, key string) {
	t.Helper()
	for i := range 3 {
		if res := f.do("GET", "/ap/v1/agent/tasks", key, nil, nil); res.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, res.StatusCode)
		}
	}
	res := f.do("GET", "/ap/v1/agent/tasks", key, nil, nil)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "3" {
		t.Fatalf("over the shared bucket: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

// keyTokenDouble is a clusterDouble that is also a KeyTokenTaker: it reads the key from the
// store's backend and takes the token from the double's counts, in one call.
type keyTokenDouble struct {
	*clusterDouble
	keys  store.Backend
	calls atomic.Int32
}

func (c *keyTokenDouble) KeyAndToken(ctx context.Context, hash string, rate float64, burst int) (*store.APIKey, bool, time.Duration, error) {
	c.calls.Add(1)
	k, err := c.keys.KeyByHash(ctx, hash)
	if err != nil {
		return nil, false, 0, err
	}
	if _, err := store.LiveKey(k); err != nil {
		return k, false, 0, nil
	}
	ok, retry, err := c.TakeToken(ctx, k.Tenant, rate, burst)
	return k, ok, retry, err
}

// TestClusterKeyAndToken: with a cluster that reads a key and takes its tenant's shared token in
// one round trip, a request's authentication takes the token and the rate limit takes no other;
// a revoked key takes none; a tenant this node already refuses takes none (the flood stays here).
func TestClusterKeyAndToken(t *testing.T) {
	c := &keyTokenDouble{clusterDouble: &clusterDouble{tokens: map[string]int{"acme": 3, "beta": 100}, leaseHeld: true}}
	f := newFixture(t, func(cfg *Config) {
		cfg.Cluster = c
		cfg.Limits.RatePerSecond, cfg.Limits.Burst = 0.01, 5 // this node's bucket: 5, then nothing
	})
	c.keys = f.st.Backend()
	k := f.keys["acme/member"]
	useSharedBucket(t, f, k)
	if calls, takes := c.calls.Load(), c.count(func() int { return c.takes }); calls != 4 || takes != 4 {
		t.Fatalf("4 requests: %d key-and-token calls, %d tokens taken; want 4 and 4 (one each)", calls, takes)
	}

	// A revoked key: 401, no token.
	if err := f.st.Tenant("beta").RevokeKey(context.Background(), keyID(t, f, "beta", "beta/viewer")); err != nil {
		t.Fatal(err)
	}
	if res := f.do("GET", "/ap/v1/agent/tasks", f.keys["beta/viewer"], nil, nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a revoked key: %d", res.StatusCode)
	}
	if left := c.count(func() int { return c.tokens["beta"] }); left != 100 {
		t.Fatalf("a revoked key took a token: %d left", left)
	}

	// acme's 5th request here emptied this node's bucket: the next ones are refused here, and
	// their keys are read without taking a shared token.
	before := c.calls.Load()
	for range 3 {
		if res := f.do("GET", "/ap/v1/agent/tasks", k, nil, nil); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("over this node's bucket: %d", res.StatusCode)
		}
	}
	if got := c.calls.Load() - before; got > 1 {
		t.Fatalf("%d key-and-token calls for requests this node refuses; want at most the first", got)
	}
}

// keyID returns the id of the fixture's key named name ("beta/viewer") in tenant.
func keyID(t *testing.T, f *fixture, tenantName, name string) string {
	t.Helper()
	k, err := f.st.KeyByHash(context.Background(), tenant.HashKey(f.keys[name]))
	if err != nil || k.Tenant != tenantName {
		t.Fatalf("key %s: %v", name, err)
	}
	return k.ID
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

// TestClusterStepPlacesGoBack: a step's shared slot is given back before the step is answered,
// and a step refused for another reason (a task that does not exist, an approval not answered)
// holds none.
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
