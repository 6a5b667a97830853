package egress

import (
	"fmt"
	"net/netip"
)

// addrRange is a block of addresses refused by default, with the reason shown
// to the user.
type addrRange struct {
	prefix netip.Prefix
	name   string
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

// metadataAddrs are cloud instance metadata endpoints. They sit inside ranges
// that are refused anyway; they are listed so that only a grant of the single
// address opens them, never a broad grant of the range around them.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean, ...
	netip.MustParseAddr("169.254.170.2"),   // AWS ECS task metadata and credentials
	netip.MustParseAddr("169.254.169.123"), // AWS time sync
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	netip.MustParseAddr("192.0.0.192"),     // Oracle Cloud (legacy)
	netip.MustParseAddr("fd00:ec2::254"),   // AWS IMDS over IPv6
	netip.MustParseAddr("fd00:ec2::23"),    // AWS ECS/Time over IPv6
}

// deniedV4 lists the IPv4 blocks that are not publicly routable unicast
// (IANA special-purpose registry), each refused unless granted.
var deniedV4 = []addrRange{
	{mustPrefix("0.0.0.0/8"), "an unspecified (\"this network\") address"},
	{mustPrefix("10.0.0.0/8"), "a private address (RFC 1918)"},
	{mustPrefix("100.64.0.0/10"), "a carrier-grade NAT address (RFC 6598)"},
	{mustPrefix("127.0.0.0/8"), "a loopback address"},
	{mustPrefix("169.254.0.0/16"), "a link-local address"},
	{mustPrefix("172.16.0.0/12"), "a private address (RFC 1918)"},
	{mustPrefix("192.0.0.0/24"), "an IETF protocol assignment address"},
	{mustPrefix("192.0.2.0/24"), "a documentation address (TEST-NET-1)"},
	{mustPrefix("192.88.99.0/24"), "a 6to4 relay anycast address"},
	{mustPrefix("192.168.0.0/16"), "a private address (RFC 1918)"},
	{mustPrefix("198.18.0.0/15"), "a benchmarking address"},
	{mustPrefix("198.51.100.0/24"), "a documentation address (TEST-NET-2)"},
	{mustPrefix("203.0.113.0/24"), "a documentation address (TEST-NET-3)"},
	{mustPrefix("224.0.0.0/4"), "a multicast address"},
	{mustPrefix("240.0.0.0/4"), "a reserved or broadcast address"},
}

// deniedV6 names the IPv6 blocks refused by default. Beyond these, everything
// outside global unicast 2000::/3 is refused too (see v6Reason).
var deniedV6 = []addrRange{
	{mustPrefix("::/128"), "an unspecified address"},
	{mustPrefix("::1/128"), "a loopback address"},
	{mustPrefix("::/96"), "an IPv4-compatible IPv6 address (deprecated)"},
	{mustPrefix("::ffff:0:0:0/96"), "an IPv4-translated IPv6 address"},
	{mustPrefix("64:ff9b:1::/48"), "a local-use NAT64 address"},
	{mustPrefix("100::/64"), "a discard-only address"},
	{mustPrefix("2001::/23"), "an IETF special-purpose address (Teredo, benchmarking, ORCHID)"},
	{mustPrefix("2001:db8::/32"), "a documentation address"},
	{mustPrefix("3fff::/20"), "a documentation address"},
	{mustPrefix("5f00::/16"), "a segment-routing address"},
	{mustPrefix("fc00::/7"), "a unique local address (ULA)"},
	{mustPrefix("fe80::/10"), "a link-local address"},
	{mustPrefix("fec0::/10"), "a site-local address (deprecated)"},
	{mustPrefix("ff00::/8"), "a multicast address"},
}

var (
	globalUnicast6 = mustPrefix("2000::/3")
	nat64WellKnown = mustPrefix("64:ff9b::/96")
	sixToFour      = mustPrefix("2002::/16")
)

func isMetadata(a netip.Addr) bool {
	for _, m := range metadataAddrs {
		if a == m {
			return true
		}
	}
	return false
}

// v4Reason returns why a (an IPv4 address) is refused by default, or "".
func v4Reason(a netip.Addr) string {
	if isMetadata(a) {
		return "a cloud metadata address"
	}
	for _, r := range deniedV4 {
		if r.prefix.Contains(a) {
			return r.name
		}
	}
	return ""
}

// v6Reason returns why a (an IPv6 address, not IPv4-mapped) is refused by
// default, or "".
func v6Reason(a netip.Addr) string {
	if isMetadata(a) {
		return "a cloud metadata address"
	}
	for _, r := range deniedV6 {
		if r.prefix.Contains(a) {
			return r.name
		}
	}
	if !globalUnicast6.Contains(a) && !nat64WellKnown.Contains(a) {
		return "not a global unicast address"
	}
	return ""
}

// embeddedV4 returns the IPv4 address carried inside a NAT64 (64:ff9b::/96)
// or 6to4 (2002::/16) address, which reaches that IPv4 host through a
// translator or relay.
func embeddedV4(a netip.Addr) (netip.Addr, string, bool) {
	b := a.As16()
	switch {
	case nat64WellKnown.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), "NAT64", true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), "6to4", true
	}
	return netip.Addr{}, "", false
}

// addrDenial returns why the policy refuses a connection to a, or "" if it is
// allowed. Grants from AllowPrivate open refused ranges; metadata addresses
// open only to a grant of exactly that address.
func (p Policy) addrDenial(a netip.Addr) string {
	if !a.IsValid() {
		return "an invalid address"
	}
	if a.Zone() != "" {
		return "a scoped IPv6 address"
	}
	a = a.Unmap() // ::ffff:a.b.c.d is a.b.c.d on a dual-stack socket
	if a.Is4() {
		if r := v4Reason(a); r != "" && !p.granted(a) {
			return r
		}
		return ""
	}
	if v4, kind, ok := embeddedV4(a); ok {
		if r := v4Reason(v4); r != "" && !p.granted(a) && !p.granted(v4) {
			return fmt.Sprintf("%s (embedded in a %s address)", r, kind)
		}
	}
	if r := v6Reason(a); r != "" && !p.granted(a) {
		return r
	}
	return ""
}

// granted reports whether an AllowPrivate grant covers a.
func (p Policy) granted(a netip.Addr) bool {
	meta := isMetadata(a)
	for _, g := range p.grants {
		if meta && (g.Bits() != a.BitLen() || g.Addr() != a) {
			continue
		}
		if g.Contains(a) {
			return true
		}
	}
	return false
}
