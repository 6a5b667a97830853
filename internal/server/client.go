package server

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const clientUsage = `Usage: paddock ap COMMAND [flags]

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

// apClient talks to an Agent Protocol server.
type apClient struct {
	base, key string
	http      *http.Client
}

func (c *apClient) do(ctx context.Context, method, path, contentType string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		var e errorBody
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		if json.Unmarshal(raw, &e) == nil && e.Message != "" {
			msg := fmt.Sprintf("%d %s: %s", res.StatusCode, e.Error, e.Message)
			if ra := res.Header.Get("Retry-After"); ra != "" {
				msg += " (retry after " + ra + " s)"
			}
			return fmt.Errorf("%s", msg)
		}
		return fmt.Errorf("%s", res.Status)
	}
	if w, ok := out.(io.Writer); ok {
		_, err = io.Copy(w, res.Body)
		return err
	}
	if out != nil {
		return json.NewDecoder(res.Body).Decode(out)
	}
	return nil
}

func (c *apClient) doJSON(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	return c.do(ctx, method, path, "application/json", body, out)
}

// ClientCLI runs `paddock ap ...`, a command-line Agent Protocol client.
func ClientCLI(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, clientUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("paddock ap "+sub, flag.ContinueOnError)
	var keyFile, input, refuse, rel string
	var approve, always, continuous bool
	fs.StringVar(&keyFile, "key-file", "", "read the API key from this `file` instead of $PADDOCK_API_KEY")
	switch sub {
	case "task":
		fs.BoolVar(&continuous, "continuous", false, "run tool calls without approval (until a prompt injection is detected)")
	case "step":
		fs.StringVar(&input, "input", "", "text for the model with this step")
		fs.BoolVar(&approve, "approve", false, "approve the call awaiting approval")
		fs.BoolVar(&always, "always", false, "approve it and every later call of the same tool")
		fs.StringVar(&refuse, "refuse", "", "refuse the call awaiting approval, telling the model `why`")
	case "upload":
		fs.StringVar(&rel, "relative-path", "", "the `folder` in the task's workspace")
	}
	fs.Usage = func() { fmt.Fprint(stderr, clientUsage) }
	if code, ok := parseFlags(fs, reorder(fs, args), stderr); !ok {
		return code
	}
	c := &apClient{base: strings.TrimSuffix(os.Getenv("PADDOCK_URL"), "/"), key: strings.TrimSpace(os.Getenv("PADDOCK_API_KEY")),
		http: &http.Client{Timeout: 10 * time.Minute}}
	if c.base == "" {
		c.base = "http://127.0.0.1:8000"
	}
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			fmt.Fprintln(stderr, "paddock ap:", err)
			return exitUsage
		}
		c.key = strings.TrimSpace(string(b))
	}
	need := map[string]int{"task": 1, "step": 1, "tasks": 0, "steps": 1, "artifacts": 1, "upload": 2, "download": 2, "share": 3, "shared": 1}
	n, ok := need[sub]
	if !ok {
		fmt.Fprintf(stderr, "paddock ap: unknown command %q\n%s", sub, clientUsage)
		return exitUsage
	}
	if fs.NArg() != n {
		fmt.Fprintf(stderr, "paddock ap %s: wants %d argument(s)\n", sub, n)
		return exitUsage
	}
	a := fs.Args()
	fail := func(err error) int {
		fmt.Fprintf(stderr, "paddock ap %s: %v\n", sub, err)
		return exitFailed
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "task":
		req := map[string]any{"input": a[0]}
		if continuous {
			req["additional_input"] = map[string]any{"continuous": true}
		}
		var t Task
		if err := c.doJSON(ctx, "POST", "/ap/v1/agent/tasks", req, &t); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, t.TaskID)
	case "step":
		addl := map[string]any{}
		switch {
		case refuse != "":
			addl["approve"], addl["feedback"] = false, refuse
		case always:
			addl["approve"], addl["always"] = true, true
		case approve:
			addl["approve"] = true
		}
		req := map[string]any{"additional_input": addl}
		if input != "" {
			req["input"] = input
		}
		var st Step
		if err := c.doJSON(ctx, "POST", "/ap/v1/agent/tasks/"+a[0]+"/steps", req, &st); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "step %s: %s\n%s\n", st.StepID, st.Status, st.Output)
		switch {
		case st.IsLast:
			return 4
		case st.Status == "awaiting_approval":
			return 3
		}
	case "tasks", "steps", "artifacts":
		path := "/ap/v1/agent/tasks?page_size=100"
		if sub != "tasks" {
			path = "/ap/v1/agent/tasks/" + a[0] + "/" + sub + "?page_size=100"
		}
		var out map[string]any
		if err := c.doJSON(ctx, "GET", path, nil, &out); err != nil {
			return fail(err)
		}
		_ = enc.Encode(out)
	case "upload":
		data, err := os.ReadFile(a[1])
		if err != nil {
			return fail(err)
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		if rel != "" {
			_ = mw.WriteField("relative_path", rel)
		}
		fw, _ := mw.CreateFormFile("file", filepath.Base(a[1]))
		_, _ = fw.Write(data)
		mw.Close()
		var art Artifact
		if err := c.do(ctx, "POST", "/ap/v1/agent/tasks/"+a[0]+"/artifacts", mw.FormDataContentType(), &buf, &art); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, art.ArtifactID)
	case "download":
		if err := c.do(ctx, "GET", "/ap/v1/agent/tasks/"+a[0]+"/artifacts/"+a[1], "", nil, stdout); err != nil {
			return fail(err)
		}
	case "share":
		var sh map[string]any
		if err := c.doJSON(ctx, "POST", "/paddock/v1/shares", ShareRequest{TaskID: a[0], ArtifactID: a[1], Grantee: a[2]}, &sh); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, sh["share_id"])
	case "shared":
		if err := c.do(ctx, "GET", "/paddock/v1/shared/"+a[0], "", nil, stdout); err != nil {
			return fail(err)
		}
	}
	return exitOK
}
