package server

import (
	"context"
	"fmt"

	"github.com/paddock-dev/paddock/internal/egress"
)

// networkFor returns a tenant's egress policy: the hosts its admin granted (none by default), plus
// the private ranges the operator opened for every tenant (Config.AllowPrivate). The web tools
// reach only this, and links in the agent's output to anything else are defused.
func (s *Server) networkFor(ctx context.Context, tenantName string) (egress.Policy, error) {
	var hosts []string
	if g, ok := s.st.(interface {
		NetworkGrants(ctx context.Context, tenant string) ([]string, error)
	}); ok {
		var err error
		if hosts, err = g.NetworkGrants(ctx, tenantName); err != nil {
			return egress.Policy{}, fmt.Errorf("network grants: %w", err)
		}
	}
	pol, err := egress.ParsePolicy(hosts)
	if err != nil {
		// Grants are checked when they are set; one that no longer parses grants nothing.
		s.log.Error("a tenant's network grants do not parse; the tenant reaches nothing", "tenant", tenantName, "err", err)
		return egress.Policy{}, nil
	}
	return pol.AllowPrivate(s.cfg.AllowPrivate...), nil
}
