package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// requireGit fails when git is missing: the attacks below need the real
// thing on both sides.
func requireGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is not installed on this machine; the .git protection tests need it: %v", err)
	}
}

// hostGit runs git on the host in dir and returns its trimmed output.
func hostGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "protocol.file.allow=always"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("host git %v in %s: %v\n%s", args, dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

// newRepo makes a git repository with one commit in dir.
func newRepo(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	hostGit(t, dir, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte("one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hostGit(t, dir, "add", "f.txt")
	hostGit(t, dir, "commit", "-q", "-m", "first")
}

// snapshot records every entry under dir: type, mode, symlink target and a
// hash of the content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		v := st.Mode().String()
		switch {
		case st.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			v += " -> " + target
		case st.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			v += " " + hex.EncodeToString(sum[:8])
		}
		snap[strings.TrimPrefix(p, dir)] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func diffSnapshots(before, after map[string]string) []string {
	var diffs []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			diffs = append(diffs, "removed "+k)
		} else if w != v {
			diffs = append(diffs, "changed "+k+": "+v+" => "+w)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			diffs = append(diffs, "added "+k)
		}
	}
	slices.Sort(diffs)
	return diffs
}

// resultsByName parses "name: message" lines printed by the scripts.
func resultsByName(out string) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if name, msg, ok := strings.Cut(l, ": "); ok {
			m[name] = msg
		}
	}
	return m
}

// tryScript wraps attempts: `try NAME 'CMD'` prints "NAME: OK" or "NAME: <last
// line of the error>".
const tryScript = `try() { name=$1; shift; if err=$(sh -c "$1" 2>&1); then echo "$name: OK"; else echo "$name: $(echo "$err" | tail -n 1)"; fi; }
`

// The pentest's attack: .git/config is read-only, so the command writes
// .git/commondir (../evil) and evil/config with core.fsmonitor; the host's
// git then runs it. By default all of .git is read-only; git commands that
// only read still work.
func TestGitReadOnlyByDefault(t *testing.T) {
	requireAvailable(t)
	requireGit(t)
	ws := t.TempDir()
	newRepo(t, ws)
	if err := os.WriteFile(filepath.Join(ws, "f.txt"), []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(ws, ".git"))
	script := tryScript + `
try status 'git status --short'
try log 'git log --oneline -1'
try diff 'git diff --stat'
try add 'git add f.txt'
try commit 'git commit -qam inside'
try branch 'git branch evil'
try commondir 'echo ../evil > .git/commondir'
try evil-config 'mkdir -p evil && printf "[core]\n\tfsmonitor = touch /tmp/pwned\n" > evil/config'
try objects 'echo x > .git/objects/ab'
try head 'echo "ref: refs/heads/evil" > .git/HEAD'
try hooks 'echo "#!/bin/sh" > .git/hooks/pre-commit'
try info 'echo "*" > .git/info/exclude'
try rename 'mv .git .git-old'
try remove 'rm -rf .git'
try replace-file 'rm -rf .git; printf "gitdir: evil\n" > .git'
`
	res, out, errOut := run(t, Config{Workspace: ws}, "sh", "-c", script)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %s%s", res.ExitCode, out, errOut)
	}
	got := resultsByName(out)
	for _, name := range []string{"status", "log", "diff", "evil-config"} {
		if got[name] != "OK" {
			t.Errorf("%s should work with a read-only .git: %q", name, got[name])
		}
	}
	for _, name := range []string{"add", "commit", "branch", "commondir", "objects", "head", "hooks", "info"} {
		if !strings.Contains(got[name], "Read-only file system") {
			t.Errorf("%s: %q, want a clear read-only file system error", name, got[name])
		}
	}
	for _, name := range []string{"rename", "remove", "replace-file"} {
		if got[name] == "OK" || got[name] == "" {
			t.Errorf("%s of .git succeeded: %q", name, got[name])
		}
	}
	if d := diffSnapshots(before, snapshot(t, filepath.Join(ws, ".git"))); len(d) > 0 {
		t.Errorf("host .git changed:\n%s", strings.Join(d, "\n"))
	}
	if top := hostGit(t, ws, "rev-parse", "--git-common-dir"); top != ".git" {
		t.Errorf("host git's common dir is %q, want .git", top)
	}
}

