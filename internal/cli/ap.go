package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/paddock-dev/paddock/internal/apclient"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const apUsage = `Usage: paddock ap COMMAND [flags] ARGUMENTS

A small Agent Protocol client for a paddock server (or any Agent Protocol server).
The server is $PADDOCK_URL (default http://127.0.0.1:8000); the key is $PADDOCK_API_KEY or --key-file.

  paddock ap task "GOAL" [--continuous]       create a task; prints its id
  paddock ap step TASK_ID [--input TEXT] [--approve | --always | --refuse WHY]
                                              run one step; prints its output and the call it
                                              waits for, with how to answer
  paddock ap tasks                            list tasks (the first 100)
  paddock ap steps TASK_ID                    list a task's steps (the first 100)
  paddock ap artifacts TASK_ID                list a task's artifacts (the first 100)
  paddock ap upload TASK_ID FILE [--relative-path DIR]
                                              add a file to the task's workspace; prints its id
  paddock ap download TASK_ID ARTIFACT_ID     write an artifact to stdout
  paddock ap share TASK_ID ARTIFACT_ID TENANT share an artifact read-only (admin key); prints
                                              the share's id
  paddock ap shared SHARE_ID                  write an artifact shared with you to stdout

Flags of every command:
  --json           print JSON instead of text: the server's object or page (for download and
                   shared {"size": N, "content": TEXT}, or "content_base64" when the file is not
                   UTF-8 text); a refusal is {"error", "status", "message"} on stderr
  --key-file FILE  read the API key from FILE instead of $PADDOCK_API_KEY

Exit status:
  0  done
  1  the request failed: the server refused it (its status and message are printed on stderr)
     or could not be reached
  2  usage: bad flags or arguments, an unknown command, an unreadable --key-file or FILE
  3  paddock ap step: the step waits for an approval, or a step was asked for without
     answering the call that waits (answer with --approve, --always or --refuse WHY)
  4  paddock ap step: the task has ended (this was its last step)
