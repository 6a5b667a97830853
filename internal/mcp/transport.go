package mcp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

// serverLifetime bounds how long one attached server may live (the sandbox's wall-clock timeout).
const serverLifetime = 7 * 24 * time.Hour

// serverMaxOutput bounds everything a server may write over its life (protocol and stderr).
const serverMaxOutput = 1 << 40

// sandboxTransport starts a server's command inside the sandbox and speaks MCP over its stdin and
// stdout. The process lives until the connection is closed.
type sandboxTransport struct {
	cfg  sandbox.Config
	argv []string
	// stderr keeps the tail of what the server wrote on stderr, for error messages.
	stderr *tailBuffer
}

// sandboxConfig is the sandbox of one server: the run's limits and layers, the workspace, the
// server's own grants and network, and nothing of the run's network grants.
func sandboxConfig(base sandbox.Config, workspace string, s ServerSpec) sandbox.Config {
	c := base
	c.Workspace = workspace
	c.ReadOnly = append(append([]string(nil), base.ReadOnly...), s.ReadOnly...)
	c.ReadWrite = append(append([]string(nil), base.ReadWrite...), s.ReadWrite...)
	c.AllowNet = append([]string(nil), s.AllowNet...)
	c.Egress = nil
	c.Timeout = serverLifetime
	c.MaxOutput = serverMaxOutput
	c.CPU = 0 // a long-lived server: the CPU rlimit would kill it after its quota of a lifetime
	keys := make([]string, 0, len(s.Env))
	for k := range s.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	c.Env = append([]string(nil), base.Env...)
	for _, k := range keys {
		c.Env = append(c.Env, k+"="+s.Env[k])
	}
	return c
}

// Connect implements sdk.Transport.
func (t *sandboxTransport) Connect(ctx context.Context) (sdk.Connection, error) {
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	cfg := t.cfg
	cfg.Stdin, cfg.Stdout, cfg.Stderr = inR, outW, t.stderr
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p := &process{r: outR, w: inW, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		res, err := sandbox.Run(runCtx, cfg, t.argv)
		// Closing our ends of the child's pipes makes the reader see EOF when the server is gone.
		inR.Close()
		outW.Close()
		p.setExit(res, err)
	}()
	return (&sdk.IOTransport{Reader: outR, Writer: p}).Connect(ctx)
}

// process is a running sandboxed server: its stdin (Write, Close) and its end.
type process struct {
	r      *os.File
	w      *os.File
	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	exit error
}

func (p *process) Write(b []byte) (int, error) { return p.w.Write(b) }

// Close ends the server: its stdin is closed, and the whole sandbox is killed if it has not
// exited two seconds later.
func (p *process) Close() error {
	p.w.Close()
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
		p.cancel()
		<-p.done
	}
	p.cancel()
	p.r.Close()
	return nil
}

func (p *process) setExit(res *sandbox.Result, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case err != nil:
		p.exit = err
	case res != nil && res.ExitCode != 0:
		p.exit = fmt.Errorf("exited with status %d", res.ExitCode)
	default:
		p.exit = errors.New("exited")
	}
}

// tailBuffer keeps the last bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(b)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(b), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

var _ io.WriteCloser = (*process)(nil)
