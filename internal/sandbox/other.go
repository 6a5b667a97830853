//go:build !linux

package sandbox

import (
	"context"
	"fmt"
	"runtime"
	"time"
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

// Probe is one escape attempt of the containment suite; this system has none.
type Probe struct {
	Name, Threat, What string
}

// ProbeResult is the verdict of one probe.
type ProbeResult struct {
	Contained bool
	Detail    string
	Duration  time.Duration
}

// Probes lists nothing: there is no sandbox to escape on this system.
func Probes() []Probe { return nil }

// Prober cannot exist on this system.
type Prober struct{}

// NewProber fails with ErrUnavailable.
func NewProber() (*Prober, error) { return nil, Available() }

// Run reports the probe as not contained: nothing can run.
func (*Prober) Run(ctx context.Context, p Probe) ProbeResult {
	return ProbeResult{Detail: Available().Error()}
}

// Close does nothing.
func (*Prober) Close() {}

// ProcessesLeft lists nothing.
func (*Prober) ProcessesLeft() []int { return nil }

// DefaultMaxIdle is how long a Runner keeps a prepared stage waiting.
const DefaultMaxIdle = time.Minute

// Runner runs commands like Run; on this system it cannot.
type Runner struct {
	MaxIdle time.Duration
}

// Run fails with ErrUnavailable, as Run does.
func (*Runner) Run(ctx context.Context, cfg Config, argv []string) (*Result, error) {
	return nil, Available()
}

// WaitPrepared returns at once: nothing is ever prepared.
func (*Runner) WaitPrepared(ctx context.Context) {}

// Close does nothing.
func (*Runner) Close() {}
