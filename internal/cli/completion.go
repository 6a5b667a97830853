package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/paddock-dev/paddock/internal/sandbox"
)

const completionUsage = `Usage: paddock completion bash|zsh|fish

Prints a script that completes paddock's commands and flags in your shell:
  bash:  source <(paddock completion bash)        (or save it in ~/.local/share/bash-completion/completions/paddock)
  zsh:   source <(paddock completion zsh)         (after compinit; or save it as _paddock in your $fpath)
  fish:  paddock completion fish > ~/.config/fish/completions/paddock.fish
`

// completionCommand is one command with the flags its completion offers.
type completionCommand struct {
	name, help string
	flags      *flag.FlagSet // nil: none
	subs       []string      // subcommands
}

// completionCommands lists the commands; flags come from the commands' own flag sets, so a new
// flag is completed without touching this file.
func completionCommands() []completionCommand {
	var ro runOptions
	run := runFlags(&ro)
	runs := flag.NewFlagSet("runs", flag.ContinueOnError)
	runs.String("data-dir", "", "where runs are recorded")
	runs.Int("limit", 20, "how many runs to list")
	runs.Bool("json", false, "print JSON")
	runs.Bool("full", false, "show every output in full")
	demo := flag.NewFlagSet("demo", flag.ContinueOnError)
	demo.String("data-dir", "", "where the demo run is recorded")
	demo.Bool("json", false, "print events as JSON lines")
	var sc sandbox.Config
	sb := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	sandboxFlags(sb, &sc)
	return []completionCommand{
		{name: "run", help: "start an agent on a goal", flags: run},
		{name: "runs", help: "list recorded runs, or show one", flags: runs, subs: []string{"show"}},
		{name: "demo", help: "watch a scripted model drive the real runtime", flags: demo},
		{name: "sandbox", help: "run one command in the sandbox", flags: sb},
		{name: "check", help: "test this machine's containment"},
		{name: "scan", help: "screen text for prompt injection and secrets"},
		{name: "guard", help: "measure the injection detector", subs: []string{"eval"}},
		{name: "serve", help: "serve the Agent Protocol API"},
		{name: "mcp", help: "serve the contained tools to an MCP client"},
		{name: "tenant", help: "manage tenants", subs: []string{"create", "list"}},
		{name: "key", help: "manage API keys", subs: []string{"create", "list", "revoke"}},
		{name: "ap", help: "a small Agent Protocol client", subs: []string{"task", "step", "artifacts"}},
		{name: "audit", help: "check the audit log", subs: []string{"verify"}},
		{name: "version", help: "print the version"},
		{name: "completion", help: "print a shell completion script", subs: []string{"bash", "zsh", "fish"}},
		{name: "help", help: "explain the commands"},
	}
}

// flagNames returns a flag set's flags as --name, sorted.
func flagNames(fs *flag.FlagSet) []string {
	if fs == nil {
		return nil
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, "--"+f.Name) })
	sort.Strings(names)
	return names
}

func completionCmd(args []string, env Env) int {
	if len(args) != 1 {
		fmt.Fprint(env.Stderr, completionUsage)
		return ExitUsage
	}
	cmds := completionCommands()
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(env.Stdout, completionUsage)
	case "bash":
		bashCompletion(env.Stdout, cmds)
	case "zsh":
		zshCompletion(env.Stdout, cmds)
	case "fish":
		fishCompletion(env.Stdout, cmds)
	default:
		fmt.Fprintf(env.Stderr, "paddock completion: unknown shell %q (bash, zsh or fish)\n", args[0])
		return ExitUsage
	}
	return ExitOK
}

func commandNames(cmds []completionCommand) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.name)
	}
	return strings.Join(names, " ")
}

func bashCompletion(w io.Writer, cmds []completionCommand) {
	fmt.Fprintf(w, `# bash completion for paddock (paddock completion bash)
_paddock() {
	local cur=${COMP_WORDS[COMP_CWORD]} words=""
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W %q -- "$cur"))
		return
	fi
	case ${COMP_WORDS[1]} in
`, commandNames(cmds))
	for _, c := range cmds {
		fmt.Fprintf(w, "\t%s) words=%q ;;\n", c.name, strings.Join(append(append([]string{}, c.subs...), flagNames(c.flags)...), " "))
	}
	fmt.Fprint(w, `	esac
	if [[ $cur == -* || $COMP_CWORD -eq 2 && -n $words ]]; then
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	fi
	if [ ${#COMPREPLY[@]} -eq 0 ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _paddock paddock
`)
}

func zshCompletion(w io.Writer, cmds []completionCommand) {
	fmt.Fprint(w, "#compdef paddock\n# zsh completion for paddock (paddock completion zsh)\n_paddock() {\n\tlocal -a cmds words_\n\tcmds=(\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "\t\t%s\n", zshQuote(c.name+":"+c.help))
	}
	fmt.Fprint(w, "\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe 'command' cmds\n\t\treturn\n\tfi\n\tcase $words[2] in\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "\t%s) words_=(%s) ;;\n", c.name, strings.Join(append(append([]string{}, c.subs...), flagNames(c.flags)...), " "))
	}
	fmt.Fprint(w, "\tesac\n\tif [[ $PREFIX == -* ]] || (( CURRENT == 3 && ${#words_} > 0 )); then\n\t\tcompadd -- $words_\n\telse\n\t\t_files\n\tfi\n}\nif (( $+functions[compdef] )); then compdef _paddock paddock; fi\n")
}

func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func fishCompletion(w io.Writer, cmds []completionCommand) {
	fmt.Fprintln(w, "# fish completion for paddock (paddock completion fish)")
	fmt.Fprintf(w, "complete -c paddock -f -n __fish_use_subcommand -a %s\n", zshQuote(commandNames(cmds)))
	for _, c := range cmds {
		fmt.Fprintf(w, "complete -c paddock -f -n '__fish_use_subcommand' -a %s -d %s\n", c.name, zshQuote(c.help))
		for _, s := range c.subs {
			fmt.Fprintf(w, "complete -c paddock -f -n '__fish_seen_subcommand_from %s' -a %s\n", c.name, s)
		}
		if c.flags == nil {
			continue
		}
		c.flags.VisitAll(func(f *flag.Flag) {
			_, usage := flag.UnquoteUsage(f)
			if i := strings.IndexAny(usage, "(;"); i > 0 {
				usage = strings.TrimSpace(usage[:i])
			}
			fmt.Fprintf(w, "complete -c paddock -n '__fish_seen_subcommand_from %s' -l %s -d %s\n", c.name, f.Name, zshQuote(usage))
		})
	}
}
