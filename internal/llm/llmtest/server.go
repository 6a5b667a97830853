package llmtest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
)

// Server is a scripted OpenAI-compatible server on a loopback address,
// closed when the test ends.
type Server struct {
	*Handler
	// URL is the API base URL to use as llm.Config.BaseURL
	// ("http://127.0.0.1:PORT/v1").
	URL string

	srv *httptest.Server
}

// NewServer starts a scripted server replaying script and registers its
// shutdown with t.Cleanup.
func NewServer(t testing.TB, script ...Turn) *Server {
	t.Helper()
	h := NewHandler(script...)
	srv := httptest.NewServer(h)
	s := &Server{Handler: h, URL: srv.URL + "/v1", srv: srv}
	t.Cleanup(s.Close)
	return s
}

// Close ends pending delays and shuts the server down. Safe to call twice.
func (s *Server) Close() {
	s.Handler.Close()
	s.srv.Close()
}

// Config returns a client configuration for this server with apiKey, model
// "scripted", a 10 s timeout, two retries and millisecond backoff, so that
// tests stay fast.
func (s *Server) Config(apiKey string) llm.Config {
	return llm.Config{
		APIKey:         apiKey,
		BaseURL:        s.URL,
		Model:          ScriptedModel,
		Timeout:        10 * time.Second,
		MaxRetries:     2,
		RetryBaseDelay: time.Millisecond,
		RetryMaxDelay:  time.Second,
	}
}
