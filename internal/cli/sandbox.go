package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

const sandboxUsage = `Usage: paddock sandbox [flags] -- CMD [ARGS...]

Runs one command contained, and exits with its exit status. Inside, the
command sees:

  - the workspace (default: the current directory), read-write, as its working
    directory; every .git (all of it, unless --allow-git-write), shell rc
    files and editor/agent config directories in it are read-only; a
    workspace without .git gets an empty read-only one, so none can be
    created; no FIFOs or device nodes can be made;
  - the system directories (/usr, /etc, ...) read-only, a fresh /proc, a minimal
    /dev, and a private /tmp that disappears afterwards;
  - no network at all, unless --allow-net names hosts reachable through
    paddock's HTTP(S) proxy (HTTP_PROXY/HTTPS_PROXY are set for it);
  - an environment of PATH, HOME=/tmp, LANG, TERM and TMPDIR only (plus --env);
    nothing else of yours, API keys least of all;
  - an unprivileged uid with no capabilities, Landlock and seccomp, and limits
    on memory, processes, CPU, wall time and output.

Examples:
  paddock sandbox -- make test
  paddock sandbox --workspace ./proj --timeout 30s -- python3 script.py
  paddock sandbox --allow-net pypi.org,files.pythonhosted.org -- pip download requests
  paddock sandbox --ro ~/datasets --memory 2G -- ./analyse.sh

Exit status: the command's; 128+N if signal N ended it (137 on timeout or
memory kill, 153 when a file reached --disk); 1 if it succeeded but wrote
more than --disk in total; 125 if the sandbox could not be set up; 127 if the
command does not exist inside.

Flags:
`

// sandboxFlags registers the flags of `paddock sandbox` on fs, bound to c.
func sandboxFlags(fs *flag.FlagSet, c *sandbox.Config) {
	fs.StringVar(&c.Workspace, "workspace", c.Workspace, "`DIR` that is the working directory and the only writable host directory inside (default: current directory)")
	fs.Var((*repeatedFlag)(&c.ReadOnly), "ro", "extra host `PATH` visible read-only inside (repeatable)")
	fs.Var((*repeatedFlag)(&c.ReadWrite), "rw", "extra host `PATH` visible read-write inside (repeatable)")
	fs.Var((*listFlag)(&c.AllowNet), "allow-net", "`HOST[:PORT],...` reachable through the egress proxy (default: no network at all)")
	fs.Var((*listFlag)(&c.AllowPrivate), "allow-private", "`CIDR`s of private, loopback or link-local addresses the --allow-net hosts may resolve to (refused by default), e.g. 127.0.0.1/32")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "wall-clock `DURATION` after which the whole process tree is killed (default "+sandbox.DefaultTimeout.String()+")")
	fs.Var((*bytesFlag)(&c.Memory), "memory", "memory limit in `BYTES` for the whole tree, e.g. 512M, 2G (default 1G)")
	fs.IntVar(&c.Pids, "pids", c.Pids, "maximum number of processes and threads `N` (default "+strconv.Itoa(sandbox.DefaultPids)+")")
	fs.Var((*secondsFlag)(&c.CPU), "cpu", "CPU time limit in `SECONDS` (default unlimited)")
	fs.Var((*bytesFlag)(&c.Disk), "disk", "`BYTES` one command may add to the workspace: no file grows past it, and past it in total the files the command created are removed, largest first (default 1G)")
	fs.Var((*bytesFlag)(&c.MaxOutput), "max-output", "stdout+stderr cap in `BYTES`; the rest is cut with a notice (default 10M)")
	fs.Var((*repeatedFlag)(&c.Env), "env", "extra `KEY=VALUE` in the command's environment (repeatable)")
	fs.BoolVar(&c.AllowGitWrite, "allow-git-write", c.AllowGitWrite, "let the command write .git (add, commit, branch); hooks, config, config.worktree, commondir, gitdir and info/ stay read-only (default: all of .git read-only)")
	fs.BoolVar(&c.WithoutLandlock, "insecure-without-landlock", c.WithoutLandlock, "run even if Landlock is unavailable (loses the second filesystem and TCP wall)")
	fs.BoolVar(&c.WithoutSeccomp, "insecure-without-seccomp", c.WithoutSeccomp, "run even if seccomp is unavailable (loses the syscall deny list: io_uring, ptrace, TIOCSTI, raw sockets...)")
	fs.BoolVar(&c.WithoutCgroupLimits, "insecure-without-cgroup-limits", c.WithoutCgroupLimits, "run even if no cgroup memory/pids controller is usable (loses whole-tree memory and process limits)")
}

