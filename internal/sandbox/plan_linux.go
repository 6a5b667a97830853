package sandbox

import (
	"github.com/paddock-dev/paddock/internal/sandbox/stage"
	"os/exec"

	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// plan is everything the parent prepares for one run.
type plan struct {
	cfg         Config
	spec        stage.Spec
	dir         string   // the workspace: the command's working directory
	writable    []string // the workspace and read-write grants, measured for Config.Disk
	env         []string // the command's whole environment
	uidMap      []syscall.SysProcIDMap
	gidMap      []syscall.SysProcIDMap
	rootParent  bool
	ambientCaps []uintptr // unprivileged: every capability, which the stage drops before the command
	cgroup      *runCgroup
	ownerMap    *ownerMap // set when the trees need a mapping of their own (root-owned workspace)
	trees       []treeRef
	treeFiles   []*os.File
	policy      *egress.Policy
	cpuExceeded atomic.Bool
	// gitAbsent are host paths the command must not leave behind
	// (AllowGitWrite: a commondir or config git would follow).
	gitAbsent []string
}

// treeRef is a detached writable host tree to idmap.
type treeRef struct {
	src  string
	file *os.File
}

// systemDirs are mounted read-only (or recreated as the same symlinks).
// Nothing else of the host's root is visible: no /root, /home, /run, /var,
// /sys, /srv, /opt, /mnt or /media.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"}

// maskedPaths are world-readable places where hosts commonly keep
// credentials or identifiers: hidden behind an empty file or directory even
// though the rest of /etc is readable (an unprivileged uid cannot read the
// 0600/0640 ones like /etc/shadow anyway).
var maskedPaths = []string{
	"/etc/environment",                                     // system-wide environment: API keys end up here
	"/etc/profile.d",                                       // login scripts that export the same
	"/etc/gitconfig",                                       // http.extraHeader tokens, credential helpers
	"/etc/pip.conf",                                        // index URLs with credentials
	"/etc/npmrc", "/usr/local/etc/npmrc", "/usr/etc/npmrc", // _authToken
	"/etc/wgetrc", "/etc/boto.cfg", "/etc/containers/auth.json",
	"/etc/paddock",    // paddock's own configuration
	"/etc/machine-id", // a stable host identifier
}

// deviceNodes are the only devices inside (bound from the host's /dev).
var deviceNodes = []string{"null", "zero", "full", "random", "urandom", "tty"}

// protectedPaths inside the workspace are mounted read-only: the host runs
// or loads them later (shell start-up files, direnv, editor and agent
// settings, CI workflows), so a write there is code execution outside the
// sandbox (THREATS.md CVE-10). The list is workspace.ProtectedPaths, the one
// list host-side writes refuse too; git's metadata is handled apart
// (git_linux.go). Only entries at the workspace's top that exist can be
// mount points.
var protectedPaths = sync.OnceValue(func() []string {
	var out []string
	for _, p := range workspace.ProtectedPaths {
		p = strings.TrimSuffix(p, "/")
		if p == ".git" {
			continue
		}
		out = append(out, p)
	}
	return out
})

// forbiddenRoots may not be the workspace or a read-write grant: they would
// open the host system, other users' files or kernel interfaces.
var forbiddenRoots = []string{"/", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc",
	"/boot", "/var", "/run", "/tmp", "/home", "/root", "/opt", "/srv", "/mnt", "/media"}

// pseudoFS may not hold any grant at all.
var pseudoFS = []string{"/proc", "/dev", "/sys"}

const sandboxPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

var (
	systemOnce   sync.Once
	systemMounts []stage.Mount
)

// hostSystemMounts lists the host's system directories once per process.
func hostSystemMounts() []stage.Mount {
	systemOnce.Do(func() {
		for _, d := range systemDirs {
			st, err := os.Lstat(d)
			if err != nil {
				continue
			}
			if st.Mode()&os.ModeSymlink != 0 {
				if target, err := os.Readlink(d); err == nil {
					systemMounts = append(systemMounts, stage.Mount{Kind: stage.KindSymlink, Src: target, Dst: d})
				}
				continue
			}
			if st.IsDir() {
				systemMounts = append(systemMounts, stage.Mount{Kind: stage.KindBind, Src: d, Dst: d, Exec: true})
			}
		}
		for _, p := range maskedPaths {
			st, err := os.Lstat(p)
			switch {
			case err != nil || st.Mode()&os.ModeSymlink != 0:
				// Absent (or a symlink, whose target is masked if listed).
			case st.IsDir():
				systemMounts = append(systemMounts, stage.Mount{Kind: stage.KindTmpfs, Dst: p,
					Flags: unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC, Data: "mode=0755,size=4k"})
			default:
				systemMounts = append(systemMounts, stage.Mount{Kind: stage.KindFile, Src: "/dev/null", Dst: p})
			}
		}
	})
	return systemMounts
}

func newPlan(cfg Config) (_ *plan, err error) {
	p := &plan{cfg: cfg, rootParent: os.Geteuid() == 0}
	defer func() {
		if err != nil {
			p.close()
		}
	}()
	ws := cfg.Workspace
	if ws == "" {
		if ws, err = os.Getwd(); err != nil {
			return nil, fmt.Errorf("%w: current directory: %w", ErrInvalidConfig, err)
		}
	}
	if ws, err = checkGrant(ws, true, "workspace"); err != nil {
		return nil, err
	}
	var ro, rw []string
	for _, g := range cfg.ReadOnly {
		c, err := checkGrant(g, false, "--ro")
		if err != nil {
			return nil, err
		}
		ro = append(ro, c)
	}
	for _, g := range cfg.ReadWrite {
		c, err := checkGrant(g, true, "--rw")
		if err != nil {
			return nil, err
		}
		rw = append(rw, c)
	}

	if err := p.identity(ws); err != nil {
		return nil, err
	}
	p.dir = ws
	p.writable = append([]string{ws}, rw...)
	p.env = buildEnv(cfg)
	p.spec.Rlimits = buildRlimits(cfg)
	p.spec.Seccomp = !(cfg.WithoutSeccomp && !seccompAvailable())
	p.spec.Landlock = !(cfg.WithoutLandlock && stage.LandlockABI() < 1)

	// Mounts: system, /proc, /dev, /tmp, then the grants by depth (so a
	// workspace under /tmp lands on the private /tmp, not under it).
	// System directories read-only (programs, libraries, /etc without
	// secrets readable by an unprivileged uid), a fresh /proc of the new PID
	// namespace, the minimal /dev, and a private /tmp.
	mounts := slices.Clone(hostSystemMounts())
	mounts = append(mounts, stage.Mount{Kind: stage.KindProc, Dst: "/proc"})
	mounts = append(mounts, devMounts(cfg.Memory)...)
	mounts = append(mounts, stage.Mount{Kind: stage.KindTmpfs, Dst: "/tmp", Flags: unix.MS_NOSUID | unix.MS_NODEV,
		Data: "mode=1777,size=" + strconv.FormatInt(tmpSize(cfg.Memory), 10)}) // tmpfs pages count against Memory too
	type grant struct {
		path  string
		write bool
	}
	var grants []grant
	for _, g := range ro {
		grants = append(grants, grant{g, false})
	}
	for _, g := range rw {
		grants = append(grants, grant{g, true})
	}
	grants = append(grants, grant{ws, true})
	slices.SortStableFunc(grants, func(a, b grant) int {
		return strings.Count(a.path, "/") - strings.Count(b.path, "/")
	})
	for _, g := range grants {
		if !p.rootParent {
			// Unprivileged: the stage binds the path itself, as the caller.
			mounts = append(mounts, stage.Mount{Kind: stage.KindBind, Src: g.path, Dst: g.path, Write: g.write, Exec: true})
			continue
		}
		// The parent clones each grant's tree: it can traverse paths the
		// sandbox's unprivileged uid cannot, and the clone pins what was
		// checked. Read-only trees are flagged now; writable ones are
		// idmapped once the stage's user namespace exists.
		fd, err := unix.OpenTree(unix.AT_FDCWD, g.path, unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC|unix.AT_RECURSIVE)
		if err != nil {
			return nil, fmt.Errorf("%w: cloning the mount of %s: %w", ErrSetup, g.path, err)
		}
		f := os.NewFile(uintptr(fd), "tree:"+g.path)
		p.treeFiles = append(p.treeFiles, f)
		if g.write {
			p.trees = append(p.trees, treeRef{src: g.path, file: f})
		} else {
			attr := unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV}
			if err := unix.MountSetattr(fd, "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &attr); err != nil {
				return nil, fmt.Errorf("%w: making %s read-only: %w", ErrSetup, g.path, err)
			}
		}
		mounts = append(mounts, stage.Mount{Kind: stage.KindTree, Dst: g.path, FD: stage.FirstTree + len(p.treeFiles) - 1, Write: g.write})
	}
	p.spec.Mounts = mounts
	git, err := gitProtections(append([]string{ws}, rw...), cfg.AllowGitWrite)
	if err != nil {
		return nil, err
	}
	protect, pins, err := workspaceProtections(ws)
	if err != nil {
		return nil, err
	}
	p.spec.Pin, p.spec.Seal, p.spec.Protect, p.gitAbsent = byDepth(append(git.pin, pins...)), git.seal, protect, git.absent
	p.spec.LandlockRules = landlockRules(ro, append(rw, ws))

	if cfg.Egress != nil {
		p.policy = cfg.Egress
	} else if len(cfg.AllowNet) > 0 {
		pol, err := egress.ParsePolicy(cfg.AllowNet)
		if err != nil {
			return nil, fmt.Errorf("%w: --allow-net: %w", ErrInvalidConfig, err)
		}
		grants, err := egress.ParseGrants(cfg.AllowPrivate)
		if err != nil {
			return nil, fmt.Errorf("%w: --allow-private: %w", ErrInvalidConfig, err)
		}
		pol = pol.AllowPrivate(grants...)
		p.policy = &pol
	} else if len(cfg.AllowPrivate) > 0 {
		return nil, fmt.Errorf("%w: --allow-private opens addresses to the hosts of --allow-net, and none is given", ErrInvalidConfig)
	}
	if p.policy != nil {
		p.spec.ProxyPort = stage.ProxyPort
		proxy := "http://127.0.0.1:" + strconv.Itoa(stage.ProxyPort)
		p.env = setEnv(p.env, "HTTP_PROXY", proxy, "HTTPS_PROXY", proxy, "http_proxy", proxy, "https_proxy", proxy, "ALL_PROXY", proxy)
	}

	if l := hostCgroups(); l.version != 0 {
		if p.cgroup, err = newRunCgroup(l, cfg.Memory, cfg.Pids, cfg.CPU > 0); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrSetup, err)
		}
	} else if !cfg.WithoutCgroupLimits {
		return nil, fmt.Errorf("%w: cgroup limits: %s (--insecure-without-cgroup-limits runs with per-process rlimits only)", ErrUnavailable, l.reason)
	}
	return p, nil
}

