package llm_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// syncBuffer is a bytes.Buffer safe for a logger shared by goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCanaryKeyNeverLeaks drives every error path with a random canary key,
// including endpoints that echo the key back, and checks that the canary is
// in no error string (in every fmt form) and in no log record.
func TestCanaryKeyNeverLeaks(t *testing.T) {
	raw := make([]byte, 16)
	_, _ = rand.Read(raw)
	canary := "sk-CANARY-" + hex.EncodeToString(raw)
	// Split by an escape sequence: stripping control characters must not
	// reassemble the key.
	split := canary[:10] + "\x1b[0m" + canary[10:]

	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	tests := []struct {
		name    string
		script  []llmtest.Turn
		timeout time.Duration
		cancel  bool
		closed  bool
		want    error
	}{
		{name: "401 echoing the key", want: llm.ErrUnauthorized,
			script: []llmtest.Turn{{Status: 401, ErrorMessage: "Incorrect API key provided: " + canary}}},
		{name: "429 exhausted echoing the key", want: llm.ErrRateLimited,
			script: []llmtest.Turn{
				{Status: 429, RetryAfter: "0", ErrorMessage: "slow down, " + canary},
				{Status: 429, RetryAfter: "0", ErrorMessage: "slow down, " + canary},
				{Status: 429, RetryAfter: "0", ErrorMessage: "slow down, " + split},
			}},
		{name: "500 with the key in a string error", want: llm.ErrServer,
			script: []llmtest.Turn{
				{Status: 500, RawBody: `{"error":"upstream said Bearer ` + canary + `"}`},
				{Status: 500, RawBody: `{"detail":"` + canary + `"}`},
				{Status: 500, RawBody: `<html>` + canary + `</html>`},
			}},
		{name: "bad JSON containing the key", want: llm.ErrBadResponse,
			script: []llmtest.Turn{{RawBody: `{"choices": "` + canary}}},
		{name: "not JSON, containing the key", want: llm.ErrBadResponse,
			script: []llmtest.Turn{{RawBody: `<html>` + canary, Header: http.Header{"Content-Type": {"text/html"}}}}},
		{name: "redirect to a URL with the key", want: llm.ErrRejected,
			script: []llmtest.Turn{{Status: 302, Header: http.Header{"Location": {"https://evil.example/?k=" + canary + "#" + canary}}, RawBody: "{}"}}},
		{name: "timeout", want: llm.ErrTimeout, timeout: 50 * time.Millisecond,
			script: []llmtest.Turn{{Delay: 5 * time.Second}, {Delay: 5 * time.Second}, {Delay: 5 * time.Second}}},
		{name: "cancelled", want: context.Canceled, cancel: true,
			script: []llmtest.Turn{{Delay: 5 * time.Second}}},
		{name: "connection refused", want: llm.ErrConnection, closed: true},
		{name: "script exhausted", want: llm.ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, tt.script...)
			cfg := srv.Config(canary)
			cfg.Logger = logger
			if tt.timeout > 0 {
				cfg.Timeout = tt.timeout
			}
			if tt.closed {
				srv.Close()
			}
			c := newClient(t, cfg)
			ctx := t.Context()
			if tt.cancel {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				time.AfterFunc(30*time.Millisecond, cancel)
			}
			_, err := c.Complete(ctx, userRequest("hello"))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			logger.Error("model call failed", "err", err, "client", c, "config", cfg)
			assertNoCanary(t, canary, err)
			if !tt.closed && len(srv.Requests()) > 0 {
				if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer "+canary {
					t.Errorf("the canary was not in play: Authorization = %q", got)
				}
			}
		})
	}

	t.Run("config errors", func(t *testing.T) {
		for _, cfg := range []llm.Config{
			{APIKey: canary, BaseURL: "http://example.com/v1?api-key=" + canary},
			{APIKey: canary, BaseURL: "https://x:" + canary + "@example.com/v1"},
			{APIKey: canary, BaseURL: "ftp://example.com/" + canary},
			{APIKey: canary + "\n", BaseURL: "https://example.com"},
			{APIKey: canary, MaxRetries: -3},
		} {
			_, err := llm.NewOpenAI(cfg)
			if err == nil {
				t.Fatalf("NewOpenAI(%v) succeeded", cfg)
			}
			logger.Error("config", "err", err, "config", cfg)
			assertNoCanary(t, canary, err)
			for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg)} {
				if strings.Contains(s, canary) {
					t.Errorf("printed config leaks the key: %s", s)
				}
			}
		}
	})

	out := logs.String()
	if !strings.Contains(out, "retrying") || !strings.Contains(out, "model call failed") {
		t.Fatalf("the logs did not record the retries and failures; the test proves nothing:\n%s", out)
	}
	if strings.Contains(out, canary) || strings.Contains(out, canary[10:]) {
		t.Errorf("the logs contain the canary key:\n%s", out)
	}
}

func assertNoCanary(t *testing.T, canary string, err error) {
	t.Helper()
	forms := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%q", err)}
	for e := err; e != nil; e = errors.Unwrap(e) {
		forms = append(forms, e.Error(), fmt.Sprintf("%#v", e))
	}
	var le *llm.Error
	if errors.As(err, &le) {
		forms = append(forms, le.Detail)
		for _, u := range le.Unwrap() {
			forms = append(forms, u.Error(), fmt.Sprintf("%#v", u))
		}
	}
	for _, f := range forms {
		// The key's tail alone is as secret as the whole key.
		if strings.Contains(f, canary) || strings.Contains(f, canary[10:]) {
			t.Errorf("error text leaks the canary: %s", f)
		}
	}
}
