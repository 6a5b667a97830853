package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

const testKey = "sk-test-0123456789abcdef"

var readFileSchema = json.RawMessage(`{"type":"object","properties":{"filename":{"type":"string","maxLength":4096}},"required":["filename"],"additionalProperties":false}`)

func newClient(t *testing.T, cfg llm.Config) *llm.OpenAI {
	t.Helper()
	c, err := llm.NewOpenAI(cfg)
	if err != nil {
		t.Fatalf("NewOpenAI: %v", err)
	}
	return c
}

func userRequest(text string) llm.Request {
	return llm.Request{Messages: []llm.Message{
		{Role: llm.RoleSystem, Content: "You are a test."},
		{Role: llm.RoleUser, Content: text},
	}}
}

func TestToolCallRoundTrip(t *testing.T) {
	srv := llmtest.NewServer(t,
		llmtest.Calls(
			llmtest.Call("call_1", "read_file", `{"filename":"notes.txt"}`),
			llmtest.Call("call_2", "list_folder", `{"folder": "."}`),
			llmtest.Call("call_3", "write_file", `{"filename": "x", "contents": `), // truncated: invalid JSON
		).WithUsage(120, 30),
		llmtest.Text("All done.").WithUsage(200, 7),
	)
	c := newClient(t, srv.Config(testKey))
	tools := []llm.ToolSpec{
		{Name: "read_file", Description: "Read a file.", Parameters: readFileSchema},
		{Name: "list_folder", Description: "List a folder."}, // no schema: sent as an empty object schema
	}
	req := userRequest("Read notes.txt")
	req.Tools = tools

	resp, err := c.Complete(t.Context(), req)
	if err != nil {
		t.Fatalf("Complete: %v", err)
	}
	want := []llm.ToolCall{
		{ID: "call_1", Name: "read_file", Arguments: `{"filename":"notes.txt"}`},
		{ID: "call_2", Name: "list_folder", Arguments: `{"folder": "."}`},
		{ID: "call_3", Name: "write_file", Arguments: `{"filename": "x", "contents": `},
	}
	if !slices.Equal(resp.Message.ToolCalls, want) {
		t.Errorf("tool calls = %#v\nwant %#v", resp.Message.ToolCalls, want)
	}
	if resp.Message.Role != llm.RoleAssistant || resp.FinishReason != "tool_calls" {
		t.Errorf("role %q finish %q, want assistant/tool_calls", resp.Message.Role, resp.FinishReason)
	}
	if resp.Usage != (llm.Usage{PromptTokens: 120, CompletionTokens: 30, TotalTokens: 150}) {
		t.Errorf("usage = %+v", resp.Usage)
	}

	// Second step: the history with the assistant's calls (invalid JSON
	// included) and the tool results goes back to the model.
	req.Messages = append(req.Messages, resp.Message,
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_1", Content: "hello"},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_2", Content: "notes.txt"},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_3", Content: "error: arguments are not valid JSON"},
	)
	resp2, err := c.Complete(t.Context(), req)
	if err != nil {
		t.Fatalf("Complete 2: %v", err)
	}
	if resp2.Message.Content != "All done." || len(resp2.Message.ToolCalls) != 0 || resp2.FinishReason != "stop" {
		t.Errorf("second reply = %+v", resp2)
	}
	total := resp.Usage.Add(resp2.Usage)
	if want := (llm.Usage{PromptTokens: 320, CompletionTokens: 37, TotalTokens: 357}); total != want || c.TotalUsage() != want {
		t.Errorf("usage sum = %+v, client total = %+v, want %+v", total, c.TotalUsage(), want)
	}

	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(reqs))
	}
	for i, r := range reqs {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("request %d Authorization = %q", i, got)
		}
		if r.Chat.Model != llmtest.ScriptedModel || r.Path != "/v1/chat/completions" || r.Chat.Stream {
			t.Errorf("request %d: model %q path %q stream %v", i, r.Chat.Model, r.Path, r.Chat.Stream)
		}
		if len(r.Chat.Tools) != 2 || r.Chat.Tools[0].Function.Name != "read_file" || r.Chat.Tools[0].Type != "function" {
			t.Fatalf("request %d tools = %+v", i, r.Chat.Tools)
		}
		var schema, wantSchema any
		if err := json.Unmarshal(r.Chat.Tools[0].Function.Parameters, &schema); err != nil {
			t.Fatal(err)
		}
		_ = json.Unmarshal(readFileSchema, &wantSchema)
		if !jsonEqual(schema, wantSchema) {
			t.Errorf("schema reached the model as %s", r.Chat.Tools[0].Function.Parameters)
		}
		if got := string(r.Chat.Tools[1].Function.Parameters); got != `{"properties":{},"type":"object"}` {
			t.Errorf("empty schema sent as %s", got)
		}
	}
	msgs := reqs[1].Chat.Messages
	if len(msgs) != 6 {
		t.Fatalf("second request has %d messages, want 6: %+v", len(msgs), msgs)
	}
	roles := []string{}
	for _, m := range msgs {
		roles = append(roles, m.Role)
	}
	if want := []string{"system", "user", "assistant", "tool", "tool", "tool"}; !slices.Equal(roles, want) {
		t.Errorf("roles = %v, want %v", roles, want)
	}
	asst := msgs[2]
	if len(asst.ToolCalls) != 3 || asst.ToolCalls[2].Function.Arguments != `{"filename": "x", "contents": ` ||
		asst.ToolCalls[1].Function.Arguments != `{"folder": "."}` || asst.ToolCalls[0].ID != "call_1" {
		t.Errorf("assistant tool calls replayed as %+v", asst.ToolCalls)
	}
	if msgs[5].ToolCallID != "call_3" || msgs[3].Content != "hello" {
		t.Errorf("tool messages = %+v", msgs[3:])
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestNoKeyForLoopbackSendsNoAuthorization(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Text("hi"))
	c := newClient(t, srv.Config(""))
	if _, err := c.Complete(t.Context(), userRequest("x")); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization = %q, want none", got)
	}
}

