package llmtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const minimal = `{"model":"m","messages":[{"role":"user","content":"hi"}]}`

func TestHandlerRejectsWhatItDoesNotScript(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Text("only turn"))
	tests := []struct {
		name, method, path, body string
		status                   int
		wantInBody               string
	}{
		{"other path", "POST", "/v1/embeddings", minimal, 404, "only POST"},
		{"GET", "GET", "/v1/chat/completions", "", 405, "use POST"},
		{"not JSON", "POST", "/v1/chat/completions", "{nope", 400, "not a chat request"},
		{"streaming", "POST", "/v1/chat/completions", `{"model":"m","stream":true,"messages":[]}`, 400, "streaming"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, strings.TrimSuffix(srv.URL, "/v1")+tt.path, strings.NewReader(tt.body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.wantInBody) {
				t.Errorf("%d %s, want %d containing %q", resp.StatusCode, b, tt.status, tt.wantInBody)
			}
		})
	}
	if srv.Served() != 0 || srv.Remaining() != 1 {
		t.Fatalf("rejected requests consumed turns: served %d remaining %d", srv.Served(), srv.Remaining())
	}
	resp, body := post(t, srv.URL+"/chat/completions", minimal)
	if resp.StatusCode != 200 || !strings.Contains(body, "only turn") {
		t.Fatalf("scripted turn: %d %s", resp.StatusCode, body)
	}
	resp, body = post(t, srv.URL+"/chat/completions", minimal)
	if resp.StatusCode != 400 || !strings.Contains(body, "script_exhausted") || !strings.Contains(body, "1 served") {
		t.Fatalf("after the script: %d %s", resp.StatusCode, body)
	}
	if got := len(srv.Requests()); got != 4 { // not JSON, streaming, the turn, the exhausted one
		t.Errorf("recorded %d requests, want 4", got)
	}
}

