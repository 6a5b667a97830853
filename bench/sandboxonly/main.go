// Command sandboxonly runs one command in the sandbox from a binary that links the sandbox and
// nothing else of paddock, so bench/sandbox-startup.sh can show what the rest of paddock's package
// initialisation adds to `paddock sandbox`.
//
// Usage: sandboxonly WORKSPACE CMD [ARGS...]
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

func main() {
	sandbox.Init() // the sandbox re-executes this binary as its stage
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: sandboxonly WORKSPACE CMD [ARGS...]")
		os.Exit(2)
	}
	res, err := sandbox.Run(context.Background(), sandbox.Config{
		Workspace: os.Args[1], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
	}, os.Args[2:])
	if err != nil && res == nil {
		fmt.Fprintln(os.Stderr, "sandboxonly:", err)
		os.Exit(125)
	}
	os.Exit(res.ExitCode)
}