func TestEnvironmentIsNotRead(t *testing.T) {
	// openai.NewClient would pick these up; NewOpenAI must send only what Config says.
	t.Setenv("OPENAI_API_KEY", "sk-from-environment-should-not-be-used")
	t.Setenv("OPENAI_CUSTOM_HEADERS", "X-Injected: yes")
	t.Setenv("OPENAI_ORG_ID", "org-env")
	srv := llmtest.NewServer(t, llmtest.Text("hi"))
	c := newClient(t, srv.Config(testKey))
	if _, err := c.Complete(t.Context(), userRequest("x")); err != nil {
		t.Fatal(err)
	}
	h := srv.Requests()[0].Header
	if h.Get("Authorization") != "Bearer "+testKey || h.Get("X-Injected") != "" || h.Get("OpenAI-Organization") != "" {
		t.Errorf("headers picked up the environment: %v", h)
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		script     []llmtest.Turn
		maxRetries int
		wantErr    error  // nil: success with text "ok"
		wantInErr  string // substring of the error
		wantCalls  int
		minElapsed time.Duration
	}{
		{name: "429 then success, Retry-After seconds",
			script:    []llmtest.Turn{llmtest.Fail(429, "0"), llmtest.Text("ok")},
			wantCalls: 2},
		{name: "429 retry-after-ms honoured",
			script:     []llmtest.Turn{{Status: 429, RetryAfterMs: "150", RetryAfter: "0"}, llmtest.Text("ok")},
			wantCalls:  2,
			minElapsed: 150 * time.Millisecond},
		{name: "429 Retry-After HTTP-date in the past",
			script:    []llmtest.Turn{llmtest.Fail(429, "Sun, 06 Nov 1994 08:49:37 GMT"), llmtest.Text("ok")},
			wantCalls: 2},
		{name: "5xx then success",
			script:    []llmtest.Turn{llmtest.Fail(500, ""), llmtest.Fail(503, ""), llmtest.Text("ok")},
			wantCalls: 3},
		{name: "5xx exhausted",
			script:  []llmtest.Turn{llmtest.Fail(502, ""), llmtest.Fail(502, ""), llmtest.Fail(502, ""), llmtest.Text("never")},
			wantErr: llm.ErrServer, wantInErr: "3 attempts", wantCalls: 3},
		{name: "429 exhausted",
			script:  []llmtest.Turn{llmtest.Fail(429, "0"), llmtest.Fail(429, "0"), llmtest.Fail(429, "0")},
			wantErr: llm.ErrRateLimited, wantInErr: "(HTTP 429, 3 attempts): Too Many Requests; retries exhausted", wantCalls: 3},
		{name: "no retries configured",
			script:     []llmtest.Turn{llmtest.Fail(500, ""), llmtest.Text("never")},
			maxRetries: -1, // means 0 here
			wantErr:    llm.ErrServer, wantCalls: 1},
		{name: "quota used up is not retried",
			script:  []llmtest.Turn{{Status: 429, ErrorCode: "insufficient_quota", ErrorMessage: "You exceeded your current quota"}},
			wantErr: llm.ErrRateLimited, wantInErr: "exceeded your current quota", wantCalls: 1},
		{name: "Retry-After longer than the cap ends retries",
			script:  []llmtest.Turn{llmtest.Fail(429, "120"), llmtest.Text("never")},
			wantErr: llm.ErrRateLimited, wantInErr: "asked to wait 2m0s", wantCalls: 1},
		{name: "401 not retried",
			script:  []llmtest.Turn{{Status: 401, ErrorMessage: "Incorrect API key provided"}},
			wantErr: llm.ErrUnauthorized, wantInErr: "HTTP 401", wantCalls: 1},
		{name: "400 not retried",
			script:  []llmtest.Turn{{Status: 400, ErrorMessage: "context_length_exceeded"}},
			wantErr: llm.ErrRejected, wantInErr: "context_length_exceeded", wantCalls: 1},
		{name: "llama.cpp style string error",
			script:    []llmtest.Turn{{Status: 500, RawBody: `{"error":"model not loaded"}`}, llmtest.Text("ok")},
			wantCalls: 2},
		{name: "string error exhausted keeps its message",
			script:     []llmtest.Turn{{Status: 503, RawBody: `{"error":"model not loaded"}`}},
			maxRetries: -1,
			wantErr:    llm.ErrServer, wantInErr: "model not loaded", wantCalls: 1},
		{name: "malformed JSON not retried",
			script:  []llmtest.Turn{{RawBody: `{"choices": [`}, llmtest.Text("never")},
			wantErr: llm.ErrBadResponse, wantCalls: 1},
		{name: "no choices",
			script:  []llmtest.Turn{{RawBody: `{"id":"x","object":"chat.completion","choices":[]}`}},
			wantErr: llm.ErrBadResponse, wantInErr: "no choices", wantCalls: 1},
		{name: "redirect not followed",
			script: []llmtest.Turn{{Status: 307, Header: http.Header{"Location": {"https://elsewhere.example/v1/chat/completions"}},
				RawBody: "{}"}},
			wantErr: llm.ErrRejected, wantInErr: "redirects are not followed", wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.script...)
			cfg := srv.Config(testKey)
			cfg.RetryMaxDelay = 5 * time.Second
			if tt.maxRetries != 0 {
				cfg.MaxRetries = max(tt.maxRetries, 0)
			}
			c := newClient(t, cfg)
			start := time.Now()
			resp, err := c.Complete(t.Context(), userRequest("hi"))
			elapsed := time.Since(start)
			if tt.wantErr == nil {
				if err != nil || resp.Message.Content != "ok" {
					t.Fatalf("Complete = %+v, %v; want text ok", resp, err)
				}
			} else {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantInErr) {
					t.Errorf("err %q does not mention %q", err, tt.wantInErr)
				}
				var le *llm.Error
				if !errors.As(err, &le) || le.Attempts != tt.wantCalls {
					t.Errorf("err = %#v, want *llm.Error with %d attempts", err, tt.wantCalls)
				}
			}
			if got := len(srv.Requests()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if elapsed < tt.minElapsed {
				t.Errorf("returned after %v, before the requested wait of %v", elapsed, tt.minElapsed)
			}
			if elapsed > 3*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
	}
}

