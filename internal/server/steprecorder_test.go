package server

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/server/servertest"
	"github.com/paddock-dev/paddock/internal/store"
)

// TestStepRecorder: a step's call records are held for its finish, written on their own when the
// step goes on past callHold or its finish fails, and at once after the finish.
func TestStepRecorder(t *testing.T) {
	ctx := context.Background()
	st, _ := servertest.Store(t, t.TempDir())
	scope := st.Tenant("acme")
	task := &store.Task{Goal: "g"}
	if err := scope.CreateTaskRun(ctx, task, &store.TaskRun{State: "{}"}); err != nil {
		t.Fatal(err)
	}
	calls := func() []string {
		t.Helper()
		steps, err := scope.Steps(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		var tools []string
		for _, s := range steps {
			tools = append(tools, s.Tool)
		}
		return tools
	}
	call := func(tool string) *store.Step { return &store.Step{TaskID: task.ID, Tool: tool, Started: time.Now()} }
	same := func(got []string, want ...string) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}

	// A step that ends at once: its calls go to its finish, in order, and nowhere else.
	rec := newStepRecorder(scope, slog.New(slog.DiscardHandler))
	for _, tool := range []string{"a", "b"} {
		if err := rec.AddStep(ctx, call(tool)); err != nil {
			t.Fatal(err)
		}
	}
	if got := calls(); len(got) != 0 {
		t.Fatalf("calls written before the finish: %v", got)
	}
	var given []string
	if err := rec.finish(func(cs []*store.Step) error {
		for _, c := range cs {
			given = append(given, c.Tool)
			if err := scope.AddStep(ctx, c); err != nil { // as FinishAPStep would
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !same(given, "a", "b") || !same(calls(), "a", "b") {
		t.Fatalf("the finish got %v; on record: %v", given, calls())
	}
	// After the finish a record is written at once.
	if err := rec.AddStep(ctx, call("late")); err != nil {
		t.Fatal(err)
	}
	if got := calls(); !same(got, "a", "b", "late") {
		t.Fatalf("a record after the finish: %v", got)
	}

	// A step that goes on: its call is written within callHold, before any finish.
	rec = newStepRecorder(scope, slog.New(slog.DiscardHandler))
	if err := rec.AddStep(ctx, call("long")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !same(calls(), "a", "b", "late", "long") {
		if time.Now().After(deadline) {
			t.Fatalf("a held call was not written on its own: %v", calls())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := rec.finish(func(cs []*store.Step) error {
		if len(cs) != 0 {
			t.Errorf("the finish got calls already written: %d", len(cs))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// A finish that fails: its calls are written on their own; so are those of a step flushed
	// without a finish.
	rec = newStepRecorder(scope, slog.New(slog.DiscardHandler))
	if err := rec.AddStep(ctx, call("refused")); err != nil {
		t.Fatal(err)
	}
	lost := errors.New("lease lost")
	if err := rec.finish(func([]*store.Step) error { return lost }); !errors.Is(err, lost) {
		t.Fatalf("finish = %v, want the finish's error", err)
	}
	rec = newStepRecorder(scope, slog.New(slog.DiscardHandler))
	if err := rec.AddStep(ctx, call("abandoned")); err != nil {
		t.Fatal(err)
	}
	rec.flush()
	if got := calls(); !same(got, "a", "b", "late", "long", "refused", "abandoned") {
		t.Fatalf("calls of failed steps: %v", got)
	}

	// A step of many calls holds at most maxHeldCalls of them.
	rec = newStepRecorder(scope, slog.New(slog.DiscardHandler))
	for range maxHeldCalls + 1 {
		if err := rec.AddStep(ctx, call("many")); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.finish(func(cs []*store.Step) error {
		if len(cs) >= maxHeldCalls {
			t.Errorf("the finish got %d calls, more than %d", len(cs), maxHeldCalls-1)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := len(calls()); got < 6+maxHeldCalls {
		t.Fatalf("%d calls on record, want the %d held before the finish", got, maxHeldCalls)
	}
}
