package sandbox

import (
	"github.com/paddock-dev/paddock/internal/sandbox/stage"

	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/egress"
)

func TestMain(m *testing.M) {
	Init() // the sandbox re-executes this test binary as its stage
	os.Exit(m.Run())
}

// requireAvailable fails (never skips) when this machine lacks a mechanism:
// CI runs as root on a kernel that has them all.
func requireAvailable(t *testing.T) {
	t.Helper()
	if err := Available(); err != nil {
		t.Fatalf("sandbox mechanisms missing on this machine: %v", err)
	}
}

func run(t *testing.T, cfg Config, argv ...string) (*Result, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cfg.Stdout, cfg.Stderr = &stdout, &stderr
	if cfg.Workspace == "" {
		cfg.Workspace = t.TempDir()
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	res, err := Run(context.Background(), cfg, argv)
	if err != nil {
		t.Fatalf("Run(%q): %v (stderr: %s)", argv, err, stderr.String())
	}
	return res, stdout.String(), stderr.String()
}

func TestContainment(t *testing.T) {
	requireAvailable(t)
	list := allProbes()
	if len(list) < 30 {
		t.Fatalf("containment suite has %d probes, want at least 30", len(list))
	}
	env, err := newProbeEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer env.close()
	for _, p := range list {
		t.Run(p.name, func(t *testing.T) {
			o := env.runProbe(context.Background(), p)
			if !o.contained {
				t.Errorf("%s (%s) %s: NOT contained: %s", p.name, p.threat, p.what, o.detail)
			}
		})
	}
	if left := env.processesLeft(); len(left) > 0 {
		t.Errorf("processes of sandbox uids still running after the suite: %v", left)
	}
}

func TestExitStatusAndStreams(t *testing.T) {
	requireAvailable(t)
	tests := []struct {
		name       string
		argv       []string
		stdin      string
		wantCode   int
		wantSignal string
		wantOut    string
		wantErr    string
	}{
		{"success", []string{"true"}, "", 0, "", "", ""},
		{"exit status", []string{"sh", "-c", "exit 7"}, "", 7, "", "", ""},
		{"stdout and stderr apart", []string{"sh", "-c", "echo out; echo err >&2"}, "", 0, "", "out\n", "err\n"},
		{"stdin", []string{"cat"}, "piped input", 0, "", "piped input", ""},
		{"signal of a child", []string{"sh", "-c", "sh -c 'kill -TERM $$'; exit $?"}, "", 128 + 15, "", "", ""},
		{"working directory is the workspace", []string{"sh", "-c", "pwd | grep -q ^/tmp/ && echo ok"}, "", 0, "", "ok\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Stdin: strings.NewReader(tc.stdin)}
			res, out, errOut := run(t, cfg, tc.argv...)
			if res.ExitCode != tc.wantCode || res.Signal != tc.wantSignal {
				t.Errorf("exit %d signal %q, want %d %q (stderr %q)", res.ExitCode, res.Signal, tc.wantCode, tc.wantSignal, errOut)
			}
			if tc.wantOut != "" && out != tc.wantOut {
				t.Errorf("stdout %q, want %q", out, tc.wantOut)
			}
			if tc.wantErr != "" && errOut != tc.wantErr {
				t.Errorf("stderr %q, want %q", errOut, tc.wantErr)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	requireAvailable(t)
	ws := t.TempDir()
	home, _ := os.UserHomeDir()
	tests := []struct {
		name string
		cfg  Config
		argv []string
		want error
	}{
		{"no command", Config{Workspace: ws}, nil, ErrInvalidConfig},
		{"command not found", Config{Workspace: ws}, []string{"no-such-command-xyz"}, ErrCommandNotFound},
		{"workspace is /", Config{Workspace: "/"}, []string{"true"}, ErrInvalidConfig},
		{"workspace is /etc", Config{Workspace: "/etc"}, []string{"true"}, ErrInvalidConfig},
		{"workspace is /tmp", Config{Workspace: "/tmp"}, []string{"true"}, ErrInvalidConfig},
		{"workspace is home", Config{Workspace: home}, []string{"true"}, ErrInvalidConfig},
		{"workspace under /proc", Config{Workspace: "/proc/self"}, []string{"true"}, ErrInvalidConfig},
		{"missing workspace", Config{Workspace: filepath.Join(ws, "nope")}, []string{"true"}, ErrInvalidConfig},
		{"rw grant of /usr", Config{Workspace: ws, ReadWrite: []string{"/usr"}}, []string{"true"}, ErrInvalidConfig},
		{"ro grant of /", Config{Workspace: ws, ReadOnly: []string{"/"}}, []string{"true"}, ErrInvalidConfig},
		{"tiny memory", Config{Workspace: ws, Memory: 1000}, []string{"true"}, ErrInvalidConfig},
		{"bad env", Config{Workspace: ws, Env: []string{"1BAD=x"}}, []string{"true"}, ErrInvalidConfig},
		{"bad allow-net", Config{Workspace: ws, AllowNet: []string{"http://[::1"}}, []string{"true"}, ErrInvalidConfig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(context.Background(), tc.cfg, tc.argv)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Run: error %v, want %v", err, tc.want)
			}
			if res != nil {
				t.Errorf("Run returned a result with a setup error: %+v", res)
			}
		})
	}
}

func TestProtectedSymlinkRefused(t *testing.T) {
	requireAvailable(t)
	ws := t.TempDir()
	if err := os.Symlink("/etc/passwd", filepath.Join(ws, ".bashrc")); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, ws, "symlink")
}

// wantRefused runs a command in workspace ws and wants the run refused as an invalid
// configuration whose message names why.
func wantRefused(t *testing.T, ws, why string) {
	t.Helper()
	_, err := Run(context.Background(), Config{Workspace: ws}, []string{"true"})
	if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), why) {
		t.Fatalf("Run: %v, want a refusal naming %q", err, why)
	}
}

