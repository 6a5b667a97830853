package cli

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/llm/llmtest"
	"github.com/paddock-dev/paddock/internal/store"
)

// BenchmarkStepOverhead measures paddock's own time per step, excluding the model: authorisation
// bookkeeping, tool dispatch (a write, a read and a listing in turn), screening of the output by the
// guard, and persisting the step in SQLite. The model is a scripted OpenAI-compatible server on
// loopback, reached through the real client; its time is subtracted per step. Reported: p50 and
// p99 overhead per step (the issue asks p50 ≤ 2 ms).
func BenchmarkStepOverhead(b *testing.B) {
	h := llmtest.NewHandler(
		llmtest.Calls(llmtest.Call("w", "write_file", `{"filename":"notes/a.txt","contents":"`+strings.Repeat("some text ", 200)+`"}`)).WithUsage(500, 40),
		llmtest.Calls(llmtest.Call("r", "read_file", `{"filename":"notes/a.txt"}`)).WithUsage(500, 40),
		llmtest.Calls(llmtest.Call("l", "list_folder", `{"folder":"."}`)).WithUsage(500, 40),
	)
	h.SetRepeat(true)
	h.SetRecord(false)
	srv := httptest.NewServer(h)
	defer srv.Close()
	model, err := llm.NewOpenAI(llm.Config{APIKey: "sk-bench-0123456789", BaseURL: srv.URL + "/v1", Model: "scripted"})
	if err != nil {
		b.Fatal(err)
	}
	data := b.TempDir()
	ws := filepath.Join(data, "ws")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		b.Fatal(err)
	}
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	const stepsPerRun = 30
	var overhead []time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; done += stepsPerRun {
		var sum *agent.Summary
		code := execute(context.Background(), runSpec{
			opts:    runOptions{workspace: ws, dataDir: data, maxSteps: min(stepsPerRun, b.N-done), continuous: true},
			goal:    "benchmark",
			model:   model,
			secrets: []string{"sk-bench-0123456789"},
			answers: strings.NewReader(""),
			summary: func(s *agent.Summary) { sum = s },
		}, env)
		if code != ExitBudget || sum == nil || sum.Status != store.StatusBudget {
			b.Fatalf("run ended with %d: %+v", code, sum)
		}
		overhead = append(overhead, sum.Overhead...)
	}
	b.StopTimer()
	slices.Sort(overhead)
	b.ReportMetric(float64(overhead[len(overhead)/2].Microseconds())/1000, "p50-overhead-ms")
	b.ReportMetric(float64(overhead[len(overhead)*99/100].Microseconds())/1000, "p99-overhead-ms")
}
