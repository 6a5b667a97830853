package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// A repository's .git holds what the host's git runs or follows later:
// hooks, config (core.fsmonitor, core.hooksPath, aliases, filter drivers)
// and the files that send git to another directory (commondir, the
// "gitdir:" line of a .git file). A command that can write one of them, or
// create a .git where there was none, runs code on the host the next time
// someone types git there (THREATS.md CVE-10). Landlock cannot take a subtree
// out of a grant, so this wall is made of mounts:
//
//   - every .git of a writable root is bound read-only over itself: the
//     root's own, nested ones at most gitScanDepth directories down, and
//     those of submodules listed in .gitmodules at any depth. A .git file is
//     read-only too, and so is the directory its gitdir: (or a commondir)
//     names when that lies in a writable root;
//   - the directories on the way to each of them are bound onto themselves,
//     so they cannot be renamed to make room for a fresh .git;
//   - a workspace without .git gets an empty .git directory, read-only
//     inside: git treats an empty .git as no repository (it keeps looking in
//     the parent directories), and the command cannot create one.
//
// With AllowGitWrite a git directory is writable except gitReadOnly, which
// are sealed where they exist (hooks/ and info/ are made empty when
// missing). A missing config, config.worktree or commondir cannot be held
// that way: a mount needs a name to cover, and no placeholder is neutral
// (git lstats commondir and dies on an empty or dangling one; libgit2 takes
// any commondir for a linked worktree). Those are checked after the run and
// removed if the command created them (gitPlan.absent): while it runs, a git
// started on the host in that repository could follow them.
const (
	// gitScanDepth: a nested .git is found when it is at most this many
	// directories below a writable root (a/b/.git); deeper ones only
	// through .gitmodules.
	gitScanDepth = 2
	// gitScanMaxDirs bounds the directories looked at per root; a root with
	// more is refused rather than half protected.
	gitScanMaxDirs = 50_000
	// gitMaxRepos bounds the .git entries and git directories of one run.
	gitMaxRepos = 4096
)

// gitReadOnly stay read-only in a writable git directory (AllowGitWrite):
// hooks run, config and config.worktree configure (core.fsmonitor, aliases,
// filters), commondir and gitdir redirect git, info/ holds attributes and
// excludes git applies.
var gitReadOnly = []string{"hooks", "info", "config", "config.worktree", "commondir", "gitdir"}

// gitPlan lists the mounts that protect git metadata, each sorted parents
// first. Pin: directories bound onto themselves (cannot be renamed or
// removed). Seal: paths bound read-only that must still exist in the stage.
// Absent: host paths that must not exist after the run (AllowGitWrite).
type gitPlan struct {
	pin, seal, absent []string
}

type gitPlanner struct {
	roots      []string // writable roots, real paths
	allowWrite bool
	plan       gitPlan
	entries    map[string]bool // .git entries handled
	dirs       map[string]bool // git directories handled
}

// gitProtections plans the git mounts for the writable roots; roots[0] is
// the workspace, which gets a placeholder .git if it has none.
func gitProtections(roots []string, allowWrite bool) (gitPlan, error) {
	g := &gitPlanner{roots: roots, allowWrite: allowWrite, entries: map[string]bool{}, dirs: map[string]bool{}}
	if err := ensureGitPlaceholder(roots[0]); err != nil {
		return gitPlan{}, err
	}
	for _, r := range roots {
		found, err := findGitEntries(r)
		if err != nil {
			return gitPlan{}, err
		}
		for _, e := range found {
			if err := g.dotGit(e); err != nil {
				return gitPlan{}, err
			}
		}
	}
	return gitPlan{pin: byDepth(g.plan.pin), seal: byDepth(g.plan.seal), absent: byDepth(g.plan.absent)}, nil
}

