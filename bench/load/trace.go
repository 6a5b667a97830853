package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// roundTrips records the statements the PostgreSQL side sends while it is on: each statement,
// batch (one round trip however many statements it holds) and prepare (pgx prepares a statement
// the first time a connection runs it) is one round trip.
type roundTrips struct {
	active atomic.Bool // on, read without the lock by every hook
	mu     sync.Mutex
	on     bool
	since  time.Time // when recording began
	log    []string
}

// started is what a hook's context carries to its end: when the round trip began and its line.
type started struct {
	at   time.Time
	line int
}

type startKey struct{}

// add records the line of a round trip that begins now and returns ctx carrying it.
func (t *roundTrips) add(ctx context.Context, s string) context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on {
		return ctx
	}
	t.log = append(t.log, fmt.Sprintf("at %6.2f ms: %s", float64(time.Since(t.since).Microseconds())/1000, s))
	return context.WithValue(ctx, startKey{}, started{time.Now(), len(t.log) - 1})
}

// recording reports whether the tracer records now; when it does not, its hooks do nothing else,
// so that it costs the measured requests nothing.
func (t *roundTrips) recording() bool { return t.active.Load() }

// took appends how long the round trip begun at ctx's start took to its line.
func (t *roundTrips) took(ctx context.Context) {
	st, ok := ctx.Value(startKey{}).(started)
	if !ok {
		return
	}
	d := time.Since(st.at)
	t.mu.Lock()
	if t.on && st.line < len(t.log) {
		t.log[st.line] = fmt.Sprintf("%6.2f ms  %s", float64(d.Microseconds())/1000, t.log[st.line])
	}
	t.mu.Unlock()
}

// record turns recording on (clearing what was recorded) or off, returning what was recorded.
func (t *roundTrips) record(on bool) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.log
	t.on, t.log, t.since = on, nil, time.Now()
	t.active.Store(on)
	return out
}

func oneLine(sql string) string {
	s := strings.Join(strings.Fields(sql), " ")
	if len(s) > 110 {
		s = s[:110] + "…"
	}
	return s
}

func (t *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if !t.recording() {
		return ctx
	}
	return t.add(ctx, oneLine(d.SQL))
}

func (t *roundTrips) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	t.took(ctx)
}

func (t *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	if !t.recording() {
		return ctx
	}
	var qs []string
	for _, q := range d.Batch.QueuedQueries {
		qs = append(qs, oneLine(q.SQL))
	}
	return t.add(ctx, fmt.Sprintf("batch of %d: %s", len(qs), strings.Join(qs, " | ")))
}

func (t *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (t *roundTrips) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	t.took(ctx)
}

func (t *roundTrips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	if !t.recording() {
		return ctx
	}
	return t.add(ctx, "prepare: "+oneLine(d.SQL))
}

func (t *roundTrips) TracePrepareEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareEndData) {
	t.took(ctx)
}
