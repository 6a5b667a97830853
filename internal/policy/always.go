package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/paddock-dev/paddock/internal/termtext"
)

// SetRulesFile sets the user's rules file, where an "A" answer saves the rule it grants; "" (the
// default) saves nowhere, and "A" is then "a".
func (p *Prompter) SetRulesFile(path string) { p.rulesFile = path }

// suggestFor is Suggest for a call shown by its canonical JSON arguments.
func suggestFor(name, args string) (Rule, bool) {
	var m map[string]any
	if err := json.Unmarshal([]byte(args), &m); err != nil {
		return Rule{}, false
	}
	return Suggest(name, m)
}

// alwaysOffer says what "a" grants for this call: the narrowest sensible rule, named.
func (p *Prompter) alwaysOffer(name, args string) string {
	rule, ok := suggestFor(name, args)
	if !ok {
		return "[a]lways: no rule fits this call, so a runs it this once"
	}
	s := "[a]lways allow " + termtext.OneLine(rule.String(), 160)
	if p.rulesFile != "" {
		s += " ([A]: and save it)"
	}
	return s
}

// saveAlways saves the rule "A" grants to the user's rules file, and says so.
func (p *Prompter) saveAlways(name, args string) {
	rule, ok := suggestFor(name, args)
	if !ok || p.rulesFile == "" {
		return
	}
	if err := SaveRule(p.rulesFile, rule); err != nil {
		fmt.Fprintf(p.out, "   could not save the rule: %s (it holds for this run)\n", termtext.OneLine(err.Error(), 300))
		return
	}
	fmt.Fprintf(p.out, "   saved: allow %s in %s\n", termtext.OneLine(rule.String(), 160), termtext.OneLine(p.rulesFile, 200))
}

// YesNo asks a yes/no question at an interactive terminal; anything but y or yes is no, and so is
// a prompter that reads from a pipe (its lines are the calls' answers, never consumed here).
func (p *Prompter) YesNo(ctx context.Context, question string) (bool, error) {
	if !p.interactive {
		return false, nil
	}
	fmt.Fprintf(p.out, "%s [y/N]: ", question)
	line, err := p.readLine(ctx)
	if errors.Is(err, io.EOF) {
		fmt.Fprintln(p.out)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}
