package stage

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
