package store

import (
	"context"
	"fmt"
	"math"
	"time"
)

// TenantRules are what a tenant's admin (and the operator) set for every task of the tenant: the
// allow, ask and deny rules on tool calls (policy.ParseRule texts, checked by the caller), and the
// operator's daily money quota. They hold for every member: nothing a member sends can widen them.
type TenantRules struct {
	Allow []string `json:"allow"`
	Ask   []string `json:"ask"`
	Deny  []string `json:"deny"`
	// DailyCostUSD is the tenant's quota of model spending per UTC day; 0 means none.
	DailyCostUSD float64   `json:"daily_cost_usd"`
	Updated      time.Time `json:"updated"`
}

// SetRules stores or replaces the tenant's rules; the tenant must exist (else ErrNotFound).
func (s *Scope) SetRules(ctx context.Context, r *TenantRules) error {
	if err := s.check(); err != nil {
		return err
	}
	if r.DailyCostUSD < 0 || math.IsNaN(r.DailyCostUSD) || math.IsInf(r.DailyCostUSD, 0) {
		return fmt.Errorf("store: a daily cost quota must be 0 (none) or more, not %v", r.DailyCostUSD)
	}
	for _, l := range []*[]string{&r.Allow, &r.Ask, &r.Deny} {
		if *l == nil {
			*l = []string{}
		}
	}
	r.Updated = now()
	return s.b.SetTenantRules(ctx, s.name, r)
}

// Rules returns the tenant's rules: empty lists and no quota until some are set.
func (s *Scope) Rules(ctx context.Context) (*TenantRules, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.b.TenantRules(ctx, s.name)
}

// AddSpend adds microUSD (millionths of a US dollar) to the tenant's spending on day (UTC,
// YYYY-MM-DD).
func (s *Scope) AddSpend(ctx context.Context, day string, microUSD int64) error {
	if err := s.check(); err != nil {
		return err
	}
	if microUSD <= 0 {
		return nil
	}
	return s.b.AddSpend(ctx, s.name, day, microUSD)
}

// SpendOn returns the tenant's spending on day in millionths of a US dollar; 0 for a day without.
func (s *Scope) SpendOn(ctx context.Context, day string) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	return s.b.SpendOn(ctx, s.name, day)
}
