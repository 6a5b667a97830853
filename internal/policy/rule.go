package policy

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrBadRule wraps every rule that does not parse.
var ErrBadRule = errors.New("bad rule")

// Effect is what a matching rule decides: allow, ask or deny.
type Effect string

// The effects, in the order they win: a matching deny rule beats ask, ask beats allow.
const (
	EffectAllow Effect = "allow"
	EffectAsk   Effect = "ask"
	EffectDeny  Effect = "deny"
)

// maxRuleLen bounds a rule's text: a rule is written by a person, not generated.
const maxRuleLen = 4096

// Rule is one TOOL(PATTERN) rule: it matches the calls of TOOL (any tool for "*") whose argument
// that matters for the tool's kind matches PATTERN (see [Subject]). "TOOL" and "TOOL(*)" match
// every call of the tool.
//
// Rules are values parsed from text; they are never built by pasting strings together, so nothing
// in a tool call can change what a rule says.
type Rule struct {
	Effect Effect
	// Tool is a tool name, or "*" for every tool.
	Tool string
	// Pattern is what the rule's argument must match; "" matches every call of Tool.
	Pattern string
	// Source says where the rule came from: "--allow", "the user file", "tenant acme", ...
	Source  string
	subject Subject
	url     *urlPattern // for URL subjects
}

// String returns the rule as written: TOOL or TOOL(PATTERN).
func (r Rule) String() string {
	if r.Pattern == "" {
		return r.Tool
	}
	return r.Tool + "(" + r.Pattern + ")"
}

// Describe returns the rule with its effect and source, as a decision records it:
// `deny write_file(secret/**) (from --deny)`.
func (r Rule) Describe() string {
	s := string(r.Effect) + " " + r.String()
	if r.Source != "" {
		s += " (from " + r.Source + ")"
	}
	return s
}

// ParseRule parses one rule written as TOOL or TOOL(PATTERN) with the given effect and source.
// A pattern for a tool whose arguments paddock does not know how to match is an error unless it is
// "*": such a rule could not mean what its author thinks.
func ParseRule(effect Effect, text, source string) (Rule, error) {
	switch effect {
	case EffectAllow, EffectAsk, EffectDeny:
	default:
		return Rule{}, fmt.Errorf("%w: unknown effect %q (allow, ask or deny)", ErrBadRule, effect)
	}
	bad := func(format string, a ...any) (Rule, error) {
		return Rule{}, fmt.Errorf("%w %q: %s", ErrBadRule, clip(text, 80), fmt.Sprintf(format, a...))
	}
	if len(text) > maxRuleLen {
		return bad("longer than %d bytes", maxRuleLen)
	}
	if !utf8.ValidString(text) {
		return bad("not valid UTF-8")
	}
	t := strings.TrimSpace(text)
	if t == "" {
		return bad("empty; write TOOL or TOOL(PATTERN), e.g. execute_shell(npm test*)")
	}
	name, pattern, hasPattern := strings.Cut(t, "(")
	name = strings.TrimSpace(name)
	if hasPattern {
		if !strings.HasSuffix(pattern, ")") {
			return bad("no closing parenthesis; write TOOL(PATTERN)")
		}
		pattern = pattern[:len(pattern)-1]
		if strings.TrimSpace(pattern) == "" {
			return bad("empty pattern; write TOOL(*) or TOOL for every call of the tool")
		}
	}
	if name == "" {
		return bad("no tool name before the pattern")
	}
	if name != "*" && !validToolName(name) {
		return bad("%q is not a tool name (letters, digits, _ and - only, or * for every tool)", name)
	}
	for _, r := range pattern {
		if r == '\n' || r == '\r' || r == 0 {
			return bad("the pattern holds a line break or NUL")
		}
	}
	if pattern == "*" {
		pattern = ""
	}
	rule := Rule{Effect: effect, Tool: name, Pattern: pattern, Source: source, subject: SubjectOf(name)}
	if pattern == "" {
		return rule, nil
	}
	if name == "*" {
		return bad("a pattern needs a tool: the tools match different arguments (write e.g. write_file(%s))", pattern)
	}
	if strings.Count(pattern, "*") > maxStars {
		return bad("more than %d wildcards", maxStars)
	}
	switch rule.subject {
	case SubjectNone:
		return bad("paddock does not know which argument of %s to match; write %s or %s(*) for every call of it", name, name, name)
	case SubjectPath:
		if err := checkPathPattern(pattern); err != nil {
			return bad("%v", err)
		}
	case SubjectURL:
		u, err := parseURLPattern(pattern)
		if err != nil {
			return bad("%v", err)
		}
		rule.url = u
	case SubjectPathOrURL:
		if strings.Contains(pattern, "://") {
			u, err := parseURLPattern(pattern)
			if err != nil {
				return bad("%v", err)
			}
			rule.url = u
		} else if err := checkPathPattern(pattern); err != nil {
			return bad("%v", err)
		}
	}
	return rule, nil
}

