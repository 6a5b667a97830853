package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// ScriptedModelName is what [Scripted.Name] starts with, so that a scripted
// run can never be mistaken for a real model in output or run records.
const ScriptedModelName = "scripted model (test double)"

// Scripted is a [Model] test double that replays canned replies in order and
// records every request it receives. It never contacts anything. When the
// turns run out, Complete fails with [ErrScriptExhausted]. Safe for
// concurrent use.
type Scripted struct {
	name string

	mu       sync.Mutex
	turns    []Response
	next     int
	requests []Request
}

var _ Model = (*Scripted)(nil)

// NewScripted returns a scripted model named name that answers with turns,
// one per call to Complete. A turn whose Message.Role is empty is returned
// with RoleAssistant.
func NewScripted(name string, turns ...Response) *Scripted {
	return &Scripted{name: name, turns: slices.Clone(turns)}
}

// Name returns "scripted model (test double)", followed by ": " and the name
// given to NewScripted when there is one.
func (s *Scripted) Name() string {
	if s.name == "" {
		return ScriptedModelName
	}
	return ScriptedModelName + ": " + s.name
}

// Complete records req and returns the next scripted turn. It fails with ctx's
// error (wrapped in [ErrCanceled]) if ctx is done, and with
// [ErrScriptExhausted] when no turn is left.
func (s *Scripted) Complete(ctx context.Context, req Request) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, &Error{Kind: ErrCanceled, Detail: err.Error(), cause: err}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, cloneRequest(req))
	if s.next >= len(s.turns) {
		return Response{}, fmt.Errorf("%w: %s was asked for turn %d but holds %d",
			ErrScriptExhausted, s.Name(), s.next+1, len(s.turns))
	}
	resp := s.turns[s.next]
	s.next++
	if resp.Message.Role == "" {
		resp.Message.Role = RoleAssistant
	}
	resp.Message.ToolCalls = slices.Clone(resp.Message.ToolCalls)
	return resp, nil
}

// Requests returns copies of the requests received so far, oldest first.
func (s *Scripted) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = cloneRequest(r)
	}
	return out
}

// Remaining returns how many scripted turns have not been used yet.
func (s *Scripted) Remaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.turns) - s.next
}

// cloneRequest copies req deeply enough that later changes by the caller do
// not alter the record.
func cloneRequest(req Request) Request {
	out := Request{Messages: make([]Message, len(req.Messages)), Tools: make([]ToolSpec, len(req.Tools))}
	for i, m := range req.Messages {
		m.ToolCalls = slices.Clone(m.ToolCalls)
		out.Messages[i] = m
	}
	for i, t := range req.Tools {
		t.Parameters = json.RawMessage(slices.Clone([]byte(t.Parameters)))
		out.Tools[i] = t
	}
	return out
}
