// Command sandboxcmd is a stand-in for `paddock sandbox` and `paddock check`
// used while cmd/paddock does not wire them yet.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

func main() {
	sandbox.Init()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "check" {
		os.Exit(sandbox.CheckCLI(ctx, os.Args[2:], os.Stdout, os.Stderr))
	}
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "sandbox" {
		args = args[1:]
	}
	os.Exit(sandbox.RunCLI(ctx, args, os.Stdin, os.Stdout, os.Stderr))
}