// ensureGitPlaceholder gives a workspace without .git an empty one, owned
// like the workspace. It stays after the run: removing it while another run
// in the same workspace relies on it would reopen the hole.
func ensureGitPlaceholder(ws string) error {
	p := filepath.Join(ws, ".git")
	if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	err := os.Mkdir(p, 0o755)
	switch {
	case err == nil:
		chownLike(p, ws)
	case errors.Is(err, os.ErrExist):
	case errors.Is(err, unix.EROFS), errors.Is(err, unix.EACCES), errors.Is(err, unix.EPERM):
		// The workspace is not writable for us, so not for the command either.
	default:
		return fmt.Errorf("%w: creating the .git placeholder in %s: %w", ErrSetup, ws, err)
	}
	return nil
}

// findGitEntries lists root's .git entries: its own, those at most
// gitScanDepth directories below it, and those of the submodules named in
// the .gitmodules of every repository found. Symlinks are not followed.
func findGitEntries(root string) ([]string, error) {
	var found []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			found = append(found, p)
		}
	}
	level, dirs := []string{root}, 0
	for depth := 0; depth <= gitScanDepth && len(level) > 0; depth++ {
		var next []string
		for _, d := range level {
			if depth == gitScanDepth {
				if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
					add(filepath.Join(d, ".git"))
				}
				continue
			}
			ents, err := os.ReadDir(d)
			if err != nil {
				continue // unreadable for the parent, so for the command too
			}
			for _, e := range ents {
				switch {
				case e.Name() == ".git":
					add(filepath.Join(d, ".git"))
				case e.IsDir():
					if dirs++; dirs > gitScanMaxDirs {
						return nil, fmt.Errorf("%w: %s has more than %d directories within %d levels; its nested git repositories could not all be found and kept read-only", ErrInvalidConfig, root, gitScanMaxDirs, gitScanDepth+1)
					}
					next = append(next, filepath.Join(d, e.Name()))
				}
			}
		}
		level = next
	}
	// Submodules at any depth (found grows while it is walked).
	for i := 0; i < len(found); i++ {
		if len(found) > gitMaxRepos {
			return nil, fmt.Errorf("%w: %s holds more than %d git repositories and submodules", ErrInvalidConfig, root, gitMaxRepos)
		}
		wt := filepath.Dir(found[i])
		for _, rel := range submodulePaths(filepath.Join(wt, ".gitmodules")) {
			if dir, ok := realDirBelow(wt, rel); ok {
				if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
					add(filepath.Join(dir, ".git"))
				}
			}
		}
	}
	return found, nil
}

// dotGit protects one .git entry.
func (g *gitPlanner) dotGit(e string) error {
	if g.entries[e] {
		return nil
	}
	g.entries[e] = true
	st, err := os.Lstat(e)
	switch {
	case err != nil:
		return nil // gone since the scan: nothing to protect
	case st.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("%w: %s is a symlink; a .git must be a real directory or file to be kept read-only (replace the link with what it points to)", ErrInvalidConfig, e)
	case st.IsDir():
		return g.gitDir(e)
	}
	// A .git file ("gitdir: PATH": linked worktrees, submodules) or
	// something stranger: read-only either way.
	g.seal(e)
	if target := readGitPointer(e, "gitdir:"); target != "" {
		return g.follow(e, target)
	}
	return nil
}

// gitDir protects a git directory: all of it read-only, or with AllowGitWrite
// all but gitReadOnly. An empty one is a placeholder, never a repository.
func (g *gitPlanner) gitDir(dir string) error {
	if g.dirs[dir] {
		return nil
	}
	g.dirs[dir] = true
	if len(g.dirs) > gitMaxRepos {
		return fmt.Errorf("%w: more than %d git directories to protect", ErrInvalidConfig, gitMaxRepos)
	}
	if !g.allowWrite || isEmptyDir(dir) {
		g.seal(dir)
	} else if err := g.writableGitDir(dir); err != nil {
		return err
	}
	// A linked worktree's or a submodule's git directory may name its
	// common directory (the one with config and hooks).
	if target := readGitPointer(filepath.Join(dir, "commondir"), ""); target != "" {
		return g.follow(filepath.Join(dir, "commondir"), target)
	}
	return nil
}

