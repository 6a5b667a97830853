package sandbox

import "golang.org/x/sys/unix"

// archProbes are containment probes that only make sense on x86-64.
func archProbes() []probe {
	return []probe{{name: "x32-abi", threat: "SBX-02", what: "call syscalls through the x32 ABI numbering",
		script: denied(sysArg("x32-getpid", 0x40000000|unix.SYS_GETPID), sysArg("x32-unshare", 0x40000000|unix.SYS_UNSHARE, unix.CLONE_NEWUSER))},
		{name: "mknod-legacy", threat: "SBX-01", what: "make a FIFO or device node through the older mknod syscall",
			script: denied(sysArg("mknod-fifo", unix.SYS_MKNOD, 0, unix.S_IFIFO|0o644, 0), sysArg("mknod-char", unix.SYS_MKNOD, 0, unix.S_IFCHR|0o644, 0x103),
				sysArg("mknod-block", unix.SYS_MKNOD, 0, unix.S_IFBLK|0o644, 0x800))}}
}
