package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer the server's concurrent handlers can log into.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRequestLog: every request gets one info line with its method, path, status, tenant and
// duration; never the key, never the query string.
func TestRequestLog(t *testing.T) {
	var buf lockedBuffer
	f := newFixture(t, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the server's log:\n%s", buf.String())
		}
	})
	acme := f.keys["acme/member"]
	tk := f.createTask(acme, "write a haiku", nil)
	const wrongKey = "pdk_0000000000000000000000000000000000000000000"
	const secretQuery = "sk-query-canary-0123456789"

	type want struct {
		method, path, tenant string
		status               int
	}
	steps := []struct {
		name              string
		method, path, key string
		want              want
	}{
		{"a tenant's request; the query string is left out", "GET", "/ap/v1/agent/tasks?page_size=5&token=" + secretQuery, acme,
			want{"GET", "/ap/v1/agent/tasks", "acme", 200}},
		{"ids in the path are kept", "GET", "/ap/v1/agent/tasks/" + tk.TaskID, acme,
			want{"GET", "/ap/v1/agent/tasks/" + tk.TaskID, "acme", 200}},
		{"another tenant's id: 404, logged as that tenant", "GET", "/ap/v1/agent/tasks/" + tk.TaskID + "/steps", f.keys["beta/member"],
			want{"GET", "/ap/v1/agent/tasks/" + tk.TaskID + "/steps", "beta", 404}},
		{"no key", "GET", "/ap/v1/agent/tasks", "",
			want{"GET", "/ap/v1/agent/tasks", "unauthenticated", 401}},
		{"a wrong key is not logged", "GET", "/ap/v1/agent/tasks", wrongKey,
			want{"GET", "/ap/v1/agent/tasks", "unauthenticated", 401}},
		{"a role too low: 403", "PUT", "/paddock/v1/rules", acme,
			want{"PUT", "/paddock/v1/rules", "acme", 403}},
		{"a public route", "GET", "/healthz", "",
			want{"GET", "/healthz", "unauthenticated", 200}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := len(requestLines(t, buf.String()))
			res := f.do(s.method, s.path, s.key, nil, nil)
			if res.StatusCode != s.want.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, s.want.status, body(res))
			}
			lines := requestLines(t, buf.String())
			if len(lines) != before+1 {
				t.Fatalf("%d request lines after the request, want %d:\n%s", len(lines), before+1, buf.String())
			}
			l := lines[len(lines)-1]
			got := want{method: logStr(l["method"]), path: logStr(l["path"]), tenant: logStr(l["tenant"])}
			if n, ok := l["status"].(float64); ok {
				got.status = int(n)
			}
			if got != s.want {
				t.Errorf("logged %+v, want %+v", got, s.want)
			}
			if l["level"] != "INFO" {
				t.Errorf("level %v, want INFO", l["level"])
			}
			if d, ok := l["duration"].(float64); !ok || d <= 0 {
				t.Errorf("duration %v, want a positive number of nanoseconds", l["duration"])
			}
		})
	}
	out := buf.String()
	for k, key := range f.keys {
		if strings.Contains(out, key) {
			t.Errorf("the log holds the key %s", k)
		}
	}
	for _, secret := range []string{wrongKey, secretQuery, "page_size", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
}

// requestLines returns the decoded "request" lines of a JSON log.
func requestLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON log line: %q: %v", line, err)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	return lines
}

func logStr(v any) string { s, _ := v.(string); return s }
