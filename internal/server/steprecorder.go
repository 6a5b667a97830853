package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// callHold is how long a step's recorder holds a tool call's record before writing it on its own.
// A step that ends within it writes the record with its finish (store.StepOutcome.Calls): one
// round trip to a shared database instead of two before the answer.
const callHold = 50 * time.Millisecond

// maxHeldCalls bounds the records a step's recorder holds: a step that makes more has them written
// on their own as it goes, so its finish stays one statement of bounded size.
const maxHeldCalls = 64

// stepRecorder is the recorder of one step. It holds the step's tool-call records for up to
// callHold, so the usual step, which ends right after its last call, writes them in its finishing
// transaction. A step that goes on longer has them written meanwhile, each within callHold of its
// call, so a long step's calls are on record while it runs, as with a plain recorder.
//
// Nothing is weaker for it: a record written on its own does not wait for the disk either (its
// durability comes from the step's finish), and a step cut by a crash of this node within callHold
// of a call loses that record as a crash of PostgreSQL could lose one written at once.
type stepRecorder struct {
	recorder
	log *slog.Logger

	writing sync.Mutex // held while held records are written; a finish takes it to wait for them
	mu      sync.Mutex // guards what follows
	held    []*store.Step
	timer   *time.Timer
	done    bool // the finish took the held records: write any later one at once
}

func newStepRecorder(scope *store.Scope, log *slog.Logger) *stepRecorder {
	return &stepRecorder{recorder: recorder{Scope: scope}, log: log}
}

// AddStep holds a call's record, to be written with the step's finish or within callHold.
func (r *stepRecorder) AddStep(ctx context.Context, st *store.Step) error {
	r.mu.Lock()
	if r.done {
		r.mu.Unlock()
		return r.Scope.AddStep(ctx, st)
	}
	r.held = append(r.held, st)
	full := len(r.held) >= maxHeldCalls
	if r.timer == nil && !full {
		r.timer = time.AfterFunc(callHold, r.write)
	}
	r.mu.Unlock()
	if full {
		r.write()
	}
	return nil
}

// write writes the records held now, each on its own, in order.
func (r *stepRecorder) write() {
	r.writing.Lock()
	defer r.writing.Unlock()
	r.add(r.detach(false))
}

// add writes records one by one, logging those that fail.
func (r *stepRecorder) add(calls []*store.Step) {
	for _, c := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := r.Scope.AddStep(ctx, c); err != nil {
			r.log.Error("record a tool call", "tenant", c.Tenant, "task", c.TaskID, "tool", c.Tool, "err", err)
		}
		cancel()
	}
}

// finish gives the records still held to f, the step's finish, after any being written on their
// own are. Should f fail, they are written on their own. Records added later are written at once.
func (r *stepRecorder) finish(f func(calls []*store.Step) error) error {
	held := r.take()
	err := f(held)
	if err != nil {
		r.add(held)
	}
	return err
}

// flush writes the records still held, for a step that ends without a finish; records added
// later are written at once.
func (r *stepRecorder) flush() { r.add(r.take()) }

// take returns the records still held, once any being written on their own are, and holds no
// more.
func (r *stepRecorder) take() []*store.Step {
	r.writing.Lock()
	defer r.writing.Unlock()
	return r.detach(true)
}

// detach returns the records held now and holds them no longer, stopping the timer; done: hold no
// more after them (records added later are written at once).
func (r *stepRecorder) detach(done bool) []*store.Step {
	r.mu.Lock()
	defer r.mu.Unlock()
	held := r.held
	r.held = nil
	r.done = r.done || done
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	return held
}
