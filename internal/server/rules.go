package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/policy"
	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/store"
)

// maxTenantRules bounds the rules of one tenant, all lists together.
const maxTenantRules = 500

// TenantRules is the body of GET and PUT /paddock/v1/rules: the allow, ask and deny rules
// (TOOL(PATTERN), as paddock rules --help describes them) that hold for every task of the tenant,
// whoever created it, and the tenant's daily money quota (set by the operator with paddock tenant
// rules; read-only here). A member cannot change them, and nothing a member sends widens them: a
// deny rule refuses its calls in every task, continuous or not, whatever a step approves.
type TenantRules struct {
	Allow []string `json:"allow"`
	Ask   []string `json:"ask"`
	Deny  []string `json:"deny"`
	// DailyCostUSD is the operator's quota of model spending per UTC day (0: none); in a PUT it
	// must be absent or unchanged.
	DailyCostUSD *float64 `json:"daily_cost_usd,omitempty"`
	// SpentTodayUSD is what the tenant's tasks have spent today (UTC), in GET answers.
	SpentTodayUSD *float64 `json:"spent_today_usd,omitempty"`
}

// ParseTenantRules checks a tenant's rule texts and returns them as a rule set with source
// "tenant NAME". It is the one check of tenant rules, for the API and the command line.
func ParseTenantRules(tenantName string, r *store.TenantRules) (policy.RuleSet, error) {
	var set policy.RuleSet
	if n := len(r.Allow) + len(r.Ask) + len(r.Deny); n > maxTenantRules {
		return set, fmt.Errorf("%d rules; at most %d", n, maxTenantRules)
	}
	source := "tenant " + tenantName
	for _, l := range []struct {
		e     policy.Effect
		texts []string
	}{{policy.EffectAllow, r.Allow}, {policy.EffectAsk, r.Ask}, {policy.EffectDeny, r.Deny}} {
		rs, err := policy.ParseRules(l.e, l.texts, source)
		if err != nil {
			return policy.RuleSet{}, fmt.Errorf("%s: %w", l.e, err)
		}
		for _, x := range rs {
			set.Add(x)
		}
	}
	return set, nil
}

// rulesFor returns the rules every task of a tenant runs under. Rules are checked when they are
// set; if a stored rule no longer parses the tenant's steps fail, rather than run with a deny
// rule missing.
func (s *Server) rulesFor(tenantName string, r *store.TenantRules) (policy.RuleSet, error) {
	set, err := ParseTenantRules(tenantName, r)
	if err != nil {
		s.log.Error("a tenant's rules do not parse; its steps are refused", "tenant", tenantName, "err", err)
		return policy.RuleSet{}, fmt.Errorf("the tenant's rules do not parse (an admin must set them again): %w", err)
	}
	return set, nil
}

func (s *Server) getRules(w http.ResponseWriter, r *http.Request, p *principal) error {
	scope := s.st.Tenant(p.Tenant)
	tr, err := scope.Rules(r.Context())
	if err != nil {
		return fmt.Errorf("tenant rules: %w", err)
	}
	spent, err := scope.SpendOn(r.Context(), time.Now().UTC().Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("spending: %w", err)
	}
	spentUSD := float64(spent) / 1e6
	writeJSON(w, http.StatusOK, TenantRules{Allow: tr.Allow, Ask: tr.Ask, Deny: tr.Deny, DailyCostUSD: &tr.DailyCostUSD, SpentTodayUSD: &spentUSD})
	return nil
}

// setRules replaces the tenant's rules (admin only). The daily quota stays the operator's.
func (s *Server) setRules(w http.ResponseWriter, r *http.Request, p *principal) error {
	var req TenantRules
	if err := decodeJSON(r, &req, false); err != nil {
		return err
	}
	scope := s.st.Tenant(p.Tenant)
	cur, err := scope.Rules(r.Context())
	if err != nil {
		return fmt.Errorf("tenant rules: %w", err)
	}
	if req.DailyCostUSD != nil && *req.DailyCostUSD != cur.DailyCostUSD {
		return errorf(http.StatusForbidden, "forbidden", "the daily cost quota is the operator's to set (paddock tenant rules %s --daily-cost USD)", p.Tenant)
	}
	if req.SpentTodayUSD != nil {
		return badRequest("spent_today_usd is read-only")
	}
	next := &store.TenantRules{Allow: trimmed(req.Allow), Ask: trimmed(req.Ask), Deny: trimmed(req.Deny), DailyCostUSD: cur.DailyCostUSD}
	if _, err := ParseTenantRules(p.Tenant, next); err != nil {
		return badRequest("%s", clip(err.Error(), 400))
	}
	if err := scope.SetRules(r.Context(), next); err != nil {
		return fmt.Errorf("set tenant rules: %w", err)
	}
	detail, _ := json.Marshal(map[string][]string{"allow": next.Allow, "ask": next.Ask, "deny": next.Deny})
	if err := s.audit.Append(context.WithoutCancel(r.Context()), &store.AuditEntry{Tenant: p.Tenant, Actor: p.KeyID,
		Action: "rules.set", Target: "rules", Outcome: "ok", Detail: string(detail)}); err != nil {
		s.log.Error("audit append failed", "tenant", p.Tenant, "err", err)
	}
	writeJSON(w, http.StatusOK, TenantRules{Allow: next.Allow, Ask: next.Ask, Deny: next.Deny, DailyCostUSD: &next.DailyCostUSD})
	return nil
}

func trimmed(in []string) []string {
	out := []string{}
	for _, t := range in {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// priceFor is the price of a model (Config.Prices, else the built-in table); nil when unknown:
// no cost is counted, and the tenant's daily money quota cannot hold, which is logged.
func (s *Server) priceFor(tenantName, model string) *pricing.Price {
	tab := s.cfg.Prices
	if tab == nil {
		tab = pricing.Defaults()
	}
	if p, ok := tab.Lookup(model); ok {
		return &p
	}
	s.log.Warn("no price for the model: its costs count nothing (paddock serve --prices FILE gives one)", "tenant", tenantName, "model", model)
	return nil
}

// checkCostQuota refuses a step when the tenant has spent its daily money quota.
func (s *Server) checkCostQuota(ctx context.Context, tenantName string, tr *store.TenantRules, now time.Time) error {
	if tr.DailyCostUSD <= 0 {
		return nil
	}
	spent, err := s.st.Tenant(tenantName).SpendOn(ctx, now.Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("spending: %w", err)
	}
	if float64(spent)/1e6 >= tr.DailyCostUSD {
		return tooMany("quota_cost", untilTomorrow(now), "this tenant spent its %s of model calls for today (UTC)", pricing.Format(tr.DailyCostUSD))
	}
	return nil
}

// stepCost is what a step's model calls cost, in US dollars; 0 when the model has no price.
func stepCost(price *pricing.Price, before, after llm.Usage) float64 {
	if price == nil {
		return 0
	}
	return math.Max(price.Cost(after)-price.Cost(before), 0)
}

// recordSpend adds a step's cost to the tenant's day and to /metrics. A failure to record is
// logged: the step itself is already recorded.
func (s *Server) recordSpend(ctx context.Context, tenantName string, usd float64) {
	if usd <= 0 {
		return
	}
	s.metrics.cost.WithLabelValues(tenantName).Add(usd)
	micro := int64(math.Ceil(usd * 1e6))
	if err := s.st.Tenant(tenantName).AddSpend(context.WithoutCancel(ctx), time.Now().UTC().Format(time.DateOnly), micro); err != nil {
		s.log.Error("could not record a step's cost", "tenant", tenantName, "err", err)
	}
}
