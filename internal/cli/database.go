package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/store/postgres"
	"github.com/paddock-dev/paddock/internal/store/sqlite"
)

// EnvDatabaseURL names the PostgreSQL database that several paddock serve nodes share, when the
// --database flag does not.
const EnvDatabaseURL = "PADDOCK_DATABASE_URL"

// databaseFlag registers --database on fs: the PostgreSQL database shared by several nodes.
func databaseFlag(fs *flag.FlagSet) *string {
	return fs.String("database", "", "PostgreSQL `URL` (postgres://user@host/db) shared by several server nodes (default $"+EnvDatabaseURL+"; none: SQLite in the data dir)")
}

// databaseURL is the flag's value or, without it, the environment's.
func databaseURL(flagValue string, env Env) string {
	if flagValue != "" {
		return flagValue
	}
	return env.Getenv(EnvDatabaseURL)
}

// openDatabase opens the store the command names: PostgreSQL at --database (or
// $PADDOCK_DATABASE_URL), else SQLite in the data dir. It returns the data dir too.
func openDatabase(ctx context.Context, data, database string, env Env) (*store.DB, string, error) {
	return openDatabaseWith(ctx, data, database, env, postgres.Options{})
}

func openDatabaseWith(ctx context.Context, data, database string, env Env, opt postgres.Options) (*store.DB, string, error) {
	url := databaseURL(database, env)
	if url == "" {
		return openStore(data, env)
	}
	dir, err := dataDir(data, env)
	if err != nil {
		return nil, "", err
	}
	// The data dir still holds the tenants' workspaces (unless --workspace-root moves them).
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", dataDirError(dir, err)
	}
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := postgres.Open(octx, url, opt)
	if err != nil {
		return nil, "", fmt.Errorf("database %s: %w", postgres.Describe(url), err)
	}
	return store.New(db), dir, nil
}

// serveDatabase is the storage flags of paddock serve.
type serveDatabase struct {
	url           *string
	workspaceRoot string
	leaseTTL      time.Duration
}

// serveDatabaseFlags registers --database, --workspace-root and --lease-ttl.
func serveDatabaseFlags(fs *flag.FlagSet) *serveDatabase {
	d := &serveDatabase{url: databaseFlag(fs)}
	fs.StringVar(&d.workspaceRoot, "workspace-root", "", "`dir`ectory of the tenants' workspaces (default: the data dir); with several nodes, one shared filesystem mounted at the same path on every node")
	fs.DurationVar(&d.leaseTTL, "lease-ttl", postgres.DefaultLeaseTTL, "with --database: how long a node that stopped answering keeps its running steps before another node marks them interrupted")
	return d
}

// open opens the store and fills in cfg's Store, DataDir (the workspace root) and, on
// PostgreSQL, its Cluster; it returns the store and the workspace root. It prints a note when
// several nodes would not share workspaces.
func (d *serveDatabase) open(ctx context.Context, data string, env Env, log *slog.Logger, cfg *server.Config) (*store.DB, string, error) {
	if d.leaseTTL < 300*time.Millisecond {
		return nil, "", fmt.Errorf("--lease-ttl %v is too short: at least 300ms", d.leaseTTL)
	}
	st, dir, err := openDatabaseWith(ctx, data, *d.url, env, postgres.Options{LeaseTTL: d.leaseTTL, Logger: log})
	if err != nil {
		return nil, "", err
	}
	cfg.Store, cfg.DataDir = st, dir
	if d.workspaceRoot != "" {
		root, err := filepath.Abs(d.workspaceRoot)
		if err == nil {
			err = os.MkdirAll(root, 0o700)
		}
		if err != nil {
			st.Close()
			return nil, "", fmt.Errorf("--workspace-root: %w", err)
		}
		cfg.DataDir = root
	}
	if pg, ok := st.Backend().(*postgres.DB); ok {
		cfg.Cluster = pgCluster{pg}
		if d.workspaceRoot == "" {
			log.Warn("with a shared database every node must see the same workspaces: give each node --workspace-root on one shared filesystem", "now", cfg.DataDir)
		}
	}
	return st, cfg.DataDir, nil
}

// PostgresCluster is the PostgreSQL backend as the server's Cluster, as paddock serve wires it
// (the load benchmark wires it so too).
func PostgresCluster(db *postgres.DB) server.Cluster { return pgCluster{db} }

// pgCluster is the PostgreSQL backend as the server's Cluster, and its KeyTokenTaker.
type pgCluster struct{ db *postgres.DB }

var _ server.KeyTokenTaker = pgCluster{}

func (c pgCluster) KeyAndToken(ctx context.Context, hash string, rate float64, burst int) (*store.APIKey, bool, time.Duration, error) {
	return c.db.KeyAndToken(ctx, hash, rate, burst)
}

func (c pgCluster) TakeToken(ctx context.Context, tenant string, rate float64, burst int) (bool, time.Duration, error) {
	return c.db.TakeToken(ctx, tenant, rate, burst)
}

