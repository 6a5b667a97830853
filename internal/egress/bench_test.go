package egress

import (
	"context"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
	"net"
	"net/netip"
	"testing"
)

// benchPolicy is an allowlist of realistic size.
func benchPolicy(b *testing.B) Policy {
	return mustPolicy(b,
		"api.openai.com", "api.anthropic.com", "*.githubusercontent.com", "github.com", "pypi.org",
		"files.pythonhosted.org", "*.npmjs.org", "registry.npmjs.org", "proxy.golang.org", "sum.golang.org",
		"*.wikipedia.org", "docs.python.org", "example.com:8443", "crates.io", "static.crates.io",
		"*.docker.io", "bücher.de", "203.0.113.7", "[2606:4700::1111]", "huggingface.co",
	)
}

// BenchmarkCheckHost measures the allowlist decision for a name.
func BenchmarkCheckHost(b *testing.B) {
	p := benchPolicy(b)
	for _, h := range []string{"raw.githubusercontent.com", "evil.example.net", "ＢÜＣＨＥＲ.de"} {
		b.Run(h, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.CheckHost(h, 443)
			}
		})
	}
}

// BenchmarkAddrDenial measures the address check for one resolved answer.
func BenchmarkAddrDenial(b *testing.B) {
	p := benchPolicy(b).AllowPrivate(loopback)
	for _, s := range []string{"93.184.216.34", "169.254.169.254", "2606:4700::1111", "64:ff9b::a9fe:a9fe"} {
		a := netip.MustParseAddr(s)
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.addrDenial(a)
			}
		})
	}
}

// BenchmarkDialCheck measures the whole check path of a dial (allowlist,
// resolve through an in-memory resolver, address checks), without the
// network connect.
func BenchmarkDialCheck(b *testing.B) {
	res := egresstest.NewResolver().Set("raw.githubusercontent.com", "185.199.108.133", "185.199.109.133", "2606:50c0:8000::154")
	var rec dialRecorder
	d := rec.install(benchPolicy(b).Dialer(res))
	d.dial = func(context.Context, string, string) (net.Conn, error) { return nil, nil }
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.DialContext(ctx, "tcp", "raw.githubusercontent.com:443"); err != nil {
			b.Fatal(err)
		}
	}
}