// A workspace without .git: the command must not be able to create one (a
// .git file "gitdir: repo" plus repo/config with core.fsmonitor). An empty
// placeholder is made and kept read-only; git ignores it and keeps looking
// in the parent directories.
func TestGitCannotBeCreated(t *testing.T) {
	requireAvailable(t)
	requireGit(t)
	parent := t.TempDir()
	newRepo(t, parent)
	ws := filepath.Join(parent, "ws")
	if err := os.Mkdir(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	script := tryScript + `
try gitfile 'printf "gitdir: repo\n" > .git'
try rmdir 'rmdir .git'
try rename 'mv .git x'
try inside 'mkdir .git/objects'
try repo-config 'mkdir -p repo && printf "[core]\n\tfsmonitor = touch /tmp/pwned\n" > repo/config'
try init 'git init -q .'
try clone-here 'git init -q --separate-git-dir=repo2 .'
`
	res, out, errOut := run(t, Config{Workspace: ws}, "sh", "-c", script)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %s%s", res.ExitCode, out, errOut)
	}
	got := resultsByName(out)
	for _, name := range []string{"gitfile", "rmdir", "rename", "inside", "init", "clone-here"} {
		if got[name] == "OK" || got[name] == "" {
			t.Errorf("%s succeeded: %q", name, got[name])
		}
	}
	st, err := os.Lstat(filepath.Join(ws, ".git"))
	if err != nil || !st.IsDir() || !isEmptyDir(filepath.Join(ws, ".git")) {
		t.Fatalf("ws/.git after the run: %v %v, want the empty placeholder directory", st, err)
	}
	// The placeholder is neutral: the host's git still sees the parent repository.
	if top := hostGit(t, ws, "rev-parse", "--show-toplevel"); top != parent {
		t.Errorf("host git in the workspace finds %q, want the parent repository %q", top, parent)
	}
	// A second run in the same workspace keeps holding.
	_, out, _ = run(t, Config{Workspace: ws}, "sh", "-c", tryScript+`try gitfile2 'rm -rf .git; printf "gitdir: repo\n" > .git'`)
	if got := resultsByName(out); got["gitfile2"] == "OK" {
		t.Errorf("second run replaced the placeholder: %q", out)
	}
}

