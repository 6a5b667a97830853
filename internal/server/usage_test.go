package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/paddock-dev/paddock/internal/llm/llmtest"
)

// TestUsage: today's usage against the server's quotas, per tenant, for any role.
func TestUsage(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Limits.DailySteps, c.Limits.DailyCPUSeconds = 7, 60 },
		llmtest.Calls(llmtest.Call("c1", "finish", `{"summary":"done"}`)))
	k := f.keys["acme/member"]
	tk := f.createTask(k, "say done", map[string]any{"continuous": true})
	f.step(k, tk.TaskID, nil)
	var u TenantUsage
	if res := f.do("GET", "/paddock/v1/usage", f.keys["acme/viewer"], nil, &u); res.StatusCode != http.StatusOK {
		t.Fatalf("usage: %d %s", res.StatusCode, body(res))
	}
	if u.Day != time.Now().UTC().Format(time.DateOnly) || u.Steps != (Quota{Used: 1, Limit: 7}) ||
		u.Tokens.Limit != DefaultLimits.DailyTokens || u.CPUSeconds.Limit != 60 {
		t.Fatalf("acme's usage: %+v", u)
	}
	// Another tenant's usage is its own.
	var b TenantUsage
	f.do("GET", "/paddock/v1/usage", f.keys["beta/viewer"], nil, &b)
	if b.Steps.Used != 0 || b.Tokens.Used != 0 || b.Steps.Limit != 7 {
		t.Fatalf("beta's usage: %+v", b)
	}
}
