package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

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

func (t *roundTrips) add(s string) {
	t.mu.Lock()
	if t.on {
		t.log = append(t.log, s)
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
	return ctx
}

func (t *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (t *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var qs []string
	for _, q := range d.Batch.QueuedQueries {
		qs = append(qs, oneLine(q.SQL))
	}
	t.add(fmt.Sprintf("batch of %d: %s", len(qs), strings.Join(qs, " | ")))
	return ctx
}

func (t *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (t *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func (t *roundTrips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	t.add("prepare: " + oneLine(d.SQL))
	return ctx
}

func (t *roundTrips) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}
