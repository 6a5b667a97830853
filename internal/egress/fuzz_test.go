package egress

import (
	"bufio"
	"errors"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// FuzzParsePolicy: ParsePolicy never panics, and what it accepts renders to a
// canonical form that parses back to the same policy.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{
		"example.com", "*.example.com:*", "*", "a.com,b.com", "bücher.de", "[2001:db8::1]:443",
		"https://example.com/", "0x7f000001", "127.1", "ex*ample.com", "ｅｘａｍｐｌｅ．com", "[::1", "a..b",
		"xn--bcher-kva.de:8443", "::ffff:1.2.3.4", "*.com", "example.com.:80", "\x00", "\u202e.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePolicy([]string{s})
		if err != nil {
			if !strings.Contains(err.Error(), "allowlist entry") {
				t.Fatalf("error %v does not name the entry", err)
			}
			return
		}
		canon := p.String()
		q, err := ParsePolicy([]string{canon})
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, s, err)
		}
		if q.String() != canon {
			t.Fatalf("canonical form of %q not stable: %q then %q", s, canon, q.String())
		}
		for i, r := range p.rules {
			if r.kind != q.rules[i].kind || r.host != q.rules[i].host || r.ip != q.rules[i].ip ||
				r.port != q.rules[i].port || r.anyPort != q.rules[i].anyPort {
				t.Fatalf("rule %d of %q changed on re-parse: %+v vs %+v", i, s, r, q.rules[i])
			}
			if r.host != "" && checkName(r.host) != nil {
				t.Fatalf("accepted invalid name %q from %q", r.host, s)
			}
		}
	})
}

// FuzzCheckHost: host matching never panics, and whatever it allows is a
// valid canonical name or an address outside the refused ranges; a name
// allowed by an exact entry is that entry's name.
func FuzzCheckHost(f *testing.F) {
	for _, s := range []string{
		"example.com", "EXAMPLE.COM.", "www.example.com", "0x7f000001", "2130706433", "[::1]", "::ffff:127.0.0.1",
		"ⓔⓧⓐⓜⓟⓛⓔ.com", "１２７.０.０.１", "example.com.evil.com", "fe80::1%eth0", "a.example.com", "xn--e1afmkfd.com",
		"", ".", "..", "[", "%", "example。com",
	} {
		f.Add(s, uint16(443))
	}
	any := mustPolicy(f, "*:*")
	exact := mustPolicy(f, "example.com:*")
	sub := mustPolicy(f, "*.example.com:*")
	f.Fuzz(func(t *testing.T, host string, port uint16) {
		err := any.CheckHost(host, int(port))
		var de *DenyError
		if err != nil && (!errors.Is(err, ErrDenied) || !errors.As(err, &de) || de.Rule == "" || de.Reason == "") {
			t.Fatalf("CheckHost(%q) = %#v, want a *DenyError with a rule and a reason", host, err)
		}
		if err == nil {
			name, ip, cerr := canonicalHost(host)
			if cerr != nil {
				t.Fatalf("allowed %q but canonicalHost fails: %v", host, cerr)
			}
			if ip.IsValid() {
				if r := any.addrDenial(ip); r != "" {
					t.Fatalf("allowed %q, a refused address: %s", host, r)
				}
			} else if checkName(name) != nil || name != strings.ToLower(name) {
				t.Fatalf("allowed %q as invalid name %q", host, name)
			}
		}
		if exact.CheckHost(host, int(port)) == nil {
			if name, _, _ := canonicalHost(host); name != "example.com" {
				t.Fatalf("example.com entry allowed %q (canonical %q)", host, name)
			}
		}
		if sub.CheckHost(host, int(port)) == nil {
			if name, _, _ := canonicalHost(host); !strings.HasSuffix(name, ".example.com") {
				t.Fatalf("*.example.com entry allowed %q (canonical %q)", host, name)
			}
		}
	})
}

