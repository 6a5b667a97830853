package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/paddock-dev/paddock/internal/audit"
	"github.com/paddock-dev/paddock/internal/llm"
	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/tenant"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const tenantUsage = `Usage:
  paddock tenant create NAME        add a tenant (lower-case letters, digits and -)
  paddock tenant list               list tenants
  paddock tenant set-model NAME --base-url URL --model M [--api-key-file F]
                                    give a tenant its own model endpoint; the key is sealed
                                    with the master key (--master-key-file or $PADDOCK_MASTER_KEY)
  paddock tenant rules NAME [--allow R]... [--deny R]... [--daily-cost USD]
                                    show or set the rules on tool calls for every task of the
                                    tenant, and its daily money quota (paddock tenant rules --help)
  paddock tenant mcp NAME [--add 'SERVER=COMMAND ARGS'] [--remove SERVER]
                                    show or change the MCP servers paddock serve --exec runs in
                                    the tenant's sandbox for its tasks (paddock tenant mcp --help)
  paddock tenant new-master-key     print a new random master key
  paddock tenant rotate-master-key --master-key-file NEW --previous-master-key-file OLD
                                    reseal every tenant's model key under NEW, in one transaction.
                                    Without downtime: restart the server with both files
                                    (serve --previous-master-key-file OLD), rotate, then drop OLD.

