package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultMaxIdle is how long a Runner keeps a prepared stage waiting before
// it discards it.
const DefaultMaxIdle = time.Minute

// Runner runs commands like Run, one sandbox per command, and keeps the next
// command's stage ready: after each command it starts a fresh stage in the
// background with the same configuration, which builds the whole sandbox
// (namespaces, mounts, identity, Landlock, seccomp, cgroup) and then waits
// for its command on a pipe. The next Run only sends argv and starts the
// clock, so an agent's commands start in a fraction of a cold start.
//
// Every command still gets a sandbox of its own: a stage runs one command
// and ends with it, so nothing of one command (processes, /tmp, cgroup,
// namespaces) survives into the next. A prepared stage is used only for a
// configuration equal to the one it was built for, and is discarded after
// MaxIdle, when the workspace directory was replaced, or when it died.
//
// The zero value is ready to use. Close ends the prepared stage.
type Runner struct {
	// MaxIdle bounds how long a prepared stage may wait; zero means
	// DefaultMaxIdle.
	MaxIdle time.Duration

	mu      sync.Mutex
	ready   *warmStage
	pending chan struct{} // closed when the preparation under way ends; nil if none
	closed  bool
}

// warmStage is a prepared stage and what it was prepared for.
type warmStage struct {
	sp    *stageProc
	key   string
	ws    wsIdentity
	since time.Time
}

// wsIdentity pins the workspace directory a stage mounted.
type wsIdentity struct{ dev, ino uint64 }

func workspaceIdentity(dir string) (wsIdentity, bool) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return wsIdentity{}, false
	}
	return wsIdentity{uint64(st.Dev), st.Ino}, true
}

// Run runs argv as Run does, on the prepared stage when it fits cfg (the
// Result's Warm is then set), and prepares the next one afterwards.
func (r *Runner) Run(ctx context.Context, cfg Config, argv []string) (*Result, error) {
	cfg, err := prepareConfig(cfg, argv)
	if err != nil {
		return nil, err
	}
	key := stageKey(cfg)
	begin := time.Now()
	if ws := r.take(ctx, key, cfg.Workspace); ws != nil {
		res, err := ws.sp.execute(ctx, cfg, argv)
		ws.sp.close(cfg.Stderr)
		if !errors.Is(err, errStageGone) {
			if res != nil {
				// From the call: a wait for the stage's preparation counts.
				res.Warm, res.Duration = true, time.Since(begin)
			}
			r.prepare(cfg, key)
			return res, err
		}
		// The prepared stage died before it took the command: nothing ran;
		// start cold.
	}
	sp, err := startStage(cfg, false)
	if err != nil {
		return nil, err
	}
	res, err := sp.execute(ctx, cfg, argv)
	sp.close(cfg.Stderr)
	r.prepare(cfg, key)
	return res, err
}

// take returns the prepared stage if it fits key and is fresh, waiting for
// a preparation under way; anything else prepared is discarded.
func (r *Runner) take(ctx context.Context, key, workspace string) *warmStage {
	r.mu.Lock()
	pending := r.pending
	r.mu.Unlock()
	if pending != nil {
		select {
		case <-pending:
		case <-ctx.Done():
			return nil
		}
	}
	r.mu.Lock()
	w := r.ready
	r.ready = nil
	r.mu.Unlock()
	if w == nil {
		return nil
	}
	maxIdle := r.MaxIdle
	if maxIdle <= 0 {
		maxIdle = DefaultMaxIdle
	}
	id, ok := workspaceIdentity(workspace)
	if w.key != key || time.Since(w.since) > maxIdle || !ok || id != w.ws {
		w.sp.close(nil)
		return nil
	}
	return w
}

// prepare starts the next stage for cfg in the background.
func (r *Runner) prepare(cfg Config, key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.pending != nil {
		return
	}
	done := make(chan struct{})
	r.pending = done
	cfg.Stdin = nil // a warm stage reads its input through a pipe (startStage)
	go func() {
		w := r.build(cfg, key)
		r.mu.Lock()
		old := r.ready
		if r.closed {
			old, r.ready = w, nil
		} else {
			r.ready = w
		}
		r.pending = nil
		r.mu.Unlock()
		if old != nil {
			old.sp.close(nil)
		}
		close(done)
	}()
}

// build starts a stage and waits until it is ready; nil when it failed (the
// next Run starts cold and reports the error then).
func (r *Runner) build(cfg Config, key string) *warmStage {
	id, ok := workspaceIdentity(cfg.Workspace)
	if !ok {
		return nil
	}
	sp, err := startStage(cfg, true)
	if err != nil {
		slog.Debug("sandbox: preparing the next stage failed", "err", err)
		return nil
	}
	if err := sp.waitReady(); err != nil {
		slog.Debug("sandbox: the next stage failed during setup", "err", err)
		sp.close(nil)
		return nil
	}
	return &warmStage{sp: sp, key: key, ws: id, since: time.Now()}
}

// WaitPrepared waits until the preparation of the next stage under way (if
// any) has ended, or ctx is done. A caller that knows its next command is
// near can use it; benchmarks use it to stand in for the model's thinking
// time.
func (r *Runner) WaitPrepared(ctx context.Context) {
	r.mu.Lock()
	pending := r.pending
	r.mu.Unlock()
	if pending != nil {
		select {
		case <-pending:
		case <-ctx.Done():
		}
	}
}

// Close discards the prepared stage and waits for a preparation under way.
func (r *Runner) Close() {
	r.mu.Lock()
	r.closed = true
	pending, w := r.pending, r.ready
	r.ready = nil
	r.mu.Unlock()
	if pending != nil {
		<-pending
	}
	if w != nil {
		w.sp.close(nil)
	}
}

// stageKey is everything a stage is built from: a prepared stage serves
// only a command whose key is equal. Per-command settings (streams,
// Timeout, MaxOutput) are applied when the command is sent.
func stageKey(cfg Config) string {
	return fmt.Sprintf("ws=%q ro=%q rw=%q net=%q private=%q egress=%p log=%p mem=%d pids=%d cpu=%d disk=%d env=%q uid=%d git=%t nolandlock=%t noseccomp=%t nocgroup=%t merged=%t",
		cfg.Workspace, cfg.ReadOnly, cfg.ReadWrite, cfg.AllowNet, cfg.AllowPrivate, cfg.Egress, cfg.Logger, cfg.Memory, cfg.Pids, cfg.CPU, cfg.Disk, cfg.Env,
		cfg.HostUID, cfg.AllowGitWrite, cfg.WithoutLandlock, cfg.WithoutSeccomp, cfg.WithoutCgroupLimits,
		sameWriter(cfg.Stdout, cfg.Stderr))
}
