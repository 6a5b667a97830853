package storetest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// parallel runs f(0) ... f(n-1) at once, after all have started, and returns their errors.
func parallel(n int, f func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = f(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// testOneRunningStep: of steps started at once on one task, exactly one runs and the others are
// ErrStepRunning; once it is finished, the next one starts with the next seq.
func testOneRunningStep(t *testing.T, s *suite) {
	s.tenants(t, "acme")
	acme := s.db.Tenant("acme")
	task := s.task(t, "acme")
	other := s.task(t, "acme")
	const n = 16
	steps := make([]*store.APStep, n)
	errs := parallel(n, func(i int) error {
		steps[i] = &store.APStep{TaskID: task.ID, Input: fmt.Sprint(i)}
		return acme.StartAPStep(ctx, steps[i])
	})
	var won *store.APStep
	for i, err := range errs {
		switch {
		case err == nil && won == nil:
			won = steps[i]
		case err == nil:
			t.Errorf("two steps of one task run at once: %s and %s", won.ID, steps[i].ID)
		case !errors.Is(err, store.ErrStepRunning):
			t.Errorf("a racing start: %v, want ErrStepRunning", err)
		}
	}
	if won == nil {
		t.Fatal("no step started")
	}
	if won.Seq != 1 {
		t.Errorf("the winner's seq = %d", won.Seq)
	}
	if _, total, _ := acme.APSteps(ctx, task.ID, 100, 0); total != 1 {
		t.Errorf("%d steps recorded, want 1", total)
	}
	// Another task is not held by this one's running step.
	must(t, acme.StartAPStep(ctx, &store.APStep{TaskID: other.ID}))

	run, _ := acme.TaskRun(ctx, task.ID)
	won.Status = store.APStepCompleted
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: won, Run: run, Task: task}))
	next := &store.APStep{TaskID: task.ID}
	must(t, acme.StartAPStep(ctx, next))
	if next.Seq != 2 {
		t.Errorf("the next step's seq = %d", next.Seq)
	}
	is(t, acme.StartAPStep(ctx, &store.APStep{TaskID: task.ID}), store.ErrStepRunning, "a start while the next step runs")
	// An awaiting step is not running: the task takes the next step.
	next.Status = store.APStepAwaiting
	must(t, acme.FinishAPStep(ctx, store.StepOutcome{Step: next, Run: run, Task: task}))
	must(t, acme.StartAPStep(ctx, &store.APStep{TaskID: task.ID}))
}