// identity chooses the uid/gid maps and the command's ids. As root: uid 0
// inside (the stage) maps to HostUID; the command runs as CommandUID inside
// (the workspace owner's ids, or UnprivilegedUID when root owns the
// workspace), mapped to HostUID+1. The idmapped workspace shows the owner's
// files as the command's own. The command is never uid 0, so programs that
// act differently for root (pip, npm, browsers) behave as for a user.
func (p *plan) identity(ws string) error {
	if !p.rootParent {
		// Unprivileged, only the caller's own ids can be mapped: they are
		// the command's inside too (as bwrap and Codex do), never uid 0.
		// The stage keeps its namespace capabilities across the exec into
		// itself as ambient ones (sysProcAttr) and drops them all before
		// the command.
		uid, gid := os.Geteuid(), os.Getegid()
		p.uidMap = []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}}
		p.gidMap = []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}}
		p.spec.UID, p.spec.GID = uint32(uid), uint32(gid)
		last, err := stage.LastCap()
		if err != nil {
			return fmt.Errorf("%w: %w", ErrSetup, err)
		}
		for c := 0; c <= last; c++ {
			p.ambientCaps = append(p.ambientCaps, uintptr(c))
		}
		return nil
	}
	var st unix.Stat_t
	if err := unix.Stat(ws, &st); err != nil {
		return fmt.Errorf("%w: workspace %s: %w", ErrInvalidConfig, ws, err)
	}
	uid, gid := st.Uid, st.Gid
	if uid == 0 {
		uid = UnprivilegedUID
	}
	if gid == 0 {
		gid = UnprivilegedUID
	}
	host := int(p.cfg.HostUID)
	p.uidMap = []syscall.SysProcIDMap{{ContainerID: 0, HostID: host, Size: 1}, {ContainerID: int(uid), HostID: host + 1, Size: 1}}
	p.gidMap = []syscall.SysProcIDMap{{ContainerID: 0, HostID: host, Size: 1}, {ContainerID: int(gid), HostID: host + 1, Size: 1}}
	p.spec.UID, p.spec.GID = uid, gid
	if st.Uid != uid || st.Gid != gid {
		// Root owns the workspace: its trees are idmapped through a user
		// namespace of their own that maps the owner to the command.
		p.ownerMap = &ownerMap{uid: st.Uid, gid: st.Gid, host: host + 1}
	}
	return nil
}

