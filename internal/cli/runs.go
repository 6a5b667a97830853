package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const runsUsage = `Usage:
  paddock runs [--limit N] [--json|-q]       list recorded runs, newest first (-q: ids only)
  paddock runs show ID [--full] [--json]     show one run step by step, outputs as the terminal
                                             showed them (--full: every output in full)
  paddock runs --tenant T [--database URL] [show ID]
                                             the same for a server tenant's tasks: in the data
                                             dir's database, or in the PostgreSQL that several
                                             server nodes share (--database or $PADDOCK_DATABASE_URL)

A run id may be shortened to any prefix that no other run shares. A run whose paddock process
went away without recording its end (kill -9, a crash) is listed as interrupted once its lease
(15 s) runs out; paddock run --resume ID continues it. Listing creates no database.
paddock run records this machine's runs in the data dir, so --database needs --tenant, and
$PADDOCK_DATABASE_URL is read only with --tenant.

Flags:
`

func runsCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock runs", flag.ContinueOnError)
	dataFlag := fs.String("data-dir", "", "where runs are recorded")
	limit := fs.Int("limit", 20, "how many runs to list")
	asJSON := fs.Bool("json", false, "print JSON")
	full := fs.Bool("full", false, "runs show: every output in full")
	quiet := fs.Bool("q", false, "print only the run ids, one per line (paddock run --resume $(paddock runs -q --limit 1))")
	tenantName := fs.String("tenant", "", "a server `tenant`'s tasks instead of this machine's runs")
	database := databaseFlag(fs)
	fs.Usage = func() { fmt.Fprint(fs.Output(), runsUsage); fs.PrintDefaults() }
	pos, code, ok := parseInterspersed(fs, args, env)
	if !ok {
		return code
	}
	if *tenantName != "" || *database != "" {
		return tenantRunsCmd(ctx, pos, *dataFlag, *database, *tenantName, *limit, *asJSON, *full, *quiet, env)
	}
	if len(pos) > 0 && pos[0] == "show" {
		if len(pos) != 2 {
			fmt.Fprintln(env.Stderr, "paddock runs show: give one run id (paddock runs lists them)")
			return ExitUsage
		}
		return withStore(ctx, *dataFlag, env, func(db *store.DB) int { return showRun(ctx, db, localTenant, pos[1], *asJSON, *full, env) })
	}
	if len(pos) != 0 {
		fmt.Fprintf(env.Stderr, "paddock runs: unexpected %q (did you mean paddock runs show %s?)\n", termtext.OneLine(pos[0], 40), termtext.OneLine(pos[0], 40))
		return ExitUsage
	}
	if *limit < 1 {
		fmt.Fprintln(env.Stderr, "paddock runs: --limit must be at least 1")
		return ExitUsage
	}
	const empty = "No runs yet. Try: paddock demo"
	db, _, err := openExistingStore(*dataFlag, env)
	if errors.Is(err, ErrNoRecords) {
		return noRuns(env, *asJSON, *quiet, empty)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock runs:", err)
		return ExitFailed
	}
	defer db.Close()
	st := db.Tenant(localTenant)
	if _, err := st.ExpireLeases(ctx, outcomeGone); err != nil {
		fmt.Fprintln(env.Stderr, "paddock runs:", err)
		return ExitFailed
	}
	return listRuns(ctx, st, *limit, *asJSON, *quiet, empty, env)
}

