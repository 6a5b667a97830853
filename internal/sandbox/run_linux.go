package sandbox

import (
	"github.com/paddock-dev/paddock/internal/sandbox/stage"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Run executes argv inside a new sandbox built from cfg and waits for it.
//
// The error is non-nil only when the command could not be started (a
// protection is unavailable, the configuration is invalid, setup failed, or
// the command was not found) or when ctx was cancelled (then the Result is
// returned too). A command that runs and fails is a Result with a non-zero
// ExitCode and a nil error.
func Run(ctx context.Context, cfg Config, argv []string) (*Result, error) {
	cfg, err := prepareConfig(cfg, argv)
	if err != nil {
		return nil, err
	}
	sp, err := startStage(cfg, false)
	if err != nil {
		return nil, err
	}
	defer sp.close(cfg.Stderr)
	return sp.execute(ctx, cfg, argv)
}

// prepareConfig defaults and checks cfg for running argv.
func prepareConfig(cfg Config, argv []string) (Config, error) {
	if len(argv) == 0 {
		return cfg, fmt.Errorf("%w: no command given", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return cfg, err
	}
	return cfg, checkRequired(cfg)
}

// testHookSpec lets tests weaken one layer to show the others still hold.
var testHookSpec func(*stage.Spec)

// checkRequired fails closed when a protection that cfg did not explicitly
// give up is missing.
func checkRequired(cfg Config) error {
	var missing []error
	for _, pr := range Protections() {
		if pr.Present || !pr.Required {
			continue
		}
		switch {
		case pr.Name == protLandlock && cfg.WithoutLandlock,
			pr.Name == protSeccomp && cfg.WithoutSeccomp,
			pr.Name == protCgroups && cfg.WithoutCgroupLimits:
			continue
		}
		missing = append(missing, fmt.Errorf("%s: %s", pr.Name, pr.Detail))
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w (refusing to run without it): %w", ErrUnavailable, errors.Join(missing...))
	}
	return nil
}

// stageProc is one started stage: a process in its own namespaces and
// cgroup that builds the sandbox and then waits for the command to run. It
// runs one command at most.
type stageProc struct {
	p       *plan
	cmd     *exec.Cmd
	specW   *os.File // the spec is written; the command follows
	errR    *os.File
	readyR  *os.File
	stdout  *switchWriter // the command's streams, given at execute
	stderr  *switchWriter
	stdin   *gateReader // nil when the stage was started with the command's stdin
	stop    func()      // stops the egress proxy
	started time.Time
}

// startStage plans the sandbox for cfg, starts its stage and finishes the
// host-side setup (cgroup, idmap, proxy); the stage then builds the
// sandbox and waits for its command. A one-shot stage gets cfg.Stdin now; a
// warm one (started before its command is known) a pipe whose input
// execute supplies.
func startStage(cfg Config, warm bool) (_ *stageProc, err error) {
	p, err := newPlan(cfg)
	if err != nil {
		return nil, err
	}
	sp := &stageProc{p: p, stdout: &switchWriter{}, stderr: &switchWriter{}, stop: func() {}}
	if sameWriter(cfg.Stdout, cfg.Stderr) {
		// One pipe for both, as os/exec does: the order of lines survives.
		sp.stderr = sp.stdout
	}
	defer func() {
		if err != nil {
			sp.close(nil)
		}
	}()
	specR, specW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%w: spec pipe: %w", ErrSetup, err)
	}
	sp.specW = specW
	defer specR.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%w: error pipe: %w", ErrSetup, err)
	}
	sp.errR = errR
	defer errW.Close()
	readyR, readyW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%w: ready pipe: %w", ErrSetup, err)
	}
	sp.readyR = readyR
	defer readyW.Close()

	stdin := cfg.Stdin
	if warm {
		sp.stdin = newGateReader()
		stdin = sp.stdin
	}
	sp.cmd = &exec.Cmd{
		Path: "/proc/self/exe",
		Args: []string{stage.Arg0},
		// Nothing of the parent's environment enters the sandbox. The stage's
		// Go runtime gets one P and no GC: it lives for a millisecond.
		Env:         []string{"GOMAXPROCS=1", "GOGC=off"},
		Stdin:       stdin,
		Stdout:      sp.stdout,
		Stderr:      sp.stderr,
		ExtraFiles:  append([]*os.File{specR, errW, readyW}, p.treeFiles...),
		SysProcAttr: p.sysProcAttr(),
		WaitDelay:   time.Second,
	}
	sp.started = time.Now()
	if p.ownerMap != nil {
		// The owner's user namespace is made while the stage starts (once per process).
		go func() { _, _ = p.ownerMap.cachedUserns() }()
	}
	if p.cgroup != nil {
		err = p.cgroup.startIn(hostCgroups(), sp.cmd.SysProcAttr, sp.cmd.Start)
	} else {
		err = sp.cmd.Start()
	}
	if err != nil {
		sp.cmd = nil
		return nil, fmt.Errorf("%w: starting the sandbox (are user namespaces allowed here?): %w", ErrUnavailable, err)
	}

	// Host-side setup while the stage waits for its spec.
	if err := p.idmapTrees(sp.cmd.Process.Pid); err != nil {
		return nil, err
	}
	if p.policy != nil {
		stop, err := serveProxy(sp.cmd.Process.Pid, p.policy, cfg.Logger)
		if err != nil {
			return nil, fmt.Errorf("%w: egress proxy: %w", ErrSetup, err)
		}
		sp.stop = stop
	}
	if testHookSpec != nil {
		testHookSpec(&p.spec)
	}
	spec, err := json.Marshal(p.spec)
	if err != nil {
		return nil, fmt.Errorf("%w: encoding spec: %w", ErrSetup, err)
	}
	if _, err := specW.Write(spec); err != nil {
		return nil, fmt.Errorf("%w: sending spec: %w", ErrSetup, err)
	}
	return sp, nil
}