Every command takes --data-dir (default $PADDOCK_DATA_DIR or ~/.local/share/paddock).
With several server nodes, --database URL (or $PADDOCK_DATABASE_URL) names their shared PostgreSQL.
`

// tenantCmd runs `paddock tenant ...`.
func tenantCmd(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == "rules" {
		return tenantRulesCmd(ctx, args[1:], env) // tenantrules.go
	}
	if len(args) > 0 && args[0] == "mcp" {
		return tenantMCPCmd(ctx, args[1:], env) // tenant_mcp.go
	}
	sub, args, code, ok := subcommand(args, tenantUsage, env)
	if !ok {
		return code
	}
	fs := flag.NewFlagSet("paddock tenant "+sub, flag.ContinueOnError)
	var data, baseURL, model, keyFile, masterFile, previousFile string
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	database := databaseFlag(fs)
	if sub == "rotate-master-key" {
		fs.StringVar(&masterFile, "master-key-file", "", "the new master key `file` (default $"+tenant.EnvMasterKey+")")
		fs.StringVar(&previousFile, "previous-master-key-file", "", "the old master key `file`")
	}
	if sub == "set-model" {
		fs.StringVar(&baseURL, "base-url", "", "the tenant's model endpoint (https://, or http:// on loopback)")
		fs.StringVar(&model, "model", "", "the model name")
		fs.StringVar(&keyFile, "api-key-file", "", "`file` holding the tenant's model key (omit for a loopback endpoint without a key)")
		fs.StringVar(&masterFile, "master-key-file", "", "master key `file` (default $"+tenant.EnvMasterKey+")")
	}
	fs.Usage = func() { fmt.Fprint(fs.Output(), tenantUsage) }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	if sub == "new-master-key" {
		fmt.Fprintln(env.Stdout, tenant.NewMasterKey())
		return ExitOK
	}
	st, _, err := openDatabase(ctx, data, *database, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock tenant:", err)
		return ExitFailed
	}
	defer st.Close()
	switch sub {
	case "create":
		if fs.NArg() != 1 {
			fmt.Fprintln(env.Stderr, "paddock tenant create: give one NAME")
			return ExitUsage
		}
		name := fs.Arg(0)
		if err := tenant.ValidName(name); err != nil || name == localTenant {
			if err == nil {
				err = fmt.Errorf("%q is reserved for the command line's own runs", name)
			}
			fmt.Fprintln(env.Stderr, "paddock tenant create:", err)
			return ExitUsage
		}
		t, err := st.CreateTenant(ctx, name)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant create:", err)
			return ExitFailed
		}
		operatorAudit(ctx, st, name, "tenant.create", name, "")
		fmt.Fprintf(env.Stdout, "created tenant %s (sandbox uid slot %d)\nnext: paddock key create --tenant %s --role admin\n", t.Name, t.UIDSlot, t.Name)
		return ExitOK
	case "list":
		ts, err := st.Tenants(ctx)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant list:", err)
			return ExitFailed
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TENANT\tUID SLOT\tCREATED\tMODEL")
		for _, t := range ts {
			m := "server-wide"
			if c, err := st.Tenant(t.Name).Credential(ctx); err == nil {
				m = c.Model + " at " + c.BaseURL
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", t.Name, t.UIDSlot, t.Created.Format(time.RFC3339), m)
		}
		tw.Flush()
		return ExitOK
	case "rotate-master-key":
		if previousFile == "" {
			fmt.Fprintln(env.Stderr, "paddock tenant rotate-master-key: give --previous-master-key-file (the key now in use) and the new key")
			return ExitUsage
		}
		sealer, err := loadSealer(masterFile, previousFile, env)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant rotate-master-key:", err)
			return ExitUsage
		}
		n, err := st.ResealCredentials(ctx, func(name string, sealed []byte) ([]byte, string, error) {
			plain, err := sealer.Open(name, sealed)
			if err != nil {
				return nil, "", err
			}
			return sealer.Seal(name, plain), sealer.KeyID(), nil
		})
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant rotate-master-key:", err)
			return ExitFailed
		}
		fmt.Fprintf(env.Stdout, "resealed %d credentials under master key %s\n", n, sealer.KeyID())
		return ExitOK
	case "set-model":
		if fs.NArg() != 1 || baseURL == "" || model == "" {
			fmt.Fprintln(env.Stderr, "paddock tenant set-model: give NAME, --base-url and --model")
			return ExitUsage
		}
		name := fs.Arg(0)
		key := ""
		if keyFile != "" {
			if key, err = llm.APIKeyFromFile(keyFile); err != nil {
				fmt.Fprintln(env.Stderr, "paddock tenant set-model:", err)
				return ExitUsage
			}
		}
		if err := (llm.Config{BaseURL: baseURL, Model: model, APIKey: key}).Validate(); err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant set-model:", err)
			return ExitUsage
		}
		mk, err := tenant.LoadMasterKey(masterFile, env.Getenv(tenant.EnvMasterKey))
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant set-model:", err)
			return ExitUsage
		}
		sealer, err := tenant.NewSealer(mk)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant set-model:", err)
			return ExitUsage
		}
		c := &store.Credential{Tenant: name, BaseURL: baseURL, Model: model, KeyID: sealer.KeyID()}
		if key != "" {
			c.SealedKey = sealer.Seal(name, []byte(key))
		}
		if err := st.Tenant(name).SetCredential(ctx, c); err != nil {
			fmt.Fprintln(env.Stderr, "paddock tenant set-model:", err)
			return ExitFailed
		}
		operatorAudit(ctx, st, name, "credential.set", name, fmt.Sprintf(`{"model":%q,"base_url":%q,"has_key":%t}`, model, baseURL, key != ""))
		fmt.Fprintf(env.Stdout, "tenant %s now uses %s at %s (key sealed: %t)\n", name, model, baseURL, key != "")
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "paddock tenant: unknown command %q\n%s", sub, tenantUsage)
	return ExitUsage
}

// loadSealer loads the master key (file or environment) and, when previousFile is set, the
// previous one too, for values not resealed yet.
func loadSealer(masterFile, previousFile string, env Env) (*tenant.Sealer, error) {
	mk, err := tenant.LoadMasterKey(masterFile, env.Getenv(tenant.EnvMasterKey))
	if err != nil {
		return nil, err
	}
	sealer, err := tenant.NewSealer(mk)
	if err != nil {
		return nil, err
	}
	if previousFile != "" {
		old, err := tenant.LoadMasterKey(previousFile, "")
		if err != nil {
			return nil, fmt.Errorf("previous master key: %w", err)
		}
		if sealer, err = sealer.WithPrevious(old); err != nil {
			return nil, err
		}
	}
	return sealer, nil
}

// operatorAudit appends an operator action to a tenant's chain.
func operatorAudit(ctx context.Context, st *store.DB, tenantName, action, target, detail string) {
	_ = st.Tenant(tenantName).AppendAudit(ctx, &store.AuditEntry{Tenant: tenantName, Actor: "operator", Action: action, Target: target,
		Outcome: "ok", Detail: detail}, audit.Hash)
}

const keyUsage = `Usage:
  paddock key create --tenant T --role admin|member|viewer [--label TEXT] [--expires WHEN]
                               print a new API key once (only its hash is stored); with
                               --expires (90d, 12h, 2w, 2027-01-31 or 2027-01-31T12:00:00Z) it
                               stops working then: refused with 401 key_expired, and audited
  paddock key list --tenant T  list a tenant's keys (ids, roles, expiry; never the keys)
  paddock key revoke --tenant T KEY_ID
                               revoke a key; it stops working on the next request

