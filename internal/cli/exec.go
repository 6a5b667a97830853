package cli

import (
	"context"
	"flag"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

func init() {
	commands["sandbox"] = func(ctx context.Context, args []string, env Env) int {
		return sandbox.RunCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
	}
	commands["check"] = func(ctx context.Context, args []string, env Env) int {
		return sandbox.CheckCLI(ctx, args, env.Stdout, env.Stderr)
	}
}

// registerSandboxFlags adds the sandbox's flags to `paddock run`, bound to c. The run's own
// --workspace is the sandbox's workspace, and the sandbox's per-command --timeout becomes
// --exec-timeout (--timeout bounds the whole run).
func registerSandboxFlags(fs *flag.FlagSet, c *sandbox.Config) {
	sfs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	c.RegisterFlags(sfs)
	sfs.VisitAll(func(f *flag.Flag) {
		switch f.Name {
		case "workspace":
		case "timeout":
			fs.Var(f.Value, "exec-timeout", "for each command the agent runs: "+f.Usage)
		default:
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
}
