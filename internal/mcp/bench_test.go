package mcp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/workspace"
)

// BenchmarkServerCallOverhead measures what paddock mcp adds to one read_file call: the call
// over an in-memory MCP connection through the whole pipeline (validation, policy, guard,
// spotlighting, a recorded step in SQLite) against the bare tool on the same file as the
// yardstick, the two measured alternately. Reported: both per call and their ratio.
func BenchmarkServerCallOverhead(b *testing.B) {
	dir := b.TempDir()
	ws, err := workspace.Create(filepath.Join(dir, "bare"), workspace.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	defer ws.Close()
	text := strings.Repeat("Some ordinary notes about the project. ", 100)
	if err := os.WriteFile(filepath.Join(ws.Dir(), "notes.txt"), []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	var readFile tool.Tool
	for _, tl := range tool.Files(ws) {
		if tl.Spec().Name == "read_file" {
			readFile = tl
		}
	}
	e := newServerEnvTB(b, serverOpts{noWeb: true})
	if err := os.WriteFile(filepath.Join(e.ws, "notes.txt"), []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	e.srv.b.perRecord = 1 << 30
	ctx := context.Background()
	var bare, served time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if _, err := tool.Invoke(ctx, readFile, `{"filename":"notes.txt"}`); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		res, err := e.cs.CallTool(ctx, &sdk.CallToolParams{Name: "read_file", Arguments: map[string]any{"filename": "notes.txt"}})
		if err != nil || res.IsError {
			b.Fatal(err, res)
		}
		t2 := time.Now()
		bare += t1.Sub(t0)
		served += t2.Sub(t1)
	}
	b.StopTimer()
	b.ReportMetric(float64(bare.Microseconds())/float64(b.N), "bare-µs/call")
	b.ReportMetric(float64(served.Microseconds())/float64(b.N), "mcp-µs/call")
	b.ReportMetric(float64(served)/float64(bare), "ratio")
}
