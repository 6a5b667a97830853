package egress

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Policy is an egress allowlist: the hosts (and ports) that may be reached,
// plus explicit grants for addresses that are refused by default. The zero
// Policy allows nothing. A Policy is an immutable value, safe for concurrent
// use; its methods return modified copies.
type Policy struct {
	rules  []rule         // destinations that may be reached
	grants []netip.Prefix // refused address ranges opened explicitly (masked, IPv4 unmapped)
	creds  []rule         // destinations that may receive sandbox-supplied credentials
}

type ruleKind uint8

const (
	ruleExact      ruleKind = iota // example.com or an IP literal
	ruleSubdomains                 // *.example.com: any name below example.com, not example.com itself
	ruleAny                        // *: every host (addresses are still checked)
)

// rule is one parsed allowlist entry.
type rule struct {
	text    string     // the entry in canonical form, for messages
	kind    ruleKind   //
	host    string     // ASCII, lower case, no trailing dot; for ruleSubdomains the parent domain
	ip      netip.Addr // set when the entry is an IP literal (then host is empty)
	port    uint16     // 0: the web ports 80 and 443, unless anyPort
	anyPort bool       // "host:*"
}

// ParsePolicy parses allowlist entries. Each entry (commas inside an entry
// separate further entries, as in --allow-net a.com,b.com) is one of:
//
//	example.com          the host itself, ports 80 and 443
//	example.com:8443     the host itself, that port only
//	example.com:*        the host itself, any port
//	*.example.com        any name below example.com (not example.com itself)
//	*                    any host, ports 80 and 443 (addresses still checked)
//	203.0.113.7, [2001:db8::1]:443   an IP literal
//
// Internationalised names are accepted and matched in their ASCII (punycode)
// form. Entries that are URLs, carry paths or user info, have wildcards
// elsewhere than as a whole first label, bad ports, or IPv4 addresses in
// anything but dotted-quad form are errors. Blank entries are ignored.
func ParsePolicy(allow []string) (Policy, error) {
	var p Policy
	for _, entry := range allow {
		for _, s := range strings.Split(entry, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			r, err := parseRule(s)
			if err != nil {
				return Policy{}, fmt.Errorf("egress: allowlist entry %q: %w", s, err)
			}
			p.rules = append(p.rules, r)
		}
	}
	return p, nil
}

// AllowPrivate returns a copy of p in which the given address ranges, refused
// by default (private, loopback, link-local, ...), may be reached when a host
// that resolves to them is allowlisted. Cloud metadata addresses open only to a
// prefix naming that single address. Invalid prefixes are ignored.
func (p Policy) AllowPrivate(prefixes ...netip.Prefix) Policy {
	grants := append([]netip.Prefix(nil), p.grants...)
	for _, pf := range prefixes {
		if !pf.IsValid() {
			continue
		}
		if pf.Addr().Is4In6() && pf.Bits() >= 96 {
			pf = netip.PrefixFrom(pf.Addr().Unmap(), pf.Bits()-96)
		}
		grants = append(grants, pf.Masked())
	}
	p.grants = grants
	return p
}

// AllowCredentials returns a copy of p in which requests through the proxy to
// destinations matching the given entries (same syntax as ParsePolicy) keep
// their Authorization, X-Api-Key and similar headers. By default the proxy
// removes them from every plain-HTTP request (THREATS.md CVE-20).
func (p Policy) AllowCredentials(entries ...string) (Policy, error) {
	q, err := ParsePolicy(entries)
	if err != nil {
		return p, err
	}
	p.creds = append(append([]rule(nil), p.creds...), q.rules...)
	return p, nil
}

// AllowsEveryHost reports whether an entry "*" allows every host name, so
// that callers can warn about it.
func (p Policy) AllowsEveryHost() bool {
	for _, r := range p.rules {
		if r.kind == ruleAny {
			return true
		}
	}
	return false
}

// IsZero reports whether p allows no destination at all.
func (p Policy) IsZero() bool { return len(p.rules) == 0 }

// String returns the allowlist in canonical form, comma separated.
func (p Policy) String() string {
	parts := make([]string, len(p.rules))
	for i, r := range p.rules {
		parts[i] = r.text
	}
	return strings.Join(parts, ",")
}

