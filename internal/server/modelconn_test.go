package server

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// TestStepsShareModelConnections: each step makes its tenant's model client, and they share the
// server's connections: steps one after another reuse one kept-alive connection to the model
// instead of each opening (and leaving idle) a new one.
func TestStepsShareModelConnections(t *testing.T) {
	h := llmtest.NewHandler(llmtest.Calls(llmtest.Call("", "list_folder", `{"folder":"."}`)))
	h.SetRepeat(true)
	var opened atomic.Int64
	model := httptest.NewUnstartedServer(h)
	model.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	model.Start()
	t.Cleanup(model.Close)
	f := newFixture(t, func(cfg *Config) { cfg.Model.BaseURL = model.URL + "/v1" })
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", nil)
	for i := range 4 {
		if _, res := f.step(k, tk.TaskID, nil); res.StatusCode != 200 {
			t.Fatalf("step %d: %d", i, res.StatusCode)
		}
	}
	if n := len(h.Requests()); n != 4 {
		t.Fatalf("the model got %d requests, want 4", n)
	}
	if n := opened.Load(); n != 1 {
		t.Errorf("4 steps opened %d connections to the model, want 1", n)
	}
}
