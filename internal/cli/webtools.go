package cli

import (
	"fmt"

	"github.com/paddock-dev/paddock/internal/egress"
)

// webPolicy builds the egress policy of a run from --allow-net and --allow-private.
func webPolicy(o runOptions) (egress.Policy, error) {
	pol, err := egress.ParsePolicy(o.sandbox.AllowNet)
	if err != nil {
		return egress.Policy{}, fmt.Errorf("--allow-net: %w", err)
	}
	grants, err := egress.ParseGrants(o.allowPrivate)
	if err != nil {
		return egress.Policy{}, fmt.Errorf("--allow-private: %w", err)
	}
	return pol.AllowPrivate(grants...), nil
}