// parseRule parses one allowlist entry.
func parseRule(s string) (rule, error) {
	if strings.Contains(s, "://") {
		hint := ""
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			hint = fmt.Sprintf(": use %q", u.Host)
		}
		return rule{}, fmt.Errorf("a URL was given where a host is expected%s", hint)
	}
	if i := strings.IndexAny(s, "/?#@ \t"); i >= 0 {
		switch s[i] {
		case '/', '?', '#':
			return rule{}, errors.New("a host may not carry a path, query or fragment; give the host only, e.g. example.com")
		case '@':
			return rule{}, errors.New("a host may not carry user info (user@)")
		default:
			return rule{}, errors.New("a host may not contain spaces")
		}
	}
	host, portText, err := splitEntry(s)
	if err != nil {
		return rule{}, err
	}
	var r rule
	switch portText {
	case "":
	case "*":
		r.anyPort = true
	default:
		port, err := parsePort(portText)
		if err != nil {
			return rule{}, err
		}
		r.port = uint16(port)
	}

	switch {
	case host == "*":
		r.kind = ruleAny
	case strings.HasPrefix(host, "*."):
		parent := host[2:]
		if strings.Contains(parent, "*") {
			return rule{}, errors.New("a wildcard may only be the whole first label, as in *.example.com")
		}
		name, ip, err := canonicalHost(parent)
		if err != nil {
			return rule{}, err
		}
		if ip.IsValid() {
			return rule{}, errors.New("a wildcard cannot apply to an IP address")
		}
		if !strings.Contains(name, ".") {
			return rule{}, fmt.Errorf("*.%s would allow a whole top-level domain; list the domains instead", name)
		}
		r.kind, r.host = ruleSubdomains, name
	case strings.Contains(host, "*"):
		return rule{}, errors.New("a wildcard may only be the whole first label, as in *.example.com, or the entry \"*\" alone")
	default:
		name, ip, err := canonicalHost(host)
		if err != nil {
			return rule{}, err
		}
		r.kind, r.host, r.ip = ruleExact, name, ip
	}
	r.text = r.canonical()
	return r, nil
}

// splitEntry splits an entry into host and port text. IPv6 literals need
// brackets when a port follows; bare IPv6 literals are accepted without port.
func splitEntry(s string) (host, port string, err error) {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", errors.New("missing ']' after IPv6 address")
		}
		host, rest := s[1:end], s[end+1:]
		if rest == "" {
			return host, "", nil
		}
		if rest[0] != ':' || len(rest) == 1 {
			return "", "", errors.New("expected :PORT after ']'")
		}
		if _, err := netip.ParseAddr(host); err != nil || !strings.Contains(host, ":") {
			return "", "", errors.New("brackets are only for IPv6 addresses")
		}
		return host, rest[1:], nil
	}
	switch strings.Count(s, ":") {
	case 0:
		return s, "", nil
	case 1:
		i := strings.IndexByte(s, ':')
		if i == 0 {
			return "", "", errors.New("missing host before ':'")
		}
		if i == len(s)-1 {
			return "", "", errors.New("missing port after ':'")
		}
		return s[:i], s[i+1:], nil
	default:
		if _, err := netip.ParseAddr(s); err == nil {
			return s, "", nil
		}
		return "", "", errors.New("an IPv6 address with a port must be written in brackets, as in [2001:db8::1]:443")
	}
}