func TestBackoffWaitsBetweenRetries(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Fail(500, ""), llmtest.Fail(500, ""), llmtest.Text("ok"))
	cfg := srv.Config(testKey)
	cfg.RetryBaseDelay = 40 * time.Millisecond // waits: [20,40] then [40,80] ms
	c := newClient(t, cfg)
	start := time.Now()
	if _, err := c.Complete(t.Context(), userRequest("hi")); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 60*time.Millisecond {
		t.Errorf("two backoffs took %v, want >= 60ms", el)
	}
}

func TestTimeout(t *testing.T) {
	t.Run("every attempt too slow", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Turn{Delay: 5 * time.Second}, llmtest.Turn{Delay: 5 * time.Second})
		cfg := srv.Config(testKey)
		cfg.Timeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
		c := newClient(t, cfg)
		start := time.Now()
		_, err := c.Complete(t.Context(), userRequest("hi"))
		if !errors.Is(err, llm.ErrTimeout) || !strings.Contains(err.Error(), "100ms") {
			t.Fatalf("err = %v, want ErrTimeout naming the timeout", err)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("per-attempt timeout must not look like the caller's deadline: %v", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("took %v", el)
		}
		if n := len(srv.Requests()); n != 2 {
			t.Errorf("%d attempts, want 2", n)
		}
	})
	t.Run("slow once then fine", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Turn{Delay: 5 * time.Second}, llmtest.Text("ok"))
		cfg := srv.Config(testKey)
		cfg.Timeout = 100 * time.Millisecond
		c := newClient(t, cfg)
		resp, err := c.Complete(t.Context(), userRequest("hi"))
		if err != nil || resp.Message.Content != "ok" {
			t.Fatalf("Complete = %+v, %v", resp, err)
		}
	})
}

