package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/paddock-dev/paddock/internal/egress"
)

// robotsAgents are the user-agent tokens whose robots.txt groups apply to paddock (matched
// case-insensitively, up to a '/' version suffix); "*" applies when none of them has a group.
var robotsAgents = []string{"paddock", "paddock-agent"}

// Limits on robots.txt, after RFC 9309 (which asks crawlers to parse at least 500 KiB).
const (
	maxRobotsBytes      = 512 << 10
	maxRobotsPatternLen = 4096
	maxRobotsRules      = 16384
)

// robotsRule is one Allow or Disallow line, its path pattern normalised.
type robotsRule struct {
	allow   bool
	pattern string // may contain '*' wildcards and end in '$'
}

// robotsGroup is a group of rules and the user agents it names.
type robotsGroup struct {
	agents []string // lower case
	rules  []robotsRule
}

// robots is the parsed robots.txt of one origin, reduced to the rules that apply to paddock.
type robots struct {
	rules       []robotsRule
	disallowAll bool   // the file could not be fetched (server error): RFC 9309 says assume complete disallow
	why         string // why disallowAll
}

// parseRobots parses a robots.txt body and keeps the rules for paddock: the groups naming one of
// robotsAgents, merged, or else the "*" groups, merged. Unknown lines are ignored; it never fails.
func parseRobots(body []byte) robots {
	if len(body) > maxRobotsBytes {
		// Drop the line cut at the limit: a partial rule could disallow more than the whole one.
		body = body[:maxRobotsBytes]
		if i := bytes.LastIndexAny(body, "\r\n"); i >= 0 {
			body = body[:i]
		}
	}
	var groups []robotsGroup
	var cur *robotsGroup
	inAgents := false // the previous significant line was a user-agent line
	nrules := 0
	for len(body) > 0 {
		var line []byte
		if i := bytes.IndexAny(body, "\r\n"); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			line, body = body, nil
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(string(key)))
		v := strings.TrimSpace(string(value))
		switch k {
		case "user-agent", "useragent", "user agent":
			if !inAgents || cur == nil {
				groups = append(groups, robotsGroup{})
				cur = &groups[len(groups)-1]
			}
			inAgents = true
			cur.agents = append(cur.agents, strings.ToLower(v))
		case "allow", "disallow", "dissallow", "disalow":
			inAgents = false
			if cur == nil || v == "" || len(v) > maxRobotsPatternLen || nrules >= maxRobotsRules {
				continue
			}
			nrules++
			cur.rules = append(cur.rules, robotsRule{allow: k == "allow", pattern: normRobotsPath(v)})
		default:
			// Sitemap, Crawl-delay and others neither end nor belong to a group.
		}
	}
	var mine, star []robotsRule
	foundMine := false
	for _, g := range groups {
		ours, any := false, false
		for _, a := range g.agents {
			tok, _, _ := strings.Cut(a, "/")
			tok = strings.TrimSpace(tok)
			ours = ours || isOurAgent(tok)
			any = any || tok == "*"
		}
		if ours {
			mine = append(mine, g.rules...)
			foundMine = true
		}
		if any {
			star = append(star, g.rules...)
		}
	}
	if foundMine {
		return robots{rules: mine}
	}
	return robots{rules: star}
}

func isOurAgent(tok string) bool {
	for _, a := range robotsAgents {
		if tok == a {
			return true
		}
	}
	return false
}

