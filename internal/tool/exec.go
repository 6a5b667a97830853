package tool

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Names of the command tools. They exist only in sandboxed form: Exec needs a CommandRunner, and
// the only one paddock provides runs each command in the sandbox.
const (
	ExecuteShell  = "execute_shell"
	ExecutePython = "execute_python_code"
)

// CommandResult is how one command ended.
type CommandResult struct {
	ExitCode  int
	Signal    string // set when the command was killed by a signal
	Output    string // stdout and stderr, interleaved, cut at the sandbox's output limit
	Truncated bool
	TimedOut  bool
	OOMKilled bool
	Duration  time.Duration
	Warm      bool // the command ran on a sandbox prepared ahead of it (sandbox.Runner)
	// DiskExceeded: the command added more than its disk limit to the workspace; the files it
	// created were removed, largest first, until the workspace was back under the limit.
	DiskExceeded bool
}

// CommandRunner runs one command, confined, in the workspace; stdin is given to the command.
type CommandRunner interface {
	RunCommand(ctx context.Context, argv []string, stdin string) (CommandResult, error)
}

// Exec returns execute_shell and execute_python_code, running through r.
func Exec(r CommandRunner) []Tool {
	return []Tool{
		&Func[struct {
			CommandLine string `json:"command_line"`
		}]{
			Name: ExecuteShell,
			Description: "Run a shell command line (/bin/sh -c) in a sandbox whose working directory is the workspace. " +
				"Only the workspace and /tmp are writable; there is no network unless the user allowed hosts.",
			Params:   Object(map[string]*Schema{"command_line": String("the command line", 1, 100000)}),
			ToolKind: Consequential,
			Run: func(ctx context.Context, in struct {
				CommandLine string `json:"command_line"`
			}) (Result, error) {
				res, err := r.RunCommand(ctx, []string{"/bin/sh", "-c", in.CommandLine}, "")
				if err != nil {
					return stoppedResult(ctx, res, err, "output of command: "+firstLine(in.CommandLine, 80))
				}
				return commandResult(res, "output of command: "+firstLine(in.CommandLine, 80)), nil
			},
		},
		&Func[struct {
			Code string `json:"code"`
		}]{
			Name:        ExecutePython,
			Description: "Run Python 3 code in a sandbox whose working directory is the workspace; print what you need to see.",
			Params:      Object(map[string]*Schema{"code": String("the Python source", 1, 1000000)}),
			ToolKind:    Consequential,
			Run: func(ctx context.Context, in struct {
				Code string `json:"code"`
			}) (Result, error) {
				res, err := r.RunCommand(ctx, []string{"python3", "-"}, in.Code)
				if err != nil {
					return stoppedResult(ctx, res, err, "output of Python code")
				}
				return commandResult(res, "output of Python code"), nil
			},
		},
	}
}

// stoppedResult is the result of a command that failed with err: when the run was interrupted
// (Ctrl-C) while the command ran, its output so far is kept, recorded and shown, with a first
// line saying why it stopped; any other failure is the error.
func stoppedResult(ctx context.Context, res CommandResult, err error, source string) (Result, error) {
	if ctx.Err() == nil || res.Duration == 0 {
		return Result{}, err
	}
	out := commandResult(res, source)
	_, rest, _ := strings.Cut(out.Output, "\n")
	out.Output = fmt.Sprintf("The command was stopped after %s: the run was interrupted.\n", res.Duration.Round(time.Millisecond)) + rest
	return out, nil
}

// timing says how long the command took and whether its sandbox was prepared ahead (the
// per-step timing paddock run shows as the result's first line).
func timing(res CommandResult) string {
	if res.Duration <= 0 {
		return ""
	}
	how := "sandbox started for it"
	if res.Warm {
		how = "sandbox prepared ahead"
	}
	return fmt.Sprintf(" (%s, %s)", res.Duration.Round(100*time.Microsecond), how)
}

func commandResult(res CommandResult, source string) Result {
	var b strings.Builder
	switch {
	case res.TimedOut:
		fmt.Fprintf(&b, "The command was stopped: it ran past its time limit (%s).\n", res.Duration.Round(time.Millisecond))
	case res.OOMKilled:
		b.WriteString("The command was stopped: it ran out of its memory limit.\n")
	case res.DiskExceeded:
		b.WriteString("The command failed: it wrote more than its disk limit to the workspace; the files it created were removed, largest first, until the workspace was back under the limit.\n")
	case res.Signal != "":
		fmt.Fprintf(&b, "The command was killed by signal %s.\n", res.Signal)
	default:
		fmt.Fprintf(&b, "Exit status %d%s.\n", res.ExitCode, timing(res))
	}
	if res.Output == "" {
		b.WriteString("(no output)")
	} else {
		b.WriteString(res.Output)
	}
	if res.Truncated {
		b.WriteString("\n[paddock: output cut at the sandbox's output limit]")
	}
	return Result{Output: b.String(), Untrusted: true, Source: source}
}

func firstLine(s string, max int) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