func TestTurnTimeout(t *testing.T) {
	// Each attempt may take 2 minutes, but the turn as a whole is given 300ms: the client gives
	// up after the turn's limit, says which limit applied, and every retry was announced.
	srv := llmtest.NewServer(t, llmtest.Fail(503, ""), llmtest.Turn{Delay: 5 * time.Second}, llmtest.Text("never"))
	cfg := srv.Config(testKey)
	cfg.Timeout = 2 * time.Minute
	cfg.TurnTimeout = 300 * time.Millisecond
	cfg.MaxRetries = 3
	cfg.RetryBaseDelay = 10 * time.Millisecond
	var retries []llm.Retry
	cfg.OnRetry = func(r llm.Retry) { retries = append(retries, r) }
	c := newClient(t, cfg)
	start := time.Now()
	_, err := c.Complete(t.Context(), userRequest("hi"))
	if !errors.Is(err, llm.ErrTimeout) || !strings.Contains(err.Error(), "turn's limit of 300ms") {
		t.Fatalf("err = %v, want ErrTimeout naming the turn's 300ms limit", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the turn's limit must not look like the caller's deadline: %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v, want about 300ms", el)
	}
	if len(retries) != 1 || retries[0].Attempt != 1 || retries[0].MaxAttempts != 4 || !errors.Is(retries[0].Err, llm.ErrServer) || retries[0].Wait <= 0 {
		t.Errorf("OnRetry saw %+v, want one retry after attempt 1 of 4 (a 503)", retries)
	}
}

func TestCancellation(t *testing.T) {
	tests := []struct {
		name   string
		script []llmtest.Turn
	}{
		{"during the request", []llmtest.Turn{{Delay: 10 * time.Second}}},
		{"during a retry wait", []llmtest.Turn{llmtest.Fail(429, "20"), llmtest.Text("never")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.script...)
			cfg := srv.Config(testKey)
			cfg.RetryMaxDelay = time.Minute
			c := newClient(t, cfg)
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(50*time.Millisecond, cancel)
			start := time.Now()
			_, err := c.Complete(ctx, userRequest("hi"))
			if !errors.Is(err, context.Canceled) || !errors.Is(err, llm.ErrCanceled) {
				t.Fatalf("err = %v, want context.Canceled and ErrCanceled", err)
			}
			if el := time.Since(start); el > time.Second {
				t.Errorf("cancellation took %v", el)
			}
		})
	}
	t.Run("already cancelled", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Text("never"))
		c := newClient(t, srv.Config(testKey))
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := c.Complete(ctx, userRequest("hi")); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("deadline before Retry-After", func(t *testing.T) {
		srv := llmtest.NewServer(t, llmtest.Fail(429, "5"), llmtest.Text("never"))
		cfg := srv.Config(testKey)
		cfg.RetryMaxDelay = time.Minute
		c := newClient(t, cfg)
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Complete(ctx, userRequest("hi"))
		if !errors.Is(err, llm.ErrRateLimited) || !strings.Contains(err.Error(), "deadline") {
			t.Fatalf("err = %v, want ErrRateLimited mentioning the deadline", err)
		}
		if el := time.Since(start); el > 300*time.Millisecond {
			t.Errorf("waited %v for a retry that could not happen", el)
		}
	})
}

