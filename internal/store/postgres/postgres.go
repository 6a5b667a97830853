// Package postgres keeps paddock's store in PostgreSQL (github.com/jackc/pgx/v5), so that several
// `paddock serve` nodes can share one database: any node answers any request, and what one node
// writes every other reads. It is a store.Backend and passes package storetest, like the SQLite
// default.
//
// Schema: versioned migrations embedded in the binary (migrations/NNNN_name.sql), applied at Open
// in order, each in its own transaction, under a session advisory lock so that nodes starting at
// once apply each migration exactly once. A database with a migration this binary does not know
// was written by a newer paddock and is refused.
//
// Concurrency: every write that depends on what it reads takes a row lock first (the task's row
// to start a step, the tenant's audit head to append to its chain, an advisory lock to give a uid
// slot), so concurrent writers on any number of nodes serialise on the rows they share and on
// nothing else. Deadlocks and serialisation failures are retried; callers never see them.
//
// Several nodes: each DB is a node with a lease (package doc of cluster.go): a row in nodes whose
// expiry the node renews. A step is started by, and belongs to, a node; MarkInterruptedSteps marks
// only the running steps of nodes whose lease has run out (or was handed back at Close), so a
// node that dies mid-step loses its steps to the next node that looks, and a live node's steps are
// never touched. FinishAPStep of a step that is no longer this node's is ErrLeaseLost.
//
// Durability: a write is committed before its method returns; with PostgreSQL's defaults
// (fsync=on, synchronous_commit=on) a committed write survives a crash of paddock, of PostgreSQL
// and of the machine. Exceptions, whose commits do not wait for the disk: StartAPStep and AddStep
// (a running step's row and calls, which nobody is answered on: the step's finishing commit
// flushes them before its client is answered; see there), and the rate bucket and step slots
// (cluster.go says what a crash of PostgreSQL costs).
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/paddock-dev/paddock/internal/store"
)

// Options configure Open. The zero value is the default.
type Options struct {
	// LeaseTTL is how long this node's running steps stay its own after its last renewal: the
	// time another node waits before it marks a dead node's steps interrupted. The node renews
	// every LeaseTTL/3. Default DefaultLeaseTTL.
	LeaseTTL time.Duration
	// MaxConns bounds the connection pool (default: pgxpool's, at least 4).
	MaxConns int32
	// Logger receives lease renewal failures; nil discards them.
	Logger *slog.Logger
	// Tracer, when set, sees every statement and batch the pool sends (pgx's tracing hooks): for
	// counting round trips in a benchmark.
	Tracer pgx.QueryTracer
}

// DefaultLeaseTTL is the lease of a node that does not say otherwise.
const DefaultLeaseTTL = 15 * time.Second

// ErrLeaseLost reports a step this node no longer holds: its lease ran out (the node could not
// reach the database in time) and another node marked the step interrupted.
var ErrLeaseLost = errors.New("the step's lease was lost: another node marked it interrupted")

// DB is an open PostgreSQL store and one node of the cluster. It is safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool
	node string
	ttl  time.Duration
	log  *slog.Logger

	stop      chan struct{}
	done      chan struct{}
	stopOnce  sync.Once
	closeOnce sync.Once
	closeErr  error

	mu       sync.Mutex
	slotsMax map[string]int     // tenants whose slot rows exist up to this many
	held     map[string][]int32 // the step slots this node holds, by tenant
	renewed  time.Time          // the last successful lease renewal
	renewErr error
	// heads are the audit chain heads this node last wrote, by tenant: AppendAudit's guess of a
	// chain's head, checked in the database (audit.go).
	heads map[string]store.AuditHead
}

var _ store.Backend = (*DB)(nil)

// Open connects to the database at url (postgres://user:pass@host/db?sslmode=..., or any form
// pgx accepts), applies the pending migrations and registers this process as a node.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: database URL: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	if cfg.MaxConns < 4 {
		cfg.MaxConns = 4
	}
	if opt.LeaseTTL <= 0 {
		opt.LeaseTTL = DefaultLeaseTTL
	}
	if opt.Tracer != nil {
		cfg.ConnConfig.Tracer = opt.Tracer
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL at %s: %w", Describe(url), err)
	}
	if _, err := migrate(ctx, pool, false); err != nil {
		pool.Close()
		return nil, err
	}
	d := &DB{pool: pool, node: store.NewID(), ttl: opt.LeaseTTL, log: opt.Logger, stop: make(chan struct{}), done: make(chan struct{}),
		slotsMax: map[string]int{}, held: map[string][]int32{}, heads: map[string]store.AuditHead{}}
	host, _ := os.Hostname()
	if _, err := pool.Exec(ctx, `INSERT INTO nodes (id, host, pid, expires) VALUES ($1, $2, $3, now() + $4::bigint * interval '1 microsecond')`,
		d.node, host, os.Getpid(), d.ttl.Microseconds()); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: register node: %w", err)
	}
	d.renewed = time.Now()
	go d.keepLease()
	return d, nil
}

// Close hands this node's lease back (its running steps can be marked interrupted by the next
// node that looks, at once) and closes the pool. Closing twice is not an error.
func (d *DB) Close() error {
	d.closeOnce.Do(func() {
		d.stopRenewing()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := d.pool.Exec(ctx, `UPDATE nodes SET expires = now() WHERE id = $1`, d.node); err != nil {
			d.closeErr = fmt.Errorf("store: hand back the lease: %w", err)
		}
		if _, err := d.pool.Exec(ctx, `UPDATE step_slots SET node = NULL, claimed = NULL WHERE node = $1`, d.node); err != nil && d.closeErr == nil {
			d.closeErr = fmt.Errorf("store: hand back step slots: %w", err)
		}
		d.pool.Close()
	})
	return d.closeErr
}