func TestHandlerWireFormat(t *testing.T) {
	srv := llmtest.NewServer(t,
		llmtest.Calls(llmtest.Call("", "read_file", `{"filename":"a"}`), llmtest.Call("", "read_file", `{bad`)).WithUsage(9, 4),
		llmtest.Turn{Status: 429, RetryAfter: "2", RetryAfterMs: "1500", ErrorCode: "rate_limit_exceeded",
			Header: http.Header{"X-Request-Id": {"req_1"}}},
	)
	resp, body := post(t, srv.URL+"/chat/completions", minimal)
	var got struct {
		Object  string `json:"object"`
		Model   string `json:"model"`
		Choices []struct {
			FinishReason string `json:"finish_reason"`
			Message      struct {
				Role      string                 `json:"role"`
				Content   *string                `json:"content"`
				ToolCalls []llmtest.ChatToolCall `json:"tool_calls"`
			} `json:"message"`
		} `json:"choices"`
		Usage map[string]int64 `json:"usage"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%v: %s", err, body)
	}
	ch := got.Choices[0]
	if got.Object != "chat.completion" || got.Model != "m" || ch.FinishReason != "tool_calls" || ch.Message.Role != "assistant" ||
		ch.Message.Content != nil || len(ch.Message.ToolCalls) != 2 ||
		ch.Message.ToolCalls[0].ID != "call_scripted_0_0" || ch.Message.ToolCalls[1].Function.Arguments != `{bad` ||
		ch.Message.ToolCalls[1].Type != "function" {
		t.Errorf("completion = %s", body)
	}
	if got.Usage["prompt_tokens"] != 9 || got.Usage["completion_tokens"] != 4 || got.Usage["total_tokens"] != 13 {
		t.Errorf("usage = %v", got.Usage)
	}
	resp, body = post(t, srv.URL+"/chat/completions", minimal)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || resp.Header.Get("Retry-After-Ms") != "1500" ||
		resp.Header.Get("X-Request-Id") != "req_1" || !strings.Contains(body, `"code":"rate_limit_exceeded"`) {
		t.Errorf("failure turn: %d %v %s", resp.StatusCode, resp.Header, body)
	}
}

func TestHandlerRecordsContentParts(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Text("a"), llmtest.Text("b"))
	post(t, srv.URL+"/chat/completions", `{"model":"m","messages":[
		{"role":"user","content":[{"type":"text","text":"one "},{"type":"text","text":"two"}]},
		{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},
		{"role":"tool","tool_call_id":"c","content":"out"}]}`)
	post(t, srv.URL+"/chat/completions", `{"model":"m","messages":[{"role":"user","content":5}]}`)
	reqs := srv.Requests()
	m := reqs[0].Chat.Messages
	if len(m) != 3 || m[0].Content != "one two" || m[1].Content != "" || m[1].ToolCalls[0].Function.Name != "f" || m[2].ToolCallID != "c" {
		t.Errorf("decoded messages = %+v", m)
	}
	if reqs[1].Turn != -1 || !strings.Contains(string(reqs[1].Body), `"content":5`) {
		t.Errorf("bad content request = %+v", reqs[1])
	}
}

func TestHandlerRepeatAppendAndRecordSwitch(t *testing.T) {
	h := llmtest.NewHandler(llmtest.Text("a"), llmtest.Text("b"))
	h.SetRepeat(true)
	h.SetRecord(false)
	srv := httptest.NewServer(h)
	defer srv.Close()
	var texts []string
	for range 5 {
		_, body := post(t, srv.URL+"/v1/chat/completions", minimal)
		var v struct {
			Choices []struct{ Message struct{ Content string } }
		}
		_ = json.Unmarshal([]byte(body), &v)
		texts = append(texts, v.Choices[0].Message.Content)
	}
	if strings.Join(texts, "") != "ababa" || h.Served() != 5 || len(h.Requests()) != 0 {
		t.Errorf("texts %v served %d recorded %d", texts, h.Served(), len(h.Requests()))
	}
	h.SetRepeat(false)
	h.Append(llmtest.Text("c"))
	_, body := post(t, srv.URL+"/v1/chat/completions", minimal)
	_, body2 := post(t, srv.URL+"/v1/chat/completions", minimal)
	if !strings.Contains(body, `"b"`) || !strings.Contains(body2, `"c"`) {
		t.Errorf("after append: %s / %s", body, body2)
	}
}

func TestHandlerDelay(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Turn{Delay: 80 * time.Millisecond, Content: "late"}, llmtest.Turn{Delay: time.Hour})
	start := time.Now()
	_, body := post(t, srv.URL+"/chat/completions", minimal)
	if el := time.Since(start); el < 80*time.Millisecond || !strings.Contains(body, "late") {
		t.Errorf("delay not applied: %v %s", el, body)
	}
	// A client that gives up ends the wait; Close must not hang on it.
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/chat/completions", strings.NewReader(minimal))
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	start = time.Now()
	srv.Close()
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("Close took %v", el)
	}
}

func TestLoadScript(t *testing.T) {
	turns, err := llmtest.LoadScript([]byte(`[
		{"tool_calls": [{"name": "write_file", "arguments": {"filename": "a.txt", "contents": "hi"}},
		                {"id": "c2", "name": "read_file", "arguments": "{not json"}],
		 "usage": {"prompt_tokens": 50, "completion_tokens": 10}},
		{"status": 429, "retry_after": "0", "retry_after_ms": "5", "header": {"X-A": "b"}, "delay": "10ms"},
		{"content": "done", "finish_reason": "length"}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != 3 {
		t.Fatalf("%d turns", len(turns))
	}
	tc := turns[0].ToolCalls
	if len(tc) != 2 || tc[0].Arguments != `{"filename": "a.txt", "contents": "hi"}` || tc[1].Arguments != "{not json" || tc[1].ID != "c2" ||
		turns[0].Usage.PromptTokens != 50 {
		t.Errorf("turn 0 = %+v", turns[0])
	}
	if turns[1].Status != 429 || turns[1].RetryAfterMs != "5" || turns[1].Delay != 10*time.Millisecond || turns[1].Header.Get("X-A") != "b" {
		t.Errorf("turn 1 = %+v", turns[1])
	}
	if turns[2].Content != "done" || turns[2].FinishReason != "length" {
		t.Errorf("turn 2 = %+v", turns[2])
	}

	for _, bad := range []string{``, `{}`, `null`, `[{"contnet": "typo"}]`, `[{"status": 42}]`, `[{"delay": "soon"}]`,
		`[{"delay": "-1s"}]`, `[{"tool_calls": [{"arguments": "{}"}]}]`, `[] []`} {
		if _, err := llmtest.LoadScript([]byte(bad)); err == nil {
			t.Errorf("LoadScript(%q) succeeded", bad)
		}
	}
}

func FuzzLoadScript(f *testing.F) {
	f.Add([]byte(`[{"content":"x"},{"tool_calls":[{"name":"f","arguments":{"a":1}}]},{"status":500,"delay":"1ms"}]`))
	f.Add([]byte(`[{"tool_calls":[{"name":"f","arguments":"\"quoted\""}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		turns, err := llmtest.LoadScript(data)
		if err != nil {
			return
		}
		for _, tr := range turns {
			if tr.Delay < 0 || (tr.Status != 0 && (tr.Status < 100 || tr.Status > 599)) {
				t.Fatalf("accepted invalid turn %+v", tr)
			}
			for _, c := range tr.ToolCalls {
				if c.Name == "" {
					t.Fatalf("accepted nameless call")
				}
			}
		}
	})
}

// ExampleNewHandler serves a script outside of tests (a benchmark, a CLI
// script) and points an llm client at it.
func ExampleNewHandler() {
	h := llmtest.NewHandler(
		llmtest.Fail(http.StatusTooManyRequests, "0"),
		llmtest.Calls(llmtest.Call("call_1", "list_folder", `{"folder":"."}`)).WithUsage(30, 5),
	)
	srv := httptest.NewServer(h)
	defer srv.Close()

	c, err := llm.NewOpenAI(llm.Config{BaseURL: srv.URL + "/v1", Model: "scripted", MaxRetries: 1,
		RetryBaseDelay: time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := c.Complete(context.Background(), llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "look"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Message.ToolCalls[0].Name, resp.Message.ToolCalls[0].Arguments, resp.Usage.TotalTokens)
	fmt.Println(len(h.Requests()), "requests")
	// Output:
	// list_folder {"folder":"."} 35
	// 2 requests
}
