package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

func TestSandboxFlags(t *testing.T) {
	var c sandbox.Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	sandboxFlags(fs, &c)
	err := fs.Parse([]string{"--workspace", "/w", "--ro", "/a", "--ro", "/b", "--rw", "/c", "--allow-net", "pypi.org, github.com:443",
		"--timeout", "90s", "--memory", "2G", "--pids", "50", "--cpu", "1.5", "--max-output", "64K", "--env", "A=1",
		"--insecure-without-seccomp", "--allow-git-write", "--", "cmd"})
	if err != nil {
		t.Fatal(err)
	}
	want := sandbox.Config{Workspace: "/w", ReadOnly: []string{"/a", "/b"}, ReadWrite: []string{"/c"}, AllowNet: []string{"pypi.org", "github.com:443"},
		Timeout: 90 * time.Second, Memory: 2 << 30, Pids: 50, CPU: 1500 * time.Millisecond, MaxOutput: 64 << 10, Env: []string{"A=1"}, WithoutSeccomp: true, AllowGitWrite: true}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Errorf("flags parsed to\n%+v\nwant\n%+v", c, want)
	}
	if got := fs.Args(); len(got) != 1 || got[0] != "cmd" {
		t.Errorf("remaining args %q", got)
	}
}

func TestListFlags(t *testing.T) {
	var list listFlag
	var repeated repeatedFlag
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.Var(&list, "list", "")
	fs.Var(&repeated, "rep", "")
	if err := fs.Parse([]string{"--list", "a, b,,", "--list", "c", "--rep", "K=1,2", "--rep", " x "}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(list, want) {
		t.Errorf("listFlag = %q, want %q", list, want)
	}
	if want := []string{"K=1,2", " x "}; !slices.Equal(repeated, want) {
		t.Errorf("repeatedFlag = %q, want %q", repeated, want)
	}
}

func TestParseAnywhere(t *testing.T) {
	for _, tc := range []struct {
		in, args, dataDir string
		json              bool
	}{
		{"create acme --data-dir D", "create acme", "D", false},
		{"acme --json --data-dir=D b", "acme b", "D", true},
		{"acme -- --json", "acme --json", "", false},
		{"-- --json", "--json", "", false},
		{"- acme", "- acme", "", false},
	} {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		dataDir := fs.String("data-dir", "", "")
		asJSON := fs.Bool("json", false, "")
		env := Env{Stdout: io.Discard, Stderr: io.Discard}
		if _, ok := parseAnywhere(fs, strings.Fields(tc.in), env); !ok {
			t.Fatalf("parseAnywhere(%q) refused", tc.in)
		}
		if got := strings.Join(fs.Args(), " "); got != tc.args || *dataDir != tc.dataDir || *asJSON != tc.json {
			t.Errorf("parseAnywhere(%q): args %q data-dir %q json %v, want %q %q %v", tc.in, got, *dataDir, *asJSON, tc.args, tc.dataDir, tc.json)
		}
	}
}

func TestParseAndSubcommand(t *testing.T) {
	var errb bytes.Buffer
	env := Env{Stdout: io.Discard, Stderr: &errb}
	for _, tc := range []struct {
		args []string
		code int
		ok   bool
	}{
		{nil, 0, true},
		{[]string{"-h"}, ExitOK, false},
		{[]string{"--help"}, ExitOK, false},
		{[]string{"--nope"}, ExitUsage, false},
	} {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		if code, ok := parse(fs, tc.args, env); code != tc.code || ok != tc.ok {
			t.Errorf("parse(%q) = %d, %v; want %d, %v", tc.args, code, ok, tc.code, tc.ok)
		}
	}
	var outb bytes.Buffer
	env.Stdout = &outb
	for _, tc := range []struct {
		args               []string
		sub                string
		code               int
		ok, stdout, stderr bool // where the usage went
	}{
		{nil, "", ExitUsage, false, false, true},
		{[]string{"help"}, "", ExitOK, false, true, false},
		{[]string{"--help"}, "", ExitOK, false, true, false},
		{[]string{"list", "--json"}, "list", 0, true, false, false},
	} {
		errb.Reset()
		outb.Reset()
		sub, rest, code, ok := subcommand(tc.args, "USAGE\n", env)
		if sub != tc.sub || code != tc.code || ok != tc.ok || (outb.String() == "USAGE\n") != tc.stdout || (errb.String() == "USAGE\n") != tc.stderr {
			t.Errorf("subcommand(%q) = %q %q %d %v (stdout %q, stderr %q)", tc.args, sub, rest, code, ok, outb.String(), errb.String())
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		in, pos, ws string
		json        bool
		code        int
		ok          bool
		stdout      string // a part of it
		stderr      string // all of it
	}{
		{in: `summarise notes --workspace /tmp/ws --json`, pos: "summarise|notes", ws: "/tmp/ws", json: true, ok: true},
		{in: `--json summarise`, pos: "summarise", json: true, ok: true},
		{in: `show ID --json`, pos: "show|ID", json: true, ok: true},
		{in: `goal -- --json -x`, pos: "goal|--json|-x", ok: true},
		{in: `-- -starts-with-dash`, pos: "-starts-with-dash", ok: true},
		{in: `--workspace -- goal`, pos: "goal", ws: "--", ok: true},
		{in: `--workspace=a b -`, pos: "b|-", ws: "a", ok: true},
		{in: `goal --nope`, code: ExitUsage, stderr: "x: flag provided but not defined: -nope\nRun 'x --help' for the flags.\n"},
		{in: `goal --workspace`, code: ExitUsage, stderr: "x: flag needs an argument: -workspace\nRun 'x --help' for the flags.\n"},
		{in: `goal --help`, code: ExitOK, stdout: "USAGE"},
	} {
		var outb, errb bytes.Buffer
		env := Env{Stdout: &outb, Stderr: &errb}
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		ws := fs.String("workspace", "", "")
		asJSON := fs.Bool("json", false, "")
		fs.Usage = func() { fmt.Fprintln(fs.Output(), "USAGE") }
		pos, code, ok := parseInterspersed(fs, strings.Fields(tc.in), env)
		if strings.Join(pos, "|") != tc.pos || code != tc.code || ok != tc.ok || *ws != tc.ws || *asJSON != tc.json {
			t.Errorf("parseInterspersed(%q) = %q %d %v, workspace %q json %v", tc.in, pos, code, ok, *ws, *asJSON)
		}
		if !strings.Contains(outb.String(), tc.stdout) || errb.String() != tc.stderr {
			t.Errorf("parseInterspersed(%q): stdout %q, stderr %q; want stdout with %q, stderr %q", tc.in, outb.String(), errb.String(), tc.stdout, tc.stderr)
		}
	}
}
