// Package policy decides whether a proposed tool call runs at once, needs the user's approval, or is
// refused, and asks the user when it must.
//
// The order, first match wins: control tools (finish, ask_user) always run; a matching deny rule
// refuses; once the run is tainted (a tool output was flagged as a prompt injection), consequential
// tools (writes, commands, network) need the user's approval even under --continuous, or are
// refused when the run is set so; a matching ask rule asks; a matching allow rule, --auto-approve
// or an "always" answer runs the call; then the run's default: run under --continuous, else ask.
// So deny > ask > allow > default, and taint overrides every allow.
//
// Rules are TOOL(PATTERN) ([ParseRule]); each tool kind matches the argument that matters
// ([SubjectOf]): a command line, a workspace path, a URL. Every decision names the rule or reason
// that decided it, so the prompt, the run's record and the audit can show it.
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

// String returns allow, ask or deny.
func (a Action) String() string {
	switch a {
	case Allow:
		return "allow"
	case Ask:
		return "ask"
	case Deny:
		return "deny"
	}
	return "unknown"
}

// Decision is the rules' verdict on one call and why.
type Decision struct {
	Action Action
	// Why is a short reason: "continuous", "pre-approved", "always allowed", "tainted: ...", or
	// the rule that decided, e.g. "rule deny write_file(secret/**) (from --deny)".
	Why string
	// Rule is the rule that decided, when one did.
	Rule *Rule
}

func ruleDecision(a Action, r Rule) Decision {
	return Decision{Action: a, Why: "rule " + r.Describe(), Rule: &r}
}

// Rules hold a run's authorisation state. They are safe for concurrent use.
type Rules struct {
	mu          sync.Mutex
	continuous  bool
	auto        map[string]bool
	always      map[string]bool
	taint       string // why the run is tainted; empty when it is not
	taintRefuse bool
	rules       RuleSet
	granted     []Rule // allow rules the user granted during the run ("a" answers)
}

// Options configure Rules.
type Options struct {
	// Continuous runs every call without asking (until the run is tainted).
	Continuous bool
	// AutoApprove names tools that run without asking.
	AutoApprove []string
	// RefuseWhenTainted refuses consequential calls in a tainted run instead of asking.
	RefuseWhenTainted bool
	// Rules are the allow, ask and deny rules from every source (flags, files, the tenant).
	Rules RuleSet
}

// New makes the rules for one run. Unknown tool names in AutoApprove are an error, so a typo does
// not silently leave a tool behind a question (or the reverse).
func New(o Options, known []string) (*Rules, error) {
	r := &Rules{continuous: o.Continuous, auto: map[string]bool{}, always: map[string]bool{}, taintRefuse: o.RefuseWhenTainted, rules: o.Rules}
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
	if kind == tool.ControlKind {
		return Decision{Action: Allow, Why: "control tool"}
	}
	if rule, ok := Match(r.rules.Deny, name, c.Args); ok {
		return ruleDecision(Deny, rule)
	}
	switch {
	case r.taint != "" && kind == tool.Consequential && r.taintRefuse:
		return Decision{Action: Deny, Why: "the run is tainted (" + r.taint + ") and is set to refuse consequential tools"}
	case r.taint != "" && kind == tool.Consequential:
		return Decision{Action: Ask, Why: "the run is tainted (" + r.taint + "): consequential tools need your approval"}
	}
	if rule, ok := Match(r.rules.Ask, name, c.Args); ok {
		return ruleDecision(Ask, rule)
	}
	if rule, ok := Match(r.rules.Allow, name, c.Args); ok {
		return ruleDecision(Allow, rule)
	}
	if rule, ok := Match(r.granted, name, c.Args); ok {
		return ruleDecision(Allow, rule)
	}
	switch {
	case r.auto[name]:
		return Decision{Action: Allow, Why: "pre-approved"}
	case r.always[name]:
		return Decision{Action: Allow, Why: "always allowed"}
	case r.continuous:
		return Decision{Action: Allow, Why: "continuous"}
	}
	return Decision{Action: Ask}
}

// Grant adds an allow rule for the rest of the run (an "a" answer). The rule is checked like any
// other: deny and ask rules and taint still come first.
func (r *Rules) Grant(rule Rule) {
	rule.Effect = EffectAllow
	if rule.Source == "" {
		rule.Source = "your answer"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range r.granted {
		if g.String() == rule.String() {
			return
		}
	}
	r.granted = append(r.granted, rule)
}

// GrantLike grants the narrowest sensible allow rule for calls like c ([Suggest]) and returns it;
// ok is false when no rule can say it (then nothing is granted beyond this call).
func (r *Rules) GrantLike(c *tool.Call) (rule Rule, ok bool) {
	rule, ok = Suggest(c.Name, c.Args)
	if ok {
		r.Grant(rule)
	}
	return rule, ok
}

// RuleSet returns the run's rules (without those granted during the run).
func (r *Rules) RuleSet() RuleSet {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rules
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
	// Granted are the allow rules granted by "a" answers, as written.
	Granted []string `json:"granted,omitempty"`
	Taint   string   `json:"taint,omitempty"`
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
	st.Granted = Texts(r.granted)
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
	r.granted = nil
	for _, t := range st.Granted {
		// Saved by Snapshot from parsed rules; one that no longer parses grants nothing.
		if g, err := ParseRule(EffectAllow, t, "your answer"); err == nil {
			r.granted = append(r.granted, g)
		}
	}
	r.taint = st.Taint
}

// Tainted returns why the run is tainted, or "".
func (r *Rules) Tainted() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.taint
}
