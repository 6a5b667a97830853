package cli

import (
	"context"
	"io"

	"github.com/paddock-dev/paddock/internal/server"
)

func init() {
	for name, f := range map[string]func(context.Context, []string, io.Reader, io.Writer, io.Writer) int{
		"serve":  server.ServeCLI,
		"tenant": server.TenantCLI,
		"key":    server.KeyCLI,
		"audit":  server.AuditCLI,
		"ap":     server.ClientCLI,
	} {
		commands[name] = func(ctx context.Context, args []string, env Env) int {
			return f(ctx, args, env.Stdin, env.Stdout, env.Stderr)
		}
	}
}
