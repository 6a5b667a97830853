package egress

import (
	"errors"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

func TestParsePolicyCanonical(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"", "  "}, ""},
		{[]string{"example.com"}, "example.com"},
		{[]string{"Example.COM."}, "example.com"},
		{[]string{"example.com:8443"}, "example.com:8443"},
		{[]string{"example.com:*"}, "example.com:*"},
		{[]string{"*.Example.com"}, "*.example.com"},
		{[]string{"*.example.com:*"}, "*.example.com:*"},
		{[]string{"*"}, "*"},
		{[]string{"*:*"}, "*:*"},
		{[]string{"a.com, b.com", "c.com"}, "a.com,b.com,c.com"},
		{[]string{"bücher.de"}, "xn--bcher-kva.de"},
		{[]string{"BÜCHER.de"}, "xn--bcher-kva.de"},
		{[]string{"xn--bcher-kva.de"}, "xn--bcher-kva.de"},
		{[]string{"ｅｘａｍｐｌｅ．com"}, "example.com"},
		{[]string{"*.bücher.de"}, "*.xn--bcher-kva.de"},
		{[]string{"r3---sn-abc.googlevideo.com"}, "r3---sn-abc.googlevideo.com"},
		{[]string{"203.0.113.7"}, "203.0.113.7"},
		{[]string{"203.0.113.7:8080"}, "203.0.113.7:8080"},
		{[]string{"[2001:DB8::1]:443"}, "[2001:db8::1]:443"},
		{[]string{"2001:db8::1"}, "[2001:db8::1]"},
		{[]string{"[2001:db8::1]"}, "[2001:db8::1]"},
		{[]string{"::ffff:203.0.113.7"}, "203.0.113.7"},
		{[]string{"localhost:*"}, "localhost:*"},
	}
	for _, tt := range tests {
		p, err := ParsePolicy(tt.in)
		if err != nil {
			t.Errorf("ParsePolicy(%q): %v", tt.in, err)
			continue
		}
		if got := p.String(); got != tt.want {
			t.Errorf("ParsePolicy(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		// The canonical form parses back to itself.
		q, err := ParsePolicy([]string{p.String()})
		if err != nil || q.String() != p.String() {
			t.Errorf("re-parse of %q = %q, %v", p.String(), q.String(), err)
		}
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string
	}{
		{"https://example.com/", `use "example.com"`},
		{"http://example.com:8080", `use "example.com:8080"`},
		{"example.com/path", "path"},
		{"example.com?q=1", "path, query"},
		{"user@example.com", "user info"},
		{"exa mple.com", "spaces"},
		{"example.com:0", "invalid port"},
		{"example.com:65536", "invalid port"},
		{"example.com:http", "invalid port"},
		{"example.com:-1", "invalid port"},
		{"example.com:+80", "invalid port"},
		{"example.com:", "missing port"},
		{":80", "missing host"},
		{"ex*ample.com", "wildcard"},
		{"foo.*.example.com", "wildcard"},
		{"*example.com", "wildcard"},
		{"*.*.example.com", "wildcard"},
		{"example.*", "wildcard"},
		{"**", "wildcard"},
		{"*.com", "top-level domain"},
		{"*.203.0.113.7", "IP address"},
		{"0x7f000001", "non-standard spelling"},
		{"2130706433", "non-standard spelling"},
		{"017700000001", "non-standard spelling"},
		{"0177.0.0.1", "non-standard spelling"},
		{"127.1", "non-standard spelling"},
		{"1.2.3.4.5", "non-standard spelling"},
		{"[example.com]:443", "brackets"},
		{"[2001:db8::1", "missing ']'"},
		{"[2001:db8::1]443", "expected :PORT"},
		{"2001:db8::1:443:x", "brackets"},
		{"fe80::1%eth0", "scoped"},
		{"-bad.example.com", "invalid host name"},
		{"bad-.example.com", "invalid host name"},
		{"a..example.com", "invalid host name"},
		{"example.com..", "invalid host name"},
		{"ex_ample.com", "invalid host name"},
		{"ex!ample.com", "invalid host name"},
		{strings.Repeat("a", 64) + ".com", "invalid host name"},
		{strings.Repeat("abcdefgh.", 29) + "com", "253"},
		{"xn--a.com", "invalid host name"},
		{"\u202eexample.com", "invalid host name"},
		{".", "empty"},
	}
	for _, tt := range tests {
		_, err := ParsePolicy([]string{tt.in})
		if err == nil {
			t.Errorf("ParsePolicy(%q) = nil error, want one containing %q", tt.in, tt.wantErr)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParsePolicy(%q) = %v, want it to contain %q", tt.in, err, tt.wantErr)
		}
		if !strings.Contains(err.Error(), "allowlist entry") {
			t.Errorf("ParsePolicy(%q) = %v: error does not name the entry", tt.in, err)
		}
	}
}

func TestCheckHostMatching(t *testing.T) {
	type check struct {
		host string
		port int
		ok   bool
	}
	tests := []struct {
		policy []string
		checks []check
	}{
		{[]string{"example.com"}, []check{
			{"example.com", 443, true},
			{"example.com", 80, true},
			{"EXAMPLE.com.", 443, true},
			{"example.com", 8443, false},
			{"example.com", 22, false},
			{"www.example.com", 443, false},
			{"notexample.com", 443, false},
			{"example.com.evil.com", 443, false},
			{"evil.com", 443, false},
			{"example.co", 443, false},
		}},
		{[]string{"*.example.com"}, []check{
			{"a.example.com", 443, true},
			{"a.b.example.com", 80, true},
			{"A.Example.Com.", 443, true},
			{"example.com", 443, false},
			{"badexample.com", 443, false},
			{"a.example.com.evil.com", 443, false},
			{"a.example.com", 8080, false},
		}},
		{[]string{"example.com:8443"}, []check{
			{"example.com", 8443, true},
			{"example.com", 443, false},
			{"example.com", 80, false},
		}},
		{[]string{"example.com:*"}, []check{
			{"example.com", 22, true},
			{"example.com", 65535, true},
			{"other.com", 22, false},
		}},
		{[]string{"*"}, []check{
			{"anything.org", 443, true},
			{"x.y.z", 80, true},
			{"anything.org", 22, false},
			{"93.184.216.34", 443, true},
			{"127.0.0.1", 443, false}, // allowlisted, but a refused address
			{"[::1]", 443, false},
		}},
		{[]string{"bücher.de"}, []check{
			{"xn--bcher-kva.de", 443, true},
			{"BÜCHER.de", 443, true},
			{"bucher.de", 443, false},
		}},
		{[]string{"93.184.216.34", "[2606:2800:220:1::1]:8443"}, []check{
			{"93.184.216.34", 443, true},
			{"::ffff:93.184.216.34", 443, true},
			{"[::ffff:93.184.216.34]", 443, true},
			{"93.184.216.35", 443, false},
			{"[2606:2800:220:1::1]", 8443, true},
			{"2606:2800:220:1:0:0:0:1", 8443, true},
			{"[2606:2800:220:1::1]", 443, false},
		}},
		{nil, []check{
			{"example.com", 443, false},
		}},
	}
	for _, tt := range tests {
		p := mustPolicy(t, tt.policy...)
		for _, c := range tt.checks {
			err := p.CheckHost(c.host, c.port)
			if (err == nil) != c.ok {
				t.Errorf("policy %q: CheckHost(%q, %d) = %v, want allowed=%v", tt.policy, c.host, c.port, err, c.ok)
			}
			if err != nil && !errors.Is(err, ErrDenied) {
				t.Errorf("policy %q: CheckHost(%q, %d) = %v, does not wrap ErrDenied", tt.policy, c.host, c.port, err)
			}
		}
	}
}

func TestDenyMessagesSayHowToAllow(t *testing.T) {
	p := mustPolicy(t, "example.com")
	tests := []struct {
		host string
		port int
		want string
	}{
		{"other.org", 443, "add --allow-net other.org)"},
		{"other.org", 8443, "add --allow-net other.org:8443)"},
		{"Other.ORG.", 80, "add --allow-net other.org)"},
		{"2001:db8::1", 443, "add --allow-net [2001:db8::1])"},
	}
	for _, tt := range tests {
		err := p.CheckHost(tt.host, tt.port)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "not in the allowlist") {
			t.Errorf("CheckHost(%q, %d) = %v, want message containing %q", tt.host, tt.port, err, tt.want)
		}
		var de *DenyError
		if !errors.As(err, &de) || de.Rule != RuleAllowlist || "add --allow-net "+de.Entry+")" != tt.want {
			t.Errorf("CheckHost(%q, %d) = %#v, want RuleAllowlist with entry from %q", tt.host, tt.port, err, tt.want)
		}
	}
	err := mustPolicy(t, "*").CheckHost("10.1.2.3", 443)
	if err == nil || !strings.Contains(err.Error(), "private address") || !strings.Contains(err.Error(), "--allow-private 10.1.2.3/32") {
		t.Errorf("CheckHost(10.1.2.3) = %v, want private-address refusal with a grant hint", err)
	}
	var de *DenyError
	if !errors.As(err, &de) || de.Addr != netip.MustParseAddr("10.1.2.3") || de.Rule != RuleAddress {
		t.Errorf("CheckHost(10.1.2.3) = %#v, want a *DenyError naming the address", err)
	}
}

