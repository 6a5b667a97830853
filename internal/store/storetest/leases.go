package storetest

import (
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// testLeases: a command-line run saves its state and holds a lease while it runs. A run whose
// lease ran out while it is still "running" belongs to a process that is gone: ExpireLeases marks
// it interrupted (and nothing else, of no other tenant); another process takes the lease only
// once it has run out; the saved run survives closing the database.
func testLeases(t *testing.T, s *suite) {
	s.tenants(t, "acme")
	local, acme := s.db.Tenant("local"), s.db.Tenant("acme")
	be := s.db.Backend()

	gone := &store.Task{Goal: "killed with -9"}
	must(t, local.CreateTask(ctx, gone))
	must(t, local.SaveTaskRun(ctx, &store.TaskRun{TaskID: gone.ID, AdditionalInput: `{"args":["--continuous"]}`, State: `{"turn":1}`}))
	must(t, local.SaveTaskRun(ctx, &store.TaskRun{TaskID: gone.ID, AdditionalInput: `{"args":["--continuous"]}`, State: `{"turn":2}`}))
	alive := &store.Task{Goal: "still going"}
	must(t, local.CreateTask(ctx, alive))
	noLease := &store.Task{Goal: "a server task, no lease"}
	must(t, local.CreateTask(ctx, noLease))
	ended := &store.Task{Goal: "finished, lease ran out", Status: store.StatusFinished}
	must(t, local.CreateTask(ctx, ended))
	other := s.task(t, "acme")

	now := time.Now().UTC().Truncate(time.Microsecond)
	past := now.Add(-time.Minute)
	must(t, be.TakeLease(ctx, "local", gone.ID, "host:1", past.Add(-time.Minute), past))
	must(t, be.TakeLease(ctx, "local", alive.ID, "host:2", now, now.Add(time.Hour)))
	must(t, be.TakeLease(ctx, "local", ended.ID, "host:3", past.Add(-time.Minute), past))
	must(t, be.TakeLease(ctx, "acme", other.ID, "host:4", past.Add(-time.Minute), past))

	// A lease another holder has, not yet run out, cannot be taken; its own holder renews it.
	is(t, be.TakeLease(ctx, "local", alive.ID, "host:9", now, now.Add(time.Hour)), store.ErrLeaseHeld, "take a held lease")
	must(t, be.TakeLease(ctx, "local", alive.ID, "host:2", now, now.Add(2*time.Hour)))
	is(t, be.TakeLease(ctx, "local", "nosuchtask", "host:9", now, now.Add(time.Hour)), store.ErrNotFound, "lease of a missing task")
	is(t, be.TakeLease(ctx, "acme", gone.ID, "host:9", now, now.Add(time.Hour)), store.ErrNotFound, "lease of another tenant's task")
	is(t, acme.SaveTaskRun(ctx, &store.TaskRun{TaskID: gone.ID, State: "{}"}), store.ErrNotFound, "save the run of another tenant's task")

	s.reopen(t)
	local = s.db.Tenant("local")
	ids, err := local.ExpireLeases(ctx, "its process is gone")
	must(t, err)
	equal(t, ids, []string{gone.ID}, "expired")
	got, err := local.Task(ctx, gone.ID)
	must(t, err)
	if got.Status != store.StatusInterrupted || got.Outcome != "its process is gone" {
		t.Errorf("the gone run = %+v", got)
	}
	for _, id := range []string{alive.ID, noLease.ID} {
		if got, _ := local.Task(ctx, id); got.Status != store.StatusRunning {
			t.Errorf("task %q was marked: %+v", got.Goal, got)
		}
	}
	if got, _ := local.Task(ctx, ended.ID); got.Status != store.StatusFinished {
		t.Errorf("an ended task was marked: %+v", got)
	}
	if got, _ := s.db.Tenant("acme").Task(ctx, other.ID); got.Status != store.StatusRunning {
		t.Errorf("another tenant's task was marked: %+v", got)
	}
	if again, err := local.ExpireLeases(ctx, "again"); err != nil || len(again) != 0 {
		t.Errorf("a second ExpireLeases marked %v, %v", again, err)
	}
	run, err := local.TaskRun(ctx, gone.ID)
	must(t, err)
	if run.State != `{"turn":2}` || run.AdditionalInput != `{"args":["--continuous"]}` {
		t.Errorf("the saved run = %+v, want the last state saved", run)
	}
	// Resuming: a new process takes the ran-out lease.
	must(t, local.TakeLease(ctx, gone.ID, "host:5", time.Minute))
}
