// Package workspace confines an agent's file access to one directory.
//
// Every operation goes through an [os.Root] opened on the workspace directory, so a name can never
// resolve outside it: absolute paths, ".." escapes and symlinks that lead outside are refused by the
// kernel-assisted lookups of os.Root, not by string checks. On top of that the package refuses such
// names early with a clear message, and enforces byte limits per read, per write and for the whole
// workspace.
//
// Threat model: every name comes from the model and may be hostile. What must hold: no byte is read
// from or written to a file outside the workspace directory, whatever the name.
package workspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// Sentinel errors callers branch on. Each error returned by this package wraps one of them.
var (
	// ErrOutside reports a name that is absolute, climbs out with "..", or resolves outside
	// the workspace through a symlink.
	ErrOutside = errors.New("path is outside the workspace")
	// ErrInvalidName reports an empty, over-long or otherwise malformed name.
	ErrInvalidName = errors.New("invalid file name")
	// ErrNotFound reports a name that does not exist in the workspace.
	ErrNotFound = errors.New("no such file in the workspace")
	// ErrTooLarge reports a write over the per-write limit.
	ErrTooLarge = errors.New("write is larger than the per-write limit")
	// ErrQuota reports a write that would take the workspace over its total size limit.
	ErrQuota = errors.New("workspace size limit reached")
	// ErrProtected reports a write to a path that executes later (git hooks, shell rc files).
	ErrProtected = errors.New("path is protected")
	// ErrSymlink reports a name with a symbolic link in one of its components. Host-side access
	// follows no link inside the workspace, even one that stays inside: the agent's commands can
	// plant links between two host-side calls.
	ErrSymlink = errors.New("path goes through a symbolic link")
	// ErrSpecial reports a FIFO, socket or device where a file or folder was expected; such a
	// file is never opened, so it cannot block the host.
	ErrSpecial = errors.New("not a regular file or folder")
	// ErrIsDir and ErrNotDir report the wrong kind of file.
	ErrIsDir  = errors.New("is a folder, not a file")
	ErrNotDir = errors.New("is a file, not a folder")
)

// Limits bounds what one workspace may hold and move. Zero fields take the defaults.
type Limits struct {
	MaxReadBytes  int64 // bytes returned by one read; longer files are truncated with a notice
	MaxWriteBytes int64 // bytes accepted by one write
	MaxTotalBytes int64 // bytes of regular files in the whole workspace
	MaxListItems  int   // entries returned by one listing
}

// DefaultLimits are sane bounds for an agent that works on text files.
var DefaultLimits = Limits{
	MaxReadBytes:  64 << 10,
	MaxWriteBytes: 1 << 20,
	MaxTotalBytes: 256 << 20,
	MaxListItems:  500,
}

func (l Limits) withDefaults() Limits {
	if l.MaxReadBytes <= 0 {
		l.MaxReadBytes = DefaultLimits.MaxReadBytes
	}
	if l.MaxWriteBytes <= 0 {
		l.MaxWriteBytes = DefaultLimits.MaxWriteBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultLimits.MaxTotalBytes
	}
	if l.MaxListItems <= 0 {
		l.MaxListItems = DefaultLimits.MaxListItems
	}
	return l
}

// MaxDepth bounds the components of a name.
const MaxDepth = 64

// maxNameLen bounds a name before any lookup; Linux's PATH_MAX.
const maxNameLen = 4096

// Workspace is an open, confined workspace directory. It is safe for concurrent use.
type Workspace struct {
	dir    string
	root   *os.Root // for walks (listings, usage, snapshots)
	fd     int      // the same directory, where open.go's lookups start
	limits Limits

	// usage is the bytes of regular files, measured by one walk when first needed and then kept
	// up to date by each write, so a write costs no walk of the tree. Anything that changes the
	// workspace behind this value's back (a command run in the sandbox) calls Invalidate.
	mu       sync.Mutex
	used     int64
	measured bool
}

// Open opens dir (which must exist) as a workspace.
func Open(dir string, limits Limits) (*Workspace, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("workspace %q: %w", dir, err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("open workspace %q: %w", abs, err)
	}
	fd, err := unix.Open(abs, dirFlags, 0)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("open workspace %q: %w", abs, err)
	}
	return &Workspace{dir: abs, root: root, fd: fd, limits: limits.withDefaults()}, nil
}

