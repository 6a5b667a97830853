// Package llmtest provides a scripted OpenAI-compatible chat-completions
// server for tests, benchmarks and CLI scripts: it replays scripted assistant
// turns (text or tool calls, with token usage), records every request it
// receives (headers and body), and injects failures (error statuses with
// Retry-After, delays, malformed bodies). It is a test double: nothing in it
// is a model.
//
// [NewServer] runs it on a loopback httptest server tied to a testing.TB;
// [NewHandler] gives the bare http.Handler for use outside tests.
package llmtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
)

// ScriptedModel is the model name the server reports when the request names none.
const ScriptedModel = "scripted"

// maxBody bounds the request bodies the scripted server reads.
const maxBody = 32 << 20

// Turn is one scripted reply. A zero Status (or 200) with no RawBody is a
// normal chat completion made of Content and ToolCalls; any other Status is
// an OpenAI-style error response. Every request to the chat-completions path
// consumes one turn, failures included, so a script like
// [Fail(429, "0"), Text("hi")] means "refuse once, then answer".
type Turn struct {
	// Content is the assistant text (may be empty when ToolCalls is set).
	Content string
	// ToolCalls are the function calls to propose; Arguments is sent
	// verbatim, so invalid JSON can be scripted. Empty IDs are filled in as
	// "call_scripted_<turn>_<index>".
	ToolCalls []llm.ToolCall
	// FinishReason defaults to "tool_calls" when ToolCalls is set, else "stop".
	FinishReason string
	// Usage is reported in the "usage" object. A zero TotalTokens is filled
	// in as PromptTokens+CompletionTokens.
	Usage llm.Usage

	// Status, when neither 0 nor 200, makes this turn an error response.
	Status int
	// ErrorMessage is the error's message (default: the status text).
	ErrorMessage string
	// ErrorCode is the error's "code", e.g. "insufficient_quota".
	ErrorCode string
	// RetryAfter is sent as the Retry-After header when not empty.
	RetryAfter string
	// RetryAfterMs is sent as the retry-after-ms header when not empty.
	RetryAfterMs string
	// Header holds extra response headers.
	Header http.Header
	// Delay is waited before answering; it ends early when the client goes
	// away or the handler is closed.
	Delay time.Duration
	// RawBody, when set, is sent verbatim (with Status, or 200) as
	// application/json unless Header sets another Content-Type: for
	// malformed or unusual responses.
	RawBody string
}

// Text returns a turn answering with assistant text.
func Text(content string) Turn { return Turn{Content: content} }

// Calls returns a turn proposing the given tool calls (parallel when several).
func Calls(calls ...llm.ToolCall) Turn { return Turn{ToolCalls: calls} }

// Call returns a tool call; args is sent verbatim.
func Call(id, name, args string) llm.ToolCall {
	return llm.ToolCall{ID: id, Name: name, Arguments: args}
}

// Fail returns a turn answering with an error status and, when retryAfter is
// not empty, a Retry-After header.
func Fail(status int, retryAfter string) Turn {
	return Turn{Status: status, RetryAfter: retryAfter}
}

// WithUsage returns t reporting prompt and completion tokens (and their sum).
func (t Turn) WithUsage(prompt, completion int64) Turn {
	t.Usage = llm.Usage{PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}
	return t
}

// Request is one request the scripted server received.
type Request struct {
	Method string
	Path   string
	// Header is the request's headers as received, Authorization included.
	Header http.Header
	// Body is the raw request body.
	Body []byte
	// Chat is Body decoded; zero when the body was not a chat request.
	Chat ChatRequest
	// Turn is the index of the scripted turn served, -1 when none was.
	Turn int
}

// ChatRequest is the part of a chat-completions request body that tests
// look at.
type ChatRequest struct {
	Model             string        `json:"model"`
	Messages          []ChatMessage `json:"messages"`
	Tools             []ChatTool    `json:"tools"`
	Stream            bool          `json:"stream"`
	ParallelToolCalls *bool         `json:"parallel_tool_calls"`
}