// waitReady waits until the stage has built the sandbox and waits for its
// command, or reports why it could not.
func (sp *stageProc) waitReady() error {
	var b [1]byte
	if n, _ := sp.readyR.Read(b[:]); n == 1 {
		return nil
	}
	// The stage closed the ready pipe without a byte: it failed (its
	// report is on the error pipe) or died.
	msg, _ := io.ReadAll(io.LimitReader(sp.errR, 64<<10))
	if len(msg) > 0 {
		return stageFailure(string(msg))
	}
	return fmt.Errorf("%w: the sandbox stage ended during setup", ErrSetup)
}

// errStageGone: a warm stage could not take its command; nothing ran.
var errStageGone = errors.New("sandbox: the prepared stage is gone")

// execute sends the command to the stage and waits for the sandbox to end.
// cfg gives the per-command settings (streams, timeout, output cap).
func (sp *stageProc) execute(ctx context.Context, cfg Config, argv []string) (*Result, error) {
	p := sp.p
	cmd := sp.cmd
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()

	out := newOutputLimiter(cfg.MaxOutput, cfg.Stdout, cfg.Stderr)
	if sp.stdout == sp.stderr {
		sp.stdout.set(out.stdout())
	} else {
		sp.stdout.set(out.stdout())
		sp.stderr.set(out.stderr())
	}
	if sp.stdin != nil {
		sp.stdin.give(cfg.Stdin)
	}
	start := time.Now()
	if sp.stdin == nil {
		start = sp.started // a one-shot stage: its start-up is part of the command's time
	}
	diskBefore, _, _ := measureDisk(p.writable, nil, false)
	msg, err := json.Marshal(stage.Command{Argv: argv, Env: p.env, Dir: p.dir})
	if err != nil {
		return nil, fmt.Errorf("%w: encoding the command: %w", ErrSetup, err)
	}
	if _, err := sp.specW.Write(msg); err != nil {
		return nil, fmt.Errorf("%w: %w", errStageGone, err)
	}
	sp.specW.Close()

	// The error pipe stays open until the stage executes the command (then
	// close-on-exec closes it) or reports why it could not.
	waitDone := make(chan struct{})
	killed := make(chan bool, 1)
	var watchers sync.WaitGroup
	watchers.Add(1)
	go func() {
		defer watchers.Done()
		select {
		case <-ctx.Done():
			// PID 1 of the namespace: the kernel kills the rest. Through the
			// pidfd, so a reaped and reused pid is never hit.
			_ = cmd.Process.Kill()
			if p.cgroup != nil {
				p.cgroup.killAll()
			}
			killed <- true
		case <-waitDone:
			killed <- false
		}
	}()
	if p.cgroup != nil && cfg.CPU > 0 {
		watchers.Add(1)
		go func() {
			defer watchers.Done()
			p.watchCPU(cmd.Process, cfg.CPU, waitDone)
		}()
	}
	setupMsg, _ := io.ReadAll(io.LimitReader(sp.errR, 64<<10))
	waitErr := cmd.Wait()
	sp.cmd = nil
	close(waitDone)
	// No watcher outlives Run: they use the cgroup that close removes.
	watchers.Wait()
	res := &Result{Duration: time.Since(start)}
	if len(setupMsg) > 0 {
		return nil, stageFailure(string(setupMsg))
	}
	if <-killed && ctx.Err() == context.DeadlineExceeded {
		res.TimedOut = true
	}
	st := cmd.ProcessState
	if st == nil {
		return nil, fmt.Errorf("%w: waiting for the sandbox: %w", ErrSetup, waitErr)
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		res.Signal = unix.SignalName(ws.Signal())
		res.ExitCode = 128 + int(ws.Signal())
	} else {
		res.ExitCode = st.ExitCode()
	}
	res.CPUTime = st.UserTime() + st.SystemTime()
	if p.cgroup != nil {
		if t, ok := p.cgroup.cpuUsage(); ok {
			res.CPUTime = t
		}
		res.OOMKilled = p.cgroup.oomKilled()
	}
	res.CPULimitExceeded = p.cpuExceeded.Load()
	res.OutputTruncated = out.finish()
	res.DiskExceeded = enforceDisk(p.writable, diskBefore, cfg.Disk, cfg.AllowGitWrite, out.notice())
	if res.TimedOut {
		fmt.Fprintf(out.notice(), "\n[paddock: timed out after %v; the whole process tree was killed]\n", cfg.Timeout)
	}
	if err := context.Cause(ctx); err != nil && !res.TimedOut {
		return res, fmt.Errorf("sandbox: run cancelled: %w", err)
	}
	return res, nil
}