// Create makes dir (and parents, mode 0700) and opens it as a workspace.
func Create(dir string, limits Limits) (*Workspace, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create workspace: %w", err)
	}
	return Open(dir, limits)
}

// Dir returns the workspace's absolute host path.
func (w *Workspace) Dir() string { return w.dir }

// Limits returns the limits in force.
func (w *Workspace) Limits() Limits { return w.limits }

// Close releases the workspace's root handle.
func (w *Workspace) Close() error {
	err := w.root.Close()
	if cerr := unix.Close(w.fd); err == nil {
		err = cerr
	}
	return err
}

// Clean checks a model-supplied name and returns it in the slash-separated, cleaned form used
// inside the workspace ("." for the workspace itself). It refuses absolute paths and names that climb
// out with "..", before any file system access.
func Clean(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: the name is empty", ErrInvalidName)
	}
	if len(name) > maxNameLen {
		return "", fmt.Errorf("%w: the name is longer than %d bytes", ErrInvalidName, maxNameLen)
	}
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("%w: the name is not valid UTF-8", ErrInvalidName)
	}
	if strings.ContainsRune(name, 0) {
		return "", fmt.Errorf("%w: the name contains a NUL byte", ErrInvalidName)
	}
	if strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) || filepath.VolumeName(name) != "" {
		return "", fmt.Errorf("%w: %q is absolute; use a name relative to the workspace", ErrOutside, name)
	}
	if strings.HasPrefix(name, "~") {
		return "", fmt.Errorf("%w: %q refers to a home directory; use a name relative to the workspace", ErrOutside, name)
	}
	c := path.Clean(name)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%w: %q climbs out of the workspace with \"..\"", ErrOutside, name)
	}
	if n := strings.Count(c, "/") + 1; n > MaxDepth {
		// Deep trees make every later walk of the workspace slow (quotas, listings, snapshots).
		return "", fmt.Errorf("%w: the name is %d folders deep; at most %d", ErrInvalidName, n, MaxDepth)
	}
	return c, nil
}

// mapErr turns os.Root's errors into this package's sentinels, keeping the cause.
func mapErr(op, name string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %q: %w", op, name, ErrNotFound)
	case isEscape(err):
		return fmt.Errorf("%s %q: %w (a symlink or \"..\" leads out of it)", op, name, ErrOutside)
	default:
		return fmt.Errorf("%s %q: %w", op, name, err)
	}
}

// isEscape reports os.Root's "path escapes from parent" error, which has no exported sentinel.
func isEscape(err error) bool {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return strings.Contains(pe.Err.Error(), "escapes from parent")
	}
	return strings.Contains(err.Error(), "escapes from parent")
}

// ReadResult is what one read returns.
type ReadResult struct {
	Data      []byte
	Size      int64 // the file's full size
	Truncated bool  // Data holds only the first Limits.MaxReadBytes bytes
}

// ReadFile reads a file of the workspace, at most Limits.MaxReadBytes of it, through [Workspace.Open].
func (w *Workspace) ReadFile(name string) (ReadResult, error) {
	f, st, err := w.Open(name)
	if err != nil {
		if errors.Is(err, ErrIsDir) {
			return ReadResult{}, fmt.Errorf("%w; use list_folder", err)
		}
		return ReadResult{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, w.limits.MaxReadBytes+1))
	if err != nil {
		return ReadResult{}, mapErr("read", name, err)
	}
	res := ReadResult{Data: data, Size: st.Size()}
	if int64(len(data)) > w.limits.MaxReadBytes {
		res.Data = data[:w.limits.MaxReadBytes]
		res.Truncated = true
	}
	return res, nil
}

// WriteResult is what one write did.
type WriteResult struct {
	Name    string // cleaned name
	Bytes   int64
	Created bool // the file did not exist before
}

