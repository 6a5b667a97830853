package sandbox

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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
memory kill); 125 if the sandbox could not be set up; 127 if the command does
not exist inside.

Flags:
`

// RunCLI implements `paddock sandbox [flags] -- CMD [ARGS...]` and returns
// the process exit status.
func RunCLI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("paddock sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	cfg.RegisterFlags(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), sandboxUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	argv := fs.Args()
	if len(argv) == 0 {
		fmt.Fprintln(stderr, "paddock sandbox: no command given; usage: paddock sandbox [flags] -- CMD [ARGS...]")
		return 2
	}
	cfg.Stdin, cfg.Stdout, cfg.Stderr = stdin, stdout, stderr
	res, err := Run(ctx, cfg, argv)
	if err != nil && res == nil {
		fmt.Fprintf(stderr, "paddock sandbox: %v\n", err)
		switch {
		case errors.Is(err, ErrCommandNotFound):
			return exitNotFound
		case errors.Is(err, ErrInvalidConfig):
			return 2
		}
		return exitSetupFailed
	}
	switch {
	case res.OOMKilled:
		fmt.Fprintf(stderr, "paddock sandbox: killed: out of memory (--memory)\n")
	case res.CPULimitExceeded:
		fmt.Fprintf(stderr, "paddock sandbox: killed: CPU time limit (--cpu)\n")
	}
	return res.ExitCode
}
