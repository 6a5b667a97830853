package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// taskView is everything the task page shows.
type taskView struct {
	Task       *store.Task
	Continuous bool
	Steps      []stepView
	StepsTotal int
	Awaiting   *approvalView
	Artifacts  []*store.Artifact
	// Tainted: a call's output looked like a prompt injection, so consequential calls need approval.
	Tainted   bool
	TaintFrom string
	Driving   bool   // the console is taking the task's steps
	Note      string // why the console's last drive stopped early
	Ended     bool
	Tokens    int64
}

// stepView is one Agent Protocol step as the page shows it.
type stepView struct {
	Seq      int64
	Name     string
	Input    string
	Status   string
	Output   string
	Thoughts string
	Calls    []callView
	Notice   string
	Error    string
	Tokens   int64
	Created  time.Time
	IsLast   bool
}

// callView is one tool call of a step.
type callView struct {
	Tool, Arguments, Decision, Feedback, Output, Error string
	Flagged                                            bool
	FlagReasons                                        []string // the guard's, as the API gives them
}

// stepOutput is the part of a step's additional_output the console shows.
type stepOutput struct {
	Thoughts  string `json:"thoughts"`
	ToolCalls []struct {
		Tool      string `json:"tool"`
		Arguments string `json:"arguments"`
		Decision  string `json:"decision"`
		Feedback  string `json:"feedback"`
		Output    string `json:"output"`
		Error     string `json:"error"`
		Flagged   bool   `json:"flagged"`
		// FlagReasons are the guard's reasons for the flag (redacted and clipped by the server).
		FlagReasons []string `json:"flag_reasons"`
	} `json:"tool_calls"`
	PromptTokens     int64  `json:"prompt_tokens"`
	CompletionTokens int64  `json:"completion_tokens"`
	Notice           string `json:"notice"`
	Error            string `json:"error"`
}

// held is a call awaiting approval, as the server saved it.
type held struct {
	ApprovalID string `json:"approval_id"`
	CallID     string `json:"call_id"`
	Tool       string `json:"tool"`
	Arguments  string `json:"arguments"`
	Why        string `json:"why"`
	Reason     string `json:"reason"`
}

// approvalView is the readable view of a held call.
type approvalView struct {
	held
	Kind    string // "write", "command", "url" or "other"
	Path    string
	Diff    []DiffLine
	NewFile bool
	Compare string // what the diff compares with
	Command string
	URL     string
	Host    string
	Scheme  string
	Pretty  string
}

// maxStepsShown bounds the steps one page shows (the newest ones).
const maxStepsShown = 200

// loadTask reads a task of the session's tenant and its steps; another tenant's is ErrNotFound.
func (c *Console) loadTask(ctx context.Context, s *session, taskID string) (*taskView, error) {
	scope := c.cfg.Store.Tenant(s.tenant)
	t, err := scope.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	v := &taskView{Task: t, Tokens: t.PromptTokens + t.CompletionTokens}
	v.Ended = t.Status != store.StatusRunning
	run, err := scope.TaskRun(ctx, taskID)
	if err != nil {
		return nil, fmt.Errorf("task run: %w", err)
	}
	var opts struct {
		Continuous bool `json:"continuous"`
	}
	_ = json.Unmarshal([]byte(run.AdditionalInput), &opts)
	v.Continuous = opts.Continuous
	_, total, err := scope.APSteps(ctx, taskID, 1, 0)
	if err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	v.StepsTotal = total
	sts, _, err := scope.APSteps(ctx, taskID, maxStepsShown, max(0, total-maxStepsShown))
	if err != nil {
		return nil, fmt.Errorf("steps: %w", err)
	}
	for _, st := range sts {
		sv := stepView{Seq: st.Seq, Name: st.Name, Input: st.Input, Status: string(st.Status), Output: st.Output, Created: st.Created, IsLast: st.IsLast}
		var out stepOutput
		_ = json.Unmarshal([]byte(st.AdditionalOutput), &out)
		sv.Thoughts, sv.Notice, sv.Error = out.Thoughts, out.Notice, out.Error
		sv.Tokens = out.PromptTokens + out.CompletionTokens
		for _, tc := range out.ToolCalls {
			sv.Calls = append(sv.Calls, callView{Tool: tc.Tool, Arguments: tc.Arguments, Decision: tc.Decision, Feedback: tc.Feedback,
				Output: tc.Output, Error: tc.Error, Flagged: tc.Flagged, FlagReasons: tc.FlagReasons})
			if tc.Flagged && !v.Tainted {
				v.Tainted, v.TaintFrom = true, fmt.Sprintf("%s in step %d", tc.Tool, st.Seq)
			}
		}
		v.Steps = append(v.Steps, sv)
	}
	// A step that stopped for an approval stays so in the store; once a later step answered it,
	// say so.
	for i := range v.Steps {
		if v.Steps[i].Status == string(store.APStepAwaiting) && (i < len(v.Steps)-1 || run.Awaiting == "") {
			v.Steps[i].Status = "answered"
		}
	}
	if run.Awaiting != "" && !v.Ended {
		var h held
		if json.Unmarshal([]byte(run.Awaiting), &h) == nil && h.ApprovalID != "" {
			v.Awaiting = c.approval(ctx, s, taskID, h)
		}
	}
	arts, _, err := scope.Artifacts(ctx, taskID, 100, 0)
	if err != nil {
		return nil, fmt.Errorf("artifacts: %w", err)
	}
	v.Artifacts = arts
	key := s.tenant + "/" + taskID
	v.Driving, v.Note = c.drivers.isRunning(key), c.drivers.note(key)
	return v, nil
}