// ownerMap maps a workspace owner other than the command's inside ids to
// the command's host id, for the idmapped mounts.
type ownerMap struct {
	uid, gid uint32
	host     int
}

// ownerUserns caches, per mapping, the descriptor of its user namespace:
// an open descriptor keeps the namespace alive after its helper ended, so
// each mapping costs one helper per process.
var ownerUserns sync.Map // ownerMap → func() (int, error)

// cachedUserns returns the user namespace of m's mapping, made on first use.
func (m *ownerMap) cachedUserns() (int, error) {
	f, _ := ownerUserns.LoadOrStore(*m, sync.OnceValues(m.userns))
	fd, err := f.(func() (int, error))()
	if err != nil {
		ownerUserns.CompareAndDelete(*m, f) // a failure is not kept: the next run tries again
	}
	return fd, err
}

// userns returns a user namespace with only the mapping of m, held by a
// short-lived helper process (a re-exec that waits on its stdin).
func (m *ownerMap) userns() (int, error) {
	cmd := &exec.Cmd{
		Path: "/proc/self/exe",
		Args: []string{stage.UsernsArg0},
		Env:  []string{"GOMAXPROCS=1", "GOGC=off"},
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags:  syscall.CLONE_NEWUSER,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: int(m.uid), HostID: m.host, Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: int(m.gid), HostID: m.host, Size: 1}},
			Pdeathsig:   syscall.SIGKILL,
		},
	}
	hold, err := cmd.StdinPipe()
	if err != nil {
		return -1, err
	}
	if err := cmd.Start(); err != nil {
		return -1, err
	}
	defer func() {
		hold.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	return unix.Open(fmt.Sprintf("/proc/%d/ns/user", cmd.Process.Pid), unix.O_RDONLY|unix.O_CLOEXEC, 0)
}

