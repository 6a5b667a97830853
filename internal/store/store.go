// Package store keeps the record of every run: tasks and their steps, in an embedded SQLite
// database (pure Go, no cgo).
//
// Every row carries its tenant and every method takes one: a query for another tenant's id finds
// nothing (ErrNotFound), exactly as for an id that does not exist. The command line uses the tenant
// "local". The model's API key is never passed to this package and so is never stored.
//
// Durability: the database runs in WAL mode with synchronous=NORMAL. A committed write survives a
// crash of the paddock process (kill -9); after an OS crash or power loss the database stays
// consistent but the last commits may be lost.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Sentinel errors callers branch on.
var (
	// ErrNotFound reports an id that does not exist for this tenant (whether or not another has it).
	ErrNotFound = errors.New("not found")
	// ErrNoTenant reports a call without a tenant.
	ErrNoTenant = errors.New("store: a tenant is required")
)

// Task statuses.
const (
	StatusRunning     = "running"
	StatusFinished    = "finished"    // the model called finish
	StatusFailed      = "failed"      // an error stopped the run
	StatusInterrupted = "interrupted" // Ctrl-C, SIGTERM, or the user answered q
	StatusBudget      = "budget"      // a step, token or time budget ran out
)

// Task is one run of an agent on a goal.
type Task struct {
	ID               string    `json:"id"`
	Tenant           string    `json:"tenant"`
	Goal             string    `json:"goal"`
	Status           string    `json:"status"`
	Outcome          string    `json:"outcome"` // the finish reason or why the run stopped
	Model            string    `json:"model"`
	Workspace        string    `json:"workspace"`
	Steps            int       `json:"steps"` // model turns taken
	PromptTokens     int64     `json:"prompt_tokens"`
	CompletionTokens int64     `json:"completion_tokens"`
	Created          time.Time `json:"created"`
	Updated          time.Time `json:"updated"`
}

// Step is one tool call (or one reply without a tool call) within a task.
type Step struct {
	ID               int64         `json:"id"`
	Tenant           string        `json:"tenant"`
	TaskID           string        `json:"task_id"`
	Turn             int           `json:"turn"` // the model turn it belongs to, from 1
	Tool             string        `json:"tool"` // empty for a reply with no tool call
	Arguments        string        `json:"arguments"`
	Decision         string        `json:"decision"` // allowed, auto, always, refused, quit, invalid, ...
	Feedback         string        `json:"feedback"`
	Output           string        `json:"output"`
	Error            string        `json:"error"`
	Flagged          bool          `json:"flagged"` // the guard flagged the output
	PromptTokens     int64         `json:"prompt_tokens"`
	CompletionTokens int64         `json:"completion_tokens"`
	Started          time.Time     `json:"started"`
	Duration         time.Duration `json:"duration_ns"`
}

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// DefaultPath returns the database path under dataDir.
func DefaultPath(dataDir string) string { return filepath.Join(dataDir, "paddock.db") }

// Open opens (creating if needed) the database at path and brings its schema up to date.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(ON)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

const schema = `
CREATE TABLE IF NOT EXISTS tasks (
	tenant TEXT NOT NULL,
	id TEXT NOT NULL,
	goal TEXT NOT NULL,
	status TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	model TEXT NOT NULL DEFAULT '',
	workspace TEXT NOT NULL DEFAULT '',
	steps INTEGER NOT NULL DEFAULT 0,
	prompt_tokens INTEGER NOT NULL DEFAULT 0,
	completion_tokens INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS tasks_by_created ON tasks (tenant, created DESC, id);
CREATE TABLE IF NOT EXISTS steps (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant TEXT NOT NULL,
	task_id TEXT NOT NULL,
	turn INTEGER NOT NULL,
	tool TEXT NOT NULL,
	arguments TEXT NOT NULL,
	decision TEXT NOT NULL,
	feedback TEXT NOT NULL,
	output TEXT NOT NULL,
	error TEXT NOT NULL,
	flagged INTEGER NOT NULL,
	prompt_tokens INTEGER NOT NULL,
	completion_tokens INTEGER NOT NULL,
	started INTEGER NOT NULL,
	duration_us INTEGER NOT NULL,
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS steps_by_task ON steps (tenant, task_id, id);
PRAGMA user_version = 1;
`

