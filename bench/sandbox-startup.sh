#!/usr/bin/env bash
# Start-up cost of paddock's sandbox next to bubblewrap, measured side by side in one run
# (alternating, so every row sees the same machine load), with the targets of the sandbox issue:
#
#   paddock sandbox -- /bin/true (one-shot)      <= 1.5 x bwrap
#   the warm path (the agent's commands)         <= 0.5 x bwrap
#   paddock version                              <= 1.5 x an empty Go main
#
# bwrap runs the same command with a comparable setup (all namespaces incl. user and net, new
# session, read-only system dirs, fresh /proc and /dev, private /tmp, the workspace read-write,
# scrubbed environment, no capabilities). The warm path is a sandbox.Runner running /bin/true as
# paddock run's agent does: the stage of the next command is prepared while the model would think
# (off the clock, and finished before the next row is measured); the figure is Runner.Run's wall
# time. "sandbox-only" is the one-shot sandbox in a binary that links nothing else of paddock.
# The "floor" rows start a binary and stop it at the first code of paddock that runs: what any
# of its processes costs before doing anything, from which the script prints the one-shot's
# lower bound.
#
# Usage: bench/sandbox-startup.sh [N]     (default N=200)
set -euo pipefail

N="${1:-200}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$root"
# Pure Go, statically linked, as released.
export CGO_ENABLED=0
go build -o "$tmp/paddock" ./cmd/paddock
go build -o "$tmp/sandbox-only" ./bench/sandboxonly
mkdir -p "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
printf 'module empty\n\ngo 1.24\n' >"$tmp/empty/go.mod"
(cd "$tmp/empty" && go build -o "$tmp/empty-main" .)

if ! command -v bwrap >/dev/null 2>&1; then
	echo "installing bubblewrap..." >&2
	apt-get install -y bubblewrap >/dev/null
fi

ws="$tmp/ws"
mkdir -p "$ws"

python3 - "$N" "$tmp" "$ws" <<'PY'
import os, statistics, subprocess, sys, time

n, tmp, ws = int(sys.argv[1]), sys.argv[2], sys.argv[3]
paddock, sandbox_only, empty = f"{tmp}/paddock", f"{tmp}/sandbox-only", f"{tmp}/empty-main"

bwrap = ["/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
         "--cap-drop", "ALL", "--clearenv",
         "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp"]
for d in ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]:
    if os.path.islink(d):
        bwrap += ["--symlink", os.readlink(d), d]
    elif os.path.isdir(d):
        bwrap += ["--ro-bind", d, d]
bwrap += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", ws, ws, "--chdir", ws, "/bin/true"]

devnull = os.open(os.devnull, os.O_RDWR)

def spawn(argv, path=None):
    def once():
        t = time.perf_counter_ns()
        pid = os.posix_spawn(path or argv[0], argv, {},
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status = os.waitpid(pid, 0)
        dt = time.perf_counter_ns() - t
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{argv[0]} failed with status {status}")
        return dt / 1e6
    return once

warm_proc = subprocess.Popen([sandbox_only, "-warm", ws, "/bin/true"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, bufsize=1)

def warm_once():
    warm_proc.stdin.write("run\n")
    warm_proc.stdin.flush()
    line = warm_proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "ok":
        sys.exit(f"warm path failed: {line}")
    return int(line[1]) / 1e6

rows = {
    "paddock sandbox (one-shot)": spawn([paddock, "sandbox", "--workspace", ws, "--", "/bin/true"]),
    "bwrap (one-shot)": spawn(bwrap),
    "warm path (sandbox.Runner)": warm_once,
    "sandbox-only (one-shot)": spawn([sandbox_only, ws, "/bin/true"]),
    "paddock version": spawn([paddock, "version"]),
    # The floor of any process of a binary: started with the argv0 of the sandbox's user
    # namespace holder and an empty stdin, it exits from package stage's init, the first code
    # of paddock that runs (after the Go runtime and the packages initialised before it).
    "paddock binary, floor": spawn(["paddock-sandbox-userns"], paddock),
    "sandbox-only binary, floor": spawn(["paddock-sandbox-userns"], sandbox_only),
    "empty Go main": spawn([empty]),
    "/bin/true alone": spawn(["/bin/true"]),
}

for once in rows.values():  # warm caches
    for _ in range(5):
        once()

times = {k: [] for k in rows}
for _ in range(n):
    for k, once in rows.items():
        times[k].append(once())
warm_proc.stdin.close()
warm_proc.wait()

def p90(v):
    return sorted(v)[int(len(v) * 0.9)]

med = {k: statistics.median(v) for k, v in times.items()}
print(f"runs: {n} each, alternating; load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
for k, v in times.items():
    print(f"{k:28s} median {med[k]:6.2f} ms   p90 {p90(v):6.2f} ms")
print()
def ratio(a, b, target, rel):
    r = med[a] / med[b]
    verdict = "meets" if (r <= target) else "MISSES"
    print(f"{a} / {b}: {r:.2f}  (target <= {target}: {verdict})")
ratio("paddock sandbox (one-shot)", "bwrap (one-shot)", 1.5, "")
ratio("warm path (sandbox.Runner)", "bwrap (one-shot)", 0.5, "")
ratio("paddock version", "empty Go main", 1.5, "")
print(f"sandbox-only (one-shot) / bwrap (one-shot): {med['sandbox-only (one-shot)'] / med['bwrap (one-shot)']:.2f}  (the sandbox without the rest of paddock's start-up)")
print()
# A one-shot is at least two processes of the binary (Go cannot fork without exec, so the
# namespaces are set up by a re-executed stage) and the command's exec: its lower bound, before
# any namespace, mount or filter is made, against bwrap, which does all of it.
for b in ["paddock binary", "sandbox-only binary"]:
    floor = 2 * med[b + ", floor"] + med["/bin/true alone"]
    print(f"{b}: two starts + /bin/true = {floor:.2f} ms = {floor / med['bwrap (one-shot)']:.2f} x bwrap before any set-up; "
          f"one start / empty Go main = {med[b + ', floor'] / med['empty Go main']:.2f}")
PY