// WriteFile creates or replaces a file of the workspace, creating parent folders as needed.
func (w *Workspace) WriteFile(name string, data []byte) (WriteResult, error) {
	c, err := Clean(name)
	if err != nil {
		return WriteResult{}, err
	}
	if c == "." {
		return WriteResult{}, fmt.Errorf("write %q: %w", name, ErrIsDir)
	}
	if Protected(c) {
		return WriteResult{}, fmt.Errorf("write %q: %w: it is run or loaded by tools later", name, ErrProtected)
	}
	n := int64(len(data))
	if n > w.limits.MaxWriteBytes {
		return WriteResult{}, fmt.Errorf("write %q: %d bytes: %w of %d bytes", name, n, ErrTooLarge, w.limits.MaxWriteBytes)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var delta int64
	created, err := w.replaceFile(name, c, data, func(old int64) error {
		used, err := w.usageLocked()
		if err != nil {
			return err
		}
		if used-old+n > w.limits.MaxTotalBytes {
			return fmt.Errorf("write %q: %w (%d of %d bytes used)", name, ErrQuota, used, w.limits.MaxTotalBytes)
		}
		delta = n - old
		return nil
	})
	if err != nil {
		return WriteResult{}, err
	}
	w.used += delta
	return WriteResult{Name: c, Bytes: n, Created: created}, nil
}

// Entry is one item of a folder listing.
type Entry struct {
	Name  string // relative to the workspace, slash-separated
	IsDir bool
	Size  int64
	Link  bool // a symlink (not followed)
}

// ListResult is what one listing returns.
type ListResult struct {
	Entries   []Entry
	Truncated bool
}

// List lists a folder of the workspace recursively, in name order, up to Limits.MaxListItems
// entries. Symlinks are listed, never followed.
func (w *Workspace) List(folder string) (ListResult, error) {
	c, err := Clean(folder)
	if err != nil {
		return ListResult{}, err
	}
	// The folder is reached without following a link; the walk below lists links, never
	// descends into them.
	fd, err := w.walkDir("list", folder, c, false)
	if err != nil {
		return ListResult{}, err
	}
	unix.Close(fd)
	var res ListResult
	err = fs.WalkDir(w.root.FS(), c, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == c {
			return nil
		}
		if len(res.Entries) >= w.limits.MaxListItems {
			res.Truncated = true
			return fs.SkipAll
		}
		e := Entry{Name: p, IsDir: d.IsDir(), Link: d.Type()&fs.ModeSymlink != 0}
		if info, err := d.Info(); err == nil && d.Type().IsRegular() {
			e.Size = info.Size()
		}
		res.Entries = append(res.Entries, e)
		return nil
	})
	if err != nil {
		return ListResult{}, mapErr("list", folder, err)
	}
	sort.Slice(res.Entries, func(i, j int) bool { return res.Entries[i].Name < res.Entries[j].Name })
	return res, nil
}

// Usage measures the bytes of regular files in the workspace with one walk of the tree, and keeps
// the figure for later writes.
func (w *Workspace) Usage() (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.measured = false
	return w.usageLocked()
}

// Invalidate forgets the kept usage: the next write measures the tree again. Call it after
// anything changed the workspace other than this package's writes (a command in the sandbox).
func (w *Workspace) Invalidate() {
	w.mu.Lock()
	w.measured = false
	w.mu.Unlock()
}

// usageLocked returns the kept usage, measuring it first when it is not known. w.mu is held.
func (w *Workspace) usageLocked() (int64, error) {
	if w.measured {
		return w.used, nil
	}
	var total int64
	err := fs.WalkDir(w.root.FS(), ".", func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("measure workspace: %w", err)
	}
	w.used, w.measured = total, true
	return total, nil
}

// Snapshot records each regular file's size and modification time, to report what a run changed.
type Snapshot map[string]fs.FileInfo

// Snapshot takes a snapshot of the workspace's regular files.
func (w *Workspace) Snapshot() Snapshot {
	s := Snapshot{}
	_ = fs.WalkDir(w.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				s[p] = info
			}
		}
		return nil
	})
	return s
}

// Changed lists, in name order, the files created, modified or removed between s and later.
func (s Snapshot) Changed(later Snapshot) []string {
	var out []string
	for p, b := range later {
		a, ok := s[p]
		if !ok || a.Size() != b.Size() || !a.ModTime().Equal(b.ModTime()) {
			out = append(out, p)
		}
	}
	for p := range s {
		if _, ok := later[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