func validToolName(s string) bool {
	if len(s) > 128 {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// RuleSet is the rules of one run, from every source, in three lists.
type RuleSet struct {
	Allow, Ask, Deny []Rule
}

// Add appends r to the list of its effect.
func (s *RuleSet) Add(r Rule) {
	switch r.Effect {
	case EffectAllow:
		s.Allow = append(s.Allow, r)
	case EffectAsk:
		s.Ask = append(s.Ask, r)
	case EffectDeny:
		s.Deny = append(s.Deny, r)
	}
}

// Merge appends every rule of o.
func (s *RuleSet) Merge(o RuleSet) {
	s.Allow = append(s.Allow, o.Allow...)
	s.Ask = append(s.Ask, o.Ask...)
	s.Deny = append(s.Deny, o.Deny...)
}

// Len returns the number of rules.
func (s RuleSet) Len() int { return len(s.Allow) + len(s.Ask) + len(s.Deny) }

// ParseRules parses texts as rules of one effect and source.
func ParseRules(effect Effect, texts []string, source string) ([]Rule, error) {
	var out []Rule
	for _, t := range texts {
		r, err := ParseRule(effect, t, source)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Texts returns the rules as written, in order.
func Texts(rs []Rule) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.String())
	}
	return out
}

// Match returns the first rule of rs that matches the call of tool name with the parsed args, and
// whether one did. Deny and ask rules match conservatively (any part of a compound command, a
// path without regard to case); allow rules match only what they plainly say.
func Match(rs []Rule, name string, args map[string]any) (Rule, bool) {
	c := &callSubject{args: args, arg: subjectArg[name]}
	for _, r := range rs {
		if r.matches(name, args, c) {
			return r, true
		}
	}
	return Rule{}, false
}

// callSubject holds what is derived from a call's argument once for all the rules it meets: the
// loose spellings of a command, a parsed URL.
type callSubject struct {
	args      map[string]any
	arg       string
	spellings []string
	spelled   bool
	url       *subjectURL
}

func (c *callSubject) loose() []string {
	if !c.spelled {
		s, _ := stringArg(c.args, c.arg)
		c.spellings, c.spelled = looseSpellings(s), true
	}
	return c.spellings
}

func (c *callSubject) parsedURL(key string) (*subjectURL, bool) {
	if c.url == nil {
		s, ok := stringArg(c.args, key)
		if !ok {
			return nil, false
		}
		c.url = parseSubjectURL(s)
	}
	return c.url, true
}

func (r Rule) matches(name string, args map[string]any, c *callSubject) bool {
	if r.Tool != "*" && r.Tool != name {
		return false
	}
	if r.Pattern == "" {
		return true
	}
	strict := r.Effect == EffectAllow
	switch r.subject {
	case SubjectCommand:
		s, ok := stringArg(args, subjectArg[r.Tool])
		return ok && matchCommandIn(r.Pattern, s, strict, c.loose)
	case SubjectPath:
		s, ok := stringArg(args, subjectArg[r.Tool])
		return ok && matchPath(r.Pattern, s, strict)
	case SubjectURL:
		u, ok := c.parsedURL(subjectArg[r.Tool])
		return ok && r.url.matchURL(u, strict)
	case SubjectPathOrURL:
		if r.url != nil {
			u, ok := c.parsedURL("url")
			return ok && r.url.matchURL(u, strict)
		}
		s, ok := stringArg(args, "filename")
		return ok && matchPath(r.Pattern, s, strict)
	case SubjectText:
		s, ok := stringArg(args, subjectArg[r.Tool])
		return ok && matchText(r.Pattern, s, strict)
	}
	return false
}

func stringArg(args map[string]any, key string) (string, bool) {
	v, ok := args[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	return s, ok
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
