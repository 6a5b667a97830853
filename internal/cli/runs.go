package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
	"github.com/paddock-dev/paddock/internal/termtext"
)

const runsUsage = `Usage:
  paddock runs [--limit N] [--json]     list recorded runs, newest first
  paddock runs show [--json] ID         show one run step by step (an id prefix of 4+ characters works)

Flags:
`

func sortStrings(s []string) { sort.Strings(s) }

func runsCmd(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("paddock runs", flag.ContinueOnError)
	dataFlag := fs.String("data-dir", "", "where runs are recorded")
	limit := fs.Int("limit", 20, "how many runs to list")
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() { fmt.Fprint(env.Stderr, runsUsage); fs.PrintDefaults() }
	if len(args) > 0 && args[0] == "show" {
		if code, ok := parse(fs, args[1:], env); !ok {
			return code
		}
		if fs.NArg() != 1 {
			fmt.Fprintln(env.Stderr, "paddock runs show: give one run id (paddock runs lists them)")
			return ExitUsage
		}
		return withStore(*dataFlag, env, func(st *store.Scope) int { return showRun(ctx, st, fs.Arg(0), *asJSON, env) })
	}
	if code, ok := parse(fs, args, env); !ok {
		return code
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(env.Stderr, "paddock runs: unexpected %q (did you mean paddock runs show %s?)\n", fs.Arg(0), fs.Arg(0))
		return ExitUsage
	}
	return withStore(*dataFlag, env, func(st *store.Scope) int {
		tasks, total, err := st.Tasks(ctx, *limit, 0)
		if err != nil {
			fmt.Fprintln(env.Stderr, "paddock runs:", err)
			return ExitFailed
		}
		if *asJSON {
			return writeJSON(env, map[string]any{"runs": tasks, "total": total})
		}
		if total == 0 {
			fmt.Fprintln(env.Stdout, `No runs yet. Try: paddock demo`)
			return ExitOK
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTARTED\tSTATUS\tSTEPS\tTOKENS\tGOAL")
		for _, t := range tasks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", t.ID, t.Created.Local().Format("2006-01-02 15:04"), t.Status, t.Steps,
				count(t.PromptTokens+t.CompletionTokens), termtext.OneLine(t.Goal, 60))
		}
		tw.Flush()
		if total > len(tasks) {
			fmt.Fprintf(env.Stdout, "(%d of %d runs; --limit shows more)\n", len(tasks), total)
		}
		return ExitOK
	})
}

// withStore calls f with the command line's runs (the tenant "local") in the data dir.
func withStore(flagValue string, env Env, f func(*store.Scope) int) int {
	db, _, err := openStore(flagValue, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock:", err)
		return ExitFailed
	}
	defer db.Close()
	return f(db.Tenant(localTenant))
}

func showRun(ctx context.Context, st *store.Scope, id string, asJSON bool, env Env) int {
	t, err := st.FindTask(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(env.Stderr, "paddock runs show: no run %q (paddock runs lists them)\n", termtext.OneLine(id, 40))
		return ExitFailed
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "paddock runs show:", err)
		return ExitFailed
	}
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
	fmt.Fprintf(w, "  steps %d · tokens %s (prompt %s, completion %s)\n\n", t.Steps, count(t.PromptTokens+t.CompletionTokens), count(t.PromptTokens), count(t.CompletionTokens))
	for _, s := range steps {
		name := s.Tool
		if name == "" {
			name = "(no tool call)"
		}
		fmt.Fprintf(w, "[%d] %s %s\n", s.Turn, termtext.OneLine(name, 60), termtext.OneLine(compactArgs(s.Arguments), 200))
		fmt.Fprintf(w, "    decision: %s", termtext.OneLine(string(s.Decision), 120))
		if s.Feedback != "" {
			fmt.Fprintf(w, " — feedback: %s", termtext.OneLine(s.Feedback, 200))
		}
		fmt.Fprintf(w, " · %s\n", s.Duration.Round(time.Microsecond))
		if s.Error != "" {
			fmt.Fprintf(w, "    error: %s\n", termtext.OneLine(s.Error, 300))
		}
		if s.Output != "" {
			fmt.Fprintf(w, "    output: %s\n", termtext.OneLine(s.Output, 300))
		}
		if s.Flagged {
			fmt.Fprintln(w, "    ⚠ flagged as a likely prompt injection")
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
