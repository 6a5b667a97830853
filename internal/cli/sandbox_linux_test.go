package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

// requireAvailable fails (never skips) when this machine lacks a mechanism:
// CI runs as root on a kernel that has them all.
func requireAvailable(t *testing.T) {
	t.Helper()
	if err := sandbox.Available(); err != nil {
		t.Fatalf("sandbox mechanisms missing on this machine: %v", err)
	}
}

func TestCheck(t *testing.T) {
	requireAvailable(t)
	code, out, errOut := paddock(t, nil, "", "check")
	if code != ExitOK {
		t.Fatalf("paddock check exited %d:\n%s\n%s", code, out, errOut)
	}
	want := fmt.Sprintf("all %d probes contained", len(sandbox.Probes()))
	if !strings.Contains(out, want) || !strings.Contains(out, "[ok]") {
		t.Errorf("scorecard lacks %q:\n%s", want, out)
	}
}

func TestSandbox(t *testing.T) {
	requireAvailable(t)
	ws := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"exit status passes through", []string{"--workspace", ws, "--", "sh", "-c", "echo hi; exit 4"}, 4, "hi\n", ""},
		{"no command", []string{"--workspace", ws}, ExitUsage, "", "no command given"},
		{"bad flag", []string{"--memory", "lots", "--", "true"}, ExitUsage, "", "byte count"},
		{"not found", []string{"--workspace", ws, "--", "nope-xyz"}, ExitNotFound, "", "command not found"},
		{"env flag", []string{"--workspace", ws, "--env", "GREETING=hey", "--", "sh", "-c", "echo $GREETING"}, 0, "hey\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := paddock(t, nil, "", append([]string{"sandbox"}, tc.args...)...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.wantCode, errOut)
			}
			if tc.wantOut != "" && out != tc.wantOut {
				t.Errorf("stdout %q, want %q", out, tc.wantOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr %q lacks %q", errOut, tc.wantErr)
			}
		})
	}
	t.Run("help teaches, on stdout", func(t *testing.T) {
		code, out, errOut := paddock(t, nil, "", "sandbox", "--help")
		if code != ExitOK || !strings.Contains(out, "Usage: paddock sandbox") || errOut != "" {
			t.Errorf("sandbox --help: exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	})
}