// A workspace owned by a regular user: the command runs as that uid inside
// (an unprivileged host uid outside) and its files belong to the owner.
func TestWorkspaceOwnedByUser(t *testing.T) {
	requireAvailable(t)
	if os.Geteuid() != 0 {
		t.Fatal("this test needs root (CI runs as root)")
	}
	ws := t.TempDir()
	if err := os.Chown(ws, 1234, 1234); err != nil {
		t.Fatal(err)
	}
	res, out, errOut := run(t, Config{Workspace: ws}, "sh", "-c", "id -u; echo hi > made.txt; cat /proc/self/uid_map")
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %s", res.ExitCode, errOut)
	}
	if !strings.HasPrefix(out, "1234\n") {
		t.Errorf("command uid inside = %q, want 1234", out)
	}
	if !strings.Contains(out, strconv.Itoa(DefaultHostUID+1)) {
		t.Errorf("uid map %q does not map to the unprivileged host uid %d", out, DefaultHostUID+1)
	}
	st, err := os.Stat(filepath.Join(ws, "made.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || sys.Uid != 1234 {
		t.Errorf("file made inside is owned by %v on the host, want the workspace owner 1234", st.Sys())
	}
}

func TestLimitsReported(t *testing.T) {
	requireAvailable(t)
	t.Run("timeout", func(t *testing.T) {
		res, _, errOut := run(t, Config{Timeout: 300 * time.Millisecond}, "sleep", "30")
		if !res.TimedOut || res.Signal != "SIGKILL" || res.ExitCode != 137 {
			t.Errorf("result %+v, want a timed-out SIGKILL", res)
		}
		if !strings.Contains(errOut, "timed out") {
			t.Errorf("no timeout notice in stderr %q", errOut)
		}
	})
	t.Run("oom", func(t *testing.T) {
		// Four processes of 40 MiB each: every one is under the per-process
		// data rlimit, together they pass the 64 MiB cgroup limit.
		res, out, _ := run(t, Config{Memory: 64 << 20}, "python3", "-c", `
import os, time
for i in range(4):
    if os.fork() == 0:
        b = bytearray(40 << 20); b[::4096] = b"x" * len(b[::4096]); time.sleep(2); os._exit(0)
ok = all(os.wait()[1] == 0 for _ in range(4))
print("all survived" if ok else "some killed")`)
		if !res.OOMKilled || strings.Contains(out, "all survived") {
			t.Fatalf("160 MiB across a 64 MiB tree: OOMKilled=%v, output %q", res.OOMKilled, out)
		}
	})
	t.Run("output cap", func(t *testing.T) {
		res, out, errOut := run(t, Config{MaxOutput: 1000}, "sh", "-c", "head -c 5000 /dev/zero")
		if !res.OutputTruncated || len(out) != 1000 {
			t.Errorf("truncated=%v stdout %d bytes, want 1000", res.OutputTruncated, len(out))
		}
		if !strings.Contains(errOut, "output truncated at 1000 bytes") {
			t.Errorf("no truncation notice in %q", errOut)
		}
	})
}

