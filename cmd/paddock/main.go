// Command paddock runs autonomous AI agents with safety built in. See `paddock help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/paddock-dev/paddock/internal/cli"
	"github.com/paddock-dev/paddock/internal/sandbox"
	"golang.org/x/term"
)

func main() {
	// A re-exec of this binary as a sandbox stage sets itself up and never returns from Init.
	sandbox.Init()
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cli.Main(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StdinIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		StdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	})
}
