package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// cgroupLayout says where this process may create per-run cgroups. Each run
// gets a child of the cgroup this process is in (never of the hierarchy
// root), so a paddock that is itself limited stays within its limits.
type cgroupLayout struct {
	version int    // 2, 1, or 0 when unusable
	v2      string // v2: parent directory for run cgroups
	memory  string // v1: parent directories per controller
	pids    string
	cpuacct string // v1, optional: CPU accounting
	reason  string // why unusable, for the error and the scorecard
}

var (
	layoutOnce sync.Once
	layout     cgroupLayout
	cgroupSeq  atomic.Uint64
)

func hostCgroups() cgroupLayout {
	layoutOnce.Do(func() { layout = detectCgroups() })
	return layout
}

// detectCgroups prefers a v2 hierarchy with memory and pids delegated to our
// cgroup's children, else v1 memory and pids hierarchies we can write.
func detectCgroups() cgroupLayout {
	mounts, err := cgroupMounts()
	if err != nil {
		return cgroupLayout{reason: err.Error()}
	}
	own, err := ownCgroups()
	if err != nil {
		return cgroupLayout{reason: err.Error()}
	}
	var reasons []string
	if mnt, ok := mounts["cgroup2"]; ok {
		dir := filepath.Join(mnt, own[""])
		if err := v2Delegated(dir); err == nil {
			return cgroupLayout{version: 2, v2: dir}
		} else {
			reasons = append(reasons, "v2: "+err.Error())
		}
	}
	l := cgroupLayout{version: 1}
	for _, c := range []struct {
		name string
		dst  *string
	}{{"memory", &l.memory}, {"pids", &l.pids}, {"cpuacct", &l.cpuacct}} {
		mnt, ok := mounts[c.name]
		if !ok {
			continue
		}
		dir := filepath.Join(mnt, own[c.name])
		if err := syscall.Access(dir, 2 /* W_OK */); err != nil {
			reasons = append(reasons, fmt.Sprintf("v1 %s: %s not writable: %v", c.name, dir, err))
			continue
		}
		*c.dst = dir
	}
	if l.memory == "" || l.pids == "" {
		reasons = append(reasons, "v1: memory and pids controllers are not both mounted and writable")
		return cgroupLayout{reason: strings.Join(reasons, "; ")}
	}
	return l
}

// cgroupMounts maps a v1 controller name (or "cgroup2") to its mount point.
func cgroupMounts() (map[string]string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, fmt.Errorf("reading mountinfo: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		if !ok {
			continue
		}
		pf, qf := strings.Fields(pre), strings.Fields(post)
		if len(pf) < 5 || len(qf) < 3 {
			continue
		}
		mnt := pf[4]
		switch qf[0] {
		case "cgroup2":
			if _, dup := out["cgroup2"]; !dup {
				out["cgroup2"] = mnt
			}
		case "cgroup":
			for _, opt := range strings.Split(qf[2], ",") {
				if opt == "memory" || opt == "pids" || opt == "cpuacct" {
					if _, dup := out[opt]; !dup {
						out[opt] = mnt
					}
				}
			}
		}
	}
	return out, sc.Err()
}

// ownCgroups maps a v1 controller (or "" for v2) to this process's path.
func ownCgroups() (map[string]string, error) {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil, fmt.Errorf("reading /proc/self/cgroup: %w", err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out[""] = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			out[c] = parts[2]
		}
	}
	return out, nil
}

