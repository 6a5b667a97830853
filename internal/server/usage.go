package server

import (
	"fmt"
	"net/http"
	"time"
)

// Quota is one of a tenant's daily quotas: what it used today (UTC) and the server's limit
// (0: none; the operator's `paddock serve --daily-*` flags).
type Quota struct {
	Used  int64 `json:"used"`
	Limit int64 `json:"limit"`
}

// TenantUsage is the answer to GET /paddock/v1/usage: today's usage against the quotas a step
// is checked against (checkQuota), so that a tenant sees a 429 coming.
type TenantUsage struct {
	Day        string `json:"day"` // UTC, YYYY-MM-DD
	Steps      Quota  `json:"steps"`
	Tokens     Quota  `json:"tokens"`
	CPUSeconds Quota  `json:"cpu_seconds"`
}

func (s *Server) getUsage(w http.ResponseWriter, r *http.Request, p *principal) error {
	day := time.Now().UTC().Format(time.DateOnly)
	u, err := s.st.Tenant(p.Tenant).UsageOn(r.Context(), day)
	if err != nil {
		return fmt.Errorf("usage: %w", err)
	}
	l := s.cfg.Limits
	writeJSON(w, http.StatusOK, TenantUsage{Day: day,
		Steps:      Quota{Used: u.Steps, Limit: max(0, l.DailySteps)},
		Tokens:     Quota{Used: u.Tokens, Limit: max(0, l.DailyTokens)},
		CPUSeconds: Quota{Used: u.CPUMillis / 1000, Limit: max(0, l.DailyCPUSeconds)},
	})
	return nil
}
