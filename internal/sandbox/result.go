package sandbox

import (
	"errors"
	"time"
)

// Sentinel errors returned (wrapped) by Run.
var (
	// ErrUnavailable means a required protection is missing on this host;
	// the message names it. Run never starts the command then.
	ErrUnavailable = errors.New("sandbox: protection unavailable")
	// ErrSetup means the sandbox could not be built (a mount, a limit...).
	ErrSetup = errors.New("sandbox: setup failed")
	// ErrCommandNotFound means the command does not exist inside the sandbox.
	ErrCommandNotFound = errors.New("sandbox: command not found")
)

// Result describes how the command ended.
type Result struct {
	// ExitCode is the command's exit status; 128+N when signal N ended it.
	ExitCode int
	// Signal names the signal that ended the command ("SIGKILL"), if any.
	Signal string
	// TimedOut is set when Config.Timeout passed and the tree was killed.
	TimedOut bool
	// OutputTruncated is set when stdout+stderr went past Config.MaxOutput.
	OutputTruncated bool
	// OOMKilled is set when the kernel killed a process for exceeding Memory.
	OOMKilled bool
	// CPULimitExceeded is set when the tree used more than Config.CPU.
	CPULimitExceeded bool
	// DiskExceeded is set when the command added more than Config.Disk to
	// the workspace (what it created was then removed, largest first).
	DiskExceeded bool
	// Duration is the wall time from start to exit; CPUTime the CPU time of
	// the tree (user+system). For a command run on a prepared stage
	// (Warm), the start is when Runner.Run was called.
	Duration, CPUTime time.Duration
	// Warm is set when the command ran on a stage a Runner had prepared
	// ahead of it.
	Warm bool
}

// Protection is one mechanism of the sandbox and whether this host has it.
type Protection struct {
	Name     string
	Present  bool
	Required bool   // Run refuses to start without it (unless a Without* field allows)
	Detail   string // version, path, or why it is missing
}