// v2Delegated reports whether children of dir get memory and pids.
func v2Delegated(dir string) error {
	avail, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return err
	}
	if f := strings.Fields(string(avail)); !contains(f, "memory") || !contains(f, "pids") {
		return fmt.Errorf("memory and pids controllers are not available in %s", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "cgroup.subtree_control"))
	if err != nil {
		return err
	}
	have := strings.Fields(string(b))
	if contains(have, "memory") && contains(have, "pids") {
		return nil
	}
	enable := func() error {
		return os.WriteFile(filepath.Join(dir, "cgroup.subtree_control"), []byte("+memory +pids"), 0)
	}
	err = enable()
	if !errors.Is(err, syscall.EBUSY) {
		if err != nil {
			return fmt.Errorf("memory and pids are not enabled for children of %s: %w", dir, err)
		}
		return nil
	}
	// "No internal processes": controllers can be handed to children only
	// once dir itself holds no process. Move this process into a leaf
	// (as container runtimes do with a delegated cgroup) and retry; the
	// run cgroups become its siblings.
	leaf := filepath.Join(dir, "paddock-self")
	if err := os.Mkdir(leaf, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("creating %s to delegate controllers: %w", leaf, err)
	}
	if err := writeCgroupFile(leaf, "cgroup.procs", strconv.Itoa(os.Getpid())); err != nil {
		return fmt.Errorf("moving paddock into %s to delegate controllers: %w", leaf, err)
	}
	if err := enable(); err != nil {
		return fmt.Errorf("memory and pids are not enabled for children of %s (other processes live there; run paddock in a delegated cgroup, e.g. systemd-run -p Delegate=yes): %w", dir, err)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// runCgroup is the set of per-run cgroup directories.
type runCgroup struct {
	version int
	dirs    []string // every directory created, removed at the end
	memory  string
	pids    string
	cpu     string // accounting directory, "" if none
}

// newRunCgroup creates the run's cgroup(s) and writes the limits. It
// fails rather than run without them.
func newRunCgroup(l cgroupLayout, memory int64, pids int, wantCPU bool) (*runCgroup, error) {
	name := fmt.Sprintf("paddock-%d-%d", os.Getpid(), cgroupSeq.Add(1))
	cg := &runCgroup{version: l.version}
	mk := func(parent string) (string, error) {
		d := filepath.Join(parent, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			return "", fmt.Errorf("creating cgroup %s: %w", d, err)
		}
		cg.dirs = append(cg.dirs, d)
		return d, nil
	}
	fail := func(err error) (*runCgroup, error) {
		cg.remove()
		return nil, err
	}
	switch l.version {
	case 2:
		d, err := mk(l.v2)
		if err != nil {
			return fail(err)
		}
		cg.memory, cg.pids, cg.cpu = d, d, d
		for _, w := range []struct{ file, val string }{
			{"memory.max", strconv.FormatInt(memory, 10)},
			{"memory.swap.max", "0"},
			{"pids.max", strconv.Itoa(pids)},
		} {
			if err := writeCgroupFile(d, w.file, w.val); err != nil && w.file != "memory.swap.max" {
				return fail(err)
			}
		}
	case 1:
		var err error
		if cg.memory, err = mk(l.memory); err != nil {
			return fail(err)
		}
		if err := writeCgroupFile(cg.memory, "memory.limit_in_bytes", strconv.FormatInt(memory, 10)); err != nil {
			return fail(err)
		}
		// With swap accounting, memory+swap gets the same bound (no swapping
		// past the limit).
		if _, err := os.Stat(filepath.Join(cg.memory, "memory.memsw.limit_in_bytes")); err == nil {
			if err := writeCgroupFile(cg.memory, "memory.memsw.limit_in_bytes", strconv.FormatInt(memory, 10)); err != nil {
				return fail(err)
			}
		}
		if cg.pids, err = mk(l.pids); err != nil {
			return fail(err)
		}
		if err := writeCgroupFile(cg.pids, "pids.max", strconv.Itoa(pids)); err != nil {
			return fail(err)
		}
		if wantCPU && l.cpuacct != "" {
			if cg.cpu, err = mk(l.cpuacct); err != nil {
				return fail(err)
			}
		}
	default:
		return nil, fmt.Errorf("%w: cgroups: %s", ErrUnavailable, l.reason)
	}
	return cg, nil
}

func writeCgroupFile(dir, file, val string) error {
	if err := os.WriteFile(filepath.Join(dir, file), []byte(val), 0); err != nil {
		return fmt.Errorf("cgroup %s/%s = %s: %w", dir, file, val, err)
	}
	return nil
}

// startIn runs start (which forks the stage) so that the child is born in
// the run's cgroups: no later move, and no moment where the sandbox runs
// outside its limits.
//
// v2: clone3 with CLONE_INTO_CGROUP (SysProcAttr.CgroupFD).
// v1: the forking OS thread itself moves into the run's cgroups (writing
// "0" to tasks moves only the calling thread, which the kernel does without
// the global threadgroup lock that a process move waits on), forks, and
// moves back. If it cannot move back, the thread stays locked and dies with
// its goroutine.
func (cg *runCgroup) startIn(l cgroupLayout, attr *syscall.SysProcAttr, start func() error) error {
	if cg.version == 2 {
		fd, err := syscall.Open(cg.pids, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("opening cgroup %s: %w", cg.pids, err)
		}
		defer syscall.Close(fd)
		attr.UseCgroupFD, attr.CgroupFD = true, fd
		return start()
	}
	back := []string{l.memory, l.pids}
	if cg.cpu != "" {
		back = append(back, l.cpuacct)
	}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		moved := 0
		var err error
		for _, d := range cg.dirs {
			if err = writeCgroupFile(d, "tasks", "0"); err != nil {
				break
			}
			moved++
		}
		if err == nil {
			err = start()
		}
		restored := true
		for _, d := range back[:moved] {
			if e := writeCgroupFile(d, "tasks", "0"); e != nil {
				restored = false
			}
		}
		if restored {
			runtime.UnlockOSThread()
		}
		errc <- err
	}()
	return <-errc
}

