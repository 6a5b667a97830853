//go:build !linux

package sandbox

import (
	"context"
	"fmt"
	"io"
	"runtime"
)

// Init returns at once: the sandbox stage exists only on Linux.
func Init() {}

// Run fails with ErrUnavailable: the sandbox needs Linux namespaces,
// Landlock and seccomp.
func Run(ctx context.Context, cfg Config, argv []string) (*Result, error) {
	return nil, Available()
}

// Available reports that this operating system has none of the mechanisms.
func Available() error {
	return fmt.Errorf("%w: the sandbox needs Linux (namespaces, Landlock, seccomp); this is %s", ErrUnavailable, runtime.GOOS)
}

// Protections lists nothing: no mechanism exists on this system.
func Protections() []Protection { return nil }

// CheckCLI reports that containment cannot be checked on this system.
func CheckCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "paddock check: %v\n", Available())
	return 1
}