// stopRenewing stops the lease's renewal and waits for it to end.
func (d *DB) stopRenewing() {
	d.stopOnce.Do(func() { close(d.stop) })
	<-d.done
}

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.pool.Ping(ctx) }

// Node returns this node's id, as the nodes table and the running steps name it.
func (d *DB) Node() string { return d.node }

// Pool returns the connection pool's statistics, for metrics.
func (d *DB) Pool() *pgxpool.Stat { return d.pool.Stat() }

// tx runs f in one transaction, committing when f succeeds and retrying the whole transaction
// after a deadlock or a serialisation failure. what names the operation in errors.
func (d *DB) tx(ctx context.Context, what string, f func(tx pgx.Tx) error) error {
	return fail(what, retry(func() error { return pgx.BeginFunc(ctx, d.pool, f) }))
}

// exec runs one write statement and returns the rows it changed.
func (d *DB) exec(ctx context.Context, what, q string, args ...any) (int64, error) {
	var n int64
	err := d.tx(ctx, what, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, q, args...)
		n = tag.RowsAffected()
		return err
	})
	return n, err
}

// PostgreSQL's error codes this package branches on.
const (
	codeUnique        = "23505"
	codeForeignKey    = "23503"
	codeDeadlock      = "40P01"
	codeSerialization = "40001"
)

func code(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func retryable(err error) bool {
	c := code(err)
	return c == codeDeadlock || c == codeSerialization
}

// fail wraps err of operation what, turning constraint violations into the store's errors by
// their code. An error that already is one of the store's (or the context's) is returned as is.
func fail(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case isStoreErr(err):
		return err
	case code(err) == codeUnique:
		return fmt.Errorf("store: %s: %w", what, store.ErrExists)
	case code(err) == codeForeignKey:
		return fmt.Errorf("store: %s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

func isStoreErr(err error) bool {
	for _, e := range []error{store.ErrNotFound, store.ErrExists, store.ErrStepRunning, ErrLeaseLost, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// notFound turns pgx.ErrNoRows into store.ErrNotFound naming what, and wraps other errors.
func notFound(err error, what, id string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s %q: %w", what, id, store.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// utc is t as the store keeps it: UTC, to the microsecond.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// one runs a single statement, atomic on its own (its implicit transaction), that returns one
// row, scanning it with scan, and retries it after a deadlock or a serialisation failure.
func (d *DB) one(ctx context.Context, what string, scan func(pgx.Row) error, q string, args ...any) error {
	return fail(what, retry(func() error { return scan(d.pool.QueryRow(ctx, q, args...)) }))
}

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, d *DB, what string, scan func(pgx.Row) (T, error), q string, args ...any) ([]T, error) {
	rows, err := d.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// count runs a count(*) query.
func (d *DB) count(ctx context.Context, what, q string, args ...any) (int, error) {
	var n int
	if err := d.pool.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", what, err)
	}
	return n, nil
}

// query is one statement of a pipeline. scan, when set, reads the one row the statement returns
// (pgx.ErrNoRows when it returns none).
type query struct {
	sql  string
	args []any
	scan func(pgx.Row) error
}

// pipeline runs qs in one transaction sent as one round trip (BEGIN, the statements, COMMIT in a
// single pipeline), retrying the whole after a deadlock or a serialisation failure: for writes
// that read back at most one row per statement, which nothing later in the transaction depends on.
// A statement that fails aborts the transaction; its error is returned.
func (d *DB) pipeline(ctx context.Context, what string, qs ...query) error {
	return fail(what, retry(func() error { return d.pipelineOnce(ctx, qs) }))
}

// async runs q in a transaction whose commit does not wait for the disk (synchronous_commit off
// for it alone), as pipeline runs it: for rows nobody is answered on (a running step and its
// calls, whose answer waits for a later commit that does wait) and for the shared limits, which
// are caps, not records (cluster.go).
func (d *DB) async(ctx context.Context, what string, q query) error {
	return d.pipeline(ctx, what, query{sql: "SET LOCAL synchronous_commit TO OFF"}, q)
}

// retry runs f again after a deadlock or a serialisation failure, up to 8 times in all.
func retry(f func() error) error {
	var err error
	for attempt := range 8 {
		err = f()
		if !retryable(err) {
			break
		}
		time.Sleep(time.Duration(attempt+1) * time.Millisecond)
	}
	return err
}

func (d *DB) pipelineOnce(ctx context.Context, qs []query) error {
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	for _, q := range qs {
		b.Queue(q.sql, q.args...)
	}
	b.Queue("COMMIT")
	br := d.pool.SendBatch(ctx, b)
	var first error
	note := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	_, err := br.Exec() // BEGIN
	note(err)
	for _, q := range qs {
		if q.scan != nil {
			note(q.scan(br.QueryRow()))
		} else {
			_, err := br.Exec()
			note(err)
		}
	}
	_, err = br.Exec() // COMMIT
	note(err)
	if err := br.Close(); err != nil && first == nil {
		first = err
	}
	// A failed pipeline leaves its connection in an aborted transaction; the pool closes such a
	// connection instead of reusing it.
	return first
}
