package postgres

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

func openNode(t *testing.T, url string, ttl time.Duration) *DB {
	t.Helper()
	d, err := Open(ctx, url, Options{LeaseTTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// die stops d renewing its lease without handing it back, as a node killed with -9 or cut off
// from the database does.
func die(d *DB) { d.stopRenewing() }

// taskWithRunningStep creates tenant acme (when missing) and a task whose step runs on d.
func taskWithRunningStep(t *testing.T, d *DB) (*store.Task, *store.APStep) {
	t.Helper()
	db := store.New(d)
	if _, err := db.CreateTenant(ctx, "acme"); err != nil && !errors.Is(err, store.ErrExists) {
		t.Fatal(err)
	}
	task := &store.Task{Goal: "g"}
	if err := db.Tenant("acme").CreateTaskRun(ctx, task, &store.TaskRun{State: `{"turn":0}`}); err != nil {
		t.Fatal(err)
	}
	st := &store.APStep{TaskID: task.ID}
	if err := db.Tenant("acme").StartAPStep(ctx, st); err != nil {
		t.Fatal(err)
	}
	return task, st
}

// TestLeaseOfADeadNode: a live node's running step is never marked; once its node stops renewing
// and the lease runs out, another node marks it interrupted, the dead node can no longer finish
// it, and the task takes its next step on the other node.
func TestLeaseOfADeadNode(t *testing.T) {
	url := pgtest.URL(t)
	const ttl = 600 * time.Millisecond
	a, b := openNode(t, url, ttl), openNode(t, url, ttl)
	task, st := taskWithRunningStep(t, a)

	time.Sleep(ttl + ttl/2) // a renews meanwhile
	if marked, err := b.MarkInterruptedSteps(ctx, "cut"); err != nil || len(marked) != 0 {
		t.Fatalf("a live node's step was marked: %v, %v", marked, err)
	}
	if err := store.New(b).Tenant("acme").StartAPStep(ctx, &store.APStep{TaskID: task.ID}); !errors.Is(err, store.ErrStepRunning) {
		t.Fatalf("a second step on node b while a runs one: %v", err)
	}

	die(a)
	time.Sleep(ttl + 100*time.Millisecond)
	marked, err := b.MarkInterruptedSteps(ctx, "the node running it stopped")
	if err != nil {
		t.Fatal(err)
	}
	if len(marked) != 1 || marked[0].ID != st.ID || marked[0].Status != store.APStepInterrupted {
		t.Fatalf("marked %+v, want a's step", marked)
	}
	st.Status = store.APStepCompleted
	err = store.New(a).Tenant("acme").FinishAPStep(ctx, store.StepOutcome{Step: st, Run: &store.TaskRun{TaskID: task.ID, State: `{"turn":9}`}, Task: task})
	if !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("the dead node finished a step it lost: %v", err)
	}
	run, _ := store.New(b).Tenant("acme").TaskRun(ctx, task.ID)
	if run.State != `{"turn":0}` {
		t.Errorf("a lost step's state was saved: %s", run.State)
	}
	next := &store.APStep{TaskID: task.ID}
	if err := store.New(b).Tenant("acme").StartAPStep(ctx, next); err != nil || next.Seq != 2 {
		t.Fatalf("the next step on b: seq %d, %v", next.Seq, err)
	}
}

// TestCloseHandsTheLeaseBack: a node that closes (SIGTERM) lets another mark its steps at once.
func TestCloseHandsTheLeaseBack(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, time.Hour), openNode(t, url, time.Hour)
	_, st := taskWithRunningStep(t, a)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	marked, err := b.MarkInterruptedSteps(ctx, "handed back")
	if err != nil || len(marked) != 1 || marked[0].ID != st.ID {
		t.Fatalf("after a's Close, b marked %+v, %v", marked, err)
	}
}

// TestMarkingRacesMarkEachStepOnce: nodes marking at once share the dead node's steps out.
func TestMarkingRacesMarkEachStepOnce(t *testing.T) {
	url := pgtest.URL(t)
	dead := openNode(t, url, time.Hour)
	const steps = 12
	for range steps {
		taskWithRunningStep(t, dead)
	}
	if err := dead.Close(); err != nil {
		t.Fatal(err)
	}
	var nodes []*DB
	for range 4 {
		nodes = append(nodes, openNode(t, url, time.Hour))
	}
	var total atomic.Int64
	seen := sync.Map{}
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Go(func() {
			marked, err := n.MarkInterruptedSteps(ctx, "x")
			if err != nil {
				t.Error(err)
			}
			for _, st := range marked {
				if _, dup := seen.LoadOrStore(st.ID, true); dup {
					t.Errorf("step %s marked twice", st.ID)
				}
			}
			total.Add(int64(len(marked)))
		})
	}
	wg.Wait()
	if total.Load() != steps {
		t.Errorf("%d steps marked, want %d", total.Load(), steps)
	}
}