// checkGrant resolves a host path and refuses grants that would expose the
// host: the root, system directories, home roots, /tmp, pseudo filesystems.
func checkGrant(path string, write bool, what string) (string, error) {
	c, err := cleanHostPath(path)
	if err != nil {
		return "", err
	}
	for _, ps := range pseudoFS {
		if c == ps || strings.HasPrefix(c, ps+"/") {
			return "", fmt.Errorf("%w: %s %s is inside %s", ErrInvalidConfig, what, c, ps)
		}
	}
	if c == "/" {
		return "", fmt.Errorf("%w: %s may not be / (that is the whole host)", ErrInvalidConfig, what)
	}
	if write {
		if slices.Contains(forbiddenRoots, c) {
			return "", fmt.Errorf("%w: %s %s would make a host system directory writable; choose a project directory", ErrInvalidConfig, what, c)
		}
		if home, err := os.UserHomeDir(); err == nil && filepath.Clean(home) == c {
			return "", fmt.Errorf("%w: %s %s is your home directory (with ~/.ssh and credentials); choose a project directory", ErrInvalidConfig, what, c)
		}
		st, err := os.Stat(c)
		if err != nil {
			return "", fmt.Errorf("%w: %s %s: %w", ErrInvalidConfig, what, c, err)
		}
		if !st.IsDir() {
			return "", fmt.Errorf("%w: %s %s is not a directory", ErrInvalidConfig, what, c)
		}
	}
	return c, nil
}

