package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"

	"github.com/paddock-dev/paddock/internal/pricing"
	"github.com/paddock-dev/paddock/internal/server"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const tenantRulesUsage = `Usage: paddock tenant rules NAME [--allow R]... [--ask R]... [--deny R]... [--clear] [--daily-cost USD]

Shows, or sets, the rules on tool calls that hold for every task of the tenant, whichever member
created it (paddock rules --help describes a rule), and the tenant's quota of model spending per
UTC day. Any of --allow, --ask, --deny or --clear replaces all three lists; --daily-cost alone
keeps them. The tenant's admin can set the rules too (PUT /paddock/v1/rules); the daily quota is
the operator's alone. Members cannot change either.

  paddock tenant rules acme --deny 'write_file(.github/**)' --deny 'execute_shell(git push*)'
  paddock tenant rules acme --daily-cost 20

Flags:
`

// tenantRulesCmd runs `paddock tenant rules NAME ...`.
func tenantRulesCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock tenant rules", flag.ContinueOnError)
	var allow, ask, deny repeatedFlag
	var data string
	var clearLists bool
	dailyCost := -1.0
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	fs.Var(&allow, "allow", "an allow `rule` (repeatable)")
	fs.Var(&ask, "ask", "an ask `rule` (repeatable)")
	fs.Var(&deny, "deny", "a deny `rule` (repeatable)")
	fs.BoolVar(&clearLists, "clear", false, "remove every rule of the tenant")
	fs.Float64Var(&dailyCost, "daily-cost", -1, "the tenant's quota of model spending per UTC day, in US `dollars` (0: none)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), tenantRulesUsage); fs.PrintDefaults() }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "paddock tenant rules: give one tenant NAME (paddock tenant rules --help)")
		return ExitUsage
	}
	name := fs.Arg(0)
	setDaily := false
	fs.Visit(func(f *flag.Flag) { setDaily = setDaily || f.Name == "daily-cost" })
	if setDaily && (dailyCost < 0 || math.IsNaN(dailyCost) || math.IsInf(dailyCost, 0)) {
		fmt.Fprintln(env.Stderr, "paddock tenant rules: --daily-cost must be 0 (none) or more US dollars")
		return ExitUsage
	}
	st, _, err := openStore(data, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock tenant rules:", err)
		return ExitFailed
	}
	defer st.Close()
	scope := st.Tenant(name)
	if _, err := st.LookupTenant(ctx, name); err != nil {
		fmt.Fprintln(env.Stderr, "paddock tenant rules:", err)
		if errors.Is(err, store.ErrNotFound) {
			return ExitUsage
		}
		return ExitFailed
	}
	cur, err := scope.Rules(ctx)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock tenant rules:", err)
		return ExitFailed
	}
	lists := clearLists || len(allow)+len(ask)+len(deny) > 0
	if lists || setDaily {
		next := *cur
		if lists {
			next.Allow, next.Ask, next.Deny = append([]string{}, allow...), append([]string{}, ask...), append([]string{}, deny...)
		}
		if setDaily {
			next.DailyCostUSD = dailyCost
		}
		if _, err := server.ParseTenantRules(name, &next); err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant rules:", err)
			return ExitUsage
		}
		if err := scope.SetRules(ctx, &next); err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant rules:", err)
			return ExitFailed
		}
		detail, _ := json.Marshal(map[string]any{"allow": next.Allow, "ask": next.Ask, "deny": next.Deny, "daily_cost_usd": next.DailyCostUSD})
		operatorAudit(ctx, st, name, "rules.set", "rules", string(detail))
		cur = &next
	}
	for _, l := range []struct {
		name  string
		rules []string
	}{{"allow", cur.Allow}, {"ask", cur.Ask}, {"deny", cur.Deny}} {
		shown := "(none)"
		if len(l.rules) > 0 {
			shown = termtext.OneLine(strings.Join(l.rules, "  "), 2000)
		}
		fmt.Fprintf(env.Stdout, "%-11s %s\n", l.name+":", shown)
	}
	daily := "none"
	if cur.DailyCostUSD > 0 {
		daily = pricing.Format(cur.DailyCostUSD) + " a day (UTC)"
	}
	fmt.Fprintf(env.Stdout, "daily cost: %s\n", daily)
	return ExitOK
}
