package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// roundTrips records the statements the PostgreSQL side sends while it is on: each statement,
// batch (one round trip however many statements it holds) and prepare (pgx prepares a statement
// the first time a connection runs it) is one round trip.
type roundTrips struct {
	mu  sync.Mutex
	on  bool
	log []string
}

type startKey struct{}

func (t *roundTrips) add(s string) {
	t.mu.Lock()
	if t.on {
		t.log = append(t.log, s)
	}
	t.mu.Unlock()
}

// took appends how long the round trip begun at ctx's start took to its line.
func (t *roundTrips) took(ctx context.Context) {
	start, ok := ctx.Value(startKey{}).(time.Time)
	if !ok {
		return
	}
	d := time.Since(start)
	t.mu.Lock()
	if t.on && len(t.log) > 0 {
		t.log[len(t.log)-1] = fmt.Sprintf("%6.2f ms  %s", float64(d.Microseconds())/1000, t.log[len(t.log)-1])
	}
	t.mu.Unlock()
}

// record turns recording on (clearing what was recorded) or off, returning what was recorded.
func (t *roundTrips) record(on bool) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.log
	t.on, t.log = on, nil
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
	t.add(oneLine(d.SQL))
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (t *roundTrips) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	t.took(ctx)
}

func (t *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var qs []string
	for _, q := range d.Batch.QueuedQueries {
		qs = append(qs, oneLine(q.SQL))
	}
	t.add(fmt.Sprintf("batch of %d: %s", len(qs), strings.Join(qs, " | ")))
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (t *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (t *roundTrips) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	t.took(ctx)
}

func (t *roundTrips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	t.add("prepare: " + oneLine(d.SQL))
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (t *roundTrips) TracePrepareEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareEndData) {
	t.took(ctx)
}
