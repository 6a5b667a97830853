package sandbox

import (
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
	if len(argv) == 0 {
		return nil, fmt.Errorf("%w: no command given", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if err := checkRequired(cfg); err != nil {
		return nil, err
	}
	p, err := newPlan(cfg, argv)
	if err != nil {
		return nil, err
	}
	defer p.close()
	res, err := p.run(ctx)
	removeCreated(p.gitAbsent, cfg.Stderr)
	return res, err
}

// testHookSpec lets tests weaken one layer to show the others still hold.
var testHookSpec func(*stageSpec)

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

// run starts the stage, finishes the host-side setup (cgroup, idmap, proxy),
// releases the stage with its spec and waits.
func (p *plan) run(ctx context.Context) (*Result, error) {
	cfg := p.cfg
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()

	specR, specW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%w: spec pipe: %w", ErrSetup, err)
	}
	defer specW.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		specR.Close()
		return nil, fmt.Errorf("%w: error pipe: %w", ErrSetup, err)
	}
	defer errR.Close()

	out := newOutputLimiter(cfg.MaxOutput, cfg.Stdout, cfg.Stderr)
	cmd := &exec.Cmd{
		Path: "/proc/self/exe",
		Args: []string{stageArg0},
		// Nothing of the parent's environment enters the sandbox. The stage's
		// Go runtime gets one P and no GC: it lives for a millisecond.
		Env:         []string{"GOMAXPROCS=1", "GOGC=off"},
		Stdin:       cfg.Stdin,
		Stdout:      out.stdout(),
		Stderr:      out.stderr(),
		ExtraFiles:  append([]*os.File{specR, errW}, p.treeFiles...),
		SysProcAttr: p.sysProcAttr(),
		WaitDelay:   time.Second,
	}
	start := time.Now()
	var startErr error
	if p.cgroup != nil {
		startErr = p.cgroup.startIn(hostCgroups(), cmd.SysProcAttr, cmd.Start)
	} else {
		startErr = cmd.Start()
	}
	if err := startErr; err != nil {
		specR.Close()
		errW.Close()
		return nil, fmt.Errorf("%w: starting the sandbox (are user namespaces allowed here?): %w", ErrUnavailable, err)
	}
	specR.Close()
	errW.Close()
	pid := cmd.Process.Pid
	res := &Result{}
	abort := func(err error) (*Result, error) {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}

	// Host-side setup while the stage waits for its spec.
	if err := p.idmapTrees(pid); err != nil {
		return abort(err)
	}
	if p.policy != nil {
		stop, err := serveProxy(pid, p.policy, cfg.Logger)
		if err != nil {
			return abort(fmt.Errorf("%w: egress proxy: %w", ErrSetup, err))
		}
		defer stop()
	}
	if testHookSpec != nil {
		testHookSpec(&p.spec)
	}
	spec, err := json.Marshal(p.spec)
	if err != nil {
		return abort(fmt.Errorf("%w: encoding spec: %w", ErrSetup, err))
	}
	if _, err := specW.Write(spec); err != nil {
		return abort(fmt.Errorf("%w: sending spec: %w", ErrSetup, err))
	}
	specW.Close()

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
	setupMsg, _ := io.ReadAll(io.LimitReader(errR, 64<<10))
	waitErr := cmd.Wait()
	close(waitDone)
	// No watcher outlives Run: they use the cgroup that close removes.
	watchers.Wait()
	res.Duration = time.Since(start)
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
	if res.TimedOut {
		fmt.Fprintf(out.notice(), "\n[paddock: timed out after %v; the whole process tree was killed]\n", cfg.Timeout)
	}
	if err := context.Cause(ctx); err != nil && !res.TimedOut {
		return res, fmt.Errorf("sandbox: run cancelled: %w", err)
	}
	return res, nil
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
	case exitNotFound:
		return fmt.Errorf("%w: %s", ErrCommandNotFound, text)
	default:
		return fmt.Errorf("%w: %s", ErrSetup, text)
	}
}

// sysProcAttr: the clone flags and identity of the stage.
func (p *plan) sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
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
		// uid 0 inside (mapped to an unprivileged host uid) so the stage
		// keeps its namespace capabilities across the exec into itself.
		Credential: &syscall.Credential{Uid: 0, Gid: 0, Groups: []uint32{}, NoSetGroups: !p.rootParent},
		// No controlling terminal: TIOCSTI on the operator's terminal is
		// refused by the kernel too, not only by seccomp.
		Setsid: true,
		// If paddock dies, the sandbox dies.
		Pdeathsig: syscall.SIGKILL,
	}
}

// idmapTrees turns the parent's detached workspace and rw trees into
// idmapped mounts through the stage's user namespace, so the command's uid
// owns what the workspace owner owns. A filesystem that cannot be idmapped
// falls back to a plain bind (writable only where permissions allow).
func (p *plan) idmapTrees(pid int) error {
	if len(p.trees) == 0 {
		return nil
	}
	userns, err := unix.Open(fmt.Sprintf("/proc/%d/ns/user", pid), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("%w: opening the sandbox's user namespace: %w", ErrSetup, err)
	}
	defer unix.Close(userns)
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