// .git as a file (linked worktree, submodule, --separate-git-dir): the file
// and the directory it names inside the workspace are read-only.
func TestGitFilePointer(t *testing.T) {
	requireAvailable(t)
	requireGit(t)
	ws := t.TempDir()
	hostGit(t, ws, "init", "-q", "--separate-git-dir", filepath.Join(ws, ".repo"))
	before := snapshot(t, ws)
	script := tryScript + `
try pointer 'printf "gitdir: evil\n" > .git'
try config 'printf "[core]\n\tfsmonitor = x\n" >> .repo/config'
try commondir 'echo ../evil > .repo/commondir'
try rename-repo 'mv .repo .repo2'
try remove-pointer 'rm -f .git'
try status 'git status --short'
`
	_, out, _ := run(t, Config{Workspace: ws}, "sh", "-c", script)
	got := resultsByName(out)
	for _, name := range []string{"pointer", "config", "commondir", "rename-repo", "remove-pointer"} {
		if got[name] == "OK" || got[name] == "" {
			t.Errorf("%s succeeded: %q", name, got[name])
		}
	}
	if got["status"] != "OK" {
		t.Errorf("git status through the .git file: %q", got["status"])
	}
	if d := diffSnapshots(before, snapshot(t, ws)); len(d) > 0 {
		t.Errorf("workspace changed:\n%s", strings.Join(d, "\n"))
	}

	t.Run("pointer through a symlink is refused", func(t *testing.T) {
		ws := t.TempDir()
		hostGit(t, ws, "init", "-q", "--separate-git-dir", filepath.Join(ws, "real"))
		if err := os.Symlink("real", filepath.Join(ws, "link")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, ".git"), []byte("gitdir: link\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, ws, "symlink")
	})
	t.Run("pointer to a missing directory is refused", func(t *testing.T) {
		ws := t.TempDir()
		if err := os.WriteFile(filepath.Join(ws, ".git"), []byte("gitdir: repo\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, ws, "does not exist") // the command could create repo/
	})
}

// Nested repositories: within gitScanDepth directories, and submodules
// listed in .gitmodules at any depth, are read-only, and the directories on
// the way cannot be renamed.
func TestGitNested(t *testing.T) {
	requireAvailable(t)
	requireGit(t)
	ws := t.TempDir()
	newRepo(t, ws)
	newRepo(t, filepath.Join(ws, "sub"))
	newRepo(t, filepath.Join(ws, "a/b"))
	deep := "third_party/x/y/z"
	newRepo(t, filepath.Join(ws, deep))
	if err := os.WriteFile(filepath.Join(ws, ".gitmodules"), []byte("[submodule \"z\"]\n\tpath = "+deep+"\n\turl = ./z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitDirs := []string{".git", "sub/.git", "a/b/.git", deep + "/.git", ".gitmodules"}
	before := map[string]map[string]string{}
	for _, d := range gitDirs {
		before[d] = snapshot(t, filepath.Join(ws, d))
	}
	script := tryScript + `
try sub-config 'echo x >> sub/.git/config'
try sub-rename 'mv sub sub2'
try ab-commondir 'echo ../evil > a/b/.git/commondir'
try a-rename 'mv a a2'
try ab-rename 'mv a/b a/c'
try deep-config 'echo x >> ` + deep + `/.git/config'
try deep-rename 'mv third_party/x tp2'
try deep-parent-rename 'mv third_party tp3'
try new-file 'echo ok > a/b/new.txt'
`
	_, out, _ := run(t, Config{Workspace: ws}, "sh", "-c", script)
	got := resultsByName(out)
	for _, name := range []string{"sub-config", "sub-rename", "ab-commondir", "a-rename", "ab-rename", "deep-config", "deep-rename", "deep-parent-rename"} {
		if got[name] == "OK" || got[name] == "" {
			t.Errorf("%s succeeded: %q", name, got[name])
		}
	}
	if got["new-file"] != "OK" {
		t.Errorf("a nested work tree should stay writable: %q", got["new-file"])
	}
	// A rename across the pinned mounts fails with EXDEV, so mv copies
	// instead: the copy is the command's own; the originals stay in place.
	for _, d := range gitDirs[:4] {
		if diff := diffSnapshots(before[d], snapshot(t, filepath.Join(ws, d))); len(diff) > 0 {
			t.Errorf("%s changed on the host:\n%s", d, strings.Join(diff, "\n"))
		}
	}

	t.Run("a nested .git symlink is refused", func(t *testing.T) {
		ws := t.TempDir()
		newRepo(t, filepath.Join(ws, "elsewhere"))
		if err := os.Mkdir(filepath.Join(ws, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../elsewhere/.git", filepath.Join(ws, "sub/.git")); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, ws, "symlink")
	})
}

// --allow-git-write: the command can add and commit (objects, refs, index,
// HEAD), but hooks, config, config.worktree, commondir, gitdir and info/
// stay read-only, also in submodules' git directories. A commondir or
// config.worktree that did not exist can be created during the run (no
// mount can cover a missing name) and is removed after it, with a notice.
func TestAllowGitWrite(t *testing.T) {
	requireAvailable(t)
	requireGit(t)
	src := t.TempDir()
	newRepo(t, src)
	ws := t.TempDir()
	newRepo(t, ws)
	hostGit(t, ws, "submodule", "add", "-q", src, "sub")
	hostGit(t, ws, "commit", "-q", "-m", "submodule")
	gitDir := filepath.Join(ws, ".git")
	config, _ := os.ReadFile(filepath.Join(gitDir, "config"))
	subConfig, _ := os.ReadFile(filepath.Join(gitDir, "modules/sub/config"))

	script := tryScript + `
try objects 'echo x > .git/objects/written-inside'
try commit 'echo two >> f.txt && git -c user.name=a -c user.email=a@b commit -qam inside'
try branch 'git branch feature'
try config 'printf "[core]\n\tfsmonitor = touch /tmp/pwned\n" >> .git/config'
try config-replace 'echo x > .git/config.new && mv .git/config.new .git/config'
try hooks 'echo "#!/bin/sh" > .git/hooks/pre-commit'
try hooks-rename 'mv .git/hooks .git/hooks-old'
try info 'echo "*" > .git/info/exclude'
try info-attributes 'echo "* filter=evil" > .git/info/attributes'
try dotgit-rename 'mv .git .git-old'
try sub-config 'echo x >> .git/modules/sub/config'
try sub-hooks 'echo x > .git/modules/sub/hooks/post-checkout'
try modules-rename 'mv .git/modules .git/modules-old'
try sub-pointer 'printf "gitdir: ../evil\n" > sub/.git'
try status 'git status --short'
try commondir 'echo ../evil > .git/commondir'
try config-worktree 'printf "[core]\n\tfsmonitor = x\n" > .git/config.worktree'
try sub-commondir 'echo ../../evil > .git/modules/sub/commondir'
`
	res, out, errOut := run(t, Config{Workspace: ws, AllowGitWrite: true}, "sh", "-c", script)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d: %s%s", res.ExitCode, out, errOut)
	}
	got := resultsByName(out)
	for _, name := range []string{"objects", "commit", "branch", "status"} {
		if got[name] != "OK" {
			t.Errorf("%s should work with --allow-git-write: %q", name, got[name])
		}
	}
	for _, name := range []string{"config", "config-replace", "hooks", "hooks-rename",
		"info", "info-attributes", "dotgit-rename", "sub-config", "sub-hooks", "modules-rename", "sub-pointer"} {
		if got[name] == "OK" || got[name] == "" {
			t.Errorf("%s succeeded with --allow-git-write: %q", name, got[name])
		}
	}
	if b, _ := os.ReadFile(filepath.Join(gitDir, "config")); string(b) != string(config) {
		t.Error(".git/config changed on the host")
	}
	if b, _ := os.ReadFile(filepath.Join(gitDir, "modules/sub/config")); string(b) != string(subConfig) {
		t.Error(".git/modules/sub/config changed on the host")
	}
	for _, p := range []string{"hooks/pre-commit", "info/attributes", "modules/sub/hooks/post-checkout"} {
		if _, err := os.Lstat(filepath.Join(gitDir, p)); err == nil {
			t.Errorf(".git/%s was created on the host", p)
		}
	}
	// Missing redirections created inside are gone after the run, with a notice.
	for _, p := range []string{"commondir", "config.worktree", "modules/sub/commondir"} {
		if _, err := os.Lstat(filepath.Join(gitDir, p)); err == nil {
			t.Errorf(".git/%s created inside is still on the host", p)
		}
		if !strings.Contains(errOut, "removed "+filepath.Join(gitDir, p)) {
			t.Errorf("no notice about removing .git/%s in stderr %q", p, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(gitDir, "objects/written-inside")); err != nil {
		t.Errorf("a write to .git/objects did not reach the host: %v", err)
	}
	if log := hostGit(t, ws, "log", "--format=%s", "-1"); log != "inside" {
		t.Errorf("host git log shows %q, want the commit made inside", log)
	}
	if cd := hostGit(t, ws, "rev-parse", "--git-common-dir"); cd != ".git" {
		t.Errorf("host git's common dir is %q with the placeholders, want .git", cd)
	}
	hostGit(t, ws, "status", "--short")
}

// TestGitPlan pins what the planner finds and holds, without running a
// sandbox: the scan depth (a/b/.git yes, a/b/c/.git only through
// .gitmodules), .git files, and what --allow-git-write keeps read-only.
func TestGitPlan(t *testing.T) {
	ws := t.TempDir()
	for _, d := range []string{".git/hooks", "a/b/.git", "a/b/c/.git", "x/y/z/w/.git", "wt"} {
		if err := os.MkdirAll(filepath.Join(ws, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		".git/config":       "",
		"a/b/.git/HEAD":     "ref: refs/heads/main\n",
		"a/b/.git/config":   "",
		".gitmodules":       "[submodule \"w\"]\n\tpath = x/y/z/w\n[submodule \"bad\"]\n\tpath = ../outside\n",
		"wt/.git":           "gitdir: ../.git/worktrees/wt\n",
		"x/y/z/w/.git/HEAD": "ref: refs/heads/main\n",
	}
	for rel, c := range files {
		if err := os.WriteFile(filepath.Join(ws, rel), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(ws, ".git/worktrees/wt"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, ".git/worktrees/wt/commondir"), []byte("../..\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rel := func(paths []string) []string {
		var out []string
		for _, p := range paths {
			out = append(out, strings.TrimPrefix(p, ws+"/"))
		}
		return out
	}

	plan, err := gitProtections([]string{ws}, false)
	if err != nil {
		t.Fatal(err)
	}
	wantSeal := []string{".git", "wt/.git", "a/b/.git", ".git/worktrees/wt", "x/y/z/w/.git"}
	if got := rel(plan.seal); !sameSet(got, wantSeal) {
		t.Errorf("sealed %q, want %q (a/b/c/.git is deeper than the scan and not a submodule)", got, wantSeal)
	}
	wantPin := []string{"a", "a/b", "wt", "x", "x/y", "x/y/z", "x/y/z/w", ".git", ".git/worktrees"}
	if got := rel(plan.pin); !sameSet(got, wantPin) {
		t.Errorf("pinned %q, want %q", got, wantPin)
	}

	plan, err = gitProtections([]string{ws}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git/hooks", ".git/info", ".git/config", ".git/worktrees/wt/commondir", "wt/.git", "a/b/.git/hooks", "a/b/.git/config"} {
		if !slices.Contains(rel(plan.seal), want) {
			t.Errorf("--allow-git-write does not seal %s: %q", want, rel(plan.seal))
		}
	}
	if slices.Contains(rel(plan.seal), ".git") {
		t.Error("--allow-git-write seals all of .git")
	}
	for _, want := range []string{".git/commondir", ".git/config.worktree", "a/b/.git/commondir"} {
		if !slices.Contains(rel(plan.absent), want) {
			t.Errorf("--allow-git-write does not check %s after the run: %q", want, rel(plan.absent))
		}
	}
	if st, err := os.Stat(filepath.Join(ws, "a/b/.git/hooks")); err != nil || !st.IsDir() {
		t.Errorf("a missing hooks directory was not made to be sealed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(ws, ".git/worktrees/wt/hooks")); err == nil {
		t.Error("hooks/ was made in a linked worktree's administrative directory, which uses the common one")
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