func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > 1 {
		return fmt.Errorf("the database was written by a newer paddock (schema %d); upgrade paddock", v)
	}
	if _, err := s.db.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	return nil
}

// NewID returns a new random task id: 16 lower-case base32 characters, time-ordered prefix.
func NewID() string {
	var b [10]byte
	ms := uint64(time.Now().UnixMilli())
	for i := 0; i < 5; i++ {
		b[i] = byte(ms >> (8 * (4 - i)))
	}
	_, _ = rand.Read(b[5:]) // never fails (crypto/rand)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

func checkTenant(t string) error {
	if t == "" {
		return ErrNoTenant
	}
	return nil
}

// newTask checks a task about to be created and fills in its ID, times and status when empty.
func newTask(t *Task) error {
	if err := checkTenant(t.Tenant); err != nil {
		return err
	}
	if t.ID == "" {
		t.ID = NewID()
	}
	if t.Created.IsZero() {
		t.Created = time.Now().UTC()
	}
	t.Updated = t.Created
	if t.Status == "" {
		t.Status = StatusRunning
	}
	return nil
}

// CreateTask records a new running task; ID, Created and Updated are set when empty.
func (s *Store) CreateTask(ctx context.Context, t *Task) error {
	if err := newTask(t); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO tasks (tenant, id, goal, status, outcome, model, workspace, created, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Tenant, t.ID, t.Goal, t.Status, t.Outcome, t.Model, t.Workspace, t.Created.UnixMicro(), t.Updated.UnixMicro())
	if err != nil {
		return fmt.Errorf("store: create task: %w", err)
	}
	return nil
}

// UpdateTask writes a task's status, outcome, step count and token totals.
func (s *Store) UpdateTask(ctx context.Context, t *Task) error {
	if err := checkTenant(t.Tenant); err != nil {
		return err
	}
	t.Updated = time.Now().UTC()
	res, err := s.db.ExecContext(ctx, `UPDATE tasks SET status = ?, outcome = ?, steps = ?, prompt_tokens = ?, completion_tokens = ?, updated = ?
		WHERE tenant = ? AND id = ?`,
		t.Status, t.Outcome, t.Steps, t.PromptTokens, t.CompletionTokens, t.Updated.UnixMicro(), t.Tenant, t.ID)
	if err != nil {
		return fmt.Errorf("store: update task %s: %w", t.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update task %s: %w", t.ID, ErrNotFound)
	}
	return nil
}

const taskCols = `tenant, id, goal, status, outcome, model, workspace, steps, prompt_tokens, completion_tokens, created, updated`

func scanTask(row interface{ Scan(...any) error }) (*Task, error) {
	var t Task
	var created, updated int64
	if err := row.Scan(&t.Tenant, &t.ID, &t.Goal, &t.Status, &t.Outcome, &t.Model, &t.Workspace, &t.Steps,
		&t.PromptTokens, &t.CompletionTokens, &created, &updated); err != nil {
		return nil, err
	}
	t.Created, t.Updated = time.UnixMicro(created).UTC(), time.UnixMicro(updated).UTC()
	return &t, nil
}

// Task returns one task of tenant. An id that is unknown to this tenant is ErrNotFound.
func (s *Store) Task(ctx context.Context, tenant, id string) (*Task, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, err
	}
	t, err := scanTask(s.db.QueryRowContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE tenant = ? AND id = ?`, tenant, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("task %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: task %s: %w", id, err)
	}
	return t, nil
}

// FindTask returns the task of tenant whose id is id or starts with id (at least 4 characters),
// as long as exactly one matches.
func (s *Store) FindTask(ctx context.Context, tenant, id string) (*Task, error) {
	if t, err := s.Task(ctx, tenant, id); err == nil || !errors.Is(err, ErrNotFound) || len(id) < 4 {
		return t, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE tenant = ? AND substr(id, 1, ?) = ? LIMIT 2`, tenant, len(id), id)
	if err != nil {
		return nil, fmt.Errorf("store: find task: %w", err)
	}
	defer rows.Close()
	var found []*Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find task: %w", err)
		}
		found = append(found, t)
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("task %q: %w", id, ErrNotFound)
	case 1:
		return found[0], rows.Err()
	}
	return nil, fmt.Errorf("task id %q is ambiguous: give more characters", id)
}