// tenantRunsCmd is paddock runs --tenant: a server tenant's tasks, read from the data dir's
// database or from the shared PostgreSQL. It only reads: leases are the server nodes' to expire.
func tenantRunsCmd(ctx context.Context, pos []string, data, database, tenantName string, limit int, asJSON, full, quiet bool, env Env) int {
	if tenantName == "" {
		fmt.Fprintln(env.Stderr, "paddock runs: the shared database holds the server's tasks by tenant: give --tenant NAME (paddock tenant list --database URL lists them); this machine's own runs are in the data dir (paddock runs)")
		return ExitUsage
	}
	show := len(pos) > 0 && pos[0] == "show"
	switch {
	case show && len(pos) != 2:
		fmt.Fprintln(env.Stderr, "paddock runs show: give one task id (paddock runs --tenant T lists them)")
		return ExitUsage
	case !show && len(pos) != 0:
		fmt.Fprintf(env.Stderr, "paddock runs: unexpected %q\n", termtext.OneLine(pos[0], 40))
		return ExitUsage
	case limit < 1:
		fmt.Fprintln(env.Stderr, "paddock runs: --limit must be at least 1")
		return ExitUsage
	}
	var db *store.DB
	var err error
	if databaseURL(database, env) != "" {
		db, _, err = openDatabase(ctx, data, database, env)
	} else {
		var dir string
		db, dir, err = openExistingStore(data, env) // reading creates no database
		if errors.Is(err, ErrNoRecords) {
			fmt.Fprintf(env.Stderr, "paddock runs: no database in %s: give the server's --data-dir, or --database URL for the PostgreSQL its nodes share\n", dir)
			return ExitFailed
		}
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock runs:", err)
		return ExitFailed
	}
	defer db.Close()
	if _, err := db.LookupTenant(ctx, tenantName); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(env.Stderr, "paddock runs: no tenant %q here (paddock tenant list lists them)\n", termtext.OneLine(tenantName, 60))
			return ExitFailed
		}
		fmt.Fprintln(env.Stderr, "paddock runs:", err)
		return ExitFailed
	}
	if show {
		return showRun(ctx, db, tenantName, pos[1], asJSON, full, env)
	}
	return listRuns(ctx, db.Tenant(tenantName), limit, asJSON, quiet, "Tenant "+termtext.OneLine(tenantName, 60)+" has no tasks yet.", env)
}

// noRuns answers a list without runs: nothing with -q, an empty list with --json, else empty.
func noRuns(env Env, asJSON, quiet bool, empty string) int {
	if quiet {
		return ExitOK
	}
	if asJSON {
		return writeJSON(env, map[string]any{"runs": []*store.Task{}, "total": 0})
	}
	fmt.Fprintln(env.Stdout, empty)
	return ExitOK
}

// listRuns prints one scope's newest runs (or tasks) as a table, ids or JSON; empty says there
// are none.
func listRuns(ctx context.Context, st *store.Scope, limit int, asJSON, quiet bool, empty string, env Env) int {
	tasks, total, err := st.Tasks(ctx, limit, 0)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock runs:", err)
		return ExitFailed
	}
	if asJSON {
		return writeJSON(env, map[string]any{"runs": tasks, "total": total})
	}
	if quiet {
		for _, t := range tasks {
			fmt.Fprintln(env.Stdout, t.ID)
		}
		return ExitOK
	}
	if total == 0 {
		return noRuns(env, asJSON, quiet, empty)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tSTARTED\tSTATUS\tSTEPS\tTOKENS\tCOST\tGOAL")
	for _, t := range tasks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", t.ID, t.Created.Local().Format("2006-01-02 15:04"), t.Status, t.Steps,
			count(t.PromptTokens+t.CompletionTokens), listCost(t), termtext.OneLine(t.Goal, 60))
	}
	tw.Flush()
	if total > len(tasks) {
		fmt.Fprintf(env.Stdout, "(%d of %d runs; --limit shows more)\n", len(tasks), total)
	}
	return ExitOK
}

// withStore calls f with the data dir's store, once runs whose process is gone are marked.
func withStore(ctx context.Context, flagValue string, env Env, f func(*store.DB) int) int {
	db, _, err := openExistingStore(flagValue, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}
	defer db.Close()
	if _, err := db.Tenant(localTenant).ExpireLeases(ctx, outcomeGone); err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}
	return f(db)
}