// workspaceProtections lists the protectedPaths that exist in workspace ws,
// and the folders on the way to nested ones (.config/fish, .github/workflows)
// to pin, so a parent cannot be renamed to make room for a writable copy.
func workspaceProtections(ws string) (protect, pin []string, err error) {
	for _, rel := range protectedPaths() {
		p := filepath.Join(ws, rel)
		st, err := os.Lstat(p)
		if err != nil {
			continue
		}
		if st.Mode()&os.ModeSymlink != 0 {
			// A symlink cannot be a mount point; refuse rather than leave a
			// host-executed path writable through it.
			return nil, nil, fmt.Errorf("%w: %s is a symlink; protected workspace paths must be real files or directories", ErrInvalidConfig, p)
		}
		for d := filepath.Dir(p); d != ws && strings.HasPrefix(d, ws+"/"); d = filepath.Dir(d) {
			if st, err := os.Lstat(d); err != nil || !st.IsDir() {
				return nil, nil, fmt.Errorf("%w: %s changed while the sandbox was planned", ErrInvalidConfig, d)
			}
			pin = append(pin, d)
		}
		protect = append(protect, p)
	}
	return protect, pin, nil
}

// devMounts builds the minimal /dev.
func devMounts(memory int64) []stage.Mount {
	// A private tmpfs: nothing of the host's /dev (disks, /dev/mem, kmsg,
	// fuse, tun) exists; nodev, so a node created here would be unusable.
	m := []stage.Mount{{Kind: stage.KindTmpfs, Dst: "/dev", Flags: unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC, Data: "mode=0755,size=64k"}}
	// null, zero, full, random, urandom: harmless data sources and sinks
	// every program expects; tty: opening it fails (no controlling terminal).
	for _, n := range deviceNodes {
		m = append(m, stage.Mount{Kind: stage.KindFile, Src: "/dev/" + n, Dst: "/dev/" + n, Write: true})
	}
	m = append(m,
		// The usual aliases into the process's own descriptors.
		stage.Mount{Kind: stage.KindSymlink, Src: "/proc/self/fd", Dst: "/dev/fd"},
		stage.Mount{Kind: stage.KindSymlink, Src: "/proc/self/fd/0", Dst: "/dev/stdin"},
		stage.Mount{Kind: stage.KindSymlink, Src: "/proc/self/fd/1", Dst: "/dev/stdout"},
		stage.Mount{Kind: stage.KindSymlink, Src: "/proc/self/fd/2", Dst: "/dev/stderr"},
		stage.Mount{Kind: stage.KindSymlink, Src: "pts/ptmx", Dst: "/dev/ptmx"},
		// POSIX shared memory (Python multiprocessing), bounded: tmpfs pages
		// also count against the memory cgroup.
		stage.Mount{Kind: stage.KindTmpfs, Dst: "/dev/shm", Flags: unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC,
			Data: "mode=1777,size=" + strconv.FormatInt(shmSize(memory), 10)},
		// A private pty instance for programs that need a terminal; the
		// host's terminals are not in it.
		stage.Mount{Kind: stage.KindDevpts, Dst: "/dev/pts"},
	)
	return m
}

