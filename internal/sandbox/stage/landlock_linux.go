package stage

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Landlock rights granted per kind of path. Every right the running kernel
// knows is handled (denied unless granted below).
const (
	// FSRead: read files and list directories.
	FSRead = unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_READ_DIR
	// FSReadExec: system directories also hold the programs to run.
	FSReadExec = FSRead | unix.LANDLOCK_ACCESS_FS_EXECUTE
	// FSDevice: the minimal /dev nodes are read and written (null, zero, ...).
	FSDevice = unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE
	// FSTerminal: ptys also need terminal ioctls (isatty, termios, window size).
	FSTerminal = FSDevice | unix.LANDLOCK_ACCESS_FS_READ_DIR | unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
	// FSWritable: the workspace and rw grants: everything except creating
	// FIFOs and device nodes (MAKE_FIFO, MAKE_CHAR, MAKE_BLOCK stay handled,
	// so denied: a FIFO left in the workspace hangs the host process that
	// opens it later, and device nodes are never needed) and connecting to
	// Unix sockets found there (a host service may have put one in the
	// project directory; ABI 9+).
	FSWritable = FSReadExec | unix.LANDLOCK_ACCESS_FS_WRITE_FILE |
		unix.LANDLOCK_ACCESS_FS_REMOVE_DIR | unix.LANDLOCK_ACCESS_FS_REMOVE_FILE |
		unix.LANDLOCK_ACCESS_FS_MAKE_DIR | unix.LANDLOCK_ACCESS_FS_MAKE_REG |
		unix.LANDLOCK_ACCESS_FS_MAKE_SOCK | unix.LANDLOCK_ACCESS_FS_MAKE_SYM |
		unix.LANDLOCK_ACCESS_FS_REFER | unix.LANDLOCK_ACCESS_FS_TRUNCATE
	// FSPrivate: the sandbox's own /tmp and /dev/shm, where sockets can only
	// be the sandbox's own. No FIFOs here either: bash's <(...) uses /dev/fd
	// on Linux and make 4.4's fifo jobserver warns and falls back to a pipe,
	// so nothing common breaks, and the seccomp filter cannot tell /tmp apart.
	FSPrivate = FSWritable | unix.LANDLOCK_ACCESS_FS_RESOLVE_UNIX
)

// landlockFSByABI is the set of filesystem rights each ABI version handles.
var landlockFSByABI = []uint64{
	0,
	1<<13 - 1, // 1: execute .. make_sym
	1<<14 - 1, // 2: + refer
	1<<15 - 1, // 3: + truncate
	1<<15 - 1, // 4: (network)
	1<<16 - 1, // 5: + ioctl_dev
	1<<16 - 1, // 6: (scopes)
	1<<16 - 1, // 7: (logging)
	1<<16 - 1, // 8: (tsync)
	1<<17 - 1, // 9: + resolve_unix
}

// LandlockABI returns the kernel's Landlock ABI version, 0 if absent.
func LandlockABI() int {
	v, _, e := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if e != 0 {
		return 0
	}
	return int(v)
}

// landlockRuleNetPort is LANDLOCK_RULE_NET_PORT (not in x/sys yet).
const landlockRuleNetPort = 2

type llRulesetAttr struct {
	handledFS  uint64
	handledNet uint64
	scoped     uint64
}

type llPathBeneath struct {
	allowed  uint64
	parentFD int32
}

type llNetPort struct {
	allowed uint64
	port    uint64
}

// applyLandlock restricts the calling thread (and the command it execs) to
// the spec's grants, TCP to the proxy port only, and scoped IPC.
func applyLandlock(spec *Spec) error {
	if !spec.Landlock {
		return nil
	}
	abi := LandlockABI()
	if abi < 1 {
		return errors.New("this kernel has no Landlock (not enabled or too old)")
	}
	idx := min(abi, len(landlockFSByABI)-1)
	attr := llRulesetAttr{handledFS: landlockFSByABI[idx]}
	size := unsafe.Sizeof(uint64(0)) // ABI 1-3 know only handled_access_fs
	if abi >= 4 {
		// TCP bind and connect: denied except connecting to the proxy.
		attr.handledNet = unix.LANDLOCK_ACCESS_NET_BIND_TCP | unix.LANDLOCK_ACCESS_NET_CONNECT_TCP
		size = 2 * unsafe.Sizeof(uint64(0))
	}
	if abi >= 6 {
		// No abstract unix socket or signal reaches a process outside the sandbox's domain.
		attr.scoped = unix.LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | unix.LANDLOCK_SCOPE_SIGNAL
		size = unsafe.Sizeof(attr)
	}
	rfd, _, e := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, uintptr(unsafe.Pointer(&attr)), size, 0)
	if e != 0 {
		return fmt.Errorf("landlock_create_ruleset: %w", e)
	}
	defer unix.Close(int(rfd))
	for _, r := range spec.LandlockRules {
		if err := addPathRule(int(rfd), r.Path, r.Access&attr.handledFS); err != nil {
			return err
		}
	}
	if spec.ProxyPort > 0 && attr.handledNet != 0 {
		np := llNetPort{allowed: unix.LANDLOCK_ACCESS_NET_CONNECT_TCP, port: uint64(spec.ProxyPort)}
		if _, _, e := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, rfd, landlockRuleNetPort, uintptr(unsafe.Pointer(&np)), 0, 0, 0); e != 0 {
			return fmt.Errorf("landlock rule for proxy port %d: %w", spec.ProxyPort, e)
		}
	}
	if _, _, e := unix.Syscall(unix.SYS_LANDLOCK_RESTRICT_SELF, rfd, 0, 0); e != 0 {
		return fmt.Errorf("landlock_restrict_self: %w", e)
	}
	return nil
}

func addPathRule(rfd int, path string, access uint64) error {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil // an optional system path absent on this host
		}
		return fmt.Errorf("landlock rule for %s: %w", path, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("landlock rule for %s: %w", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		// Directory-only rights are invalid on files.
		access &= unix.LANDLOCK_ACCESS_FS_EXECUTE | unix.LANDLOCK_ACCESS_FS_WRITE_FILE |
			unix.LANDLOCK_ACCESS_FS_READ_FILE | unix.LANDLOCK_ACCESS_FS_TRUNCATE | unix.LANDLOCK_ACCESS_FS_IOCTL_DEV
	}
	if access == 0 {
		return nil
	}
	pb := llPathBeneath{allowed: access, parentFD: int32(fd)}
	if _, _, e := unix.Syscall6(unix.SYS_LANDLOCK_ADD_RULE, uintptr(rfd), unix.LANDLOCK_RULE_PATH_BENEATH, uintptr(unsafe.Pointer(&pb)), 0, 0, 0); e != 0 {
		return fmt.Errorf("landlock rule for %s: %w", path, e)
	}
	return nil
}
