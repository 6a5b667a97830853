package sandbox

import (
	"fmt"
	"time"
)

// tmpSize and shmSize bound the sandbox's /tmp and /dev/shm (tmpfs; their
// pages count against Memory as well).
func tmpSize(memory int64) int64 { return memory / 2 }
func shmSize(memory int64) int64 { return memory / 4 }

// Limit is one resource bound a sandboxed command has, for the scorecard.
type Limit struct {
	Name   string // e.g. "disk"
	Value  string // e.g. "1G"
	Detail string // how it is enforced
}

// Limits describes the bounds a command run with cfg gets (zero fields
// take the defaults, as in Run).
func Limits(cfg Config) []Limit {
	cfg = cfg.withDefaults()
	cpu := "unlimited"
	if cfg.CPU > 0 {
		cpu = cfg.CPU.String()
	}
	return []Limit{
		{"memory", formatBytes(cfg.Memory), "whole process tree (cgroup), and each process's data segment (RLIMIT_DATA)"},
		{"processes", fmt.Sprint(cfg.Pids), "processes and threads of the tree (cgroup pids), RLIMIT_NPROC"},
		{"cpu", cpu, "CPU time of the tree (cgroup accounting) and of each process (RLIMIT_CPU)"},
		{"wall time", cfg.Timeout.Round(time.Second).String(), "then the whole tree is killed"},
		{"output", formatBytes(cfg.MaxOutput), "stdout and stderr together; the rest is cut with a notice"},
		{"/tmp", formatBytes(tmpSize(cfg.Memory)), "private tmpfs, also counted against memory; /dev/shm " + formatBytes(shmSize(cfg.Memory))},
		{"disk", formatBytes(cfg.Disk), "bytes one command may add to the workspace: no file past it (RLIMIT_FSIZE); measured after the command, and past it what the command created is removed, largest first"},
	}
}

// formatBytes prints n in the units ParseBytes reads.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dG", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dK", n>>10)
	case n >= 1<<20:
		return fmt.Sprintf("%.1fM", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