// findRun returns the command line's run whose id is id or, failing that, the one run whose id
// starts with id, however short: "paddock runs show k3" works while no other run starts with k3.
func findRun(ctx context.Context, db *store.DB, tenant, id, cmd string, env Env) (*store.Task, int, bool) {
	shown := termtext.OneLine(id, 40)
	if id == "" {
		fmt.Fprintf(env.Stderr, "%s: give a run id (paddock runs lists them)\n", cmd)
		return nil, ExitUsage, false
	}
	t, err := db.Tenant(tenant).Task(ctx, id)
	if err == nil {
		return t, 0, true
	}
	if !errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitFailed, false
	}
	found, err := db.Backend().TasksByPrefix(ctx, tenant, id, 6)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return nil, ExitFailed, false
	}
	switch len(found) {
	case 0:
		fmt.Fprintf(env.Stderr, "%s: no run %q (paddock runs lists them)\n", cmd, shown)
		return nil, ExitFailed, false
	case 1:
		return found[0], 0, true
	}
	ids := make([]string, 0, len(found))
	for _, t := range found[:min(len(found), 5)] {
		ids = append(ids, t.ID)
	}
	more := ""
	if len(found) > 5 {
		more = ", …"
	}
	fmt.Fprintf(env.Stderr, "%s: %q is the start of several runs (%s%s): give more of the id\n", cmd, shown, strings.Join(ids, ", "), more)
	return nil, ExitUsage, false
}

func showRun(ctx context.Context, db *store.DB, tenant, id string, asJSON, full bool, env Env) int {
	t, code, ok := findRun(ctx, db, tenant, id, "paddock runs show", env)
	if !ok {
		return code
	}
	st := db.Tenant(tenant)
	steps, err := st.Steps(ctx, t.ID)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock runs show:", err)
		return ExitFailed
	}
	if asJSON {
		return writeJSON(env, map[string]any{"run": t, "steps": steps})
	}
	w := env.Stdout
	fmt.Fprintf(w, "Run %s\n", t.ID)
	fmt.Fprintf(w, "  goal       %s\n", termtext.OneLine(t.Goal, 500))
	fmt.Fprintf(w, "  status     %s: %s\n", t.Status, termtext.OneLine(t.Outcome, 500))
	fmt.Fprintf(w, "  model      %s\n", termtext.OneLine(t.Model, 200))
	fmt.Fprintf(w, "  workspace  %s\n", termtext.OneLine(t.Workspace, 500))
	fmt.Fprintf(w, "  started    %s (%s)\n", t.Created.Local().Format(time.DateTime), t.Updated.Sub(t.Created).Round(time.Millisecond))
	fmt.Fprintf(w, "  steps %d · tokens %s (prompt %s, completion %s)\n", t.Steps, count(t.PromptTokens+t.CompletionTokens), count(t.PromptTokens), count(t.CompletionTokens))
	if c := listCost(t); c != "-" {
		fmt.Fprintf(w, "  cost       %s at the model's list price (cached prompt tokens counted at the full price)\n", c)
	}
	if t.Status != store.StatusFinished && t.Status != store.StatusRunning && tenant == localTenant {
		if _, err := st.TaskRun(ctx, t.ID); err == nil {
			fmt.Fprintf(w, "  continue   paddock run --resume %s\n", t.ID)
		}
	}
	fmt.Fprintln(w)
	maxLines, ref := maxOutputLines, t.ID
	if full {
		maxLines, ref = 0, ""
	}
	for _, s := range steps {
		step := fmt.Sprintf("[%d]", s.Turn)
		pad := strings.Repeat(" ", len(step))
		if s.Tool == "" {
			fmt.Fprintf(w, "%s 💭 %s\n", step, termtext.OneLine(s.Output, 300))
			fmt.Fprintf(w, "%s   (no tool call)\n", pad)
			continue
		}
		fmt.Fprintf(w, "%s → %s %s\n", step, termtext.OneLine(s.Tool, 60), termtext.OneLine(compactArgs(s.Arguments), 200))
		fmt.Fprintf(w, "%s   %s", pad, termtext.OneLine(string(s.Decision), 120))
		if s.Feedback != "" {
			fmt.Fprintf(w, " — feedback: %s", termtext.OneLine(s.Feedback, 200))
		}
		fmt.Fprintf(w, " · %s\n", s.Duration.Round(time.Microsecond))
		if s.Error != "" {
			fmt.Fprintf(w, "%s ✗ %s\n", pad, termtext.OneLine(s.Error, 300))
		}
		if s.Output != "" {
			for _, l := range outputLines(pad, s.Output, maxLines, ref) {
				fmt.Fprintln(w, l)
			}
		}
		if s.Flagged {
			fmt.Fprintf(w, "%s ⚠ flagged as a likely prompt injection\n", pad)
		}
	}
	return ExitOK
}

func writeJSON(env Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}
	return ExitOK
}