// parsePort parses a decimal port number 1-65535.
func parsePort(s string) (int, error) {
	if s == "" || len(s) > 5 {
		return 0, fmt.Errorf("invalid port %q: want a number from 1 to 65535", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("invalid port %q: want a number from 1 to 65535", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("invalid port %q: want a number from 1 to 65535", s)
	}
	return n, nil
}

// canonical renders r as an entry that parses back to r.
func (r rule) canonical() string {
	var host string
	switch r.kind {
	case ruleAny:
		host = "*"
	case ruleSubdomains:
		host = "*." + r.host
	default:
		host = r.host
		if r.ip.IsValid() {
			host = r.ip.String()
		}
	}
	switch {
	case r.anyPort:
		return net.JoinHostPort(host, "*")
	case r.port != 0:
		return net.JoinHostPort(host, strconv.Itoa(int(r.port)))
	case r.ip.Is6():
		return "[" + host + "]"
	}
	return host
}

// matches reports whether r allows host (canonical name, or ip) on port.
func (r rule) matches(name string, ip netip.Addr, port int) bool {
	switch {
	case r.anyPort:
	case r.port == 0:
		if port != 80 && port != 443 {
			return false
		}
	default:
		if int(r.port) != port {
			return false
		}
	}
	switch r.kind {
	case ruleAny:
		return true
	case ruleSubdomains:
		return !ip.IsValid() && len(name) > len(r.host) &&
			strings.HasSuffix(name, r.host) && name[len(name)-len(r.host)-1] == '.'
	default:
		if r.ip.IsValid() {
			return ip == r.ip
		}
		return !ip.IsValid() && name == r.host
	}
}

// hostProfile maps names the way a lookup does (UTS 46: case folding, width
// mapping, punycode), validating labels. Hyphens in the third and fourth
// positions are allowed: real host names such as r3---sn-x.googlevideo.com use
// them.
var hostProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.CheckHyphens(false),
	idna.VerifyDNSLength(true),
)

// canonicalHost normalises a host (no port; IPv6 may be bracketed) to either
// an ASCII lower-case name without trailing dot, or an IP address (IPv4-mapped
// IPv6 unmapped). It refuses anything a resolver might read differently from
// how it is matched here.
func canonicalHost(h string) (name string, ip netip.Addr, err error) {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		a, err := netip.ParseAddr(h[1 : len(h)-1])
		if err != nil || !a.Is6() {
			return "", netip.Addr{}, fmt.Errorf("invalid IPv6 literal %q", h)
		}
		h = h[1 : len(h)-1]
	}
	if strings.Contains(h, ":") || strings.Contains(h, "%") {
		a, err := netip.ParseAddr(h)
		if err != nil {
			return "", netip.Addr{}, fmt.Errorf("invalid host %q", h)
		}
		if a.Zone() != "" {
			return "", netip.Addr{}, fmt.Errorf("scoped IPv6 address %q is not allowed", h)
		}
		return "", a.Unmap(), nil
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return "", a, nil // canonical dotted-quad IPv4
	}
	if len(h) > 1 && strings.HasSuffix(h, ".") {
		h = h[:len(h)-1]
	}
	if h == "" {
		return "", netip.Addr{}, errors.New("empty host")
	}
	if isPlainASCII(h) {
		name = strings.ToLower(h)
	} else {
		if !utf8.ValidString(h) {
			return "", netip.Addr{}, fmt.Errorf("invalid host name %q: not UTF-8", h)
		}
		name, err = hostProfile.ToASCII(h)
		if err != nil {
			return "", netip.Addr{}, fmt.Errorf("invalid host name %q: %w", h, err)
		}
		// The ASCII form must be stable, so that what was matched is what
		// is looked up.
		if again, err := hostProfile.ToASCII(name); err != nil || again != name {
			return "", netip.Addr{}, fmt.Errorf("invalid host name %q: unstable IDNA form %q", h, name)
		}
	}
	if err := checkName(name); err != nil {
		return "", netip.Addr{}, err
	}
	if a, err := netip.ParseAddr(name); err == nil {
		return "", a, nil // e.g. a full-width spelling of a dotted quad
	}
	return name, netip.Addr{}, nil
}

// isPlainASCII reports whether h is letters, digits, '-' and '.' only and
// carries no punycode label (which needs IDNA validation).
func isPlainASCII(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	lower := strings.ToLower(h)
	return !strings.HasPrefix(lower, "xn--") && !strings.Contains(lower, ".xn--")
}

// checkName validates an ASCII lower-case host name: LDH labels of 1-63
// bytes, at most 253 bytes, and a last label that is not numeric (a numeric
// last label means an IPv4 address in a spelling such as 2130706433,
// 0x7f000001, 0177.0.0.1 or 127.1, which C resolvers accept and we refuse).
func checkName(name string) error {
	if len(name) > 253 {
		return errors.New("host name longer than 253 bytes")
	}
	last := ""
	for rest := name; ; {
		l := rest
		i := strings.IndexByte(rest, '.')
		if i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		}
		if l == "" {
			return fmt.Errorf("invalid host name %q: empty label", name)
		}
		if len(l) > 63 {
			return fmt.Errorf("invalid host name %q: label longer than 63 bytes", name)
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("invalid host name %q: label starts or ends with '-'", name)
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return fmt.Errorf("invalid host name %q: character %q", name, c)
			}
		}
		if i < 0 {
			last = l
			break
		}
	}
	if isNumericLabel(last) {
		return fmt.Errorf("%q looks like an IPv4 address in a non-standard spelling; write it as a dotted quad such as 192.0.2.1", name)
	}
	return nil
}

