package llm_test

import (
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// TestServerDialects covers response shapes of OpenAI-compatible servers
// that differ from OpenAI's own.
func TestServerDialects(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantArgs string
		wantText string
	}{
		{"arguments as an object (some local servers)",
			`{"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":{"a":1}}}]}}]}`,
			`{"a":1}`, ""},
		{"no type, no usage",
			`{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c","function":{"name":"f","arguments":"{}"}}]}}]}`,
			`{}`, ""},
		{"refusal only",
			`{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}`,
			"", "I can't help with that."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, llmtest.Turn{RawBody: tt.body})
			c := newClient(t, srv.Config(testKey))
			resp, err := c.Complete(t.Context(), userRequest("x"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantArgs != "" && (len(resp.Message.ToolCalls) != 1 || resp.Message.ToolCalls[0].Arguments != tt.wantArgs || resp.Message.ToolCalls[0].Name != "f") {
				t.Errorf("tool calls = %+v, want arguments %s", resp.Message.ToolCalls, tt.wantArgs)
			}
			if resp.Message.Content != tt.wantText {
				t.Errorf("content = %q, want %q", resp.Message.Content, tt.wantText)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	srv := llmtest.NewServer(t, llmtest.Text("ok").WithUsage(3, 1))
	srv.SetRepeat(true)
	c := newClient(t, srv.Config(testKey))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if _, err := c.Complete(t.Context(), userRequest("x")); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if got, want := c.TotalUsage(), (llm.Usage{PromptTokens: 120, CompletionTokens: 40, TotalTokens: 160}); got != want {
		t.Errorf("TotalUsage = %+v, want %+v", got, want)
	}
}

// TestUntrustedCertificateFails: a TLS endpoint whose certificate is not
// trusted (a MITM proxy with its own certificate) is refused, not retried.
func TestUntrustedCertificateFails(t *testing.T) {
	h := llmtest.NewHandler(llmtest.Text("must not be read"))
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	c := newClient(t, llm.Config{APIKey: testKey, BaseURL: srv.URL + "/v1", MaxRetries: 3})
	_, err := c.Complete(t.Context(), userRequest("x"))
	var le *llm.Error
	if !errors.Is(err, llm.ErrConnection) || !strings.Contains(err.Error(), "certificate") || !errors.As(err, &le) || le.Attempts != 1 {
		t.Fatalf("err = %v, want one-attempt ErrConnection about the certificate", err)
	}
	if n := len(h.Requests()); n != 0 {
		t.Errorf("the untrusted server received %d requests", n)
	}
}
