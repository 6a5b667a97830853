package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/store/postgres/pgtest"
)

func TestMigrateCommand(t *testing.T) {
	code, _, errs := cli(t, "migrate")
	if code != ExitUsage || !strings.Contains(errs, "PADDOCK_DATABASE_URL") {
		t.Fatalf("migrate without a database: %d %s", code, errs)
	}
	if testing.Short() {
		t.Skip("starts PostgreSQL; run without -short")
	}
	url := pgtest.URL(t)
	env := map[string]string{EnvDatabaseURL: url}
	code, out, errs := paddock(t, env, "", "migrate", "--dry-run")
	if code != 0 || !strings.Contains(out, "-- pending: 0001_schema") || !strings.Contains(out, "CREATE TABLE tasks") {
		t.Fatalf("migrate --dry-run: %d %s %s", code, out, errs)
	}
	code, out, errs = paddock(t, env, "", "migrate")
	if code != 0 || !strings.Contains(out, "applied 0001_schema\napplied 0002_nodes") {
		t.Fatalf("migrate: %d %s %s", code, out, errs)
	}
	code, out, _ = cli(t, "migrate", "--database", url, "--dry-run")
	if code != 0 || !strings.Contains(out, "is up to date") {
		t.Fatalf("migrate --dry-run after migrate: %d %s", code, out)
	}
	// The operator's commands reach the same database through the environment.
	if code, _, errs := paddock(t, env, "", "tenant", "create", "acme"); code != 0 {
		t.Fatalf("tenant create: %d %s", code, errs)
	}
	if code, out, _ := cli(t, "tenant", "list", "--database", url); code != 0 || !strings.Contains(out, "acme") {
		t.Fatalf("tenant list: %d %s", code, out)
	}
	// The data dir, which keeps the workspaces, is made when missing, as SQLite's open does.
	dir := filepath.Join(t.TempDir(), "new")
	db, got, err := openDatabase(context.Background(), dir, url, Env{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || got != dir {
		t.Fatalf("data dir %s of a PostgreSQL store: %v %v", got, fi, err)
	}
	code, _, errs = cli(t, "tenant", "list", "--database", "postgres://nobody:secret-pw@127.0.0.1:1/none?connect_timeout=2")
	if code != ExitFailed || strings.Contains(errs, "secret-pw") || !strings.Contains(errs, "127.0.0.1") {
		t.Fatalf("an unreachable database: %d %s", code, errs)
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := cli(t, "tenant", "create", "acme", "--data-dir", dir); code != 0 {
		t.Fatalf("tenant create: %d %s", code, errs)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	code, out, errs := cli(t, "backup", "--data-dir", dir, dest)
	if code != 0 || !strings.Contains(out, "checked") {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copy: %v %v", fi, err)
	}
	// Restoring is putting the copy in place of paddock.db.
	if err := os.Rename(dest, filepath.Join(filepath.Dir(dest), "paddock.db")); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := cli(t, "tenant", "list", "--data-dir", filepath.Dir(dest)); code != 0 || !strings.Contains(out, "acme") {
		t.Fatalf("the restored copy: %d %s", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--data-dir", dir, filepath.Join(filepath.Dir(dest), "paddock.db")}, ExitFailed, "exists"},
		{[]string{"--data-dir", dir}, ExitUsage, "give the FILE"},
		{[]string{"--database", "postgres://u:pw@db.example/p", "x.db"}, ExitUsage, "pg_dump"},
	} {
		code, _, errs := cli(t, "backup", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) || strings.Contains(errs, ":pw@") {
			t.Errorf("backup %q: %d %s, want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
