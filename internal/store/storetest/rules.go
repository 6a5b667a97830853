package storetest

import (
	"sync"
	"testing"

	"github.com/paddock-dev/paddock/internal/store"
)

// testTenantRules: a tenant's rules and spending are its own, empty until set, replaced whole,
// and concurrent spending adds are not lost.
func testTenantRules(t *testing.T, s *suite) {
	s.tenants(t, "acme", "beta")
	acme, beta := s.db.Tenant("acme"), s.db.Tenant("beta")
	r, err := acme.Rules(ctx)
	must(t, err)
	equal(t, [][]string{r.Allow, r.Ask, r.Deny}, [][]string{{}, {}, {}}, "rules before any are set")
	equal(t, r.DailyCostUSD, 0.0, "quota before any is set")
	must(t, acme.SetRules(ctx, &store.TenantRules{Deny: []string{"write_file(secret/**)"}, Allow: []string{"execute_shell(npm test*)"}, DailyCostUSD: 2.5}))
	r, err = acme.Rules(ctx)
	must(t, err)
	equal(t, r.Deny, []string{"write_file(secret/**)"}, "deny rules")
	equal(t, r.Allow, []string{"execute_shell(npm test*)"}, "allow rules")
	equal(t, r.Ask, []string{}, "ask rules")
	equal(t, r.DailyCostUSD, 2.5, "quota")
	if r.Updated.IsZero() {
		t.Error("rules: Updated not set")
	}
	r, err = beta.Rules(ctx)
	must(t, err)
	equal(t, len(r.Deny)+len(r.Allow), 0, "another tenant's rules")
	must(t, acme.SetRules(ctx, &store.TenantRules{Ask: []string{"read_webpage"}}))
	r, _ = acme.Rules(ctx)
	equal(t, [][]string{r.Allow, r.Ask, r.Deny}, [][]string{{}, {"read_webpage"}, {}}, "rules replaced whole")
	is(t, s.db.Tenant("nobody").SetRules(ctx, &store.TenantRules{}), store.ErrNotFound, "rules of a missing tenant")
	if err := acme.SetRules(ctx, &store.TenantRules{DailyCostUSD: -1}); err == nil {
		t.Error("a negative quota was stored")
	}

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := acme.AddSpend(ctx, "2026-12-04", 1500); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	must(t, acme.AddSpend(ctx, "2026-12-05", 7))
	got, err := acme.SpendOn(ctx, "2026-12-04")
	must(t, err)
	equal(t, got, int64(30000), "spending of a day after concurrent adds")
	got, _ = acme.SpendOn(ctx, "2026-12-05")
	equal(t, got, int64(7), "spending of another day")
	got, _ = beta.SpendOn(ctx, "2026-12-04")
	equal(t, got, int64(0), "another tenant's spending")
	is(t, s.db.Tenant("nobody").AddSpend(ctx, "2026-12-04", 1), store.ErrNotFound, "spending of a missing tenant")
}
