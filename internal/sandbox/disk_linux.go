package sandbox

import (
	"strings"

	"cmp"
	"fmt"
	"github.com/paddock-dev/paddock/internal/workspace"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// The disk a command may fill is bounded twice:
//   - RLIMIT_FSIZE (Config.Disk): no single file grows past the limit while
//     the command runs; the writer gets SIGXFSZ (or EFBIG).
//   - After the command, the bytes it added to the writable trees
//     (workspace and read-write grants) are measured against the same
//     limit. Over it, the files the command created are removed, largest
//     first, until the trees are back under the limit, the result says
//     DiskExceeded, and a notice names what was removed.
// /tmp and /dev/shm are tmpfs with a size limit, counted against Memory.

// diskUsage is what the writable trees held: allocated bytes, and the
// inodes (hard links count once).
type diskUsage struct {
	bytes  int64
	inodes map[fileID]bool
}

type fileID struct{ dev, ino uint64 }

// newFile is a regular file found after the command that did not exist
// before it.
type newFile struct {
	path  string
	bytes int64
}

// measureDisk walks roots without following symlinks or crossing into other
// filesystems. With before set (the walk after a command), it also lists
// the regular files that are new since then, and removes what the command
// created at a protected path (see leftBehind), listing it in removed.
func measureDisk(roots []string, before *diskUsage, allowGitWrite bool) (u diskUsage, created []newFile, removed []string) {
	u = diskUsage{inodes: map[fileID]bool{}}
	for _, root := range roots {
		var rootDev uint64
		if st, err := os.Lstat(root); err == nil {
			rootDev = uint64(st.Sys().(*syscall.Stat_t).Dev)
		}
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // vanished or unreadable: nothing to count
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			st, ok := info.Sys().(*syscall.Stat_t)
			if !ok {
				return nil
			}
			if d.IsDir() && uint64(st.Dev) != rootDev {
				return fs.SkipDir // a mount below the root (a grant's own tree)
			}
			id := fileID{uint64(st.Dev), st.Ino}
			if u.inodes[id] {
				return nil
			}
			isNew := before != nil && !before.inodes[id]
			if rel, err := filepath.Rel(root, p); isNew && err == nil && leftBehind(filepath.ToSlash(rel), allowGitWrite) {
				if os.RemoveAll(p) == nil {
					removed = append(removed, p)
					if d.IsDir() {
						return fs.SkipDir
					}
					return nil
				}
			}
			u.inodes[id] = true
			n := st.Blocks * 512
			u.bytes += n
			if isNew && info.Mode().IsRegular() {
				created = append(created, newFile{p, n})
			}
			return nil
		})
	}
	return u, created, removed
}

// gitRedirects are names inside a git directory that make git run code or
// look elsewhere; with AllowGitWrite they still may not be created.
var gitRedirects = []string{"config", "config.worktree", "commondir", "gitdir"}

// leftBehind reports whether a path the command created (rel, slash-
// separated, within a writable root) must not stay for the host: a
// protected path (workspace.Protected: a new repository's .git, an rc file,
// editor or CI settings), except, with allowGitWrite, git's own writes
// inside a repository that existed before (objects, refs, index), as long
// as they are not hooks or redirections.
func leftBehind(rel string, allowGitWrite bool) bool {
	if !workspace.Protected(rel) {
		return false
	}
	parts := strings.Split(strings.ToLower(rel), "/")
	i := slices.Index(parts, ".git")
	if !allowGitWrite || i < 0 || i == len(parts)-1 {
		return true
	}
	inside := parts[i+1:]
	return slices.Contains(inside, "hooks") || slices.Contains(gitRedirects, inside[len(inside)-1])
}

// reportLeftBehind tells the user what was removed after the command.
func reportLeftBehind(removed []string, w io.Writer) {
	if w == nil {
		return
	}
	for _, p := range removed {
		fmt.Fprintf(w, "paddock: removed %s: the command created it at a protected path, which the host would run or load later (a repository's .git, rc files, editor, agent and CI settings)\n", p)
	}
}

// enforceDisk compares the trees after the command with before. What the
// command created at a protected path is removed first; over limit,
// it removes created files, largest first, until the growth is back under
// the limit, and reports on w. It returns whether the limit was passed.
func enforceDisk(roots []string, before diskUsage, limit int64, allowGitWrite bool, w io.Writer) bool {
	after, created, protected := measureDisk(roots, &before, allowGitWrite)
	reportLeftBehind(protected, w)
	added := after.bytes - before.bytes
	if added <= limit {
		return false
	}
	slices.SortFunc(created, func(a, b newFile) int { return cmp.Compare(b.bytes, a.bytes) })
	var removed []string
	for _, f := range created {
		if added <= limit {
			break
		}
		if err := os.Remove(f.path); err == nil {
			added -= f.bytes
			removed = append(removed, f.path)
		}
	}
	fmt.Fprintf(w, "\n[paddock: the command added more than its disk limit of %s to the workspace (--disk); ", formatBytes(limit))
	switch {
	case len(removed) > 0 && added <= limit:
		fmt.Fprintf(w, "removed %d file(s) it created, largest first: %s]\n", len(removed), shortList(removed, 5))
	case len(removed) > 0:
		fmt.Fprintf(w, "removed %d file(s) it created (%s) and it is still %s over: its other changes stay]\n", len(removed), shortList(removed, 5), formatBytes(added-limit))
	default:
		fmt.Fprintf(w, "it grew existing files, which stay: %s over]\n", formatBytes(added-limit))
	}
	return true
}

func shortList(paths []string, n int) string {
	if len(paths) <= n {
		return fmt.Sprint(paths)
	}
	return fmt.Sprintf("%v and %d more", paths[:n], len(paths)-n)
}
