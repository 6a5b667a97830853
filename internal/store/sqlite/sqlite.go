// Package sqlite keeps paddock's store in an embedded SQLite database (pure Go, no cgo): the
// default store.Backend, for the command line and a single server node.
//
// One write path: every write, of a single row or many, is one transaction run by DB.write, which
// lets one writer of the DB at a time in (queued in process, in the order they come, and giving up
// when the caller's context ends) and begins with BEGIN IMMEDIATE. In-process writers therefore
// never meet SQLite's busy handler, whose sleeps made latency spikes of tens of milliseconds under
// concurrent writes; another process writing the same file (the operator's command line beside a
// running server) waits up to the busy timeout of 5 s. Reads run concurrently on the pool.
//
// Constraint errors are recognised by SQLite's extended result code: a unique or primary key
// violation is store.ErrExists, a foreign key violation store.ErrNotFound.
//
// Durability: the database runs in WAL mode with synchronous=NORMAL. A committed write survives a
// crash of the paddock process (kill -9); after an OS crash or power loss the database stays
// consistent but the last commits may be lost.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite" // registers the pure-Go "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/paddock-dev/paddock/internal/store"
)

// DB is an open SQLite database. It is safe for concurrent use; use it through store.New.
type DB struct {
	db *sql.DB
	// writer admits one write transaction of this DB at a time.
	writer chan struct{}
}

var _ store.Backend = (*DB)(nil)

// Open opens (creating if needed, with mode 0600 in a directory of mode 0700) the database at path
// and brings its schema up to date.
func Open(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(ON)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	d := &DB{db: db, writer: make(chan struct{}, 1)}
	if err := d.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// write runs f in one write transaction, committing when f succeeds: the one path of every write.
// what names the operation in errors.
func (d *DB) write(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	select {
	case d.writer <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("store: %s: %w", what, ctx.Err())
	}
	defer func() { <-d.writer }()
	tx, err := d.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE, from the DSN
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", what, err)
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return fail(what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", what, err)
	}
	return nil
}

// exec runs one write statement through write and returns the rows it changed.
func (d *DB) exec(ctx context.Context, what, q string, args ...any) (int64, error) {
	var n int64
	err := d.write(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// Extended result codes of the constraint violations (modernc.org/sqlite turns extended codes on).
const (
	codeUnique     = sqlite3.SQLITE_CONSTRAINT_UNIQUE
	codePrimaryKey = sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	codeForeignKey = sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
)

// code returns the SQLite result code of err, or 0 when err is not SQLite's.
func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

func isUnique(err error) bool {
	c := code(err)
	return c == codeUnique || c == codePrimaryKey
}

func isForeignKey(err error) bool { return code(err) == codeForeignKey }

// fail wraps err of operation what, turning constraint violations into the store's errors. An
// error that already is one of the store's (or the context's) is returned as it is.
func fail(what string, err error) error {
	switch {
	case err == nil:
		return nil
	case isStoreErr(err):
		return err
	case isUnique(err):
		return fmt.Errorf("store: %s: %w", what, store.ErrExists)
	case isForeignKey(err):
		return fmt.Errorf("store: %s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

func isStoreErr(err error) bool {
	for _, e := range []error{store.ErrNotFound, store.ErrExists, store.ErrStepRunning, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// notFound turns sql.ErrNoRows into store.ErrNotFound naming what, and wraps other errors.
func notFound(err error, what, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %q: %w", what, id, store.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

type scanner interface{ Scan(...any) error }

// Times are stored as microseconds since the Unix epoch, UTC.
func micros(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, d *DB, what string, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := d.db.QueryContext(ctx, q, args...)
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
	if err := d.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", what, err)
	}
	return n, nil
}
