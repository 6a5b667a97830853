package tool

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// recordingRunner is a CommandRunner test double that records the command and replays a result.
type recordingRunner struct {
	argv  []string
	stdin string
	res   CommandResult
	err   error
}

func (r *recordingRunner) RunCommand(_ context.Context, argv []string, stdin string) (CommandResult, error) {
	r.argv, r.stdin = argv, stdin
	return r.res, r.err
}

func TestExecTools(t *testing.T) {
	r := &recordingRunner{res: CommandResult{ExitCode: 2, Output: "boom\n", Truncated: true}}
	s, err := NewSet(Exec(r)...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := call(t, s, ExecuteShell, `{"command_line":"ls -la\necho hi"}`)
	if err != nil || strings.Join(r.argv, "|") != "/bin/sh|-c|ls -la\necho hi" {
		t.Fatalf("shell: argv %q, %v", r.argv, err)
	}
	if !res.Untrusted || res.Source != "output of command: ls -la" || res.Output != "Exit status 2.\nboom\n\n[paddock: output cut at the sandbox's output limit]" {
		t.Fatalf("shell result = %+v", res)
	}
	r.res = CommandResult{TimedOut: true, Duration: 1500 * time.Millisecond}
	res, err = call(t, s, ExecutePython, `{"code":"print(1)"}`)
	if err != nil || strings.Join(r.argv, "|") != "python3|-" || r.stdin != "print(1)" {
		t.Fatalf("python: argv %q stdin %q, %v", r.argv, r.stdin, err)
	}
	if !strings.HasPrefix(res.Output, "The command was stopped: it ran past its time limit (1.5s).") {
		t.Fatalf("timeout result = %q", res.Output)
	}
	r.err = errors.New("sandbox unavailable: no user namespaces")
	if _, err := call(t, s, ExecuteShell, `{"command_line":"id"}`); err == nil || !strings.Contains(err.Error(), "no user namespaces") {
		t.Fatalf("runner error = %v", err)
	}
	if _, err := call(t, s, ExecuteShell, `{"command_line":""}`); !errors.Is(err, ErrInvalidArguments) {
		t.Fatalf("empty command = %v", err)
	}
	for _, tl := range Exec(r) {
		if tl.Kind() != Consequential {
			t.Fatalf("%s is not consequential", tl.Spec().Name)
		}
	}
}

func TestExecInterruptedKeepsOutput(t *testing.T) {
	// Ctrl-C while a command runs: the sandbox kills it and reports the cancelled run; what the
	// command printed until then is kept as the result, not lost with the error.
	r := &recordingRunner{res: CommandResult{Signal: "SIGKILL", ExitCode: 137, Output: "step 1 done\nstep 2 done\n", Duration: 2300 * time.Millisecond},
		err: errors.New("sandbox: run cancelled: context canceled")}
	s, err := NewSet(Exec(r)...)
	if err != nil {
		t.Fatal(err)
	}
	tl, _ := s.Get(ExecuteShell)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Invoke(ctx, tl, `{"command_line":"make all"}`)
	if err != nil || res.Output != "The command was stopped after 2.3s: the run was interrupted.\nstep 1 done\nstep 2 done\n" || !res.Untrusted {
		t.Fatalf("interrupted command = %+v, %v; want its partial output", res, err)
	}
	// The same error without an interrupted run (the sandbox failed) stays an error.
	if _, err := Invoke(context.Background(), tl, `{"command_line":"make all"}`); err == nil {
		t.Fatal("a failure of the sandbox itself became a result")
	}
}
