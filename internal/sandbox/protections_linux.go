package sandbox

import (
	"github.com/paddock-dev/paddock/internal/sandbox/stage"

	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// Names of the protections, as shown by `paddock check`.
const (
	protNamespaces = "namespaces (user, mount, pid, net, ipc, uts, cgroup)"
	protUnprivUID  = "unprivileged host uid"
	protNoNewPrivs = "no_new_privs"
	protLandlock   = "landlock"
	protLandlockFS = "landlock TCP rules (ABI 4+)"
	protScopes     = "landlock signal/abstract-socket scopes (ABI 6+)"
	protSeccomp    = "seccomp filter"
	protCgroups    = "cgroup limits (memory, pids)"
	protCPUAcct    = "cgroup CPU accounting"
	protIDMap      = "idmapped workspace mount"
)

var (
	protOnce sync.Once
	prots    []Protection
)

// Protections reports each mechanism on this host. The result is computed
// once per process.
func Protections() []Protection {
	protOnce.Do(func() { prots = detectProtections() })
	return prots
}

// Available reports, cheaply, whether every required mechanism exists here.
// The error wraps ErrUnavailable and names each missing one.
func Available() error {
	var missing []error
	for _, p := range Protections() {
		if p.Required && !p.Present {
			missing = append(missing, fmt.Errorf("%s: %s", p.Name, p.Detail))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %w", ErrUnavailable, errors.Join(missing...))
	}
	return nil
}

func detectProtections() []Protection {
	var out []Protection
	add := func(name string, present, required bool, detail string) {
		out = append(out, Protection{Name: name, Present: present, Required: required, Detail: detail})
	}

	nsMissing := []string{}
	for _, ns := range []string{"user", "mnt", "pid", "net", "ipc", "uts", "cgroup"} {
		if _, err := os.Stat("/proc/self/ns/" + ns); err != nil {
			nsMissing = append(nsMissing, ns)
		}
	}
	maxUserNS := readInt("/proc/sys/user/max_user_namespaces")
	switch {
	case len(nsMissing) > 0:
		add(protNamespaces, false, true, "kernel lacks: "+strings.Join(nsMissing, ", "))
	case maxUserNS == 0:
		add(protNamespaces, false, true, "user namespaces disabled (user.max_user_namespaces = 0)")
	default:
		add(protNamespaces, true, true, "all seven")
	}

	if os.Geteuid() == 0 {
		add(protUnprivUID, true, true, fmt.Sprintf("commands run as uid %d (or the workspace owner's) inside, host uid %d; the stage's uid 0 is host uid %d", UnprivilegedUID, DefaultHostUID+1, DefaultHostUID))
	} else {
		add(protUnprivUID, true, true, fmt.Sprintf("maps to the calling uid %d", os.Geteuid()))
	}

	_, err := unix.PrctlRetInt(unix.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)
	add(protNoNewPrivs, err == nil, true, errDetail(err, "prctl PR_SET_NO_NEW_PRIVS"))

	abi := stage.LandlockABI()
	if abi >= 1 {
		add(protLandlock, true, true, "ABI "+strconv.Itoa(abi))
	} else {
		add(protLandlock, false, true, "not enabled in this kernel (lsm= boot parameter or CONFIG_SECURITY_LANDLOCK)")
	}
	add(protLandlockFS, abi >= 4, false, "ABI "+strconv.Itoa(abi))
	add(protScopes, abi >= 6, false, "ABI "+strconv.Itoa(abi))

	if seccompAvailable() {
		add(protSeccomp, true, true, "filter mode with errno and kill_process actions")
	} else {
		add(protSeccomp, false, true, "seccomp filter mode unavailable (CONFIG_SECCOMP_FILTER)")
	}

	l := hostCgroups()
	switch l.version {
	case 2:
		add(protCgroups, true, true, "v2 at "+l.v2)
		add(protCPUAcct, true, false, "v2 cpu.stat")
	case 1:
		add(protCgroups, true, true, "v1 at "+l.memory+" and "+l.pids)
		add(protCPUAcct, l.cpuacct != "", false, "v1 cpuacct "+l.cpuacct)
	default:
		add(protCgroups, false, true, l.reason)
		add(protCPUAcct, false, false, "no usable cgroup")
	}
	add(protIDMap, os.Geteuid() == 0, false, "mount_setattr(MOUNT_ATTR_IDMAP) needs a root parent; checked per run, plain bind otherwise")
	return out
}

// seccompAvailable reports whether filter mode with the actions we use
// exists.
func seccompAvailable() bool {
	b, err := os.ReadFile("/proc/sys/kernel/seccomp/actions_avail")
	if err != nil {
		return false
	}
	acts := strings.Fields(string(b))
	return contains(acts, "errno") && contains(acts, "kill_process") && contains(acts, "allow")
}

func readInt(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return -1
	}
	return n
}

func errDetail(err error, ok string) string {
	if err != nil {
		return err.Error()
	}
	return ok
}
