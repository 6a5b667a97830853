package llmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
)

// scriptTurn is the JSON form of a Turn read by LoadScript.
type scriptTurn struct {
	Content      string           `json:"content"`
	ToolCalls    []scriptToolCall `json:"tool_calls"`
	FinishReason string           `json:"finish_reason"`
	Usage        struct {
		PromptTokens     int64 `json:"prompt_tokens"`
		CompletionTokens int64 `json:"completion_tokens"`
		TotalTokens      int64 `json:"total_tokens"`
	} `json:"usage"`
	Status       int               `json:"status"`
	ErrorMessage string            `json:"error_message"`
	ErrorCode    string            `json:"error_code"`
	RetryAfter   string            `json:"retry_after"`
	RetryAfterMs string            `json:"retry_after_ms"`
	Header       map[string]string `json:"header"`
	Delay        string            `json:"delay"`
	RawBody      string            `json:"raw_body"`
}

type scriptToolCall struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

// LoadScript parses a script written as a JSON array of turns, for CLI
// tests and benchmarks that keep the script in a file:
//
//	[
//	  {"tool_calls": [{"name": "write_file", "arguments": {"filename": "a.txt", "contents": "hi"}}],
//	   "usage": {"prompt_tokens": 50, "completion_tokens": 10}},
//	  {"status": 429, "retry_after": "0"},
//	  {"tool_calls": [{"name": "read_file", "arguments": "{not json"}]},
//	  {"content": "done"}
//	]
//
// A tool call's "arguments" is either a JSON string, sent verbatim (so
// invalid JSON can be scripted), or any other JSON value, sent as its JSON
// text. "delay" is a Go duration ("150ms"). Unknown fields are errors.
func LoadScript(data []byte) ([]Turn, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw []scriptTurn
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("llmtest: parse script: %w", err)
	}
	if raw == nil {
		return nil, errNotArray
	}
	if dec.More() {
		return nil, fmt.Errorf("llmtest: parse script: data after the array")
	}
	turns := make([]Turn, 0, len(raw))
	for i, s := range raw {
		t := Turn{
			Content:      s.Content,
			FinishReason: s.FinishReason,
			Usage: llm.Usage{PromptTokens: s.Usage.PromptTokens, CompletionTokens: s.Usage.CompletionTokens,
				TotalTokens: s.Usage.TotalTokens},
			Status:       s.Status,
			ErrorMessage: s.ErrorMessage,
			ErrorCode:    s.ErrorCode,
			RetryAfter:   s.RetryAfter,
			RetryAfterMs: s.RetryAfterMs,
			RawBody:      s.RawBody,
		}
		if s.Status != 0 && (s.Status < 100 || s.Status > 599) {
			return nil, fmt.Errorf("llmtest: script turn %d: status %d is not an HTTP status", i, s.Status)
		}
		if s.Delay != "" {
			d, err := time.ParseDuration(s.Delay)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("llmtest: script turn %d: delay %q is not a duration like \"150ms\"", i, s.Delay)
			}
			t.Delay = d
		}
		if len(s.Header) > 0 {
			t.Header = http.Header{}
			for k, v := range s.Header {
				t.Header.Set(k, v)
			}
		}
		for j, c := range s.ToolCalls {
			if c.Name == "" {
				return nil, fmt.Errorf("llmtest: script turn %d: tool call %d has no name", i, j)
			}
			args := string(bytes.TrimSpace(c.Arguments))
			var str string
			if len(args) > 0 && args[0] == '"' && json.Unmarshal(c.Arguments, &str) == nil {
				args = str
			}
			if args == "" {
				args = "{}"
			}
			t.ToolCalls = append(t.ToolCalls, llm.ToolCall{ID: c.ID, Name: c.Name, Arguments: args})
		}
		turns = append(turns, t)
	}
	return turns, nil
}