func TestContextCancel(t *testing.T) {
	requireAvailable(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	res, err := Run(ctx, Config{Workspace: t.TempDir(), Stdout: io.Discard}, []string{"sleep", "30"})
	if !errors.Is(err, context.Canceled) || res == nil || res.Signal != "SIGKILL" {
		t.Fatalf("Run after cancel: %+v, %v; want a killed result and context.Canceled", res, err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("cancel took %v", time.Since(start))
	}
}

// The positive path of --allow-net: an allowlisted destination is reached
// through the proxy (here a host test server granted explicitly).
func TestProxyReachesAllowlisted(t *testing.T) {
	requireAvailable(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello from the host")
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().(*net.TCPAddr)
	pol, err := egress.ParsePolicy([]string{"127.0.0.1:" + strconv.Itoa(addr.Port)})
	if err != nil {
		t.Fatal(err)
	}
	pol = pol.AllowPrivate(netip.MustParsePrefix("127.0.0.1/32"))
	cfg := Config{Egress: &pol, Logger: slog.New(slog.DiscardHandler)}
	res, out, errOut := run(t, cfg, "sh", "-c", "curl -sS --max-time 10 http://127.0.0.1:"+strconv.Itoa(addr.Port)+"/ && echo && curl -sS --max-time 5 --noproxy '*' http://127.0.0.1:"+strconv.Itoa(addr.Port)+"/ || echo direct-refused")
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %s", res.ExitCode, errOut)
	}
	if !strings.Contains(out, "hello from the host") || !strings.Contains(out, "direct-refused") {
		t.Errorf("output %q: want the body through the proxy and a refused direct connection", out)
	}
}

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true}, {"512K", 512 << 10, true}, {"64M", 64 << 20, true}, {"2G", 2 << 30, true},
		{"1.5G", 3 << 29, true}, {"1T", 1 << 40, true}, {"10MiB", 10 << 20, true}, {"10MB", 10 << 20, true},
		{"", 0, false}, {"M", 0, false}, {"-1M", 0, false}, {"0x10", 0, false}, {"1e9", 0, false},
		{"NaN", 0, false}, {"Inf", 0, false}, {"9999999T", 0, false}, {"1_000", 0, false}, {"lots", 0, false},
	}
	for _, tc := range tests {
		got, err := ParseBytes(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("ParseBytes(%q) error %v does not wrap ErrInvalidConfig", tc.in, err)
		}
	}
}

