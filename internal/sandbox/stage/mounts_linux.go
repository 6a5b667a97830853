package stage

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// stageBase is where the stage assembles the new root before pivot_root. Host
// paths to bind are opened (O_PATH) before the tmpfs covers it, so a
// workspace under the host's /tmp is still reachable.
const stageBase = "/tmp"

// buildRoot assembles the sandbox's filesystem in a fresh tmpfs and makes it
// the root. Order: detach from host propagation, pin bind sources, build,
// pivot, then the workspace protections, then freeze the root read-only.
func buildRoot(spec *Spec) error {
	// No mount event of ours may propagate back to the host (and none of the
	// host's into the sandbox later).
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	// Open every host source first: after the tmpfs is mounted on stageBase,
	// paths below it are hidden, and fds also pin what the parent checked.
	srcFDs := make([]int, len(spec.Mounts))
	for i, m := range spec.Mounts {
		srcFDs[i] = -1
		if m.Kind != KindBind && m.Kind != KindFile {
			continue
		}
		fd, err := unix.Open(m.Src, unix.O_PATH|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
		if err != nil {
			return fmt.Errorf("opening %s: %w", m.Src, err)
		}
		srcFDs[i] = fd
	}
	defer func() {
		for _, fd := range srcFDs {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	}()
	// The new root: a small tmpfs that only holds mount points; made
	// read-only at the end so nothing can be created at /.
	if err := unix.Mount("tmpfs", stageBase, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=1m"); err != nil {
		return fmt.Errorf("mounting the root tmpfs: %w", err)
	}
	for i, m := range spec.Mounts {
		if err := applyMount(m, srcFDs[i]); err != nil {
			return fmt.Errorf("%s %s: %w", m.Kind, m.Dst, err)
		}
	}
	if err := switchRoot(stageBase); err != nil {
		return err
	}
	// Directories on the way to protected paths become mount points, so they
	// cannot be renamed or removed to swap in a writable copy.
	for _, p := range spec.Pin {
		if err := rebindSelf(p, false, false); err != nil {
			return fmt.Errorf("pinning %s: %w", p, err)
		}
	}
	// Git metadata the host's git runs or follows later (.git, or with
	// AllowGitWrite its hooks, config and redirections): read-only, and its
	// disappearance since the parent looked is an error, not a skip.
	for _, p := range spec.Seal {
		if err := rebindSelf(p, true, true); err != nil {
			return fmt.Errorf("sealing %s: %w", p, err)
		}
	}
	// Files the host may execute later (rc files, editor and agent
	// settings) become read-only even though the workspace is writable.
	for _, p := range spec.Protect {
		if err := rebindSelf(p, true, false); err != nil {
			return fmt.Errorf("protecting %s: %w", p, err)
		}
	}
	// Nothing may be created in the root tmpfs itself.
	if err := unix.MountSetattr(unix.AT_FDCWD, "/", 0, &unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY}); err != nil {
		return fmt.Errorf("making / read-only: %w", err)
	}
	return nil
}

// applyMount creates the mount point for m below stageBase and attaches it.
func applyMount(m Mount, srcFD int) error {
	dst := stageBase + "/" + strings.TrimPrefix(m.Dst, "/") // Dst is absolute and clean
	if m.Kind == KindSymlink {
		if err := mkdirAll(parentDir(dst)); err != nil {
			return err
		}
		return unix.Symlink(m.Src, dst)
	}
	// A bind of a regular file (device nodes, file grants) needs a file
	// as its mount point; everything else a directory.
	isFile := m.Kind == KindFile
	if m.Kind == KindBind || m.Kind == KindTree {
		fd := srcFD
		if m.Kind == KindTree {
			fd = m.FD
		}
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			return err
		}
		isFile = st.Mode&unix.S_IFMT != unix.S_IFDIR
	}
	if isFile {
		if err := mkfile(dst); err != nil {
			return err
		}
	} else if err := mkdirAll(dst); err != nil {
		return err
	}
	switch m.Kind {
	case KindBind, KindFile:
		// Device nodes need dev (they are the only thing in /dev's tmpfs that
		// is usable); everything else is nodev and nosuid.
		var attr uint64 = unix.MOUNT_ATTR_NOSUID
		if m.Kind == KindBind {
			attr |= unix.MOUNT_ATTR_NODEV
		}
		if !m.Write {
			attr |= unix.MOUNT_ATTR_RDONLY
		}
		return attachClone(srcFD, attr, unix.AT_FDCWD, dst)
	case KindTree:
		// Already detached, idmapped and flagged by the parent.
		err := unix.MoveMount(m.FD, "", unix.AT_FDCWD, dst, unix.MOVE_MOUNT_F_EMPTY_PATH)
		unix.Close(m.FD)
		return err
	case KindTmpfs:
		return unix.Mount("tmpfs", dst, "tmpfs", m.Flags, m.Data)
	case KindProc:
		// A procfs of our PID namespace: host processes are not in it.
		return unix.Mount("proc", dst, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
	case KindDevpts:
		// A private pty instance: no access to the host's terminals.
		return unix.Mount("devpts", dst, "devpts", unix.MS_NOSUID|unix.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")
	}
	return fmt.Errorf("unknown mount kind %q", m.Kind)
}

// attachClone clones the mount tree at fd (recursively: locked submounts
// cannot be split off), sets attr on every mount of the clone and attaches it
// at dst relative to dirFD, or on dirFD itself when dst is "".
func attachClone(fd int, attr uint64, dirFD int, dst string) error {
	tree, err := unix.OpenTree(fd, "", unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC|unix.AT_EMPTY_PATH|unix.AT_RECURSIVE)
	if err != nil {
		return fmt.Errorf("open_tree: %w", err)
	}
	defer unix.Close(tree)
	if err := unix.MountSetattr(tree, "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &unix.MountAttr{Attr_set: attr}); err != nil {
		return fmt.Errorf("mount_setattr: %w", err)
	}
	flags := unix.MOVE_MOUNT_F_EMPTY_PATH
	if dst == "" {
		flags |= unix.MOVE_MOUNT_T_EMPTY_PATH
	}
	if err := unix.MoveMount(tree, "", dirFD, dst, flags); err != nil {
		return fmt.Errorf("move_mount: %w", err)
	}
	return nil
}

// rebindSelf binds p (inside the new root) onto itself; readOnly makes the
// new mount read-only. p is resolved without following any symlink, and the
// mount lands on exactly what was opened. A missing p is skipped unless
// mustExist.
func rebindSelf(p string, readOnly, mustExist bool) error {
	fd, err := unix.Openat2(unix.AT_FDCWD, p, &unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_CLOEXEC | unix.O_NOFOLLOW,
		Resolve: unix.RESOLVE_NO_SYMLINKS,
	})
	if err != nil {
		if errors.Is(err, unix.ENOENT) && !mustExist {
			return nil // removed between the parent's check and now: nothing to protect
		}
		return err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT == unix.S_IFLNK {
		return fmt.Errorf("%s is a symlink", p)
	}
	var attr uint64 = unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV
	if readOnly {
		attr |= unix.MOUNT_ATTR_RDONLY
	}
	return attachClone(fd, attr, fd, "")
}

// switchRoot makes dir the root and detaches the host's root from this mount
// namespace, so no path leads back to it.
func switchRoot(dir string) error {
	if err := unix.Chdir(dir); err != nil {
		return fmt.Errorf("chdir %s: %w", dir, err)
	}
	// pivot_root(".", ".") stacks the old root on top of the new one; the
	// detach below removes it.
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the host root: %w", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return fmt.Errorf("chdir /: %w", err)
	}
	return nil
}

// mkdirAll creates dst and its parents with mode 0755 where missing. Only
// the root tmpfs and private tmpfs mounts are writable at this point.
func mkdirAll(dst string) error {
	if st, err := os.Lstat(dst); err == nil {
		if st.IsDir() {
			return nil
		}
		return fmt.Errorf("%s exists and is not a directory", dst)
	}
	if err := mkdirAll(parentDir(dst)); err != nil {
		return err
	}
	if err := unix.Mkdir(dst, 0o755); err != nil && !errors.Is(err, unix.EEXIST) {
		return fmt.Errorf("mkdir %s: %w", dst, err)
	}
	return nil
}

func mkfile(dst string) error {
	if st, err := os.Lstat(dst); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s is a directory", dst)
		}
		return nil // an existing file (masking inside a read-only bind)
	}
	if err := mkdirAll(parentDir(dst)); err != nil {
		return err
	}
	fd, err := unix.Open(dst, unix.O_CREAT|unix.O_WRONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0o644)
	if err != nil {
		if errors.Is(err, unix.EEXIST) {
			return nil
		}
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	return unix.Close(fd)
}

// parentDir is filepath.Dir for the clean absolute paths of a Spec (path/
// filepath is not imported: it would initialise late, see doc.go).
func parentDir(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}