func TestConnectionError(t *testing.T) {
	srv := llmtest.NewServer(t)
	cfg := srv.Config(testKey)
	cfg.MaxRetries = 1
	srv.Close()
	c := newClient(t, cfg)
	_, err := c.Complete(t.Context(), userRequest("hi"))
	var le *llm.Error
	if !errors.Is(err, llm.ErrConnection) || !errors.As(err, &le) || le.Attempts != 2 {
		t.Fatalf("err = %v, want ErrConnection after 2 attempts", err)
	}
}

func TestInvalidRequest(t *testing.T) {
	tests := []struct {
		name string
		req  llm.Request
	}{
		{"no messages", llm.Request{}},
		{"unknown role", llm.Request{Messages: []llm.Message{{Role: "wizard", Content: "x"}}}},
		{"tool message without id", llm.Request{Messages: []llm.Message{{Role: llm.RoleTool, Content: "x"}}}},
		{"tool calls on a user message", llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, ToolCalls: []llm.ToolCall{{ID: "a"}}}}}},
		{"schema not an object", llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "x"}},
			Tools: []llm.ToolSpec{{Name: "t", Parameters: json.RawMessage(`[1,2]`)}}}},
		{"schema null", llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "x"}},
			Tools: []llm.ToolSpec{{Name: "t", Parameters: json.RawMessage(`null`)}}}},
		{"tool without name", llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "x"}},
			Tools: []llm.ToolSpec{{Description: "nameless"}}}},
	}
	srv := llmtest.NewServer(t)
	c := newClient(t, srv.Config(testKey))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := c.Complete(t.Context(), tt.req); !errors.Is(err, llm.ErrInvalidRequest) {
				t.Errorf("err = %v, want ErrInvalidRequest", err)
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d invalid requests reached the server", n)
	}
}

func TestNewOpenAIRefusesInsecureConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  llm.Config
		want error
		msg  []string
	}{
		{"http to a remote host", llm.Config{APIKey: testKey, BaseURL: "http://api.example.com/v1"},
			llm.ErrInsecureEndpoint, []string{"https://", "unencrypted", "api.example.com"}},
		{"http to a LAN address", llm.Config{APIKey: testKey, BaseURL: "http://192.168.1.10:11434/v1"},
			llm.ErrInsecureEndpoint, []string{"https://"}},
		{"no key for a remote host", llm.Config{BaseURL: "https://api.openai.com/v1"},
			llm.ErrNoAPIKey, []string{"OPENAI_API_KEY"}},
		{"no key, default URL", llm.Config{}, llm.ErrNoAPIKey, nil},
		{"credentials in the URL", llm.Config{BaseURL: "https://user:" + testKey + "@api.example.com/v1"},
			llm.ErrInvalidConfig, []string{"OPENAI_API_KEY"}},
		{"negative retries", llm.Config{APIKey: testKey, MaxRetries: -1}, llm.ErrInvalidConfig, nil},
		{"key with newline", llm.Config{APIKey: "sk-abc\nX-Evil: 1"}, llm.ErrInvalidConfig, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := llm.NewOpenAI(tt.cfg)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q does not mention %q", err, m)
				}
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("message leaks the key: %q", err)
			}
		})
	}
}

