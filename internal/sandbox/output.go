package sandbox

import (
	"fmt"
	"io"
	"sync"
)

// outputLimiter shares one byte budget between stdout and stderr. Past the
// budget, output is read and dropped (the command is not blocked or killed
// by it; the timeout still bounds it) and a notice goes to stderr at the end.
type outputLimiter struct {
	mu        sync.Mutex
	limit     int64
	used      int64
	truncated bool
	out, err  io.Writer
}

func newOutputLimiter(limit int64, stdout, stderr io.Writer) *outputLimiter {
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	return &outputLimiter{limit: limit, out: stdout, err: stderr}
}

type limitedStream struct {
	l *outputLimiter
	w io.Writer
}

func (l *outputLimiter) stdout() io.Writer { return limitedStream{l, l.out} }
func (l *outputLimiter) stderr() io.Writer { return limitedStream{l, l.err} }

// Write always reports the whole of p as written, so the copying goroutine
// keeps draining the pipe.
func (s limitedStream) Write(p []byte) (int, error) {
	s.l.mu.Lock()
	defer s.l.mu.Unlock()
	room := s.l.limit - s.l.used
	n := int64(len(p))
	if n > room {
		n = max(room, 0)
		s.l.truncated = true
	}
	s.l.used += n
	if n > 0 {
		// A failing destination (closed terminal, full disk) must not stop
		// the drain either.
		_, _ = s.w.Write(p[:n])
	}
	return len(p), nil
}

// finish writes the truncation notice and reports whether output was cut.
func (l *outputLimiter) finish() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.truncated {
		fmt.Fprintf(l.err, "\n[paddock: output truncated at %d bytes (--max-output); the rest was discarded]\n", l.limit)
	}
	return l.truncated
}

// notice returns the stderr destination for paddock's own messages.
func (l *outputLimiter) notice() io.Writer { return l.err }
