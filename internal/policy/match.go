package policy

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/idna"

	"github.com/paddock-dev/paddock/internal/workspace"
)

// Subject is which argument of a tool a rule's pattern matches, and how.
type Subject int

// The subjects.
const (
	// SubjectNone: paddock does not know the tool's arguments (an MCP tool); only TOOL and TOOL(*) rules.
	SubjectNone Subject = iota
	// SubjectCommand: a command line or a program, matched exactly or with * that never spans ; & | ( ) < > ` or a line break.
	SubjectCommand
	// SubjectPath: a workspace path, cleaned, matched as a glob (* within a folder, ** across folders).
	SubjectPath
	// SubjectURL: a URL: scheme, host (normalised) and path glob.
	SubjectURL
	// SubjectPathOrURL: download_file: a pattern with :// matches its url, any other its filename.
	SubjectPathOrURL
	// SubjectText: a free text (a search query), matched as a glob.
	SubjectText
)

// subjectArg names the argument a tool's rules match. Tools not listed have SubjectNone.
var subjectArg = map[string]string{
	"execute_shell":       "command_line",
	"execute_python_code": "code",
	"write_file":          "filename",
	"read_file":           "filename",
	"list_folder":         "folder",
	"read_webpage":        "url",
	"download_file":       "filename", // or url, for a pattern with ://
	"web_search":          "query",
}

// SubjectOf returns how rules for the named tool match its calls.
func SubjectOf(tool string) Subject {
	switch tool {
	case "execute_shell", "execute_python_code":
		return SubjectCommand
	case "write_file", "read_file", "list_folder":
		return SubjectPath
	case "read_webpage":
		return SubjectURL
	case "download_file":
		return SubjectPathOrURL
	case "web_search":
		return SubjectText
	}
	return SubjectNone
}

// maxStars bounds the wildcards of one pattern, so matching stays linear in practice.
const maxStars = 32

// maxSubject bounds the text a pattern is matched against: a longer command, URL or query never
// matches an allow rule and matches every deny and ask rule of its tool (fail closed).
const maxSubject = 64 << 10

// ---- commands ----

// isCommandSep reports whether c separates or nests commands in a shell: a wildcard never spans
// one, so "echo *" cannot allow "echo hi; rm -rf ~" or "echo $(curl evil)".
func isCommandSep(c byte) bool {
	switch c {
	case ';', '&', '|', '\n', '\r', '`', '(', ')', '<', '>', 0:
		return true
	}
	return false
}

// matchCommand matches a command line against a pattern. A pattern is literal text in which *
// stands for any run of characters without a separator (isCommandSep); a pattern ending in " *"
// also matches the command without arguments ("git status *" matches "git status"). The whole
// command must match. When loose (deny and ask rules), the pattern also matches when any single
// command within a compound one matches, after quotes and leading VAR=value assignments are
// dropped — deny rules on commands narrow what runs; the sandbox is what contains it.
func matchCommand(pattern, cmd string, strict bool) bool {
	return matchCommandIn(pattern, cmd, strict, nil)
}

// matchCommandIn is matchCommand with the loose spellings of cmd (looseSpellings) computed once
// for all the rules a call is matched against: spellings, when not nil, returns them.
func matchCommandIn(pattern, cmd string, strict bool, spellings func() []string) bool {
	if len(cmd) > maxSubject {
		return !strict
	}
	cmd = strings.TrimSpace(cmd)
	base, spaced := strings.CutSuffix(pattern, " *")
	if globSep(pattern, cmd, isCommandSep) || (spaced && cmd == base) {
		return true
	}
	if strict {
		return false
	}
	var vs []string
	if spellings != nil {
		vs = spellings()
	} else {
		vs = looseSpellings(cmd)
	}
	for _, v := range vs {
		if (spaced && v == base) || globSep(pattern, v, isCommandSep) {
			return true
		}
	}
	return false
}

// looseSpellings are the spellings of every simple command within cmd that deny and ask rules
// are matched against.
func looseSpellings(cmd string) []string {
	var out []string
	for _, part := range splitCommand(strings.TrimSpace(cmd)) {
		out = append(out, commandVariants(part)...)
	}
	return out
}

// splitCommand returns the simple commands of a compound command line, trimmed.
func splitCommand(cmd string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(cmd); i++ {
		if i == len(cmd) || isCommandSep(cmd[i]) || cmd[i] == '{' || cmd[i] == '}' || cmd[i] == '$' {
			if p := strings.TrimSpace(cmd[start:i]); p != "" {
				out = append(out, p)
			}
			start = i + 1
		}
	}
	return out
}