// close ends the stage if it still runs (a discarded warm stage, or a
// failed start), stops the proxy, removes the cgroup and what the command
// must not leave behind (reported on w).
func (sp *stageProc) close(w io.Writer) {
	if sp.stdin != nil {
		sp.stdin.give(nil) // os/exec's copy waits on it
	}
	if sp.cmd != nil && sp.cmd.Process != nil {
		_ = sp.cmd.Process.Kill()
		_ = sp.cmd.Wait()
		sp.cmd = nil
	}
	for _, f := range []*os.File{sp.specW, sp.errR, sp.readyR} {
		if f != nil {
			f.Close()
		}
	}
	sp.stop()
	removeCreated(sp.p.gitAbsent, w)
	sp.p.close()
}

// watchCPU kills the tree when its accounted CPU time passes limit (the
// rlimit only bounds each process alone).
func (p *plan) watchCPU(proc *os.Process, limit time.Duration, done <-chan struct{}) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if used, ok := p.cgroup.cpuUsage(); ok && used > limit {
				p.cpuExceeded.Store(true)
				_ = proc.Kill()
				return
			}
		}
	}
}

// stageFailure turns the stage's "CODE message" report into an error.
func stageFailure(msg string) error {
	codeStr, text, _ := strings.Cut(msg, " ")
	code, _ := strconv.Atoi(codeStr)
	switch code {
	case stage.ExitNotFound:
		return fmt.Errorf("%w: %s", ErrCommandNotFound, text)
	default:
		return fmt.Errorf("%w: %s", ErrSetup, text)
	}
}

