package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/web"
)

// maxGrants bounds the entries of one tenant's network grants.
const maxGrants = 200

// NetworkGrants is the body of GET and PUT /paddock/v1/network: the hosts a tenant's web tools may
// reach, as --allow-net takes them ("docs.python.org", "*.example.com", "host:8443").
type NetworkGrants struct {
	AllowNet []string `json:"allow_net"`
}

// networkFor returns a tenant's egress policy: the hosts its admin granted (none by default), plus
// the private ranges the operator opened for every tenant (Config.AllowPrivate). The web tools
// reach only this, and links in the agent's output to anything else are defused.
func (s *Server) networkFor(tenantName string, hosts []string) egress.Policy {
	pol, err := egress.ParsePolicy(hosts)
	if err != nil {
		// Grants are checked when they are set; one that no longer parses grants nothing.
		s.log.Error("a tenant's network grants do not parse; the tenant reaches nothing", "tenant", tenantName, "err", err)
		return egress.Policy{}
	}
	return pol.AllowPrivate(s.cfg.AllowPrivate...)
}

func (s *Server) getNetwork(w http.ResponseWriter, r *http.Request, p *principal) error {
	hosts, err := s.st.Tenant(p.Tenant).NetworkGrants(r.Context())
	if err != nil {
		return fmt.Errorf("network grants: %w", err)
	}
	writeJSON(w, http.StatusOK, NetworkGrants{AllowNet: hosts})
	return nil
}

// setNetwork replaces the tenant's grants. Only public hosts can be granted here: private,
// loopback and link-local ranges stay the operator's (paddock serve --allow-private).
func (s *Server) setNetwork(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req NetworkGrants
	if err := decodeJSON(r, &req, false); err != nil {
		return err
	}
	if len(req.AllowNet) > maxGrants {
		return badRequest("allow_net has %d entries; at most %d", len(req.AllowNet), maxGrants)
	}
	hosts := []string{}
	for _, h := range req.AllowNet {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	pol, err := egress.ParsePolicy(hosts)
	if err != nil {
		return badRequest("allow_net: %s", clip(err.Error(), 300))
	}
	if err := s.st.Tenant(p.Tenant).SetNetworkGrants(r.Context(), hosts); err != nil {
		return fmt.Errorf("set network grants: %w", err)
	}
	detail, _ := json.Marshal(NetworkGrants{AllowNet: hosts})
	if err := s.audit.Append(context.WithoutCancel(r.Context()), &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID,
		Action: "network.set", Target: "network", Outcome: "ok", Detail: string(detail)}); err != nil {
		s.log.Error("audit append failed", "tenant", p.Tenant, "err", err)
	}
	out := map[string]any{"allow_net": hosts}
	if w := web.WarnAllowAll(pol); w != "" {
		out["warning"] = w
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
