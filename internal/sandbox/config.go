package sandbox

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/egress"
)

// Defaults applied by Run to zero-valued Config limits.
const (
	DefaultTimeout   = 10 * time.Minute
	DefaultMemory    = 1 << 30 // 1 GiB for the whole process tree
	DefaultPids      = 256
	DefaultMaxOutput = 10 << 20 // 10 MiB of stdout+stderr together
	DefaultDisk      = 1 << 30  // 1 GiB a command may add to the workspace
	// DefaultHostUID is the host uid that uid 0 inside the sandbox maps to; the
	// command itself runs as DefaultHostUID+1 when the workspace is not owned
	// by root. Both are far above any real account.
	DefaultHostUID = 2_000_000_000
	// UnprivilegedUID is the uid (and gid) the command has inside the
	// sandbox when root runs paddock on a workspace root owns: an ordinary
	// user's, as bwrap and Codex give.
	UnprivilegedUID = 1000
)

// ErrInvalidConfig is wrapped by every error about a bad Config or flag.
var ErrInvalidConfig = errors.New("sandbox: invalid configuration")

// Config describes one sandboxed command. The zero value is usable: it runs in
// the current directory with the default limits and no network.
type Config struct {
	// Workspace is the working directory inside the sandbox and the only
	// writable host directory besides ReadWrite grants. Empty means the
	// current directory. It is mounted at the same path inside.
	Workspace string
	// ReadOnly and ReadWrite are extra host paths made visible at the same
	// path inside, read-only or read-write.
	ReadOnly, ReadWrite []string
	// AllowNet lists HOST[:PORT] entries reachable through the egress proxy
	// (package egress syntax). Empty means no network at all.
	AllowNet []string
	// AllowPrivate lists CIDR prefixes of private, loopback or link-local
	// addresses the proxy may reach for AllowNet's hosts (refused by
	// default; package egress syntax). It needs AllowNet.
	AllowPrivate []string

	// Timeout bounds wall-clock time; the whole process tree is killed when it
	// passes. Zero means DefaultTimeout.
	Timeout time.Duration
	// Memory bounds the memory of the whole tree in bytes (cgroup), and of
	// each process's data segment (rlimit). Zero means DefaultMemory.
	Memory int64
	// Pids bounds the number of processes and threads. Zero means DefaultPids.
	Pids int
	// CPU bounds CPU time per process (rlimit) and of the whole tree (cgroup
	// accounting, checked by the parent). Zero means unlimited.
	CPU time.Duration
	// Disk bounds the bytes one command may add to the workspace and the
	// read-write grants: no file may grow past it (RLIMIT_FSIZE), and what
	// the command added is measured after it; over the limit, the files it
	// created are removed (largest first) and DiskExceeded is set. Zero
	// means DefaultDisk.
	Disk int64
	// MaxOutput bounds stdout and stderr together; the rest is discarded and
	// a notice is written to Stderr. Zero means DefaultMaxOutput.
	MaxOutput int64

	// Env adds KEY=VALUE entries on top of the scrubbed allowlist (PATH, HOME,
	// LANG, TERM, TMPDIR); a key given here replaces the default value.
	Env []string

	// Stdin, Stdout and Stderr are the command's streams; nil means empty
	// input and discarded output.
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	// Egress, when set, is the proxy policy used instead of parsing AllowNet
	// (for grants AllowNet cannot express: private ranges, credentials).
	Egress *egress.Policy
	// Logger receives the egress proxy's allow/deny records; slog.Default()
	// when nil.
	Logger *slog.Logger

	// HostUID overrides DefaultHostUID (for example one uid range per tenant).
	HostUID uint32

	// AllowGitWrite makes the repositories' .git directories writable (so the
	// command can add, commit and branch) except what makes git run code or
	// look elsewhere: hooks, config, config.worktree, commondir, gitdir and
	// info/ stay read-only. By default every .git is read-only, and a
	// workspace without one cannot get one (see git_linux.go).
	AllowGitWrite bool

	// WithoutLandlock runs without the Landlock layer: the filesystem and TCP
	// rules then rest on mounts and the network namespace alone.
	WithoutLandlock bool
	// WithoutSeccomp runs without the seccomp filter: io_uring, bpf, ptrace,
	// TIOCSTI, raw and netlink sockets and namespace creation are then only
	// guarded by the missing capabilities.
	WithoutSeccomp bool
	// WithoutCgroupLimits runs without cgroup limits when no usable memory and
	// pids controller exists: memory and process counts are then bounded per
	// process by rlimits only, not for the whole tree.
	WithoutCgroupLimits bool
}

