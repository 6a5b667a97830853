package tool

import (
	"context"
	"fmt"
)

// NewCall returns a validated call of a tool defined outside this package — an MCP server's
// tool, whose JSON Schema is not paddock's subset and is checked by its own validator before
// NewCall. args must be those validated arguments; the call's Canonical form is derived from
// them here, as Func.Prepare does, so the policy, the approval and the records see the same
// arguments that run.
func NewCall(name string, kind Kind, args map[string]any, run func(context.Context) (Result, error)) (*Call, error) {
	if run == nil {
		return nil, fmt.Errorf("tool %s: no run function", name)
	}
	canonical, err := Canonical(args)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArguments, err)
	}
	return &Call{Name: name, Kind: kind, Args: args, Canonical: canonical, run: run}, nil
}
