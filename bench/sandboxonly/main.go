// Command sandboxonly runs commands in the sandbox from a binary that links the sandbox and
// nothing else of paddock, for bench/sandbox-startup.sh.
//
// Usage:
//
//	sandboxonly WORKSPACE CMD [ARGS...]    one command, cold: what paddock sandbox does, without the CLI
//	sandboxonly -warm WORKSPACE CMD [ARGS...]
//	                                       the agent's path: a sandbox.Runner; for each line read on
//	                                       stdin it runs CMD once and answers "ok NANOSECONDS" (the wall
//	                                       time of Runner.Run), after the next stage is prepared, so
//	                                       nothing of it runs while the caller measures something else
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

func main() {
	sandbox.Init() // the sandbox re-executes this binary as its stage
	args := os.Args[1:]
	warm := len(args) > 0 && args[0] == "-warm"
	if warm {
		args = args[1:]
	}
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: sandboxonly [-warm] WORKSPACE CMD [ARGS...]")
		os.Exit(2)
	}
	if warm {
		os.Exit(serveWarm(args[0], args[1:]))
	}
	res, err := sandbox.Run(context.Background(), sandbox.Config{
		Workspace: args[0], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
	}, args[1:])
	if err != nil && res == nil {
		fmt.Fprintln(os.Stderr, "sandboxonly:", err)
		os.Exit(125)
	}
	os.Exit(res.ExitCode)
}

// serveWarm runs argv once per line of stdin on a sandbox.Runner, as paddock run's agent does.
func serveWarm(ws string, argv []string) int {
	ctx := context.Background()
	r := &sandbox.Runner{}
	defer r.Close()
	cfg := sandbox.Config{Workspace: ws, Stdout: io.Discard, Stderr: os.Stderr}
	// The first command starts cold and prepares the stage of the next.
	if _, err := r.Run(ctx, cfg, argv); err != nil {
		fmt.Fprintln(os.Stderr, "sandboxonly:", err)
		return 125
	}
	r.WaitPrepared(ctx)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		start := time.Now()
		res, err := r.Run(ctx, cfg, argv)
		took := time.Since(start)
		if err != nil || res.ExitCode != 0 || !res.Warm {
			fmt.Fprintf(os.Stderr, "sandboxonly: warm run failed: %v (result %+v)\n", err, res)
			return 1
		}
		r.WaitPrepared(ctx)
		fmt.Printf("ok %d\n", took.Nanoseconds())
	}
	return 0
}
