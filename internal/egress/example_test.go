package egress_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/paddock-dev/paddock/internal/egress"
)

func ExampleParsePolicy() {
	p, err := egress.ParsePolicy([]string{"Example.com", "*.github.com,api.openai.com:443"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	fmt.Println(p.CheckHost("example.com", 443))
	fmt.Println(p.CheckHost("raw.github.com", 443))
	fmt.Println(p.CheckHost("evil.test", 443))
	fmt.Println(p.CheckHost("example.com", 22))

	_, err = egress.ParsePolicy([]string{"https://example.com/docs"})
	fmt.Println(err)
	// Output:
	// example.com,*.github.com,api.openai.com:443
	// <nil>
	// <nil>
	// egress denied: evil.test:443: not in the allowlist (to allow it, add --allow-net evil.test)
	// egress denied: example.com:22: not in the allowlist (to allow it, add --allow-net example.com:22)
	// egress: allowlist entry "https://example.com/docs": a URL was given where a host is expected: use "example.com"
}

func ExamplePolicy_AllowPrivate() {
	p, _ := egress.ParsePolicy([]string{"*"})
	err := p.CheckHost("10.0.0.7", 80)
	fmt.Println(errors.Is(err, egress.ErrDenied), err)

	p = p.AllowPrivate(netip.MustParsePrefix("10.0.0.0/24"))
	fmt.Println(p.CheckHost("10.0.0.7", 80))
	// Output:
	// true egress denied: 10.0.0.7:80: address is a private address (RFC 1918) (such addresses are refused unless granted explicitly, e.g. --allow-private 10.0.0.7/32)
	// <nil>
}

// ExampleNewProxy serves the egress proxy the way the sandbox does: on a
// listener only the sandboxed process can reach, with its decisions logged
// under the run's identity.
func ExampleNewProxy() {
	allow, err := egress.ParsePolicy([]string{"pypi.org,files.pythonhosted.org"})
	if err != nil {
		fmt.Println(err)
		return
	}
	px := egress.NewProxy(allow, egress.ProxyOptions{
		Logger: slog.Default().With("tenant", "t1", "run", "r42"),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	go px.Serve(ln) // the sandbox sets HTTP_PROXY and HTTPS_PROXY to this address
	defer px.Close()
}

// ExampleNewClient is how the web tools fetch a page.
func ExampleNewClient() {
	allow, _ := egress.ParsePolicy([]string{"example.com"})
	client := egress.NewClient(allow, egress.ClientOptions{MaxBytes: 2 << 20, Timeout: 20 * time.Second})
	_, err := client.Get("http://169.254.169.254/latest/meta-data/")
	fmt.Println(errors.Is(err, egress.ErrDenied))
	// Output: true
}