func TestCheckEndpoint(t *testing.T) {
	tests := []struct {
		url      string
		loopback bool
		want     error
	}{
		{"https://api.openai.com/v1", false, nil},
		{"https://127.0.0.1:8443/v1", true, nil},
		{"http://127.0.0.1:11434/v1", true, nil},
		{"http://127.8.9.10/v1", true, nil},
		{"http://[::1]:8080/v1", true, nil},
		{"http://localhost:11434/v1", true, nil},
		{"HTTP://LOCALHOST/v1", true, nil},
		{"http://[::ffff:127.0.0.1]/v1", true, nil},
		{"http://example.com/v1", false, llm.ErrInsecureEndpoint},
		{"http://169.254.169.254/", false, llm.ErrInsecureEndpoint},
		{"http://0x7f000001/", false, llm.ErrInsecureEndpoint},
		{"http://2130706433/", false, llm.ErrInsecureEndpoint},
		{"http://127.0.0.1.nip.io/", false, llm.ErrInsecureEndpoint},
		{"http://localhost.example.com/", false, llm.ErrInsecureEndpoint},
		{"http://0.0.0.0/", false, llm.ErrInsecureEndpoint},
		{"http://[::]/", false, llm.ErrInsecureEndpoint},
		{"ftp://example.com/", false, llm.ErrInvalidConfig},
		{"api.openai.com/v1", false, llm.ErrInvalidConfig},
		{"", false, llm.ErrInvalidConfig},
		{"https://", false, llm.ErrInvalidConfig},
		{"https://u:p@example.com/", false, llm.ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			loop, err := llm.CheckEndpoint(tt.url)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err == nil && loop != tt.loopback {
				t.Errorf("loopback = %v, want %v", loop, tt.loopback)
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", " "+testKey+"\n")
	t.Setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
	t.Setenv("PADDOCK_MODEL", "llama3.1")
	cfg := llm.ConfigFromEnv()
	if cfg.APIKey != testKey || cfg.BaseURL != "http://localhost:11434/v1" || cfg.Model != "llama3.1" ||
		cfg.Timeout != llm.DefaultTimeout || cfg.MaxRetries != llm.DefaultMaxRetries {
		t.Errorf("cfg = %+v", cfg)
	}
	t.Setenv("OPENAI_BASE_URL", "")
	t.Setenv("PADDOCK_MODEL", "")
	cfg = llm.ConfigFromEnv()
	if cfg.BaseURL != llm.DefaultBaseURL || cfg.Model != llm.DefaultModel {
		t.Errorf("defaults: %+v", cfg)
	}
	c := newClient(t, cfg)
	if c.Name() != llm.DefaultModel || c.Endpoint() != llm.DefaultBaseURL {
		t.Errorf("Name %q Endpoint %q", c.Name(), c.Endpoint())
	}
}

func TestErrorsHideSDKInternals(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Turn{Status: 400, ErrorMessage: "bad"})
	c := newClient(t, srv.Config(testKey))
	_, err := c.Complete(t.Context(), userRequest("hi"))
	// The SDK's *openai.Error carries the request (and its Authorization
	// header) for DumpRequest; it must not be reachable from our errors.
	var sdkErr *openai.Error
	if err == nil || errors.As(err, &sdkErr) {
		t.Fatalf("err = %v; SDK error reachable: %v", err, sdkErr != nil)
	}
}

func TestAPIKeyFromFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if k, err := llm.APIKeyFromFile(write("ok", testKey+"\n")); err != nil || k != testKey {
		t.Errorf("key file: %q, %v", k, err)
	}
	if _, err := llm.APIKeyFromFile(write("empty", " \n")); !errors.Is(err, llm.ErrNoAPIKey) {
		t.Errorf("empty file: %v", err)
	}
	_, err := llm.APIKeyFromFile(write("two", testKey+"\nsecond-line"))
	if !errors.Is(err, llm.ErrInvalidConfig) || strings.Contains(err.Error(), testKey) {
		t.Errorf("two lines: %v", err)
	}
	if _, err := llm.APIKeyFromFile(dir + "/missing"); err == nil {
		t.Error("missing file accepted")
	}
}

// TestResponseBodyCapped: an endpoint that answers with more than MaxResponseBytes fails the call
// once, clearly, without retrying and without holding the whole reply (the outside test's item 7:
// 100 MiB of assistant content became a 200 MiB step response and 1.7 GiB of RSS).
func TestResponseBodyCapped(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Text(strings.Repeat("A", 2<<20)), llmtest.Text("small"))
	cfg := srv.Config(testKey)
	cfg.MaxResponseBytes = 1 << 20
	cfg.MaxRetries = 3
	c := newClient(t, cfg)
	_, err := c.Complete(t.Context(), userRequest("hi"))
	if !errors.Is(err, llm.ErrBadResponse) || !strings.Contains(err.Error(), "larger than paddock accepts") {
		t.Fatalf("Complete with a 2 MiB reply under a 1 MiB cap: %v", err)
	}
	if n := len(srv.Handler.Requests()); n != 1 {
		t.Fatalf("%d requests: a too-large reply must not be retried", n)
	}
	resp, err := c.Complete(t.Context(), userRequest("hi"))
	if err != nil || resp.Message.Content != "small" {
		t.Fatalf("the next reply: %+v, %v", resp, err)
	}
}
