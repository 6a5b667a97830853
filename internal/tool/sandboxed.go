package tool

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

// Sandboxed is the CommandRunner paddock uses: each command runs through sandbox.Run with Config
// (its Workspace is the agent's workspace), stdout and stderr interleaved.
type Sandboxed struct {
	Config sandbox.Config
	// Runner, when set, runs the commands (each on a stage it prepared ahead, see sandbox.Runner);
	// nil runs each through sandbox.Run.
	Runner *sandbox.Runner
	// OnCPU, when set, receives each command's CPU time (for quotas).
	OnCPU func(time.Duration)
	// Ran, when set, is called after each command, which may have changed the workspace (the
	// workspace's kept usage is then measured again).
	Ran func()
	// Live, when set, receives the command's output as it is written (stdout and stderr
	// interleaved, untrusted and unscreened), for a person watching; it must not block or keep p.
	Live func(p []byte)
}

// RunCommand implements CommandRunner.
func (s Sandboxed) RunCommand(ctx context.Context, argv []string, stdin string) (CommandResult, error) {
	var out lockedBuffer
	cfg := s.Config
	cfg.Stdin, cfg.Stdout, cfg.Stderr = strings.NewReader(stdin), &out, &out
	if s.Live != nil {
		w := liveWriter{&out, s.Live}
		cfg.Stdout, cfg.Stderr = w, w
	}
	run := sandbox.Run
	if s.Runner != nil {
		run = s.Runner.Run
	}
	res, err := run(ctx, cfg, argv)
	if s.Ran != nil {
		s.Ran()
	}
	if res == nil {
		return CommandResult{}, err
	}
	if s.OnCPU != nil {
		s.OnCPU(res.CPUTime)
	}
	return CommandResult{ExitCode: res.ExitCode, Signal: res.Signal, Output: out.String(), Truncated: res.OutputTruncated,
		TimedOut: res.TimedOut || res.CPULimitExceeded, OOMKilled: res.OOMKilled, Duration: res.Duration, Warm: res.Warm,
		DiskExceeded: res.DiskExceeded}, err
}

// liveWriter writes to the buffer and passes what was written on to a watcher.
type liveWriter struct {
	out  *lockedBuffer
	live func([]byte)
}

func (w liveWriter) Write(p []byte) (int, error) {
	n, err := w.out.Write(p)
	w.live(p[:n])
	return n, err
}

// lockedBuffer interleaves a command's stdout and stderr safely.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
