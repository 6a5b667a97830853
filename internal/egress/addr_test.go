package egress

import (
	"context"
	"errors"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
	"net/netip"
	"strings"
	"testing"
)

// deniedAddrs are addresses refused by default, each with a word the reason
// must contain.
var deniedAddrs = []struct {
	addr, reason string
}{
	{"0.0.0.0", "unspecified"},
	{"0.1.2.3", "unspecified"},
	{"10.0.0.1", "private"},
	{"10.255.255.255", "private"},
	{"100.64.0.1", "carrier-grade NAT"},
	{"100.127.255.254", "carrier-grade NAT"},
	{"100.100.100.200", "metadata"},
	{"127.0.0.1", "loopback"},
	{"127.255.255.254", "loopback"},
	{"169.254.0.1", "link-local"},
	{"169.254.169.254", "metadata"},
	{"169.254.170.2", "metadata"},
	{"172.16.0.1", "private"},
	{"172.31.255.255", "private"},
	{"192.0.0.192", "metadata"},
	{"192.0.0.8", "IETF"},
	{"192.0.2.1", "documentation"},
	{"192.88.99.1", "6to4 relay"},
	{"192.168.1.1", "private"},
	{"198.18.0.1", "benchmarking"},
	{"198.51.100.1", "documentation"},
	{"203.0.113.1", "documentation"},
	{"224.0.0.1", "multicast"},
	{"239.255.255.250", "multicast"},
	{"240.0.0.1", "reserved"},
	{"255.255.255.255", "broadcast"},
	{"::", "unspecified"},
	{"::1", "loopback"},
	{"::ffff:127.0.0.1", "loopback"},
	{"::ffff:10.0.0.1", "private"},
	{"::ffff:169.254.169.254", "metadata"},
	{"::127.0.0.1", "IPv4-compatible"},
	{"::ffff:0:7f00:1", "IPv4-translated"},
	{"64:ff9b::7f00:1", "loopback address (embedded in a NAT64"},
	{"64:ff9b::a9fe:a9fe", "metadata address (embedded in a NAT64"},
	{"64:ff9b::a00:1", "private address (RFC 1918) (embedded in a NAT64"},
	{"64:ff9b:1::1", "local-use NAT64"},
	{"2002:7f00:1::1", "loopback address (embedded in a 6to4"},
	{"2002:a9fe:a9fe::1", "metadata address (embedded in a 6to4"},
	{"2002:c0a8:101::", "private address (RFC 1918) (embedded in a 6to4"},
	{"2001::1", "Teredo"},
	{"2001:db8::1", "documentation"},
	{"3fff::1", "documentation"},
	{"100::1", "discard"},
	{"fc00::1", "unique local"},
	{"fd12:3456::1", "unique local"},
	{"fd00:ec2::254", "metadata"},
	{"fe80::1", "link-local"},
	{"febf::1", "link-local"},
	{"fec0::1", "site-local"},
	{"ff02::1", "multicast"},
	{"ff05::1:3", "multicast"},
	{"1::1", "not a global unicast"},
	{"4000::1", "not a global unicast"},
	{"e000::1", "not a global unicast"},
}

// allowedAddrs are public addresses, allowed by default.
var allowedAddrs = []string{
	"1.1.1.1",
	"8.8.8.8",
	"93.184.216.34",
	"100.63.255.255",  // just below CGNAT
	"100.128.0.0",     // just above CGNAT
	"172.15.255.255",  // just below 172.16/12
	"172.32.0.0",      // just above 172.16/12
	"169.253.255.255", // just below link-local
	"223.255.255.255", // just below multicast
	"::ffff:8.8.8.8",
	"2606:4700:4700::1111",
	"2a00:1450:4001:80b::200e",
	"64:ff9b::808:808",   // NAT64 of 8.8.8.8
	"2002:808:808::1",    // 6to4 of 8.8.8.8
	"2001:4860:4860::88", // Google DNS: 2001:4860::/32 is outside 2001::/23
}

func TestAddressClasses(t *testing.T) {
	var p Policy
	for _, tt := range deniedAddrs {
		a := netip.MustParseAddr(tt.addr)
		reason := p.addrDenial(a)
		if reason == "" {
			t.Errorf("%s allowed, want refused as %q", tt.addr, tt.reason)
			continue
		}
		if !strings.Contains(reason, tt.reason) {
			t.Errorf("%s refused as %q, want reason containing %q", tt.addr, reason, tt.reason)
		}
	}
	for _, s := range allowedAddrs {
		if reason := p.addrDenial(netip.MustParseAddr(s)); reason != "" {
			t.Errorf("%s refused as %q, want allowed", s, reason)
		}
	}
	if r := p.addrDenial(netip.MustParseAddr("fe80::1%eth0")); !strings.Contains(r, "scoped") {
		t.Errorf("fe80::1%%eth0: %q, want scoped refusal", r)
	}
	if r := p.addrDenial(netip.Addr{}); r == "" {
		t.Error("the zero Addr was allowed")
	}
}

