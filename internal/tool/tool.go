// Package tool defines the tools an agent can call: their names, their JSON Schemas (sent to the
// model and enforced on the way back) and what they do.
//
// A tool failure is data for the model, not a protocol error: bad arguments, a name outside the
// workspace or a missing file come back as an error the agent shows the model, never a crash.
// Command execution tools exist only in the sandbox package's sandboxed form.
package tool

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/paddock-dev/paddock/internal/llm"
)

// Kind says how much a tool can change or reach, for authorisation and taint rules.
type Kind int

const (
	// ControlKind tools (finish, ask_user) talk to the loop or the user; they are never held for approval.
	ControlKind Kind = iota
	// Read tools only read inside the workspace.
	Read
	// Consequential tools write files, run commands or reach the network. After a prompt injection
	// is detected they need the user's approval even under --continuous.
	Consequential
)

// Result is what a tool call produced.
type Result struct {
	// Output is the text the model sees (before the guard screens it).
	Output string
	// Untrusted marks output that carries content from outside paddock (file contents, command
	// output, web pages): it is screened and spotlighted before the model sees it.
	Untrusted bool
	// Source names where untrusted output came from, e.g. "file notes.txt".
	Source string
	// Finish ends the run successfully with Output as the reason.
	Finish bool
	// Stop ends the run because the user asked to (end of input at a question).
	Stop bool
	// Changed lists workspace files the call created or modified.
	Changed []string
	// Flagged is set by a tool that screened content the loop does not see whole (a web page's
	// hidden parts) and found a likely prompt injection; the loop taints the run as for a flagged
	// output. FlagReasons says why.
	Flagged     bool
	FlagReasons []string
}

// Tool is one callable tool.
type Tool interface {
	// Spec is the tool's name, description and parameter schema as sent to the model.
	Spec() llm.ToolSpec
	// Kind classifies the tool for authorisation.
	Kind() Kind
	// Prepare checks raw JSON arguments against the tool's schema and decodes them. The returned
	// call carries the parsed and canonical arguments (what the policy decides on, approval is
	// bound to and the records show) and runs exactly those. An error wraps ErrInvalidArguments;
	// it is a tool failure the model is shown.
	Prepare(args string) (*Call, error)
}

// Call is one validated call of a tool, ready to run.
type Call struct {
	// Name and Kind are the tool's.
	Name string
	Kind Kind
	// Args are the validated arguments, parsed (numbers as json.Number).
	Args map[string]any
	// Canonical is Args as compact JSON with sorted keys: two calls with equal Canonical are the
	// same call, whatever spacing or key order the model used.
	Canonical string
	run       func(context.Context) (Result, error)
}

// Run runs the call.
func (c *Call) Run(ctx context.Context) (Result, error) { return c.run(ctx) }

// Invoke prepares and runs one call of t outside an agent loop (tests, examples). The loop itself
// prepares, decides and approves before it runs.
func Invoke(ctx context.Context, t Tool, args string) (Result, error) {
	c, err := t.Prepare(args)
	if err != nil {
		return Result{}, err
	}
	return c.Run(ctx)
}

// Func is a Tool built from a typed argument struct: the schema is checked first, then the JSON is
// decoded into In, so the handler only ever sees valid arguments.
type Func[In any] struct {
	Name        string
	Description string
	Params      *Schema
	ToolKind    Kind
	Run         func(ctx context.Context, in In) (Result, error)
}

// Spec implements Tool.
func (f *Func[In]) Spec() llm.ToolSpec {
	return llm.ToolSpec{Name: f.Name, Description: f.Description, Parameters: f.Params.JSON()}
}

// Kind implements Tool.
func (f *Func[In]) Kind() Kind { return f.ToolKind }

// Prepare implements Tool.
func (f *Func[In]) Prepare(args string) (*Call, error) {
	obj, err := f.Params.Validate(args)
	if err != nil {
		return nil, err
	}
	canonical, err := Canonical(obj)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArguments, err)
	}
	// Decode the canonical form, so numbers and unknown fields cannot differ from what was checked.
	var in In
	if err := json.Unmarshal([]byte(canonical), &in); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArguments, err)
	}
	return &Call{Name: f.Name, Kind: f.ToolKind, Args: obj, Canonical: canonical,
		run: func(ctx context.Context) (Result, error) { return f.Run(ctx, in) }}, nil
}

// Canonical encodes validated arguments as compact JSON with sorted keys and without HTML
// escaping, so a command line reads as it will run.
func Canonical(args map[string]any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(args); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// ErrUnknownTool reports a call to a tool that is not offered.
var ErrUnknownTool = errors.New("unknown tool")

// Set is the tools offered in one run, by name.
type Set struct {
	byName map[string]Tool
	names  []string
}

// NewSet makes a set; a duplicate name is an error.
func NewSet(tools ...Tool) (*Set, error) {
	s := &Set{byName: map[string]Tool{}}
	for _, t := range tools {
		if err := s.Add(t); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Add offers one more tool.
func (s *Set) Add(t Tool) error {
	name := t.Spec().Name
	if _, dup := s.byName[name]; dup {
		return fmt.Errorf("tool %q registered twice", name)
	}
	s.byName[name] = t
	s.names = append(s.names, name)
	sort.Strings(s.names)
	return nil
}

// Get returns the named tool, or an error listing the tools that exist.
func (s *Set) Get(name string) (Tool, error) {
	if t, ok := s.byName[name]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("%w %q; the tools are: %v", ErrUnknownTool, name, s.names)
}

// Names returns the tool names in order.
func (s *Set) Names() []string { return append([]string(nil), s.names...) }

// Specs returns every tool's spec, in name order.
func (s *Set) Specs() []llm.ToolSpec {
	out := make([]llm.ToolSpec, 0, len(s.names))
	for _, n := range s.names {
		out = append(out, s.byName[n].Spec())
	}
	return out
}
