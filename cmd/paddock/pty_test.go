package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"
)

// openPTY opens a new pseudo-terminal pair through /dev/ptmx (no cgo, no module): the master,
// which a test reads and types into, and the slave, which the program sees as its terminal.
func openPTY() (master, slave *os.File, err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open /dev/ptmx: %w", err)
	}
	fail := func(err error) (*os.File, *os.File, error) { m.Close(); return nil, nil, err }
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return fail(fmt.Errorf("unlock pty: %w", err))
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		return fail(fmt.Errorf("pty number: %w", err))
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail(fmt.Errorf("open pty slave: %w", err))
	}
	if err := unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 160}); err != nil {
		s.Close()
		return fail(fmt.Errorf("pty size: %w", err))
	}
	return m, s, nil
}

// ptyEnv are the variables a program under pty sees: those of the script that paddock reads.
var ptyEnv = []string{"PATH", "HOME", "TMPDIR", "OPENAI_API_KEY", "OPENAI_BASE_URL", "PADDOCK_MODEL", "PADDOCK_DATA_DIR",
	"PADDOCK_LEASE_TTL", "XDG_CONFIG_HOME", "NO_COLOR", "TERM", "PAGER"}

// runInPTY is the script command pty [-stdin FILE] CMD ARGS...: CMD runs with a new
// pseudo-terminal as its controlling terminal and stdin, stdout and stderr; FILE's contents are
// typed into it; what the terminal received (escape sequences included) becomes stdout.
func runInPTY(ts *testscript.TestScript, neg bool, args []string) {
	input := ""
	if len(args) > 2 && args[0] == "-stdin" {
		input, args = ts.ReadFile(args[1]), args[2:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: pty [-stdin FILE] CMD ARGS...")
	}
	master, slave, err := openPTY()
	if err != nil {
		ts.Fatalf("pty: %v (a kernel with /dev/ptmx and devpts is needed)", err)
	}
	defer master.Close()
	path, err := exec.LookPath(args[0])
	ts.Check(err)
	cmd := exec.Command(path, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	for _, k := range ptyEnv {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		slave.Close()
		ts.Fatalf("pty: start %s: %v", args[0], err)
	}
	slave.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		// Reading ends with EIO once the program and its children have closed the terminal.
		_, _ = io.Copy(&out, master)
		close(done)
	}()
	if input != "" {
		_, err := master.Write([]byte(input))
		ts.Check(err)
	}
	err = cmd.Wait()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	ts.Stdout().Write([]byte(strings.ReplaceAll(out.String(), "\r\n", "\n")))
	switch {
	case err != nil && !neg:
		ts.Fatalf("pty %s: %v", args[0], err)
	case err == nil && neg:
		ts.Fatalf("pty %s: unexpected success", args[0])
	}
}
