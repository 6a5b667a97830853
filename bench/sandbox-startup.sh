#!/usr/bin/env bash
# Start-up cost of `paddock sandbox -- /bin/true` next to bubblewrap running
# the same command with a comparable setup (all namespaces incl. user and net,
# new session, read-only system dirs, fresh /proc and /dev, private /tmp, the
# workspace read-write, scrubbed environment, no capabilities), measured side
# by side in one run (alternating, so both see the same machine load).
#
# Usage: bench/sandbox-startup.sh [N]     (default N=200)
# Prints the median and p90 wall time of each, the ratios to bwrap, and the
# cost of spawning /bin/true alone (included in every figure). "sandbox-only"
# is the same sandbox code in a binary that links nothing else.
set -euo pipefail

N="${1:-200}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$root"
# Pure Go, statically linked (no dynamic loader at each of the two starts:
# the CLI process and the sandbox's re-executed setup stage).
export CGO_ENABLED=0
go build -o "$tmp/paddock" ./cmd/paddock
# The same sandbox code in a binary that links nothing else: the difference
# to the row above is what the rest of paddock's package initialisation costs
# (it runs twice: in the CLI process and in the re-executed setup stage).
go build -o "$tmp/sandbox-only" ./bench/sandboxonly

if ! command -v bwrap >/dev/null 2>&1; then
	echo "installing bubblewrap..." >&2
	apt-get install -y bubblewrap >/dev/null
fi

ws="$tmp/ws"
mkdir -p "$ws"

python3 - "$N" "$tmp/paddock" "$tmp/sandbox-only" "$ws" <<'EOF'
import os, statistics, sys, time

n, paddock, sandbox_only, ws = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

bwrap = ["bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
         "--cap-drop", "ALL", "--clearenv",
         "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp"]
for d in ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]:
    if os.path.islink(d):
        bwrap += ["--symlink", os.readlink(d), d]
    elif os.path.isdir(d):
        bwrap += ["--ro-bind", d, d]
bwrap += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", ws, ws, "--chdir", ws, "/bin/true"]

cmds = {
    "paddock sandbox": [paddock, "sandbox", "--workspace", ws, "--", "/bin/true"],
    "sandbox-only": [sandbox_only, ws, "/bin/true"],
    "bwrap": bwrap,
    "/bin/true alone": ["/bin/true"],
}

devnull = os.open(os.devnull, os.O_RDWR)

def once(argv):
    t = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0] if argv[0].startswith("/") else "/usr/bin/" + argv[0], argv, {},
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status = os.waitpid(pid, 0)
    dt = time.perf_counter_ns() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed with status {status}")
    return dt / 1e6

for argv in cmds.values():  # warm caches
    for _ in range(5):
        once(argv)

times = {k: [] for k in cmds}
for _ in range(n):
    for k, argv in cmds.items():
        times[k].append(once(argv))

def p90(v):
    return sorted(v)[int(len(v) * 0.9)]

print(f"runs: {n} each, alternating; load average {os.getloadavg()[0]:.2f}")
for k, v in times.items():
    print(f"{k:18s} median {statistics.median(v):6.2f} ms   p90 {p90(v):6.2f} ms")
for k in ["paddock sandbox", "sandbox-only"]:
    ratio = statistics.median(times[k]) / statistics.median(times["bwrap"])
    print(f"ratio {k}/bwrap (median): {ratio:.2f}")
EOF
