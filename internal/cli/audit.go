package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/paddock-dev/paddock/internal/audit"
)

const auditUsage = `Usage:
  paddock audit verify [--tenant T]   check every tenant's (or one tenant's) hash chain;
                                      exits 1 and names the first bad entry when one was edited,
                                      removed or reordered
  paddock audit show --tenant T [--after N] [--limit N] [--json]
                                      print a tenant's entries

Every command takes --data-dir (default $PADDOCK_DATA_DIR or ~/.local/share/paddock).
With several server nodes, --database URL (or $PADDOCK_DATABASE_URL) names their shared PostgreSQL.
`

// auditCmd runs `paddock audit ...`.
func auditCmd(ctx context.Context, args []string, env Env) int {
	sub, args, code, ok := subcommand(args, auditUsage, env)
	if !ok {
		return code
	}
	fs := flag.NewFlagSet("paddock audit "+sub, flag.ContinueOnError)
	var data, tenantName string
	var after int64
	var limit int
	var asJSON bool
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	database := databaseFlag(fs)
	fs.StringVar(&tenantName, "tenant", "", "only this `tenant`")
	fs.Int64Var(&after, "after", 0, "show entries after this sequence number")
	fs.IntVar(&limit, "limit", 100, "show at most this many entries")
	fs.BoolVar(&asJSON, "json", false, "print JSON lines")
	fs.Usage = func() { fmt.Fprint(fs.Output(), auditUsage) }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	st, _, err := openDatabase(ctx, data, *database, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock audit:", err)
		return ExitFailed
	}
	defer st.Close()
	switch sub {
	case "verify":
		tenants := []string{tenantName}
		if tenantName == "" {
			if tenants, err = st.AuditTenants(ctx); err != nil {
				fmt.Fprintln(env.Stderr, "paddock audit verify:", err)
				return ExitFailed
			}
		}
		code := ExitOK
		for _, t := range tenants {
			rep, err := audit.Verify(ctx, st.Tenant(t))
			if err != nil {
				fmt.Fprintf(env.Stdout, "%s: BROKEN: %v\n", t, err)
				code = ExitFailed
				continue
			}
			fmt.Fprintf(env.Stdout, "%s: ok, %d entries, head %d %s\n", t, rep.Entries, rep.Head.Seq, rep.Head.Hash)
		}
		if len(tenants) == 0 {
			fmt.Fprintln(env.Stdout, "no audit entries yet")
		}
		return code
	case "show":
		if tenantName == "" {
			fmt.Fprintln(env.Stderr, "paddock audit show: give --tenant")
			return ExitUsage
		}
		es, err := st.Tenant(tenantName).AuditEntries(ctx, after, max(1, min(limit, 100000)))
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock audit show:", err)
			return ExitFailed
		}
		enc := json.NewEncoder(env.Stdout)
		for _, e := range es {
			if asJSON {
				_ = enc.Encode(e)
				continue
			}
			fmt.Fprintf(env.Stdout, "%6d %s %-10s %-45s %-30s %s\n", e.Seq, e.Time.Format(time.RFC3339), e.Actor, e.Action, clip(e.Target, 30), e.Outcome)
		}
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "paddock audit: unknown command %q\n%s", sub, auditUsage)
	return ExitUsage
}
