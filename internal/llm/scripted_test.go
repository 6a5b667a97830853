package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm"
)

func TestScripted(t *testing.T) {
	m := llm.NewScripted("demo",
		llm.Response{Message: llm.Message{ToolCalls: []llm.ToolCall{{ID: "1", Name: "list_folder", Arguments: `{"folder":"."}`}}},
			Usage: llm.Usage{PromptTokens: 10, CompletionTokens: 2, TotalTokens: 12}, FinishReason: "tool_calls"},
		llm.Response{Message: llm.Message{Content: "done"}, FinishReason: "stop"},
	)
	if got := m.Name(); got != "scripted model (test double): demo" {
		t.Errorf("Name = %q", got)
	}
	if got := llm.NewScripted("").Name(); got != llm.ScriptedModelName {
		t.Errorf("unnamed Name = %q", got)
	}
	req := llm.Request{
		Messages: []llm.Message{{Role: llm.RoleUser, Content: "go"}},
		Tools:    []llm.ToolSpec{{Name: "list_folder", Parameters: json.RawMessage(`{"type":"object"}`)}},
	}
	r1, err := m.Complete(t.Context(), req)
	if err != nil || r1.Message.Role != llm.RoleAssistant || r1.Message.ToolCalls[0].Name != "list_folder" || r1.Usage.TotalTokens != 12 {
		t.Fatalf("turn 1 = %+v, %v", r1, err)
	}
	req.Messages[0].Content = "changed after the call" // must not alter the record
	req.Tools[0].Parameters[0] = '['
	r2, err := m.Complete(t.Context(), req)
	if err != nil || r2.Message.Content != "done" {
		t.Fatalf("turn 2 = %+v, %v", r2, err)
	}
	if m.Remaining() != 0 {
		t.Errorf("Remaining = %d", m.Remaining())
	}
	_, err = m.Complete(t.Context(), req)
	if !errors.Is(err, llm.ErrScriptExhausted) || !strings.Contains(err.Error(), "turn 3") {
		t.Fatalf("third call: %v, want ErrScriptExhausted", err)
	}
	reqs := m.Requests()
	if len(reqs) != 3 {
		t.Fatalf("recorded %d requests, want 3", len(reqs))
	}
	if reqs[0].Messages[0].Content != "go" || string(reqs[0].Tools[0].Parameters) != `{"type":"object"}` {
		t.Errorf("record 0 was altered: %+v", reqs[0])
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := m.Complete(ctx, req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: %v", err)
	}
}

func TestScriptedIsAModel(t *testing.T) {
	var _ llm.Model = llm.NewScripted("x")
	var _ llm.Model = (*llm.OpenAI)(nil)
}

func ExampleNewScripted() {
	m := llm.NewScripted("example",
		llm.Response{Message: llm.Message{ToolCalls: []llm.ToolCall{
			{ID: "call_1", Name: "write_file", Arguments: `{"filename":"hello.txt","contents":"hi"}`},
		}}},
		llm.Response{Message: llm.Message{Content: "Wrote hello.txt."}},
	)
	ctx := context.Background()
	req := llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "write hello.txt"}}}
	for {
		resp, err := m.Complete(ctx, req)
		if err != nil {
			fmt.Println("error:", errors.Is(err, llm.ErrScriptExhausted))
			break
		}
		for _, c := range resp.Message.ToolCalls {
			fmt.Println("call", c.Name, c.Arguments)
		}
		if resp.Message.Content != "" {
			fmt.Println("says", resp.Message.Content)
		}
		req.Messages = append(req.Messages, resp.Message)
	}
	fmt.Println(m.Name())
	// Output:
	// call write_file {"filename":"hello.txt","contents":"hi"}
	// says Wrote hello.txt.
	// error: true
	// scripted model (test double): example
}
