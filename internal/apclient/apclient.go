// Package apclient is a client of the Agent Protocol v1 (AutoGPT's REST API) as paddock serves
// it, with paddock's additions: approvals in a step's additional_input and read-only shares of
// artifacts between tenants. `paddock ap` is its command line.
package apclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
)

// Client talks to one Agent Protocol server with one API key.
type Client struct {
	// BaseURL is the server's root, e.g. http://127.0.0.1:8000, without a trailing slash.
	BaseURL string
	// Key is sent as "Authorization: Bearer KEY"; empty sends no Authorization.
	Key string
	// HTTP makes the requests; nil means http.DefaultClient.
	HTTP *http.Client
}

// Error is the server's refusal of a request: its status and, when the body says, the error
// code and message (and when to retry).
type Error struct {
	Status     int
	StatusText string // as the response gave it, e.g. "502 Bad Gateway"
	Code       string // e.g. "not_found"; empty when the body was not a paddock error
	Message    string
	RetryAfter string // the Retry-After header, in seconds
}

// Error reads "404 not_found: task not found", with " (retry after N s)" when the server said
// when, or the bare status when the body named no error.
func (e *Error) Error() string {
	if e.Message == "" {
		return e.StatusText
	}
	msg := fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
	if e.RetryAfter != "" {
		msg += " (retry after " + e.RetryAfter + " s)"
	}
	return msg
}

