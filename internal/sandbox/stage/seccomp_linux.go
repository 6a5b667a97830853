package stage

import (
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The seccomp filter is a deny list: everything a normal program needs stays
// allowed, and the kernel interfaces that a contained command never needs
// (and that have a history of escapes) fail with EPERM. Arguments are compared
// on their low 32 bits only, which is what the kernel reads for int and
// unsigned int parameters (so a command cannot smuggle TIOCSTI as
// 0x1_0000_5412).

// deniedSyscall is one syscall the filter refuses, with the reason.
type deniedSyscall struct {
	nr     uintptr
	name   string
	reason string
}

// commonDenied lists the syscalls denied on every architecture.
var commonDenied = []deniedSyscall{
	{unix.SYS_PTRACE, "ptrace", "reads and rewrites other processes"},
	{unix.SYS_PROCESS_VM_READV, "process_vm_readv", "reads another process's memory"},
	{unix.SYS_PROCESS_VM_WRITEV, "process_vm_writev", "writes another process's memory"},
	{unix.SYS_PIDFD_GETFD, "pidfd_getfd", "steals another process's file descriptors (ptrace-like)"},
	{unix.SYS_PROCESS_MADVISE, "process_madvise", "acts on another process's memory"},
	{unix.SYS_MOUNT, "mount", "changes the filesystem view"},
	{unix.SYS_UMOUNT2, "umount2", "could uncover what a mount hides"},
	{unix.SYS_PIVOT_ROOT, "pivot_root", "changes the root"},
	{unix.SYS_CHROOT, "chroot", "changes the root"},
	{unix.SYS_OPEN_TREE, "open_tree", "new mount API: clones mounts"},
	{unix.SYS_MOVE_MOUNT, "move_mount", "new mount API: attaches mounts"},
	{unix.SYS_FSOPEN, "fsopen", "new mount API: creates filesystems"},
	{unix.SYS_FSCONFIG, "fsconfig", "new mount API"},
	{unix.SYS_FSMOUNT, "fsmount", "new mount API"},
	{unix.SYS_FSPICK, "fspick", "new mount API: reconfigures filesystems"},
	{unix.SYS_MOUNT_SETATTR, "mount_setattr", "could make read-only mounts writable"},
	{unix.SYS_UNSHARE, "unshare", "new namespaces: the source of many kernel escapes"},
	{unix.SYS_SETNS, "setns", "joins other namespaces"},
	{unix.SYS_KEYCTL, "keyctl", "kernel keyrings are not namespaced"},
	{unix.SYS_ADD_KEY, "add_key", "kernel keyrings are not namespaced"},
	{unix.SYS_REQUEST_KEY, "request_key", "kernel keyrings are not namespaced"},
	{unix.SYS_BPF, "bpf", "eBPF: large kernel attack surface"},
	{unix.SYS_PERF_EVENT_OPEN, "perf_event_open", "kernel profiling: attack surface and side channels"},
	{unix.SYS_KEXEC_LOAD, "kexec_load", "replaces the kernel"},
	{unix.SYS_KEXEC_FILE_LOAD, "kexec_file_load", "replaces the kernel"},
	{unix.SYS_INIT_MODULE, "init_module", "loads kernel code"},
	{unix.SYS_FINIT_MODULE, "finit_module", "loads kernel code"},
	{unix.SYS_DELETE_MODULE, "delete_module", "unloads kernel code"},
	{unix.SYS_REBOOT, "reboot", "host power state"},
	{unix.SYS_SWAPON, "swapon", "host memory configuration"},
	{unix.SYS_SWAPOFF, "swapoff", "host memory configuration"},
	{unix.SYS_IO_URING_SETUP, "io_uring_setup", "io_uring bypasses syscall filtering and has had many escapes"},
	{unix.SYS_IO_URING_ENTER, "io_uring_enter", "io_uring"},
	{unix.SYS_IO_URING_REGISTER, "io_uring_register", "io_uring"},
	{unix.SYS_USERFAULTFD, "userfaultfd", "stalls the kernel mid-copy: a common exploit primitive"},
	{unix.SYS_ACCT, "acct", "process accounting to a file"},
	{unix.SYS_QUOTACTL, "quotactl", "filesystem quotas"},
	{unix.SYS_SYSLOG, "syslog", "kernel log may hold addresses and host data"},
	{unix.SYS_NAME_TO_HANDLE_AT, "name_to_handle_at", "file handles bypass path checks"},
	{unix.SYS_OPEN_BY_HANDLE_AT, "open_by_handle_at", "file handles bypass path checks (the shocker escape)"},
	{unix.SYS_FANOTIFY_INIT, "fanotify_init", "watches the whole filesystem"},
	{unix.SYS_SETTIMEOFDAY, "settimeofday", "host clock"},
	{unix.SYS_CLOCK_SETTIME, "clock_settime", "host clock"},
	{unix.SYS_CLOCK_ADJTIME, "clock_adjtime", "host clock"},
	{unix.SYS_VHANGUP, "vhangup", "hangs up the terminal"},
}

// nodeSyscall creates a filesystem node of the type in its mode argument;
// the filter refuses it for FIFOs and device nodes only.
type nodeSyscall struct {
	nr      uintptr
	name    string
	modeOff uint32 // offset of the low 32 bits of the mode argument
	reason  string
}

// commonNodeSyscalls are filtered by file type on every architecture.
var commonNodeSyscalls = []nodeSyscall{
	{unix.SYS_MKNODAT, "mknodat", offArg2, "FIFOs and device nodes: a FIFO left in the workspace hangs the host process that opens it (regular files and sockets stay allowed: Python's os.mknod makes empty files)"},
}

// File types refused in a node syscall's mode (umode_t: the kernel reads
// 16 bits, the filter 32, and compares only the S_IFMT bits).
var deniedNodeTypes = []uint32{unix.S_IFIFO, unix.S_IFCHR, unix.S_IFBLK}

// Arguments checked by the filter.
const (
	ioctlTIOCSTI   = 0x5412 // pushes bytes into a terminal's input: keystroke injection
	ioctlTIOCLINUX = 0x541C // console subcommands, including selection paste (injection)
	ioctlTIOCSETD  = 0x5423 // line discipline change: the n_gsm/n_hdlc kernel exploit path
	ioctlTIOCCONS  = 0x541D // redirects console output

	// Namespace creation flags of clone(2): the same surface as unshare.
	cloneNamespaceFlags = unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC |
		unix.CLONE_NEWUSER | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWCGROUP | unix.CLONE_NEWTIME

	sockTypeMask = 0xf // socket type without SOCK_NONBLOCK/SOCK_CLOEXEC
	sockPacket   = 10  // SOCK_PACKET: obsolete link-level access
)

// BPF opcodes (linux/bpf_common.h) and seccomp return values.
const (
	bpfLD   = 0x00
	bpfW    = 0x00
	bpfABS  = 0x20
	bpfJMP  = 0x05
	bpfJEQ  = 0x10
	bpfJGE  = 0x30
	bpfJSET = 0x40
	bpfK    = 0x00
	bpfRET  = 0x06
	bpfALU  = 0x04
	bpfAND  = 0x50

	retAllow       = 0x7fff0000
	retKillProcess = 0x80000000
	retErrno       = 0x00050000

	offNr   = 0
	offArch = 4
	offArg0 = 16 // low 32 bits of args[0] (little endian)
	offArg1 = 24 // low 32 bits of args[1]
	offArg2 = 32 // low 32 bits of args[2]
)

type sockFilter struct {
	code uint16
	jt   uint8
	jf   uint8
	k    uint32
}

type sockFprog struct {
	len    uint16
	filter *sockFilter
}

// bpfProgram is a tiny assembler with forward labels for the filter.
type bpfProgram struct {
	ins    []sockFilter
	fixups []fixup
	labels map[string]int
}

type fixup struct {
	at     int
	jt, jf string
}

func (p *bpfProgram) stmt(code uint16, k uint32) { p.ins = append(p.ins, sockFilter{code: code, k: k}) }

// jump compares A with k; jt/jf are labels ("" = next instruction).
func (p *bpfProgram) jump(code uint16, k uint32, jt, jf string) {
	p.fixups = append(p.fixups, fixup{at: len(p.ins), jt: jt, jf: jf})
	p.ins = append(p.ins, sockFilter{code: bpfJMP | code | bpfK, k: k})
}

func (p *bpfProgram) label(name string) {
	if p.labels == nil {
		p.labels = map[string]int{}
	}
	p.labels[name] = len(p.ins)
}

func (p *bpfProgram) resolve() ([]sockFilter, error) {
	for _, f := range p.fixups {
		for _, side := range []struct {
			name string
			dst  *uint8
		}{{f.jt, &p.ins[f.at].jt}, {f.jf, &p.ins[f.at].jf}} {
			if side.name == "" {
				continue
			}
			target, ok := p.labels[side.name]
			off := target - f.at - 1
			if !ok || off < 0 || off > 255 {
				return nil, fmt.Errorf("seccomp: bad jump to %q", side.name)
			}
			*side.dst = uint8(off)
		}
	}
	return p.ins, nil
}

func errnoRet(e unix.Errno) uint32 { return retErrno | uint32(e)&0xffff }

// buildSeccompFilter assembles the deny-list filter for this architecture.
func buildSeccompFilter() ([]sockFilter, error) {
	p := &bpfProgram{}
	// Wrong architecture (e.g. 32-bit syscalls on a 64-bit kernel) would
	// renumber every syscall: kill.
	p.stmt(bpfLD|bpfW|bpfABS, offArch)
	p.jump(bpfJEQ, auditArch, "", "kill")
	p.stmt(bpfLD|bpfW|bpfABS, offNr)
	archPrelude(p)
	for _, d := range deniedSyscalls() {
		p.jump(bpfJEQ, uint32(d.nr), "eperm", "")
	}
	// clone3 hides its flags in memory the filter cannot read: ENOSYS makes
	// libcs fall back to clone, whose flags are checked below.
	p.jump(bpfJEQ, unix.SYS_CLONE3, "enosys", "")
	p.jump(bpfJEQ, unix.SYS_CLONE, "clone", "")
	p.jump(bpfJEQ, unix.SYS_IOCTL, "ioctl", "")
	p.jump(bpfJEQ, unix.SYS_SOCKET, "socket", "")
	p.jump(bpfJEQ, unix.SYS_SOCKETPAIR, "socket", "")
	nodes := nodeSyscalls()
	for _, n := range nodes {
		p.jump(bpfJEQ, uint32(n.nr), "node-"+n.name, "")
	}
	p.stmt(bpfRET|bpfK, retAllow)

	// mknod, mknodat: no FIFOs or device nodes, whatever the permission bits.
	for _, n := range nodes {
		p.label("node-" + n.name)
		p.stmt(bpfLD|bpfW|bpfABS, n.modeOff)
		p.stmt(bpfALU|bpfAND|bpfK, unix.S_IFMT)
		for _, t := range deniedNodeTypes {
			p.jump(bpfJEQ, t, "eperm", "")
		}
		p.stmt(bpfRET|bpfK, retAllow)
	}

	// clone: no new namespaces.
	p.label("clone")
	p.stmt(bpfLD|bpfW|bpfABS, cloneFlagsOffset)
	p.jump(bpfJSET, cloneNamespaceFlags, "eperm", "")
	p.stmt(bpfRET|bpfK, retAllow)

	// ioctl: no terminal input injection, line discipline or console changes.
	p.label("ioctl")
	p.stmt(bpfLD|bpfW|bpfABS, offArg1)
	p.jump(bpfJEQ, ioctlTIOCSTI, "eperm", "")
	p.jump(bpfJEQ, ioctlTIOCLINUX, "eperm", "")
	p.jump(bpfJEQ, ioctlTIOCSETD, "eperm", "")
	p.jump(bpfJEQ, ioctlTIOCCONS, "eperm", "")
	p.stmt(bpfRET|bpfK, retAllow)

	// socket/socketpair: only unix, IPv4 and IPv6, and no raw or packet
	// sockets (netlink, packet, vsock, bluetooth... all refused).
	p.label("socket")
	p.stmt(bpfLD|bpfW|bpfABS, offArg0)
	p.jump(bpfJEQ, unix.AF_UNIX, "allow", "")
	p.jump(bpfJEQ, unix.AF_INET, "socktype", "")
	p.jump(bpfJEQ, unix.AF_INET6, "socktype", "")
	p.stmt(bpfRET|bpfK, errnoRet(unix.EAFNOSUPPORT))
	p.label("socktype")
	p.stmt(bpfLD|bpfW|bpfABS, offArg1)
	p.stmt(bpfALU|bpfAND|bpfK, sockTypeMask)
	p.jump(bpfJEQ, unix.SOCK_RAW, "eperm", "")
	p.jump(bpfJEQ, sockPacket, "eperm", "")
	p.label("allow")
	p.stmt(bpfRET|bpfK, retAllow)

	p.label("eperm")
	p.stmt(bpfRET|bpfK, errnoRet(unix.EPERM))
	p.label("enosys")
	p.stmt(bpfRET|bpfK, errnoRet(unix.ENOSYS))
	p.label("kill")
	p.stmt(bpfRET|bpfK, retKillProcess)
	return p.resolve()
}

var (
	seccompOnce   sync.Once
	seccompFilter []sockFilter
	seccompErr    error
)

// applySeccomp installs the filter on the calling thread; the command
// inherits it through exec. no_new_privs is already set.
func applySeccomp(spec *Spec) error {
	if !spec.Seccomp {
		return nil
	}
	seccompOnce.Do(func() { seccompFilter, seccompErr = buildSeccompFilter() })
	if seccompErr != nil {
		return seccompErr
	}
	prog := sockFprog{len: uint16(len(seccompFilter)), filter: &seccompFilter[0]}
	if err := unix.Prctl(unix.PR_SET_SECCOMP, unix.SECCOMP_MODE_FILTER, uintptr(unsafe.Pointer(&prog)), 0, 0); err != nil {
		return fmt.Errorf("installing the filter: %w", err)
	}
	return nil
}