func TestCheckURL(t *testing.T) {
	p := mustPolicy(t, "example.com", "example.com:8080")
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://example.com/a?b=c", true},
		{"http://example.com/", true},
		{"HTTPS://EXAMPLE.COM/", true},
		{"http://example.com:8080/", true},
		{"http://example.com:8081/", false},
		{"ftp://example.com/", false},
		{"file:///etc/passwd", false},
		{"gopher://example.com:70/", false},
		{"javascript:alert(1)", false},
		{"https://user:pw@example.com/", false},
		{"https://evil.com/", false},
		{"https://example.com:0/", false},
		{"/relative", false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatalf("url.Parse(%q): %v", tt.url, err)
		}
		err = p.CheckURL(u)
		if (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q) = %v, want allowed=%v", tt.url, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrDenied) {
			t.Errorf("CheckURL(%q) = %v, does not wrap ErrDenied", tt.url, err)
		}
	}
	if err := p.CheckURL(nil); !errors.Is(err, ErrDenied) {
		t.Errorf("CheckURL(nil) = %v, want ErrDenied", err)
	}
}

func TestPolicyIsImmutable(t *testing.T) {
	base := mustPolicy(t, "*")
	granted := base.AllowPrivate(loopback)
	if err := base.CheckHost("127.0.0.1", 443); err == nil {
		t.Error("AllowPrivate changed the policy it was called on")
	}
	if err := granted.CheckHost("127.0.0.1", 443); err != nil {
		t.Errorf("granted policy refused 127.0.0.1: %v", err)
	}
	// Appending to one copy must not leak into another sharing its array.
	a := granted.AllowPrivate(netip.MustParsePrefix("10.0.0.0/8"))
	b := granted.AllowPrivate(netip.MustParsePrefix("192.168.0.0/16"))
	if a.CheckHost("192.168.1.1", 443) == nil || b.CheckHost("10.1.1.1", 443) == nil {
		t.Error("grants leaked between copies of a policy")
	}
}