// sysProcAttr: the clone flags and identity of the stage.
func (p *plan) sysProcAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{
		// New user (owns the rest), mount, PID, network, IPC, UTS and
		// cgroup namespaces (the child is born in its cgroup, which becomes
		// its cgroup root).
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID |
			syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS | syscall.CLONE_NEWCGROUP,
		UidMappings: p.uidMap,
		GidMappings: p.gidMap,
		// As root we may allow setgroups, which lets the child drop root's
		// supplementary groups (Groups: empty); unprivileged we may not.
		GidMappingsEnableSetgroups: p.rootParent,
		// As root: uid 0 inside (mapped to an unprivileged host uid), so the
		// stage keeps its namespace capabilities across the exec into
		// itself. Unprivileged: the caller's ids, with the capabilities
		// carried as ambient ones.
		Credential: &syscall.Credential{Uid: 0, Gid: 0, Groups: []uint32{}, NoSetGroups: !p.rootParent},
		// No controlling terminal: TIOCSTI on the operator's terminal is
		// refused by the kernel too, not only by seccomp.
		Setsid: true,
		// If paddock dies, the sandbox dies.
		Pdeathsig: syscall.SIGKILL,
	}
	if !p.rootParent {
		attr.Credential.Uid, attr.Credential.Gid = p.spec.UID, p.spec.GID
		attr.AmbientCaps = p.ambientCaps
	}
	return attr
}

// idmapTrees turns the parent's detached workspace and rw trees into
// idmapped mounts through the stage's user namespace, so the command's uid
// owns what the workspace owner owns. A filesystem that cannot be idmapped
// falls back to a plain bind (writable only where permissions allow).
func (p *plan) idmapTrees(pid int) error {
	if len(p.trees) == 0 {
		return nil
	}
	var userns int
	var err error
	if p.ownerMap != nil {
		userns, err = p.ownerMap.cachedUserns() // kept open for the process's life: not closed
	} else {
		userns, err = unix.Open(fmt.Sprintf("/proc/%d/ns/user", pid), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err == nil {
			defer unix.Close(userns)
		}
	}
	if err != nil {
		return fmt.Errorf("%w: opening the sandbox's user namespace: %w", ErrSetup, err)
	}
	for _, t := range p.trees {
		attr := unix.MountAttr{
			Attr_set:  unix.MOUNT_ATTR_IDMAP | unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV,
			Userns_fd: uint64(userns),
		}
		fd := int(t.file.Fd())
		if err := unix.MountSetattr(fd, "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &attr); err != nil {
			slog.Debug("sandbox: idmapped mount unavailable, plain bind (writable only where permissions allow)", "path", t.src, "err", err)
			attr = unix.MountAttr{Attr_set: unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV}
			if err := unix.MountSetattr(fd, "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &attr); err != nil {
				return fmt.Errorf("%w: flagging %s nosuid,nodev: %w", ErrSetup, t.src, err)
			}
		}
	}
	return nil
}

// switchWriter forwards to the writer set last; before that (while the stage
// sets up, when nothing of the command exists yet) it discards.
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *switchWriter) set(w io.Writer) {
	s.mu.Lock()
	s.w = w
	s.mu.Unlock()
}

func (s *switchWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	w := s.w
	s.mu.Unlock()
	if w == nil {
		return len(b), nil
	}
	return w.Write(b)
}

// gateReader is a warm stage's stdin: reads wait until the command's input
// is given (nil: none), then come from it.
type gateReader struct {
	once sync.Once
	ch   chan io.Reader
	r    io.Reader // used by the one goroutine os/exec reads with
}

func newGateReader() *gateReader { return &gateReader{ch: make(chan io.Reader, 1)} }

// give supplies the command's input; only the first call counts.
func (g *gateReader) give(r io.Reader) {
	g.once.Do(func() {
		if r == nil {
			r = strings.NewReader("")
		}
		g.ch <- r
	})
}

func (g *gateReader) Read(b []byte) (int, error) {
	if g.r == nil {
		g.r = <-g.ch
	}
	return g.r.Read(b)
}

// sameWriter reports whether a and b are the same writer (false for
// writers that cannot be compared).
func sameWriter(a, b io.Writer) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}
