package server

import (
	"github.com/paddock-dev/paddock/internal/agent"
	"github.com/paddock-dev/paddock/internal/guard"
)

// runGuard adapts the guard package to the agent loop (the same small adapter as the CLI's).
type runGuard struct{ g *guard.Guard }

// newGuard returns the guard for one step; the tenant's model key is redacted wherever it appears.
func newGuard(secrets []string) runGuard {
	var s []guard.Secret
	for _, v := range secrets {
		if v != "" {
			s = append(s, guard.Secret{Name: "api-key", Value: v})
		}
	}
	return runGuard{guard.New(guard.Options{Secrets: s})}
}

func (r runGuard) Screen(raw, source string) agent.Screened {
	v := r.g.Screen(raw, source)
	return agent.Screened{Text: v.Text, Flagged: v.Flagged, Blocked: v.Blocked, Score: v.Score, Reasons: v.Reasons, Redactions: len(v.Redactions)}
}

func (r runGuard) Redact(s string) string { return r.g.Redactor().RedactString(s) }

func (runGuard) NewBoundary() string { return guard.NewBoundary() }

func (runGuard) Spotlight(text, source, boundary string) string {
	return guard.Spotlight(text, source, boundary)
}

func (runGuard) Rules() string { return guard.SystemPromptRules }