`

// apNeeds is how many arguments each `paddock ap` command takes.
var apNeeds = map[string]int{"task": 1, "step": 1, "tasks": 0, "steps": 1, "artifacts": 1, "upload": 2, "download": 2, "share": 3, "shared": 1}

// apCmd runs `paddock ap ...`, a command-line Agent Protocol client.
func apCmd(ctx context.Context, args []string, env Env) int {
	sub, args, code, ok := subcommand(args, apUsage, env)
	if !ok {
		return code
	}
	n, known := apNeeds[sub]
	if !known {
		fmt.Fprintf(env.Stderr, "paddock ap: unknown command %q\nRun 'paddock ap --help' for the commands.\n", sub)
		return ExitUsage
	}
	fs := flag.NewFlagSet("paddock ap "+sub, flag.ContinueOnError)
	var keyFile, rel string
	var continuous, asJSON bool
	var step apclient.StepOptions
	fs.StringVar(&keyFile, "key-file", "", "read the API key from this `file` instead of $PADDOCK_API_KEY")
	fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
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
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	if fs.NArg() != n {
		fmt.Fprintf(env.Stderr, "paddock ap %s: wants %d argument(s), got %d\nRun 'paddock ap --help' for the commands.\n", sub, n, fs.NArg())
		return ExitUsage
	}
	if answers := btoi(step.Approve) + btoi(step.Always) + btoi(step.Refuse != ""); answers > 1 {
		fmt.Fprintln(env.Stderr, "paddock ap step: give one answer: --approve, --always or --refuse WHY")
		return ExitUsage
	}
	c := &apclient.Client{BaseURL: strings.TrimSuffix(env.Getenv("PADDOCK_URL"), "/"), Key: strings.TrimSpace(env.Getenv("PADDOCK_API_KEY")),
		HTTP: &http.Client{Timeout: 10 * time.Minute}}
	if c.BaseURL == "" {
		c.BaseURL = "http://127.0.0.1:8000"
	}
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			fmt.Fprintf(env.Stderr, "paddock ap %s: --key-file: %v\n", sub, err)
			return ExitUsage
		}
		c.Key = strings.TrimSpace(string(b))
	}
	out := apOutput{sub: sub, json: asJSON, env: env}
	a := fs.Args()
	switch sub {
	case "task":
		t, err := c.CreateTask(ctx, a[0], continuous)
		if err != nil {
			return out.fail(err)
		}
		return out.print(t, func(w io.Writer) { fmt.Fprintln(w, t.TaskID) })
	case "step":
		st, err := c.Step(ctx, a[0], step)
		var ae *apclient.Error
		if errors.As(err, &ae) && ae.Code == "awaiting_approval" {
			// A step without an answer while a call waits: the server says how to answer.
			out.fail(err)
			return ExitAwaitingApproval
		}
		if err != nil {
			return out.fail(err)
		}
		out.print(st, func(w io.Writer) { writeStepText(w, st) })
		switch {
		case st.IsLast:
			return ExitTaskEnded
		case apclient.AwaitingApproval(st) != nil:
			return ExitAwaitingApproval
		}
		return ExitOK
	case "tasks", "steps", "artifacts":
		var raw json.RawMessage // printed as the server sent it with --json
		var err error
		switch sub {
		case "tasks":
			err = c.Tasks(ctx, &raw)
		case "steps":
			err = c.Steps(ctx, a[0], &raw)
		case "artifacts":
			err = c.Artifacts(ctx, a[0], &raw)
		}
		if err != nil {
			return out.fail(err)
		}
		if asJSON {
			return out.print(raw, nil)
		}
		var page apPage
		if err := json.Unmarshal(raw, &page); err != nil {
			return out.fail(fmt.Errorf("the server's answer is not an Agent Protocol page: %w", err))
		}
		switch sub {
		case "tasks":
			writeTasksText(env.Stdout, &page)
		case "steps":
			writeStepsText(env.Stdout, &page)
		case "artifacts":
			writeArtifactsText(env.Stdout, &page)
		}
	case "upload":
		data, err := os.ReadFile(a[1])
		if err != nil {
			fmt.Fprintf(env.Stderr, "paddock ap upload: %v\n", err)
			return ExitUsage
		}
		art, err := c.Upload(ctx, a[0], filepath.Base(a[1]), data, rel)
		if err != nil {
			return out.fail(err)
		}
		return out.print(art, func(w io.Writer) { fmt.Fprintln(w, art.ArtifactID) })
	case "download", "shared":
		var dst io.Writer = env.Stdout
		var buf bytes.Buffer
		if asJSON {
			dst = &buf
		}
		var err error
		if sub == "download" {
			err = c.Download(ctx, a[0], a[1], dst)
		} else {
			err = c.Shared(ctx, a[0], dst)
		}
		if err != nil {
			return out.fail(err)
		}
		if asJSON {
			return out.print(contentJSON(buf.Bytes()), nil)
		}
	case "share":
		sh, err := c.Share(ctx, a[0], a[1], a[2])
		if err != nil {
			return out.fail(err)
		}
		return out.print(sh, func(w io.Writer) { fmt.Fprintln(w, sh.ID) })
	}
	return ExitOK
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// apOutput prints one `paddock ap` command's result and errors, as text or, with --json, JSON.
type apOutput struct {
	sub  string
	json bool
	env  Env
}

// print writes v as indented JSON with --json, else what text writes; it returns ExitOK.
func (o apOutput) print(v any, text func(io.Writer)) int {
	if !o.json {
		text(o.env.Stdout)
		return ExitOK
	}
	if raw, ok := v.(json.RawMessage); ok {
		var b bytes.Buffer
		if json.Indent(&b, raw, "", "  ") == nil {
			b.WriteByte('\n')
			o.env.Stdout.Write(b.Bytes())
			return ExitOK
		}
	}
	enc := json.NewEncoder(o.env.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
	return ExitOK
}

// fail reports a failed request on stderr, as a line or, with --json, as
// {"error": CODE, "status": N, "message": TEXT}, and returns ExitFailed.
func (o apOutput) fail(err error) int {
	if !o.json {
		fmt.Fprintf(o.env.Stderr, "paddock ap %s: %s\n", o.sub, termtext.Safe(err.Error()))
		return ExitFailed
	}
	e := apError{Error: "request_failed", Message: err.Error()}
	var ae *apclient.Error
	if errors.As(err, &ae) {
		e.Status = ae.Status
		e.Error, e.Message = ae.Code, ae.Message
		if e.Error == "" {
			e.Error, e.Message = "http_error", ae.StatusText
		}
		e.RetryAfter = ae.RetryAfter
	}
	b, _ := json.Marshal(e)
	fmt.Fprintf(o.env.Stderr, "%s\n", b)
	return ExitFailed
}

// apError is a failed request as `paddock ap --json` reports it on stderr.
type apError struct {
	Error      string `json:"error"`            // the server's code, "http_error" or "request_failed" (no answer)
	Status     int    `json:"status,omitempty"` // the HTTP status; absent when the server was not reached
	Message    string `json:"message"`
	RetryAfter string `json:"retry_after,omitempty"` // seconds, when the server said
}

// contentJSON is an artifact as `paddock ap download --json` prints it.
func contentJSON(b []byte) any {
	if utf8.Valid(b) {
		return struct {
			Size    int    `json:"size"`
			Content string `json:"content"`
		}{len(b), string(b)}
	}
	return struct {
		Size          int    `json:"size"`
		ContentBase64 []byte `json:"content_base64"`
	}{len(b), b}
}

// apPage is one page of tasks, steps or artifacts as the Agent Protocol lists them.
type apPage struct {
	Tasks      []server.Task     `json:"tasks"`
	Steps      []server.Step     `json:"steps"`
	Artifacts  []server.Artifact `json:"artifacts"`
	Pagination server.Pagination `json:"pagination"`
}

// apTime is how `paddock ap` shows a time: UTC, to the second.
func apTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// more says how many items the page left out, when it left some.
func more(w io.Writer, shown int, p server.Pagination, what string) {
	if p.TotalItems > shown {
		fmt.Fprintf(w, "(%d of %d %s shown; --json gives the page with its pagination)\n", shown, p.TotalItems, what)
	}
}

// writeTasksText lists tasks, one a line: id, status, when created, goal.
func writeTasksText(w io.Writer, p *apPage) {
	if len(p.Tasks) == 0 {
		fmt.Fprintln(w, "no tasks")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tSTATUS\tCREATED (UTC)\tGOAL")
	for _, t := range p.Tasks {
		status := string(t.Status)
		if status == "" {
			status = "-"
		}
		if t.Outcome != "" {
			status += " (" + t.Outcome + ")"
		}
		goal := "-"
		if t.Input != nil {
			goal = termtext.OneLine(*t.Input, 60)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", termtext.OneLine(t.TaskID, 64), termtext.OneLine(status, 60), apTime(t.CreatedAt), goal)
	}
	tw.Flush()
	more(w, len(p.Tasks), p.Pagination, "tasks")
}

// writeStepsText lists a task's steps, one a line: id, status (the call it waits for, last),
// when created, the first line of its output.
func writeStepsText(w io.Writer, p *apPage) {
	if len(p.Steps) == 0 {
		fmt.Fprintln(w, "no steps")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tSTATUS\tCREATED (UTC)\tOUTPUT")
	for i := range p.Steps {
		st := &p.Steps[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", termtext.OneLine(st.StepID, 64), stepStatus(st), apTime(st.CreatedAt), firstLine(st.Output, 70))
	}
	tw.Flush()
	more(w, len(p.Steps), p.Pagination, "steps")
}

// firstLine is s's first non-empty line made safe and cut to max runes, with " …" when lines
// follow; "-" for an empty s.
func firstLine(s string, max int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if lines[0] == "" {
		return "-"
	}
	line := termtext.OneLine(strings.TrimSpace(lines[0]), max)
	if len(lines) > 1 {
		line += " …"
	}
	return line
}

// stepStatus is a step's status, with the call it waits for and whether it was the last.
func stepStatus(st *server.Step) string {
	s := termtext.OneLine(string(st.Status), 20)
	if aw := apclient.AwaitingApproval(st); aw != nil {
		s += ", awaits approval of " + termtext.OneLine(aw.Tool, 60)
	}
	if st.IsLast {
		s += ", last"
	}
	return s
}

// writeArtifactsText lists a task's artifacts, one a line: id, who made it, path, when created.
func writeArtifactsText(w io.Writer, p *apPage) {
	if len(p.Artifacts) == 0 {
		fmt.Fprintln(w, "no artifacts")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTIFACT\tBY\tCREATED (UTC)\tPATH")
	for _, a := range p.Artifacts {
		by := "user"
		if a.AgentCreated {
			by = "agent"
		}
		path := a.RelativePath
		if path == "" {
			path = a.FileName
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", termtext.OneLine(a.ArtifactID, 64), by, apTime(a.CreatedAt), termtext.OneLine(path, 200))
	}
	tw.Flush()
	more(w, len(p.Artifacts), p.Pagination, "artifacts")
}

// writeStepText shows one step: its id and status, its output, and the call it waits for, shown
// as `paddock run` shows a question (a diff, a command line), with how to answer it.
func writeStepText(w io.Writer, st *server.Step) {
	fmt.Fprintf(w, "step %s: %s\n", termtext.OneLine(st.StepID, 64), stepStatus(st))
	output := st.Output
	aw := apclient.AwaitingApproval(st)
	if aw != nil {
		// paddock's server ends the output with the waiting call for API clients ("Awaiting
		// approval: TOOL(ARGS) ... Send a step with additional_input ..."); it is shown below,
		// readably, with the command that answers it.
		if i := strings.LastIndex(output, "Awaiting approval: "+aw.Tool+"("); i >= 0 {
			output = output[:i]
		}
	}
	if out := strings.TrimSpace(termtext.Safe(output)); out != "" {
		fmt.Fprintln(w, out)
	}
	if aw != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, policy.RenderCall(aw.Tool, aw.Arguments, policy.Display{}))
		if aw.Why != "" {
			fmt.Fprintln(w, "why: "+termtext.OneLine(aw.Why, 300))
		}
		task := termtext.OneLine(st.TaskID, 64)
		fmt.Fprintf(w, "answer: paddock ap step %s --approve | --always | --refuse WHY\n", task)
	}
	if st.IsLast {
		fmt.Fprintln(w, "the task has ended")
	}
}