// withDefaults returns a copy of c with zero limits replaced by defaults.
func (c Config) withDefaults() Config {
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Memory == 0 {
		c.Memory = DefaultMemory
	}
	if c.Pids == 0 {
		c.Pids = DefaultPids
	}
	if c.MaxOutput == 0 {
		c.MaxOutput = DefaultMaxOutput
	}
	if c.Disk == 0 {
		c.Disk = DefaultDisk
	}
	if c.HostUID == 0 {
		c.HostUID = DefaultHostUID
	}
	return c
}

// validate checks limits and environment entries of a defaulted Config.
func (c Config) validate() error {
	switch {
	case c.Timeout < 0:
		return fmt.Errorf("%w: --timeout must be positive, got %v", ErrInvalidConfig, c.Timeout)
	case c.Memory < 1<<20:
		return fmt.Errorf("%w: --memory must be at least 1M, got %d", ErrInvalidConfig, c.Memory)
	case c.Pids < 1 || c.Pids > 1<<22:
		return fmt.Errorf("%w: --pids must be between 1 and %d, got %d", ErrInvalidConfig, 1<<22, c.Pids)
	case c.CPU < 0:
		return fmt.Errorf("%w: --cpu must not be negative, got %v", ErrInvalidConfig, c.CPU)
	case c.Disk < 0:
		return fmt.Errorf("%w: --disk must not be negative, got %d", ErrInvalidConfig, c.Disk)
	case c.MaxOutput < 0:
		return fmt.Errorf("%w: --max-output must not be negative, got %d", ErrInvalidConfig, c.MaxOutput)
	case c.HostUID > math.MaxUint32-2:
		return fmt.Errorf("%w: host uid %d leaves no room for the command's uid", ErrInvalidConfig, c.HostUID)
	}
	for _, kv := range c.Env {
		if _, _, err := parseEnvEntry(kv); err != nil {
			return err
		}
	}
	return nil
}

// parseEnvEntry splits KEY=VALUE and rejects keys a shell could not name and
// values with NUL bytes (they would silently truncate).
func parseEnvEntry(kv string) (key, value string, err error) {
	key, value, ok := strings.Cut(kv, "=")
	if !ok {
		return "", "", fmt.Errorf("%w: environment entry %q is not KEY=VALUE", ErrInvalidConfig, kv)
	}
	if key == "" || len(key) > 256 {
		return "", "", fmt.Errorf("%w: environment key in %q must be 1 to 256 characters", ErrInvalidConfig, truncateForError(kv))
	}
	for i, r := range key {
		ok := r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return "", "", fmt.Errorf("%w: environment key %q: only letters, digits and _ (not first) are allowed", ErrInvalidConfig, truncateForError(key))
		}
	}
	if strings.IndexByte(value, 0) >= 0 {
		return "", "", fmt.Errorf("%w: environment value of %s contains a NUL byte", ErrInvalidConfig, key)
	}
	return key, value, nil
}

func truncateForError(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// ParseBytes parses a byte count such as 1048576, 512K, 64M, 2G or 1.5G
// (binary multiples; a trailing B or iB is accepted).
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "i")
	if t == "" {
		return 0, fmt.Errorf("%w: empty byte count %q", ErrInvalidConfig, s)
	}
	mult := float64(1)
	switch t[len(t)-1] {
	case 'k', 'K':
		mult = 1 << 10
	case 'm', 'M':
		mult = 1 << 20
	case 'g', 'G':
		mult = 1 << 30
	case 't', 'T':
		mult = 1 << 40
	}
	if mult != 1 {
		t = t[:len(t)-1]
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(t, "xXpP_eE") {
		return 0, fmt.Errorf("%w: byte count %q: want a number with an optional K, M, G or T suffix", ErrInvalidConfig, truncateForError(s))
	}
	v := f * mult
	if v < 0 || v >= math.MaxInt64/2 {
		return 0, fmt.Errorf("%w: byte count %q is out of range", ErrInvalidConfig, truncateForError(s))
	}
	return int64(v), nil
}

// cleanHostPath makes p absolute and resolves symlinks, so the mount source
// and the Landlock rule name the same real directory.
func cleanHostPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("%w: path %q: %w", ErrInvalidConfig, p, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("%w: path %q: %w", ErrInvalidConfig, p, err)
	}
	return real, nil
}
