package cli

import (
	"bytes"
	"context"
	"flag"
	"strings"
	"sync"

	"github.com/paddock-dev/paddock/internal/sandbox"
	"github.com/paddock-dev/paddock/internal/tool"
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

// sandboxRunner runs the agent's commands in the sandbox, in its workspace.
type sandboxRunner struct{ cfg sandbox.Config }

// RunCommand implements tool.CommandRunner.
func (s sandboxRunner) RunCommand(ctx context.Context, argv []string, stdin string) (tool.CommandResult, error) {
	var out lockedBuffer
	cfg := s.cfg
	cfg.Stdin, cfg.Stdout, cfg.Stderr = strings.NewReader(stdin), &out, &out
	res, err := sandbox.Run(ctx, cfg, argv)
	if res == nil {
		return tool.CommandResult{}, err
	}
	return tool.CommandResult{ExitCode: res.ExitCode, Signal: res.Signal, Output: out.String(), Truncated: res.OutputTruncated,
		TimedOut: res.TimedOut, OOMKilled: res.OOMKilled, Duration: res.Duration}, err
}

// lockedBuffer interleaves a command's stdout and stderr safely.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