// landlockRules repeats the mount grants as Landlock rules.
func landlockRules(ro, rw []string) []stage.LandlockRule {
	rules := []stage.LandlockRule{
		{Path: "/", Access: unix.LANDLOCK_ACCESS_FS_READ_DIR}, // ls / shows the mount points
		{Path: "/proc", Access: stage.FSRead},                 // read-only: no writes to /proc/self/* or /proc/sys
		{Path: "/dev", Access: stage.FSRead},
		{Path: "/dev/tty", Access: stage.FSTerminal},
		{Path: "/dev/pts", Access: stage.FSTerminal},
		{Path: "/dev/shm", Access: stage.FSPrivate},
		{Path: "/tmp", Access: stage.FSPrivate},
	}
	for _, d := range systemDirs {
		rules = append(rules, stage.LandlockRule{Path: d, Access: stage.FSReadExec})
	}
	for _, n := range deviceNodes {
		if n != "tty" {
			rules = append(rules, stage.LandlockRule{Path: "/dev/" + n, Access: stage.FSDevice})
		}
	}
	for _, g := range ro {
		rules = append(rules, stage.LandlockRule{Path: g, Access: stage.FSReadExec})
	}
	for _, g := range rw {
		rules = append(rules, stage.LandlockRule{Path: g, Access: stage.FSWritable})
	}
	return rules
}

// buildEnv is the scrubbed environment: an allowlist with fixed values,
// LANG and TERM taken from the parent, then Config.Env.
func buildEnv(cfg Config) []string {
	lang := "C.UTF-8"
	if v := os.Getenv("LANG"); v != "" && isPlainEnvValue(v) {
		lang = v
	}
	env := []string{"PATH=" + sandboxPath, "HOME=/tmp", "LANG=" + lang, "TMPDIR=/tmp"}
	if v := os.Getenv("TERM"); v != "" && isPlainEnvValue(v) {
		env = append(env, "TERM="+v)
	}
	for _, kv := range cfg.Env {
		k, v, _ := strings.Cut(kv, "=")
		env = setEnv(env, k, v)
	}
	return env
}

func isPlainEnvValue(v string) bool {
	if len(v) > 64 {
		return false
	}
	for _, r := range v {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
}

// setEnv sets key/value pairs in env, replacing earlier values.
func setEnv(env []string, kv ...string) []string {
	for i := 0; i+1 < len(kv); i += 2 {
		prefix := kv[i] + "="
		env = slices.DeleteFunc(env, func(e string) bool { return strings.HasPrefix(e, prefix) })
		env = append(env, prefix+kv[i+1])
	}
	return env
}

// buildRlimits: per-process limits that hold even without cgroups.
func buildRlimits(cfg Config) []stage.Rlimit {
	r := []stage.Rlimit{
		{Resource: unix.RLIMIT_NPROC, Cur: uint64(cfg.Pids), Max: uint64(cfg.Pids)},    // fork bombs (per uid in the sandbox's namespace)
		{Resource: unix.RLIMIT_CORE, Cur: 0, Max: 0},                                   // no core dumps: they could hold secrets and fill the disk
		{Resource: unix.RLIMIT_DATA, Cur: uint64(cfg.Memory), Max: uint64(cfg.Memory)}, // heap of one process
		{Resource: unix.RLIMIT_FSIZE, Cur: uint64(cfg.Disk), Max: uint64(cfg.Disk)},    // no file past the disk limit (SIGXFSZ)
	}
	if cfg.CPU > 0 {
		secs := uint64((cfg.CPU + 999_999_999) / 1_000_000_000)
		r = append(r, stage.Rlimit{Resource: unix.RLIMIT_CPU, Cur: secs, Max: secs + 1}) // SIGXCPU, then SIGKILL
	}
	return r
}

// close releases the parent's tree descriptors and removes the cgroup.
func (p *plan) close() {
	for _, f := range p.treeFiles {
		f.Close()
	}
	p.treeFiles = nil
	if p.cgroup != nil {
		p.cgroup.remove()
		p.cgroup = nil
	}
}