func TestParseEnvEntry(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"A=1", true}, {"_X=", true}, {"PATH=/bin:/usr/bin", true}, {"a_b9=x=y", true},
		{"=x", false}, {"NOEQUALS", false}, {"9A=1", false}, {"A-B=1", false}, {"A B=1", false},
		{"A=x\x00y", false}, {strings.Repeat("K", 300) + "=1", false},
	}
	for _, tc := range tests {
		_, _, err := parseEnvEntry(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("parseEnvEntry(%q) error %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestBuildEnvScrubs(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-should-not-pass")
	t.Setenv("LANG", "de_DE.UTF-8")
	env := buildEnv(Config{Env: []string{"HOME=/work", "EXTRA=1"}})
	got := strings.Join(env, "\n")
	for _, want := range []string{"PATH=" + sandboxPath, "HOME=/work", "LANG=de_DE.UTF-8", "TMPDIR=/tmp", "EXTRA=1"} {
		if !strings.Contains(got, want) {
			t.Errorf("env lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "sk-should-not-pass") || strings.Count(got, "HOME=") != 1 {
		t.Errorf("env not scrubbed or HOME duplicated:\n%s", got)
	}
}

func TestOutputLimiter(t *testing.T) {
	var out, errOut bytes.Buffer
	l := newOutputLimiter(10, &out, &errOut)
	for _, w := range []struct {
		s   io.Writer
		str string
	}{{l.stdout(), "hello"}, {l.stderr(), "abc"}, {l.stdout(), "world"}, {l.stderr(), "zzz"}} {
		n, err := w.s.Write([]byte(w.str))
		if n != len(w.str) || err != nil {
			t.Fatalf("Write = %d, %v; the limiter must report everything written", n, err)
		}
	}
	if !l.finish() {
		t.Error("finish did not report truncation")
	}
	if out.String() != "hellowo" || !strings.HasPrefix(errOut.String(), "abc\n[paddock: output truncated at 10 bytes") {
		t.Errorf("stdout %q stderr %q", out.String(), errOut.String())
	}
}

func FuzzParseBytes(f *testing.F) {
	for _, s := range []string{"1", "512K", "1.5G", "10MiB", "", "-1", "1e9", "9999999999T"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseBytes(s)
		if err == nil && v < 0 {
			t.Fatalf("ParseBytes(%q) = %d", s, v)
		}
		if err != nil && !errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("ParseBytes(%q): unwrapped error %v", s, err)
		}
	})
}

func FuzzParseEnvEntry(f *testing.F) {
	for _, s := range []string{"A=1", "=", "A", "A=\x00", "Ä=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, v, err := parseEnvEntry(s)
		if err != nil {
			return
		}
		if k+"="+v != s || strings.ContainsAny(k, "= \x00") || strings.IndexByte(v, 0) >= 0 {
			t.Fatalf("parseEnvEntry(%q) accepted key %q value %q", s, k, v)
		}
	})
}

func BenchmarkRunTrue(b *testing.B) {
	if err := Available(); err != nil {
		b.Fatal(err)
	}
	ws := b.TempDir()
	for b.Loop() {
		res, err := Run(context.Background(), Config{Workspace: ws}, []string{"/bin/true"})
		if err != nil || res.ExitCode != 0 {
			b.Fatalf("%v %+v", err, res)
		}
	}
}