// oomKilled reports whether the kernel's OOM killer acted in the cgroup.
func (cg *runCgroup) oomKilled() bool {
	file := "memory.oom_control"
	if cg.version == 2 {
		file = "memory.events"
	}
	b, err := os.ReadFile(filepath.Join(cg.memory, file))
	if err != nil {
		return false
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("oom_kill ")); ok {
			n, _ := strconv.Atoi(string(bytes.TrimSpace(v)))
			return n > 0
		}
	}
	return false
}

// cpuUsage returns the CPU time of the whole tree, if accounted.
func (cg *runCgroup) cpuUsage() (time.Duration, bool) {
	if cg.cpu == "" {
		return 0, false
	}
	if cg.version == 2 {
		b, err := os.ReadFile(filepath.Join(cg.cpu, "cpu.stat"))
		if err != nil {
			return 0, false
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "usage_usec "); ok {
				n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				return time.Duration(n) * time.Microsecond, err == nil
			}
		}
		return 0, false
	}
	b, err := os.ReadFile(filepath.Join(cg.cpu, "cpuacct.usage"))
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return time.Duration(n), err == nil
}

// killAll kills every process still in the cgroup (the PID namespace
// teardown normally got them already).
func (cg *runCgroup) killAll() {
	if cg.version == 2 {
		_ = os.WriteFile(filepath.Join(cg.pids, "cgroup.kill"), []byte("1"), 0)
		return
	}
	b, err := os.ReadFile(filepath.Join(cg.pids, "cgroup.procs"))
	if err != nil {
		return
	}
	for _, f := range strings.Fields(string(b)) {
		if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// remove deletes the run's directories, waiting briefly for the kernel to
// finish reaping (rmdir fails with EBUSY while tasks remain).
func (cg *runCgroup) remove() {
	for i := len(cg.dirs) - 1; i >= 0; i-- {
		d := cg.dirs[i]
		for try := 0; ; try++ {
			err := syscall.Rmdir(d)
			if err == nil || errors.Is(err, syscall.ENOENT) {
				break
			}
			if try == 200 {
				cg.killAll()
			}
			if try > 400 {
				break // leave it; the kernel keeps an empty cgroup cheaply
			}
			time.Sleep(time.Millisecond)
		}
	}
	cg.dirs = nil
}
