// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb and postgres in a temporary
// directory, listening only on a Unix socket there, run as an unprivileged user when the tests run
// as root (PostgreSQL refuses to run as root). One cluster serves a whole test binary; each call
// of URL creates a fresh database in it.
//
// Where PostgreSQL is not installed the tests that need it skip, saying so, unless CI or
// PADDOCK_REQUIRE_SHARED_DATA is set: then they fail, since CI installs it (.ci/run). Setting
// PADDOCK_TEST_DATABASE_URL uses that server instead of starting one.
//
// A test binary that uses it calls Main from TestMain, so that the cluster is stopped at the end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var (
	once     sync.Once
	cluster  *server
	setupErr error
	absent   bool // PostgreSQL is not installed
	dbs      atomic.Int64
)

type server struct {
	dir        string // the temporary directory: data, socket, log
	bin        string
	cred       *syscall.Credential
	admin      string // URL of the postgres database
	postmaster *exec.Cmd
	exited     <-chan struct{}
}

// Main runs the tests and stops the cluster if one was started.
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		cluster.stop()
	}
	return code
}

// required reports whether a missing PostgreSQL fails the tests instead of skipping them.
func required() bool { return os.Getenv("CI") != "" || os.Getenv("PADDOCK_REQUIRE_SHARED_DATA") != "" }

// URL returns the URL of a new, empty database, or skips (fails, in CI) the test where
// PostgreSQL is not available.
func URL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv("PADDOCK_TEST_DATABASE_URL"); u != "" {
		return newDatabase(t, u)
	}
	once.Do(func() { cluster, setupErr = start(false) })
	if absent {
		if required() {
			t.Fatalf("PostgreSQL is required here (CI or PADDOCK_REQUIRE_SHARED_DATA is set) but %v; apt-get install postgresql", setupErr)
		}
		t.Skipf("PostgreSQL tests skipped: %v (apt-get install postgresql, or set PADDOCK_TEST_DATABASE_URL)", setupErr)
	}
	if setupErr != nil {
		t.Fatalf("start a throwaway PostgreSQL: %v", setupErr)
	}
	return newDatabase(t, cluster.admin)
}

// newDatabase creates a database on the server at admin and returns its URL.
func newDatabase(t testing.TB, admin string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), dbs.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// binDir finds PostgreSQL's server programs: initdb on PATH or the newest /usr/lib/postgresql/N/bin.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a < b
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("PostgreSQL's initdb is not installed (not on PATH nor in /usr/lib/postgresql/*/bin)")
}

// Cluster is a throwaway PostgreSQL cluster started outside a test (by a benchmark): Start
// makes it, Stop removes it.
type Cluster struct{ s *server }

// Start makes and starts a throwaway cluster in a temporary directory, listening only on a Unix
// socket there. durable keeps PostgreSQL's default durability (fsync, synchronous_commit and
// full_page_writes on), as an operator runs it; otherwise they are off, as for the tests.
func Start(durable bool) (*Cluster, error) {
	s, err := start(durable)
	if err != nil {
		return nil, err
	}
	return &Cluster{s: s}, nil
}

// URL returns the URL of the cluster's postgres database.
func (c *Cluster) URL() string { return c.s.admin }

// Stop stops the cluster and removes its directory.
func (c *Cluster) Stop() { c.s.stop() }

// start makes and starts the cluster.
func start(durable bool) (*server, error) {
	bin, err := binDir()
	if err != nil {
		absent = true
		return nil, err
	}
	removeStale()
	dir, err := os.MkdirTemp("", "paddock-pgtest-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL will not run as root: run it as nobody, owning the directory.
		u, err := user.Lookup("nobody")
		if err != nil {
			return nil, fmt.Errorf("running as root, and no user nobody to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", "paddock", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	// The postmaster runs as a child of the test binary, not as pg_ctl's daemon, and gets SIGQUIT
	// (immediate shutdown) if the binary dies first (a test timeout's panic, kill -9), so no
	// cluster outlives its tests.
	args := []string{"-D", data, "-k", dir, "-c", "listen_addresses=", "-c", "max_connections=300"}
	if !durable {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C"}
	logFile, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred, Pdeathsig: syscall.SIGQUIT}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	s.postmaster = cmd
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	s.exited = exited
	// Ready when its socket takes connections.
	sock := filepath.Join(dir, ".s.PGSQL.5432")
	for deadline := time.Now().Add(60 * time.Second); ; {
		if _, err := os.Stat(sock); err == nil {
			if out, err := s.run("pg_isready", "-h", dir, "-U", "paddock", "-d", "postgres"); err == nil {
				break
			} else if time.Now().After(deadline) {
				s.stop()
				return nil, fmt.Errorf("postgres is not ready: %s", out)
			}
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("postgres exited at start:\n%s", log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, errors.New("postgres did not open its socket in 60s")
		}
	}
	s.admin = (&url.URL{Scheme: "postgres", User: url.User("paddock"), Path: "/postgres", RawQuery: "host=" + url.QueryEscape(dir)}).String()
	return s, nil
}

// run runs one of PostgreSQL's programs as the cluster's user.
func (s *server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C"}
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd.CombinedOutput()
}

// stop stops the cluster (a fast shutdown, then at once if it lingers) and removes its directory.
func (s *server) stop() {
	if s.postmaster != nil && s.postmaster.Process != nil {
		_ = s.postmaster.Process.Signal(syscall.SIGINT)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = s.postmaster.Process.Signal(syscall.SIGQUIT)
			<-s.exited
		}
	}
	os.RemoveAll(s.dir)
}

// removeStale removes the directories of clusters whose test binary was killed (its postmaster
// then stopped at once, by its parent-death signal, but could not remove the directory): those
// older than a minute whose postmaster.pid names no live process.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "paddock-pgtest-*"))
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil || time.Since(fi.ModTime()) < time.Minute {
			continue
		}
		if raw, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			first, _, _ := strings.Cut(string(raw), "\n")
			if pid, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && syscall.Kill(pid, 0) == nil {
				continue // still running: another test binary's
			}
		}
		os.RemoveAll(d)
	}
}