// ChatMessage is one message of a [ChatRequest]. Content given as an array
// of text parts is joined into one string.
type ChatMessage struct {
	Role       string         `json:"role"`
	Content    string         `json:"-"`
	ToolCalls  []ChatToolCall `json:"tool_calls"`
	ToolCallID string         `json:"tool_call_id"`
}

// UnmarshalJSON accepts content as a string, null, or an array of text parts.
func (m *ChatMessage) UnmarshalJSON(b []byte) error {
	type plain ChatMessage
	var v struct {
		plain
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = ChatMessage(v.plain)
	c := bytes.TrimSpace(v.Content)
	switch {
	case len(c) == 0 || bytes.Equal(c, []byte("null")):
	case c[0] == '"':
		return json.Unmarshal(c, &m.Content)
	case c[0] == '[':
		var parts []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(c, &parts); err != nil {
			return fmt.Errorf("message content parts: %w", err)
		}
		var sb strings.Builder
		for _, p := range parts {
			sb.WriteString(p.Text)
		}
		m.Content = sb.String()
	default:
		return fmt.Errorf("message content is neither a string nor an array")
	}
	return nil
}

// ChatToolCall is a tool call replayed in an assistant message.
type ChatToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// ChatTool is a tool offered to the model.
type ChatTool struct {
	Type     string `json:"type"`
	Function struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	} `json:"function"`
}

// Handler is the scripted server as an http.Handler. It answers POST
// …/chat/completions; other paths get 404 and consume no turn. When the script
// is used up it answers 400 (not retried by clients) with a message saying
// so. Safe for concurrent use.
type Handler struct {
	mu       sync.Mutex
	script   []Turn
	next     int
	repeat   bool
	record   bool
	served   int
	requests []Request
	closed   chan struct{}
	once     sync.Once
}

// NewHandler returns a handler replaying script, recording requests.
func NewHandler(script ...Turn) *Handler {
	return &Handler{script: slices.Clone(script), record: true, closed: make(chan struct{})}
}

// Append adds turns to the end of the script.
func (h *Handler) Append(turns ...Turn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.script = append(h.script, turns...)
}

// SetRepeat makes the script start over when used up (for benchmarks).
func (h *Handler) SetRepeat(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.repeat = on
}

// SetRecord turns request recording on (the default) or off (long benchmarks).
func (h *Handler) SetRecord(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.record = on
}

// Requests returns copies of the recorded requests, oldest first.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Request, len(h.requests))
	for i, r := range h.requests {
		r.Header = r.Header.Clone()
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

// Served returns how many scripted turns have been served.
func (h *Handler) Served() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.served
}

// Remaining returns how many turns are left (0 when repeating an empty script).
func (h *Handler) Remaining() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.script) - h.next
}