// isNumericLabel reports whether l is a decimal, octal or hex number (as the
// last label of an inet_aton spelling).
func isNumericLabel(l string) bool {
	if len(l) > 2 && l[0] == '0' && l[1] == 'x' {
		for i := 2; i < len(l); i++ {
			c := l[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
		return true
	}
	if l == "0x" {
		return true
	}
	for i := 0; i < len(l); i++ {
		if l[i] < '0' || l[i] > '9' {
			return false
		}
	}
	return true
}

// CheckHost reports whether the allowlist lets a connection go to host
// (a name or IP literal; IPv6 may be bracketed) on port. It does not resolve
// names, so it cannot tell where a name points; an IP literal is also checked
// against the refused address ranges. The error wraps ErrDenied.
func (p Policy) CheckHost(host string, port int) error {
	_, _, err := p.checkHost(host, port)
	if err != nil {
		return err
	}
	return nil
}

// checkHost normalises host and checks it against the allowlist, and an IP
// literal against the refused ranges.
func (p Policy) checkHost(host string, port int) (string, netip.Addr, *DenyError) {
	if port < 1 || port > 65535 {
		return "", netip.Addr{}, &DenyError{Host: host, Rule: RuleInvalid, Reason: fmt.Sprintf("invalid port %d", port)}
	}
	name, ip, err := canonicalHost(host)
	if err != nil {
		return "", netip.Addr{}, &DenyError{Host: host, Port: port, Rule: RuleInvalid, Reason: err.Error()}
	}
	shown := name
	if ip.IsValid() {
		shown = ip.String()
	}
	allowed := false
	for i := range p.rules {
		if p.rules[i].matches(name, ip, port) {
			allowed = true
			break
		}
	}
	if !allowed {
		entry := suggestEntry(shown, ip, port)
		return name, ip, &DenyError{Host: shown, Port: port, Rule: RuleAllowlist, Entry: entry, Reason: "not in the allowlist", Hint: "to allow it, add --allow-net " + entry}
	}
	if ip.IsValid() {
		if reason := p.addrDenial(ip); reason != "" {
			return name, ip, addrDenyError(shown, port, ip, reason)
		}
	}
	return name, ip, nil
}

// addrDenyError builds the refusal for an address in a refused range.
func addrDenyError(host string, port int, a netip.Addr, reason string) *DenyError {
	e := &DenyError{Host: host, Port: port, Addr: a, Rule: RuleAddress}
	if host == a.String() {
		e.Reason = "address is " + reason
	} else {
		e.Reason = fmt.Sprintf("resolves to %s, %s", a, reason)
	}
	e.Hint = fmt.Sprintf("such addresses are refused unless granted explicitly, e.g. --allow-private %s", netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	return e
}

// suggestEntry is the --allow-net entry that would allow host on port.
func suggestEntry(host string, ip netip.Addr, port int) string {
	h := host
	if ip.Is6() {
		h = "[" + h + "]"
	}
	if port == 80 || port == 443 {
		return h
	}
	return h + ":" + strconv.Itoa(port)
}

// CheckURL reports whether the policy allows fetching u: the scheme must be
// http or https, the URL must carry no user info, and its host and port
// (default 80 or 443) must pass CheckHost. The error wraps ErrDenied.
func (p Policy) CheckURL(u *url.URL) error {
	if u == nil {
		return &DenyError{Rule: RuleInvalid, Reason: "no URL"}
	}
	var defPort int
	switch strings.ToLower(u.Scheme) {
	case "http":
		defPort = 80
	case "https":
		defPort = 443
	default:
		return &DenyError{Host: u.Hostname(), Rule: RuleProtocol, Reason: fmt.Sprintf("scheme %q is not allowed: only http and https", u.Scheme)}
	}
	if u.User != nil {
		return &DenyError{Host: u.Hostname(), Rule: RuleInvalid, Reason: "URLs with user info (user:password@) are not allowed"}
	}
	if u.Host == "" {
		return &DenyError{Rule: RuleInvalid, Reason: "URL has no host"}
	}
	port := defPort
	if ps := u.Port(); ps != "" {
		n, err := parsePort(ps)
		if err != nil {
			return &DenyError{Host: u.Hostname(), Rule: RuleInvalid, Reason: err.Error()}
		}
		port = n
	}
	return p.CheckHost(u.Hostname(), port)
}

// credentialsAllowed reports whether sandbox-supplied credentials may go to
// the destination.
func (p Policy) credentialsAllowed(name string, ip netip.Addr, port int) bool {
	for i := range p.creds {
		if p.creds[i].matches(name, ip, port) {
			return true
		}
	}
	return false
}

// ParseGrants parses address grants for AllowPrivate, as given on a command
// line (--allow-private): CIDR prefixes ("10.0.0.0/8", "fd00::/8") or single
// addresses ("127.0.0.1", "::1"); commas inside an entry separate further
// entries. Blank entries are ignored. Prefixes with host bits set are errors,
// so that a typo cannot grant more than was meant.
func ParseGrants(entries []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, entry := range entries {
		for _, s := range strings.Split(entry, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			pf, err := parseGrant(s)
			if err != nil {
				return nil, fmt.Errorf("egress: address grant %q: %w", s, err)
			}
			out = append(out, pf)
		}
	}
	return out, nil
}

func parseGrant(s string) (netip.Prefix, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if strings.Contains(s, "/") {
		pf, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, errors.New("want an address or CIDR prefix such as 10.0.0.0/8 or fd00::/8")
		}
		if pf.Masked() != pf {
			return netip.Prefix{}, fmt.Errorf("host bits set: did you mean %s?", pf.Masked())
		}
		return pf, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, errors.New("want an address or CIDR prefix such as 10.0.0.0/8 or fd00::/8")
	}
	if a.Zone() != "" {
		return netip.Prefix{}, errors.New("scoped IPv6 addresses cannot be granted")
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}
