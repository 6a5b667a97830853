package cli

import (
	"flag"
	"fmt"
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
