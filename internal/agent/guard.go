package agent

import "github.com/paddock-dev/paddock/internal/guard"

// Pipeline is the guard package's pipeline as the loop's Guard: filter, redact, detect, spotlight.
type Pipeline struct {
	// G is the underlying guard, for tools that screen content themselves (web pages' hidden parts).
	G *guard.Guard
}

// NewGuard returns the guard for one run. secrets are values that must never reach the model, the
// records or the terminal (model and search API keys); empty values are ignored. It fails if the
// guard cannot start (its injection detector does not load): a run never goes unguarded.
func NewGuard(secrets ...string) (Pipeline, error) {
	var s []guard.Secret
	for _, v := range secrets {
		if v != "" {
			s = append(s, guard.Secret{Name: "api-key", Value: v})
		}
	}
	g, err := guard.New(guard.Options{Secrets: s})
	if err != nil {
		return Pipeline{}, err
	}
	return Pipeline{G: g}, nil
}

// Screen implements Guard.
func (p Pipeline) Screen(raw, source string) Screened {
	v := p.G.Screen(raw, source)
	return Screened{Text: v.Text, Flagged: v.Flagged, Blocked: v.Blocked, Score: v.Score, Reasons: v.Reasons, Redactions: len(v.Redactions)}
}

// Redact implements Guard.
func (p Pipeline) Redact(s string) string { return p.G.Redactor().RedactString(s) }

// NewBoundary implements Guard.
func (Pipeline) NewBoundary() string { return guard.NewBoundary() }

// Spotlight implements Guard.
func (Pipeline) Spotlight(text, source, boundary string) string {
	return guard.Spotlight(text, source, boundary)
}

// Rules implements Guard.
func (Pipeline) Rules() string { return guard.SystemPromptRules }
