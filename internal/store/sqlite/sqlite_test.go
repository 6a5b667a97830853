package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/storetest"
)

// TestStore runs the backend suite on temporary files: one database per subtest, named after it,
// so that opening it again in the same subtest finds the same data.
func TestStore(t *testing.T) {
	root := t.TempDir()
	storetest.Run(t, func(t *testing.T) store.Backend {
		path := filepath.Join(root, strings.ReplaceAll(t.Name(), "/", "_"), "paddock.db")
		d, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}

func open(t testing.TB, path string) *DB {
	t.Helper()
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestOpenMakesPrivateFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "paddock.db")
	open(t, path)
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("database mode = %v, %v", st.Mode(), err)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode = %v, %v", st.Mode(), err)
	}
}

// oldCLISchema is the schema paddock run wrote before the server existed: tasks and steps only.
const oldCLISchema = `
CREATE TABLE tasks (tenant TEXT NOT NULL, id TEXT NOT NULL, goal TEXT NOT NULL, status TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '', workspace TEXT NOT NULL DEFAULT '',
	steps INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL, updated INTEGER NOT NULL, PRIMARY KEY (tenant, id));
CREATE INDEX tasks_by_created ON tasks (tenant, created DESC, id);
CREATE TABLE steps (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, task_id TEXT NOT NULL, turn INTEGER NOT NULL,
	tool TEXT NOT NULL, arguments TEXT NOT NULL, decision TEXT NOT NULL, feedback TEXT NOT NULL, output TEXT NOT NULL,
	error TEXT NOT NULL, flagged INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
	started INTEGER NOT NULL, duration_us INTEGER NOT NULL,
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE);
CREATE INDEX steps_by_task ON steps (tenant, task_id, id);
INSERT INTO tasks VALUES ('local', 'oldtask000000000', 'an old goal', 'finished', 'done', 'm', '/ws', 1, 5, 6, 1700000000000000, 1700000001000000);
INSERT INTO steps VALUES (7, 'local', 'oldtask000000000', 1, 'finish', '{}', 'auto', '', 'ok', '', 0, 5, 6, 1700000000500000, 1500);
PRAGMA user_version = 1;
`

// TestOpensAnOlderDatabase: a database written by an earlier paddock run opens, keeps its rows
// and gains the server's tables.
func TestOpensAnOlderDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paddock.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(oldCLISchema); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	st := store.New(open(t, path))
	ctx := context.Background()
	local := st.Tenant("local")
	task, err := local.Task(ctx, "oldtask000000000")
	if err != nil || task.Goal != "an old goal" || task.Status != store.StatusFinished || task.Created != time.UnixMicro(1700000000000000).UTC() {
		t.Fatalf("old task = %+v, %v", task, err)
	}
	steps, err := local.Steps(ctx, task.ID)
	if err != nil || len(steps) != 1 || steps[0].ID != 7 || steps[0].Duration != 1500*time.Microsecond {
		t.Fatalf("old steps = %+v, %v", steps, err)
	}
	if _, err := st.CreateTenant(ctx, "acme"); err != nil {
		t.Fatalf("the server's tables: %v", err)
	}
	next := &store.Step{TaskID: task.ID, Turn: 2}
	if err := local.AddStep(ctx, next); err != nil || next.ID != 8 {
		t.Fatalf("a new step: id %d, %v", next.ID, err)
	}
}

// TestAddsMissingColumns: a database whose api_keys table predates key expiry gains the column,
// keeps its keys (which never expire) and stores new keys with an expiry.
func TestAddsMissingColumns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paddock.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(oldCLISchema + `
CREATE TABLE tenants (name TEXT PRIMARY KEY, uid_slot INTEGER NOT NULL UNIQUE, created INTEGER NOT NULL);
CREATE TABLE api_keys (tenant TEXT NOT NULL REFERENCES tenants (name), id TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tenant, id));
INSERT INTO tenants VALUES ('acme', 1, 1700000000000000);
INSERT INTO api_keys VALUES ('acme', 'k_old', 'hold', 'admin', '', 1700000000000000, 0);`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	st := store.New(open(t, path))
	ctx := context.Background()
	if k, err := st.KeyByHash(ctx, "hold"); err != nil || !k.Expires.IsZero() {
		t.Fatalf("the old key = %+v, %v; want it kept, never expiring", k, err)
	}
	k := &store.APIKey{ID: "k_new", Hash: "hnew", Role: "member", Expires: time.Now().Add(-time.Minute)}
	if err := st.Tenant("acme").AddKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	if _, err := st.KeyByHash(ctx, "hnew"); !errors.Is(err, store.ErrExpired) {
		t.Fatalf("an expired key: %v, want ErrExpired", err)
	}
}