// writableGitDir pins dir and keeps gitReadOnly read-only in it, in its
// linked worktrees' administrative directories, and in its submodules' git
// directories.
func (g *gitPlanner) writableGitDir(dir string) error {
	g.pinBetween(dir)
	g.plan.pin = append(g.plan.pin, dir)
	// A linked worktree's administrative directory takes hooks and config
	// from its common directory.
	_, err := os.Lstat(filepath.Join(dir, "commondir"))
	linked := err == nil
	for _, name := range gitReadOnly {
		p := filepath.Join(dir, name)
		_, err := os.Lstat(p)
		if err == nil {
			if err := g.sealExisting(p); err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%w: %s: %w", ErrSetup, p, err)
		}
		switch {
		case linked && (name == "hooks" || name == "info" || name == "config"):
		case name == "hooks" || name == "info":
			// Empty, as git init makes them, so there is something to seal.
			if err := os.Mkdir(p, 0o755); err != nil {
				return fmt.Errorf("%w: creating %s: %w", ErrSetup, p, err)
			}
			chownLike(p, dir)
			g.seal(p)
		case name == "gitdir":
			// Git reads gitdir only in a linked worktree's administrative
			// directory, where it exists.
		default:
			g.plan.absent = append(g.plan.absent, p)
		}
	}
	// Linked worktrees: their administrative directories redirect git too.
	if ents, err := os.ReadDir(filepath.Join(dir, "worktrees")); err == nil {
		for _, e := range ents {
			if !e.IsDir() {
				continue
			}
			for _, name := range []string{"commondir", "gitdir", "config.worktree"} {
				p := filepath.Join(dir, "worktrees", e.Name(), name)
				if _, err := os.Lstat(p); err == nil {
					if err := g.sealExisting(p); err != nil {
						return err
					}
				}
			}
		}
	}
	// Submodules' git directories: modules/NAME, where NAME may hold slashes.
	level := []string{filepath.Join(dir, "modules")}
	for depth := 0; depth < 4 && len(level) > 0; depth++ {
		var next []string
		for _, d := range level {
			ents, err := os.ReadDir(d)
			if err != nil {
				continue
			}
			for _, e := range ents {
				if e.Type()&os.ModeSymlink != 0 || !e.IsDir() {
					continue
				}
				sub := filepath.Join(d, e.Name())
				if _, err := os.Lstat(filepath.Join(sub, "HEAD")); err == nil {
					if err := g.gitDir(sub); err != nil {
						return err
					}
				} else {
					next = append(next, sub)
				}
			}
		}
		level = next
	}
	return nil
}

// sealExisting seals p, which exists; a symlink is refused (a mount would
// follow it).
func (g *gitPlanner) sealExisting(p string) error {
	st, err := os.Lstat(p)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrSetup, p, err)
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("%w: %s is a symlink; git's hooks, config and redirections must be real files or directories to be kept read-only", ErrInvalidConfig, p)
	}
	g.seal(p)
	return nil
}

// removeCreated removes the paths of absent that exist after the run (the
// command created them) and says so on w.
func removeCreated(absent []string, w io.Writer) {
	for _, p := range absent {
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		err := os.RemoveAll(p)
		if w != nil {
			if err != nil {
				fmt.Fprintf(w, "paddock: the command created %s (git would follow it) and removing it failed: %v\n", p, err)
			} else {
				fmt.Fprintf(w, "paddock: removed %s: the command created it, and git would follow it\n", p)
			}
		}
	}
}