func (c pgCluster) ClaimStepSlot(ctx context.Context, tenant string, max int) (func(), bool, error) {
	release, err := c.db.ClaimStepSlot(ctx, tenant, max)
	if errors.Is(err, postgres.ErrNoSlot) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return release, true, nil
}

func (c pgCluster) LeaseTTL() time.Duration { return c.db.LeaseTTL() }

func (c pgCluster) Stats(ctx context.Context) server.ClusterStats {
	st := server.ClusterStats{LeaseHeld: c.db.LeaseHeld() == nil, LiveNodes: -1}
	if n, err := c.db.LiveNodes(ctx); err == nil {
		st.LiveNodes = n
	}
	p := c.db.Pool()
	st.PoolIdle, st.PoolAcquired, st.PoolConstructing, st.PoolMax = p.IdleConns(), p.AcquiredConns(), p.ConstructingConns(), p.MaxConns()
	st.PoolAcquires, st.PoolEmptyAcquires, st.PoolAcquireWait = p.AcquireCount(), p.EmptyAcquireCount(), p.AcquireDuration()
	return st
}

const migrateUsage = `Usage: paddock migrate [--database URL] [--dry-run]

Brings a PostgreSQL database's schema up to date: applies, in order and each in one transaction,
the migrations this paddock carries that the database lacks, under an advisory lock, so that
nodes starting at once (paddock serve does the same at start) apply each exactly once. A
database migrated by a newer paddock is refused. --dry-run prints the pending migrations' SQL
and applies nothing.

The URL comes from --database or $PADDOCK_DATABASE_URL. The default SQLite database needs no
migrate: it is brought up to date whenever it is opened.

Flags:
`

// migrateCmd runs `paddock migrate`.
func migrateCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock migrate", flag.ContinueOnError)
	database := databaseFlag(fs)
	dry := fs.Bool("dry-run", false, "print the pending migrations without applying them")
	fs.Usage = func() { fmt.Fprint(fs.Output(), migrateUsage); fs.PrintDefaults() }
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "paddock migrate: unexpected arguments %q\n", fs.Args())
		return ExitUsage
	}
	url := databaseURL(*database, env)
	if url == "" {
		fmt.Fprintln(env.Stderr, "paddock migrate: give --database postgres://... or set "+EnvDatabaseURL+" (the SQLite default migrates itself when opened)")
		return ExitUsage
	}
	ms, err := postgres.Migrate(ctx, url, *dry)
	if err != nil {
		fmt.Fprintf(env.Stderr, "paddock migrate: %s: %v\n", postgres.Describe(url), err)
		return ExitFailed
	}
	switch {
	case len(ms) == 0:
		fmt.Fprintf(env.Stdout, "%s is up to date (%d migrations)\n", postgres.Describe(url), len(postgres.Migrations()))
	case *dry:
		for _, m := range ms {
			fmt.Fprintf(env.Stdout, "-- pending: %04d_%s\n%s\n", m.Version, m.Name, m.SQL)
		}
	default:
		for _, m := range ms {
			fmt.Fprintf(env.Stdout, "applied %04d_%s\n", m.Version, m.Name)
		}
	}
	return ExitOK
}

const backupUsage = `Usage: paddock backup [--data-dir DIR] FILE

Copies the SQLite database of the data dir to FILE while paddock serve may keep running: one
consistent snapshot (SQLite's VACUUM INTO), written to a new file of mode 0600 (it holds key
hashes and sealed model keys) and checked before the command succeeds. FILE must not exist.
Restore by stopping the server and putting FILE in place of DIR/paddock.db.

For PostgreSQL (--database or $PADDOCK_DATABASE_URL) use its own tool, which also runs while
the nodes serve:
  pg_dump --format=custom --file=paddock.dump "$PADDOCK_DATABASE_URL"
  pg_restore --clean --dbname="$PADDOCK_DATABASE_URL" paddock.dump

Flags:
`

// backupCmd runs `paddock backup`.
func backupCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock backup", flag.ContinueOnError)
	data := fs.String("data-dir", "", "data `dir`ectory (default $PADDOCK_DATA_DIR or ~/.local/share/paddock)")
	database := databaseFlag(fs)
	fs.Usage = func() { fmt.Fprint(fs.Output(), backupUsage); fs.PrintDefaults() }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "paddock backup: give the FILE to write (paddock backup --help)")
		return ExitUsage
	}
	if url := databaseURL(*database, env); url != "" {
		fmt.Fprintf(env.Stderr, "paddock backup: %s is PostgreSQL: back it up with pg_dump --format=custom --file=paddock.dump \"$%s\"\n", postgres.Describe(url), EnvDatabaseURL)
		return ExitUsage
	}
	dir, err := dataDir(*data, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock backup:", err)
		return ExitFailed
	}
	dest := fs.Arg(0)
	if err := sqlite.Backup(ctx, store.DefaultPath(dir), dest); err != nil {
		fmt.Fprintln(env.Stderr, "paddock backup:", err)
		return ExitFailed
	}
	fi, err := os.Stat(dest)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock backup:", err)
		return ExitFailed
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s (%d bytes, checked)\n", store.DefaultPath(dir), dest, fi.Size())
	return ExitOK
}
