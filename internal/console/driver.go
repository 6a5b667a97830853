package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"
)

// hub wakes the event streams of a task when the console changed it.
type hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]bool // tenant/task -> waiting streams
}

func newHub() *hub { return &hub{subs: map[string]map[chan struct{}]bool{}} }

func (h *hub) subscribe(key string) (chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan struct{}]bool{}
	}
	h.subs[key][ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[key], ch)
		if len(h.subs[key]) == 0 {
			delete(h.subs, key)
		}
		h.mu.Unlock()
	}
}

func (h *hub) notify(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[key] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// drivers are the tasks whose steps the console is taking, and the last word of each drive.
type drivers struct {
	mu      sync.Mutex
	running map[string]bool   // tenant/task
	notes   map[string]string // tenant/task -> why the last drive stopped early (an API refusal)
}

func (d *drivers) isRunning(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.running[key]
}

func (d *drivers) note(key string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.notes[key]
}

// maxDriveSteps bounds one drive; the task's own budget (--max-steps) is the real limit.
const maxDriveSteps = 200

// errDriving answers a second drive of a task the console is already driving.
var errDriving = &APIError{Status: http.StatusConflict, Code: "step_running", Message: "the console is already taking this task's steps; watch it here"}

// stepAnswer is the part of a step answer the driver needs.
type stepAnswer struct {
	IsLast           bool `json:"is_last"`
	AdditionalOutput struct {
		AwaitingApproval json.RawMessage `json:"awaiting_approval"`
	} `json:"additional_output"`
}

// drive takes steps of a task through the API, as the session's key, until the task ends, a call
// awaits approval, or the API refuses. The first step carries first as its additional_input (an
// answer to a held call). It returns the first step's refusal when that comes within wait, so a
// refused action (a viewer's approval) is shown at once; later refusals are kept as the task's
// note.
func (c *Console) drive(s *session, taskID string, first map[string]any, wait time.Duration) error {
	key := s.tenant + "/" + taskID
	c.drivers.mu.Lock()
	if c.drivers.running[key] {
		c.drivers.mu.Unlock()
		return errDriving
	}
	c.drivers.running[key] = true
	delete(c.drivers.notes, key)
	c.drivers.mu.Unlock()
	c.hub.notify(key)

	// The drive keeps its own copy of what it needs: the session may end (sign-out) while it
	// runs; the key's own revocation stops it at the next step (the API answers 401).
	own := &session{key: s.key, keyHash: s.keyHash, tenant: s.tenant, host: s.host}
	firstErr := make(chan error, 1)
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer func() {
			c.drivers.mu.Lock()
			delete(c.drivers.running, key)
			c.drivers.mu.Unlock()
			c.hub.notify(key)
		}()
		addl := first
		for i := 0; i < maxDriveSteps; i++ {
			body := map[string]any{}
			if addl != nil {
				body["additional_input"] = addl
			}
			addl = nil
			var st stepAnswer
			err := c.callJSON(c.ctx, own, http.MethodPost, "/ap/v1/agent/tasks/"+taskID+"/steps", body, &st)
			if i == 0 {
				firstErr <- err
			}
			c.hub.notify(key)
			if err != nil {
				var ae *APIError
				if errors.As(err, &ae) && ae.Code == "awaiting_approval" {
					return
				}
				if c.ctx.Err() == nil {
					c.drivers.mu.Lock()
					c.drivers.notes[key] = errText(err)
					c.drivers.mu.Unlock()
				}
				return
			}
			if st.IsLast || (len(st.AdditionalOutput.AwaitingApproval) > 0 && string(st.AdditionalOutput.AwaitingApproval) != "null") {
				return
			}
			if c.ctx.Err() != nil {
				return
			}
		}
	}()
	select {
	case err := <-firstErr:
		return err
	case <-time.After(wait):
		return nil
	}
}

// errText is what a person reads about an error of a drive.
func errText(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Message
	}
	if errors.Is(err, context.Canceled) {
		return "the server is stopping"
	}
	return "the step failed; the server's log has the details"
}