// follow handles a path that git follows from file (a .git file's gitdir:,
// a commondir). When it leads into a writable root, the directory there is
// a git directory to protect as well: it must exist and be reached without
// symlinks inside a root, or the command could make the path lead elsewhere.
func (g *gitPlanner) follow(file, target string) error {
	p := target
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(file), p)
	}
	p = filepath.Clean(p)
	real, err := filepath.EvalSymlinks(p)
	if g.rootOf(p) == "" && (err != nil || g.rootOf(real) == "") {
		return nil // outside every writable root: the command cannot change it
	}
	for cur := p; g.rootOf(cur) != ""; cur = filepath.Dir(cur) {
		if st, err := os.Lstat(cur); err == nil && st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("%w: %s leads git to %s through the symlink %s, which the command could change", ErrInvalidConfig, file, p, cur)
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %s leads git to %s, which does not exist; the command could create it (fix or remove %s)", ErrInvalidConfig, file, p, file)
	}
	if st, err := os.Stat(real); err == nil && st.IsDir() {
		return g.gitDir(real)
	}
	g.seal(real)
	return nil
}

// seal makes p read-only and pins the directories on the way to it.
func (g *gitPlanner) seal(p string) {
	g.pinBetween(p)
	g.plan.seal = append(g.plan.seal, p)
}

// pinBetween pins the directories strictly between p's writable root and p.
func (g *gitPlanner) pinBetween(p string) {
	root := g.rootOf(p)
	if root == "" {
		return
	}
	for cur := filepath.Dir(p); cur != root && strings.HasPrefix(cur, root+"/"); cur = filepath.Dir(cur) {
		g.plan.pin = append(g.plan.pin, cur)
	}
}

// rootOf returns the deepest writable root strictly above p, or "".
func (g *gitPlanner) rootOf(p string) string {
	best := ""
	for _, r := range g.roots {
		if strings.HasPrefix(p, r+"/") && len(r) > len(best) {
			best = r
		}
	}
	return best
}

// byDepth removes duplicates and sorts parents before children.
func byDepth(paths []string) []string {
	slices.Sort(paths)
	paths = slices.Compact(paths)
	slices.SortStableFunc(paths, func(a, b string) int {
		return strings.Count(a, "/") - strings.Count(b, "/")
	})
	return paths
}

// readGitPointer reads the small file git would follow and returns its
// first line without prefix (and without it when prefix is ""); "" when the
// file is missing, not a regular file, or does not start with prefix. It
// never follows a symlink and never blocks on a FIFO.
func readGitPointer(path, prefix string) string {
	b, err := readSmallFile(path, 4096)
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimRight(line, "\r")
	if prefix != "" {
		var ok bool
		if line, ok = strings.CutPrefix(line, prefix); !ok {
			return ""
		}
	}
	return strings.TrimSpace(line)
}

// submodulePaths returns the path = values of a .gitmodules file.
func submodulePaths(path string) []string {
	b, err := readSmallFile(path, 1<<20)
	if err != nil {
		return nil
	}
	var paths []string
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "path") {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		if v != "" {
			paths = append(paths, v)
		}
	}
	return paths
}

// readSmallFile reads a regular file of at most max bytes without following
// a final symlink or blocking on a FIFO.
func readSmallFile(path string, max int64) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > max {
		return nil, fmt.Errorf("%s is not a small regular file", path)
	}
	return io.ReadAll(io.LimitReader(f, max))
}

// realDirBelow joins base and rel when rel stays below base and every
// component is a real directory (no symlink).
func realDirBelow(base, rel string) (string, bool) {
	if !filepath.IsLocal(rel) {
		return "", false
	}
	cur := base
	for _, c := range strings.Split(filepath.Clean(rel), string(filepath.Separator)) {
		cur = filepath.Join(cur, c)
		st, err := os.Lstat(cur)
		if err != nil || !st.IsDir() {
			return "", false
		}
	}
	return cur, true
}

func isEmptyDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	return errors.Is(err, io.EOF)
}

// chownLike gives p the owner of ref (best effort: only root can).
func chownLike(p, ref string) {
	if st, err := os.Stat(ref); err == nil {
		if s, ok := st.Sys().(*syscall.Stat_t); ok {
			_ = os.Lchown(p, int(s.Uid), int(s.Gid))
		}
	}
}
