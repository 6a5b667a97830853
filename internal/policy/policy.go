// Package policy decides whether a proposed tool call runs at once, needs the user's approval, or is
// refused, and asks the user when it must.
//
// The rules, in order: control tools (finish, ask_user) always run; once the run is tainted (a tool
// output was flagged as a prompt injection), consequential tools (writes, commands, network) need
// the user's approval even under --continuous, or are refused when the run is set so; otherwise
// --continuous, --auto-approve and "always" answers let calls run without a question.
package policy

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/paddock-dev/paddock/internal/tool"
)

// Action is what the rules decide for one call.
type Action int

// The actions.
const (
	Allow Action = iota
	Ask
	Deny
)

// Decision is the rules' verdict on one call and why.
type Decision struct {
	Action Action
	// Why is a short reason: "continuous", "pre-approved", "always allowed", "tainted: ...".
	Why string
}

// Rules hold a run's authorisation state. They are safe for concurrent use.
type Rules struct {
	mu          sync.Mutex
	continuous  bool
	auto        map[string]bool
	always      map[string]bool
	taint       string // why the run is tainted; empty when it is not
	taintRefuse bool
}

// Options configure Rules.
type Options struct {
	// Continuous runs every call without asking (until the run is tainted).
	Continuous bool
	// AutoApprove names tools that run without asking.
	AutoApprove []string
	// RefuseWhenTainted refuses consequential calls in a tainted run instead of asking.
	RefuseWhenTainted bool
}

// New makes the rules for one run. Unknown tool names in AutoApprove are an error, so a typo does
// not silently leave a tool behind a question (or the reverse).
func New(o Options, known []string) (*Rules, error) {
	r := &Rules{continuous: o.Continuous, auto: map[string]bool{}, always: map[string]bool{}, taintRefuse: o.RefuseWhenTainted}
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	for _, n := range o.AutoApprove {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !isKnown[n] {
			sorted := append([]string(nil), known...)
			sort.Strings(sorted)
			return nil, fmt.Errorf("--auto-approve: unknown tool %q (tools: %s)", n, strings.Join(sorted, ", "))
		}
		r.auto[n] = true
	}
	return r, nil
}

// Decide returns what to do with one validated call. It sees the tool, its kind and its parsed
// arguments, so a rule about a path, a URL or a command has a place to live.
func (r *Rules) Decide(c *tool.Call) Decision {
	r.mu.Lock()
	defer r.mu.Unlock()
	name, kind := c.Name, c.Kind
	switch {
	case kind == tool.ControlKind:
		return Decision{Allow, "control tool"}
	case r.taint != "" && kind == tool.Consequential && r.taintRefuse:
		return Decision{Deny, "the run is tainted (" + r.taint + ") and is set to refuse consequential tools"}
	case r.taint != "" && kind == tool.Consequential:
		return Decision{Ask, "the run is tainted (" + r.taint + "): consequential tools need your approval"}
	case r.continuous:
		return Decision{Allow, "continuous"}
	case r.auto[name]:
		return Decision{Allow, "pre-approved"}
	case r.always[name]:
		return Decision{Allow, "always allowed"}
	}
	return Decision{Ask, ""}
}

// AlwaysAllow lets every later call of the named tool run without a question (an "a" answer).
// Taint still overrides it for consequential tools.
func (r *Rules) AlwaysAllow(name string) {
	r.mu.Lock()
	r.always[name] = true
	r.mu.Unlock()
}

// Taint marks the run as having read content flagged as a prompt injection. It returns true the first time.
func (r *Rules) Taint(why string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.taint != "" {
		return false
	}
	if why == "" {
		why = "flagged content"
	}
	r.taint = why
	return true
}

// State is the part of the rules a run changes as it goes: tools always allowed by the user, and
// taint. It is saved between the steps of a run served over the API.
type State struct {
	Always []string `json:"always,omitempty"`
	Taint  string   `json:"taint,omitempty"`
}

// Snapshot returns the rules' changing state.
func (r *Rules) Snapshot() State {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := State{Taint: r.taint}
	for n := range r.always {
		st.Always = append(st.Always, n)
	}
	sort.Strings(st.Always)
	return st
}

// Restore sets the rules' changing state from a snapshot.
func (r *Rules) Restore(st State) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.always = map[string]bool{}
	for _, n := range st.Always {
		r.always[n] = true
	}
	r.taint = st.Taint
}

// Tainted returns why the run is tainted, or "".
func (r *Rules) Tainted() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.taint
}
