package cli

import (
	"context"

	"github.com/paddock-dev/paddock/internal/server"
)

func serveCmd(ctx context.Context, args []string, env Env) int {
	return server.ServeCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}

func tenantCmd(ctx context.Context, args []string, env Env) int {
	return server.TenantCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}

func keyCmd(ctx context.Context, args []string, env Env) int {
	return server.KeyCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}

func auditCmd(ctx context.Context, args []string, env Env) int {
	return server.AuditCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}

func apCmd(ctx context.Context, args []string, env Env) int {
	return server.ClientCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}