// approval builds the readable view of a held call: for a write, a diff against the file as the
// task's artifacts have it now (read through the API); for a command, its command line; for a
// fetch, its URL with the host apart.
func (c *Console) approval(ctx context.Context, s *session, taskID string, h held) *approvalView {
	a, contents := describe(h)
	if a.Kind != "write" {
		return a
	}
	old, found, err := c.currentFile(ctx, s, taskID, a.Path)
	switch {
	case err != nil:
		a.Compare = "nothing: the current file could not be read (" + errText(err) + "); this is the whole new contents"
		a.Diff = Diff("", contents)
	case !found:
		a.NewFile, a.Compare = true, "nothing: a new file"
		a.Diff = Diff("", contents)
	default:
		a.Compare = "the file as it is now"
		a.Diff = Diff(old, contents)
	}
	return a
}

// describe reads a held call's arguments (the model's, untrusted) into its readable view; for a
// write it also returns the new contents. Arguments that do not parse are shown as they are.
func describe(h held) (*approvalView, string) {
	if h.Reason == "" {
		h.Reason = h.Why
	}
	a := &approvalView{held: h, Kind: "other", Pretty: h.Arguments}
	var args map[string]any
	if err := json.Unmarshal([]byte(h.Arguments), &args); err != nil {
		return a, ""
	}
	if pretty, err := json.MarshalIndent(args, "", "  "); err == nil {
		a.Pretty = string(pretty)
	}
	str := func(k string) (string, bool) {
		v, ok := args[k].(string)
		return v, ok
	}
	switch h.Tool {
	case "write_file":
		name, ok1 := str("filename")
		contents, ok2 := str("contents")
		if ok1 && ok2 {
			a.Kind, a.Path = "write", name
			return a, contents
		}
	case "execute_shell":
		if cl, ok := str("command_line"); ok {
			a.Kind, a.Command = "command", cl
		}
	case "execute_python_code":
		if code, ok := str("code"); ok {
			a.Kind, a.Command = "command", code
		}
	default:
		if raw, ok := str("url"); ok {
			a.Kind, a.URL = "url", raw
			if u, err := url.Parse(raw); err == nil {
				a.Host, a.Scheme = u.Hostname(), u.Scheme
			} else {
				a.Host = "(not a valid URL)"
			}
		}
	}
	return a, ""
}

// maxDiffFile bounds the current file the console reads for a diff.
const maxDiffFile = 1 << 20

// currentFile reads a workspace file of the task through the API: the artifact whose path is
// name. found is false when the task has no such artifact.
func (c *Console) currentFile(ctx context.Context, s *session, taskID, name string) (string, bool, error) {
	want := path.Clean(strings.TrimPrefix(name, "./"))
	for page := 1; page <= 20; page++ {
		var list struct {
			Artifacts []struct {
				ArtifactID   string `json:"artifact_id"`
				FileName     string `json:"file_name"`
				RelativePath string `json:"relative_path"`
			} `json:"artifacts"`
			Pagination struct {
				TotalPages int `json:"total_pages"`
			} `json:"pagination"`
		}
		if err := c.call(ctx, s, http.MethodGet, fmt.Sprintf("/ap/v1/agent/tasks/%s/artifacts?current_page=%d&page_size=100", url.PathEscape(taskID), page), nil, "", &list); err != nil {
			return "", false, err
		}
		for _, a := range list.Artifacts {
			rel := path.Clean(a.RelativePath)
			if rel == want || path.Join(rel, a.FileName) == want {
				return c.artifactText(ctx, s, taskID, a.ArtifactID)
			}
		}
		if page >= list.Pagination.TotalPages {
			break
		}
	}
	return "", false, nil
}

func (c *Console) artifactText(ctx context.Context, s *session, taskID, id string) (string, bool, error) {
	h := c.apiHandler()
	if h == nil {
		return "", false, ErrNoAPI
	}
	req, err := apiRequest(ctx, s, http.MethodGet, "/ap/v1/agent/tasks/"+url.PathEscape(taskID)+"/artifacts/"+url.PathEscape(id), nil, "")
	if err != nil {
		return "", false, err
	}
	a := &answer{header: http.Header{}}
	h.ServeHTTP(a, req)
	if a.status == http.StatusNotFound {
		return "", false, nil
	}
	if a.status >= 400 {
		return "", false, &APIError{Status: a.status, Message: http.StatusText(a.status)}
	}
	b := a.body.Bytes()
	if len(b) > maxDiffFile || bytes.IndexByte(b, 0) >= 0 {
		return fmt.Sprintf("(the current file is binary or larger than %d bytes; not shown)\n", maxDiffFile), true, nil
	}
	return string(b), true, nil
}
