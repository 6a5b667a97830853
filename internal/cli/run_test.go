package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

func TestKeptArgs(t *testing.T) {
	var o runOptions
	fs := runFlags(&o)
	for _, tc := range []struct{ in, want string }{
		{"--continuous --workspace ws --max-steps 5", "--continuous|--max-steps|5"},
		{"--resume abc --data-dir=d --json", "--json"},
		{"--workspace=ws --auto-approve read_file -- ", "--auto-approve|read_file"},
		{"--exec-timeout 30s --resume=x", "--exec-timeout|30s"},
	} {
		if got := strings.Join(keptArgs(fs, strings.Fields(tc.in)), "|"); got != tc.want {
			t.Errorf("keptArgs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNotAProject(t *testing.T) {
	home := t.TempDir()
	proj := filepath.Join(home, "proj")
	shared := filepath.Join(t.TempDir(), "shared")
	for _, d := range []string{proj, shared} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(shared, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	env := Env{Getenv: func(k string) string {
		if k == "HOME" {
			return home
		}
		return ""
	}}
	for _, tc := range []struct{ dir, want string }{
		{proj, ""},
		{home, "is your home directory"},
		{"/", "is the root directory"},
		{shared, "is a shared directory (writable by every user)"},
		{filepath.Join(home, "missing"), "cannot be read"},
	} {
		if got := notAProject(tc.dir, env); !strings.HasPrefix(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("notAProject(%s) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}

func TestOutputLines(t *testing.T) {
	var long strings.Builder
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&long, "line %d\n", i)
	}
	cut := long.String() + "\n[paddock: output cut at the sandbox's output limit]"
	for _, tc := range []struct {
		name, out string
		max       int
		want      string
	}{
		{"short", "a\nb\n", 6, " ✓ a|   b"},
		{"empty", "", 6, " ✓ (no output)"},
		{"cut, with the notice kept", cut, 3, " ✓ line 1|   line 2|   line 3|   … 7 more lines, 123 bytes in all (paddock runs show ID --full)|   [paddock: output cut at the sandbox's output limit]"},
		{"full", "a\tb\nc\x1b[2J", 0, " ✓ a\\tb|   c\\x1b[2J"},
		{"a notice alone", "[paddock: timed out after 2s; the whole process tree was killed]", 6, "   [paddock: timed out after 2s; the whole process tree was killed]"},
	} {
		if got := strings.Join(outputLines("", tc.out, tc.max, "ID"), "|"); got != tc.want {
			t.Errorf("%s: outputLines =\n%q\nwant\n%q", tc.name, got, tc.want)
		}
	}
}

func TestFindRunPrefix(t *testing.T) {
	dir := t.TempDir()
	env := Env{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	db, _, err := openStore(dir, env)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, id := range []string{"abcd1111", "abce2222", "x9zz3333"} {
		if err := db.Tenant(localTenant).CreateTask(ctx, &store.Task{ID: id, Goal: "g"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		id, want, msg string
		code          int
	}{
		{"x", "x9zz3333", "", 0},        // one character, when unique
		{"abcd", "abcd1111", "", 0},     // a prefix
		{"abce2222", "abce2222", "", 0}, // a whole id
		{"abc", "", "several runs (abcd1111, abce2222): give more of the id", ExitUsage},
		{"q", "", `no run "q"`, ExitFailed},
	} {
		var errb strings.Builder
		env.Stderr = &errb
		t1, code, ok := findRun(ctx, db, localTenant, tc.id, "test", env)
		if ok != (tc.want != "") || (ok && t1.ID != tc.want) || code != tc.code || !strings.Contains(errb.String(), tc.msg) {
			t.Errorf("findRun(%q) = %v, %d, %v (stderr %q); want %q", tc.id, t1, code, ok, errb.String(), tc.want)
		}
	}
}

func TestDataDirErrors(t *testing.T) {
	err := dataDirError("/data", fmt.Errorf("open: %w", fs.ErrPermission))
	if !errors.Is(err, fs.ErrPermission) || err.Error() != "data directory /data: permission denied (use a directory you can write with --data-dir or PADDOCK_DATA_DIR): permission denied" {
		t.Errorf("dataDirError = %v", err)
	}
	// A data dir without a database is no error for paddock runs, and none is created.
	dir := filepath.Join(t.TempDir(), "data")
	code, out, errOut := paddock(t, map[string]string{"PADDOCK_DATA_DIR": dir}, "", "runs")
	if code != ExitOK || !strings.Contains(out, "No runs yet") || errOut != "" {
		t.Errorf("runs without records: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("paddock runs created %s: %v", dir, err)
	}
}

func TestVersion(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-04T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := buildVersion(info).String()
	want := "paddock v1.2.3\ncommit  0123456789ab (2026-12-04T10:00:00Z), with local changes\ngo      go1.26.0 "
	if !strings.HasPrefix(got, want) {
		t.Errorf("version =\n%s\nwant it to start\n%s", got, want)
	}
	if got := buildVersion(nil).String(); !strings.HasPrefix(got, "paddock (unknown)\ngo      go") {
		t.Errorf("version without build info = %q", got)
	}
}

func TestCompletionScriptsParse(t *testing.T) {
	// bash -n and zsh -n check the syntax of each script when the shell is installed; fish's
	// script is checked by fish -n the same way.
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, errOut := paddock(t, nil, "", "completion", sh)
		if code != ExitOK || errOut != "" || !strings.Contains(out, "model-timeout") {
			t.Fatalf("completion %s: %d, stderr %q", sh, code, errOut)
		}
		path, err := exec.LookPath(sh)
		if err != nil {
			t.Logf("%s not installed: its script's syntax is not checked here", sh)
			continue
		}
		file := filepath.Join(t.TempDir(), "c")
		if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command(path, "-n", file).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v\n%s", sh, err, b)
		}
	}
}

func TestRunFlagsOneLineEach(t *testing.T) {
	// Every flag of paddock run is registered on its flag set (one line each), so help,
	// completion and --resume's saved arguments all know it.
	var o runOptions
	fs := runFlags(&o)
	for _, name := range []string{"workspace", "model-timeout", "max-reminders", "resume", "continuous", "exec-timeout"} {
		if fs.Lookup(name) == nil {
			t.Errorf("paddock run has no --%s", name)
		}
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) < 20 {
		t.Errorf("only %d flags: %q", len(names), names)
	}
}
