package web

import (
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/html"

	"github.com/paddock-dev/paddock/internal/egress"
)

// Limits of the NeutraliseLinks scanner; they keep it linear on hostile input.
const (
	maxDestLen = 2048 // a link destination or title
	maxTagLen  = 8192 // one HTML tag
	maxURLLen  = 8192 // a URL in running text; a longer one is removed in parts
)

// NeutraliseLinks rewrites the images and links in text (the agent's own output: a finish reason,
// a file shown to a user) that point to hosts the policy does not allow into inert text, so that
// rendering text cannot fetch anything from those hosts (zero-click exfiltration through image
// URLs, THREATS.md CVE-12) and no link to them is offered. It handles Markdown inline images and
// links, reference-style images and links with their definitions, autolinks <https://…>, bare
// URLs and www. links, HTML tags with URL-bearing attributes (img, a, link, iframe, srcset, style
// and any other attribute), and CSS url() and @import. Destinations are decoded the way renderers
// and browsers do (backslash escapes, HTML entities, CSS escapes, tabs and newlines dropped,
// backslashes as slashes, scheme-relative //host) before their host is checked with
// policy.CheckURL. Links with user info and schemes other than http, https, mailto, tel and data
// count as not allowed; relative links stay. A removed image becomes "[image removed: host]", a
// link "text [link removed: host]"; notices are kept apart from the text around them so that they
// cannot form new link syntax. The output may be passed through again; that never brings a
// removed URL back.
func NeutraliseLinks(text string, policy egress.Policy) string {
	n := &neutraliser{s: text, policy: policy, verdicts: map[string]verdict{}, pending: map[int]pendingLink{}}
	n.matchBrackets()
	n.collectDefinitions()
	return n.run()
}

// verdict is the judgement of one destination.
type verdict struct {
	bad   bool
	label string // what to show instead: a host or a scheme
}

// pendingLink finishes a removed link whose text is still being copied: at its closing bracket
// the notice is written and scanning resumes at end.
type pendingLink struct {
	label string
	end   int
}

type neutraliser struct {
	s        string
	policy   egress.Policy
	out      []byte
	copied   int         // s[copied:i] may be dropped from out again (it was copied verbatim)
	match    map[int]int // '[' position -> matching ']' position
	defs     map[string]verdict
	verdicts map[string]verdict
	pending  map[int]pendingLink
	last     verdict // the verdict behind the latest removal (used by judgeAttr)
	// noticeEnd is len(out) just after the latest notice.
	noticeEnd int
}

