package stage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// init takes over a process started as a sandbox stage as early as the Go
// runtime allows, so a binary that imports this package works even if its
// main forgets Init, and the packages initialised after this one (by import
// order) never run in the stage.
func init() { Init() }

// Init must be called first in main() and in TestMain. If this process was
// started as a sandbox stage (a re-exec of /proc/self/exe by Run), it performs
// the in-namespace setup and executes the command, and never returns;
// otherwise it returns at once.
func Init() {
	if len(os.Args) == 1 && os.Args[0] == UsernsArg0 {
		holdUserns()
	}
	if len(os.Args) != 1 || os.Args[0] != Arg0 || os.Getpid() != 1 {
		return
	}
	// Every credential, capability, Landlock and seccomp change below is
	// per-thread; the thread that makes them is the one that calls execve.
	runtime.LockOSThread()
	err := runStage()
	// runStage returns only on failure.
	reportStageError(err)
}

// holdUserns keeps this process (and so its user namespace) alive until
// stdin closes: the parent opens the namespace for an idmapped mount and
// then ends it.
func holdUserns() {
	var b [1]byte
	for {
		if n, err := unix.Read(0, b[:]); n <= 0 && err != unix.EINTR {
			unix.Exit(0)
		}
	}
}

// stageError carries the exit status the stage should use.
type stageError struct {
	code int
	err  error
}

func (e *stageError) Error() string { return e.err.Error() }
func (e *stageError) Unwrap() error { return e.err }

func reportStageError(err error) {
	code := ExitSetupFailed
	var se *stageError
	if errors.As(err, &se) {
		code = se.code
	}
	msg := fmt.Sprintf("%d %s", code, err.Error())
	_, _ = unix.Write(ErrFD, []byte(msg))
	unix.Exit(code)
}

// runStage is the in-namespace half of Run, in a fixed order. Each step is
// one small function; any failure aborts before the command exists.
func runStage() error {
	pipe := os.NewFile(SpecFD, "spec")
	if pipe == nil {
		return errors.New("sandbox stage: no spec pipe")
	}
	dec := json.NewDecoder(io.LimitReader(pipe, 16<<20))
	var spec Spec
	if err := readMessage(dec, &spec, "spec"); err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func(*Spec) error
	}{
		// 1. UTS: a neutral host name instead of the host's.
		{"hostname", func(*Spec) error { return unix.Sethostname([]byte("paddock")) }},
		// 2. filesystem view, then switch root to it.
		{"filesystem", buildRoot},
		// 3. loopback up: local servers and the proxy port work; nothing else exists.
		{"loopback", func(*Spec) error { return LoopbackUp() }},
		// 4. identity and capabilities (bounding set, securebits, uid, all sets).
		{"capabilities", dropPrivileges},
		// 5. no_new_privs: exec can never add privileges (also required by Landlock and seccomp).
		{"no_new_privs", func(*Spec) error { return unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }},
		// 6. Landlock: the filesystem and TCP grants again, enforced by the LSM.
		{"landlock", applyLandlock},
		// 7. seccomp last: it denies mount and namespace calls used above.
		{"seccomp", applySeccomp},
	}
	for _, s := range steps {
		if err := s.fn(&spec); err != nil {
			return fmt.Errorf("sandbox setup: %s: %w", s.name, err)
		}
	}
	// Ready: everything but the command is in place. A warm stage waits
	// here (fully contained already) until the parent sends its command.
	_, _ = unix.Write(ReadyFD, []byte{'R'})
	_ = unix.Close(ReadyFD)
	var cmd Command
	if err := readMessage(dec, &cmd, "command"); err != nil {
		return err
	}
	pipe.Close()
	if len(cmd.Argv) == 0 {
		return errors.New("sandbox stage: empty command")
	}
	return execCommand(&spec, &cmd)
}

// readMessage decodes the next JSON value from the parent. A pipe closed
// before it means the parent gave up (its own setup failed, or it
// discarded a warm stage): the stage exits with nothing to report.
func readMessage(dec *json.Decoder, v any, what string) error {
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) {
		unix.Exit(ExitSetupFailed)
	}
	if err != nil {
		return fmt.Errorf("sandbox stage: reading %s: %w", what, err)
	}
	return nil
}

// execCommand looks the command up on the sandbox's PATH and executes it.
// Every inherited descriptor above stderr is closed by the exec; the error
// pipe closing tells the parent the command started.
func execCommand(spec *Spec, cmd *Command) error {
	if err := unix.Chdir(cmd.Dir); err != nil {
		return fmt.Errorf("sandbox setup: working directory %s: %w", cmd.Dir, err)
	}
	path, err := lookPath(cmd.Argv[0], cmd.Env)
	if err != nil {
		return &stageError{code: ExitNotFound, err: err}
	}
	// 8. rlimits last: per-process limits that hold even without cgroups,
	// set after every allocation of this Go process (a data-size limit
	// must not starve the stage's own runtime).
	if err := applyRlimits(spec); err != nil {
		return fmt.Errorf("sandbox setup: rlimits: %w", err)
	}
	if err := unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC); err != nil {
		return fmt.Errorf("sandbox setup: marking descriptors close-on-exec: %w", err)
	}
	err = unix.Exec(path, cmd.Argv, cmd.Env)
	code := ExitNotRunnable
	if errors.Is(err, unix.ENOENT) {
		code = ExitNotFound
	}
	return &stageError{code: code, err: fmt.Errorf("exec %s: %w", cmd.Argv[0], err)}
}

// lookPath resolves name against PATH from env, inside the new root.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	pathList := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			pathList = v
		}
	}
	for _, dir := range strings.Split(pathList, ":") {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + name
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s is not on the sandbox's PATH (%s)", name, pathList)
}

// LoopbackUp sets IFF_UP on lo in the new network namespace.
func LoopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}

func applyRlimits(spec *Spec) error {
	for _, r := range spec.Rlimits {
		lim := unix.Rlimit{Cur: r.Cur, Max: r.Max}
		if err := unix.Prlimit(0, r.Resource, &lim, nil); err != nil {
			return fmt.Errorf("rlimit %d: %w", r.Resource, err)
		}
	}
	return nil
}
