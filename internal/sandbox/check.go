package sandbox

import (
	"context"
	"io"
)

// CheckCLI implements `paddock check`.
func CheckCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int { return 1 }