func TestAllowPrivateGrants(t *testing.T) {
	pf := netip.MustParsePrefix
	tests := []struct {
		grants []netip.Prefix
		addr   string
		ok     bool
	}{
		{nil, "127.0.0.1", false},
		{[]netip.Prefix{loopback}, "127.0.0.1", true},
		{[]netip.Prefix{loopback}, "127.0.0.2", true},
		{[]netip.Prefix{loopback}, "::ffff:127.0.0.1", true},
		{[]netip.Prefix{loopback}, "64:ff9b::7f00:1", true},
		{[]netip.Prefix{loopback}, "::1", false},
		{[]netip.Prefix{loopback}, "10.0.0.1", false},
		{[]netip.Prefix{pf("::ffff:127.0.0.0/104")}, "127.0.0.1", true},
		{[]netip.Prefix{pf("127.0.0.1/32")}, "127.0.0.2", false},
		{[]netip.Prefix{pf("::1/128")}, "::1", true},
		{[]netip.Prefix{pf("10.0.0.0/8")}, "10.9.8.7", true},
		{[]netip.Prefix{pf("fd00::/8")}, "fd12::1", true},
		// Metadata addresses open only to a grant of the single address.
		{[]netip.Prefix{pf("169.254.0.0/16")}, "169.254.169.254", false},
		{[]netip.Prefix{pf("169.254.0.0/16")}, "169.254.1.1", true},
		{[]netip.Prefix{pf("0.0.0.0/0")}, "169.254.169.254", false},
		{[]netip.Prefix{pf("0.0.0.0/0")}, "100.100.100.200", false},
		{[]netip.Prefix{pf("fd00::/8")}, "fd00:ec2::254", false},
		{[]netip.Prefix{pf("169.254.169.254/32")}, "169.254.169.254", true},
		{[]netip.Prefix{pf("fd00:ec2::254/128")}, "fd00:ec2::254", true},
		{[]netip.Prefix{{}}, "127.0.0.1", false}, // invalid prefixes are ignored
	}
	for _, tt := range tests {
		p := mustPolicy(t, "*").AllowPrivate(tt.grants...)
		a := netip.MustParseAddr(tt.addr)
		reason := p.addrDenial(a)
		if (reason == "") != tt.ok {
			t.Errorf("grants %v, addr %s: denial %q, want allowed=%v", tt.grants, tt.addr, reason, tt.ok)
		}
	}
}

// TestDeniedHostSpellings checks every way of writing a refused destination in
// a host: IP literals in all forms, numeric IPv4 spellings that C resolvers
// accept, trailing dots, IDNA look-alikes, and names resolving to refused
// addresses. None may reach the connect step.
func TestDeniedHostSpellings(t *testing.T) {
	res := egresstest.NewResolver().
		Set("localhost", "127.0.0.1", "::1").
		Set("metadata.google.internal", "169.254.169.254").
		Set("127.0.0.1.nip.io", "127.0.0.1").
		Set("mapped.test", "::ffff:10.0.0.1").
		Set("nat64.test", "64:ff9b::a9fe:a9fe")
	hosts := []string{
		"127.0.0.1", "127.0.0.1.", "127.1", "0x7f000001", "0x7F000001", "2130706433", "017700000001",
		"0177.0.0.1", "0x7f.0.0.1", "0x7f.1", "127.000.000.001", "0.0.0.0", "0",
		"[::1]", "::1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::]",
		"[::127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[fe80::1%25eth0]", "[fe80::1%eth0]",
		"169.254.169.254", "[::ffff:a9fe:a9fe]", "[fd00:ec2::254]", "0xa9fea9fe", "2852039166",
		"localhost", "LOCALHOST.", "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ", "１２７.０.０.１", "127。0。0。1",
		"metadata.google.internal", "127.0.0.1.nip.io", "mapped.test", "nat64.test",
	}
	p := mustPolicy(t, "*:*")
	for _, h := range hosts {
		var rec dialRecorder
		d := rec.install(p.Dialer(res))
		conn, err := d.DialContext(context.Background(), "tcp", joinHost(h, "80"))
		if err == nil {
			conn.Close()
			t.Errorf("dial %q: connected, want refusal", h)
			continue
		}
		if !errors.Is(err, ErrDenied) {
			t.Errorf("dial %q: %v, want ErrDenied", h, err)
		}
		if got := rec.dialed(); len(got) != 0 {
			t.Errorf("dial %q: connect attempted to %v", h, got)
		}
		if err := p.CheckHost(strings.Trim(h, "[]"), 80); err == nil && !knows(res, h) {
			t.Errorf("CheckHost(%q) allowed a literal refused address", h)
		}
	}
}

// joinHost joins host and port, leaving already bracketed hosts alone.
func joinHost(h, port string) string {
	if strings.Contains(h, ":") && !strings.HasPrefix(h, "[") {
		h = "[" + h + "]"
	}
	return h + ":" + port
}

// knows reports whether r has answers for host, spelled as the policy would normalise it.
func knows(r *egresstest.Resolver, host string) bool {
	return r.Knows(strings.ToLower(strings.TrimSuffix(host, "."))) || host == "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ"
}