// TestRebuildsTheSharesTable: a database whose shares had to name an existing grantee (a foreign
// key) is rebuilt: its shares stay readable by their grantees, and a share to a name no tenant
// has can be stored.
func TestRebuildsTheSharesTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paddock.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(oldCLISchema + `
CREATE TABLE tenants (name TEXT PRIMARY KEY, uid_slot INTEGER NOT NULL UNIQUE, created INTEGER NOT NULL);
CREATE TABLE artifacts (tenant TEXT NOT NULL, task_id TEXT NOT NULL, id TEXT NOT NULL, file_name TEXT NOT NULL,
	relative_path TEXT NOT NULL, agent_created INTEGER NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,
	PRIMARY KEY (tenant, id), UNIQUE (tenant, task_id, relative_path, file_name),
	FOREIGN KEY (tenant, task_id) REFERENCES tasks (tenant, id) ON DELETE CASCADE);
CREATE TABLE shares (owner TEXT NOT NULL, id TEXT NOT NULL, task_id TEXT NOT NULL, artifact_id TEXT NOT NULL,
	grantee TEXT NOT NULL REFERENCES tenants (name), created INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (owner, id), FOREIGN KEY (owner, artifact_id) REFERENCES artifacts (tenant, id) ON DELETE CASCADE);
CREATE INDEX shares_by_grantee ON shares (grantee, id);
INSERT INTO tenants VALUES ('acme', 1, 1700000000000000), ('beta', 2, 1700000000000000);
INSERT INTO tasks VALUES ('acme', 'acmetask00000000', 'g', 'finished', '', 'm', '', 0, 0, 0, 1700000000000000, 1700000000000000);
INSERT INTO artifacts VALUES ('acme', 'acmetask00000000', 'art1', 'r.txt', '', 0, 1700000000000000, 1700000000000000);
INSERT INTO shares VALUES ('acme', 'sh1', 'acmetask00000000', 'art1', 'beta', 1700000000000000, 0);`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	st := store.New(open(t, path))
	ctx := context.Background()
	sh, a, err := st.SharedArtifact(ctx, "beta", "sh1")
	if err != nil || a.ID != "art1" || sh.GranteeSlot != 2 {
		t.Fatalf("the old share after the rebuild: %+v %+v %v", sh, a, err)
	}
	ghost := &store.Share{TaskID: "acmetask00000000", ArtifactID: "art1", Grantee: "nobody"}
	if err := st.Tenant("acme").CreateShare(ctx, ghost); err != nil || ghost.GranteeSlot != 0 {
		t.Fatalf("a share to no tenant: %+v %v", ghost, err)
	}
}

func TestRefusesANewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paddock.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if d, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer paddock") {
		if d != nil {
			d.Close()
		}
		t.Fatalf("Open of schema 99: %v", err)
	}
}

// TestOpenOfACurrentDatabaseDoesNotWrite: opening a database that is up to date takes no write
// lock, so the operator's command line opens it while a server holds a write transaction.
func TestOpenOfACurrentDatabaseDoesNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "paddock.db")
	d := open(t, path)
	ctx := context.Background()
	held := make(chan struct{})
	release := make(chan struct{})
	go d.write(ctx, "hold", func(*sql.Tx) error {
		close(held)
		<-release
		return nil
	})
	<-held
	defer close(release)
	start := time.Now()
	d2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d2.Close()
	if time.Since(start) > 2*time.Second {
		t.Fatalf("Open waited %v for the writer", time.Since(start))
	}
}

// TestConstraintErrorsByCode: the driver's constraint violations map to the store's errors by
// code, whatever the message says.
func TestConstraintErrorsByCode(t *testing.T) {
	d := open(t, filepath.Join(t.TempDir(), "paddock.db"))
	ctx := context.Background()
	if _, err := d.exec(ctx, "x", `INSERT INTO tenants (name, uid_slot, created) VALUES ('a', 1, 0)`); err != nil {
		t.Fatal(err)
	}
	_, err := d.exec(ctx, "dup", `INSERT INTO tenants (name, uid_slot, created) VALUES ('a', 2, 0)`)
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("primary key: %v", err)
	}
	_, err = d.exec(ctx, "dup slot", `INSERT INTO tenants (name, uid_slot, created) VALUES ('b', 1, 0)`)
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("unique: %v", err)
	}
	_, err = d.exec(ctx, "fk", `INSERT INTO api_keys (tenant, id, hash, role, created) VALUES ('ghost', 'k', 'h', 'r', 0)`)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("foreign key: %v", err)
	}
	_, err = d.exec(ctx, "syntax", `INSERT INTO nosuchtable VALUES (1)`)
	if err == nil || errors.Is(err, store.ErrExists) || errors.Is(err, store.ErrNotFound) {
		t.Errorf("another error: %v", err)
	}
}

// TestWriteGivesUpWithItsContext: a writer waiting for its turn stops when its context ends.
func TestWriteGivesUpWithItsContext(t *testing.T) {
	d := open(t, filepath.Join(t.TempDir(), "paddock.db"))
	held := make(chan struct{})
	release := make(chan struct{})
	go d.write(context.Background(), "hold", func(*sql.Tx) error {
		close(held)
		<-release
		return nil
	})
	<-held
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := store.New(d).Tenant("local").CreateTask(ctx, &store.Task{Goal: "g"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a write behind a held writer: %v", err)
	}
}

func BenchmarkAddStep(b *testing.B) {
	ctx := context.Background()
	st := store.New(open(b, filepath.Join(b.TempDir(), "b.db"))).Tenant("local")
	task := &store.Task{Goal: "bench"}
	if err := st.CreateTask(ctx, task); err != nil {
		b.Fatal(err)
	}
	step := &store.Step{TaskID: task.ID, Tool: "read_file", Arguments: `{"filename":"a.txt"}`, Output: "hello", Started: time.Now()}
	for b.Loop() {
		if err := st.AddStep(ctx, step); err != nil {
			b.Fatal(err)
		}
	}
}
