package workspace

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"golang.org/x/sys/unix"
)

// This file is the one place where the host opens, creates or replaces anything inside a
// workspace. The agent's sandboxed commands can change the workspace between two host-side
// calls — plant a symlink to .git/config, put a FIFO where a report was — so every lookup walks the
// name one component at a time from a directory descriptor with O_NOFOLLOW, and what is finally
// opened is checked with fstat on the descriptor itself, not by name:
//
//   - a symlink in any component is refused (ErrSymlink), even one that stays inside;
//   - anything that is not a regular file or a directory (FIFO, socket, device) is refused
//     (ErrSpecial) without blocking: files are opened O_NONBLOCK and checked before a byte is read;
//   - writes go to a fresh temporary file that is renamed over the name, so a hard link the agent
//     made to some other file is replaced, never written through.

const (
	// dirFlags open one directory component without following a symlink.
	dirFlags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	// fileFlags open a file to read without following a symlink, without blocking on a FIFO
	// and without taking a terminal as the controlling one.
	fileFlags = unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC | unix.O_NOCTTY
	// tmpPrefix names the temporary files of a write in progress.
	tmpPrefix = ".paddock-write-"
)

// rootFD returns a descriptor of the workspace directory opened by Open (a duplicate the caller
// closes), so every lookup starts from the directory the workspace was opened on.
func (w *Workspace) rootFD() (int, error) {
	fd, err := unix.FcntlInt(uintptr(w.fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("open workspace %q: %w", w.dir, err)
	}
	return fd, nil
}

// walkDir returns a descriptor of the cleaned folder rel ("." for the workspace), reached one
// component at a time without following symlinks. With create, missing folders are made (mode
// 0755). name is the caller's name, for messages.
func (w *Workspace) walkDir(op, name, rel string, create bool) (int, error) {
	fd, err := w.rootFD()
	if err != nil {
		return -1, err
	}
	if rel == "." || rel == "" {
		return fd, nil
	}
	parts := strings.Split(rel, "/")
	for i, comp := range parts {
		next, err := openDirAt(fd, comp, create)
		if err != nil {
			unix.Close(fd)
			return -1, componentErr(op, name, strings.Join(parts[:i+1], "/"), err)
		}
		unix.Close(fd)
		fd = next
	}
	return fd, nil
}

// openDirAt opens (and with create, first makes) the folder comp inside dirfd.
func openDirAt(dirfd int, comp string, create bool) (int, error) {
	for attempt := 0; ; attempt++ {
		fd, err := unix.Openat(dirfd, comp, dirFlags, 0)
		if err == nil {
			return fd, nil
		}
		if errors.Is(err, unix.ENOENT) && create && attempt == 0 {
			if err := unix.Mkdirat(dirfd, comp, 0o755); err != nil && !errors.Is(err, unix.EEXIST) {
				return -1, err
			}
			continue
		}
		if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.ENOTDIR) {
			// Say which: a symlink, or a file where a folder should be.
			var st unix.Stat_t
			if unix.Fstatat(dirfd, comp, &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
				return -1, kindErr(uint32(st.Mode), true)
			}
		}
		return -1, err
	}
}

// kindErr is the error for a file of mode m found where a regular file (or, with wantDir, a
// folder) was expected; nil when it is what was wanted.
func kindErr(m uint32, wantDir bool) error {
	switch m & unix.S_IFMT {
	case unix.S_IFLNK:
		return ErrSymlink
	case unix.S_IFDIR:
		if wantDir {
			return nil
		}
		return ErrIsDir
	case unix.S_IFREG:
		if wantDir {
			return ErrNotDir
		}
		return nil
	default:
		return fmt.Errorf("%w (%s)", ErrSpecial, fileType(m))
	}
}

// fileType names a special file's type for messages.
func fileType(m uint32) string {
	switch m & unix.S_IFMT {
	case unix.S_IFIFO:
		return "a named pipe"
	case unix.S_IFSOCK:
		return "a socket"
	case unix.S_IFCHR:
		return "a character device"
	case unix.S_IFBLK:
		return "a block device"
	}
	return "an unknown kind of file"
}