// CreateTask creates a task for input and returns it. continuous asks the server to run its tool
// calls without approval (until a prompt injection is detected).
func (c *Client) CreateTask(ctx context.Context, input string, continuous bool) (*server.Task, error) {
	req := map[string]any{"input": input}
	if continuous {
		req["additional_input"] = map[string]any{"continuous": true}
	}
	var t server.Task
	if err := c.doJSON(ctx, "POST", "/ap/v1/agent/tasks", req, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// StepOptions are the optional parts of a step request.
type StepOptions struct {
	// Input is text for the model with this step.
	Input string
	// Refuse, Always and Approve answer a call awaiting approval, in this order of precedence:
	// refuse it, telling the model Refuse; run it and every later call of the same tool; run it.
	Refuse          string
	Always, Approve bool
	// ApprovalID names the call the answer is for (additional_output.awaiting_approval.approval_id);
	// empty: the one the task's latest step awaits.
	ApprovalID string
}

// Step runs one step of a task and returns it; a step that stopped for an approval
// ([AwaitingApproval]) waits for the next step's answer.
func (c *Client) Step(ctx context.Context, taskID string, o StepOptions) (*server.Step, error) {
	addl := map[string]any{}
	switch {
	case o.Refuse != "":
		addl["approve"], addl["feedback"] = false, o.Refuse
	case o.Always:
		addl["approve"], addl["always"] = true, true
	case o.Approve:
		addl["approve"] = true
	}
	if len(addl) > 0 {
		id := o.ApprovalID
		if id == "" {
			var err error
			if id, err = c.PendingApproval(ctx, taskID); err != nil {
				return nil, err
			}
		}
		addl["approval_id"] = id
	}
	req := map[string]any{"additional_input": addl}
	if o.Input != "" {
		req["input"] = o.Input
	}
	var st server.Step
	if err := c.doJSON(ctx, "POST", "/ap/v1/agent/tasks/"+taskID+"/steps", req, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// Awaiting is the call a step stopped at, waiting for an approval
// (additional_output.awaiting_approval).
type Awaiting struct {
	ApprovalID string `json:"approval_id"`
	CallID     string `json:"call_id"`
	Tool       string `json:"tool"`
	Arguments  string `json:"arguments"`
	Why        string `json:"why"`
}

// AwaitingApproval returns the call st waits for, or nil when it waits for none. The step's
// status stays within the Agent Protocol's enum ("completed"); the wait is in additional_output.
func AwaitingApproval(st *server.Step) *Awaiting {
	var out struct {
		AwaitingApproval *Awaiting `json:"awaiting_approval"`
	}
	if json.Unmarshal(st.AdditionalOutput, &out) != nil {
		return nil
	}
	return out.AwaitingApproval
}

// PendingApproval returns the approval_id of the call the task's latest step awaits, or "" when
// it awaits none (the server then refuses an answer, saying so).
func (c *Client) PendingApproval(ctx context.Context, taskID string) (string, error) {
	var page struct {
		Steps      []server.Step     `json:"steps"`
		Pagination server.Pagination `json:"pagination"`
	}
	path := "/ap/v1/agent/tasks/" + taskID + "/steps?page_size=1"
	if err := c.doJSON(ctx, "GET", path, nil, &page); err != nil {
		return "", err
	}
	if n := page.Pagination.TotalItems; n > 1 {
		if err := c.doJSON(ctx, "GET", path+"&current_page="+strconv.Itoa(n), nil, &page); err != nil {
			return "", err
		}
	}
	if len(page.Steps) == 0 {
		return "", nil
	}
	a := AwaitingApproval(&page.Steps[len(page.Steps)-1])
	if a == nil {
		return "", nil
	}
	return a.ApprovalID, nil
}

// Tasks decodes the first page of up to 100 tasks into out.
func (c *Client) Tasks(ctx context.Context, out any) error {
	return c.doJSON(ctx, "GET", "/ap/v1/agent/tasks?page_size=100", nil, out)
}

// Steps decodes the first page of up to 100 steps of a task into out.
func (c *Client) Steps(ctx context.Context, taskID string, out any) error {
	return c.doJSON(ctx, "GET", "/ap/v1/agent/tasks/"+taskID+"/steps?page_size=100", nil, out)
}

// Artifacts decodes the first page of up to 100 artifacts of a task into out.
func (c *Client) Artifacts(ctx context.Context, taskID string, out any) error {
	return c.doJSON(ctx, "GET", "/ap/v1/agent/tasks/"+taskID+"/artifacts?page_size=100", nil, out)
}

// Upload adds data as the file fileName to a task's workspace, in the folder relativePath (empty:
// its root), and returns the artifact.
func (c *Client) Upload(ctx context.Context, taskID, fileName string, data []byte, relativePath string) (*server.Artifact, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if relativePath != "" {
		_ = mw.WriteField("relative_path", relativePath) // writes to a bytes.Buffer cannot fail
	}
	fw, _ := mw.CreateFormFile("file", fileName)
	_, _ = fw.Write(data)
	mw.Close()
	var art server.Artifact
	if err := c.do(ctx, "POST", "/ap/v1/agent/tasks/"+taskID+"/artifacts", mw.FormDataContentType(), &buf, &art); err != nil {
		return nil, err
	}
	return &art, nil
}

// Download writes an artifact of a task to w.
func (c *Client) Download(ctx context.Context, taskID, artifactID string, w io.Writer) error {
	return c.do(ctx, "GET", "/ap/v1/agent/tasks/"+taskID+"/artifacts/"+artifactID, "", nil, w)
}

// Share grants the tenant grantee read-only access to one artifact (an admin key's right) and
// returns the share; the grantee reads the artifact with Shared and the share's ID.
func (c *Client) Share(ctx context.Context, taskID, artifactID, grantee string) (*store.Share, error) {
	var sh store.Share
	if err := c.doJSON(ctx, "POST", "/paddock/v1/shares", server.ShareRequest{TaskID: taskID, ArtifactID: artifactID, Grantee: grantee}, &sh); err != nil {
		return nil, err
	}
	return &sh, nil
}

// Shared writes an artifact shared with this key's tenant to w.
func (c *Client) Shared(ctx context.Context, shareID string, w io.Writer) error {
	return c.do(ctx, "GET", "/paddock/v1/shared/"+shareID, "", nil, w)
}

// errorBody is the JSON of the server's error responses.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// do sends one request. A status of 300 or more becomes an *Error. Otherwise the body is copied to
// out when it is an io.Writer, or decoded into it as JSON when it is not nil.
func (c *Client) do(ctx context.Context, method, path, contentType string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return err
	}
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		e := &Error{Status: res.StatusCode, StatusText: res.Status}
		var b errorBody
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		if json.Unmarshal(raw, &b) == nil && b.Message != "" {
			e.Code, e.Message, e.RetryAfter = b.Error, b.Message, res.Header.Get("Retry-After")
		}
		return e
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

func (c *Client) doJSON(ctx context.Context, method, path string, in, out any) error {
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