// registerSandboxFlags adds the sandbox's flags to `paddock run`, bound to c. The run's own
// --workspace is the sandbox's workspace, and the sandbox's per-command --timeout becomes
// --exec-timeout (--timeout bounds the whole run).
func registerSandboxFlags(fs *flag.FlagSet, c *sandbox.Config) {
	sfs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	sandboxFlags(sfs, c)
	sfs.VisitAll(func(f *flag.Flag) {
		switch f.Name {
		case "workspace", "allow-private": // the run's own --allow-private covers the sandbox too
		case "timeout":
			fs.Var(f.Value, "exec-timeout", "for each command the agent runs: "+f.Usage)
		default:
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
}

// sandboxCmd runs `paddock sandbox [flags] -- CMD [ARGS...]` and exits with the command's status.
func sandboxCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock sandbox", flag.ContinueOnError)
	var cfg sandbox.Config
	sandboxFlags(fs, &cfg)
	fs.Usage = func() { fmt.Fprint(fs.Output(), sandboxUsage); fs.PrintDefaults() }
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	argv := fs.Args()
	if len(argv) == 0 {
		fmt.Fprintln(env.Stderr, "paddock sandbox: no command given; usage: paddock sandbox [flags] -- CMD [ARGS...]")
		return ExitUsage
	}
	cfg.Stdin, cfg.Stdout, cfg.Stderr = env.Stdin, env.Stdout, env.Stderr
	res, err := sandbox.Run(ctx, cfg, argv)
	if err != nil && res == nil {
		fmt.Fprintf(env.Stderr, "paddock sandbox: %v\n", err)
		switch {
		case errors.Is(err, sandbox.ErrCommandNotFound):
			return ExitNotFound
		case errors.Is(err, sandbox.ErrInvalidConfig):
			return ExitUsage
		}
		return ExitSandboxSetup
	}
	switch {
	case res.OOMKilled:
		fmt.Fprintf(env.Stderr, "paddock sandbox: killed: out of memory (--memory)\n")
	case res.CPULimitExceeded:
		fmt.Fprintf(env.Stderr, "paddock sandbox: killed: CPU time limit (--cpu)\n")
	case res.DiskExceeded:
		fmt.Fprintf(env.Stderr, "paddock sandbox: failed: the command wrote more than its disk limit to the workspace (--disk)\n")
		if res.ExitCode == 0 {
			return ExitFailed
		}
	}
	return res.ExitCode
}

const checkUsage = `Usage: paddock check [-v]

Runs the sandbox's containment self-test on this machine and prints a
scorecard: each protection (namespaces, unprivileged uid, no_new_privs,
Landlock ABI, seccomp, cgroup controllers) present or missing, the limits
each command gets (memory, processes, CPU, time, output, /tmp, disk), then each
escape probe -- a real process inside the sandbox trying to read host
secrets, write outside its workspace, rewrite or create .git, leave FIFOs or
device nodes for the host to open, reach the network, see or signal host
processes, mount, create namespaces, inject terminal input, exhaust memory,
processes, CPU or output, or get past the egress proxy -- contained or not.

Exit status: 0 when every probe was contained and every required protection
is present; 1 otherwise.

Flags:
`

// checkCmd runs `paddock check`: the protection scorecard and the containment probes. It exits 0
// only if every required protection is present and every probe was contained.
func checkCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock check", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "show the detail of contained probes too")
	fs.Usage = func() { fmt.Fprint(fs.Output(), checkUsage); fs.PrintDefaults() }
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	protections := sandbox.Protections()
	if len(protections) == 0 { // a system without any of the mechanisms (not Linux)
		fmt.Fprintf(env.Stderr, "paddock check: %v\n", sandbox.Available())
		return ExitFailed
	}
	w := env.Stdout
	fmt.Fprintln(w, "paddock check: sandbox containment self-test")
	fmt.Fprintln(w, "\nProtections")
	missing := 0
	for _, p := range protections {
		mark := "ok"
		switch {
		case !p.Present && p.Required:
			mark, missing = "MISSING", missing+1
		case !p.Present:
			mark = "absent (optional)"
		}
		fmt.Fprintf(w, "  %-18s %-52s %s\n", "["+mark+"]", p.Name, p.Detail)
	}
	if missing > 0 {
		fmt.Fprintf(w, "\n%d required protection(s) missing: the sandbox refuses to run here; probes skipped.\n", missing)
		return ExitFailed
	}
	fmt.Fprintln(w, "\nLimits of each command (defaults of paddock sandbox and paddock run; flags change them)")
	for _, l := range sandbox.Limits(sandbox.Config{}) {
		fmt.Fprintf(w, "  %-10s %-9s %s\n", l.Name, l.Value, l.Detail)
	}

	prober, err := sandbox.NewProber()
	if err != nil {
		fmt.Fprintf(env.Stderr, "paddock check: preparing the probes: %v\n", err)
		return ExitFailed
	}
	defer prober.Close()
	list := sandbox.Probes()
	fmt.Fprintf(w, "\nEscape probes (%d, each a real process in the sandbox)\n", len(list))
	escaped := 0
	for _, p := range list {
		if ctx.Err() != nil {
			fmt.Fprintln(w, "interrupted")
			return ExitFailed
		}
		r := prober.Run(ctx, p)
		mark := "contained"
		if !r.Contained {
			mark, escaped = "NOT CONTAINED", escaped+1
		}
		fmt.Fprintf(w, "  %-15s %-9s %-20s %-62s %6s\n", "["+mark+"]", p.Threat, p.Name, p.What, r.Duration.Round(time.Millisecond))
		if !r.Contained || *verbose {
			if r.Detail != "" {
				fmt.Fprintf(w, "      %s\n", r.Detail)
			}
		}
	}
	if left := prober.ProcessesLeft(); len(left) > 0 {
		escaped++
		fmt.Fprintf(w, "  [NOT CONTAINED] processes of sandbox uids still running on the host: %v\n", left)
	}
	if escaped > 0 {
		fmt.Fprintf(w, "\nResult: %d of %d probes NOT contained.\n", escaped, len(list))
		return ExitFailed
	}
	fmt.Fprintf(w, "\nResult: all %d probes contained; every required protection present.\n", len(list))
	return ExitOK
}