// TestRateLimitIsShared: two nodes take from one bucket per tenant: the burst is not doubled,
// and another tenant's bucket is its own.
func TestRateLimitIsShared(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, time.Hour), openNode(t, url, time.Hour)
	const burst = 10
	var ok atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			n := []*DB{a, b}[i%2]
			got, retry, err := n.TakeToken(ctx, "acme", 0.5, burst)
			if err != nil {
				t.Error(err)
			}
			if got {
				ok.Add(1)
			} else if retry <= 0 || retry > 3*time.Second {
				t.Errorf("retry after %v", retry)
			}
		})
	}
	wg.Wait()
	// At 0.5/s, the 40 requests (well under a second) can earn at most one token more.
	if n := ok.Load(); n < burst || n > burst+1 {
		t.Errorf("%d of 40 requests passed on two nodes, want the burst of %d", n, burst)
	}
	if got, _, err := b.TakeToken(ctx, "beta", 0.5, burst); err != nil || !got {
		t.Errorf("beta's own bucket: %v, %v", got, err)
	}
}

// TestStepSlotsAreShared: a tenant's running-step cap holds across nodes, a released slot is
// taken again, and a dead node's slots come free.
func TestStepSlotsAreShared(t *testing.T) {
	url := pgtest.URL(t)
	const ttl = 600 * time.Millisecond
	a, b := openNode(t, url, ttl), openNode(t, url, ttl)
	relA, err := a.ClaimStepSlot(ctx, "acme", 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ClaimStepSlot(ctx, "acme", 2); err != nil {
		t.Fatal(err)
	}
	for _, n := range []*DB{a, b} {
		if _, err := n.ClaimStepSlot(ctx, "acme", 2); !errors.Is(err, ErrNoSlot) {
			t.Fatalf("a third step of a tenant capped at 2: %v", err)
		}
	}
	if rel, err := a.ClaimStepSlot(ctx, "beta", 2); err != nil {
		t.Fatalf("beta's slots are its own: %v", err)
	} else {
		rel()
	}
	relA()
	if _, err := b.ClaimStepSlot(ctx, "acme", 2); err != nil {
		t.Fatalf("a released slot: %v", err)
	}
	// b now holds both; when b dies, a gets them after the lease.
	die(b)
	time.Sleep(ttl + 100*time.Millisecond)
	for range 2 {
		if _, err := a.ClaimStepSlot(ctx, "acme", 2); err != nil {
			t.Fatalf("a dead node's slot: %v", err)
		}
	}
}

// TestMigrations: a fresh database lacks every migration, Open applies them once even when
// several nodes start at once, and a database from a newer paddock is refused.
func TestMigrations(t *testing.T) {
	url := pgtest.URL(t)
	pending, err := Migrate(ctx, url, true)
	if err != nil || len(pending) != len(Migrations()) || pending[0].Version != 1 {
		t.Fatalf("dry run on a fresh database: %v, %v", pending, err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			d, err := Open(ctx, url, Options{})
			if err != nil {
				t.Error(err)
				return
			}
			d.Close()
		})
	}
	wg.Wait()
	if pending, err := Migrate(ctx, url, true); err != nil || len(pending) != 0 {
		t.Fatalf("after Open, pending %v, %v", pending, err)
	}
	d := openNode(t, url, time.Hour)
	if _, err := d.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, url, Options{}); err == nil || !strings.Contains(err.Error(), "newer paddock") {
		t.Fatalf("Open of a newer schema: %v", err)
	}
}

func TestDescribeHidesThePassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@db.example:5432/paddock?sslmode=require": "postgres://u:xxxxx@db.example:5432/paddock?sslmode=require",
		"postgres://u@/paddock?host=/run/pg":                          "postgres://u@/paddock?host=/run/pg",
		"postgres:///p?password=secret":                               "postgres:///p?password=xxxxx",
		"host=db user=u password=secret dbname=p":                     "host=db user=u dbname=p",
	} {
		if got := Describe(in); got != want || strings.Contains(got, "secret") {
			t.Errorf("Describe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenRefusesABadURL(t *testing.T) {
	_, err := Open(ctx, "postgres://u:secret@[::1", Options{})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("a bad URL: %v", err)
	}
}

// TestALostReleaseIsFoundAgain: a slot row left naming this node (its release was lost, as after
// a crash of PostgreSQL) is free to this node, which knows it does not hold it, and still taken
// for every other node while this one lives.
func TestALostReleaseIsFoundAgain(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, time.Hour), openNode(t, url, time.Hour)
	if _, err := a.ClaimStepSlot(ctx, "acme", 1); err != nil {
		t.Fatal(err)
	}
	// Forget the slot in a's memory but leave the row naming a, as a lost release would.
	a.mu.Lock()
	a.held["acme"] = nil
	a.mu.Unlock()
	if _, err := b.ClaimStepSlot(ctx, "acme", 1); !errors.Is(err, ErrNoSlot) {
		t.Fatalf("b took a slot a's row holds: %v", err)
	}
	if _, err := a.ClaimStepSlot(ctx, "acme", 1); err != nil {
		t.Fatalf("a's own stale slot: %v", err)
	}
}