// testAuditChainConcurrent: appenders racing on two tenants' chains, alone and in batches, leave
// each chain numbered 1..n without gaps, each entry linked to the one before, and the head on the
// last.
func testAuditChainConcurrent(t *testing.T, s *suite) {
	const writers, each = 12, 15
	errs := parallel(writers, func(g int) error {
		for i := range each {
			tenant := []string{"acme", "beta"}[(g+i)%2]
			e := &store.AuditEntry{Tenant: tenant, Actor: fmt.Sprint("w", g), Action: "single", Target: strconv.Itoa(i)}
			var err error
			if i%3 == 0 { // a batch across both chains
				e.Action = "batch"
				err = s.db.AppendAuditBatch(ctx, []*store.AuditEntry{e, {Tenant: "acme", Actor: e.Actor, Action: "batch", Target: e.Target}}, hash)
			} else {
				err = s.db.Tenant(tenant).AppendAudit(ctx, e, hash)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	for _, err := range errs {
		must(t, err)
	}
	total := int64(0)
	for _, tenant := range []string{"acme", "beta"} {
		sc := s.db.Tenant(tenant)
		es, err := sc.AuditEntries(ctx, 0, 10000)
		must(t, err)
		prev := ""
		perWriter := map[string]int{} // each writer's entries keep its order
		for i, e := range es {
			if e.Seq != int64(i+1) || e.Prev != prev || e.Hash != hash(e) || e.Tenant != tenant {
				t.Fatalf("%s entry %d: %+v (prev %.8s)", tenant, i+1, e, prev)
			}
			prev = e.Hash
			n, _ := strconv.Atoi(e.Target)
			if last, ok := perWriter[e.Actor]; ok && n < last {
				t.Errorf("%s: writer %s's entry %d is after its entry %d", tenant, e.Actor, n, last)
			}
			perWriter[e.Actor] = n
		}
		h, err := sc.AuditHead(ctx)
		must(t, err)
		if h.Seq != int64(len(es)) || h.Hash != prev {
			t.Errorf("%s head = %+v after %d entries", tenant, h, len(es))
		}
		total += h.Seq
	}
	if want := int64(writers*each + writers*((each+2)/3)); total != want {
		t.Errorf("%d entries in all, want %d", total, want)
	}
}

// testConcurrentWriters: writers on different tasks at once all succeed (no "busy" error reaches
// the caller) and lose no update: every step, every counter and every usage increment is there.
func testConcurrentWriters(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	const writers, rounds = 16, 8
	tasks := make([]*store.Task, writers)
	errs := parallel(writers, func(g int) error {
		sc := s.db.Tenant([]string{"acme", "beta"}[g%2])
		task := &store.Task{Goal: fmt.Sprint("g", g)}
		run := &store.TaskRun{State: "{}"}
		if err := sc.CreateTaskRun(ctx, task, run); err != nil {
			return err
		}
		tasks[g] = task
		for i := range rounds {
			if err := sc.AddStep(ctx, &store.Step{TaskID: task.ID, Turn: i + 1, Tool: "t"}); err != nil {
				return err
			}
			st := &store.APStep{TaskID: task.ID}
			if err := sc.StartAPStep(ctx, st); err != nil {
				return err
			}
			st.Status = store.APStepCompleted
			task.Steps = i + 1
			task.PromptTokens += 10
			run.State = fmt.Sprintf(`{"turn":%d}`, i+1)
			if err := sc.FinishAPStep(ctx, store.StepOutcome{Step: st, Run: run, Task: task, Steps: 1, Tokens: 10, CPUMillis: 1}); err != nil {
				return err
			}
			if err := sc.PutArtifact(ctx, &store.Artifact{TaskID: task.ID, FileName: fmt.Sprint("f", i)}); err != nil {
				return err
			}
		}
		task.Status = store.StatusFinished
		return sc.UpdateTask(ctx, task)
	})
	for _, err := range errs {
		must(t, err)
	}
	for g, task := range tasks {
		sc := s.db.Tenant(task.Tenant)
		got, err := sc.Task(ctx, task.ID)
		must(t, err)
		if got.Status != store.StatusFinished || got.Steps != rounds || got.PromptTokens != 10*rounds {
			t.Errorf("writer %d's task = %+v", g, got)
		}
		if steps, _ := sc.Steps(ctx, task.ID); len(steps) != rounds {
			t.Errorf("writer %d: %d steps", g, len(steps))
		}
		if aps, _, _ := sc.APSteps(ctx, task.ID, 100, 0); len(aps) != rounds || aps[rounds-1].Seq != rounds {
			t.Errorf("writer %d: AP steps %s", g, show(aps))
		}
		if _, n, _ := sc.Artifacts(ctx, task.ID, 100, 0); n != rounds {
			t.Errorf("writer %d: %d artifacts", g, n)
		}
		if r, _ := sc.TaskRun(ctx, task.ID); r.State != fmt.Sprintf(`{"turn":%d}`, rounds) {
			t.Errorf("writer %d: run %+v", g, r)
		}
	}
	// Usage adds up over the day (or two, when the test crosses midnight UTC).
	today := time.Now().UTC()
	for _, tenant := range []string{"acme", "beta"} {
		var u store.Usage
		for _, day := range []time.Time{today.AddDate(0, 0, -1), today} {
			d, err := s.db.Tenant(tenant).UsageOn(ctx, day.Format(time.DateOnly))
			must(t, err)
			u.Steps, u.Tokens, u.CPUMillis = u.Steps+d.Steps, u.Tokens+d.Tokens, u.CPUMillis+d.CPUMillis
		}
		want := int64(writers / 2 * rounds)
		if u != (store.Usage{Steps: want, Tokens: 10 * want, CPUMillis: want}) {
			t.Errorf("%s usage = %+v, want %d steps", tenant, u, want)
		}
	}
}
