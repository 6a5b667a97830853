package llm_test

import (
	"testing"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// BenchmarkOpenAIComplete measures one tool-calling completion through the
// SDK against the scripted loopback server: request encoding, HTTP, response
// decoding. It is the model-side floor of an agent step.
func BenchmarkOpenAIComplete(b *testing.B) {
	srv := llmtest.NewServer(b, llmtest.Calls(
		llmtest.Call("call_1", "read_file", `{"filename":"notes.txt"}`),
		llmtest.Call("call_2", "list_folder", `{"folder":"."}`),
	).WithUsage(500, 20))
	srv.SetRepeat(true)
	srv.SetRecord(false)
	c, err := llm.NewOpenAI(srv.Config(testKey))
	if err != nil {
		b.Fatal(err)
	}
	req := userRequest("Read notes.txt and list the folder.")
	req.Tools = []llm.ToolSpec{{Name: "read_file", Description: "Read a file.", Parameters: readFileSchema},
		{Name: "list_folder", Description: "List a folder."}}
	for range 10 {
		req.Messages = append(req.Messages, llm.Message{Role: llm.RoleUser, Content: "some earlier context of moderate length"})
	}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Complete(b.Context(), req)
		if err != nil || len(resp.Message.ToolCalls) != 2 {
			b.Fatalf("%+v %v", resp, err)
		}
	}
}

func BenchmarkScriptedComplete(b *testing.B) {
	turns := make([]llm.Response, b.N+1)
	m := llm.NewScripted("bench", turns...)
	req := userRequest("x")
	b.ReportAllocs()
	for range b.N {
		if _, err := m.Complete(b.Context(), req); err != nil {
			b.Fatal(err)
		}
	}
}