func TestParseGrants(t *testing.T) {
	got, err := ParseGrants([]string{"127.0.0.0/8, ::1", "", "[fd00::/8]", "169.254.169.254"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"127.0.0.0/8", "::1/128", "fd00::/8", "169.254.169.254/32"}
	if len(got) != len(want) {
		t.Fatalf("ParseGrants = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("grant %d = %s, want %s", i, got[i], want[i])
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"10.0.0.1/8", "did you mean 10.0.0.0/8"},
		{"10.0.0.0/33", "CIDR"},
		{"localhost", "CIDR"},
		{"fe80::1%eth0", "scoped"},
		{"0x7f000001", "CIDR"},
	} {
		_, err := ParseGrants([]string{tt.in})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseGrants(%q) = %v, want error containing %q", tt.in, err, tt.want)
		}
	}
}

func TestPolicyPredicates(t *testing.T) {
	var zero Policy
	if !zero.IsZero() || zero.AllowsEveryHost() || zero.CheckHost("example.com", 443) == nil {
		t.Error("the zero Policy must allow nothing")
	}
	if p := mustPolicy(t, "example.com"); p.IsZero() || p.AllowsEveryHost() {
		t.Error("example.com: IsZero or AllowsEveryHost")
	}
	for _, e := range []string{"*", "*:*", "*:8080"} {
		if p := mustPolicy(t, "example.com", e); !p.AllowsEveryHost() {
			t.Errorf("%q: AllowsEveryHost false", e)
		}
	}
	if p := mustPolicy(t, "*.example.com"); p.AllowsEveryHost() {
		t.Error("*.example.com: AllowsEveryHost true")
	}
}