// allowed reports whether the rules let paddock fetch u: the longest matching pattern decides,
// Allow winning a tie; no match allows. /robots.txt itself is always allowed.
func (r robots) allowed(u *url.URL) bool {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if p == "/robots.txt" {
		return true
	}
	if r.disallowAll {
		return false
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	p = normRobotsPath(p)
	best, allow := -1, true
	for _, rule := range r.rules {
		n := len(rule.pattern)
		if n < best || (n == best && allow) {
			continue
		}
		if robotsMatch(rule.pattern, p) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch reports whether path matches pattern: '*' matches any run of bytes, a final '$'
// anchors the end, everything else matches itself and the pattern is anchored at the start. Each
// literal segment is found with strings.Index, leftmost first, which is correct for '*'-only
// patterns and keeps matching linear in practice.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	segs := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, segs[0]) {
		return false
	}
	if len(segs) == 1 {
		return !anchored || len(path) == len(segs[0])
	}
	pos := len(segs[0])
	last := len(segs) - 1
	for _, s := range segs[1:last] {
		i := strings.Index(path[pos:], s)
		if i < 0 {
			return false
		}
		pos += i + len(s)
	}
	tail := segs[last]
	if anchored {
		return len(path)-pos >= len(tail) && strings.HasSuffix(path, tail)
	}
	return strings.Contains(path[pos:], tail)
}

// normRobotsPath brings a path (from robots.txt or a URL) to the form RFC 9309 compares:
// percent-encoded unreserved characters decoded, other escapes in upper case, and bytes outside
// printable ASCII percent-encoded.
func normRobotsPath(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				fmt.Fprintf(&b, "%%%02X", v)
			}
			i += 2
		case c <= ' ' || c >= 0x7f:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// robotsCache fetches each origin's robots.txt once per run.
type robotsCache struct {
	client *http.Client
	mu     sync.Mutex
	byHost map[string]*robotsEntry
}

type robotsEntry struct {
	done chan struct{}
	ok   bool // r is valid; false when the fetch was abandoned (its entry is then removed)
	r    robots
}

func newRobotsCache(c *http.Client) *robotsCache {
	return &robotsCache{client: c, byHost: map[string]*robotsEntry{}}
}

// check returns an error wrapping ErrRobots when robots.txt disallows u.
func (c *robotsCache) check(ctx context.Context, u *url.URL) error {
	r, err := c.get(ctx, u)
	if err != nil {
		return err
	}
	if r.allowed(u) {
		return nil
	}
	if r.disallowAll {
		return fmt.Errorf("%w: %s: %s, so paddock treats the whole site as disallowed (RFC 9309); the user can run paddock with --ignore-robots to fetch it anyway",
			ErrRobots, redact(u), r.why)
	}
	return fmt.Errorf("%w: the robots.txt of %s does not allow paddock to fetch %s; try another source, or the user can run paddock with --ignore-robots",
		ErrRobots, u.Host, redact(u))
}

// get returns the rules for u's origin, fetching robots.txt the first time; concurrent callers
// for the same origin wait for one fetch.
func (c *robotsCache) get(ctx context.Context, u *url.URL) (robots, error) {
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	for {
		c.mu.Lock()
		e, ok := c.byHost[key]
		if !ok {
			e = &robotsEntry{done: make(chan struct{})}
			c.byHost[key] = e
			c.mu.Unlock()
			r, err := c.fetch(ctx, u)
			c.mu.Lock()
			if err != nil {
				delete(c.byHost, key) // the caller's context ended: the next call tries again
			} else {
				e.r, e.ok = r, true
			}
			c.mu.Unlock()
			close(e.done)
			return r, err
		}
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return robots{}, ctx.Err()
		}
		if e.ok {
			return e.r, nil
		}
	}
}

// fetch reads and parses the robots.txt of u's origin. Only the caller's context ending is an
// error; every other outcome becomes rules (RFC 9309: 4xx means no restrictions, 5xx or an
// unreachable server means complete disallow).
func (c *robotsCache) fetch(ctx context.Context, u *url.URL) (robots, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
	if err != nil {
		return robots{}, fmt.Errorf("robots.txt of %s: %w", u.Host, err)
	}
	req.Header.Set("Accept", "text/plain, */*;q=0.5")
	resp, err := c.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return robots{}, fmt.Errorf("robots.txt of %s: %w", u.Host, ctx.Err())
		}
		if errors.Is(err, egress.ErrDenied) {
			// A redirect to somewhere the policy refuses: there is no robots.txt we may read.
			return robots{}, nil
		}
		return robots{disallowAll: true, why: "its robots.txt could not be fetched (" + unwrapURLError(err).Error() + ")"}, nil
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes+1)) // one more byte shows a cut
		if err != nil && !errors.Is(err, egress.ErrTooLarge) {
			if ctx.Err() != nil {
				return robots{}, fmt.Errorf("robots.txt of %s: %w", u.Host, ctx.Err())
			}
			return robots{disallowAll: true, why: "its robots.txt could not be read (" + err.Error() + ")"}, nil
		}
		return parseRobots(body), nil
	case resp.StatusCode >= 500:
		return robots{disallowAll: true, why: "its robots.txt answered HTTP " + statusText(resp.StatusCode)}, nil
	default:
		return robots{}, nil
	}
}