func ExampleRun() {
	ws, _ := os.MkdirTemp("", "example-")
	defer os.RemoveAll(ws)
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{Workspace: ws, Stdout: &out, Timeout: 10 * time.Second},
		[]string{"sh", "-c", "echo hello from inside; ls /root 2>&1 | head -c 0"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Print(out.String())
	fmt.Println("exit", res.ExitCode)
	// Output:
	// hello from inside
	// exit 0
}

func TestGrants(t *testing.T) {
	requireAvailable(t)
	base := t.TempDir()
	roDir, rwDir, roFile := filepath.Join(base, "data"), filepath.Join(base, "out"), filepath.Join(base, "token.txt")
	for _, d := range []string{roDir, rwDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(roDir, "in.txt"), []byte("input"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(roFile, []byte("tok"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config{ReadOnly: []string{roDir, roFile}, ReadWrite: []string{rwDir}}
	script := fmt.Sprintf(`cat %[1]s/in.txt %[3]s; echo; echo x > %[1]s/new 2>/dev/null && echo RO-DIR-WRITABLE; echo x >> %[3]s 2>/dev/null && echo RO-FILE-WRITABLE; echo result > %[2]s/r.txt && echo rw-ok; ls %[4]s 2>&1 | head -c 0`, roDir, rwDir, roFile, filepath.Join(base, "other"))
	res, out, errOut := run(t, cfg, "sh", "-c", script)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %s", res.ExitCode, errOut)
	}
	if out != "inputtok\nrw-ok\n" {
		t.Errorf("output %q, want the read-only grants readable, not writable, and the rw grant writable", out)
	}
	if b, err := os.ReadFile(filepath.Join(rwDir, "r.txt")); err != nil || string(b) != "result\n" {
		t.Errorf("rw grant write did not reach the host: %q %v", b, err)
	}
}

// Parallel tool calls of an agent run sandboxes side by side; each must get
// its own namespaces, cgroup and /tmp.
func TestConcurrentRuns(t *testing.T) {
	requireAvailable(t)
	const n = 6
	errs := make(chan error, n)
	for i := range n {
		go func() {
			ws := t.TempDir()
			var out bytes.Buffer
			script := fmt.Sprintf("echo %d > /tmp/id; sleep 0.2; cat /tmp/id; ls /proc | grep -c '^[0-9]'", i)
			res, err := Run(context.Background(), Config{Workspace: ws, Stdout: &out, Timeout: 20 * time.Second}, []string{"sh", "-c", script})
			switch {
			case err != nil:
				errs <- err
			case res.ExitCode != 0:
				errs <- fmt.Errorf("run %d exited %d", i, res.ExitCode)
			case !strings.HasPrefix(out.String(), fmt.Sprintf("%d\n", i)) || !strings.Contains("1 2 3", strings.TrimSpace(strings.TrimPrefix(out.String(), fmt.Sprintf("%d\n", i)))):
				errs <- fmt.Errorf("run %d saw %q: another sandbox's /tmp or processes", i, out.String())
			default:
				errs <- nil
			}
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// Each layer holds on its own: with one layer deliberately broken, the next
// one still refuses (THREATS.md SBX-02: one failing must not open the box).
func TestLayersHoldAlone(t *testing.T) {
	requireAvailable(t)
	secretDir, err := os.MkdirTemp("", "paddock-layer-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(secretDir)
	if err := os.Chmod(secretDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(secretDir, "s.txt"), []byte("layer-secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		hook   func(*stage.Spec)
		script string
		want   string
	}{
		{"wrong mount, Landlock denies the read",
			func(s *stage.Spec) {
				s.Mounts = append(s.Mounts, stage.Mount{Kind: stage.KindBind, Src: secretDir, Dst: "/srv/leak"})
			},
			"ls /srv/leak; cat /srv/leak/s.txt 2>&1", "Permission denied"},
		{"wrong writable mount, Landlock denies the write",
			func(s *stage.Spec) {
				s.Mounts = append(s.Mounts, stage.Mount{Kind: stage.KindBind, Src: secretDir, Dst: "/srv/leak", Write: true})
			},
			"echo x > /srv/leak/new.txt 2>&1", "ermission denied"},
		{"no seccomp, no capabilities still stop mount",
			func(s *stage.Spec) { s.Seccomp = false },
			// mount(2) itself: mount(8) refuses a non-root uid before trying.
			`grep Seccomp: /proc/self/status; python3 -c 'import ctypes, os; l = ctypes.CDLL(None, use_errno=True); l.mount(b"none", b"/tmp", b"tmpfs", 0, None); print(os.strerror(ctypes.get_errno()))'`,
			"Operation not permitted"},
		{"no seccomp, no capabilities still stop raw sockets",
			func(s *stage.Spec) { s.Seccomp = false },
			`python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)' 2>&1 | tail -1`, "PermissionError"},
		{"no Landlock, the mount view still hides /root",
			func(s *stage.Spec) { s.Landlock = false },
			"ls /root/.ssh 2>&1; cat /proc/self/status | grep -c Landlock", "No such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testHookSpec = tc.hook
			defer func() { testHookSpec = nil }()
			_, out, errOut := run(t, Config{}, "sh", "-c", tc.script)
			if !strings.Contains(out+errOut, tc.want) || strings.Contains(out, "layer-secret") {
				t.Errorf("output %q, want it to contain %q and no secret", out+errOut, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(secretDir, "new.txt")); err == nil {
		t.Error("a write through the wrong mount reached the host")
	}
}

// TestCommandRunsUnprivileged: the command is never uid 0 inside; it owns
// the workspace's files through the idmapped mount, and what it creates
// belongs to the workspace's owner on the host.
// TestUnprivilegedCallerRunsAsItself: run by an ordinary user (no root, so no cgroup
// delegation and only its own ids mappable), the command is that user inside too, never uid 0
// of its namespace, and ends with no capability. The test binary is re-run as uid 1000; its
// copy and the workspace belong to that user.
func TestUnprivilegedCallerRunsAsItself(t *testing.T) {
	if ws := os.Getenv("PADDOCK_TEST_ROOTLESS_WS"); ws != "" {
		rootlessChild(ws)
		return
	}
	requireAvailable(t)
	if os.Geteuid() != 0 {
		t.Fatalf("this test needs root (CI runs as root) to start its unprivileged caller")
	}
	const uid = 1000
	// Not t.TempDir: its parent is 0700, so the caller could not reach its copy.
	dir, err := os.MkdirTemp("", "paddock-rootless-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "sandbox.test")
	self, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(dir, "ws")
	if err := os.Mkdir(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(ws, uid, uid); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestUnprivilegedCallerRunsAsItself$")
	cmd.Env = []string{"PADDOCK_TEST_ROOTLESS_WS=" + ws, "PATH=/usr/bin:/bin", "HOME=" + dir}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the unprivileged run failed: %v\n%s", err, out)
	}
	want := "1000:1000\n1000:1000\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n"
	if !strings.Contains(string(out), "inside:\n"+want) {
		t.Fatalf("output %q, want the command as 1000:1000 with no capabilities:\n%s", out, want)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(filepath.Join(ws, "made.txt"), &st); err != nil {
		t.Fatal(err)
	}
	if st.Uid != uid || st.Gid != uid {
		t.Errorf("on the host the new file belongs to %d:%d, want the caller %d", st.Uid, st.Gid, uid)
	}
}

// rootlessChild is the unprivileged caller of TestUnprivilegedCallerRunsAsItself.
func rootlessChild(ws string) {
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{
		Workspace: ws, Stdout: &out, Stderr: &out, Timeout: 30 * time.Second,
		WithoutCgroupLimits: true, // an ordinary user has no cgroup of its own here
	}, []string{"sh", "-c", `echo "$(id -u):$(id -g)"; echo x > made.txt && stat -c '%u:%g' made.txt; grep -E '^Cap(Eff|Amb)' /proc/self/status`})
	if err != nil {
		fmt.Fprintln(os.Stderr, "Run:", err)
		os.Exit(1)
	}
	fmt.Printf("exit %d inside:\n%s", res.ExitCode, out.String())
	if res.ExitCode != 0 {
		os.Exit(1)
	}
}

func TestCommandRunsUnprivileged(t *testing.T) {
	requireAvailable(t)
	if os.Geteuid() != 0 {
		t.Fatalf("this test needs root (CI runs as root): the uid mapping differs unprivileged")
	}
	tests := []struct {
		name      string
		owner     int
		wantInner string
	}{
		{"root-owned workspace", 0, "1000:1000"},
		{"user-owned workspace", 1234, "1234:1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := t.TempDir()
			if err := os.Chown(ws, tt.owner, tt.owner); err != nil {
				t.Fatal(err)
			}
			res, out, errOut := run(t, Config{Workspace: ws}, "sh", "-c",
				`echo "$(id -u):$(id -g)"; echo x > made.txt && stat -c '%u:%g' made.txt; touch "$HOME/home-is-writable" && echo home ok`)
			want := tt.wantInner + "\n" + tt.wantInner + "\nhome ok\n"
			if res.ExitCode != 0 || out != want {
				t.Fatalf("output %q (stderr %q), want %q", out, errOut, want)
			}
			var st syscall.Stat_t
			if err := syscall.Stat(filepath.Join(ws, "made.txt"), &st); err != nil {
				t.Fatal(err)
			}
			if int(st.Uid) != tt.owner || int(st.Gid) != tt.owner {
				t.Errorf("on the host the new file belongs to %d:%d, want the workspace owner %d", st.Uid, st.Gid, tt.owner)
			}
		})
	}
}