Every command takes --data-dir (default $PADDOCK_DATA_DIR or ~/.local/share/paddock).
With several server nodes, --database URL (or $PADDOCK_DATABASE_URL) names their shared PostgreSQL.
`

// keyCmd runs `paddock key ...`.
func keyCmd(ctx context.Context, args []string, env Env) int {
	sub, args, code, ok := subcommand(args, keyUsage, env)
	if !ok {
		return code
	}
	fs := flag.NewFlagSet("paddock key "+sub, flag.ContinueOnError)
	var data, tenantName, roleName, label, expires string
	fs.StringVar(&data, "data-dir", "", "data `dir`ectory")
	database := databaseFlag(fs)
	fs.StringVar(&tenantName, "tenant", "", "the `tenant`")
	fs.StringVar(&roleName, "role", "", "admin, member or viewer")
	fs.StringVar(&label, "label", "", "a note to tell keys apart")
	if sub == "create" {
		fs.StringVar(&expires, "expires", "", "when the key stops working: a duration (90d, 12h) or a date (2027-01-31, UTC); default never")
	}
	fs.Usage = func() { fmt.Fprint(fs.Output(), keyUsage) }
	if code, ok := parseAnywhere(fs, args, env); !ok {
		return code
	}
	if tenantName == "" {
		fmt.Fprintln(env.Stderr, "paddock key: give --tenant")
		return ExitUsage
	}
	st, _, err := openDatabase(ctx, data, *database, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock key:", err)
		return ExitFailed
	}
	defer st.Close()
	switch sub {
	case "create":
		role, err := tenant.ParseRole(roleName)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock key create: --role:", err)
			return ExitUsage
		}
		var until time.Time
		if expires != "" {
			if until, err = tenant.ParseExpiry(expires, time.Now()); err != nil {
				fmt.Fprintln(env.Stderr, "paddock key create: --expires:", err)
				return ExitUsage
			}
		}
		plain, hash, id := tenant.NewKey()
		if err := st.Tenant(tenantName).AddKey(ctx, &store.APIKey{Tenant: tenantName, ID: id, Hash: hash, Role: string(role), Label: clip(label, 200), Expires: until}); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(env.Stderr, "paddock key create: no tenant %q (paddock tenant create %s)\n", tenantName, tenantName)
				return ExitUsage
			}
			fmt.Fprintln(env.Stderr, "paddock key create:", err)
			return ExitFailed
		}
		never := "never"
		if !until.IsZero() {
			never = until.Format(time.RFC3339)
		}
		operatorAudit(ctx, st, tenantName, "key.create", id, fmt.Sprintf(`{"role":%q,"expires":%q}`, role, never))
		fmt.Fprintf(env.Stderr, "created %s key %s for tenant %s (expires: %s); it is shown once, store it now:\n", role, id, tenantName, never)
		fmt.Fprintln(env.Stdout, plain)
		return ExitOK
	case "list":
		keys, err := st.Tenant(tenantName).Keys(ctx)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock key list:", err)
			return ExitFailed
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tROLE\tCREATED\tEXPIRES\tSTATE\tLABEL")
		now := time.Now()
		for _, k := range keys {
			state, exp := "active", "never"
			if !k.Expires.IsZero() {
				exp = k.Expires.Format(time.RFC3339)
			}
			switch {
			case k.Revoked:
				state = "revoked"
			case !k.Expires.IsZero() && !now.Before(k.Expires):
				state = "expired"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Role, k.Created.Format(time.RFC3339), exp, state, termtext.OneLine(k.Label, 200))
		}
		tw.Flush()
		return ExitOK
	case "revoke":
		if fs.NArg() != 1 {
			fmt.Fprintln(env.Stderr, "paddock key revoke: give one KEY_ID (paddock key list --tenant T)")
			return ExitUsage
		}
		if err := st.Tenant(tenantName).RevokeKey(ctx, fs.Arg(0)); err != nil {
			fmt.Fprintln(env.Stderr, "paddock key revoke:", err)
			if errors.Is(err, store.ErrNotFound) {
				return ExitUsage
			}
			return ExitFailed
		}
		operatorAudit(ctx, st, tenantName, "key.revoke", fs.Arg(0), "")
		fmt.Fprintf(env.Stdout, "revoked %s\n", fs.Arg(0))
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "paddock key: unknown command %q\n%s", sub, keyUsage)
	return ExitUsage
}

// clip cuts s to at most n bytes.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
