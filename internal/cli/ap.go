package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/apclient"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const apUsage = `Usage: paddock ap COMMAND [flags]

A small Agent Protocol client for a paddock server (or any Agent Protocol server).
The server is $PADDOCK_URL (default http://127.0.0.1:8000); the key is $PADDOCK_API_KEY or --key-file.

  paddock ap task "GOAL" [--continuous]       create a task; prints its id
  paddock ap step TASK_ID [--input TEXT] [--approve | --always | --refuse FEEDBACK]
                                              run one step; prints what it did and waits for
  paddock ap tasks                            list tasks
  paddock ap steps TASK_ID                    list a task's steps
  paddock ap artifacts TASK_ID                list a task's artifacts
  paddock ap upload TASK_ID FILE [--relative-path DIR]
  paddock ap download TASK_ID ARTIFACT_ID     write an artifact to stdout
  paddock ap share TASK_ID ARTIFACT_ID TENANT share an artifact read-only (admin key)
  paddock ap shared SHARE_ID                  write an artifact shared with you to stdout

Exit status: 0 done, 1 the server refused (its message is printed), 2 usage, 3 the step awaits
approval (paddock ap step), 4 the task has ended (paddock ap step, with is_last).
`

// apCmd runs `paddock ap ...`, a command-line Agent Protocol client.
func apCmd(ctx context.Context, args []string, env Env) int {
	sub, args, code, ok := subcommand(args, apUsage, env)
	if !ok {
		return code
	}
	fs := flag.NewFlagSet("paddock ap "+sub, flag.ContinueOnError)
	var keyFile, rel string
	var continuous bool
	var step apclient.StepOptions
	fs.StringVar(&keyFile, "key-file", "", "read the API key from this `file` instead of $PADDOCK_API_KEY")
	switch sub {
	case "task":
		fs.BoolVar(&continuous, "continuous", false, "run tool calls without approval (until a prompt injection is detected)")
	case "step":
		fs.StringVar(&step.Input, "input", "", "text for the model with this step")
		fs.BoolVar(&step.Approve, "approve", false, "approve the call awaiting approval")
		fs.BoolVar(&step.Always, "always", false, "approve it and every later call of the same tool")
		fs.StringVar(&step.Refuse, "refuse", "", "refuse the call awaiting approval, telling the model `why`")
	case "upload":
		fs.StringVar(&rel, "relative-path", "", "the `folder` in the task's workspace")
	}
	fs.Usage = func() { fmt.Fprint(fs.Output(), apUsage) }
	if code, ok := parse(fs, reorder(fs, args), env); !ok {
		return code
	}
	c := &apclient.Client{BaseURL: strings.TrimSuffix(env.Getenv("PADDOCK_URL"), "/"), Key: strings.TrimSpace(env.Getenv("PADDOCK_API_KEY")),
		HTTP: &http.Client{Timeout: 10 * time.Minute}}
	if c.BaseURL == "" {
		c.BaseURL = "http://127.0.0.1:8000"
	}
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock ap:", err)
			return ExitUsage
		}
		c.Key = strings.TrimSpace(string(b))
	}
	need := map[string]int{"task": 1, "step": 1, "tasks": 0, "steps": 1, "artifacts": 1, "upload": 2, "download": 2, "share": 3, "shared": 1}
	n, ok := need[sub]
	if !ok {
		fmt.Fprintf(env.Stderr, "paddock ap: unknown command %q\n%s", sub, apUsage)
		return ExitUsage
	}
	if fs.NArg() != n {
		fmt.Fprintf(env.Stderr, "paddock ap %s: wants %d argument(s)\n", sub, n)
		return ExitUsage
	}
	a := fs.Args()
	fail := func(err error) int {
		fmt.Fprintf(env.Stderr, "paddock ap %s: %v\n", sub, err)
		return ExitFailed
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "task":
		t, err := c.CreateTask(ctx, a[0], continuous)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(env.Stdout, t.TaskID)
	case "step":
		st, err := c.Step(ctx, a[0], step)
		var ae *apclient.Error
		if errors.As(err, &ae) && ae.Code == "awaiting_approval" {
			// A step without an answer while a call waits: the server says how to answer.
			fmt.Fprintf(env.Stderr, "paddock ap step: %s\n", termtext.Safe(ae.Message))
			return ExitAwaitingApproval
		}
		if err != nil {
			return fail(err)
		}
		status := string(st.Status)
		aw := apclient.AwaitingApproval(st)
		if aw != nil {
			status += ", awaiting_approval of " + termtext.OneLine(aw.Tool, 100)
		}
		fmt.Fprintf(env.Stdout, "step %s: %s\n%s\n", st.StepID, status, termtext.Safe(st.Output))
		switch {
		case st.IsLast:
			return ExitTaskEnded
		case aw != nil:
			return ExitAwaitingApproval
		}
	case "tasks", "steps", "artifacts":
		var out map[string]any // printed as the server sent it
		var err error
		switch sub {
		case "tasks":
			err = c.Tasks(ctx, &out)
		case "steps":
			err = c.Steps(ctx, a[0], &out)
		case "artifacts":
			err = c.Artifacts(ctx, a[0], &out)
		}
		if err != nil {
			return fail(err)
		}
		_ = enc.Encode(out)
	case "upload":
		data, err := os.ReadFile(a[1])
		if err != nil {
			return fail(err)
		}
		art, err := c.Upload(ctx, a[0], filepath.Base(a[1]), data, rel)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(env.Stdout, art.ArtifactID)
	case "download":
		if err := c.Download(ctx, a[0], a[1], env.Stdout); err != nil {
			return fail(err)
		}
	case "share":
		sh, err := c.Share(ctx, a[0], a[1], a[2])
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(env.Stdout, sh.ID)
	case "shared":
		if err := c.Shared(ctx, a[0], env.Stdout); err != nil {
			return fail(err)
		}
	}
	return ExitOK
}
