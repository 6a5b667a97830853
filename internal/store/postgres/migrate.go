package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one versioned change of the schema.
type Migration struct {
	Version int
	Name    string // the file name without its number and extension
	SQL     string
}

// migrationLock is the key of the session advisory lock held while migrations are applied: the
// ASCII of "paddock" as a number, so that it is unlikely to meet another application's lock.
const migrationLock = 0x7061646f636b

var migrationName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`) })

// Migrations returns the embedded migrations in order.
func Migrations() []Migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	var out []Migration
	for _, e := range entries {
		m := migrationName().FindStringSubmatch(e.Name())
		if m == nil {
			panic("postgres: migration file not named NNNN_name.sql: " + e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		src, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, Migration{Version: v, Name: m[2], SQL: string(src)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			panic(fmt.Sprintf("postgres: migrations must be numbered 1, 2, ... without gaps; found %04d at place %d", m.Version, i+1))
		}
	}
	return out
}

// Migrate connects to the database at url and applies the migrations it lacks, or with dryRun
// only returns them. It returns the migrations applied (or, dry, pending), in order.
func Migrate(ctx context.Context, url string, dryRun bool) ([]Migration, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	defer pool.Close()
	return migrate(ctx, pool, dryRun)
}

// migrate applies (or, dry, lists) the pending migrations under the advisory lock, each in its
// own transaction with its schema_migrations row.
func migrate(ctx context.Context, pool *pgxpool.Pool, dryRun bool) ([]Migration, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return nil, fmt.Errorf("store: migrate: take the migration lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return nil, fmt.Errorf("store: migrate: read the schema version: %w", err)
	}
	all := Migrations()
	if current > len(all) {
		return nil, fmt.Errorf("store: the database was migrated by a newer paddock (schema %d, this one knows %d); upgrade paddock", current, len(all))
	}
	pending := all[current:]
	if dryRun {
		return pending, nil
	}
	for _, m := range pending {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: migration %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return pending, nil
}

// Describe returns url fit to print: without its password.
func Describe(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		// The key=value form: drop a password=... pair.
		var keep []string
		for _, f := range strings.Fields(raw) {
			if !strings.HasPrefix(strings.ToLower(f), "password=") {
				keep = append(keep, f)
			}
		}
		return strings.Join(keep, " ")
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
