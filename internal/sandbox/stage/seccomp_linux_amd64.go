package sandbox

import "golang.org/x/sys/unix"

// auditArch is AUDIT_ARCH_X86_64.
const auditArch = 0xC000003E

// cloneFlagsOffset: on x86-64, clone's flags are its first argument.
const cloneFlagsOffset = offArg0

// archPrelude refuses x32-ABI syscall numbers (bit 30), which reach the same
// kernel entry points under other numbers.
func archPrelude(p *bpfProgram) {
	p.jump(bpfJGE, 0x40000000, "eperm", "")
}

func deniedSyscalls() []deniedSyscall {
	return append(commonDenied[:len(commonDenied):len(commonDenied)],
		deniedSyscall{unix.SYS_IOPL, "iopl", "raw I/O port access"},
		deniedSyscall{unix.SYS_IOPERM, "ioperm", "raw I/O port access"},
		deniedSyscall{unix.SYS_USELIB, "uselib", "obsolete loader interface"},
	)
}

func nodeSyscalls() []nodeSyscall {
	return append(commonNodeSyscalls[:len(commonNodeSyscalls):len(commonNodeSyscalls)],
		nodeSyscall{unix.SYS_MKNOD, "mknod", offArg1, "the older mknod(path, mode, dev): same rule as mknodat"},
	)
}

// archProbes are containment probes that only make sense on x86-64.
func archProbes() []probe {
	return []probe{{name: "x32-abi", threat: "SBX-02", what: "call syscalls through the x32 ABI numbering",
		script: denied(sysArg("x32-getpid", 0x40000000|unix.SYS_GETPID), sysArg("x32-unshare", 0x40000000|unix.SYS_UNSHARE, unix.CLONE_NEWUSER))},
		{name: "mknod-legacy", threat: "SBX-01", what: "make a FIFO or device node through the older mknod syscall",
			script: denied(sysArg("mknod-fifo", unix.SYS_MKNOD, 0, unix.S_IFIFO|0o644, 0), sysArg("mknod-char", unix.SYS_MKNOD, 0, unix.S_IFCHR|0o644, 0x103),
				sysArg("mknod-block", unix.SYS_MKNOD, 0, unix.S_IFBLK|0o644, 0x800))}}
}