// componentErr explains a failed lookup of the component at sub of name.
func componentErr(op, name, sub string, err error) error {
	switch {
	case errors.Is(err, ErrSymlink):
		return fmt.Errorf("%s %q: %w: %q is a symbolic link, and paddock follows none inside the workspace", op, name, ErrSymlink, sub)
	case errors.Is(err, ErrNotDir):
		return fmt.Errorf("%s %q: %w: %q is a file, not a folder", op, name, ErrNotDir, sub)
	case errors.Is(err, ErrSpecial):
		return fmt.Errorf("%s %q: %q: %w", op, name, sub, err)
	case errors.Is(err, unix.ENOENT):
		return fmt.Errorf("%s %q: %w", op, name, ErrNotFound)
	case errors.Is(err, unix.ENAMETOOLONG):
		return fmt.Errorf("%s %q: %w: a part of it is too long", op, name, ErrInvalidName)
	}
	return fmt.Errorf("%s %q: %w", op, name, err)
}

// split returns a cleaned name's folder and last component.
func split(clean string) (dir, base string) {
	dir, base = path.Split(clean)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	return dir, base
}

// Open opens a regular file of the workspace for reading. A symlink in any component, a folder
// and a special file (FIFO, socket, device) are refused without blocking; the returned info
// describes the opened descriptor. The caller closes the file.
func (w *Workspace) Open(name string) (*os.File, fs.FileInfo, error) {
	c, err := Clean(name)
	if err != nil {
		return nil, nil, err
	}
	if c == "." {
		return nil, nil, fmt.Errorf("read %q: %w", name, ErrIsDir)
	}
	dir, base := split(c)
	dfd, err := w.walkDir("read", name, dir, false)
	if err != nil {
		return nil, nil, err
	}
	defer unix.Close(dfd)
	// Look before opening, so a device node is never opened at all.
	var st unix.Stat_t
	if err := unix.Fstatat(dfd, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, nil, componentErr("read", name, c, err)
	}
	if err := kindErr(uint32(st.Mode), false); err != nil {
		return nil, nil, componentErr("read", name, c, err)
	}
	fd, err := unix.Openat(dfd, base, fileFlags, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			err = ErrSymlink // replaced by a link since the look
		}
		return nil, nil, componentErr("read", name, c, err)
	}
	// What counts is the descriptor: it may have been swapped since the look.
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, nil, fmt.Errorf("read %q: %w", name, err)
	}
	if err := kindErr(uint32(st.Mode), false); err != nil {
		unix.Close(fd)
		return nil, nil, componentErr("read", name, c, err)
	}
	// A regular file never blocks; clear O_NONBLOCK so the runtime treats it as a plain file.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, nil, fmt.Errorf("read %q: %w", name, err)
	}
	f := os.NewFile(uintptr(fd), c)
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("read %q: %w", name, err)
	}
	return f, info, nil
}

// replaceFile writes data to the cleaned name c as a new file renamed over the old one. It returns
// whether the file is new. check, called with the old size once the name's kind is known and
// before anything is written, may veto the write.
func (w *Workspace) replaceFile(name, c string, data []byte, check func(old int64) error) (created bool, err error) {
	dir, base := split(c)
	dfd, err := w.walkDir("write", name, dir, true)
	if err != nil {
		return false, err
	}
	defer unix.Close(dfd)
	var old int64
	mode := uint32(0o644)
	var st unix.Stat_t
	switch err := unix.Fstatat(dfd, base, &st, unix.AT_SYMLINK_NOFOLLOW); {
	case err == nil:
		if err := kindErr(uint32(st.Mode), false); err != nil {
			return false, componentErr("write", name, c, err)
		}
		old, mode = st.Size, uint32(st.Mode)&0o777
	case errors.Is(err, unix.ENOENT):
		created = true
	default:
		return false, componentErr("write", name, c, err)
	}
	if err := check(old); err != nil {
		return false, err
	}
	tmp, err := tempName()
	if err != nil {
		return false, err
	}
	fd, err := unix.Openat(dfd, tmp, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return false, componentErr("write", name, c, err)
	}
	f := os.NewFile(uintptr(fd), tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(os.FileMode(mode))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// rename replaces the directory entry: a link planted at base since the look is
		// replaced, not followed. A folder there makes it fail.
		err = unix.Renameat(dfd, tmp, dfd, base)
		if errors.Is(err, unix.EISDIR) || errors.Is(err, unix.ENOTEMPTY) || errors.Is(err, unix.EEXIST) {
			err = ErrIsDir
		}
	}
	if err != nil {
		_ = unix.Unlinkat(dfd, tmp, 0)
		return false, componentErr("write", name, c, err)
	}
	return created, nil
}

// tempName returns a fresh name for a write's temporary file.
func tempName() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("temporary name: %w", err)
	}
	return tmpPrefix + hex.EncodeToString(b[:]), nil
}
