package sandbox

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runOn runs argv through r with the test's workspace and returns the
// result and the interleaved output.
func runOn(t *testing.T, r *Runner, cfg Config, stdin string, argv ...string) (*Result, string) {
	t.Helper()
	var out bytes.Buffer
	cfg.Stdin, cfg.Stdout, cfg.Stderr = strings.NewReader(stdin), &out, &out
	res, err := r.Run(context.Background(), cfg, argv)
	if err != nil {
		t.Fatalf("Run(%q): %v (output: %s)", argv, err, out.String())
	}
	return res, out.String()
}

func TestRunnerWarmStage(t *testing.T) {
	requireAvailable(t)
	r := &Runner{}
	defer r.Close()
	cfg := Config{Workspace: t.TempDir(), Timeout: 30 * time.Second}

	res, out := runOn(t, r, cfg, "", "sh", "-c", "echo first; echo kept > /tmp/left; (sleep 60 &) ; echo err >&2")
	if res.Warm || res.ExitCode != 0 || out != "first\nerr\n" {
		t.Fatalf("first command: warm=%v exit=%d output %q; want a cold start, exit 0", res.Warm, res.ExitCode, out)
	}
	// The next command runs on the stage prepared meanwhile: a fresh
	// sandbox with its own /tmp and PID namespace, and its own stdin.
	res, out = runOn(t, r, cfg, "from stdin\n", "sh", "-c", "cat; ls /tmp; ls /proc | grep -c '^[0-9]'; exit 3")
	if !res.Warm {
		t.Fatal("second command did not run on the prepared stage")
	}
	if res.ExitCode != 3 {
		t.Errorf("exit code %d, want 3", res.ExitCode)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 2 || lines[0] != "from stdin" || strings.Contains(out, "left") {
		t.Errorf("output %q: want stdin echoed and an empty /tmp", out)
	}
	// sh, ls and grep at most: nothing of the first command's background sleep.
	if n := lines[len(lines)-1]; n > "3" || len(n) != 1 {
		t.Errorf("%s processes visible; the first command's must not survive into the second", n)
	}
}

func TestRunnerDiscardsUnfitStages(t *testing.T) {
	requireAvailable(t)
	ws := t.TempDir()
	base := Config{Workspace: ws, Timeout: 30 * time.Second}
	tests := []struct {
		name     string
		runner   *Runner
		change   func(t *testing.T, c *Config)
		wantWarm bool
	}{
		{"control: nothing changed", &Runner{}, func(*testing.T, *Config) {}, true},
		{"memory limit changed", &Runner{}, func(_ *testing.T, c *Config) { c.Memory = 300 << 20 }, false},
		{"environment changed", &Runner{}, func(_ *testing.T, c *Config) { c.Env = []string{"A=1"} }, false},
		{"network grant changed", &Runner{}, func(_ *testing.T, c *Config) { c.AllowNet = []string{"example.com"} }, false},
		{"git write changed", &Runner{}, func(_ *testing.T, c *Config) { c.AllowGitWrite = true }, false},
		{"waited too long", &Runner{MaxIdle: time.Nanosecond}, func(*testing.T, *Config) {}, false},
		{"workspace replaced", &Runner{}, func(t *testing.T, c *Config) {
			if err := os.Rename(ws, ws+".old"); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(ws, 0o755); err != nil {
				t.Fatal(err)
			}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer tt.runner.Close()
			runOn(t, tt.runner, base, "", "true")
			tt.runner.WaitPrepared(context.Background()) // the next stage exists before the change
			cfg := base
			tt.change(t, &cfg)
			res, _ := runOn(t, tt.runner, cfg, "", "true")
			if res.Warm != tt.wantWarm {
				t.Errorf("warm = %v, want %v", res.Warm, tt.wantWarm)
			}
		})
	}
}

func TestRunnerPerCommandSettings(t *testing.T) {
	requireAvailable(t)
	r := &Runner{}
	defer r.Close()
	cfg := Config{Workspace: t.TempDir(), Timeout: 30 * time.Second}
	runOn(t, r, cfg, "", "true")
	// Timeout and output cap are the command's own, not the prepared stage's.
	cfg.Timeout, cfg.MaxOutput = 300*time.Millisecond, 5
	res, out := runOn(t, r, cfg, "", "sh", "-c", "echo 1234567890; sleep 30")
	if !res.Warm || !res.TimedOut || !res.OutputTruncated || !strings.HasPrefix(out, "12345") {
		t.Errorf("warm=%v timed out=%v truncated=%v output %q", res.Warm, res.TimedOut, res.OutputTruncated, out)
	}
	if res.Duration > 5*time.Second {
		t.Errorf("took %v", res.Duration)
	}
	// A command that does not exist is reported as on a cold start.
	_, err := r.Run(context.Background(), cfg, []string{"no-such-command-here"})
	if err == nil || !strings.Contains(err.Error(), "not on the sandbox's PATH") {
		t.Errorf("missing command on a warm stage: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cfg.Workspace, ".git")); err != nil {
		t.Errorf("workspace placeholder: %v", err)
	}
}

func TestRunnerClose(t *testing.T) {
	requireAvailable(t)
	r := &Runner{}
	cfg := Config{Workspace: t.TempDir(), Timeout: 30 * time.Second, HostUID: proberHostUID()}
	runOn(t, r, cfg, "", "true")
	r.Close()
	env := &probeEnv{hostUID: cfg.HostUID}
	if left := env.processesLeft(); len(left) > 0 {
		t.Errorf("processes of the prepared stage left after Close: %v", left)
	}
	// A closed Runner still runs commands, cold, and prepares nothing.
	res, _ := runOn(t, r, cfg, "", "true")
	if res.Warm {
		t.Error("a closed Runner used a prepared stage")
	}
}

// BenchmarkRunnerWarm is the agent's path: a command on a prepared stage.
// The next stage is prepared between iterations, as between an agent's
// commands (the model thinks for seconds), off the clock.
func BenchmarkRunnerWarm(b *testing.B) {
	if err := Available(); err != nil {
		b.Fatal(err)
	}
	r := &Runner{}
	defer r.Close()
	cfg := Config{Workspace: b.TempDir(), Timeout: 30 * time.Second}
	ctx := context.Background()
	if _, err := r.Run(ctx, cfg, []string{"/bin/true"}); err != nil {
		b.Fatal(err)
	}
	warm := 0
	for b.Loop() {
		b.StopTimer()
		r.WaitPrepared(ctx)
		b.StartTimer()
		res, err := r.Run(ctx, cfg, []string{"/bin/true"})
		if err != nil {
			b.Fatal(err)
		}
		if res.Warm {
			warm++
		}
	}
	b.ReportMetric(float64(warm)/float64(b.N), "warm/op")
}