// Close ends pending Delays at once; later requests are still answered.
func (h *Handler) Close() {
	h.once.Do(func() { close(h.closed) })
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "/chat/completions") {
		writeError(w, http.StatusNotFound, "scripted server: only POST …/chat/completions is served", "")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "scripted server: use POST", "")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	rec := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body, Turn: -1}
	if err != nil {
		h.keep(rec)
		writeError(w, http.StatusBadRequest, "scripted server: cannot read body: "+err.Error(), "")
		return
	}
	if err := json.Unmarshal(body, &rec.Chat); err != nil {
		rec.Chat = ChatRequest{}
		h.keep(rec)
		writeError(w, http.StatusBadRequest, "scripted server: body is not a chat request: "+err.Error(), "")
		return
	}
	if rec.Chat.Stream {
		h.keep(rec)
		writeError(w, http.StatusBadRequest, "scripted server: streaming is not scripted; send stream=false", "")
		return
	}

	h.mu.Lock()
	var turn Turn
	ok := h.next < len(h.script)
	if ok {
		turn = h.script[h.next]
		rec.Turn = h.next
		h.next++
		h.served++
		if h.repeat && h.next == len(h.script) {
			h.next = 0
		}
	}
	served := h.served
	if h.record {
		h.requests = append(h.requests, rec)
	}
	h.mu.Unlock()
	if !ok {
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("scripted server: no scripted turn left (%d served)", served), "script_exhausted")
		return
	}

	if turn.Delay > 0 {
		t := time.NewTimer(turn.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		case <-h.closed:
			t.Stop()
		}
	}
	for k, vs := range turn.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if turn.RetryAfter != "" {
		w.Header().Set("Retry-After", turn.RetryAfter)
	}
	if turn.RetryAfterMs != "" {
		w.Header().Set("Retry-After-Ms", turn.RetryAfterMs)
	}
	status := turn.Status
	if status == 0 {
		status = http.StatusOK
	}
	switch {
	case turn.RawBody != "":
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, turn.RawBody)
	case status != http.StatusOK:
		msg := turn.ErrorMessage
		if msg == "" {
			msg = http.StatusText(status)
		}
		writeError(w, status, msg, turn.ErrorCode)
	default:
		model := rec.Chat.Model
		if model == "" {
			model = ScriptedModel
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(completion(turn, rec.Turn, model))
	}
}

func (h *Handler) keep(rec Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.record {
		h.requests = append(h.requests, rec)
	}
}

func writeError(w http.ResponseWriter, status int, msg, code string) {
	type apiError struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Code    *string `json:"code"`
	}
	e := apiError{Message: msg, Type: "scripted_error"}
	if code != "" {
		e.Code = &code
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]apiError{"error": e})
}

// wire types of a chat completion response.
type (
	wireCompletion struct {
		ID      string       `json:"id"`
		Object  string       `json:"object"`
		Created int64        `json:"created"`
		Model   string       `json:"model"`
		Choices []wireChoice `json:"choices"`
		Usage   wireUsage    `json:"usage"`
	}
	wireChoice struct {
		Index        int         `json:"index"`
		Message      wireMessage `json:"message"`
		FinishReason string      `json:"finish_reason"`
	}
	wireMessage struct {
		Role      string         `json:"role"`
		Content   *string        `json:"content"`
		ToolCalls []ChatToolCall `json:"tool_calls,omitempty"`
	}
	wireUsage struct {
		PromptTokens     int64 `json:"prompt_tokens"`
		CompletionTokens int64 `json:"completion_tokens"`
		TotalTokens      int64 `json:"total_tokens"`
	}
)

func completion(t Turn, index int, model string) wireCompletion {
	msg := wireMessage{Role: "assistant"}
	if t.Content != "" || len(t.ToolCalls) == 0 {
		msg.Content = &t.Content
	}
	for i, c := range t.ToolCalls {
		var tc ChatToolCall
		tc.ID, tc.Type = c.ID, "function"
		if tc.ID == "" {
			tc.ID = fmt.Sprintf("call_scripted_%d_%d", index, i)
		}
		tc.Function.Name, tc.Function.Arguments = c.Name, c.Arguments
		msg.ToolCalls = append(msg.ToolCalls, tc)
	}
	finish := t.FinishReason
	if finish == "" {
		finish = "stop"
		if len(t.ToolCalls) > 0 {
			finish = "tool_calls"
		}
	}
	u := wireUsage{t.Usage.PromptTokens, t.Usage.CompletionTokens, t.Usage.TotalTokens}
	if u.TotalTokens == 0 {
		u.TotalTokens = u.PromptTokens + u.CompletionTokens
	}
	return wireCompletion{
		ID:      fmt.Sprintf("chatcmpl-scripted-%d", index),
		Object:  "chat.completion",
		Created: time.Now().Unix(),
		Model:   model,
		Choices: []wireChoice{{Index: 0, Message: msg, FinishReason: finish}},
		Usage:   u,
	}
}

// errNotArray is returned by LoadScript for a document that is not an array.
var errNotArray = errors.New("llmtest: a script is a JSON array of turns")