// TestKeyAndToken: the key of a request and a token of its tenant's shared bucket, in one
// statement: the key as KeyByHash reads it, a token only for a live key, the burst shared with
// TakeToken, and a wait when the bucket is empty.
func TestKeyAndToken(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, time.Hour), openNode(t, url, time.Hour)
	db := store.New(a)
	for _, name := range []string{"acme", "beta"} {
		if _, err := db.CreateTenant(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	acme := db.Tenant("acme")
	live := &store.APIKey{ID: "k1", Hash: "kt-live", Role: "member", Label: "l"}
	revoked := &store.APIKey{ID: "k2", Hash: "kt-revoked", Role: "member"}
	expired := &store.APIKey{ID: "k3", Hash: "kt-expired", Role: "member", Expires: time.Now().Add(-time.Minute)}
	for _, k := range []*store.APIKey{live, revoked, expired} {
		if err := acme.AddKey(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := acme.RevokeKey(ctx, "k2"); err != nil {
		t.Fatal(err)
	}
	if err := db.Tenant("beta").AddKey(ctx, &store.APIKey{ID: "b1", Hash: "kt-beta", Role: "admin"}); err != nil {
		t.Fatal(err)
	}

	const burst = 3
	// Keys that may not be used take no token (the burst below is whole), and say why as
	// KeyByHash does.
	for hash, wantErr := range map[string]error{"kt-revoked": store.ErrRevoked, "kt-expired": store.ErrExpired} {
		k, taken, _, err := a.KeyAndToken(ctx, hash, 0.5, burst)
		if err != nil || taken {
			t.Fatalf("%s: %v, %v", hash, taken, err)
		}
		if _, err := store.LiveKey(k); !errors.Is(err, wantErr) {
			t.Errorf("%s: LiveKey = %v, want %v", hash, err, wantErr)
		}
	}
	want, err := a.KeyByHash(ctx, "kt-live")
	if err != nil {
		t.Fatal(err)
	}
	k, taken, _, err := a.KeyAndToken(ctx, "kt-live", 0.5, burst)
	if err != nil || !taken || *k != *want {
		t.Fatalf("a live key: %+v, %v, %v; want %+v", k, taken, err, want)
	}
	// The bucket is the one TakeToken takes from, on any node.
	if ok, _, err := b.TakeToken(ctx, "acme", 0.5, burst); err != nil || !ok {
		t.Fatalf("TakeToken after KeyAndToken: %v, %v", ok, err)
	}
	if _, taken, _, err := b.KeyAndToken(ctx, "kt-live", 0.5, burst); err != nil || !taken {
		t.Fatalf("the burst's last token: %v, %v", taken, err)
	}
	k, taken, retry, err := a.KeyAndToken(ctx, "kt-live", 0.5, burst)
	if err != nil || taken || k == nil || k.Tenant != "acme" || retry < time.Millisecond || retry > 2*time.Second {
		t.Fatalf("an empty bucket: %+v, %v, retry %v, %v", k, taken, retry, err)
	}
	if _, _, _, err := a.KeyAndToken(ctx, "kt-none", 0.5, burst); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown key: %v", err)
	}
	// Another tenant's bucket is its own.
	if k, taken, _, err := a.KeyAndToken(ctx, "kt-beta", 0.5, burst); err != nil || !taken || k.Tenant != "beta" {
		t.Errorf("beta's key: %+v, %v, %v", k, taken, err)
	}
}

// TestBeginInSlot: a step's begin claims one of its tenant's shared slots in the same round trip:
// with no slot free it begins nothing; a task with a running step or none claims no slot; the
// slot's release frees it for a step begun on another node.
func TestBeginInSlot(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, time.Hour), openNode(t, url, time.Hour)
	db := store.New(a)
	if _, err := db.CreateTenant(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	acmeA, acmeB := db.Tenant("acme"), store.New(b).Tenant("acme")
	var tasks []*store.Task
	for range 3 {
		tk := &store.Task{Goal: "g"}
		if err := acmeA.CreateTaskRun(ctx, tk, &store.TaskRun{State: "{}"}); err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, tk)
	}
	day := time.Now().UTC().Format(time.DateOnly)
	begin := func(sc *store.Scope, taskID string) (*store.APStep, func(), error) {
		st := &store.APStep{TaskID: taskID}
		reads, release, ok, err := sc.BeginAPStepInSlot(ctx, taskID, day, st, 2)
		if !ok {
			t.Fatal("PostgreSQL does not begin steps in slots")
		}
		if err == nil && (reads.Task.ID != taskID || st.Seq != 1) {
			t.Fatalf("begun: reads of %s, seq %d", reads.Task.ID, st.Seq)
		}
		return st, release, err
	}
	steps := func(taskID string) int {
		_, n, err := acmeA.APSteps(ctx, taskID, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	st0, release0, err := begin(acmeA, tasks[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := acmeA.APStep(ctx, tasks[0].ID, st0.ID); err != nil || got.Status != store.APStepRunning {
		t.Fatalf("the begun step: %+v, %v", got, err)
	}
	// A task running a step, or none, claims no slot: the cap's second slot is still there.
	if _, _, err := begin(acmeB, tasks[0].ID); !errors.Is(err, store.ErrStepRunning) {
		t.Fatalf("a second step of a task: %v", err)
	}
	if _, _, err := begin(acmeB, "no-such-task"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a step of no task: %v", err)
	}
	_, release1, err := begin(acmeB, tasks[1].ID)
	if err != nil {
		t.Fatalf("the second slot: %v", err)
	}
	// Both slots held: nothing begins, on either node.
	for _, sc := range []*store.Scope{acmeA, acmeB} {
		if _, _, err := begin(sc, tasks[2].ID); !errors.Is(err, store.ErrNoSlot) {
			t.Fatalf("a third step of a tenant capped at 2: %v", err)
		}
	}
	if n := steps(tasks[2].ID); n != 0 {
		t.Fatalf("a step refused for its slot was recorded: %d", n)
	}
	// A released slot (of node a) lets a step begin on node b; ClaimStepSlot counts the same slots.
	release0()
	if _, _, err := begin(acmeB, tasks[2].ID); err != nil {
		t.Fatalf("a released slot: %v", err)
	}
	if _, err := b.ClaimStepSlot(ctx, "acme", 2); !errors.Is(err, ErrNoSlot) {
		t.Fatalf("ClaimStepSlot with every slot held by begun steps: %v", err)
	}
	release1()
	if rel, err := a.ClaimStepSlot(ctx, "acme", 2); err != nil {
		t.Fatalf("ClaimStepSlot after a begun step's release: %v", err)
	} else {
		rel()
	}
}
