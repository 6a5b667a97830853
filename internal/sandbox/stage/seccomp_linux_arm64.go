package stage

// auditArch is AUDIT_ARCH_AARCH64.
const auditArch = 0xC00000B7

// cloneFlagsOffset: on arm64, clone's flags are its first argument.
const cloneFlagsOffset = offArg0

// archPrelude has nothing to add on arm64 (no compat numbering in the filter).
func archPrelude(*bpfProgram) {}

func deniedSyscalls() []deniedSyscall { return commonDenied }

// nodeSyscalls: arm64 has mknodat only.
func nodeSyscalls() []nodeSyscall { return commonNodeSyscalls }