// matchBrackets pairs square brackets, skipping backslash-escaped ones.
func (n *neutraliser) matchBrackets() {
	n.match = map[int]int{}
	var stack []int
	s := n.s
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			stack = append(stack, i)
		case ']':
			if len(stack) > 0 {
				n.match[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// collectDefinitions records every reference definition "[label]: destination".
func (n *neutraliser) collectDefinitions() {
	n.defs = map[string]verdict{}
	for p, q := range n.match {
		if q+1 < len(n.s) && n.s[q+1] == ':' && n.atLineStart(p) {
			dest, _, ok := n.parseDefDest(q + 2)
			if !ok {
				continue
			}
			// Renderers use the first definition of a label; keeping the worst verdict of all
			// of them is stricter and does not depend on the order found here.
			key := normLabel(n.s[p+1 : q])
			if !n.defs[key].bad {
				n.defs[key] = n.judge(unescapeMarkdown(dest))
			}
		}
	}
}

func normLabel(l string) string { return strings.ToLower(strings.Join(strings.Fields(l), " ")) }

// atLineStart reports whether only blanks and blockquote markers precede position p on its line.
func (n *neutraliser) atLineStart(p int) bool {
	for i := p - 1; i >= 0; i-- {
		switch n.s[i] {
		case ' ', '\t', '>':
		case '\n', '\r':
			return true
		default:
			return false
		}
	}
	return true
}

func (n *neutraliser) emit(s string) { n.out = append(n.out, s...) }

// prev returns the character before position i as it will be rendered: the last one written
// (notices and the spaces around them included), or s[i-1] when nothing is written (judgeAttr).
func (n *neutraliser) prev(i int) (byte, bool) {
	if n.out != nil {
		if len(n.out) == 0 {
			return 0, false
		}
		return n.out[len(n.out)-1], true
	}
	if i == 0 {
		return 0, false
	}
	return n.s[i-1], true
}

// notice writes a "[... removed: host]" notice and remembers where it ends, so that run can keep
// it from joining the text after it into new link syntax.
func (n *neutraliser) notice(s string) {
	// A notice glued to the text before it could become part of a URL, a host name or an
	// escape ("\[") when the output is read again.
	if len(n.out) > 0 && strings.IndexByte(" \t\n\r([{\"'>", n.out[len(n.out)-1]) < 0 {
		n.emit(" ")
	}
	n.emit(s)
	n.noticeEnd = len(n.out)
}

// replace writes the notice repl for s[start:i] (start >= n.copied), which was copied already.
func (n *neutraliser) replace(i, start int, repl string) {
	n.out = n.out[:len(n.out)-(i-start)]
	n.notice(repl)
}

// separate puts a space between a notice that just ended and text that would otherwise join it:
// '(', '[' or ':' would turn it into a link, a reference or a definition, letters a host name.
func (n *neutraliser) separate(i int) {
	if n.noticeEnd == len(n.out) && n.noticeEnd > 0 && i < len(n.s) && strings.IndexByte(" \t\n\r)]}\"'<.,;!?", n.s[i]) < 0 {
		n.emit(" ")
	}
}

func (n *neutraliser) run() string {
	s := n.s
	n.out = make([]byte, 0, len(s))
	i := 0
	for i < len(s) {
		if pl, ok := n.pending[i]; ok {
			delete(n.pending, i)
			n.notice("[link removed: " + pl.label + "]")
			i = pl.end
			n.copied = i
			n.separate(i)
			continue
		}
		c := s[i]
		next := -1
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) && s[i+1] != ':':
			// An escaped character is literal; "\:" is left to schemeURL, since "https\://" reads
			// as "https://" once rendered.
			n.emit(s[i : i+2])
			i += 2
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			next = n.bracket(i, i+1, true)
		case c == '[':
			next = n.bracket(i, i, false)
		case c == '<':
			next = n.angle(i)
		case c == ':':
			next = n.schemeURL(i)
		case c == '&':
			next = n.entityURL(i)
		case c == '/' || c == '\\':
			next = n.schemeRelative(i)
		case c == 'w' || c == 'W':
			next = n.wwwLink(i)
		case c == 'u' || c == 'U' || c == '@':
			next = n.cssURL(i)
		}
		if next > i {
			i = next
			n.copied = i
			n.separate(i)
			continue
		}
		n.out = append(n.out, c)
		i++
	}
	return string(n.out)
}

// bracket handles "[" at p (an image when image, with "!" at start): inline links, reference
// links, definitions and shortcut references. It returns where to continue, or -1 to copy.
func (n *neutraliser) bracket(start, p int, image bool) int {
	s := n.s
	q, ok := n.match[p]
	if !ok {
		return -1
	}
	after := q + 1
	var v verdict
	end := -1
	switch {
	case after < len(s) && s[after] == '(':
		dest, e, ok := n.parseInline(after)
		if !ok {
			return -1
		}
		v, end = n.judge(unescapeMarkdown(dest)), e
	case after < len(s) && s[after] == '[':
		r, ok := n.match[after]
		if !ok {
			return -1
		}
		label := s[after+1 : r]
		if strings.TrimSpace(label) == "" {
			label = s[p+1 : q]
		}
		v, end = n.defs[normLabel(label)], r+1
	case after < len(s) && s[after] == ':' && !image && n.atLineStart(p):
		dest, e, ok := n.parseDefDest(after + 1)
		if !ok {
			return -1
		}
		if v = n.judge(unescapeMarkdown(dest)); v.bad {
			n.notice("[link definition removed: " + v.label + "]")
			return e
		}
		return -1
	default:
		v, end = n.defs[normLabel(s[p+1:q])], q+1
	}
	if !v.bad {
		return -1
	}
	if image {
		n.notice("[image removed: " + v.label + "]")
		return end
	}
	// A link: keep its text (still scanned, it may hold images), then the notice.
	n.pending[q] = pendingLink{label: v.label, end: end}
	return p + 1
}

// parseInline parses "(destination "title")" at s[at] == '(' and returns the raw destination and
// the position after ')'.
func (n *neutraliser) parseInline(at int) (string, int, bool) {
	s := n.s
	i := skipBlank(s, at+1)
	var dest string
	if i < len(s) && s[i] == '<' {
		j := i + 1
		for ; j < len(s) && j-i < maxDestLen; j++ {
			if s[j] == '\\' {
				j++
				continue
			}
			if s[j] == '>' || s[j] == '\n' || s[j] == '<' {
				break
			}
		}
		if j >= len(s) || s[j] != '>' {
			return "", 0, false
		}
		dest, i = s[i+1:j], j+1
	} else {
		j, depth := i, 0
	loop:
		for ; j < len(s) && j-i < maxDestLen; j++ {
			switch c := s[j]; {
			case c == '\\':
				j++
			case c <= ' ' || c == 0x7f:
				break loop
			case c == '(':
				depth++
			case c == ')':
				if depth == 0 {
					break loop
				}
				depth--
			}
		}
		if j > len(s) {
			j = len(s)
		}
		dest, i = s[i:j], j
	}
	i = skipBlank(s, i)
	if i < len(s) && (s[i] == '"' || s[i] == '\'' || s[i] == '(') {
		closer := s[i]
		if closer == '(' {
			closer = ')'
		}
		j := i + 1
		for ; j < len(s) && j-i < maxDestLen; j++ {
			if s[j] == '\\' {
				j++
				continue
			}
			if s[j] == closer {
				break
			}
		}
		if j >= len(s) || s[j] != closer {
			return "", 0, false
		}
		i = skipBlank(s, j+1)
	}
	if i >= len(s) || s[i] != ')' {
		return "", 0, false
	}
	return dest, i + 1, true
}

// parseDefDest parses the destination of a reference definition starting at s[at] (after ':').
func (n *neutraliser) parseDefDest(at int) (string, int, bool) {
	s := n.s
	i := skipBlank(s, at)
	if i < len(s) && s[i] == '<' {
		j := strings.IndexAny(s[i+1:min(len(s), i+1+maxDestLen)], ">\n")
		if j < 0 || s[i+1+j] != '>' {
			return "", 0, false
		}
		return s[i+1 : i+1+j], i + j + 2, true
	}
	j := i
	for j < len(s) && j-i < maxDestLen && s[j] > ' ' && s[j] != 0x7f {
		j++
	}
	if j == i {
		return "", 0, false
	}
	return s[i:j], j, true
}

// skipBlank skips spaces and tabs and at most one line break.
func skipBlank(s string, i int) int {
	nl := false
	for i < len(s) {
		switch s[i] {
		case ' ', '\t':
		case '\n', '\r':
			if nl {
				return i
			}
			nl = true
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		default:
			return i
		}
		i++
	}
	return i
}

// angle handles '<' at i: an autolink or an HTML tag.
func (n *neutraliser) angle(i int) int {
	s := n.s
	if i+1 >= len(s) || !isLetter(s[i+1]) {
		return -1
	}
	// Autolink: <scheme:...> without spaces.
	j := i + 1
	for j < len(s) && j-i <= 33 && isSchemeChar(s[j]) {
		j++
	}
	if j < len(s) && s[j] == ':' {
		k := j + 1
		for k < len(s) && k-i < maxDestLen && s[k] > ' ' && s[k] != '<' && s[k] != '>' {
			k++
		}
		if k < len(s) && s[k] == '>' {
			if v := n.judge(s[i+1 : k]); v.bad {
				n.notice("[link removed: " + v.label + "]")
				return k + 1
			}
			return -1
		}
	}
	// HTML tag: <name attr=value ...>.
	j = i + 1
	for j < len(s) && (isLetter(s[j]) || isDigit(s[j]) || s[j] == '-' || s[j] == ':') {
		j++
	}
	name := strings.ToLower(s[i+1 : j])
	end, v := n.tagAttrs(j)
	if end < 0 || !v.bad {
		return -1
	}
	switch name {
	case "img", "image", "picture", "source", "video", "audio", "input", "svg", "track":
		n.notice("[image removed: " + v.label + "]")
	case "a", "area":
		n.notice("[link removed: " + v.label + "]")
	default:
		n.notice("[" + name + " element removed: " + v.label + "]")
	}
	return end
}

// urlAttrs are the attributes whose whole value is a URL (HTML, SVG and common legacy ones).
var urlAttrs = map[string]bool{
	"src": true, "href": true, "srcset": true, "imagesrcset": true, "poster": true, "data": true, "background": true,
	"action": true, "formaction": true, "cite": true, "longdesc": true, "lowsrc": true, "dynsrc": true,
	"xlink:href": true, "ping": true, "manifest": true, "codebase": true, "archive": true, "icon": true,
	"profile": true, "usemap": true, "classid": true, "itemtype": true, "xmlns": false,
}

// tagAttrs reads attributes from s[i] to the closing '>' and returns the position after it (-1
// when there is none within maxTagLen) and the verdict on the first disallowed URL in them.
func (n *neutraliser) tagAttrs(i int) (int, verdict) {
	s := n.s
	limit := min(len(s), i+maxTagLen)
	var worst verdict
	note := func(name, value string) {
		if v := n.judgeAttr(name, value); v.bad && !worst.bad {
			worst = v
		}
	}
	for i < limit {
		c := s[i]
		switch {
		case c == '>':
			return i + 1, worst
		case c <= ' ' || c == '/':
			i++
		case c == '"' || c == '\'' || c == '=':
			// A stray quote or '=' without a name: read it as a value.
			j := i
			if c == '=' {
				j++
			}
			v, next := attrValue(s, j, limit)
			if next < 0 {
				return -1, verdict{}
			}
			note("", v)
			i = next
		default:
			j := i
			for j < limit && s[j] > ' ' && s[j] != '=' && s[j] != '>' && s[j] != '/' {
				j++
			}
			name := strings.ToLower(s[i:j])
			k := j
			for k < limit && s[k] <= ' ' {
				k++
			}
			if k < limit && s[k] == '=' {
				v, next := attrValue(s, k+1, limit)
				if next < 0 {
					return -1, verdict{}
				}
				note(name, v)
				i = next
			} else {
				i = j
			}
		}
	}
	return -1, verdict{}
}

// attrValue reads a quoted or unquoted attribute value starting at (or after blanks from) i.
func attrValue(s string, i, limit int) (string, int) {
	for i < limit && s[i] <= ' ' {
		i++
	}
	if i < limit && (s[i] == '"' || s[i] == '\'') {
		j := strings.IndexByte(s[i+1:limit], s[i])
		if j < 0 {
			return "", -1
		}
		return s[i+1 : i+1+j], i + j + 2
	}
	k := i
	for k < limit && s[k] > ' ' && s[k] != '>' {
		k++
	}
	return s[i:k], k
}

// judgeAttr judges an attribute value: as a URL (for URL attributes), each srcset candidate, and
// every URL or CSS url() inside it (style, meta refresh content, anything else).
func (n *neutraliser) judgeAttr(name, raw string) verdict {
	v := html.UnescapeString(raw)
	if urlAttrs[name] || strings.HasSuffix(name, ":href") {
		if r := n.judge(v); r.bad {
			return r
		}
		if strings.Contains(v, ",") {
			for _, cand := range strings.Split(v, ",") {
				if f := strings.Fields(cand); len(f) > 0 {
					if r := n.judge(f[0]); r.bad {
						return r
					}
				}
			}
		}
	}
	inner := &neutraliser{s: v, policy: n.policy, verdicts: n.verdicts, pending: map[int]pendingLink{}, match: map[int]int{}, defs: map[string]verdict{}}
	for i := 0; i < len(v); i++ {
		var next int
		switch c := v[i]; {
		case c == ':':
			next = inner.schemeURL(i)
		case c == '/' || c == '\\':
			next = inner.schemeRelative(i)
		case c == 'u' || c == 'U' || c == '@':
			next = inner.cssURL(i)
		default:
			continue
		}
		if next > i {
			return inner.last
		}
	}
	return verdict{}
}

// schemeURL handles ':' at i followed by two slashes: a URL "scheme://host..." in plain text.
func (n *neutraliser) schemeURL(i int) int {
	s := n.s
	if i+2 >= len(s) || !isSlash(s[i+1]) || !isSlash(s[i+2]) {
		return -1
	}
	start := i
	if start > n.copied && s[start-1] == '\\' {
		start-- // "https\://"
	}
	for start > n.copied && i-start < 33 && isSchemeChar(s[start-1]) {
		start--
	}
	for start < i && !isLetter(s[start]) {
		start++
	}
	end := urlEnd(s, i+1)
	v := n.judge(unescapeMarkdown(s[start:end]))
	if !v.bad {
		if scheme := strings.ToLower(s[start:i]); n.out == nil || (scheme != "http" && scheme != "https") {
			return -1
		}
		// Keep the allowed scheme and authority whole: a "scheme://" inside them is not a URL
		// of its own, and removing it would break the allowed one.
		j := i + 1
		for j < end && isSlash(s[j]) {
			j++
		}
		j += len(authority(s[j:end]))
		n.emit(s[i:j])
		return j
	}
	n.last = v
	if n.out != nil {
		n.replace(i, start, "[link removed: "+v.label+"]")
	}
	return end
}

// entityURL handles a URL whose "://" is written with character references ("https&#58;//",
// "https&colon;&sol;&sol;"), which renderers decode before they link text.
func (n *neutraliser) entityURL(i int) int {
	s := n.s
	j := i
	for j < len(s) && j-i < 64 && s[j] > ' ' {
		j++
	}
	dec := html.UnescapeString(s[i:j])
	if len(dec) < 3 || dec[0] != ':' || !isSlash(dec[1]) || !isSlash(dec[2]) {
		return -1
	}
	start := i
	if start > n.copied && s[start-1] == '\\' {
		start-- // "https\&#58;//"
	}
	for start > n.copied && i-start < 33 && isSchemeChar(s[start-1]) {
		start--
	}
	for start < i && !isLetter(s[start]) {
		start++
	}
	end := urlEnd(s, i)
	v := n.judge(html.UnescapeString(unescapeMarkdown(s[start:end])))
	if !v.bad {
		return -1
	}
	n.replace(i, start, "[link removed: "+v.label+"]")
	return end
}

// schemeRelative handles "//host" (either slash) after a blank or an opening quote, parenthesis
// or '=', where renderers and CSS read it as a URL on the page's scheme.
func (n *neutraliser) schemeRelative(i int) int {
	s := n.s
	if i+2 >= len(s) || !isSlash(s[i]) || !isSlash(s[i+1]) {
		return -1
	}
	if c, ok := n.prev(i); ok {
		switch c {
		case ' ', '\t', '\n', '\r', '(', '"', '\'', '=', '<', '[', ',':
		default:
			return -1
		}
	}
	k := i
	for k < len(s) && isSlash(s[k]) {
		k++
	}
	if !looksLikeHost(s[k:]) {
		return -1
	}
	end := urlEnd(s, i)
	v := n.judge(s[i:end])
	if !v.bad {
		return -1
	}
	n.last = v
	if n.out != nil {
		n.notice("[link removed: " + v.label + "]")
	}
	return end
}

// wwwLink handles "www." links, which GitHub-flavoured Markdown renders as http links.
func (n *neutraliser) wwwLink(i int) int {
	s := n.s
	if len(s)-i < 5 || !strings.EqualFold(s[i:i+4], "www.") {
		return -1
	}
	if c, ok := n.prev(i); ok {
		switch c {
		case ' ', '\t', '\n', '\r', '*', '_', '~', '(':
		default:
			return -1
		}
	}
	if !looksLikeHost(s[i:]) {
		return -1
	}
	end := urlEnd(s, i)
	v := n.judge("http://" + s[i:end])
	if !v.bad {
		return -1
	}
	n.notice("[link removed: " + v.label + "]")
	return end
}

// cssURL handles CSS url(...) and @import "..." whose argument, CSS escapes decoded, is a URL.
func (n *neutraliser) cssURL(i int) int {
	s := n.s
	var arg string
	var end int
	switch {
	case len(s)-i > 4 && strings.EqualFold(s[i:i+4], "url("):
		if c, ok := n.prev(i); ok && (isLetter(c) || isDigit(c) || c == '-') {
			return -1
		}
		j := strings.IndexByte(s[i+4:min(len(s), i+4+maxDestLen)], ')')
		if j < 0 {
			return -1
		}
		arg, end = strings.Trim(strings.TrimSpace(s[i+4:i+4+j]), `"'`), i+5+j
	case len(s)-i > 8 && strings.EqualFold(s[i:i+7], "@import"):
		j := skipBlank(s, i+7)
		if j >= len(s) || (s[j] != '"' && s[j] != '\'') {
			return -1
		}
		k := strings.IndexByte(s[j+1:min(len(s), j+1+maxDestLen)], s[j])
		if k < 0 {
			return -1
		}
		arg, end = s[j+1:j+1+k], j+2+k
	default:
		return -1
	}
	v := n.judge(cssUnescape(arg))
	if !v.bad {
		return -1
	}
	n.last = v
	if n.out != nil {
		n.notice("[link removed: " + v.label + "]")
	}
	return end
}

// urlEnd returns where a URL starting at i ends in running text: at a blank, a quote, '<' or
// '>', or an unbalanced ')' or ']'; trailing punctuation is left out.
func urlEnd(s string, i int) int {
	paren, bracket := 0, 0
	j := i
	limit := min(len(s), i+maxURLLen)
loop:
	for ; j < limit; j++ {
		switch c := s[j]; {
		case c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`':
			break loop
		case c == '(':
			paren++
		case c == ')':
			if paren == 0 {
				break loop
			}
			paren--
		case c == '[':
			bracket++
		case c == ']':
			if bracket == 0 {
				break loop
			}
			bracket--
		}
	}
	for j > i && strings.IndexByte(".,;:!?*_~", s[j-1]) >= 0 {
		j--
	}
	return j
}

// looksLikeHost reports whether s starts with a dotted host name or a bracketed address.
func looksLikeHost(s string) bool {
	if strings.HasPrefix(s, "[") {
		// A bracketed IPv6 address.
		j := 1
		for j < len(s) && (isHex(s[j]) || s[j] == ':' || s[j] == '.') {
			j++
		}
		return j > 1 && j < len(s) && s[j] == ']'
	}
	dot, label := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isLetter(c) || isDigit(c) || c == '-' || c == '_' || c >= 0x80:
			label++
		case c == '.':
			if label == 0 {
				return false
			}
			dot, label = true, 0
		default:
			return dot && label > 0
		}
	}
	return dot && label > 0
}

// judge decides whether a destination may stay. It reads dest as a browser would: tabs and
// newlines removed, surrounding blanks and controls trimmed, backslashes as slashes.
func (n *neutraliser) judge(dest string) verdict {
	d := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, dest)
	d = strings.TrimFunc(d, func(r rune) bool { return r <= ' ' })
	if d == "" {
		return verdict{}
	}
	if v, ok := n.verdicts[d]; ok {
		return v
	}
	v := n.judgeUncached(d)
	if len(n.verdicts) < 4096 {
		n.verdicts[d] = v
	}
	return v
}

func (n *neutraliser) judgeUncached(d string) verdict {
	if len(d) >= 2 && isSlash(d[0]) && isSlash(d[1]) {
		return n.judgeHTTP("https", d)
	}
	i := 0
	for i < len(d) && i <= 32 && isSchemeChar(d[i]) {
		i++
	}
	if i == 0 || i >= len(d) || d[i] != ':' || !isLetter(d[0]) {
		return verdict{} // relative: stays on the page's own origin
	}
	scheme := strings.ToLower(d[:i])
	rest := d[i+1:]
	switch scheme {
	case "http", "https":
		return n.judgeHTTP(scheme, rest)
	case "mailto", "tel", "data":
		return verdict{}
	}
	label := displayHost(scheme) + ":"
	if len(rest) >= 2 && isSlash(rest[0]) && isSlash(rest[1]) {
		if h := displayHost(authority(rest)); h != "" {
			label = h
		}
	}
	return verdict{bad: true, label: label}
}

// judgeHTTP checks the host of an http(s) URL whose text after "scheme:" is rest.
func (n *neutraliser) judgeHTTP(scheme, rest string) verdict {
	auth := authority(rest)
	label := displayHost(auth)
	if label == "" {
		label = "unknown host"
	}
	if auth == "" || strings.Contains(auth, "@") {
		return verdict{bad: true, label: label}
	}
	if err := n.policy.CheckURL(&url.URL{Scheme: scheme, Host: auth}); err != nil {
		return verdict{bad: true, label: label}
	}
	return verdict{}
}

// authority is the host[:port] part after any leading slashes, up to a path, query or fragment.
func authority(rest string) string {
	rest = strings.TrimLeft(rest, `/\`)
	if i := strings.IndexAny(rest, `/\?#`); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// displayHost makes a host safe to show: user info and "www." dropped, only host-name characters
// and a numeric port kept, brackets only around a valid IPv6 address, so that the notice cannot
// form link syntax or a linkable name.
func displayHost(auth string) string {
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		auth = auth[i+1:]
	}
	if strings.HasPrefix(auth, "[") {
		if j := strings.IndexByte(auth, ']'); j > 0 {
			if a, err := netip.ParseAddr(auth[1:j]); err == nil && a.Is6() && a.Zone() == "" {
				return "[" + a.String() + "]"
			}
		}
	}
	host, port, _ := strings.Cut(auth, ":")
	var b strings.Builder
	for i := 0; i < len(host) && b.Len() < 100; i++ {
		c := host[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case isLetter(c) || isDigit(c) || c == '.' || c == '-' || c == '_':
			b.WriteByte(c)
		}
	}
	h := b.String()
	for strings.HasPrefix(h, "www.") { // a shown "www." name would be linked again
		h = h[4:]
	}
	if port != "" && len(port) <= 5 && isDigits(port) {
		h += ":" + port
	}
	return h
}

// unescapeMarkdown decodes backslash escapes and entities in a Markdown destination.
func unescapeMarkdown(s string) string {
	if strings.IndexByte(s, '\\') >= 0 {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
				i++
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// cssUnescape decodes CSS escapes ("\2f", "\/") in a url() or @import argument.
func cssUnescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		v := 0
		for j < len(s) && j-i <= 6 && isHex(s[j]) {
			v = v<<4 | int(unhex(s[j]))
			j++
		}
		if j == i+1 {
			b.WriteByte(s[j])
			i = j
			continue
		}
		if v == 0 || v > 0x10FFFF {
			v = 0xFFFD
		}
		b.WriteRune(rune(v))
		if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
		i = j - 1
	}
	return b.String()
}

func isSlash(c byte) bool  { return c == '/' || c == '\\' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isSchemeChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '+' || c == '-' || c == '.'
}
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
