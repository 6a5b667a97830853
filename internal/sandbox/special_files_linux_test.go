package sandbox

import (
	"github.com/paddock-dev/paddock/internal/sandbox/stage"

	"strings"
	"testing"
)

// specialFileAttempts each try to leave a FIFO or a device node where the host
// (workspace) or the next command (/tmp, /dev/shm) would find it.
var specialFileAttempts = []struct{ name, cmd string }{
	{"mkfifo-workspace", "mkfifo report.txt"},
	{"mkfifo-subdir", "mkdir -p out && mkfifo out/report.txt"},
	{"mkfifo-tmp", "mkfifo /tmp/fifo"},
	{"mkfifo-shm", "mkfifo /dev/shm/fifo"},
	{"mknod-fifo", "mknod pipe p"},
	{"mknod-char", "mknod null2 c 1 3"},
	{"mknod-block", "mknod disk b 8 0"},
	{"mknod-whiteout", "mknod whiteout c 0 0"}, // 0:0 needs no CAP_MKNOD since Linux 5.8
	{"python-mkfifo", `python3 -c 'import os; os.mkfifo("py.fifo")'`},
	{"python-mknod-fifo", `python3 -c 'import os, stat; os.mknod("py2.fifo", stat.S_IFIFO | 0o644)'`},
	// umode_t is 16 bits: bit 16 is dropped by the kernel, so it must not
	// hide the file type from the filter either.
	{"mknodat-high-bits", `python3 -c '
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
if libc.mknodat(-100, b"hb.fifo", 0x10000 | 0o10644, 0) != 0:
    raise SystemExit(os.strerror(ctypes.get_errno()))'`},
}

// TestFIFOAndDeviceNodesDenied reproduces the pentest finding (mkfifo
// report.txt hangs the host reader) and shows both walls hold: Landlock
// without seccomp, and seccomp without Landlock.
func TestFIFOAndDeviceNodesDenied(t *testing.T) {
	requireAvailable(t)
	var script strings.Builder
	script.WriteString(`try() { name=$1; shift; if err=$(sh -c "$1" 2>&1); then echo "$name: CREATED"; else echo "$name: $(echo "$err" | tail -n 1)"; fi; }` + "\n")
	for _, a := range specialFileAttempts {
		script.WriteString("try " + a.name + " '" + strings.ReplaceAll(a.cmd, "'", `'\''`) + "'\n")
	}
	// Control: a regular file through mknod (Python's os.mknod default) works.
	script.WriteString(`try plain-mknod 'python3 -c "import os; os.mknod(\"plain\")"'` + "\n")

	layers := []struct {
		name    string
		hook    func(*stage.Spec)
		wantErr string
	}{
		// seccomp answers at syscall entry, before Landlock: EPERM.
		{"all layers", nil, "Operation not permitted"},
		{"Landlock alone", func(s *stage.Spec) { s.Seccomp = false }, "Permission denied"},
		{"seccomp alone", func(s *stage.Spec) { s.Landlock = false }, "Operation not permitted"},
	}
	for _, layer := range layers {
		t.Run(layer.name, func(t *testing.T) {
			testHookSpec = layer.hook
			defer func() { testHookSpec = nil }()
			ws := t.TempDir()
			res, out, errOut := run(t, Config{Workspace: ws}, "sh", "-c", script.String())
			if res.ExitCode != 0 {
				t.Fatalf("exit %d: %s%s", res.ExitCode, out, errOut)
			}
			lines := map[string]string{}
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				name, msg, _ := strings.Cut(l, ": ")
				lines[name] = msg
			}
			for _, a := range specialFileAttempts {
				msg, ok := lines[a.name]
				switch {
				case !ok:
					t.Errorf("%s: no result in output %q", a.name, out)
				case msg == "CREATED":
					t.Errorf("%s: %s succeeded inside the sandbox", a.name, a.cmd)
				case !strings.Contains(msg, layer.wantErr):
					t.Errorf("%s: error %q, want %q from the layer that refuses it", a.name, msg, layer.wantErr)
				}
			}
			if lines["plain-mknod"] != "CREATED" {
				t.Errorf("control: a regular file through mknod failed: %q", lines["plain-mknod"])
			}
			if err := noSpecialFilesUnder(ws); err != nil {
				t.Error(err)
			}
		})
	}
	// Control: with both walls removed the attack works, so the checks
	// above can see it (char and block nodes still need CAP_MKNOD).
	t.Run("control without both walls", func(t *testing.T) {
		testHookSpec = func(s *stage.Spec) { s.Seccomp, s.Landlock = false, false }
		defer func() { testHookSpec = nil }()
		ws := t.TempDir()
		_, out, _ := run(t, Config{Workspace: ws}, "sh", "-c", "mkfifo report.txt && echo made")
		if out != "made\n" || noSpecialFilesUnder(ws) == nil {
			t.Fatalf("mkfifo without Landlock and seccomp: %q; the test cannot detect a FIFO", out)
		}
	})
}
