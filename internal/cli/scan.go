package cli

import (
	"context"
	"fmt"

	"github.com/paddock-dev/paddock/internal/guard"
)

const guardUsage = `Usage: paddock guard eval [flags] FILE.jsonl

  eval   score labelled rows ({"text", "label", "source"}) through the full guard pipeline and print
         ROC-AUC, TPR at 1% and 0.1% FPR, and a per-source table (paddock guard eval --help)

The detector's weights are rebuilt from ../shared/data with:
  go run ./internal/guard/detect/train -data ../shared/data/injection/dev.jsonl
`

func scanCmd(ctx context.Context, args []string, env Env) int {
	return guard.ScanCLI(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}

func guardCmd(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == "eval" {
		return guard.EvalCLI(ctx, args[1:], env.Stdout, env.Stderr)
	}
	if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(env.Stdout, guardUsage)
		return ExitOK
	}
	fmt.Fprint(env.Stderr, guardUsage)
	return ExitUsage
}
