package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
)

func auditHash(e *store.AuditEntry) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%s|%s|%s", e.Tenant, e.Seq, e.Action, e.Detail, e.Prev)))
	return hex.EncodeToString(h[:])
}

// TestAuditGuessedHeads: two nodes append to one tenant's chain in turns and at once, so each
// node's remembered head is often stale (the one-round-trip append must then write nothing and
// fall back to locking the head): the chain is whole, every seq once, each entry after the one
// before it, and the head is its last entry.
func TestAuditGuessedHeads(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, 0), openNode(t, url, 0)
	if _, err := store.New(a).CreateTenant(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	nodes := []*store.Scope{store.New(a).Tenant("acme"), store.New(b).Tenant("acme")}
	n := 0
	for i := range 10 { // in turns: every append after the first of each node guesses wrong
		e := &store.AuditEntry{Action: "turn", Detail: fmt.Sprint(i)}
		if err := nodes[i%2].AppendAudit(ctx, e, auditHash); err != nil {
			t.Fatal(err)
		}
		n++
		if e.Seq != int64(n) {
			t.Fatalf("entry %d got seq %d", n, e.Seq)
		}
	}
	var wg sync.WaitGroup
	for w := range 4 { // at once, two writers per node
		wg.Go(func() {
			for i := range 15 {
				if err := nodes[w%2].AppendAudit(ctx, &store.AuditEntry{Action: "race", Detail: fmt.Sprint(w, i)}, auditHash); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	n += 4 * 15
	wholeChain(t, nodes[0], nodes[1], n)
}

// wholeChain checks the tenant's chain as one node reads it: n entries, every seq once, each
// after the one before it and hashed right, and the other node's head its last entry. It returns
// the entries.
func wholeChain(t *testing.T, reader, other *store.Scope, n int) []*store.AuditEntry {
	t.Helper()
	es, err := reader.AuditEntries(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != n {
		t.Fatalf("%d entries, want %d", len(es), n)
	}
	prev := ""
	for i, e := range es {
		if e.Seq != int64(i+1) || e.Prev != prev || e.Hash != auditHash(e) {
			t.Fatalf("entry %d: seq %d %s, prev %.8s (want %.8s), hash ok %v", i+1, e.Seq, e.Action, e.Prev, prev, e.Hash == auditHash(e))
		}
		prev = e.Hash
	}
	h, err := other.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.Seq != int64(n) || h.Hash != prev {
		t.Errorf("head %d %.8s, want %d %.8s", h.Seq, h.Hash, n, prev)
	}
	return es
}

// TestFinishWithAuditTwoNodes: steps finished with their audit entries on two nodes, in turns
// and at once with plain appends, keep one whole chain (each node's remembered head is often
// stale: the one-statement finish then writes nothing and the locking transaction does it); a
// finish whose step was lost writes none of its entries.
func TestFinishWithAuditTwoNodes(t *testing.T) {
	url := pgtest.URL(t)
	a, b := openNode(t, url, 600*time.Millisecond), openNode(t, url, 600*time.Millisecond)
	if _, err := store.New(a).CreateTenant(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	nodes := []*store.Scope{store.New(a).Tenant("acme"), store.New(b).Tenant("acme")}
	step := func(sc *store.Scope, what string) error {
		task := &store.Task{Goal: "g"}
		run := &store.TaskRun{State: `{"turn":0}`}
		if err := sc.CreateTaskRun(ctx, task, run); err != nil {
			return err
		}
		st := &store.APStep{TaskID: task.ID}
		if err := sc.StartAPStep(ctx, st); err != nil {
			return err
		}
		st.Status = store.APStepCompleted
		return sc.FinishAPStep(ctx, store.StepOutcome{Step: st, Run: run, Task: task, Steps: 1,
			Audit: []*store.AuditEntry{{Action: "tool_call", Detail: `{"w":"` + what + `"}`}, {Action: "step"}}, AuditHash: auditHash})
	}
	n := 0
	for i := range 6 {
		if err := step(nodes[i%2], fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
		if err := nodes[(i+1)%2].AppendAudit(ctx, &store.AuditEntry{Action: "between"}, auditHash); err != nil {
			t.Fatal(err)
		}
		n += 3
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 8 {
				var err error
				if w < 2 {
					err = step(nodes[w%2], fmt.Sprint(w, i))
				} else {
					err = nodes[w%2].AppendAudit(ctx, &store.AuditEntry{Action: "race"}, auditHash)
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	n += 2*8*2 + 2*8

	// A step lost by its node: its finish writes no entry.
	task, st := taskWithRunningStep(t, a)
	die(a)
	if _, err := store.New(b).MarkInterruptedSteps(ctx, "cut"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := nodes[1].APStep(ctx, task.ID, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == store.APStepInterrupted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the dead node's step was not marked")
		}
		time.Sleep(50 * time.Millisecond)
		if _, err := store.New(b).MarkInterruptedSteps(ctx, "cut"); err != nil {
			t.Fatal(err)
		}
	}
	st.Status = store.APStepCompleted
	err := nodes[0].FinishAPStep(ctx, store.StepOutcome{Step: st, Run: &store.TaskRun{TaskID: task.ID, State: "{}"}, Task: task,
		Audit: []*store.AuditEntry{{Action: "lost"}}, AuditHash: auditHash})
	if !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("finishing a lost step: %v, want ErrLeaseLost", err)
	}

	for i, e := range wholeChain(t, nodes[1], nodes[1], n) {
		if e.Action == "lost" {
			t.Fatalf("entry %d is the lost step's", i+1)
		}
	}
}