// commandVariants are the spellings of one simple command a loose match also tries: with runs of
// blanks made one space, quotes and backslashes dropped, and leading VAR=value words and common
// wrappers (env, command, exec, sudo, nohup, time) removed.
func commandVariants(part string) []string {
	fields := strings.Fields(part)
	unq := unquote.Replace(part)
	ufields := strings.Fields(unq)
	out := []string{part, strings.Join(fields, " "), strings.Join(ufields, " ")}
	for len(ufields) > 0 {
		f := ufields[0]
		if eq := strings.IndexByte(f, '='); eq > 0 && !strings.ContainsAny(f[:eq], "/-") {
			ufields = ufields[1:]
			continue
		}
		switch f {
		case "env", "command", "exec", "sudo", "nohup", "time", "builtin", "nice":
			ufields = ufields[1:]
			continue
		}
		break
	}
	out = append(out, strings.Join(ufields, " "))
	if len(ufields) > 0 {
		// A program named by its path: /bin/rm is rm.
		ufields[0] = path.Base(ufields[0])
		out = append(out, strings.Join(ufields, " "))
	}
	return out
}

// unquote drops the quotes and backslashes a shell removes.
var unquote = strings.NewReplacer(`"`, "", `'`, "", `\`, "")

// globSep matches s against pattern, where * stands for any run of bytes none of which is a
// separator. It runs in O(len(pattern pieces) × len(s)) steps, with no backtracking blow-up.
func globSep(pattern, s string, sep func(byte) bool) bool {
	noSep := func(t string) bool {
		for i := 0; sep != nil && i < len(t); i++ {
			if sep(t[i]) {
				return false
			}
		}
		return true
	}
	switch strings.Count(pattern, "*") {
	case 0:
		return pattern == s
	case 1:
		// The common shapes, without allocating: PREFIX*, *SUFFIX, PREFIX*SUFFIX.
		pre, suf, _ := strings.Cut(pattern, "*")
		return len(s) >= len(pre)+len(suf) && strings.HasPrefix(s, pre) && strings.HasSuffix(s, suf) &&
			noSep(s[len(pre):len(s)-len(suf)])
	}
	return globPieces(pattern, s, sep)
}

// globPieces is globSep for any number of wildcards.
func globPieces(pattern, s string, sep func(byte) bool) bool {
	pieces := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, pieces[0]) {
		return false
	}
	if len(pieces) == 1 {
		return s == pieces[0]
	}
	reach := make([]bool, len(s)+1)
	reach[len(pieces[0])] = true
	next := make([]bool, len(s)+1)
	for k, p := range pieces[1:] {
		clear(next)
		open, any := false, false
		last := k == len(pieces)-2
		for i := 0; i <= len(s); i++ {
			if reach[i] {
				open = true
			}
			if open {
				if last {
					// The last piece must end the string.
					if len(s)-i == len(p) && s[i:] == p {
						next[len(s)] = true
						any = true
					}
				} else if strings.HasPrefix(s[i:], p) {
					next[i+len(p)] = true
					any = true
				}
			}
			if i < len(s) && sep != nil && sep(s[i]) {
				open = false
			}
		}
		if !any {
			return false
		}
		reach, next = next, reach
	}
	return reach[len(s)]
}

// matchText matches a free text against a glob in which * stands for anything.
func matchText(pattern, s string, strict bool) bool {
	if len(s) > maxSubject {
		return !strict
	}
	return globSep(pattern, s, nil)
}

// ---- workspace paths ----

// checkPathPattern checks a path pattern: relative to the workspace, no "..", each segment a valid
// glob (path.Match syntax) or **.
func checkPathPattern(p string) error {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || strings.HasPrefix(p, "~") {
		return fmt.Errorf("a path pattern is relative to the workspace; %q is not", p)
	}
	if strings.Count(p, "*") > maxStars {
		return fmt.Errorf("more than %d wildcards", maxStars)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return errors.New(`a path pattern cannot climb out of the workspace with ".."`)
		}
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("segment %q: %w", seg, err)
		}
	}
	return nil
}

// matchPath matches a model-supplied workspace path against a glob, after cleaning the path the
// way the workspace does (a path the workspace would refuse — absolute, climbing out — matches no
// rule). In the pattern, * and ? stay within a folder, ** spans any number of folders (none
// included), and a pattern without "/" matches the last element at any depth (as .gitignore does:
// *.zip matches dl/a.zip; ./notes.txt is only the one at the top). When loose (deny and ask rules) case is ignored, so a deny rule holds on
// a case-insensitive file system too.
func matchPath(pattern, name string, strict bool) bool {
	clean, err := workspace.Clean(name)
	if err != nil {
		return false
	}
	anchored := strings.Contains(pattern, "/")
	pattern = path.Clean(pattern)
	if !strict {
		pattern, clean = strings.ToLower(pattern), strings.ToLower(clean)
	}
	if !anchored && pattern != "**" {
		return globSegment(pattern, path.Base(clean))
	}
	return matchSegments(strings.Split(pattern, "/"), strings.Split(clean, "/"))
}

func globSegment(pattern, seg string) bool {
	ok, err := path.Match(pattern, seg)
	return err == nil && ok
}

// matchSegments matches path segments against pattern segments, ** standing for zero or more
// segments; a table over (pattern, name) positions keeps it polynomial.
func matchSegments(pat, name []string) bool {
	// m[i][j]: pat[i:] matches name[j:].
	m := make([][]bool, len(pat)+1)
	for i := range m {
		m[i] = make([]bool, len(name)+1)
	}
	m[len(pat)][len(name)] = true
	for i := len(pat) - 1; i >= 0; i-- {
		for j := len(name); j >= 0; j-- {
			if pat[i] == "**" {
				m[i][j] = m[i+1][j] || (j < len(name) && m[i][j+1])
			} else {
				m[i][j] = j < len(name) && globSegment(pat[i], name[j]) && m[i+1][j+1]
			}
		}
	}
	return m[0][0]
}

// ---- URLs ----

// urlPattern is a parsed URL pattern: [SCHEME://]HOST[:PORT][/PATH], where HOST may be *, or
// *.DOMAIN for DOMAIN's subdomains, and PATH is a glob in which * stands for anything.
type urlPattern struct {
	scheme string // "" for http and https
	host   string // normalised; "*" for any
	wild   bool   // host is *.DOMAIN: host holds DOMAIN
	port   string // "" for the scheme's default
	path   string // "" for any
}

func parseURLPattern(p string) (*urlPattern, error) {
	if strings.Count(p, "*") > maxStars {
		return nil, fmt.Errorf("more than %d wildcards", maxStars)
	}
	out := &urlPattern{}
	rest := p
	if s, r, ok := strings.Cut(p, "://"); ok {
		s = strings.ToLower(s)
		if s != "http" && s != "https" {
			return nil, fmt.Errorf("scheme %q: the web tools speak http and https only", s)
		}
		out.scheme, rest = s, r
	}
	hostport, pth, hasPath := strings.Cut(rest, "/")
	if hasPath {
		dec, err := url.PathUnescape("/" + pth)
		if err != nil {
			return nil, fmt.Errorf("path: %w", err)
		}
		out.path = dec
		if out.path == "/*" {
			out.path = ""
		}
	}
	if strings.Contains(hostport, "@") {
		return nil, errors.New("a URL pattern names a host, never user info (user@host)")
	}
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.Index(hostport, "]")
		if end < 0 {
			return nil, errors.New("unclosed [ in an IPv6 host")
		}
		host, port = hostport[1:end], strings.TrimPrefix(hostport[end+1:], ":")
	} else if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		host, port = hostport[:i], hostport[i+1:]
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("port %q is not a port number", port)
		}
		out.port = strconv.Itoa(n)
		if out.port == defaultPort(out.scheme) {
			out.port = ""
		}
	}
	switch {
	case host == "*":
		out.host = "*"
	case strings.HasPrefix(host, "*."):
		h, ok := normHost(host[2:], true)
		if !ok || strings.Contains(h, "*") {
			return nil, fmt.Errorf("host %q is not a host name", host)
		}
		out.host, out.wild = h, true
	case host == "":
		return nil, errors.New("no host; write e.g. https://docs.python.org/* or *.example.com")
	default:
		h, ok := normHost(host, true)
		if !ok || strings.Contains(h, "*") {
			return nil, fmt.Errorf("host %q is not a host name (a wildcard may only open it: *.example.com)", host)
		}
		out.host = h
	}
	return out, nil
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// match reports whether a model-supplied URL matches (see matchURL).
func (p *urlPattern) match(raw string, strict bool) bool {
	return p.matchURL(parseSubjectURL(raw), strict)
}

// subjectURL is a model-supplied URL, parsed and normalised once for every rule it meets.
type subjectURL struct {
	tooLong, bad bool
	scheme, port string
	user         bool
	host         string // normalised strictly; "" when that fails
	looseHost    string // normalised loosely; "" when that fails
	oddPath      bool   // encoded slashes or backslashes in the path
	path         string // decoded, cleaned, trailing slash kept
}

func parseSubjectURL(raw string) *subjectURL {
	if len(raw) > maxSubject {
		return &subjectURL{tooLong: true}
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Opaque != "" || u.Host == "" {
		return &subjectURL{bad: true}
	}
	su := &subjectURL{scheme: strings.ToLower(u.Scheme), user: u.User != nil, port: u.Port()}
	if su.scheme != "http" && su.scheme != "https" {
		return &subjectURL{bad: true}
	}
	if su.port == defaultPort(su.scheme) {
		su.port = ""
	}
	if h, ok := normHost(u.Hostname(), true); ok {
		su.host = h
	}
	if h, ok := normHost(u.Hostname(), false); ok {
		su.looseHost = h
	}
	low := strings.ToLower(u.EscapedPath())
	su.oddPath = strings.Contains(low, "%2f") || strings.Contains(low, "%5c") || strings.Contains(u.Path, `\`)
	pth := u.Path
	if pth == "" {
		pth = "/"
	}
	su.path = path.Clean(pth)
	if strings.HasSuffix(pth, "/") && su.path != "/" {
		su.path += "/"
	}
	return su
}

// matchURL reports whether a parsed URL matches. The URL's host is compared after
// normalisation (case, trailing dots, IDNA, percent-encoding, IPv6 and IPv4 spellings); its path
// after decoding and cleaning "." and ".." segments; query and fragment are not matched. Strict
// (allow) matching refuses what could mean two things: user info, encoded slashes or backslashes
// in the path, a host that does not normalise.
func (p *urlPattern) matchURL(u *subjectURL, strict bool) bool {
	if u.tooLong {
		return !strict
	}
	if u.bad || (strict && u.user) || (p.scheme != "" && p.scheme != u.scheme) {
		return false
	}
	if u.port != p.port && !(p.host == "*" && p.port == "") {
		return false
	}
	host := u.host
	if !strict {
		host = u.looseHost
	}
	switch {
	case host == "":
		return false
	case p.host == "*":
	case p.wild:
		if !strings.HasSuffix(host, "."+p.host) {
			return false
		}
	default:
		if host != p.host {
			return false
		}
	}
	if p.path == "" {
		return true
	}
	if strict && u.oddPath {
		return false
	}
	return globSep(p.path, u.path, nil)
}

// normHost returns a host name in the one form rules compare: lower case, without trailing dots,
// IDNA A-labels (xn--), an IP address in its canonical form (IPv4-mapped IPv6 unmapped, odd IPv4
// spellings such as 2130706433 or 0x7f.1 made dotted quads). ok is false for what is not a host.
// When loose, a name IDNA refuses is still compared, lower-cased.
func normHost(h string, strict bool) (string, bool) {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	for strings.HasSuffix(h, ".") {
		h = strings.TrimSuffix(h, ".")
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if h == "" {
		return "", false
	}
	if a, err := netip.ParseAddr(h); err == nil {
		if a.Zone() != "" {
			return "", false
		}
		return a.Unmap().String(), true
	}
	if a, ok := oddIPv4(h); ok {
		return a.String(), true
	}
	if strings.ContainsAny(h, "%/\\@ \t") {
		return "", false
	}
	if strings.Contains(h, "*") {
		return h, true // only in patterns, which check for it
	}
	a, err := idna.Lookup.ToASCII(h)
	if err != nil {
		if strict {
			return "", false
		}
		return h, true
	}
	return strings.TrimSuffix(a, "."), true
}

// oddIPv4 reads the IPv4 spellings that resolvers accept besides the dotted quad: one to four
// parts, each decimal, octal (leading 0) or hexadecimal (0x), the last filling the remaining bytes.
func oddIPv4(h string) (netip.Addr, bool) {
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	vals := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" {
			return netip.Addr{}, false
		}
		base, digits := 10, p
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			base, digits = 16, p[2:]
		case len(p) > 1 && p[0] == '0':
			base, digits = 8, p[1:]
		}
		if digits == "" {
			if base == 16 {
				return netip.Addr{}, false
			}
			digits = "0"
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	var n uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		n |= v << (8 * (3 - i))
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*(5-len(vals))) {
		return netip.Addr{}, false
	}
	n |= last
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}
