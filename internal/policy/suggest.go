package policy

import (
	"net/url"
	"path"
	"strings"

	"github.com/paddock-dev/paddock/internal/workspace"
)

// maxSuggested bounds a command turned into an exact rule; a longer one is approved once.
const maxSuggested = 300

// Suggest returns the narrowest sensible allow rule for calls like this one, which an "a" answer
// grants: the exact command line; the file's folder (src/** for src/a.go, ./notes.txt for a file
// at the top); the URL's scheme and host (https://docs.python.org/*); the whole tool for tools
// whose arguments paddock does not match. ok is false when no rule can say it (a command with a
// line break, a path with glob characters): then the answer approves this call only.
func Suggest(name string, args map[string]any) (rule Rule, ok bool) {
	mk := func(pattern string) (Rule, bool) {
		text := name
		if pattern != "" {
			text += "(" + pattern + ")"
		}
		r, err := ParseRule(EffectAllow, text, "your answer")
		return r, err == nil
	}
	switch SubjectOf(name) {
	case SubjectCommand:
		s, _ := stringArg(args, subjectArg[name])
		s = strings.TrimSpace(s)
		if s == "" || len(s) > maxSuggested || strings.ContainsAny(s, "\n\r\x00*") {
			return Rule{}, false
		}
		return mk(s)
	case SubjectPath:
		s, _ := stringArg(args, subjectArg[name])
		return pathRule(mk, s, name == "list_folder")
	case SubjectURL, SubjectPathOrURL:
		s, _ := stringArg(args, "url")
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return Rule{}, false
		}
		host, ok := normHost(u.Hostname(), true)
		if !ok {
			return Rule{}, false
		}
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		if p := u.Port(); p != "" && p != defaultPort(u.Scheme) {
			host += ":" + p
		}
		return mk(u.Scheme + "://" + host + "/*")
	}
	return mk("")
}

// pathRule is the folder of a workspace path (its contents at any depth), or the file itself when
// it sits at the top of the workspace; for a folder listing, the folder.
func pathRule(mk func(string) (Rule, bool), name string, folder bool) (Rule, bool) {
	clean, err := workspace.Clean(name)
	if err != nil || strings.ContainsAny(clean, `*?[]\`) {
		return Rule{}, false
	}
	switch {
	case folder && clean == ".":
		return mk("")
	case folder:
		return mk(clean + "/**")
	case !strings.Contains(clean, "/"):
		return mk("./" + clean)
	}
	return mk(path.Dir(clean) + "/**")
}
