package cli

import (
	"fmt"

	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/egress"
	"github.com/paddock-dev/paddock/internal/tool"
	"github.com/paddock-dev/paddock/internal/web"
	"github.com/paddock-dev/paddock/internal/workspace"
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

// webTools returns read_webpage, download_file and (when a search backend is configured)
// web_search, all through the run's egress policy and guard.
func webTools(o runOptions, pol egress.Policy, ws *workspace.Workspace, g agent.Pipeline, env Env) ([]tool.Tool, error) {
	search, err := web.SearchFromEnv(env.Getenv)
	if err != nil {
		return nil, err
	}
	return web.Tools(web.Config{
		Policy:       pol,
		Workspace:    ws,
		Search:       search,
		IgnoreRobots: o.ignoreRobots,
		Screen:       web.GuardScreen(g.G), // a flagged page sets Result.Flagged: the loop taints and tells the user
	}), nil
}
