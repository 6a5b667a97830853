// Package sandbox runs one command contained by Linux kernel mechanisms: no
// Docker, no VM, started in a few milliseconds.
//
// # Threat model
//
// The command is hostile. It may have been written by a model that was steered
// by injected text (THREATS.md SBX-01..SBX-10, AG-18). It wants to read host
// secrets (the model's API key, /etc/shadow, ~/.ssh, other tenants' files),
// write outside its workspace or into files that the host executes later
// (.git, shell rc files) or that block it (a FIFO the host opens later),
// reach the network or the host's loopback
// services, see or signal host processes, gain privileges (mount, new
// namespaces, ptrace, kernel modules, io_uring, bpf), inject keystrokes into
// the operator's terminal (TIOCSTI), or starve the host (fork, memory, output
// and CPU bombs).
//
// # Layers
//
// Every layer is applied on every run, in a fixed order; a layer that cannot be
// applied aborts the start (fail closed), and the error names it. A weaker level
// exists only behind explicit Config fields whose names say what is lost
// (WithoutLandlock, WithoutSeccomp, WithoutCgroupLimits).
//
//  1. Namespaces (parent, clone flags): user, mount, PID, network, IPC, UTS
//     and cgroup.
//  2. Identity: uid 0 inside (the stage only) maps to an unprivileged host
//     uid (DefaultHostUID); supplementary groups are dropped. The command
//     never runs as uid 0: it has the workspace owner's uid inside, or
//     UnprivilegedUID (1000) when root owns the workspace, mapped to the
//     next unprivileged host uid; the workspace is idmapped so it owns the
//     owner's files. Run by an ordinary user, who can map only their own
//     ids, the stage and the command have the caller's uid and gid inside
//     too; the stage carries its namespace capabilities across the exec
//     into itself as ambient ones and drops them before the command.
//  3. cgroup memory, pids (and CPU accounting) limits; the stage is born in
//     its cgroup (v2: CLONE_INTO_CGROUP; v1: forked from a thread moved into
//     it), so no process of the sandbox ever runs outside its limits.
//  4. Filesystem: a fresh tmpfs root holding read-only binds of the system
//     directories, a fresh /proc, a minimal /dev, a private /tmp, the workspace
//     read-write (idmapped so the sandboxed uid can write a root-owned tree),
//     and read-only binds over every .git (git_linux.go; AllowGitWrite
//     leaves hooks, config and git's redirections read-only) and over shell
//     rc files. A workspace without .git gets an empty read-only one.
//     Nothing of /root, /home, /run, /var, /sys or host sockets is mounted.
//  5. Network: an empty network namespace with loopback only. With AllowNet,
//     the host creates a listening socket inside that namespace and serves the
//     egress proxy on it; nothing else leaves.
//  6. Capabilities: bounding set emptied, securebits locked, all sets cleared.
//  7. no_new_privs.
//  8. Landlock: the same filesystem grants again, TCP bind/connect denied
//     (except the proxy port), abstract unix sockets and signals scoped; no
//     FIFOs or device nodes anywhere.
//  9. seccomp: a deny list for the kernel interfaces a contained command never
//     needs (see seccomp_linux.go, one reason per rule), and mknod/mknodat of
//     FIFOs and device nodes.
//  10. rlimits (always), set last before exec: processes, core dumps, CPU
//     seconds, data size.
//  11. Environment: a short allowlist (PATH, HOME, LANG, TERM, TMPDIR) plus
//     Config.Env; the parent's environment never enters the sandbox.
//
// Outside the box, the parent enforces the wall-clock timeout by killing PID 1
// of the sandbox's PID namespace (the kernel then kills every process in it)
// and caps the captured output.
//
// Programs that use this package must call Init first thing in main (and in
// TestMain): the sandbox re-executes the current binary as its in-namespace
// setup stage, which then executes the command as PID 1 of the new PID
// namespace (so killing it kills the whole tree; like bwrap --as-pid-1, a
// signal sent from inside to PID 1 without a handler is ignored).
//
// # Known limits
//
//   - Protected paths the command creates (a new rc file, editor, agent or
//     CI settings, a new repository's .git, a hook under .git/modules with
//     AllowGitWrite) are removed after it ends, with a notice; while it runs
//     they exist, and existing ones below the workspace's top level are not
//     read-only. Hosts must never load configuration from agent-writable
//     places (THREATS.md CVE-10).
//   - .git: the workspace's own cannot be created or changed, but a new
//     repository in a subdirectory can be during the command (it is removed
//     after it), and an existing nested one is found only within two directories of a
//     writable root or through .gitmodules; a submodule not yet initialised
//     can be given a .git. A read-write grant without .git gets no
//     placeholder. With AllowGitWrite a missing commondir, config or
//     config.worktree can be created during the run (removed after it), the
//     index can register a nested repository as a submodule that host git
//     then enters, and a rebase todo list with exec lines can be left for
//     `git rebase --continue`.
//   - The empty .git placeholder stays in the workspace after the run.
//   - Landlock rules cover whole trees: anything mounted below a granted tree
//     has that tree's rights.
//   - Disk: no file may grow past Config.Disk (RLIMIT_FSIZE), and the total
//     a command added is measured after it (what it created past the limit
//     is removed); during the command the total is not bounded live. No
//     inode quota. /tmp and /dev/shm are tmpfs bounded by the memory limit.
//   - Read-write grants other than the workspace are idmapped for the
//     workspace owner only; files of other owners in them are writable only
//     where their permissions allow.
//   - A Unix socket that a host process created inside the workspace or a
//     grant is reachable on kernels before Landlock ABI 9 (which refuses it);
//     no host socket directory is mounted.
//   - Only amd64 and arm64 have a seccomp filter table.
package sandbox
