package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "data", "paddock.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestTaskLifecycle(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	task := &Task{Tenant: "local", Goal: "write a poem", Model: "scripted", Workspace: "/ws"}
	if err := s.CreateTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	if len(task.ID) != 16 || task.Status != StatusRunning {
		t.Fatalf("created task = %+v", task)
	}
	for i := 1; i <= 3; i++ {
		st := &Step{Tenant: "local", TaskID: task.ID, Turn: i, Tool: "write_file", Arguments: `{"filename":"a"}`,
			Decision: "allowed", Output: "ok", PromptTokens: 10, CompletionTokens: 2, Started: time.Now(), Duration: 1500 * time.Microsecond}
		if err := s.AddStep(ctx, st); err != nil || st.ID == 0 {
			t.Fatalf("AddStep: %v (id %d)", err, st.ID)
		}
	}
	task.Status, task.Outcome, task.Steps, task.PromptTokens = StatusFinished, "done", 3, 30
	if err := s.UpdateTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	got, err := s.Task(ctx, "local", task.ID)
	if err != nil || got.Status != StatusFinished || got.Outcome != "done" || got.Steps != 3 || got.PromptTokens != 30 || got.Goal != "write a poem" {
		t.Fatalf("Task = %+v, %v", got, err)
	}
	steps, err := s.Steps(ctx, "local", task.ID)
	if err != nil || len(steps) != 3 || steps[2].Turn != 3 || steps[0].Duration != 1500*time.Microsecond || steps[0].Arguments != `{"filename":"a"}` {
		t.Fatalf("Steps = %+v, %v", steps, err)
	}
	found, err := s.FindTask(ctx, "local", task.ID[:6])
	if err != nil || found.ID != task.ID {
		t.Fatalf("FindTask(prefix) = %v, %v", found, err)
	}
}

func TestTenantIsolation(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	a := &Task{Tenant: "alice", Goal: "secret goal"}
	if err := s.CreateTask(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Task(ctx, "bob", a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bob reads alice's task: %v", err)
	}
	if _, err := s.FindTask(ctx, "bob", a.ID[:8]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bob finds alice's task by prefix: %v", err)
	}
	if _, err := s.Steps(ctx, "bob", a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bob lists alice's steps: %v", err)
	}
	if err := s.AddStep(ctx, &Step{Tenant: "bob", TaskID: a.ID}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bob adds a step to alice's task: %v", err)
	}
	if err := s.UpdateTask(ctx, &Task{Tenant: "bob", ID: a.ID, Status: StatusFailed}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("bob updates alice's task: %v", err)
	}
	if list, total, err := s.Tasks(ctx, "bob", 10, 0); err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("bob's list = %v, %d, %v", list, total, err)
	}
	if _, err := s.Task(ctx, "", a.ID); !errors.Is(err, ErrNoTenant) {
		t.Fatalf("no tenant: %v", err)
	}
	if err := s.CreateTask(ctx, &Task{Goal: "x"}); !errors.Is(err, ErrNoTenant) {
		t.Fatalf("create without tenant: %v", err)
	}
}

func TestListAndPersistence(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := 0; i < 5; i++ {
		task := &Task{Tenant: "local", Goal: "g", Created: time.Now().Add(time.Duration(i) * time.Second)}
		if err := s.CreateTask(ctx, task); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, task.ID)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, total, err := s.Tasks(ctx, "local", 2, 1)
	if err != nil || total != 5 || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[2] {
		t.Fatalf("page = %v, total %d, %v", page, total, err)
	}
	n, err := s.MarkInterrupted(ctx, "paddock stopped while the run was going")
	if err != nil || n != 5 {
		t.Fatalf("MarkInterrupted = %d, %v", n, err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("database mode = %v, %v", st.Mode(), err)
	}
}

func BenchmarkAddStep(b *testing.B) {
	ctx := context.Background()
	s, err := Open(filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	task := &Task{Tenant: "local", Goal: "bench"}
	if err := s.CreateTask(ctx, task); err != nil {
		b.Fatal(err)
	}
	st := &Step{Tenant: "local", TaskID: task.ID, Tool: "read_file", Arguments: `{"filename":"a.txt"}`, Output: "hello", Started: time.Now()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.AddStep(ctx, st); err != nil {
			b.Fatal(err)
		}
	}
}