// FuzzAddrDenial: every address the standard library classifies as
// loopback, private, link-local, multicast or unspecified is refused by
// default, in every IPv6 spelling that carries it.
func FuzzAddrDenial(f *testing.F) {
	f.Add([]byte{127, 0, 0, 1})
	f.Add([]byte{169, 254, 169, 254})
	f.Add(netip.MustParseAddr("::ffff:10.0.0.1").AsSlice())
	f.Add(netip.MustParseAddr("fd00:ec2::254").AsSlice())
	f.Add(netip.MustParseAddr("2606:4700::1").AsSlice())
	var p Policy
	f.Fuzz(func(t *testing.T, b []byte) {
		a, ok := netip.AddrFromSlice(b)
		if !ok {
			return
		}
		reason := p.addrDenial(a)
		u := a.Unmap()
		special := u.IsLoopback() || u.IsPrivate() || u.IsLinkLocalUnicast() || u.IsLinkLocalMulticast() ||
			u.IsMulticast() || u.IsInterfaceLocalMulticast() || u.IsUnspecified() || !u.IsGlobalUnicast()
		if special && reason == "" {
			t.Fatalf("%s allowed, but it is not a public unicast address", a)
		}
		if u.Is4() {
			// The same IPv4 address inside NAT64, 6to4 and mapped forms gets
			// the same verdict.
			v4 := u.As4()
			nat64 := netip.AddrFrom16([16]byte{0, 0x64, 0xff, 0x9b, 12: v4[0], 13: v4[1], 14: v4[2], 15: v4[3]})
			six2four := netip.AddrFrom16([16]byte{0x20, 0x02, v4[0], v4[1], v4[2], v4[3], 15: 1})
			mapped := netip.AddrFrom16([16]byte{10: 0xff, 11: 0xff, 12: v4[0], 13: v4[1], 14: v4[2], 15: v4[3]})
			for _, alt := range []netip.Addr{nat64, six2four, mapped} {
				if (p.addrDenial(alt) == "") != (reason == "") {
					t.Fatalf("%s and %s get different verdicts: %q vs %q", a, alt, reason, p.addrDenial(alt))
				}
			}
		}
	})
}

// FuzzParseGrants: grant parsing never panics and yields masked prefixes.
func FuzzParseGrants(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "::1", "[fd00::/8]", "10.0.0.1/8", "a,b", "fe80::1%x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pfs, err := ParseGrants([]string{s})
		if err != nil {
			return
		}
		for _, pf := range pfs {
			if !pf.IsValid() || pf.Masked() != pf {
				t.Fatalf("ParseGrants(%q) gave %v", s, pf)
			}
		}
	})
}

// FuzzProxyRequest: whatever request the sandbox sends, a proxy whose policy
// allows only names that do not resolve never forwards it, never panics,
// and answers with a refusal.
func FuzzProxyRequest(f *testing.F) {
	for _, s := range []string{
		"GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n",
		"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"GET http://0x7f000001/ HTTP/1.1\r\nHost: x\r\n\r\n",
		"CONNECT [::ffff:127.0.0.1]:80 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET http://allowed.test/ HTTP/1.1\r\nVia: 1.1 x\r\nAuthorization: Bearer k\r\n\r\n",
		"POST ftp://allowed.test/ HTTP/1.0\r\n\r\n",
	} {
		f.Add(s)
	}
	res := egresstest.NewResolver() // knows no names: nothing can be reached
	px := NewProxy(mustPolicy(f, "allowed.test:*", "*.allowed.test"), ProxyOptions{
		Resolver: res, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	f.Fuzz(func(t *testing.T, raw string) {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		px.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusBadRequest, http.StatusForbidden, http.StatusLoopDetected, http.StatusBadGateway:
		default:
			t.Fatalf("request %q answered %d, want a refusal", raw, rec.Code)
		}
		if rec.Header().Get("X-Paddock-Egress") == "" {
			t.Fatalf("request %q: answer not marked as the proxy's own", raw)
		}
	})
}