// Tasks lists tenant's tasks, newest first, skipping offset and returning at most limit, and the
// total count.
func (s *Store) Tasks(ctx context.Context, tenant string, limit, offset int) ([]*Task, int, error) {
	if err := checkTenant(tenant); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM tasks WHERE tenant = ?`, tenant).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count tasks: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+taskCols+` FROM tasks WHERE tenant = ? ORDER BY created DESC, id DESC LIMIT ? OFFSET ?`,
		tenant, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list tasks: %w", err)
	}
	defer rows.Close()
	var out []*Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list tasks: %w", err)
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// AddStep appends a step to its task and sets its ID.
func (s *Store) AddStep(ctx context.Context, st *Step) error {
	if err := checkTenant(st.Tenant); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO steps (tenant, task_id, turn, tool, arguments, decision, feedback, output, error, flagged,
		prompt_tokens, completion_tokens, started, duration_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.Tenant, st.TaskID, st.Turn, st.Tool, st.Arguments, st.Decision, st.Feedback, st.Output, st.Error, st.Flagged,
		st.PromptTokens, st.CompletionTokens, st.Started.UnixMicro(), st.Duration.Microseconds())
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("store: add step to task %q: %w", st.TaskID, ErrNotFound)
		}
		return fmt.Errorf("store: add step: %w", err)
	}
	st.ID, _ = res.LastInsertId()
	return nil
}

// Steps returns a task's steps in order. A task unknown to tenant is ErrNotFound.
func (s *Store) Steps(ctx context.Context, tenant, taskID string) ([]*Step, error) {
	if _, err := s.Task(ctx, tenant, taskID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, tenant, task_id, turn, tool, arguments, decision, feedback, output, error, flagged,
		prompt_tokens, completion_tokens, started, duration_us FROM steps WHERE tenant = ? AND task_id = ? ORDER BY id`, tenant, taskID)
	if err != nil {
		return nil, fmt.Errorf("store: steps: %w", err)
	}
	defer rows.Close()
	var out []*Step
	for rows.Next() {
		var st Step
		var started, dur int64
		if err := rows.Scan(&st.ID, &st.Tenant, &st.TaskID, &st.Turn, &st.Tool, &st.Arguments, &st.Decision, &st.Feedback,
			&st.Output, &st.Error, &st.Flagged, &st.PromptTokens, &st.CompletionTokens, &started, &dur); err != nil {
			return nil, fmt.Errorf("store: steps: %w", err)
		}
		st.Started, st.Duration = time.UnixMicro(started).UTC(), time.Duration(dur)*time.Microsecond
		out = append(out, &st)
	}
	return out, rows.Err()
}

// MarkInterrupted marks every task of every tenant still "running" as interrupted, for use at start-up
// after a crash. It returns how many it marked.
func (s *Store) MarkInterrupted(ctx context.Context, outcome string) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE tasks SET status = ?, outcome = ?, updated = ? WHERE status = ?`,
		StatusInterrupted, outcome, time.Now().UTC().UnixMicro(), StatusRunning)
	if err != nil {
		return 0, fmt.Errorf("store: mark interrupted: %w", err)
	}
	return res.RowsAffected()
}
