package sandbox

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

const checkUsage = `Usage: paddock check [-v]

Runs the sandbox's containment self-test on this machine and prints a
scorecard: each protection (namespaces, unprivileged uid, no_new_privs,
Landlock ABI, seccomp, cgroup controllers) present or missing, then each
escape probe -- a real process inside the sandbox trying to read host
secrets, write outside its workspace, rewrite or create .git, leave FIFOs or
device nodes for the host to open, reach the network, see or signal host
processes, mount, create namespaces, inject terminal input, exhaust memory,
processes, CPU or output, or get past the egress proxy -- contained or not.

Exit status: 0 when every probe was contained and every required protection
is present; 1 otherwise.

Flags:
`

// CheckCLI implements `paddock check`: the protection scorecard and the
// containment probes. It returns 0 only if every required protection is
// present and every probe was contained.
func CheckCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("paddock check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "show the detail of contained probes too")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), checkUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fmt.Fprintln(stdout, "paddock check: sandbox containment self-test")
	fmt.Fprintln(stdout, "\nProtections")
	missing := 0
	for _, p := range Protections() {
		mark := "ok"
		switch {
		case !p.Present && p.Required:
			mark, missing = "MISSING", missing+1
		case !p.Present:
			mark = "absent (optional)"
		}
		fmt.Fprintf(stdout, "  %-18s %-52s %s\n", "["+mark+"]", p.Name, p.Detail)
	}
	if missing > 0 {
		fmt.Fprintf(stdout, "\n%d required protection(s) missing: the sandbox refuses to run here; probes skipped.\n", missing)
		return 1
	}

	env, err := newProbeEnv()
	if err != nil {
		fmt.Fprintf(stderr, "paddock check: preparing the probes: %v\n", err)
		return 1
	}
	defer env.close()
	list := allProbes()
	fmt.Fprintf(stdout, "\nEscape probes (%d, each a real process in the sandbox)\n", len(list))
	escaped := 0
	for _, p := range list {
		if ctx.Err() != nil {
			fmt.Fprintln(stdout, "interrupted")
			return 1
		}
		o := env.runProbe(ctx, p)
		mark := "contained"
		if !o.contained {
			mark, escaped = "NOT CONTAINED", escaped+1
		}
		fmt.Fprintf(stdout, "  %-15s %-9s %-20s %-62s %6s\n", "["+mark+"]", p.threat, p.name, p.what, o.duration.Round(time.Millisecond))
		if !o.contained || *verbose {
			if o.detail != "" {
				fmt.Fprintf(stdout, "      %s\n", o.detail)
			}
		}
	}
	if left := sandboxProcessesLeft(); len(left) > 0 {
		escaped++
		fmt.Fprintf(stdout, "  [NOT CONTAINED] processes of sandbox uids still running on the host: %v\n", left)
	}
	if escaped > 0 {
		fmt.Fprintf(stdout, "\nResult: %d of %d probes NOT contained.\n", escaped, len(list))
		return 1
	}
	fmt.Fprintf(stdout, "\nResult: all %d probes contained; every required protection present.\n", len(list))
	return 0
}
