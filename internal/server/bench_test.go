package server

import (
	"net/http"
	"sync"
	"testing"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

func benchFixture(b *testing.B) *fixture {
	f := newFixture(b, func(c *Config) {
		c.Limits.RatePerSecond, c.Limits.Burst, c.Limits.DailySteps, c.Limits.DailyTokens = 1e9, 1e9, -1, -1
	})
	return f
}

// BenchmarkCreateTask measures POST /ap/v1/agent/tasks through the full middleware chain
// (authentication, rate limit, store, audit) over loopback HTTP.
func BenchmarkCreateTask(b *testing.B) {
	f := benchFixture(b)
	k := f.keys["acme/member"]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := f.do("POST", "/ap/v1/agent/tasks", k, map[string]any{"input": "bench"}, nil); res.StatusCode != 200 {
			b.Fatal(res.StatusCode)
		}
	}
}

// BenchmarkListSteps measures GET .../steps of a task with a few steps.
func BenchmarkListSteps(b *testing.B) {
	f := benchFixture(b)
	f.model.Handler.Append(llmtest.Text("a"), llmtest.Calls(llmtest.Call("c", "list_folder", `{"folder":"."}`)))
	k := f.keys["acme/member"]
	tk := f.createTask(k, "x", map[string]any{"continuous": true})
	f.step(k, tk.TaskID, nil)
	f.step(k, tk.TaskID, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := f.do("GET", "/ap/v1/agent/tasks/"+tk.TaskID+"/steps", k, nil, nil); res.StatusCode != 200 {
			b.Fatal(res.StatusCode)
		}
	}
}

// BenchmarkRateLimited measures what a request over its tenant's rate costs the server: the price
// of a flood.
func BenchmarkRateLimited(b *testing.B) {
	f := newFixture(b, func(c *Config) { c.Limits.RatePerSecond, c.Limits.Burst = 0.001, 1 })
	k := f.keys["acme/viewer"]
	f.do("GET", "/ap/v1/agent/tasks", k, nil, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := f.do("GET", "/ap/v1/agent/tasks", k, nil, nil); res.StatusCode != http.StatusTooManyRequests {
			b.Fatal(res.StatusCode)
		}
	}
}

// TestManyConcurrentWritersSeeNoLockErrors: concurrent task creations through the API all succeed
// (no "database is locked" reaches a client; REL-04).
func TestManyConcurrentWritersSeeNoLockErrors(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.RatePerSecond, c.Limits.Burst = 1e6, 1e6 })
	var wg sync.WaitGroup
	codes := make(chan int, 400)
	for g := 0; g < 40; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			k := f.keys[[]string{"acme/member", "beta/member"}[g%2]]
			for i := 0; i < 5; i++ {
				res := f.do("POST", "/ap/v1/agent/tasks", k, map[string]any{"input": "x"}, nil)
				codes <- res.StatusCode
			}
		}(g)
	}
	wg.Wait()
	close(codes)
	n := 0
	for c := range codes {
		if c != 200 {
			t.Fatalf("a concurrent creation answered %d", c)
		}
		n++
	}
	if n != 200 {
		t.Fatalf("%d answers", n)
	}
}
